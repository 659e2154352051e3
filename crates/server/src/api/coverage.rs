//! `GET /api/v1/coverage`: matching articles per day, outlet or country.

use axum::Router;

use crate::ServerState;

pub(crate) fn routes() -> Router<ServerState> {
    Router::new()
}
