//! Just enough WebDriver for the browser tests: chromedriver started on a
//! free port, headless Chromium sessions, and the handful of commands the
//! tests use. Blocking HTTP over a `TcpStream` to 127.0.0.1 keeps it free of
//! TLS stacks and extra dependencies, and lets `Drop` close a session and
//! stop chromedriver even while a failed assertion unwinds.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

use serde_json::{json, Value};

/// The key under which W3C WebDriver returns an element reference.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";
/// Long enough for a page load on a busy CI machine, short enough that a
/// hung command fails the test instead of the whole run.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(60);

/// Where each program is looked for when its variable is not set.
const DRIVERS: &[&str] =
    &["/usr/bin/chromedriver", "/usr/lib/chromium/chromedriver", "/usr/lib/chromium-browser/chromedriver"];
const DRIVER_NAMES: &[&str] = &["chromedriver"];
const BROWSERS: &[&str] = &["/usr/bin/chromium", "/usr/lib/chromium/chromium", "/usr/bin/chromium-browser"];
const BROWSER_NAMES: &[&str] = &["chromium", "chromium-browser", "google-chrome", "google-chrome-stable"];

/// `NEWSDESK_BROWSER_TESTS=require` (set by `.ci/run`) turns a missing
/// browser into a failure, so CI cannot pass by skipping.
fn required() -> bool {
    std::env::var("NEWSDESK_BROWSER_TESTS").is_ok_and(|v| v == "require")
}

/// The program named by `var`, else the first of `names` on `PATH`, else the
/// first of `paths` that exists. A variable naming a missing file is an
/// error, not a reason to look elsewhere.
fn locate(var: &str, names: &[&str], paths: &[&str]) -> Result<Option<PathBuf>, String> {
    if let Some(given) = std::env::var_os(var) {
        let p = PathBuf::from(&given);
        return if p.is_file() { Ok(Some(p)) } else { Err(format!("{var}={} is not a file", p.display())) };
    }
    let on_path = std::env::var_os("PATH")
        .map(|path| std::env::split_paths(&path).collect::<Vec<_>>())
        .unwrap_or_default()
        .into_iter()
        .flat_map(|dir| names.iter().map(move |n| dir.join(n)));
    Ok(on_path.chain(paths.iter().map(PathBuf::from)).find(|p| p.is_file()))
}

/// A chromedriver process, shared by the sessions alive at the same time
/// and killed (and reaped) when the last of them ends.
struct Driver {
    child: Child,
    port: u16,
    browser: PathBuf,
}

static SHARED: Mutex<Weak<Driver>> = Mutex::new(Weak::new());

impl Driver {
    fn shared(driver: &Path, browser: &Path) -> Result<Arc<Driver>, String> {
        let mut slot = SHARED.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        if let Some(d) = slot.upgrade() {
            return Ok(d);
        }
        // The port is free when asked for and taken a moment later; another
        // process could take it between, so a failed start tries anew.
        let mut last = String::new();
        for _ in 0..3 {
            match Driver::spawn(driver, browser) {
                Ok(d) => {
                    let d = Arc::new(d);
                    *slot = Arc::downgrade(&d);
                    return Ok(d);
                }
                Err(e) => last = e,
            }
        }
        Err(last)
    }

    fn spawn(driver: &Path, browser: &Path) -> Result<Driver, String> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| format!("no free port for chromedriver: {e}"))?
            .port();
        let child = Command::new(driver)
            .arg(format!("--port={port}"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", driver.display()))?;
        let mut d = Driver { child, port, browser: browser.to_path_buf() };
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(Some(status)) = d.child.try_wait() {
                return Err(format!("{} --port={port} exited at start ({status})", driver.display()));
            }
            if let Ok((200, v)) = http(port, "GET", "/status", None) {
                if v["value"]["ready"] == true {
                    return Ok(d);
                }
            }
            if Instant::now() > deadline {
                return Err(format!("{} did not answer /status on port {port} within 15 s", driver.display()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Reaped here, not left to init: no zombie outlives the tests.
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One request to chromedriver: its status and JSON body. chromedriver
/// answers HTTP/1.1 only and keeps the socket open after `Connection:
/// close`, so the body is read by its `Content-Length`.
fn http(port: u16, method: &str, path: &str, body: Option<&Value>) -> Result<(u16, Value), String> {
    let what = format!("{method} {path}");
    let io = |e: std::io::Error| format!("chromedriver {what}: {e}");
    let mut stream = TcpStream::connect(("127.0.0.1", port)).map_err(io)?;
    stream.set_read_timeout(Some(COMMAND_TIMEOUT)).map_err(io)?;
    let body = body.map(Value::to_string).unwrap_or_default();
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nConnection: close\r\n\
         Content-Type: application/json; charset=utf-8\r\nContent-Length: {}\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).map_err(io)?;
    let mut reader = BufReader::new(stream);
    let mut status_line = String::new();
    reader.read_line(&mut status_line).map_err(io)?;
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("chromedriver {what}: bad status line {status_line:?}"))?;
    let mut length = 0;
    loop {
        let mut line = String::new();
        if reader.read_line(&mut line).map_err(io)? == 0 || line.trim().is_empty() {
            break;
        }
        if let Some((name, value)) = line.split_once(':') {
            if name.trim().eq_ignore_ascii_case("content-length") {
                length = value.trim().parse().map_err(|_| format!("chromedriver {what}: bad length {line:?}"))?;
            }
        }
    }
    let mut raw = vec![0; length];
    reader.read_exact(&mut raw).map_err(io)?;
    let value = if raw.is_empty() {
        Value::Null
    } else {
        serde_json::from_slice(&raw).map_err(|e| format!("chromedriver {what}: body is not JSON: {e}"))?
    };
    Ok((status, value))
}

/// A headless Chromium with a fresh profile; closed when dropped.
pub struct Session {
    driver: Arc<Driver>,
    id: String,
    _profile: tempfile::TempDir,
}

impl Session {
    /// A new session, or `None` (after saying so on stderr) where Chromium
    /// or chromedriver is not installed; `test` names the caller.
    pub fn start(test: &str) -> Option<Session> {
        let found = locate("NEWSDESK_CHROMEDRIVER", DRIVER_NAMES, DRIVERS)
            .and_then(|d| Ok((d, locate("NEWSDESK_CHROMIUM", BROWSER_NAMES, BROWSERS)?)));
        let (driver, browser) = match found {
            Ok((Some(d), Some(b))) => (d, b),
            Ok((d, _)) => {
                let missing = if d.is_none() { "chromedriver" } else { "Chromium" };
                let why = format!(
                    "{missing} not found (looked on PATH and in /usr/bin, /usr/lib/chromium). Install the \
                     Debian packages chromium and chromium-driver, or set NEWSDESK_CHROMEDRIVER and \
                     NEWSDESK_CHROMIUM."
                );
                assert!(!required(), "browser test {test}: {why} NEWSDESK_BROWSER_TESTS=require forbids skipping.");
                // Straight to stderr: the test harness captures eprintln! of passing tests.
                let _ = writeln!(std::io::stderr(), "browser test {test} skipped: {why}");
                return None;
            }
            Err(e) => panic!("browser test {test}: {e}"),
        };
        let driver = Driver::shared(&driver, &browser).unwrap_or_else(|e| panic!("browser test {test}: {e}"));
        let profile = tempfile::tempdir().expect("temporary Chromium profile");
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": driver.browser,
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                         "--window-size=1280,1000", format!("--user-data-dir={}", profile.path().display())],
            },
            "goog:loggingPrefs": {"browser": "ALL"},
            "timeouts": {"pageLoad": 20_000, "script": 10_000, "implicit": 0},
        }}});
        let (status, v) = http(driver.port, "POST", "/session", Some(&capabilities))
            .unwrap_or_else(|e| panic!("browser test {test}: {e}"));
        let id = match v["value"]["sessionId"].as_str() {
            Some(id) if status == 200 => id.to_string(),
            _ => {
                panic!("browser test {test}: chromedriver could not start {}: {}", driver.browser.display(), v["value"])
            }
        };
        Some(Session { driver, id, _profile: profile })
    }

    /// A command on this session (`path` after `/session/{id}`): its value.
    fn cmd(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, String> {
        let full = format!("/session/{}{path}", self.id);
        let (status, v) = http(self.driver.port, method, &full, body.as_ref())?;
        if status == 200 {
            return Ok(v["value"].clone());
        }
        let (error, message) =
            (v["value"]["error"].as_str().unwrap_or(""), v["value"]["message"].as_str().unwrap_or(""));
        Err(format!("{method} {path}: {status} {error}: {message}"))
    }

    fn must(&self, method: &str, path: &str, body: Option<Value>) -> Value {
        self.cmd(method, path, body).unwrap_or_else(|e| panic!("WebDriver {e}"))
    }

    /// Loads `url` and waits for the page's load event.
    pub fn goto(&self, url: &str) {
        self.must("POST", "/url", Some(json!({ "url": url })));
    }

    pub fn url(&self) -> String {
        self.must("GET", "/url", None).as_str().unwrap_or("").to_string()
    }

    /// The HTTP status of the page shown, however it was reached (typed,
    /// clicked or submitted), from the Navigation Timing entry.
    pub fn status(&self) -> u64 {
        let v = self.script("return performance.getEntriesByType('navigation')[0]?.responseStatus ?? 0", json!([]));
        v.as_u64().unwrap_or(0)
    }

    /// Runs `script` (a function body; `arguments` holds `args`) in the page.
    pub fn script(&self, script: &str, args: Value) -> Value {
        self.must("POST", "/execute/sync", Some(json!({ "script": script, "args": args })))
    }

    /// A Chrome DevTools Protocol command, for what WebDriver cannot do.
    pub fn cdp(&self, cmd: &str, params: Value) -> Value {
        self.must("POST", "/goog/cdp/execute", Some(json!({ "cmd": cmd, "params": params })))
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'_>> {
        let v = self.must("POST", "/elements", Some(json!({ "using": "css selector", "value": css })));
        self.elements(v)
    }

    /// The first element matching `css`; fails the test naming the page.
    pub fn find(&self, css: &str) -> Element<'_> {
        self.find_all(css).into_iter().next().unwrap_or_else(|| panic!("no {css:?} on {}", self.url()))
    }

    fn elements(&self, v: Value) -> Vec<Element<'_>> {
        let list = v.as_array().cloned().unwrap_or_default();
        list.iter()
            .filter_map(|e| e[ELEMENT].as_str())
            .map(|id| Element { session: self, id: id.to_string() })
            .collect()
    }

    /// Waits for `ready` (ten seconds at most: CI machines are busy), failing
    /// with `what`.
    pub fn wait_until(&self, what: &str, ready: impl Fn(&Session) -> bool) {
        let deadline = Instant::now() + Duration::from_secs(10);
        while !ready(self) {
            assert!(Instant::now() < deadline, "timed out waiting for {what} (at {})", self.url());
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// The browser console since the last call: `(level, message)` pairs.
    pub fn console(&self) -> Vec<(String, String)> {
        let v = self.must("POST", "/se/log", Some(json!({ "type": "browser" })));
        let entries = v.as_array().cloned().unwrap_or_default();
        let field = |e: &Value, k: &str| e[k].as_str().unwrap_or("").to_string();
        entries.iter().map(|e| (field(e, "level"), field(e, "message"))).collect()
    }

    /// The text of the open alert, confirm or prompt dialog, if any.
    pub fn dialog(&self) -> Option<String> {
        self.cmd("GET", "/alert/text", None).ok().map(|v| v.as_str().unwrap_or("").to_string())
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        // Chromium quits with its session; errors are moot while unwinding.
        let _ = http(self.driver.port, "DELETE", &format!("/session/{}", self.id), None);
    }
}

/// An element of the current page.
pub struct Element<'s> {
    session: &'s Session,
    id: String,
}

impl<'s> Element<'s> {
    fn path(&self, what: &str) -> String {
        format!("/element/{}{what}", self.id)
    }

    /// The rendered text, as a reader sees it.
    pub fn text(&self) -> String {
        self.session.must("GET", &self.path("/text"), None).as_str().unwrap_or("").to_string()
    }

    pub fn attr(&self, name: &str) -> Option<String> {
        self.session.must("GET", &self.path(&format!("/attribute/{name}")), None).as_str().map(str::to_string)
    }

    pub fn displayed(&self) -> bool {
        self.session.must("GET", &self.path("/displayed"), None) == true
    }

    pub fn click(&self) {
        self.session.must("POST", &self.path("/click"), Some(json!({})));
    }

    /// Types `text` (`\u{E007}` is the Enter key).
    pub fn send_keys(&self, text: &str) {
        self.session.must("POST", &self.path("/value"), Some(json!({ "text": text })));
    }

    pub fn find_all(&self, css: &str) -> Vec<Element<'s>> {
        let v =
            self.session.must("POST", &self.path("/elements"), Some(json!({ "using": "css selector", "value": css })));
        self.session.elements(v)
    }
}
