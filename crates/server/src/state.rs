//! What every handler shares: store connections, search and the
//! configuration. The store is the data directory's (SQLite, searched by its
//! tantivy index) or a shared PostgreSQL one that searches in place.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use newsdesk_index::{ArticleIndex, ArticleSearch, Hit};
use newsdesk_store::{CrawlStore, Store};
use newsdesk_store_postgres::PgStore;
use newsdesk_store_sqlite::SqliteStore;

use crate::{Result, ServerConfig, ServerError};

/// What handlers read and write: articles and their derived data, and the
/// crawl state (sources, queued URLs).
pub trait ServedStore: Store + CrawlStore {}

impl<S: Store + CrawlStore> ServedStore for S {}

/// Where the server's articles are.
#[allow(clippy::large_enum_variant)] // one per server
enum Backend {
    /// A data directory: SQLite, and the tantivy index in `data/index`.
    Embedded { data: PathBuf, idle: Mutex<Vec<SqliteStore>>, index: ArticleIndex },
    /// A PostgreSQL store, which is its own search.
    Shared { url: String, idle: Mutex<Vec<PgStore>> },
}

/// A connection borrowed for one request.
#[allow(clippy::large_enum_variant)] // moved twice a request
enum Conn {
    Embedded(SqliteStore),
    Shared(PgStore),
}

/// Cheap to clone: handlers get one each.
#[derive(Clone)]
pub struct ServerState {
    inner: Arc<Inner>,
}

struct Inner {
    /// With idle store connections: connections are not shared between
    /// threads, so each request borrows one (or opens one when all are
    /// busy) and gives it back.
    backend: Backend,
    config: ServerConfig,
    ingest: Option<Arc<dyn PageIngest>>,
    similar: Option<Arc<dyn SimilarArticles>>,
}

/// A page posted to `POST /api/v1/ingest`.
#[derive(Debug, Clone)]
pub struct SubmittedPage {
    pub html: String,
    pub url: Option<String>,
    /// The outlet's name, country and language where the page does not say.
    pub source: Option<String>,
    pub country: Option<String>,
    pub language: Option<String>,
}

/// What became of a submitted page.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IngestReceipt {
    /// The stored article's id (absent when nothing was stored).
    pub id: Option<String>,
    /// `new`, `updated`, `unchanged` or `skipped` (not an article).
    pub status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub message: Option<String>,
}

/// Stores a submitted page through the full ingest path (store, index,
/// copies, stories, analysis). The binary supplies it, as it owns the
/// pipeline; a server without one refuses page submissions.
pub trait PageIngest: Send + Sync {
    /// Blocks until the page is stored (or refused).
    fn ingest(&self, page: SubmittedPage) -> Result<IngestReceipt>;

    /// URLs were queued for fetching: a writer that watches the sources
    /// fetches them now rather than at its next poll.
    fn queued(&self) {}
}

/// A "Similar articles" ranking other than the index's lexical one: the
/// binary's blend of lexical and semantic scores when a model is configured
/// (the server itself carries no model runtime).
pub trait SimilarArticles: Send + Sync {
    /// Up to `limit` articles like `id`, best first, `id` itself left out;
    /// `None` when this ranking has nothing to say of `id` (no vector yet),
    /// and the lexical list is shown instead.
    fn similar(
        &self,
        store: &dyn Store,
        search: &dyn ArticleSearch,
        id: &str,
        limit: usize,
    ) -> Result<Option<Vec<Hit>>>;
}

/// Connections kept idle at most.
const MAX_IDLE: usize = 8;

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let at = match &self.inner.backend {
            Backend::Embedded { data, .. } => data.display().to_string(),
            Backend::Shared { idle, .. } => {
                idle.lock().ok().and_then(|v| v.first().map(|s| s.url().to_string())).unwrap_or_default()
            }
        };
        f.debug_struct("ServerState").field("store", &at).finish()
    }
}

impl ServerState {
    /// Opens the store in `data` (creating an empty one when there is none)
    /// and `data/index` for reading. The index is not brought up to date
    /// here: whoever writes the store feeds it (the CLI's `serve` catches
    /// it up before it starts).
    pub fn open(data: &Path, config: ServerConfig) -> Result<ServerState> {
        let store = SqliteStore::open(data)?;
        let index = ArticleIndex::open_reader(&data.join("index"))?;
        let backend = Backend::Embedded { data: data.to_path_buf(), idle: Mutex::new(vec![store]), index };
        Ok(ServerState::with_backend(backend, config))
    }

    /// Serves the PostgreSQL store at `url` (shared with workers that write
    /// it): search runs in PostgreSQL.
    pub fn open_postgres(url: &str, config: ServerConfig) -> Result<ServerState> {
        let store = PgStore::connect(url)?;
        let backend = Backend::Shared { url: url.to_string(), idle: Mutex::new(vec![store]) };
        Ok(ServerState::with_backend(backend, config))
    }

    fn with_backend(backend: Backend, config: ServerConfig) -> ServerState {
        ServerState { inner: Arc::new(Inner { backend, config, ingest: None, similar: None }) }
    }

    /// Gives the server a way to store posted pages. Call before serving.
    pub fn with_ingest(mut self, ingest: Arc<dyn PageIngest>) -> ServerState {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.ingest = Some(ingest),
            None => panic!("ServerState::with_ingest called after the state was shared"),
        }
        self
    }

    /// Gives the server the ranking of "Similar articles" (the lexical one
    /// of the index otherwise). Call before serving.
    pub fn with_similar(mut self, similar: Arc<dyn SimilarArticles>) -> ServerState {
        match Arc::get_mut(&mut self.inner) {
            Some(inner) => inner.similar = Some(similar),
            None => panic!("ServerState::with_similar called after the state was shared"),
        }
        self
    }

    pub(crate) fn similar(&self) -> Option<Arc<dyn SimilarArticles>> {
        self.inner.similar.clone()
    }

    pub(crate) fn ingest(&self) -> Option<Arc<dyn PageIngest>> {
        self.inner.ingest.clone()
    }

    pub fn config(&self) -> &ServerConfig {
        &self.inner.config
    }

    /// The data directory served; `None` for a PostgreSQL store.
    pub fn data_dir(&self) -> Option<&Path> {
        match &self.inner.backend {
            Backend::Embedded { data, .. } => Some(data),
            Backend::Shared { .. } => None,
        }
    }

    /// The embedded store's index (to refresh it after a write); `None`
    /// for a PostgreSQL store, whose search sees every commit at once.
    pub(crate) fn index(&self) -> Option<&ArticleIndex> {
        match &self.inner.backend {
            Backend::Embedded { index, .. } => Some(index),
            Backend::Shared { .. } => None,
        }
    }

    /// Runs `f` with a store connection and search on the blocking thread
    /// pool (SQLite, tantivy and the PostgreSQL client block).
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&dyn ServedStore, &dyn ArticleSearch) -> Result<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let conn = state.take_store()?;
            let out = match (&conn, &state.inner.backend) {
                (Conn::Embedded(s), Backend::Embedded { index, .. }) => f(s, index),
                (Conn::Shared(s), _) => f(s, s),
                (Conn::Embedded(_), Backend::Shared { .. }) => unreachable!("connections come from the backend"),
            };
            state.give_back(conn, &out);
            out
        })
        .await
        .map_err(|e| ServerError::Internal(format!("request task failed: {e}")))?
    }

    /// As [`read`](Self::read), with the connection writable (the crawl
    /// queue and the sources; articles go through [`PageIngest`]).
    pub(crate) async fn write<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut dyn ServedStore) -> Result<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut conn = state.take_store()?;
            let out = match &mut conn {
                Conn::Embedded(s) => f(s),
                Conn::Shared(s) => f(s),
            };
            state.give_back(conn, &out);
            out
        })
        .await
        .map_err(|e| ServerError::Internal(format!("request task failed: {e}")))?
    }

    fn take_store(&self) -> Result<Conn> {
        match &self.inner.backend {
            Backend::Embedded { data, idle, .. } => match idle.lock().ok().and_then(|mut v| v.pop()) {
                Some(s) => Ok(Conn::Embedded(s)),
                None => Ok(Conn::Embedded(SqliteStore::open(data)?)),
            },
            Backend::Shared { url, idle } => match idle.lock().ok().and_then(|mut v| v.pop()) {
                Some(s) => Ok(Conn::Shared(s)),
                None => Ok(Conn::Shared(PgStore::connect(url)?)),
            },
        }
    }

    /// Keeps the connection for the next request, unless the request failed
    /// (a PostgreSQL connection may be what failed: a new one is opened).
    fn give_back<T>(&self, conn: Conn, outcome: &Result<T>) {
        match (conn, &self.inner.backend) {
            (Conn::Embedded(s), Backend::Embedded { idle, .. }) => keep(idle, s),
            (Conn::Shared(s), Backend::Shared { idle, .. }) if outcome.is_ok() => keep(idle, s),
            _ => {}
        }
    }
}

fn keep<S>(idle: &Mutex<Vec<S>>, store: S) {
    if let Ok(mut idle) = idle.lock() {
        if idle.len() < MAX_IDLE {
            idle.push(store);
        }
    }
}
