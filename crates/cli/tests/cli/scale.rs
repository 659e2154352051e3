//! Scale-out: `newsdesk worker` processes sharing a PostgreSQL store through
//! a NATS JetStream queue. Run when `NEWSDESK_TEST_PG` (a database URL) and
//! `NEWSDESK_TEST_NATS` (a server URL) are set, skipped otherwise; each test
//! has a schema and a queue of its own.

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Output, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use crate::{article_page, run, stderr};

/// How long any one `newsdesk` process of these tests may run: a hang
/// fails its test instead of holding up the whole run.
const PROCESS_LIMIT: Duration = Duration::from_secs(120);

/// A schema and a queue name of this test's own.
struct Shared {
    pg: String,
    nats: String,
    schema: String,
    data: tempfile::TempDir,
}

fn shared(test: &str, nats: Option<String>) -> Option<Shared> {
    let (Ok(pg), Ok(default_nats)) = (std::env::var("NEWSDESK_TEST_PG"), std::env::var("NEWSDESK_TEST_NATS")) else {
        eprintln!("skipping {test}: set NEWSDESK_TEST_PG=postgres://... and NEWSDESK_TEST_NATS=nats://... to run it");
        return None;
    };
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    let schema = format!("nd_{test}_{}_{nanos}", std::process::id());
    let mut c = postgres::Client::connect(&pg, postgres::NoTls).expect("PostgreSQL at NEWSDESK_TEST_PG");
    c.batch_execute(&format!("CREATE SCHEMA {schema}")).unwrap();
    let shared = Shared { pg, nats: nats.unwrap_or(default_nats), schema, data: tempfile::tempdir().unwrap() };
    // The schema's tables, before any worker makes them, for the counts.
    newsdesk_store_postgres::PgStore::connect(&shared.store()).expect("store schema");
    Some(shared)
}

impl Shared {
    fn store(&self) -> String {
        let sep = if self.pg.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.pg, self.schema)
    }

    /// `newsdesk` on this test's store and queue.
    fn newsdesk(&self) -> Command {
        let mut c = crate::newsdesk(self.data.path());
        c.args(["--store", &self.store(), "--nats", &self.nats, "--queue", &self.schema]);
        c.env_remove("NEWSDESK_STORE").env_remove("NEWSDESK_NATS");
        c
    }

    fn worker(&self, extra: &[&str]) -> Running {
        self.worker_draining(2, extra)
    }

    /// A worker that stops once the queue has been empty `secs` seconds.
    fn worker_draining(&self, secs: u32, extra: &[&str]) -> Running {
        let mut c = self.newsdesk();
        let secs = secs.to_string();
        c.args(["--ack-wait", "2", "worker", "--batch-size", "10", "--exit-when-drained", &secs]).args(extra);
        self.spawn(c, "worker")
    }

    /// Starts `command` with its output going to files in the test's
    /// directory: a pipe nobody reads would stall a talkative process.
    fn spawn(&self, mut command: Command, what: &str) -> Running {
        static N: AtomicUsize = AtomicUsize::new(0);
        let n = N.fetch_add(1, Ordering::Relaxed);
        let out = self.data.path().join(format!("{what}-{n}.out"));
        let err = self.data.path().join(format!("{what}-{n}.err"));
        let child = command
            .stdout(std::fs::File::create(&out).unwrap())
            .stderr(std::fs::File::create(&err).unwrap())
            .spawn()
            .unwrap_or_else(|e| panic!("{what} starts: {e}"));
        Running { child: Some(child), out, err, what: what.to_string() }
    }

    fn count(&self, sql: &str) -> i64 {
        let mut c = postgres::Client::connect(&self.store(), postgres::NoTls).unwrap();
        c.query_one(sql, &[]).unwrap().get(0)
    }

    fn queue_pages(&self, n: usize) {
        self.queue_pages_with(n, self.newsdesk());
    }

    /// Queues `n` pages with `newsdesk` (this test's, with more options).
    fn queue_pages_with(&self, n: usize, mut newsdesk: Command) {
        let pages = self.data.path().join("pages.jsonl");
        let lines: Vec<String> = (0..n)
            .map(|i| {
                serde_json::json!({
                    "url": format!("https://gazette.example/2025/03/14/council-vote-{i}"),
                    "html": article_page(i, &format!("in ward {i}")),
                })
                .to_string()
            })
            .collect();
        std::fs::write(&pages, lines.join("\n")).unwrap();
        newsdesk.arg("ingest").arg(&pages);
        let out = self.spawn(newsdesk, "ingest").output();
        assert!(out.status.success(), "{}", stderr(&out));
        assert!(stderr(&out).contains(&format!("queued {n} of {n} inputs")), "{}", stderr(&out));
    }

    fn wait_for(&self, sql: &str, at_least: i64) {
        let deadline = Instant::now() + Duration::from_secs(120);
        while self.count(sql) < at_least {
            assert!(Instant::now() < deadline, "timed out waiting for {sql} >= {at_least}");
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// A site of `n` article pages (each answered after `delay`) added as
    /// a source and polled by `watch --nats`, which queues its pages as
    /// fetch jobs.
    fn queue_crawl(&self, n: usize, delay: Duration) -> (newsdesk_testsite::TestSite, Vec<String>) {
        let (site, paths) = crate::crawl::gazette(n, delay);
        let add = run(self.newsdesk().args(["sources", "add", &site.url("/feed.xml")]));
        assert!(add.status.success(), "{}", stderr(&add));
        let mut watch = self.newsdesk();
        watch.args(["watch", "--once", "--allow-private"]);
        let out = self.spawn(watch, "watch").output();
        assert!(stderr(&out).contains(&format!("queued {n} URLs to fetch")), "{}", stderr(&out));
        (site, paths)
    }

    /// Everything stored once, analysed and given a story.
    fn assert_complete(&self, n: i64) {
        assert_eq!(self.count("SELECT count(*) FROM articles"), n, "articles");
        assert_eq!(self.count("SELECT count(*) FROM article_versions"), 0, "an article was stored twice");
        assert_eq!(self.count("SELECT count(*) FROM analyses"), n, "analyses");
        assert_eq!(self.count("SELECT count(*) FROM story_articles"), n, "articles with a story");
    }
}

impl Drop for Shared {
    fn drop(&mut self) {
        if let Ok(mut c) = postgres::Client::connect(&self.pg, postgres::NoTls) {
            let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
        }
        let config =
            newsdesk_worker::QueueConfig { url: self.nats.clone(), name: self.schema.clone(), ..Default::default() };
        if let Ok(rt) = tokio::runtime::Builder::new_current_thread().enable_all().build() {
            rt.block_on(async {
                if let Ok(Ok(q)) =
                    tokio::time::timeout(Duration::from_secs(5), newsdesk_worker::JobQueue::connect(config)).await
                {
                    let _ = q.delete().await;
                }
            });
        }
    }
}

/// A `newsdesk` process started by a test, killed if the test ends first.
struct Running {
    child: Option<Child>,
    out: PathBuf,
    err: PathBuf,
    what: String,
}

impl Running {
    /// Waits (`PROCESS_LIMIT` at most) for the process to exit; kills it
    /// and fails the test if it does not.
    fn output(mut self) -> Output {
        let mut child = self.child.take().expect("running");
        let deadline = Instant::now() + PROCESS_LIMIT;
        let status = loop {
            if let Some(status) = child.try_wait().expect("process status") {
                break status;
            }
            if Instant::now() > deadline {
                child.kill().ok();
                child.wait().ok();
                panic!("{} still running after {PROCESS_LIMIT:?}: {}", self.what, self.stderr());
            }
            std::thread::sleep(Duration::from_millis(50));
        };
        Output { status, stdout: std::fs::read(&self.out).unwrap_or_default(), stderr: self.stderr().into_bytes() }
    }

    fn stderr(&self) -> String {
        String::from_utf8_lossy(&std::fs::read(&self.err).unwrap_or_default()).into_owned()
    }

    /// Kills the process (SIGKILL: no chance to finish its batch).
    fn kill(&mut self) {
        if let Some(mut child) = self.child.take() {
            child.kill().ok();
            child.wait().ok();
        }
    }
}

impl Drop for Running {
    fn drop(&mut self) {
        self.kill();
    }
}

/// Waits for a worker and checks it exited well; returns what it printed
/// on stderr.
fn finish(worker: Running) -> String {
    let out = worker.output();
    assert!(out.status.success(), "worker failed: {}", stderr(&out));
    stderr(&out)
}

#[test]
fn three_workers_one_killed_midway_lose_nothing_and_store_nothing_twice() {
    let Some(s) = shared("kill", None) else { return };
    s.queue_pages(300);
    let mut victim = s.worker(&[]);
    let others = [s.worker(&[]), s.worker(&[])];
    // Killed with jobs in hand (batches of 10, stores every few ms).
    s.wait_for("SELECT count(*) FROM articles", 60);
    victim.kill();
    for w in others {
        finish(w);
    }
    s.assert_complete(300);
}

/// Regression: with one stream for every kind of job, a full queue of
/// extract jobs left no room for the analyse job a worker publishes before
/// acking its batch, and scheduler and worker waited on each other forever.
#[test]
fn a_full_queue_holds_the_scheduler_back_without_deadlock() {
    let Some(s) = shared("full", None) else { return };
    // Started first, so it waits for a scheduler that a busy machine may
    // take seconds to start.
    let worker = s.worker_draining(15, &[]);
    let mut queue = s.newsdesk();
    queue.args(["--queue-capacity", "20"]);
    s.queue_pages_with(150, queue);
    finish(worker);
    s.assert_complete(150);
}

#[test]
fn a_queue_server_restart_midway_loses_nothing() {
    let Some(probe) = shared("probe", None) else { return };
    drop(probe);
    let dir = tempfile::tempdir().unwrap();
    let port = TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let server = start_nats(dir.path(), port);
    let s = shared("restart", Some(format!("nats://127.0.0.1:{port}"))).unwrap();
    s.queue_pages(200);
    let worker = s.worker(&[]);
    s.wait_for("SELECT count(*) FROM articles", 40);
    drop(server);
    std::thread::sleep(Duration::from_secs(1));
    let server = start_nats(dir.path(), port);
    finish(worker);
    s.assert_complete(200);
    drop(s); // deletes the queue while its server still runs
    drop(server);
}

/// A JetStream server of the test's own, stopped when dropped.
struct NatsServer(Child);

impl Drop for NatsServer {
    fn drop(&mut self) {
        self.0.kill().ok();
        self.0.wait().ok();
    }
}

/// Starts a JetStream server keeping its streams in `dir`.
fn start_nats(dir: &Path, port: u16) -> NatsServer {
    // PATH first, then where Debian's package puts it (outside a user's PATH).
    let binary = ["/usr/sbin/nats-server", "/usr/local/bin/nats-server"]
        .into_iter()
        .find(|p| Path::new(p).exists())
        .unwrap_or("nats-server");
    let binary = if Command::new("nats-server").arg("--version").output().is_ok() { "nats-server" } else { binary };
    let child = Command::new(binary)
        .args(["-js", "-a", "127.0.0.1", "-p", &port.to_string(), "-sd"])
        .arg(dir)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("nats-server on PATH (NEWSDESK_TEST_NATS is set, so the NATS tests must run)");
    let deadline = Instant::now() + Duration::from_secs(10);
    while std::net::TcpStream::connect(("127.0.0.1", port)).is_err() {
        assert!(Instant::now() < deadline, "nats-server did not start on port {port}");
        std::thread::sleep(Duration::from_millis(50));
    }
    NatsServer(child)
}

/// Runs `newsdesk ARGS` on the embedded store in `data` and on `s`'s
/// PostgreSQL store, and returns both outputs.
fn both(data: &Path, s: &Shared, args: &[&str]) -> (String, String) {
    let embedded = run(crate::newsdesk(data).args(args));
    let shared = run(s.newsdesk().args(args));
    assert!(embedded.status.success(), "{args:?} embedded: {}", stderr(&embedded));
    assert!(shared.status.success(), "{args:?} postgres: {}", stderr(&shared));
    (crate::stdout(&embedded), crate::stdout(&shared))
}

#[test]
fn migrate_moves_the_embedded_store_and_the_same_commands_read_it_alike() {
    let Some(s) = shared("migrate", None) else { return };
    let data = tempfile::tempdir().unwrap();
    let ingest = run(crate::newsdesk(data.path()).arg("ingest").args([
        crate::sample("pages"),
        crate::sample("warc/sample.warc.gz"),
        crate::sample("articles.jsonl"),
    ]));
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    // Stories in publication order over the final versions, as the
    // migration forms them (ingest met some pages before their update).
    assert!(run(crate::newsdesk(data.path()).arg("reindex")).status.success());

    let to = s.store();
    let migrate = run(crate::newsdesk(data.path()).args(["migrate", "--to", &to, "--batch-size", "7"]));
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    let (e, p) = both(data.path(), &s, &["stats", "--format", "json"]);
    assert_eq!(e, p);
    let stats: serde_json::Value = serde_json::from_str(&e).unwrap();
    let articles = stats["articles"].as_i64().unwrap();
    assert!(articles > 20 && stats["versions"].as_i64().unwrap() > articles, "{stats}");
    assert!(stderr(&migrate).contains(&format!("articles: {articles} moved, 0 there already")), "{}", stderr(&migrate));

    let listed = both(data.path(), &s, &["list", "--format", "jsonl", "--limit", "1000"]);
    assert_eq!(listed.0, listed.1);
    let first_id = serde_json::from_str::<serde_json::Value>(listed.0.lines().next().unwrap()).unwrap()["id"]
        .as_str()
        .unwrap()
        .to_string();
    for args in [
        vec!["stories", "--format", "json"],
        vec!["story", "1", "--format", "json"],
        vec!["copies", &first_id, "--format", "json"],
        vec!["show", &first_id, "--format", "json"],
    ] {
        let (e, p) = both(data.path(), &s, &args);
        assert_eq!(e, p, "{args:?}");
    }
    // Search runs in PostgreSQL; rankings differ (ts_rank, not BM25), the
    // matches do not.
    for q in ["lithium", "title:lithium", "lithi*", "lithium -chile", "\"state of emergency\"", "lang:en flood"] {
        let (e, p) = both(data.path(), &s, &["search", q, "--format", "jsonl", "--limit", "100"]);
        let ids = |out: &str| {
            let mut v: Vec<String> = out
                .lines()
                .map(|l| serde_json::from_str::<serde_json::Value>(l).unwrap()["id"].as_str().unwrap().to_string())
                .collect();
            v.sort();
            v
        };
        assert_eq!(ids(&e), ids(&p), "{q}");
    }

    // Rebuilt on the shared store, stories come out as the embedded ones.
    let reindex = run(s.newsdesk().arg("reindex"));
    assert!(reindex.status.success(), "{}", stderr(&reindex));
    let (e, p) = both(data.path(), &s, &["stories", "--format", "json"]);
    assert_eq!(e, p, "stories after reindex");
    let (e, p) = both(data.path(), &s, &["similar", &first_id, "--format", "json"]);
    let count = |out: &str| serde_json::from_str::<serde_json::Value>(out).unwrap()["copies"].as_array().map(Vec::len);
    assert_eq!(count(&e), count(&p), "the same copies set apart from similar articles");

    // Interrupted or not, running it again moves nothing twice.
    let again = run(crate::newsdesk(data.path()).args(["migrate", "--to", &to]));
    assert!(again.status.success(), "{}", stderr(&again));
    assert!(stderr(&again).contains(&format!("articles: 0 moved, {articles} there already")), "{}", stderr(&again));
    let (e, p) = both(data.path(), &s, &["stats", "--format", "json"]);
    assert_eq!(e, p);
}

/// `watch --nats` only schedules: the sources' new URLs become fetch jobs,
/// the workers fetch, store and record them in the shared crawl queue, and
/// a second pass finds nothing new to hand out.
#[test]
fn watch_schedules_the_sources_urls_and_workers_fetch_them_once() {
    let Some(s) = shared("watch", None) else { return };
    let (site, paths) = crate::crawl::gazette(12, Duration::ZERO);
    site.set(&paths[10], newsdesk_testsite::Reply::status(404));
    site.set(&paths[11], newsdesk_testsite::Reply::ok("application/pdf", "%PDF-1.7"));
    let add = run(s.newsdesk().args(["sources", "add", &site.url("/feed.xml"), "--country", "PT"]));
    assert!(add.status.success(), "{}", stderr(&add));

    let mut watch = s.newsdesk();
    watch.args(["watch", "--once", "--allow-private"]);
    let out = s.spawn(watch, "watch").output();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("12 new article URLs queued"), "{}", stderr(&out));
    assert!(stderr(&out).contains("queued 12 URLs to fetch"), "{}", stderr(&out));
    assert!(paths.iter().all(|p| site.hits(p) == 0), "the scheduler fetched an article itself");

    let worker = finish(s.worker(&["--allow-private", "--host-delay", "0"]));
    let reported = worker.lines().find(|l| l.contains(&site.url(&paths[10])));
    assert!(reported.is_some_and(|l| l.contains("404")), "the 404 is reported: {worker}");
    s.assert_complete(10);
    let state = |url: &str| {
        let mut c = postgres::Client::connect(&s.store(), postgres::NoTls).unwrap();
        let row = c.query_one("SELECT state, attempts, next_attempt IS NULL FROM crawl_urls WHERE url = $1", &[&url]);
        let row = row.unwrap();
        (row.get::<_, String>(0), row.get::<_, i32>(1), row.get::<_, bool>(2))
    };
    assert_eq!(s.count("SELECT count(*) FROM crawl_urls WHERE state = 'fetched'"), 10);
    assert_eq!(state(&site.url(&paths[10])), ("failed".into(), 1, true), "a 404 is not retried");
    assert_eq!(state(&site.url(&paths[11])).0, "skipped", "a PDF is no article");
    assert_eq!(s.count("SELECT count(*) FROM articles WHERE country = 'PT'"), 10, "the source's country");
    assert!(paths.iter().all(|p| site.hits(p) == 1), "{:?}", site.log().iter().map(|h| &h.path).collect::<Vec<_>>());

    // Polled again: nothing new, nothing handed out again.
    let mut again = s.newsdesk();
    again.args(["watch", "--once", "--allow-private"]);
    let out = s.spawn(again, "watch").output();
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("queued 0 URLs to fetch"), "{}", stderr(&out));
    let list = run(s.newsdesk().args(["sources", "list", "--format", "json"]));
    let sources: Vec<serde_json::Value> = serde_json::from_str(&crate::stdout(&list)).unwrap();
    assert_eq!((sources[0]["articles_found"].as_u64(), sources[0]["fetched"].as_u64()), (Some(12), Some(10)));
}

/// `serve` on the shared store: the API and UI read PostgreSQL (search
/// included), and a page posted with the token is stored and analysed there.
#[test]
fn serve_on_the_shared_store_searches_and_shows_it_and_stores_posted_pages() {
    use crate::serve::{http, start_command};
    let Some(s) = shared("serve", None) else { return };
    let data = tempfile::tempdir().unwrap();
    let ingest = run(crate::newsdesk(data.path()).arg("ingest").arg(crate::sample("pages")));
    assert!(ingest.status.success(), "{}", stderr(&ingest));
    let migrate = run(crate::newsdesk(data.path()).args(["migrate", "--to", &s.store()]));
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    std::fs::write(s.data.path().join("newsdesk.toml"), "[server]\ntoken = \"s3cret\"\n").unwrap();
    let mut serve = s.newsdesk();
    serve.args(["serve", "--addr", "127.0.0.1:0"]);
    let server = start_command(serve);

    let (status, body) = http(&server.addr, "GET", "/api/v1/search?q=lithium&limit=5", &[], "");
    assert_eq!(status, 200, "{body}");
    let found: serde_json::Value = serde_json::from_str(&body).unwrap();
    let first = found["hits"][0]["id"].as_str().unwrap_or_else(|| panic!("a hit: {body}")).to_string();
    for path in [
        format!("/article/{first}"),
        format!("/api/v1/articles/{first}/similar"),
        "/search?q=lithium".to_string(),
        "/story/1".to_string(),
        "/".to_string(),
        "/api/v1/export?q=lithium&format=jsonl".to_string(),
        "/attention?q=lithium".to_string(),
        "/sources".to_string(),
        "/claims".to_string(),
    ] {
        let (status, body) = http(&server.addr, "GET", &path, &[], "");
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (_, similar) = http(&server.addr, "GET", &format!("/api/v1/articles/{first}/similar"), &[], "");
    let similar: serde_json::Value = serde_json::from_str(&similar).unwrap();
    let listed: Vec<&str> = similar["similar"].as_array().unwrap().iter().filter_map(|h| h["id"].as_str()).collect();
    assert!(!listed.is_empty() && !listed.contains(&first.as_str()), "other articles, not itself: {similar}");
    let (_, page) = http(&server.addr, "GET", &format!("/article/{first}"), &[], "");
    assert!(page.contains("Similar articles"), "{page}");

    let posted = serde_json::json!({ "html": article_page(7, "on buses"), "country": "NL" }).to_string();
    let auth = [("Content-Type", "application/json"), ("Authorization", "Bearer s3cret")];
    let (status, body) = http(&server.addr, "POST", "/api/v1/ingest", &auth, &posted);
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<serde_json::Value>(&body).unwrap()["id"].as_str().unwrap().to_string();
    let (status, body) = http(&server.addr, "GET", &format!("/api/v1/articles/{id}"), &[], "");
    assert_eq!(status, 200, "{body}");
    let (_, body) = http(&server.addr, "GET", "/api/v1/search?q=buses", &[], "");
    assert!(body.contains(&id), "posted and searchable at once: {body}");
    assert_eq!(s.count(&format!("SELECT count(*) FROM analyses WHERE article_id = '{id}'")), 1, "analysed");
}

/// `fetch --nats` hands single URLs to the workers: new ones once, stored
/// ones again only with `--refetch`; an unusable URL is reported (exit 1).
#[test]
fn fetch_hands_urls_to_the_workers_and_refetch_fetches_them_again() {
    let Some(s) = shared("fetch", None) else { return };
    let (site, paths) = crate::crawl::gazette(2, Duration::ZERO);
    let urls: Vec<String> = paths.iter().map(|p| site.url(p)).collect();
    let fetch = |extra: &[&str]| {
        let mut c = s.newsdesk();
        c.args(["fetch", "--allow-private"]).args(extra);
        s.spawn(c, "fetch").output()
    };
    let out = fetch(&[&urls[0], &urls[1], "ftp://x.example/file"]);
    assert_eq!(out.status.code(), Some(1), "{}", stderr(&out));
    assert!(stderr(&out).contains("queued 2 URLs to fetch"), "{}", stderr(&out));
    finish(s.worker(&["--allow-private", "--host-delay", "0"]));
    s.assert_complete(2);

    let out = fetch(&[&urls[0]]);
    assert!(out.status.success(), "{}", stderr(&out));
    assert!(stderr(&out).contains("1 URLs already fetched"), "{}", stderr(&out));
    let out = fetch(&["--refetch", &urls[0]]);
    assert!(stderr(&out).contains("queued 1 URLs to fetch"), "{}", stderr(&out));
    finish(s.worker(&["--allow-private", "--host-delay", "0"]));
    assert_eq!((site.hits(&paths[0]), site.hits(&paths[1])), (2, 1));
    s.assert_complete(2);
}

/// `--model` on the shared store: the vectors are caught up into
/// PostgreSQL, the graph kept in the data directory, and `similar`,
/// `reindex` and `serve` blend as on a data directory.
#[test]
fn a_model_on_the_shared_store_embeds_its_articles_and_blends_similar() {
    let Some(model) = crate::model::model_dir() else { return };
    let Some(s) = shared("model", None) else { return };
    let data = tempfile::tempdir().unwrap();
    let ingest = run(crate::newsdesk(data.path()).arg("ingest").arg(crate::sample("articles.jsonl")));
    assert!(ingest.status.code().is_some(), "{}", stderr(&ingest));
    let migrate = run(crate::newsdesk(data.path()).args(["migrate", "--to", &s.store()]));
    assert!(migrate.status.success(), "{}", stderr(&migrate));
    let articles = s.count("SELECT count(*) FROM articles");
    let id = crate::json_lines(&run(s.newsdesk().args(["search", "Halvard Bay lithium", "--format", "jsonl"])))[0]
        ["id"]
        .as_str()
        .unwrap()
        .to_string();

    let similar =
        run(s.newsdesk().arg("--model").arg(model).args(["similar", &id, "--format", "jsonl", "--limit", "5"]));
    assert!(similar.status.success(), "{}", stderr(&similar));
    assert_eq!(s.count("SELECT count(*) FROM embeddings"), articles, "every article embedded into PostgreSQL");
    let hits = crate::json_lines(&similar);
    let related: Vec<&serde_json::Value> = hits.iter().take_while(|h| h.get("copy_similarity").is_none()).collect();
    assert!(!related.is_empty());
    assert!(related.iter().all(|h| h["score"].as_f64().is_some_and(|x| x > 0.0 && x <= 1.0 + 1e-5)), "{hits:?}");

    let reindex = run(s.newsdesk().arg("--model").arg(model).arg("reindex"));
    assert!(reindex.status.success(), "{}", stderr(&reindex));
    assert!(stderr(&reindex).contains(&format!("vectors: {articles} current")), "{}", stderr(&reindex));

    let mut serve = s.newsdesk();
    serve.arg("--model").arg(model).args(["serve", "--addr", "127.0.0.1:0"]);
    let server = crate::serve::start_command(serve);
    let (status, body) =
        crate::serve::http(&server.addr, "GET", &format!("/api/v1/articles/{id}/similar?limit=5"), &[], "");
    assert_eq!(status, 200, "{body}");
    let served: serde_json::Value = serde_json::from_str(&body).unwrap();
    let served: Vec<&serde_json::Value> = served["similar"].as_array().unwrap().iter().map(|h| &h["id"]).collect();
    let cli: Vec<&serde_json::Value> = related.iter().map(|h| &h["id"]).collect();
    assert_eq!(served, cli, "the server lists what `similar --model` lists");
}

/// `serve --watch --nats` on the shared store schedules the crawl from a
/// thread of the server, as `watch --nats` does; the workers fetch.
#[test]
fn serve_watch_hands_the_sources_urls_to_the_workers() {
    let Some(s) = shared("servewatch", None) else { return };
    let (site, paths) = crate::crawl::gazette(5, Duration::ZERO);
    let add = run(s.newsdesk().args(["sources", "add", &site.url("/feed.xml")]));
    assert!(add.status.success(), "{}", stderr(&add));
    let mut serve = s.newsdesk();
    serve.args(["serve", "--addr", "127.0.0.1:0", "--watch", "--allow-private"]);
    let _server = crate::serve::start_command(serve);
    // Leased, so published.
    s.wait_for("SELECT count(*) FROM crawl_urls WHERE next_attempt IS NOT NULL", 5);
    finish(s.worker(&["--allow-private", "--host-delay", "0"]));
    s.assert_complete(5);
    assert!(paths.iter().all(|p| site.hits(p) == 1));
}

/// Writing a shared store goes through the workers: without a queue the
/// writing commands say what to add (no server needed to tell).
#[test]
fn writing_a_shared_store_without_a_queue_asks_for_one() {
    let dir = tempfile::tempdir().unwrap();
    for args in [vec!["ingest", "pages.jsonl"], vec!["fetch", "https://news.example/a"], vec!["watch", "--once"]] {
        let out = run(crate::newsdesk(dir.path())
            .env_remove("NEWSDESK_NATS")
            .args(["--store", "postgres://nobody@127.0.0.1:1/none"])
            .args(&args));
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        assert!(stderr(&out).contains("pass --nats"), "{args:?}: {}", stderr(&out));
    }
}

/// The crawl version of the kill test: `watch --nats` hands a source's 60
/// URLs out as fetch jobs, three workers fetch them, one is killed with
/// jobs in hand; its jobs go to the others, every URL ends fetched and
/// every article is stored once.
#[test]
fn three_workers_crawling_one_killed_midway_lose_nothing_and_store_nothing_twice() {
    let Some(s) = shared("crawlkill", None) else { return };
    let (site, paths) = s.queue_crawl(60, Duration::from_millis(30));

    let fetching = ["--allow-private", "--host-delay", "0"];
    let mut victim = s.worker(&fetching);
    let others = [s.worker(&fetching), s.worker(&fetching)];
    s.wait_for("SELECT count(*) FROM articles", 10);
    victim.kill();
    for w in others {
        finish(w);
    }
    s.assert_complete(60);
    assert_eq!(s.count("SELECT count(*) FROM crawl_urls WHERE state = 'fetched'"), 60);
    assert!(paths.iter().all(|p| site.hits(p) >= 1));
}

/// Two workers fetching from one host keep its pause between them, as one
/// would alone: the host sees one request per pause, robots.txt included
/// (regression: each worker kept its own pause, so N workers sent a host N
/// requests per pause).
#[test]
fn workers_crawling_one_host_keep_its_pause_between_them() {
    let Some(s) = shared("pace", None) else { return };
    let (site, paths) = s.queue_crawl(30, Duration::ZERO);

    let started = Instant::now();
    let fetching = ["--allow-private", "--host-delay", "0.2"];
    for w in [s.worker(&fetching), s.worker(&fetching)] {
        finish(w);
    }
    s.assert_complete(30);
    let mut hits: Vec<Instant> = site.log().into_iter().filter(|h| h.at >= started).map(|h| h.at).collect();
    hits.sort();
    // A worker's two fetching loops take at most 20 of the 30 jobs, so
    // both fetch, and each asks for robots.txt first.
    assert_eq!(hits.len(), 30 + 2, "each page once and each worker's robots.txt");
    let gaps: Vec<Duration> = hits.windows(2).map(|w| w[1] - w[0]).collect();
    // The slack is the timers' lateness on a busy machine; unshared, the
    // two workers' first requests come together.
    assert!(gaps.iter().all(|&g| g >= Duration::from_millis(160)), "{gaps:?}");
    assert!(paths.iter().all(|p| site.hits(p) == 1));
}
