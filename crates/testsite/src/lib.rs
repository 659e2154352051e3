//! Simulated news sites for the crawler's tests and benchmarks: HTTP servers
//! on 127.0.0.1 (port 0, so tests run side by side), each serving whatever
//! routes the test sets, changeable while it runs, with per-route latency,
//! one-off answers (a 429 before the page), validators for conditional GET,
//! and a log of every request.
//!
//! ```
//! use newsdesk_testsite::{Reply, TestSite};
//!
//! let site = TestSite::start();
//! site.set("/feed.xml", Reply::ok("application/rss+xml", "<rss/>").etag("\"v1\""));
//! assert!(site.url("/feed.xml").starts_with("http://127.0.0.1:"));
//! assert_eq!(site.hits("/feed.xml"), 0);
//! ```

use std::collections::{HashMap, VecDeque};
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode};
use axum::response::Response;
use axum::Router;

/// One answer.
#[derive(Debug, Clone)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
    /// Waited before answering (a far or slow host).
    pub delay: Duration,
    /// Answered 304 to a request whose `If-None-Match` is this.
    pub etag: Option<String>,
}

impl Reply {
    pub fn ok(content_type: &str, body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200).header("content-type", content_type).body(body)
    }

    pub fn html(body: impl Into<Vec<u8>>) -> Reply {
        Reply::ok("text/html; charset=utf-8", body)
    }

    pub fn status(status: u16) -> Reply {
        Reply { status, headers: Vec::new(), body: Vec::new(), delay: Duration::ZERO, etag: None }
    }

    pub fn redirect(to: &str) -> Reply {
        Reply::status(302).header("location", to)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        self.headers.push((name.into(), value.into()));
        self
    }

    pub fn body(mut self, body: impl Into<Vec<u8>>) -> Reply {
        self.body = body.into();
        self
    }

    pub fn delay(mut self, delay: Duration) -> Reply {
        self.delay = delay;
        self
    }

    pub fn etag(mut self, etag: &str) -> Reply {
        self.etag = Some(etag.into());
        self.header("etag", etag)
    }
}

/// A request the site saw.
#[derive(Debug, Clone)]
pub struct Hit {
    pub path: String,
    pub headers: HeaderMap,
    pub at: Instant,
    pub status: u16,
}

#[derive(Default)]
struct Routes {
    /// Answers used once each, in order, before the route's own.
    once: HashMap<String, VecDeque<Reply>>,
    routes: HashMap<String, Reply>,
    /// Waited before every answer of the site.
    latency: Duration,
    log: Vec<Hit>,
}

type Shared = Arc<Mutex<Routes>>;

/// A running site; it stops when the test process ends.
pub struct TestSite {
    pub addr: SocketAddr,
    routes: Shared,
}

impl TestSite {
    /// Starts a site on a thread of its own.
    pub fn start() -> TestSite {
        TestSite::start_many(1).pop().unwrap_or_else(|| unreachable!("start_many(1) starts one site"))
    }

    /// Starts `n` sites (each its own host for politeness: its own port),
    /// served by one runtime on one thread.
    pub fn start_many(n: usize) -> Vec<TestSite> {
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let rt = tokio::runtime::Builder::new_multi_thread()
                .worker_threads(2)
                .enable_all()
                .build()
                .expect("test site runtime");
            rt.block_on(async move {
                let mut sites = Vec::with_capacity(n);
                for _ in 0..n {
                    let routes = Shared::default();
                    let app = Router::new().fallback(answer).with_state(routes.clone());
                    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
                    let addr = listener.local_addr().expect("local address");
                    tokio::spawn(async move {
                        let _ = axum::serve(listener, app).await;
                    });
                    sites.push(TestSite { addr, routes });
                }
                let _ = tx.send(sites);
                std::future::pending::<()>().await;
            });
        });
        rx.recv().expect("test sites started")
    }

    fn lock(&self) -> MutexGuard<'_, Routes> {
        self.routes.lock().unwrap_or_else(|e| e.into_inner())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// Serves `reply` at `path` from now on.
    pub fn set(&self, path: &str, reply: Reply) {
        self.lock().routes.insert(path.into(), reply);
    }

    /// Answers `reply` once at `path`, before its usual answer.
    pub fn once(&self, path: &str, reply: Reply) {
        self.lock().once.entry(path.into()).or_default().push_back(reply);
    }

    /// Waits this long before every answer.
    pub fn set_latency(&self, latency: Duration) {
        self.lock().latency = latency;
    }

    /// Requests for `path` so far.
    pub fn hits(&self, path: &str) -> usize {
        self.lock().log.iter().filter(|h| h.path == path).count()
    }

    pub fn log(&self) -> Vec<Hit> {
        self.lock().log.clone()
    }
}

async fn answer(State(routes): State<Shared>, req: Request) -> Response {
    let path = req.uri().path().to_string();
    let headers = req.headers().clone();
    let (reply, latency) = {
        let mut r = routes.lock().unwrap_or_else(|e| e.into_inner());
        let once = r.once.get_mut(&path).and_then(VecDeque::pop_front);
        let reply = once.or_else(|| r.routes.get(&path).cloned()).unwrap_or_else(|| Reply::status(404));
        (reply, r.latency)
    };
    tokio::time::sleep(latency + reply.delay).await;
    let not_modified = reply.etag.as_deref().is_some_and(|etag| {
        headers
            .get("if-none-match")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.split(',').any(|t| t.trim() == etag))
    });
    let status = if not_modified { 304 } else { reply.status };
    routes.lock().unwrap_or_else(|e| e.into_inner()).log.push(Hit { path, headers, at: Instant::now(), status });
    let mut response = Response::new(if not_modified { Body::empty() } else { Body::from(reply.body) });
    *response.status_mut() = StatusCode::from_u16(status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    for (name, value) in &reply.headers {
        if let (Ok(n), Ok(v)) = (HeaderName::try_from(name.as_str()), HeaderValue::try_from(value.as_str())) {
            response.headers_mut().append(n, v);
        }
    }
    response
}
