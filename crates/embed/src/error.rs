use std::path::PathBuf;

/// What can go wrong loading the model or embedding texts.
#[derive(Debug, thiserror::Error)]
pub enum EmbedError {
    /// A file of the sentence-transformers layout is not in the model directory.
    #[error("model file missing: {0} (expected model.safetensors, tokenizer.json and config.json)")]
    MissingFile(PathBuf),
    /// A file could not be read.
    #[error("reading {path}: {source}")]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// `config.json` is not a BERT configuration.
    #[error("bad model config {path}: {source}")]
    Config {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    /// The model does not have the shape this crate expects (all-MiniLM-L6-v2).
    #[error("bad model shape: {what} is {found}, expected {expected}")]
    Shape { what: &'static str, expected: usize, found: usize },
    /// `tokenizer.json` could not be loaded or a text could not be tokenized.
    #[error("tokenizer: {0}")]
    Tokenizer(String),
    /// The tensor runtime (candle) failed, e.g. a weight is missing or has the wrong shape.
    #[error("model: {0}")]
    Model(#[from] candle_core::Error),
}

/// Result with [`EmbedError`].
pub type Result<T, E = EmbedError> = std::result::Result<T, E>;
