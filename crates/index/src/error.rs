use serde::ser::SerializeStruct;
use serde::{Serialize, Serializer};

/// What can go wrong with the index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    /// A malformed query; `message` says what and where (1-based column).
    #[error("invalid query {query:?}: {message}")]
    Query { query: String, message: String },
    /// Another writer (probably another newsdesk process) holds the index.
    #[error("the search index at {path} is in use by another process: {message}")]
    Locked { path: String, message: String },
    /// The index on disk was built with a different schema (older or newer
    /// newsdesk): it has to be rebuilt from the store.
    #[error("the search index at {path} was built by another newsdesk version; rebuild it (reindex): {message}")]
    Incompatible { path: String, message: String },
    /// A write on an index opened with [`ArticleIndex::open_reader`](crate::ArticleIndex::open_reader).
    #[error("the search index at {0} was opened for reading only")]
    ReadOnly(String),
    /// `similar` was asked about an id that is not indexed.
    #[error("no indexed article with id {0:?}")]
    UnknownId(String),
    /// Creating the index directory failed.
    #[error("{path}: {source}")]
    Io { path: String, source: std::io::Error },
    /// A database that searches in place failed (unreachable, refused).
    #[error("search in {backend}: {message}")]
    Backend { backend: &'static str, message: String },
    /// Anything else tantivy reports (I/O, corruption).
    #[error("search index: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
}

pub type Result<T, E = IndexError> = std::result::Result<T, E>;

impl IndexError {
    fn kind(&self) -> &'static str {
        match self {
            IndexError::Query { .. } => "query",
            IndexError::Locked { .. } => "locked",
            IndexError::Incompatible { .. } => "incompatible",
            IndexError::ReadOnly(_) => "read_only",
            IndexError::UnknownId(_) => "unknown_id",
            IndexError::Io { .. } => "io",
            IndexError::Backend { .. } => "backend",
            IndexError::Tantivy(_) => "index",
        }
    }
}

/// `{"error": kind, "message": text}` (plus `query` for query errors), for
/// the CLI's JSON output.
impl Serialize for IndexError {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let query = match self {
            IndexError::Query { query, .. } => Some(query),
            _ => None,
        };
        let mut st = s.serialize_struct("IndexError", 2 + usize::from(query.is_some()))?;
        st.serialize_field("error", self.kind())?;
        st.serialize_field("message", &self.to_string())?;
        if let Some(q) = query {
            st.serialize_field("query", q)?;
        }
        st.end()
    }
}
