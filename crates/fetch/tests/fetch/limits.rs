//! Body size limits and decompression.

use std::io::Write;

use axum::body::{Body, Bytes};
use axum::http::header;
use axum::routing::get;
use axum::Router;
use newsdesk_fetch::{FetchConfig, FetchError, Fetched, Validators};

use crate::server::{config, fetcher, serve};

fn gzip(data: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(data).unwrap();
    enc.finish().unwrap()
}

fn app() -> Router {
    Router::new()
        .route("/big", get(|| async { vec![b'x'; 5000] }))
        .route(
            "/chunked",
            get(|| async {
                let chunks = (0..50).map(|_| Ok::<_, std::convert::Infallible>(Bytes::from(vec![b'y'; 100])));
                Body::from_stream(futures_util::stream::iter(chunks))
            }),
        )
        .route("/small", get(|| async { vec![b'z'; 1000] }))
        .route(
            "/gzip",
            get(|| async {
                let text = "<html><body>Hello, compressed world</body></html>".repeat(20);
                (
                    [(header::CONTENT_ENCODING, "gzip"), (header::CONTENT_TYPE, "text/html; charset=utf-8")],
                    gzip(text.as_bytes()),
                )
            }),
        )
        .route("/bomb", get(|| async { ([(header::CONTENT_ENCODING, "gzip")], gzip(&vec![0u8; 1_000_000])) }))
}

fn limited() -> FetchConfig {
    FetchConfig { max_body_bytes: 1000, respect_robots: false, ..config() }
}

#[tokio::test]
async fn bodies_over_the_limit_are_refused() {
    let server = serve(app()).await;
    let fetcher = fetcher(limited());
    let err = fetcher.fetch(&server.url("/big"), &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { limit: 1000, declared: Some(5000), .. }), "{err}");
    assert_eq!(err.kind(), "too_large");
    assert!(!err.is_retryable());
    assert_eq!(fetcher.stats().bytes, 0, "refused on Content-Length before reading");

    let err = fetcher.fetch(&server.url("/chunked"), &Validators::default()).await.unwrap_err();
    assert!(matches!(err, FetchError::TooLarge { declared: None, .. }), "{err}");
    let read = fetcher.stats().bytes;
    assert!(read <= 1100, "stopped while streaming, read {read}");

    // exactly at the limit is fine
    let Fetched::Body(page) = fetcher.fetch(&server.url("/small"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert_eq!(page.body.len(), 1000);
}

#[tokio::test]
async fn gzip_is_decoded_and_counted_decompressed() {
    let server = serve(app()).await;
    let fetcher = fetcher(FetchConfig { max_body_bytes: 10_000, ..limited() });
    let Fetched::Body(page) = fetcher.fetch(&server.url("/gzip"), &Validators::default()).await.unwrap() else {
        panic!("expected a body")
    };
    assert!(page.body.starts_with(b"<html><body>Hello, compressed world"));
    assert_eq!(page.body.len(), 49 * 20);
    assert_eq!(page.content_type.as_deref(), Some("text/html; charset=utf-8"));
    let sent = server.hits("/gzip");
    let accept = sent[0].headers.get(header::ACCEPT_ENCODING).unwrap().to_str().unwrap();
    assert!(accept.contains("gzip") && accept.contains("br"), "{accept}");

    // 1 MB of zeros compresses to ~1 kB: the limit applies to what it inflates to
    let err = fetcher.fetch(&server.url("/bomb"), &Validators::default()).await.unwrap_err();
    assert_eq!(err.kind(), "too_large", "{err}");
}
