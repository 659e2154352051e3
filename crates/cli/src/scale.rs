//! Scale-out: `worker`, `ingest --nats` (scheduling only) and `migrate`,
//! on a PostgreSQL store shared through NATS JetStream.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use newsdesk_analysis::ANALYZER;
use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_ingest::{SourceOptions, Sources};
use newsdesk_model::Article;
use newsdesk_store::{CrawlStore, Store};
use newsdesk_store_postgres::PgStore;
use newsdesk_worker::{schedule, JobKind, JobQueue, QueueConfig, Worker, WorkerConfig, WorkerEvent};

use crate::browse::open_existing;
use crate::progress::Progress;

/// How to reach the queue, from the command line.
pub struct QueueArgs {
    pub nats: String,
    pub name: String,
    pub ack_wait_secs: Option<f64>,
    pub capacity: Option<i64>,
}

impl QueueArgs {
    fn config(&self) -> anyhow::Result<QueueConfig> {
        if let Some(secs) = self.ack_wait_secs {
            anyhow::ensure!(secs.is_finite() && secs >= 1.0, "--ack-wait must be at least 1 second, got {secs}");
        }
        if let Some(n) = self.capacity {
            anyhow::ensure!(n > 0, "--queue-capacity must be positive, got {n}");
        }
        Ok(QueueConfig {
            url: self.nats.clone(),
            name: self.name.clone(),
            ack_wait: self.ack_wait_secs.map(Duration::from_secs_f64),
            max_jobs: self.capacity,
            ..QueueConfig::default()
        })
    }
}

fn runtime() -> anyhow::Result<tokio::runtime::Runtime> {
    tokio::runtime::Builder::new_multi_thread().enable_all().build().context("starting the async runtime")
}

/// The store's URL, checked to be a PostgreSQL one: workers on several
/// machines cannot share a store file.
pub fn postgres_url(store: Option<&str>, what: &str) -> anyhow::Result<String> {
    match store {
        Some(url) if newsdesk_store_postgres::is_postgres_url(url) => Ok(url.to_string()),
        Some(other) => anyhow::bail!("{what} needs a PostgreSQL store (--store postgres://...), got {other:?}"),
        None => anyhow::bail!("{what} needs a PostgreSQL store: pass --store postgres://... or set NEWSDESK_STORE"),
    }
}

pub struct WorkerArgs {
    pub store: String,
    pub crawl: newsdesk_crawl::CrawlConfig,
    pub queue: QueueArgs,
    pub batch_size: usize,
    pub jobs: Vec<String>,
    pub cluster: bool,
    pub exit_when_drained: Option<f64>,
}

/// `newsdesk worker`: takes jobs until stopped (or until the queue is
/// drained), printing failed inputs as they come and a summary at the end.
pub fn worker(args: WorkerArgs) -> anyhow::Result<ExitCode> {
    let kinds = args
        .jobs
        .iter()
        .map(|j| JobKind::parse(j).with_context(|| format!("unknown job kind {j:?} (fetch, extract, analyse)")))
        .collect::<anyhow::Result<Vec<_>>>()?;
    let config = WorkerConfig {
        store: args.store,
        batch_size: args.batch_size.max(1),
        kinds,
        cluster: args.cluster,
        crawl: args.crawl,
        exit_when_drained: args.exit_when_drained.map(Duration::from_secs_f64),
    };
    let queue_config = args.queue.config()?;
    let started = Instant::now();
    let report = runtime()?.block_on(async move {
        let queue = JobQueue::connect(queue_config).await?;
        let worker = Worker::new(queue, config)?;
        worker
            .run(&mut |event| match event {
                WorkerEvent::Failed(why) => eprintln!("{why}"),
                WorkerEvent::Retrying(e) => eprintln!("newsdesk worker: {e}; trying again"),
                WorkerEvent::Clustering => eprintln!("newsdesk worker: this worker keeps copy groups and stories"),
                WorkerEvent::Waiting(e) => eprintln!("newsdesk worker: {e}; waiting"),
                WorkerEvent::Degraded(why) => eprintln!("newsdesk worker: {why}"),
            })
            .await
    })?;
    let secs = started.elapsed().as_secs_f64();
    let s = &report.stored;
    eprintln!(
        "worker: {} jobs in {secs:.1}s: {} new, {} updated, {} unchanged, {} failed, {} analysed, {} clustered",
        report.jobs, s.inserted, s.updated, s.unchanged, report.failed, report.analysed, report.clustered
    );
    println!("{}", serde_json::to_string(&report)?);
    Ok(ExitCode::SUCCESS)
}

/// `newsdesk ingest --nats`: reads the inputs here and queues them for the
/// workers; stores nothing itself.
pub fn schedule_inputs(queue: QueueArgs, paths: Vec<PathBuf>) -> anyhow::Result<ExitCode> {
    let sources = Sources::new(paths, SourceOptions::for_ingest());
    let config = queue.config()?;
    let started = Instant::now();
    let report = runtime()?.block_on(async move {
        let queue = JobQueue::connect(config).await?;
        schedule(sources, &queue, &mut |e| eprintln!("{e}")).await
    })?;
    eprintln!(
        "queued {} of {} inputs in {:.1}s ({} skipped, {} failed) for the workers",
        report.queued,
        report.read,
        started.elapsed().as_secs_f64(),
        report.skipped,
        report.failed
    );
    Ok(if report.failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// How long a URL handed to the workers is put off: a job lost (given up
/// after its deliveries, or its stream deleted) makes it due again then.
const FETCH_LEASE: chrono::TimeDelta = chrono::TimeDelta::minutes(15);

/// `newsdesk watch --nats`: polls the sources into the shared store's crawl
/// queue and hands the due URLs to the workers as fetch jobs; fetches
/// nothing itself. Without `once` it then sleeps until a source or a retry
/// is due, and goes on.
pub fn schedule_crawl(
    queue: QueueArgs,
    store: &str,
    config: newsdesk_crawl::CrawlConfig,
    once: bool,
) -> anyhow::Result<ExitCode> {
    let state = PgStore::connect(store).context("opening the PostgreSQL store")?;
    let crawler = newsdesk_crawl::Crawler::new(state, config)?;
    if crawler.counts()?.queued == 0 && crawler.sources()?.is_empty() {
        anyhow::bail!("no sources to watch: add some with `newsdesk --store URL sources add URL`");
    }
    let failures = scheduler_loop(&crawler, &queue, once)?;
    Ok(if failures > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Longest sleep of a scheduler between passes: URLs queued meanwhile by
/// others (posted to a server) are handed out this soon.
const SCHEDULER_NAP: Duration = Duration::from_secs(5);

/// Polls the due sources and hands out the due URLs, pass after pass (one
/// pass with `once`, every source then); the sources that failed.
fn scheduler_loop(crawler: &newsdesk_crawl::Crawler<PgStore>, queue: &QueueArgs, once: bool) -> anyhow::Result<u64> {
    let queue_config = queue.config()?;
    let runtime = runtime()?;
    let queue = runtime.block_on(JobQueue::connect(queue_config))?;
    let mut failures = 0;
    loop {
        let polls = crawler.poll(!once, chrono::Utc::now())?;
        for r in &polls {
            if let Err(e) = &r.outcome {
                eprintln!("source {} ({}): {e}", r.source.id, r.source.url);
                failures += 1;
            }
        }
        if !polls.is_empty() {
            eprintln!("{}", crate::crawl::poll_line(&polls));
        }
        let mut scheduled = 0;
        loop {
            let due: Vec<String> = crawler.due(chrono::Utc::now())?.into_iter().map(|r| r.url).collect();
            if due.is_empty() {
                break;
            }
            hand_out(crawler, &runtime, &queue, &due, false)?;
            scheduled += due.len();
        }
        if once || scheduled > 0 || !polls.is_empty() {
            eprintln!("queued {scheduled} URLs to fetch for the workers");
        }
        if once {
            return Ok(failures);
        }
        std::thread::sleep(crate::crawl::next_pause(crawler)?.min(SCHEDULER_NAP));
    }
}

/// Publishes a fetch job for each of `urls`, leased first: a scheduler
/// killed in between leaves URLs that come due again, never a URL handed
/// out twice at once.
fn hand_out(
    crawler: &newsdesk_crawl::Crawler<PgStore>,
    runtime: &tokio::runtime::Runtime,
    queue: &JobQueue,
    urls: &[String],
    refetch: bool,
) -> anyhow::Result<()> {
    crawler.lease(urls, chrono::Utc::now() + FETCH_LEASE)?;
    runtime.block_on(async {
        let mut publisher = queue.publisher();
        for url in urls {
            let (headers, payload) = newsdesk_worker::encode_url(url, refetch);
            publisher.publish(JobKind::Fetch, headers, payload).await?;
        }
        publisher.finish().await
    })?;
    Ok(())
}

/// `newsdesk fetch --nats URL...`: queues the URLs in the shared store and
/// hands them to the workers as fetch jobs (all of them with `refetch`,
/// else those not fetched yet). Exits 1 if a URL cannot be fetched at all.
pub fn schedule_urls(
    queue: QueueArgs,
    store: &str,
    config: newsdesk_crawl::CrawlConfig,
    urls: &[String],
    refetch: bool,
) -> anyhow::Result<ExitCode> {
    let state = PgStore::connect(store).context("opening the PostgreSQL store")?;
    let crawler = newsdesk_crawl::Crawler::new(state, config)?;
    let (todo, bad) = crate::crawl::urls_to_fetch(&crawler, urls, refetch)?;
    let todo: Vec<String> = todo.into_iter().map(|r| r.url).collect();
    let queue_config = queue.config()?;
    let runtime = runtime()?;
    let queue = runtime.block_on(JobQueue::connect(queue_config))?;
    hand_out(&crawler, &runtime, &queue, &todo, refetch)?;
    eprintln!("queued {} URLs to fetch for the workers", todo.len());
    Ok(if bad == 0 { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `newsdesk --store postgres://... serve`: the API and UI over the shared
/// store, searching in PostgreSQL. Posted pages are extracted, stored and
/// analysed here; the worker holding the clustering lock gives them copy
/// groups and stories. Posted URLs join the crawl queue that `watch --nats`
/// hands to the workers.
///
/// With a model, "Similar articles" blends lexical and semantic scores as
/// on a data directory (the vectors' graph is kept under `data`), and
/// posted pages are embedded.
///
/// With `scheduler` (`serve --watch --nats`), a thread of the server
/// schedules the crawl as `watch --nats` does.
pub fn serve(
    url: &str,
    data: Option<&Path>,
    addr: &str,
    model: Option<&Path>,
    scheduler: Option<(QueueArgs, newsdesk_crawl::CrawlConfig)>,
) -> anyhow::Result<ExitCode> {
    if let Some((queue, config)) = scheduler {
        let crawler = newsdesk_crawl::Crawler::new(PgStore::connect(url)?, config)?;
        std::thread::Builder::new().name("scheduler".into()).spawn(move || {
            if let Err(e) = scheduler_loop(&crawler, &queue, false) {
                eprintln!("newsdesk serve: scheduling the crawl stopped: {e:#}");
            }
        })?;
    }
    let config = match data.filter(|d| d.join(crate::crawl::CONFIG_FILE).exists()) {
        Some(d) => crate::crawl::load_server_config(d)?,
        None => newsdesk_server::ServerConfig::default(),
    };
    let mut store = PgStore::connect(url).context("opening the PostgreSQL store")?;
    let shown = store.url().to_string();
    // One model for both the similar list and the posted pages: opening
    // one fingerprints its files.
    let (similar, model) = match model {
        Some(dir) => {
            let data = data.context("serve --model keeps the vectors' graph in a data directory: pass --data DIR")?;
            let cache = crate::semantic::shared_cache(data, &shown);
            let model = Arc::new(crate::semantic::open_model(dir)?);
            (Some(crate::serve::semantic_similar_on(&mut store, &cache, Arc::clone(&model))?), Some(model))
        }
        None => (None, None),
    };
    let pages = Arc::new(SharedPages { url: url.to_string(), idle: Mutex::new(Some(store)), model });
    let mut state = newsdesk_server::ServerState::open_postgres(url, config)
        .context("opening the PostgreSQL store")?
        .with_ingest(pages);
    if let Some(similar) = similar {
        state = state.with_similar(similar);
    }
    runtime()?.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("serving {shown} on http://{local}/ (API under /api/v1)");
        newsdesk_server::serve(listener, state).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// Stores pages posted to a server on the shared store.
struct SharedPages {
    url: String,
    idle: Mutex<Option<PgStore>>,
    /// Embeds the pages stored, when serving with a model.
    model: Option<Arc<newsdesk_semantic::Model>>,
}

/// Tells nobody: the clustering worker follows the store by itself.
struct NoFollower;

impl newsdesk_store::Follower for NoFollower {
    fn committed(&mut self, _: &[newsdesk_store::PageRecord], _: chrono::DateTime<chrono::Utc>) -> Result<(), String> {
        Ok(())
    }
}

impl newsdesk_server::PageIngest for SharedPages {
    fn ingest(
        &self,
        page: newsdesk_server::SubmittedPage,
    ) -> Result<newsdesk_server::IngestReceipt, newsdesk_server::ServerError> {
        let internal = |e: anyhow::Error| newsdesk_server::ServerError::Internal(format!("{e:#}"));
        let idle = self.idle.lock().ok().and_then(|mut s| s.take());
        let mut store = match idle {
            Some(s) => s,
            None => PgStore::connect(&self.url).map_err(|e| internal(e.into()))?,
        };
        let receipt = crate::serve::store_page_with(&mut store, &mut NoFollower, page).map_err(internal)?;
        if let Some(id) = &receipt.id {
            let analyzer = newsdesk_analysis::ArticleAnalyzer::default();
            let todo = store.unanalysed_among(ANALYZER, std::slice::from_ref(id)).map_err(|e| internal(e.into()))?;
            for stored in todo {
                let body = serde_json::to_string(&analyzer.analyze(&stored.article)).map_err(|e| internal(e.into()))?;
                store.put_analyses(ANALYZER, &[(&stored.article, &body)]).map_err(|e| internal(e.into()))?;
            }
            if let (Some(model), Some(stored)) = (&self.model, store.get(id).map_err(|e| internal(e.into()))?) {
                model.embed_into(&mut store, &[&stored.article]).map_err(|e| internal(e.into()))?;
            }
        }
        if let Ok(mut idle) = self.idle.lock() {
            *idle = Some(store);
        }
        Ok(receipt)
    }
}

/// `newsdesk --store postgres://... reindex`: rebuilds copy groups and
/// stories from the articles, and analyses what lacks an analysis. It takes
/// the clustering lock, so it refuses to run while a worker keeps them.
/// Search needs no rebuild: PostgreSQL updates it with every write.
/// With a model (its directory, and the data directory that keeps the
/// vectors' graph on this machine), every article is embedded and the
/// graph rebuilt too.
pub fn reindex(url: &str, model: Option<(&Path, &Path)>) -> anyhow::Result<ExitCode> {
    let Some(lock) = newsdesk_store_postgres::PgLock::try_acquire(url, newsdesk_worker::CLUSTER_LOCK)? else {
        anyhow::bail!(
            "a worker keeps this store's copy groups and stories: stop the workers (or run them with --no-cluster), \
             then reindex"
        );
    };
    let started = Instant::now();
    let mut coverage = Coverage::new(PgStore::connect(url)?, CoverageConfig::default())?;
    let mut progress = Progress::new("articles grouped into copies and stories");
    let n = coverage.rebuild(&mut |done, _| progress.set(done)).context("rebuilding copy groups and stories")?;
    progress.finish();
    eprintln!("grouped {n} articles into copy groups and stories in {:.1}s", started.elapsed().as_secs_f64());
    let mut store = coverage.into_store();
    let started = Instant::now();
    let n = crate::analyze::catch_up(&mut store)?;
    eprintln!("analysed {n} articles in {:.1}s", started.elapsed().as_secs_f64());
    drop(lock);
    if let Some((dir, data)) = model {
        let model = crate::semantic::open_model(dir)?;
        crate::semantic::catch_up_embeddings(&mut store, &model)?;
        let space =
            crate::semantic::open_space(&crate::semantic::shared_cache(data, store.url()), &store, &model, true)?;
        eprintln!("vectors: {} current for {}", space.len(), model.fingerprint());
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsdesk migrate`: copies the embedded store in `from` into the
/// PostgreSQL store at `to`, then gives the articles their copy groups and
/// stories there. Resumable: what is in `to` already is passed over.
pub fn migrate(from: &Path, to: &str, batch_size: usize) -> anyhow::Result<ExitCode> {
    let src = open_existing(from)?;
    let mut dst = PgStore::connect(to).context("opening the PostgreSQL store")?;
    let started = Instant::now();
    let total = src.stats()?.articles;

    let mut progress = Progress::new("articles moved");
    let (mut after, mut moved, mut present) = (0i64, 0u64, 0u64);
    loop {
        let (dumps, last) = src.dump_articles(after, batch_size.max(1))?;
        if dumps.is_empty() {
            break;
        }
        let done = dst.restore(&dumps).context("writing articles")?;
        moved += done.articles;
        present += done.present;
        after = last;
        progress.set(moved + present);
        progress.set_message(format!("of {total}"));
    }
    progress.finish();
    eprintln!("articles: {moved} moved, {present} there already");

    // Derived data that is costly to redo moves too: analyses, vectors.
    let ids = src.changed_ids(None)?;
    for analyzer in src.analyzers()? {
        let mut n = 0;
        for chunk in ids.chunks(batch_size.max(1)) {
            let mut rows: Vec<(Article, String)> = Vec::new();
            for id in chunk {
                if let (Some(body), Some(a)) = (src.analysis(&analyzer, id)?, src.get(id)?) {
                    rows.push((a.article, body));
                }
            }
            let batch: Vec<(&Article, &str)> = rows.iter().map(|(a, b)| (a, b.as_str())).collect();
            dst.put_analyses(&analyzer, &batch).context("writing analyses")?;
            n += batch.len();
        }
        eprintln!("analyses by {analyzer}: {n}");
    }
    for model in src.embedding_models()? {
        let mut vectors: Vec<(String, Vec<f32>)> = Vec::new();
        src.scan_embeddings(&model, None, &mut |id, v| {
            vectors.push((id.to_string(), v));
            Ok(())
        })?;
        for chunk in vectors.chunks(batch_size.max(1)) {
            let mut rows: Vec<(Article, &[f32])> = Vec::new();
            for (id, v) in chunk {
                if let Some(a) = src.get(id)? {
                    rows.push((a.article, v));
                }
            }
            let batch: Vec<(&Article, &[f32])> = rows.iter().map(|(a, v)| (a, *v)).collect();
            dst.put_embeddings(&model, &batch).context("writing embeddings")?;
        }
        eprintln!("embeddings of {model}: {}", vectors.len());
    }

    let sources = dst.restore_sources(&src.sources()?).context("writing sources")?;
    let mut urls = 0;
    let mut after = String::new();
    loop {
        let page = src.dump_urls(&after, 1000)?;
        let Some(last) = page.last() else { break };
        after = last.url.clone();
        urls += dst.restore_urls(&page).context("writing the crawl queue")?;
    }
    eprintln!("crawl: {sources} sources, {urls} URLs");

    // Copy groups and stories are redone, not copied: the same algorithm
    // over the same articles in the same order gives the same groups, and
    // the store keeps its clusterer's view consistent with them.
    let mut coverage = Coverage::new(dst, CoverageConfig::default())?;
    let mut progress = Progress::new("articles grouped into copies and stories");
    let n = coverage.catch_up(&mut |done, _| progress.set(done)).context("copy groups and stories")?;
    progress.finish();
    let dst = coverage.into_store();
    let check = dst.stats()?.articles;
    eprintln!(
        "migrated {} into {} in {:.1}s: {check} articles there ({n} grouped), analysis {}",
        from.display(),
        dst.url(),
        started.elapsed().as_secs_f64(),
        ANALYZER
    );
    Ok(ExitCode::SUCCESS)
}
