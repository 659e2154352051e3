//! A test HTTP server on 127.0.0.1:0 that logs every request it sees.

use std::net::SocketAddr;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use axum::extract::{Request, State};
use axum::http::HeaderMap;
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::Router;
use newsdesk_fetch::{FetchConfig, Fetcher};

#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub headers: HeaderMap,
    pub start: Instant,
    pub end: Instant,
}

pub type Log = Arc<Mutex<Vec<Hit>>>;

pub struct Server {
    pub addr: SocketAddr,
    pub log: Log,
}

impl Server {
    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    pub fn hits(&self, path: &str) -> Vec<Hit> {
        self.log.lock().unwrap().iter().filter(|h| h.path == path).cloned().collect()
    }

    pub fn all_hits(&self) -> Vec<Hit> {
        self.log.lock().unwrap().clone()
    }
}

async fn record(State(log): State<Log>, req: Request, next: Next) -> Response {
    let start = Instant::now();
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let response = next.run(req).await;
    log.lock().unwrap().push(Hit { path, headers, start, end: Instant::now() });
    response
}

/// Serves `router` (with every request logged) until the test ends.
pub async fn serve(router: Router) -> Server {
    let log = Log::default();
    let app = router.layer(middleware::from_fn_with_state(log.clone(), record));
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        axum::serve(listener, app).await.unwrap();
    });
    Server { addr, log }
}

/// A fetcher for the test servers: private addresses allowed, short delays.
pub fn config() -> FetchConfig {
    FetchConfig {
        allow_private: true,
        host_delay_secs: 0.05,
        timeout_secs: 5.0,
        connect_timeout_secs: 2.0,
        ..FetchConfig::default()
    }
}

pub fn fetcher(config: FetchConfig) -> Fetcher {
    Fetcher::new(config).unwrap()
}

pub fn gap(a: Instant, b: Instant) -> Duration {
    b.saturating_duration_since(a)
}
