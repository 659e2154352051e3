use thiserror::Error;

/// Why a document could not be parsed at all. Problems with single entries
/// (a bad URL, a bad date) never end up here: those entries are dropped or
/// their field is left empty.
#[derive(Debug, Error)]
pub enum SourceError {
    /// The body starts like gzip but does not decompress.
    #[error("bad gzip data: {0}")]
    Gzip(String),
    /// The decompressed body would exceed the cap (a gzip bomb, or just too big).
    #[error("document larger than {limit} bytes once decompressed")]
    TooLarge { limit: u64 },
    /// `feed-rs` rejected the body (not RSS, Atom or JSON Feed, or malformed).
    #[error("not a readable feed: {0}")]
    Feed(String),
    /// The XML is malformed before anything useful could be read.
    #[error("malformed XML at byte {position}: {message}")]
    Xml { position: u64, message: String },
    /// Well-formed, but the root element is not `urlset` or `sitemapindex`.
    #[error("not a sitemap (root element `{0}`)")]
    NotASitemap(String),
}

/// Result with [`SourceError`] by default.
pub type Result<T, E = SourceError> = std::result::Result<T, E>;
