use newsdesk_store::StoreError;

/// Why the crawler could not go on (a single source or URL failing is not
/// an error: it is recorded in the store and reported as an event).
#[derive(Debug, thiserror::Error)]
pub enum CrawlError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Fetch(#[from] newsdesk_fetch::FetchError),
    #[error("invalid crawl configuration: {0}")]
    Config(String),
    #[error("starting the fetch runtime: {0}")]
    Runtime(String),
}

pub type Result<T, E = CrawlError> = std::result::Result<T, E>;
