use std::path::PathBuf;

use newsdesk_embed::EmbedError;
use newsdesk_store::StoreError;

/// What can go wrong keeping or querying article vectors.
#[derive(Debug, thiserror::Error)]
pub enum SemanticError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Embed(#[from] EmbedError),
    #[error(transparent)]
    Index(#[from] newsdesk_index::IndexError),
    /// A file under the vectors directory could not be read or written.
    #[error("{path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// A saved HNSW graph or its manifest that cannot be used (rebuilt on open).
    #[error("vector index {path}: {message}")]
    Snapshot { path: PathBuf, message: String },
    /// Vectors of different lengths in one set.
    #[error("vector {id} has {found} values, expected {expected}")]
    Dimension { id: String, expected: usize, found: usize },
}

/// Result with [`SemanticError`].
pub type Result<T, E = SemanticError> = std::result::Result<T, E>;
