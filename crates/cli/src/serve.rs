//! `serve`: the HTTP server over the data directory. One writer thread
//! owns the ingest pipeline (store, index, coverage, analysis): it stores
//! pages posted to the API and, with `--watch`, polls the sources between
//! them. Without `--watch` it starts on the first post and ends after a
//! quiet spell, so that `newsdesk ingest` can take the index meanwhile.

use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::sync::mpsc::{self, RecvTimeoutError, SyncSender};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use anyhow::Context;
use chrono::Utc;
use newsdesk_ingest::{IngestEvent, Ingester, Input, Page, SourceHints};
use newsdesk_server::{IngestReceipt, PageIngest, ServerError, ServerState, SubmittedPage};
use newsdesk_store::{Follower, PageRecord};

use crate::browse::open_existing;
use crate::crawl::{self, CrawlFlags};
use crate::index::Followers;
use crate::ingest::{settle, with_followers};
use crate::progress::Progress;
use crate::{coverage, index, semantic};

/// How long the writer waits for another post before letting go of the
/// index (when not watching).
const IDLE: Duration = Duration::from_secs(30);

pub fn run(data: &Path, addr: &str, watch: Option<CrawlFlags>, model: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let config = crawl::load_server_config(data)?;
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    if data.join(newsdesk_store_sqlite::DB_FILE).exists() {
        // Bring the derived index and coverage up to date once.
        let store = open_existing(data)?;
        drop(index::open_current(data, &store)?);
        drop(coverage::open_current(store)?);
    }
    let similar = match &model {
        Some(dir) => Some(semantic_similar(data, dir)?),
        None => None,
    };
    let writer = Arc::new(DeskWriter { data: data.to_path_buf(), model, watch, slot: Arc::default() });
    if writer.watch.is_some() {
        writer.inbox()?;
    }
    let mut state =
        ServerState::open(data, config).with_context(|| format!("opening {}", data.display()))?.with_ingest(writer);
    if let Some(similar) = similar {
        state = state.with_similar(similar);
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("serving {} on http://{local}/ (API under /api/v1)", data.display());
        newsdesk_server::serve(listener, state).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}

/// "Similar articles" blended from the lexical and the semantic ranking
/// (`newsdesk similar --model`'s list) for articles that have a vector.
/// The nearest-vector search is opened once, at start: vectors stored
/// while serving take part through their lexical hits and cosines, and
/// join the semantic candidates at the next start.
pub struct SemanticSimilar {
    model: Arc<newsdesk_semantic::Model>,
    space: newsdesk_semantic::VectorSpace,
}

fn semantic_similar(data: &Path, dir: &Path) -> anyhow::Result<Arc<SemanticSimilar>> {
    let mut store =
        newsdesk_store_sqlite::SqliteStore::open(data).with_context(|| format!("opening {}", data.display()))?;
    semantic_similar_on(&mut store, data, Arc::new(semantic::open_model(dir)?))
}

/// The blend over `store`'s vectors of `model` (caught up first), with the
/// graph of a large collection kept under `cache`.
pub fn semantic_similar_on(
    store: &mut dyn newsdesk_store::Store,
    cache: &Path,
    model: Arc<newsdesk_semantic::Model>,
) -> anyhow::Result<Arc<SemanticSimilar>> {
    semantic::catch_up_embeddings(store, &model)?;
    let space = semantic::open_space(cache, store, &model, false)?;
    Ok(Arc::new(SemanticSimilar { model, space }))
}

impl newsdesk_server::SimilarArticles for SemanticSimilar {
    fn similar(
        &self,
        store: &dyn newsdesk_store::Store,
        index: &dyn newsdesk_index::ArticleSearch,
        id: &str,
        limit: usize,
    ) -> Result<Option<Vec<newsdesk_index::Hit>>, ServerError> {
        semantic::similar(store, index, &self.space, &self.model, id, limit)
            .map_err(|e| ServerError::Internal(format!("similar articles of {id}: {e:#}")))
    }
}

/// What the writer thread is asked to do.
enum Job {
    /// Store a page and say what became of it.
    Page { page: SubmittedPage, reply: SyncSender<Result<IngestReceipt, String>> },
    /// URLs were queued: fetch what is due now.
    Fetch,
}

struct DeskWriter {
    data: PathBuf,
    model: Option<PathBuf>,
    watch: Option<CrawlFlags>,
    slot: Arc<Mutex<WriterSlot>>,
}

/// The writer thread, when one runs.
#[derive(Default)]
struct WriterSlot {
    inbox: Option<SyncSender<Job>>,
    thread: Option<std::thread::JoinHandle<()>>,
}

impl DeskWriter {
    /// The running writer's inbox, starting a writer when none runs (after
    /// the previous one, which may still be letting go of the index, ends).
    fn inbox(&self) -> anyhow::Result<SyncSender<Job>> {
        let mut slot = self.slot.lock().map_err(|_| anyhow::anyhow!("writer state poisoned"))?;
        if let Some(tx) = &slot.inbox {
            return Ok(tx.clone());
        }
        if let Some(old) = slot.thread.take() {
            let _ = old.join();
        }
        let (tx, rx) = mpsc::sync_channel::<Job>(16);
        let (data, model, watch, shared) =
            (self.data.clone(), self.model.clone(), self.watch.clone(), self.slot.clone());
        let thread = std::thread::Builder::new().name("writer".into()).spawn(move || {
            if let Err(e) = writer_loop(&data, model.as_deref(), watch.as_ref(), &rx, &shared) {
                eprintln!("writer: {e:#}");
            }
            if let Ok(mut slot) = shared.lock() {
                slot.inbox = None;
            }
        })?;
        slot.inbox = Some(tx.clone());
        slot.thread = Some(thread);
        Ok(tx)
    }

    /// Hands `page` to the writer thread and waits for the answer.
    fn submit(&self, page: SubmittedPage) -> Result<IngestReceipt, ServerError> {
        // A writer that lets go after a quiet spell just as a page comes
        // drops it unanswered; the second try goes to a fresh writer.
        for _ in 0..2 {
            let inbox = self.inbox().map_err(|e| ServerError::Internal(format!("starting the writer: {e:#}")))?;
            let (reply, answer) = mpsc::sync_channel(1);
            if inbox.send(Job::Page { page: page.clone(), reply }).is_err() {
                continue;
            }
            match answer.recv() {
                Ok(Ok(receipt)) => return Ok(receipt),
                Ok(Err(message)) => return Err(ServerError::Internal(message)),
                Err(_) => continue,
            }
        }
        Err(ServerError::Internal("the writer stopped; see the server's log".into()))
    }
}

impl PageIngest for DeskWriter {
    fn ingest(&self, page: SubmittedPage) -> Result<IngestReceipt, ServerError> {
        self.submit(page)
    }

    fn queued(&self) {
        // Only a watching writer fetches; without --watch the URL waits
        // for `newsdesk watch`.
        if self.watch.is_some() {
            if let Some(inbox) = self.slot.lock().ok().and_then(|s| s.inbox.clone()) {
                let _ = inbox.try_send(Job::Fetch);
            }
        }
    }
}

/// Holds the pipeline: stores posted pages as they come and, when
/// watching, polls the sources whenever they are due.
fn writer_loop(
    data: &Path,
    model: Option<&Path>,
    watch: Option<&CrawlFlags>,
    jobs: &mpsc::Receiver<Job>,
    slot: &Mutex<WriterSlot>,
) -> anyhow::Result<()> {
    let crawler = watch.map(|flags| crawl::open_crawler(data, flags, None)).transpose()?;
    let mut progress = Progress::new("pages");
    let ((), report) = with_followers(data, model, |store, followers| loop {
        let wake = match &crawler {
            Some(c) => {
                crawl::watch_pass(c, false, store, followers, &mut progress)?;
                Instant::now() + crawl::next_pause(c)?
            }
            None => Instant::now() + IDLE,
        };
        loop {
            match jobs.recv_timeout(wake.saturating_duration_since(Instant::now())) {
                Ok(Job::Page { page, reply }) => {
                    let outcome = store_page(store, followers, page).map_err(|e| format!("{e:#}"));
                    // The poster may have gone; nothing to tell then.
                    let _ = reply.send(outcome);
                }
                Ok(Job::Fetch) if crawler.is_some() => break,
                Ok(Job::Fetch) => {}
                Err(RecvTimeoutError::Timeout) => break,
                Err(RecvTimeoutError::Disconnected) => return Ok(()),
            }
        }
        if crawler.is_none() {
            // Quiet: let go of the index, unless a page came in meanwhile
            // (checked under the lock that hands out the inbox).
            let mut slot = slot.lock().map_err(|_| anyhow::anyhow!("writer state poisoned"))?;
            if let Ok(Job::Page { page, reply }) = jobs.try_recv() {
                drop(slot);
                let outcome = store_page(store, followers, page).map_err(|e| format!("{e:#}"));
                let _ = reply.send(outcome);
                continue;
            }
            slot.inbox = None;
            return Ok(());
        }
    })?;
    eprintln!("writer: {report}");
    Ok(())
}

/// The ids of the articles a batch committed.
struct Capture<'a> {
    follower: &'a mut dyn Follower,
    ids: Vec<String>,
}

impl Follower for Capture<'_> {
    fn committed(&mut self, batch: &[PageRecord], at: chrono::DateTime<Utc>) -> Result<(), String> {
        self.ids.extend(batch.iter().map(|r| r.article.id.clone()));
        self.follower.committed(batch, at)
    }
}

/// Stores one posted page through the pipeline and commits the index, so
/// the article is searchable when the answer goes out.
fn store_page(
    store: &mut newsdesk_store_sqlite::SqliteStore,
    followers: &mut Followers<'_>,
    page: SubmittedPage,
) -> anyhow::Result<IngestReceipt> {
    let receipt = store_page_with(store, followers, page)?;
    settle(followers)?;
    Ok(receipt)
}

/// Extracts and stores `page`, telling `follower` what was committed.
pub fn store_page_with(
    store: &mut dyn newsdesk_store::Store,
    follower: &mut dyn Follower,
    page: SubmittedPage,
) -> anyhow::Result<IngestReceipt> {
    let origin = page.url.clone().unwrap_or_else(|| "POST /api/v1/ingest".into());
    let input = Input::Page(Page {
        origin,
        bytes: page.html.into_bytes(),
        url: page.url,
        content_type: Some("text/html".into()),
        fetched_at: Some(Utc::now()),
        source_hints: SourceHints { site_name: page.source, country: page.country, language: page.language },
    });
    let mut capture = Capture { follower, ids: Vec::new() };
    let mut problem: Option<String> = None;
    let summary =
        Ingester::default().run_batches(std::iter::once(vec![Ok(input)]), store, Some(&mut capture), &mut |event| {
            match event {
                IngestEvent::Failed(e) => problem = Some(e.message.clone()),
                IngestEvent::Skipped { reason, .. } => problem = Some(reason.to_string()),
                IngestEvent::Progress { .. } => {}
            }
        })?;
    let ids = std::mem::take(&mut capture.ids);
    let s = &summary.stored;
    let status = if s.inserted > 0 {
        "new"
    } else if s.updated > 0 {
        "updated"
    } else if s.unchanged > 0 {
        "unchanged"
    } else if summary.failed > 0 {
        anyhow::bail!("the page could not be extracted: {}", problem.unwrap_or_default());
    } else {
        "skipped"
    };
    Ok(IngestReceipt { id: ids.into_iter().next(), status: status.into(), message: problem })
}
