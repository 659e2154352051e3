//! Refused URLs and redirects.

use axum::extract::Path;
use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use newsdesk_fetch::{FetchConfig, FetchError, Fetched, Fetcher, Validators};

use crate::server::{config, fetcher, serve};

async fn hop(Path(n): Path<u32>) -> impl IntoResponse {
    let next = if n == 0 { "/ok".to_string() } else { format!("/hop/{}", n - 1) };
    (StatusCode::FOUND, [(header::LOCATION, next)], "")
}

fn app() -> Router {
    Router::new().route("/ok", get(|| async { "fine" })).route("/hop/{n}", get(hop))
}

#[tokio::test]
async fn private_and_odd_urls_are_refused_before_any_request() {
    let server = serve(app()).await;
    let port = server.addr.port();
    let fetcher = Fetcher::new(FetchConfig { host_delay_secs: 0.0, ..FetchConfig::default() }).unwrap();
    let private = [
        format!("http://127.0.0.1:{port}/ok"),
        format!("http://localhost:{port}/ok"),
        format!("http://[::1]:{port}/ok"),
        format!("http://[::ffff:127.0.0.1]:{port}/ok"),
        "http://10.1.2.3/".to_string(),
        "http://169.254.169.254/latest/meta-data/".to_string(),
        "http://192.168.0.1/".to_string(),
        "http://[fd00::1]/".to_string(),
    ];
    for url in &private {
        let err = fetcher.fetch(url, &Validators::default()).await.unwrap_err();
        assert_eq!(err.kind(), "private_address", "{url}: {err}");
        assert!(!err.is_retryable());
        assert!(err.to_string().contains("refused"), "{err}");
    }
    for url in ["file:///etc/passwd", "ftp://example.com/x", "https://user:pw@example.com/", "not a url", "http://"] {
        let err = fetcher.fetch(url, &Validators::default()).await.unwrap_err();
        assert_eq!(err.kind(), "bad_url", "{url}: {err}");
    }
    assert!(server.all_hits().is_empty(), "the server saw a request");
    let stats = fetcher.stats();
    assert_eq!(stats.requests, 0);
    assert_eq!(stats.refused, private.len() as u64 + 5);
}

#[tokio::test]
async fn redirects_are_followed_up_to_the_limit() {
    let server = serve(app()).await;
    let fetcher = fetcher(FetchConfig { max_redirects: 3, ..config() });
    let Fetched::Body(page) = fetcher.fetch(&server.url("/hop/2"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.body, b"fine");
    assert_eq!(page.url.path(), "/hop/2");
    assert_eq!(page.final_url.path(), "/ok");
    assert_eq!(page.attempts, 4, "three redirects and the page");

    let err = fetcher.fetch(&server.url("/hop/5"), &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::Redirects { limit: 3, .. }), "{err}");
    assert_eq!(err.kind(), "redirects");
    assert!(err.to_string().contains("/hop/5"), "{err}");
    // the original request and three redirects followed; the fourth is not
    assert_eq!(server.hits("/hop/1").len(), 1);
    assert_eq!(server.hits("/hop/2").len(), 2);
}

/// The case end to end: a page on an allowed host redirects to a
/// private address (another port of loopback, the cloud metadata address);
/// the hop is refused and never requested, while the allowed host works.
#[tokio::test]
async fn a_redirect_to_a_private_address_is_refused() {
    let other = serve(Router::new().route("/secret", get(|| async { "internal" }))).await;
    let to_other = format!("http://127.0.0.1:{}/secret", other.addr.port());
    let app = app()
        .route("/to-other", get(move || async move { (StatusCode::FOUND, [(header::LOCATION, to_other)], "") }))
        .route(
            "/to-metadata",
            get(|| async { (StatusCode::FOUND, [(header::LOCATION, "http://169.254.169.254/latest/meta-data/")], "") }),
        );
    let server = serve(app).await;
    // Only the test server's own host:port is let through: not all of loopback.
    let allowed = format!("127.0.0.1:{}", server.addr.port());
    let fetcher = fetcher(FetchConfig { allow_private: false, private_hosts: vec![allowed], ..config() });
    let Fetched::Body(page) = fetcher.fetch(&server.url("/hop/1"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.body, b"fine", "redirects within the allowed host are followed");
    for path in ["/to-other", "/to-metadata"] {
        let err = fetcher.fetch(&server.url(path), &Validators::default()).await.unwrap_err();
        assert_eq!(err.kind(), "private_address", "{path}: {err}");
        assert_eq!(server.hits(path).len(), 1, "the allowed host answered the first hop");
    }
    assert!(other.all_hits().is_empty(), "the private redirect target was never requested");
}
