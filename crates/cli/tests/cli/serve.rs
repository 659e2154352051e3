//! `newsdesk serve`: the binary serving a real data directory, a page
//! posted through the API with the token, then found by the UI and search.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Stdio};

use crate::{article_page, newsdesk, run, sample};

/// A `serve` child process, killed when dropped.
pub(crate) struct Server {
    child: Child,
    pub(crate) addr: String,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

pub(crate) fn start(data: &std::path::Path, extra: &[&str]) -> Server {
    let mut serve = newsdesk(data);
    serve.args(["serve", "--addr", "127.0.0.1:0"]).args(extra);
    start_command(serve)
}

/// Starts `serve` (its arguments given) and reads the address it prints.
pub(crate) fn start_command(mut serve: std::process::Command) -> Server {
    let mut child = serve.stderr(Stdio::piped()).spawn().expect("serve starts");
    let stderr = child.stderr.take().expect("stderr");
    let mut lines = BufReader::new(stderr).lines();
    let addr = loop {
        let line = lines.next().expect("serve prints its address").expect("stderr line");
        if let Some(rest) = line.split("http://").nth(1) {
            break rest.split('/').next().expect("address").to_string();
        }
    };
    // Keep draining stderr so the server never blocks on a full pipe.
    std::thread::spawn(move || for _ in lines {});
    Server { child, addr }
}

/// One HTTP/1.1 request; returns the status and the body.
pub(crate) fn http(addr: &str, method: &str, path: &str, headers: &[(&str, &str)], body: &str) -> (u16, String) {
    let mut s = TcpStream::connect(addr).expect("connect");
    let mut req =
        format!("{method} {path} HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\nContent-Length: {}\r\n", body.len());
    for (k, v) in headers {
        req.push_str(&format!("{k}: {v}\r\n"));
    }
    req.push_str("\r\n");
    req.push_str(body);
    s.write_all(req.as_bytes()).expect("send");
    let mut answer = String::new();
    s.read_to_string(&mut answer).expect("read");
    let status = answer.split_whitespace().nth(1).and_then(|c| c.parse().ok()).unwrap_or(0);
    let body = answer.split_once("\r\n\r\n").map(|(_, b)| b.to_string()).unwrap_or_default();
    (status, body)
}

#[test]
fn serve_shows_ingested_articles_and_stores_posted_pages_with_the_token() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    let o = run(newsdesk(data).arg("ingest").arg(sample("pages")));
    assert!(o.status.success(), "{}", crate::stderr(&o));
    std::fs::write(data.join("newsdesk.toml"), "[server]\ntoken = \"s3cret\"\n").unwrap();
    let server = start(data, &[]);

    let (status, home) = http(&server.addr, "GET", "/?period=week", &[], "");
    assert_eq!(status, 200, "{home}");
    assert!(home.contains("/story/"), "{home}");

    let page = serde_json::json!({ "html": article_page(7, "on buses"), "country": "NL" }).to_string();
    let json = [("Content-Type", "application/json")];
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &json, &page);
    assert_eq!(status, 401, "no token: {body}");
    assert!(body.contains("\"unauthorized\""), "{body}");

    let auth = [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret")];
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &auth, &page);
    assert_eq!(status, 201, "{body}");
    let receipt: serde_json::Value = serde_json::from_str(body.trim()).expect("JSON receipt");
    let id = receipt["id"].as_str().expect("id").to_string();

    // Searchable and shown as soon as the answer came.
    let (status, article) = http(&server.addr, "GET", &format!("/article/{id}"), &[], "");
    assert_eq!(status, 200);
    assert!(article.contains("Council vote 7"), "{article}");
    let (status, found) = http(&server.addr, "GET", "/api/v1/search?q=%22proposal+number+7%22", &[], "");
    assert_eq!(status, 200);
    assert!(found.contains(&id), "{found}");

    // The same page again changes nothing.
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &auth, &page);
    assert_eq!(status, 200, "{body}");
    assert!(body.contains("\"unchanged\""), "{body}");

    let source = r#"{"url": "https://gazette.example/feed.xml", "name": "Test Gazette"}"#;
    let (status, body) = http(&server.addr, "POST", "/api/v1/sources", &auth, source);
    assert_eq!(status, 201, "{body}");
    let o = run(newsdesk(data).args(["sources", "list", "--format", "json"]));
    assert!(crate::stdout(&o).contains("https://gazette.example/feed.xml"));
}

/// Articles the API lists (its `total`).
fn listed(addr: &str) -> u64 {
    let (_, body) = http(addr, "GET", "/api/v1/articles?limit=1", &[], "");
    serde_json::from_str::<serde_json::Value>(body.trim()).ok().and_then(|v| v["total"].as_u64()).unwrap_or(0)
}

fn wait_for(addr: &str, n: u64) -> bool {
    let deadline = std::time::Instant::now() + std::time::Duration::from_secs(60);
    while std::time::Instant::now() < deadline {
        if listed(addr) >= n {
            return true;
        }
        std::thread::sleep(std::time::Duration::from_millis(200));
    }
    false
}

#[test]
fn serve_watch_crawls_the_sources_and_takes_posted_pages_and_urls_meanwhile() {
    let (site, _) = crate::crawl::gazette(3, std::time::Duration::ZERO);
    site.set("/extra", newsdesk_testsite::Reply::html(article_page(99, "by the river")));
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path();
    assert!(run(newsdesk(data).args(["sources", "add", &site.url("/feed.xml")])).status.success());
    std::fs::write(data.join("newsdesk.toml"), "[server]\ntoken = \"t\"\n").unwrap();
    let server = start(data, &["--watch", "--allow-private", "--host-delay", "0"]);
    assert!(wait_for(&server.addr, 3), "the feed's 3 articles are crawled and served");

    let auth = [("Content-Type", "application/json"), ("Authorization", "Bearer t")];
    let page = serde_json::json!({ "html": article_page(50, "at the harbour") }).to_string();
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &auth, &page);
    assert_eq!(status, 201, "a posted page goes through the watching writer: {body}");

    let url = serde_json::json!({ "url": site.url("/extra") }).to_string();
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &auth, &url);
    assert_eq!(status, 202, "{body}");
    assert!(body.contains("\"queued\""), "{body}");
    assert!(wait_for(&server.addr, 5), "the queued URL is fetched by the watcher: {} listed", listed(&server.addr));
}
