use chrono::{DateTime, Utc};
use newsdesk_model::InputRecord;

/// One page or record read from an input, not yet extracted.
#[derive(Debug)]
pub enum Input {
    /// Raw HTML.
    Page(Page),
    /// A JSONL record (with `html` to extract or `text` already extracted).
    Record { origin: String, record: Box<InputRecord> },
    /// Something read and deliberately passed over (a WARC request record, an
    /// image, a 404 response), with the reason.
    Skipped { origin: String, reason: String },
}

impl Input {
    /// Where it came from: a path, `path:LINE` for JSONL, `path#N` for WARC.
    pub fn origin(&self) -> &str {
        match self {
            Input::Page(p) => &p.origin,
            Input::Record { origin, .. } | Input::Skipped { origin, .. } => origin,
        }
    }
}

/// Raw HTML with what is known about where it came from.
#[derive(Debug, Clone, Default)]
pub struct Page {
    pub origin: String,
    pub bytes: Vec<u8>,
    pub url: Option<String>,
    pub content_type: Option<String>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// What the page's source (a crawled feed or site) says of its articles,
    /// used where the page itself does not say.
    pub source_hints: SourceHints,
}

/// An outlet's name, country and language as the user gave them for a
/// source: pages rarely name their country, and a source's own settings are
/// better than a guess.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SourceHints {
    pub site_name: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
}

/// An input that could not be used, named so the user can find it.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{origin}: {message}")]
pub struct InputError {
    pub origin: String,
    pub message: String,
}

impl InputError {
    pub fn new(origin: impl Into<String>, message: impl std::fmt::Display) -> Self {
        InputError { origin: origin.into(), message: message.to_string() }
    }
}
