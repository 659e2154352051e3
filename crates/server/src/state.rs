//! What every handler shares: the data directory's store connections, the
//! index reader and the configuration.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use newsdesk_index::{ArticleIndex, Hit};
use newsdesk_store::Store;
use newsdesk_store_sqlite::SqliteStore;

use crate::{Result, ServerConfig, ServerError};

/// Cheap to clone: handlers get one each.
#[derive(Clone)]
pub struct ServerState {
    inner: Arc<Inner>,
}

struct Inner {
    data: PathBuf,
    /// Idle store connections. SQLite connections are not shared between
    /// threads, so each request borrows one (or opens one when all are
    /// busy) and gives it back.
    idle: Mutex<Vec<SqliteStore>>,
    index: ArticleIndex,
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
    fn similar(&self, store: &dyn Store, index: &ArticleIndex, id: &str, limit: usize) -> Result<Option<Vec<Hit>>>;
}

/// Connections kept idle at most.
const MAX_IDLE: usize = 8;

impl std::fmt::Debug for ServerState {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ServerState").field("data", &self.inner.data).finish()
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
        Ok(ServerState {
            inner: Arc::new(Inner {
                data: data.to_path_buf(),
                idle: Mutex::new(vec![store]),
                index,
                config,
                ingest: None,
                similar: None,
            }),
        })
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

    pub fn data_dir(&self) -> &Path {
        &self.inner.data
    }

    pub(crate) fn index(&self) -> &ArticleIndex {
        &self.inner.index
    }

    /// Runs `f` with a store connection and the index on the blocking
    /// thread pool (SQLite and tantivy calls block).
    pub(crate) async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&SqliteStore, &ArticleIndex) -> Result<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let store = state.take_store()?;
            let out = f(&store, &state.inner.index);
            state.give_back(store);
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
        F: FnOnce(&mut SqliteStore) -> Result<T> + Send + 'static,
    {
        let state = self.clone();
        tokio::task::spawn_blocking(move || {
            let mut store = state.take_store()?;
            let out = f(&mut store);
            state.give_back(store);
            out
        })
        .await
        .map_err(|e| ServerError::Internal(format!("request task failed: {e}")))?
    }

    fn take_store(&self) -> Result<SqliteStore> {
        let idle = self.inner.idle.lock().ok().and_then(|mut v| v.pop());
        match idle {
            Some(s) => Ok(s),
            None => Ok(SqliteStore::open(&self.inner.data)?),
        }
    }

    fn give_back(&self, store: SqliteStore) {
        if let Ok(mut idle) = self.inner.idle.lock() {
            if idle.len() < MAX_IDLE {
                idle.push(store);
            }
        }
    }
}
