//! The JSON API, `/api/v1/...`. Every handler checks read or write access
//! first, answers JSON, and fails with `{"error": {"code", "message"}}`.

mod articles;
pub(crate) mod coverage;

use axum::routing::get;
use axum::Router;

use crate::ServerState;

pub(crate) fn routes() -> Router<ServerState> {
    Router::new().route("/articles/{id}", get(articles::get_article)).route("/search", get(articles::search))
}
