//! Articles exactly as a backend holds them, for moving a store from one
//! backend to another (`newsdesk migrate`): every version, the raw pages as
//! stored (compressed by [`crate::compress_page`]), and the bookkeeping
//! times, which [`crate::Store::put_batch`] would set anew.

use chrono::{DateTime, Utc};

/// A raw page as stored: raw deflate, and its size before.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPage {
    pub deflated: Vec<u8>,
    pub size: i64,
}

/// One article with its history.
#[derive(Debug, Clone, PartialEq)]
pub struct ArticleDump {
    pub id: String,
    /// The current version, as serialised by the store.
    pub article_json: String,
    pub content_hash: Vec<u8>,
    /// The current version's number (1 for the first).
    pub version: u32,
    pub first_seen: DateTime<Utc>,
    pub last_changed: DateTime<Utc>,
    pub fetched_at: Option<DateTime<Utc>>,
    pub raw_html: Option<StoredPage>,
    /// Earlier versions, oldest first.
    pub history: Vec<VersionDump>,
}

/// An earlier version of an article.
#[derive(Debug, Clone, PartialEq)]
pub struct VersionDump {
    pub version: u32,
    pub article_json: String,
    pub content_hash: Vec<u8>,
    pub fetched_at: Option<DateTime<Utc>>,
    /// When it became current, and when the next one replaced it.
    pub stored_at: DateTime<Utc>,
    pub replaced_at: DateTime<Utc>,
    pub raw_html: Option<StoredPage>,
}
