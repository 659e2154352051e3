//! Conditional GET with ETag and Last-Modified; User-Agent.

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use newsdesk_fetch::{FetchConfig, Fetched, Validators};

use crate::server::{config, fetcher, serve};

const ETAG: &str = "\"v1\"";
const LAST_MODIFIED: &str = "Wed, 21 Oct 2015 07:28:00 GMT";

async fn etag(headers: HeaderMap) -> impl IntoResponse {
    if headers.get(header::IF_NONE_MATCH).is_some_and(|v| v == ETAG) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    ([(header::ETAG, ETAG)], "versioned").into_response()
}

async fn dated(headers: HeaderMap) -> impl IntoResponse {
    if headers.get(header::IF_MODIFIED_SINCE).is_some_and(|v| v == LAST_MODIFIED) {
        return StatusCode::NOT_MODIFIED.into_response();
    }
    ([(header::LAST_MODIFIED, LAST_MODIFIED)], "dated").into_response()
}

fn app() -> Router {
    Router::new()
        .route("/etag", get(etag))
        .route("/dated", get(dated))
        .route("/moved", get(|| async { (StatusCode::MOVED_PERMANENTLY, [(header::LOCATION, "/etag")]) }))
}

#[tokio::test]
async fn etag_round_trip() {
    let server = serve(app()).await;
    let fetcher = fetcher(FetchConfig { respect_robots: false, ..config() });
    let Fetched::Body(page) = fetcher.fetch(&server.url("/etag"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.validators, Validators { etag: Some(ETAG.into()), last_modified: None });
    let again = fetcher.fetch(&server.url("/etag"), &page.validators).await.unwrap();
    assert!(matches!(again, Fetched::NotModified { ref final_url } if final_url.path() == "/etag"), "{again:?}");
    // validators travel along redirects
    let moved = fetcher.fetch(&server.url("/moved"), &page.validators).await.unwrap();
    assert!(matches!(moved, Fetched::NotModified { ref final_url } if final_url.path() == "/etag"), "{moved:?}");
    assert_eq!(fetcher.stats().not_modified, 2);
}

#[tokio::test]
async fn last_modified_round_trip_and_user_agent() {
    let server = serve(app()).await;
    let fetcher = fetcher(FetchConfig { user_agent: "testbot/9 (+mailto:t@example.org)".into(), ..config() });
    let Fetched::Body(page) = fetcher.fetch(&server.url("/dated"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.validators.last_modified.as_deref(), Some(LAST_MODIFIED));
    let again = fetcher.fetch(&server.url("/dated"), &page.validators).await.unwrap();
    assert!(matches!(again, Fetched::NotModified { .. }));
    for hit in server.all_hits() {
        assert_eq!(hit.headers.get(header::USER_AGENT).unwrap(), "testbot/9 (+mailto:t@example.org)", "{}", hit.path);
    }
    let default_ua = newsdesk_fetch::default_user_agent();
    assert!(default_ua.starts_with("newsdesk/") && default_ua.contains("(+"), "{default_ua}");
}
