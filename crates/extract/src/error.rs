/// Why a page yielded no article.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExtractError {
    #[error("empty input")]
    Empty,
    #[error("not HTML: input looks like binary data")]
    Binary,
    #[error("no article found: {0}")]
    NoArticle(&'static str),
}

pub type Result<T, E = ExtractError> = std::result::Result<T, E>;
