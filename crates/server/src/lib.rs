//! newsdesk's HTTP server: one process serving the JSON API under `/api/v1`
//! and the server-rendered web UI (article, story, search, attention over
//! time, sources) from the embedded store and the search index.
//!
//! The server only reads: the index is opened with
//! [`ArticleIndex::open_reader`](newsdesk_index::ArticleIndex::open_reader),
//! so `newsdesk ingest` or `watch` can write the same data directory
//! meanwhile, and commits show up within a second. Everything that comes
//! from an article is escaped when rendered, only `http(s)` URLs become
//! links, and every response carries a Content-Security-Policy that allows
//! no inline script.
//!
//! ```no_run
//! use newsdesk_server::{router, ServerConfig, ServerState};
//!
//! # async fn run() -> Result<(), Box<dyn std::error::Error>> {
//! let state = ServerState::open(std::path::Path::new("demo-data"), ServerConfig::default())?;
//! let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
//! newsdesk_server::serve(listener, state).await?;
//! # Ok(()) }
//! ```

mod api;
mod attention;
mod config;
mod error;
mod params;
mod security;
mod state;
mod ui;
mod view;

pub use config::ServerConfig;
pub use error::{Result, ServerError};
pub use state::{IngestReceipt, PageIngest, ServedStore, ServerState, SimilarArticles, SubmittedPage};

use axum::Router;

/// Every route: the JSON API under `/api/v1`, the UI at `/`, and the
/// security headers on all of them.
pub fn router(state: ServerState) -> Router {
    use axum::middleware::{from_fn, from_fn_with_state};
    let reads = api::routes()
        .merge(api::coverage::routes())
        .route_layer(from_fn_with_state(state.clone(), security::api_read_access));
    let pages = ui::routes().route_layer(from_fn_with_state(state.clone(), security::page_read_access));
    Router::new()
        .nest("/api/v1", reads.merge(api::write::routes()))
        .merge(pages)
        .layer(from_fn(security::headers))
        .with_state(state)
}

/// Serves [`router`] on `listener` until the process ends (bind port 0 in
/// tests and read the port from the listener).
pub async fn serve(listener: tokio::net::TcpListener, state: ServerState) -> std::io::Result<()> {
    axum::serve(listener, router(state)).await
}
