//! Retry-After, backoff, attempts, timeouts and status errors.

use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::Arc;
use std::time::Duration;

use axum::http::{header, StatusCode};
use axum::response::IntoResponse;
use axum::routing::get;
use axum::Router;
use newsdesk_fetch::{FetchConfig, FetchError, Fetched, Validators};

use crate::server::{config, fetcher, gap, serve};

fn quiet() -> FetchConfig {
    FetchConfig { respect_robots: false, ..config() }
}

#[tokio::test]
async fn retry_after_is_honoured() {
    let calls = Arc::new(AtomicU32::new(0));
    let router = Router::new().route(
        "/busy",
        get(move || {
            let calls = calls.clone();
            async move {
                if calls.fetch_add(1, Ordering::SeqCst) == 0 {
                    (StatusCode::TOO_MANY_REQUESTS, [(header::RETRY_AFTER, "1")], "slow down").into_response()
                } else {
                    "at last".into_response()
                }
            }
        }),
    );
    let server = serve(router).await;
    let fetcher = fetcher(quiet());
    let Fetched::Body(page) = fetcher.fetch(&server.url("/busy"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.body, b"at last");
    assert_eq!(page.attempts, 2);
    let hits = server.hits("/busy");
    assert_eq!(hits.len(), 2);
    assert!(gap(hits[0].end, hits[1].start) >= Duration::from_millis(990), "{:?}", gap(hits[0].end, hits[1].start));
    assert_eq!(fetcher.stats().retries, 1);
}

#[tokio::test]
async fn retry_after_beyond_the_cap_gives_up_at_once() {
    let router = Router::new()
        .route("/later", get(|| async { (StatusCode::SERVICE_UNAVAILABLE, [(header::RETRY_AFTER, "3600")], "") }));
    let server = serve(router).await;
    let fetcher = fetcher(FetchConfig { max_retry_after_secs: 10.0, ..quiet() });
    let err = fetcher.fetch(&server.url("/later"), &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::RetryLater { code: 503, .. }), "{err}");
    assert_eq!(err.kind(), "retry_later");
    assert!(err.is_retryable());
    assert!(err.to_string().contains("3600 s"), "{err}");
    assert_eq!(server.hits("/later").len(), 1);
}

#[tokio::test]
async fn persistent_503_fails_after_max_attempts() {
    let router = Router::new().route("/down", get(|| async { StatusCode::SERVICE_UNAVAILABLE }));
    let server = serve(router).await;
    let fetcher = fetcher(FetchConfig { max_attempts: 3, ..quiet() });
    let err = fetcher.fetch(&server.url("/down"), &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::Status { code: 503, .. }), "{err}");
    assert_eq!(err.kind(), "status_503");
    assert!(err.is_retryable());
    assert_eq!(server.hits("/down").len(), 3);
    let stats = fetcher.stats();
    assert_eq!((stats.retries, stats.requests, stats.failed), (2, 3, 1));
}

#[tokio::test]
async fn not_found_is_a_final_status_error() {
    let server = serve(Router::new()).await;
    let fetcher = fetcher(quiet());
    let err = fetcher.fetch(&server.url("/nothing"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "status_404");
    assert!(!err.is_retryable());
    assert!(err.to_string().contains("/nothing") && err.to_string().contains("404"), "{err}");
    assert_eq!(server.hits("/nothing").len(), 1, "a 404 is not retried");
}

#[tokio::test]
async fn slow_hosts_time_out() {
    let router = Router::new()
        .route(
            "/slow-head",
            get(|| async {
                tokio::time::sleep(Duration::from_secs(3)).await;
                "late"
            }),
        )
        .route(
            "/slow-body",
            get(|| async {
                let chunks = futures_util::stream::unfold(0u32, |n| async move {
                    if n > 0 {
                        tokio::time::sleep(Duration::from_secs(3)).await;
                    }
                    (n < 2).then(|| (Ok::<_, std::convert::Infallible>(axum::body::Bytes::from("part ")), n + 1))
                });
                axum::body::Body::from_stream(chunks)
            }),
        );
    let server = serve(router).await;
    let fetcher = fetcher(FetchConfig { timeout_secs: 0.3, max_attempts: 1, ..quiet() });
    for path in ["/slow-head", "/slow-body"] {
        let started = std::time::Instant::now();
        let err = fetcher.fetch(&server.url(path), &Validators::default()).await.unwrap_err();
        assert_eq!(err.kind(), "timeout", "{path}: {err}");
        assert!(err.is_retryable());
        assert!(started.elapsed() < Duration::from_millis(1500), "{path}: {:?}", started.elapsed());
    }
}

#[tokio::test]
async fn connection_errors_are_retried_then_reported() {
    // a port nobody listens on
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    let fetcher = fetcher(FetchConfig { max_attempts: 2, ..quiet() });
    let err = fetcher.fetch(&format!("http://127.0.0.1:{port}/"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "network", "{err}");
    assert!(err.is_retryable());
    assert_eq!(fetcher.stats().requests, 2);
}
