//! What every handler shares: the data directory's store connections, the
//! index reader and the configuration.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};

use newsdesk_index::ArticleIndex;
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
            inner: Arc::new(Inner { data: data.to_path_buf(), idle: Mutex::new(vec![store]), index, config }),
        })
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
