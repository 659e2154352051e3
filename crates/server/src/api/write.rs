//! The write endpoints: `POST /api/v1/ingest` and `POST /api/v1/sources`.
//! Both need the configured bearer token.

use axum::extract::{DefaultBodyLimit, State};
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;
use axum::{Json, Router};
use newsdesk_store::{FoundUrl, NewSource};
use serde::Deserialize;
use serde_json::{json, Value};

use crate::security::{check_write, safe_link};
use crate::{Result, ServerError, ServerState, SubmittedPage};

/// Largest request body: a page of HTML as the fetcher would accept it.
const MAX_BODY: usize = 10 * 1024 * 1024;

pub(crate) fn routes() -> Router<ServerState> {
    Router::new()
        .route("/ingest", post(ingest))
        .route("/sources", post(add_source))
        .layer(DefaultBodyLimit::max(MAX_BODY))
}

/// `POST /ingest` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct IngestRequest {
    /// The page's address: fetched later by the watcher when no `html` is
    /// given; otherwise where `html` came from.
    url: Option<String>,
    html: Option<String>,
    /// The outlet's name, country and language where the page does not say.
    source: Option<String>,
    country: Option<String>,
    language: Option<String>,
}

/// Parses a JSON body, turning axum's rejection into our error shape.
fn body<T: serde::de::DeserializeOwned>(bytes: &[u8]) -> Result<T> {
    serde_json::from_slice(bytes).map_err(|e| ServerError::bad("bad_body", format!("request body: {e}")))
}

fn http_url(url: &str) -> Result<String> {
    safe_link(url)
        .map(str::to_string)
        .ok_or_else(|| ServerError::bad("bad_url", format!("{url:?} is not an absolute http(s) URL")))
}

async fn ingest(
    State(state): State<ServerState>,
    headers: HeaderMap,
    bytes: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>)> {
    check_write(state.config(), &headers)?;
    let req: IngestRequest = body(&bytes)?;
    let url = req.url.as_deref().map(http_url).transpose()?;
    match req.html {
        Some(html) => {
            let Some(ingest) = state.ingest() else {
                return Err(ServerError::Forbidden("this server does not ingest pages (no writer configured)".into()));
            };
            let page = SubmittedPage { html, url, source: req.source, country: req.country, language: req.language };
            let receipt = tokio::task::spawn_blocking(move || ingest.ingest(page))
                .await
                .map_err(|e| ServerError::Internal(format!("ingest task failed: {e}")))??;
            // Searchable when the answer goes out, not when the file
            // watcher notices the commit.
            if let Some(index) = state.index() {
                index.refresh()?;
            }
            let status = if receipt.status == "new" { StatusCode::CREATED } else { StatusCode::OK };
            Ok((status, Json(serde_json::to_value(receipt).map_err(|e| ServerError::Internal(e.to_string()))?)))
        }
        None => {
            let Some(url) = url else {
                return Err(ServerError::bad("bad_body", "give `html` (the page) or `url` (to fetch), or both"));
            };
            let queued = url.clone();
            let added = state
                .write(move |store| {
                    Ok(store.enqueue(&[FoundUrl { url: queued, source: None, published: None }], chrono::Utc::now())?)
                })
                .await?;
            if added > 0 {
                if let Some(ingest) = state.ingest() {
                    ingest.queued();
                }
            }
            let state = if added > 0 { "queued" } else { "known" };
            Ok((StatusCode::ACCEPTED, Json(json!({ "url": url, "state": state }))))
        }
    }
}

/// `POST /sources` body.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct SourceRequest {
    url: String,
    name: Option<String>,
    country: Option<String>,
    language: Option<String>,
}

async fn add_source(
    State(state): State<ServerState>,
    headers: HeaderMap,
    bytes: axum::body::Bytes,
) -> Result<(StatusCode, Json<Value>)> {
    check_write(state.config(), &headers)?;
    let req: SourceRequest = body(&bytes)?;
    let source = NewSource { url: http_url(&req.url)?, name: req.name, country: req.country, language: req.language };
    let url = source.url.clone();
    let (id, new) = state.write(move |store| Ok(store.add_source(&source)?)).await?;
    let status = if new { StatusCode::CREATED } else { StatusCode::OK };
    Ok((status, Json(json!({ "id": id, "url": url, "new": new }))))
}
