//! A worker: takes jobs from the queue, does them against the PostgreSQL
//! store and acks each only once its result is committed. Any number run at
//! once, on any number of machines; each job goes to one of them.

use std::collections::HashSet;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::Arc;
use std::time::{Duration, Instant};

use async_nats::jetstream::consumer::PullConsumer;
use async_nats::jetstream::{AckKind, Message};
use futures_util::StreamExt;
use newsdesk_analysis::{ArticleAnalyzer, ANALYZER};
use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_crawl::CrawlConfig;
use newsdesk_extract::ArticleExtractor;
use newsdesk_fetch::Fetcher;
use newsdesk_ingest::{process, Input, InputError, Processed};
use newsdesk_model::Article;
use newsdesk_store::{BatchReport, Store};
use newsdesk_store_postgres::{PgLock, PgStore};
use rayon::prelude::*;
use serde::Serialize;

use crate::error::{QueueContext, Result, WorkerError};
use crate::job::{decode_ids, decode_input, encode_ids, JobKind};
use crate::pace::WorkerPace;
use crate::queue::JobQueue;

/// What became of one input of a batch.
#[derive(Debug)]
pub(crate) enum InputOutcome {
    /// Its article is stored (committed), with this id.
    Stored(String),
    /// Passed over: no article in it.
    Skipped(String),
    /// It could not be extracted or stored.
    Failed(String),
}

/// What a batch of inputs gave: the ids stored, and each input's outcome
/// by origin.
pub(crate) struct Stored {
    pub ids: Vec<String>,
    pub outcomes: Vec<(String, InputOutcome)>,
}

/// What one worker does and when it stops.
#[derive(Debug, Clone)]
pub struct WorkerConfig {
    /// The PostgreSQL store's URL.
    pub store: String,
    /// Jobs taken per store transaction.
    pub batch_size: usize,
    /// The kinds of job this worker takes.
    pub kinds: Vec<JobKind>,
    /// Whether this worker may keep copy groups and stories (see
    /// [`crate`]): one of the workers that may does, the others wait.
    pub cluster: bool,
    /// How fetch jobs are fetched (user agent, politeness, private
    /// addresses) and retried: the crawler's settings, as `watch` uses them.
    pub crawl: CrawlConfig,
    /// Stop once the queue has had no job for this long and none is held
    /// by any worker (for batch runs and tests); `None`: run until stopped.
    pub exit_when_drained: Option<Duration>,
}

impl WorkerConfig {
    pub fn new(store: impl Into<String>) -> Self {
        WorkerConfig {
            store: store.into(),
            batch_size: 256,
            kinds: JobKind::ALL.to_vec(),
            cluster: true,
            crawl: CrawlConfig::default(),
            exit_when_drained: None,
        }
    }
}

/// What a worker did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct WorkerReport {
    /// Jobs acked, by this worker.
    pub jobs: u64,
    pub stored: BatchReport,
    /// Inputs that held no article (reported, acked, not retried).
    pub failed: u64,
    pub analysed: u64,
    /// Articles given a copy group and story while this worker held the
    /// clustering lock.
    pub clustered: u64,
}

/// Something a worker reports as it goes.
#[derive(Debug)]
pub enum WorkerEvent<'a> {
    /// An input that could not be used: its origin and why.
    Failed(&'a str),
    /// A batch whose store work failed; it is tried again (the jobs are kept).
    Retrying(&'a WorkerError),
    /// This worker now keeps copy groups and stories.
    Clustering,
    /// The queue or the store failed; the worker waits and tries again.
    Waiting(&'a WorkerError),
    /// The work goes on, less well than it should (e.g. the hosts' pace
    /// could not be shared): what and why.
    Degraded(&'a str),
}

/// Loops a worker runs for a kind of job, each with its own connection:
/// two for the kinds that extract, so that one extracts a batch (all
/// cores) while the other's batch is written (the database's turn),
/// instead of each waiting on the other; one for analysis, whose batches
/// are small.
fn loops_of(kind: JobKind) -> usize {
    match kind {
        JobKind::Fetch | JobKind::Extract => 2,
        JobKind::Analyse => 1,
    }
}

/// How long a fetch waits for jobs before the worker looks at its other
/// kinds and at clustering.
const FETCH_WAIT: Duration = Duration::from_millis(250);

/// How often a worker that may cluster tries to take the lock, and the one
/// that holds it catches up, while jobs keep coming.
const CLUSTER_EVERY: Duration = Duration::from_secs(2);

/// The caller's event callback, shared by a worker's loops.
pub(crate) struct Events<'a>(std::sync::Mutex<&'a mut (dyn FnMut(WorkerEvent<'_>) + Send)>);

impl Events<'_> {
    pub(crate) fn emit(&self, event: WorkerEvent<'_>) {
        // A callback that panicked poisoned the lock; events still flow.
        let mut f = self.0.lock().unwrap_or_else(|e| e.into_inner());
        (*f)(event)
    }
}

/// When the loops of a worker run `exit_when_drained` stop: together,
/// once none of them had a job for the wait and the queue holds none.
/// (Regression: each loop stopped on its own, so an analyse loop that found
/// the queue empty before the first job was published left, and the
/// extract loops then waited forever for room for their analyse jobs.)
struct Drain {
    last_busy: std::sync::Mutex<Instant>,
    stop: AtomicBool,
}

impl Drain {
    fn busy(&self) {
        *self.last_busy.lock().unwrap_or_else(|e| e.into_inner()) = Instant::now();
    }

    fn idle_for(&self) -> Duration {
        self.last_busy.lock().unwrap_or_else(|e| e.into_inner()).elapsed()
    }
}

/// How long a worker waits after the queue or the store failed.
const RETRY_PAUSE: Duration = Duration::from_secs(1);

/// What a worker holds between rounds.
struct State {
    store: Slot,
    /// The loop's kind of job, and where it takes them from.
    kind: JobKind,
    consumer: PullConsumer,
    clustering: Option<ClusterTask>,
    last_cluster_try: Option<Instant>,
}

/// The PostgreSQL lock whose holder keeps copy groups and stories: one
/// worker, or `newsdesk reindex` while it rebuilds them.
pub const CLUSTER_LOCK: &str = "newsdesk:stories";

pub struct Worker {
    queue: JobQueue,
    pub(crate) config: WorkerConfig,
    /// For fetch jobs (one per worker, so that it keeps robots.txt across
    /// batches, and each host's pace with the other workers through `pace`).
    pub(crate) fetcher: Option<Fetcher>,
    pub(crate) pace: Option<Arc<WorkerPace>>,
    extractor: Arc<ArticleExtractor>,
    analyzer: Arc<ArticleAnalyzer>,
}

/// The store connection, moved to a blocking thread for each batch and
/// back (the PostgreSQL client blocks).
pub(crate) type Slot = OffRuntime<PgStore>;

/// Holds a blocking client (a store, a lock) in async code: the PostgreSQL
/// client blocks on its own runtime even to close, which must not happen on
/// an async worker thread, so whatever is held when this drops (at the end,
/// or on an early error return) is closed on a thread of its own.
pub(crate) struct OffRuntime<T: Send + 'static>(Option<T>);

impl<T: Send + 'static> OffRuntime<T> {
    fn take(&mut self) -> Option<T> {
        self.0.take()
    }
}

impl<T: Send + 'static> Drop for OffRuntime<T> {
    fn drop(&mut self) {
        if let Some(held) = self.0.take() {
            std::thread::spawn(move || drop(held));
        }
    }
}

impl Worker {
    /// A worker on `queue`; it needs a tokio runtime (for the fetcher's
    /// HTTP client) when it takes fetch jobs.
    pub fn new(queue: JobQueue, config: WorkerConfig) -> Result<Self> {
        let (fetcher, pace) = match config.kinds.contains(&JobKind::Fetch) {
            true => {
                let pace = Arc::new(WorkerPace::new(&config.store));
                let fetcher = Fetcher::with_shared_pace(config.crawl.fetch.clone(), pace.clone())
                    .map_err(|e| WorkerError::Config(e.to_string()))?;
                (Some(fetcher), Some(pace))
            }
            false => (None, None),
        };
        Ok(Worker { queue, config, fetcher, pace, extractor: Arc::default(), analyzer: Arc::default() })
    }

    /// Runs until stopped (or, with `exit_when_drained`, until the queue is
    /// drained). A queue server or database that goes away is waited for:
    /// the jobs in hand are redelivered, and the worker goes on once both
    /// answer again.
    pub async fn run(&self, on_event: &mut (dyn FnMut(WorkerEvent<'_>) + Send)) -> Result<WorkerReport> {
        // Loops per kind of job (`loops_of`), each with its own connection,
        // so that extracting, analysing and the database's work overlap (the loops
        // share this task, so they need no locks but the events'). The
        // first loop may also cluster.
        let events = Events(std::sync::Mutex::new(on_event));
        let drain = Drain { last_busy: std::sync::Mutex::new(Instant::now()), stop: AtomicBool::new(false) };
        let loops = self
            .config
            .kinds
            .iter()
            .flat_map(|&kind| std::iter::repeat_n(kind, loops_of(kind)))
            .enumerate()
            .map(|(i, kind)| self.run_loop(kind, self.config.cluster && i == 0, &events, &drain));
        let mut report = WorkerReport::default();
        for r in futures_util::future::join_all(loops).await {
            let r = r?;
            report.jobs += r.jobs;
            report.stored += r.stored;
            report.failed += r.failed;
            report.analysed += r.analysed;
            report.clustered += r.clustered;
        }
        Ok(report)
    }

    async fn run_loop(
        &self,
        kind: JobKind,
        cluster: bool,
        on_event: &Events<'_>,
        drain: &Drain,
    ) -> Result<WorkerReport> {
        let mut report = WorkerReport::default();
        let mut state = State {
            store: OffRuntime(Some(connect(&self.config.store).await?)),
            kind,
            consumer: self.queue.consumer(kind).await?,
            clustering: None,
            last_cluster_try: None,
        };
        while !drain.stop.load(Ordering::Relaxed) {
            let busy = match self.step(&mut state, cluster, &mut report, on_event).await {
                Ok(busy) => busy,
                Err(e @ WorkerError::Task(_)) => return Err(e),
                Err(e) => {
                    on_event.emit(WorkerEvent::Waiting(&e));
                    tokio::time::sleep(RETRY_PAUSE).await;
                    true
                }
            };
            if busy {
                drain.busy();
            } else if let Some(wait) = self.config.exit_when_drained {
                if drain.idle_for() >= wait && self.drained().await.unwrap_or(false) {
                    drain.stop.store(true, Ordering::Relaxed);
                }
            }
        }
        // The clusterer finishes what was committed before it stops.
        if let Some(task) = state.clustering.take() {
            match task.finish().await {
                Ok(n) => report.clustered = n,
                Err(e) => on_event.emit(WorkerEvent::Waiting(&e)),
            }
        }
        // Acks are sent in the background: make sure they left.
        self.queue.flush().await?;
        Ok(report)
    }

    /// One round: a batch of the loop's kind, and a look at clustering.
    /// Whether there was anything to do.
    async fn step(
        &self,
        state: &mut State,
        cluster: bool,
        report: &mut WorkerReport,
        on_event: &Events<'_>,
    ) -> Result<bool> {
        let jobs = fetch(&state.consumer, self.config.batch_size).await?;
        let busy = !jobs.is_empty();
        if busy {
            match state.kind {
                JobKind::Fetch => self.fetch(jobs, &mut state.store, report, on_event).await?,
                JobKind::Extract => self.extract(jobs, &mut state.store, report, on_event).await?,
                JobKind::Analyse => self.analyse(jobs, &mut state.store, report, on_event).await?,
            }
        }
        if let Some(task) = &state.clustering {
            report.clustered = task.clustered.load(Ordering::Relaxed);
            if task.handle.is_finished() {
                // It failed (it stops only when told): its lock is let go,
                // and this worker or another takes it again.
                if let Some(task) = state.clustering.take() {
                    if let Err(e) = task.finish().await {
                        on_event.emit(WorkerEvent::Waiting(&e));
                    }
                }
            }
        }
        if cluster && state.clustering.is_none() && state.last_cluster_try.is_none_or(|t| t.elapsed() >= CLUSTER_EVERY)
        {
            state.last_cluster_try = Some(Instant::now());
            if let Some(c) = Clusterer::try_take(&self.config.store).await? {
                on_event.emit(WorkerEvent::Clustering);
                state.clustering = Some(ClusterTask::start(c, report.clustered));
            }
        }
        Ok(busy)
    }

    async fn drained(&self) -> Result<bool> {
        for kind in JobKind::ALL {
            if self.queue.outstanding(kind).await? > 0 {
                return Ok(false);
            }
        }
        Ok(true)
    }

    async fn extract(
        &self,
        jobs: Vec<Message>,
        store: &mut Slot,
        report: &mut WorkerReport,
        on_event: &Events<'_>,
    ) -> Result<()> {
        let inputs: Vec<std::result::Result<Input, InputError>> =
            jobs.iter().map(|m| decode_input(m.headers.as_ref(), &m.payload)).collect();
        let stored = self.store_inputs(inputs, &jobs, store, report, on_event).await?;
        self.finish_batch(&jobs, &stored.ids, report).await
    }

    /// Extracts `inputs` on all cores and stores their articles in one
    /// transaction; what became of each input, by origin. Failures are
    /// reported and counted.
    pub(crate) async fn store_inputs(
        &self,
        inputs: Vec<std::result::Result<Input, InputError>>,
        jobs: &[Message],
        store: &mut Slot,
        report: &mut WorkerReport,
        on_event: &Events<'_>,
    ) -> Result<Stored> {
        let extractor = Arc::clone(&self.extractor);
        // Extraction needs no store, and is not redone when storing fails.
        let extracted = tokio::task::spawn_blocking(move || {
            let processed: Vec<std::result::Result<Processed, InputError>> =
                inputs.into_par_iter().map(|input| process(&extractor, input?)).collect();
            let (mut origins, mut records, mut outcomes) = (Vec::new(), Vec::new(), Vec::new());
            for p in processed {
                match p {
                    Ok(Processed::Article { origin, record }) => {
                        origins.push(origin);
                        records.push(*record);
                    }
                    Ok(Processed::Skipped { origin, reason }) => outcomes.push((origin, InputOutcome::Skipped(reason))),
                    Err(e) => outcomes.push((e.origin, InputOutcome::Failed(e.message))),
                }
            }
            (origins, Arc::new(records), outcomes)
        })
        .await
        .map_err(|e| WorkerError::Task(e.to_string()))?;
        let (origins, batch, mut outcomes) = extracted;

        let all = Arc::clone(&batch);
        let mut ids = Vec::with_capacity(batch.len());
        match self.persist(jobs, store, on_event, move |s| Ok(s.put_batch(&all)?)).await? {
            Ok(stored) => {
                report.stored += stored;
                for (origin, record) in origins.into_iter().zip(batch.iter()) {
                    ids.push(record.article.id.clone());
                    outcomes.push((origin, InputOutcome::Stored(record.article.id.clone())));
                }
            }
            // Something in the batch the store refuses (it is reachable):
            // each page alone, so that only the bad one is reported.
            Err(_) => {
                for (origin, record) in origins.into_iter().zip(batch.iter()) {
                    let one = Arc::new([record.clone()]);
                    match self.persist(jobs, store, on_event, move |s| Ok(s.put_batch(&*one)?)).await? {
                        Ok(stored) => {
                            report.stored += stored;
                            ids.push(record.article.id.clone());
                            outcomes.push((origin, InputOutcome::Stored(record.article.id.clone())));
                        }
                        Err(e) => outcomes.push((origin, InputOutcome::Failed(e.to_string()))),
                    }
                }
            }
        }
        for (origin, outcome) in &outcomes {
            if let InputOutcome::Failed(why) = outcome {
                on_event.emit(WorkerEvent::Failed(&format!("{origin}: {why}")));
                report.failed += 1;
            }
        }
        Ok(Stored { ids, outcomes })
    }

    /// Publishes the analyse job of the articles a batch stored, then acks
    /// the batch's jobs. Analysis is a job of its own, so that any worker
    /// can take it; published before the acks, so a crash in between redoes
    /// the batch (unchanged in the store) rather than losing the analysis.
    pub(crate) async fn finish_batch(&self, jobs: &[Message], ids: &[String], report: &mut WorkerReport) -> Result<()> {
        if !ids.is_empty() {
            let mut publisher = self.queue.publisher();
            publisher.publish(JobKind::Analyse, Default::default(), encode_ids(ids)).await?;
            publisher.finish().await?;
        }
        ack_all(jobs, &mut report.jobs).await
    }

    async fn analyse(
        &self,
        jobs: Vec<Message>,
        store: &mut Slot,
        report: &mut WorkerReport,
        on_event: &Events<'_>,
    ) -> Result<()> {
        let mut seen = HashSet::new();
        let ids: Arc<Vec<String>> =
            Arc::new(jobs.iter().flat_map(|m| decode_ids(&m.payload)).filter(|id| seen.insert(id.clone())).collect());
        let analyzer = Arc::clone(&self.analyzer);
        let outcome = self
            .persist(&jobs, store, on_event, move |s| {
                // Those analysed already (a redelivered job) or gone are
                // left out.
                let todo: Vec<Article> =
                    s.unanalysed_among(ANALYZER, &ids)?.into_iter().map(|stored| stored.article).collect();
                let bodies: Vec<String> = todo
                    .par_iter()
                    .map(|a| {
                        serde_json::to_string(&analyzer.analyze(a))
                            .map_err(|e| WorkerError::Analysis(format!("{}: {e}", a.id)))
                    })
                    .collect::<Result<_>>()?;
                let batch: Vec<(&Article, &str)> = todo.iter().zip(bodies.iter().map(String::as_str)).collect();
                s.put_analyses(ANALYZER, &batch)?;
                Ok(todo.len() as u64)
            })
            .await?;
        match outcome {
            Ok(n) => report.analysed += n,
            Err(e) => {
                report.failed += 1;
                on_event.emit(WorkerEvent::Failed(&format!("analysis of {} articles: {e}", seen.len())));
            }
        }
        ack_all(&jobs, &mut report.jobs).await
    }

    /// Runs `work` against the store until it is done. A failure is tried
    /// again on a new connection; while the store cannot be reached at all
    /// the worker waits, keeping its jobs (they are marked in progress, so
    /// they are not redelivered, nor counted against `max_deliver`). A
    /// failure that repeats while the store answers is the data's: it is
    /// returned, for the caller to report.
    pub(crate) async fn persist<T: Send + 'static>(
        &self,
        jobs: &[Message],
        store: &mut Slot,
        on_event: &Events<'_>,
        work: impl Fn(&mut PgStore) -> Result<T> + Send + Sync + 'static,
    ) -> Result<std::result::Result<T, WorkerError>> {
        let work = Arc::new(work);
        let mut failures = 0;
        loop {
            let w = Arc::clone(&work);
            let error = match blocking(store, &self.config.store, move |s| w(s)).await {
                Ok(done) => return Ok(Ok(done)),
                Err(e) => e,
            };
            on_event.emit(WorkerEvent::Retrying(&error));
            match connect(&self.config.store).await {
                Ok(s) => {
                    store.0 = Some(s);
                    failures += 1;
                    if failures >= 2 {
                        return Ok(Err(error));
                    }
                }
                Err(_) => failures = 0,
            }
            for m in jobs {
                m.ack_with(AckKind::Progress).await.queue_ctx("progress ack")?;
            }
            tokio::time::sleep(RETRY_PAUSE).await;
        }
    }
}

async fn connect(url: &str) -> Result<PgStore> {
    let url = url.to_string();
    tokio::task::spawn_blocking(move || PgStore::connect(&url))
        .await
        .map_err(|e| WorkerError::Task(e.to_string()))?
        .map_err(WorkerError::from)
}

/// Runs `f` with the store on a blocking thread. The store comes back
/// unless `f` failed, when the connection is dropped (it may be the
/// connection that failed) and the caller reconnects.
async fn blocking<T: Send + 'static>(
    slot: &mut Slot,
    slot_url: &str,
    f: impl FnOnce(&mut PgStore) -> Result<T> + Send + 'static,
) -> Result<T> {
    let mut store = match slot.take() {
        Some(s) => s,
        // The last batch's connection failed: a new one.
        None => connect(slot_url).await?,
    };
    let (store, out) = tokio::task::spawn_blocking(move || {
        let out = f(&mut store);
        (store, out)
    })
    .await
    .map_err(|e| WorkerError::Task(e.to_string()))?;
    match out {
        Ok(_) => slot.0 = Some(store),
        Err(_) => drop(OffRuntime(Some(store))),
    }
    out
}

/// Up to `max` jobs, waiting at most [`FETCH_WAIT`] for the first.
async fn fetch(consumer: &PullConsumer, max: usize) -> Result<Vec<Message>> {
    let mut batch =
        consumer.batch().max_messages(max.max(1)).expires(FETCH_WAIT).messages().await.queue_ctx("fetch jobs")?;
    let mut out = Vec::new();
    while let Some(m) = batch.next().await {
        out.push(m.queue_ctx("fetch job")?);
    }
    Ok(out)
}

async fn ack_all(jobs: &[Message], acked: &mut u64) -> Result<()> {
    for m in jobs {
        m.ack().await.queue_ctx("ack")?;
        *acked += 1;
    }
    Ok(())
}

/// The worker that holds the clustering lock, with its coverage follower.
/// Story clustering needs one view of the active stories (which story an
/// article joins depends on every article placed before it), so exactly one
/// process does it; the lock is a PostgreSQL session lock, released when its
/// holder's connection closes, so another worker takes over when it dies.
struct Clusterer {
    _lock: PgLock,
    coverage: Coverage<PgStore>,
}

impl Clusterer {
    async fn try_take(url: &str) -> Result<Option<Clusterer>> {
        let url = url.to_string();
        tokio::task::spawn_blocking(move || -> Result<Option<Clusterer>> {
            let Some(lock) = PgLock::try_acquire(&url, CLUSTER_LOCK)? else { return Ok(None) };
            let coverage = Coverage::new(PgStore::connect(&url)?, CoverageConfig::default())
                .map_err(|e| WorkerError::Coverage(e.to_string()))?;
            Ok(Some(Clusterer { _lock: lock, coverage }))
        })
        .await
        .map_err(|e| WorkerError::Task(e.to_string()))?
    }

    async fn catch_up(mut self) -> Result<(Clusterer, u64)> {
        tokio::task::spawn_blocking(move || {
            let n = self.coverage.catch_up(&mut |_, _| {}).map_err(|e| WorkerError::Coverage(e.to_string()))?;
            Ok((self, n))
        })
        .await
        .map_err(|e| WorkerError::Task(e.to_string()))?
    }
}

/// The clusterer at work on a task of its own, beside the worker's jobs
/// (it has its own connection): it catches up with the store as batches
/// are committed, until told to stop, and then once more until nothing is
/// left.
struct ClusterTask {
    stop: Arc<AtomicBool>,
    clustered: Arc<AtomicU64>,
    handle: tokio::task::JoinHandle<Result<()>>,
}

impl ClusterTask {
    fn start(mut clusterer: Clusterer, clustered_before: u64) -> ClusterTask {
        let stop = Arc::new(AtomicBool::new(false));
        let clustered = Arc::new(AtomicU64::new(clustered_before));
        let (stopping, count) = (Arc::clone(&stop), Arc::clone(&clustered));
        let handle = tokio::spawn(async move {
            loop {
                let last_round = stopping.load(Ordering::Acquire);
                let (c, n) = clusterer.catch_up().await?;
                clusterer = c;
                count.fetch_add(n, Ordering::Relaxed);
                if last_round && n == 0 {
                    break;
                }
                if n == 0 {
                    tokio::time::sleep(FETCH_WAIT).await;
                }
            }
            drop(OffRuntime(Some(clusterer)));
            Ok(())
        });
        ClusterTask { stop, clustered, handle }
    }

    /// Stops it after a last catch-up; the articles clustered in all.
    async fn finish(self) -> Result<u64> {
        self.stop.store(true, Ordering::Release);
        self.handle.await.map_err(|e| WorkerError::Task(e.to_string()))??;
        Ok(self.clustered.load(Ordering::Relaxed))
    }
}
