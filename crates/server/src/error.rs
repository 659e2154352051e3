//! Errors: typed for the library, and as the JSON body every failed API
//! request gets: `{"error": {"code", "message"}}`.

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use newsdesk_index::IndexError;
use newsdesk_store::StoreError;

/// What can go wrong opening or answering.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    /// The request is malformed: a bad parameter, a bad query, too large.
    #[error("{message}")]
    BadRequest { code: &'static str, message: String },
    /// No such article, story or page.
    #[error("{0}")]
    NotFound(String),
    /// No or a wrong bearer token.
    #[error("{0}")]
    Unauthorized(String),
    /// The action is switched off by configuration.
    #[error("{0}")]
    Forbidden(String),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error(transparent)]
    Index(IndexError),
    #[error(transparent)]
    Coverage(#[from] newsdesk_coverage::CoverageError),
    #[error("{0}")]
    Internal(String),
}

/// `Result` with a [`ServerError`].
pub type Result<T, E = ServerError> = std::result::Result<T, E>;

impl From<IndexError> for ServerError {
    fn from(e: IndexError) -> Self {
        match e {
            IndexError::Query { query, message } => {
                ServerError::BadRequest { code: "bad_query", message: format!("invalid query {query:?}: {message}") }
            }
            IndexError::UnknownId(id) => ServerError::NotFound(format!("no indexed article with id {id:?}")),
            other => ServerError::Index(other),
        }
    }
}

impl ServerError {
    pub(crate) fn bad(code: &'static str, message: impl Into<String>) -> ServerError {
        ServerError::BadRequest { code, message: message.into() }
    }

    /// HTTP status and the stable error code clients can match on.
    pub fn status_and_code(&self) -> (StatusCode, &'static str) {
        match self {
            ServerError::BadRequest { code, .. } => (StatusCode::BAD_REQUEST, code),
            ServerError::NotFound(_) => (StatusCode::NOT_FOUND, "not_found"),
            ServerError::Unauthorized(_) => (StatusCode::UNAUTHORIZED, "unauthorized"),
            ServerError::Forbidden(_) => (StatusCode::FORBIDDEN, "forbidden"),
            ServerError::Store(_) => (StatusCode::INTERNAL_SERVER_ERROR, "store"),
            ServerError::Index(_) => (StatusCode::INTERNAL_SERVER_ERROR, "index"),
            ServerError::Coverage(_) => (StatusCode::INTERNAL_SERVER_ERROR, "coverage"),
            ServerError::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "internal"),
        }
    }
}

/// The JSON error response of the API.
impl IntoResponse for ServerError {
    fn into_response(self) -> Response {
        let (status, code) = self.status_and_code();
        let mut response =
            (status, Json(serde_json::json!({ "error": { "code": code, "message": self.to_string() } })))
                .into_response();
        if status == StatusCode::UNAUTHORIZED {
            response.headers_mut().insert("www-authenticate", axum::http::HeaderValue::from_static("Bearer"));
        }
        response
    }
}
