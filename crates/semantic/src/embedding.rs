//! Article embeddings computed from a model directory and kept in the store:
//! by a [`Follower`] during ingest, and by [`catch_up`] for every article
//! still without a current vector (after a crash, or when a model is first
//! given for an existing store).

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use chrono::{DateTime, Utc};
use newsdesk_embed::{article_text, Embedder};
use newsdesk_model::Article;
use newsdesk_store::{Follower, PageRecord, Store};

use crate::error::Result;

/// Articles per model call and per store transaction: a transaction commits
/// every few seconds, so a crash loses little work.
pub const EMBED_CHUNK: usize = 64;

/// A model directory, identified by its fingerprint; the model itself is
/// loaded only when something needs embedding.
#[derive(Debug)]
pub struct Model {
    dir: PathBuf,
    fingerprint: String,
    embedder: OnceLock<Embedder>,
}

impl Model {
    /// Checks the directory holds the model files and fingerprints them
    /// ([`newsdesk_embed::fingerprint`]); does not load the model.
    pub fn open(dir: &Path) -> Result<Model> {
        let fingerprint = newsdesk_embed::fingerprint(dir)?;
        Ok(Model { dir: dir.to_path_buf(), fingerprint, embedder: OnceLock::new() })
    }

    /// The key vectors are stored under.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// The loaded model (loaded on first call).
    pub fn embedder(&self) -> Result<&Embedder> {
        if let Some(e) = self.embedder.get() {
            return Ok(e);
        }
        let loaded = Embedder::load(&self.dir)?;
        Ok(self.embedder.get_or_init(|| loaded))
    }

    /// Embeds `articles` ([`article_text`] of each) and stores the vectors,
    /// [`EMBED_CHUNK`] at a time. Returns how many were stored.
    pub fn embed_into(&self, store: &mut dyn Store, articles: &[&Article]) -> Result<u64> {
        let mut stored = 0;
        for chunk in articles.chunks(EMBED_CHUNK) {
            let texts: Vec<String> = chunk.iter().map(|a| article_text(a)).collect();
            let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
            let vectors = self.embedder()?.embed(&refs)?;
            let pairs: Vec<(&Article, &[f32])> = chunk.iter().copied().zip(vectors.iter().map(Vec::as_slice)).collect();
            store.put_embeddings(&self.fingerprint, &pairs)?;
            stored += chunk.len() as u64;
        }
        Ok(stored)
    }
}

/// Embeds every article of `store` that has no current vector under
/// `model`, in chunks of [`EMBED_CHUNK`], each stored in its own transaction
/// (so an interrupted catch-up keeps what it did). `progress(done, total)` is
/// called after each chunk. Returns how many articles were embedded; the
/// model is not loaded when there are none.
pub fn catch_up(store: &mut dyn Store, model: &Model, progress: &mut dyn FnMut(u64, u64)) -> Result<u64> {
    let ids = store.unembedded_ids(model.fingerprint())?;
    let total = ids.len() as u64;
    let mut done = 0;
    for chunk in ids.chunks(EMBED_CHUNK) {
        let mut articles = Vec::with_capacity(chunk.len());
        for id in chunk {
            // Gone since the ids were read: nothing to embed.
            if let Some(stored) = store.get(id)? {
                articles.push(stored.article);
            }
        }
        let refs: Vec<&Article> = articles.iter().collect();
        model.embed_into(store, &refs)?;
        done += chunk.len() as u64;
        progress(done, total);
    }
    Ok(done)
}

/// Follows ingest: after each committed batch, embeds the articles that have
/// no current vector yet (new and changed ones; unchanged pages are skipped)
/// and stores the vectors through its own store connection.
pub struct EmbedFollower<'a, S: Store> {
    pub store: S,
    pub model: &'a Model,
    /// Articles embedded so far.
    pub embedded: u64,
}

impl<'a, S: Store> EmbedFollower<'a, S> {
    pub fn new(store: S, model: &'a Model) -> Self {
        EmbedFollower { store, model, embedded: 0 }
    }

    fn follow(&mut self, batch: &[PageRecord]) -> Result<()> {
        // The last record of an id is what the store now holds.
        let mut seen = HashSet::new();
        let mut todo = Vec::new();
        for rec in batch.iter().rev() {
            let a = &rec.article;
            if seen.insert(a.id.as_str()) && self.store.embedding(self.model.fingerprint(), &a.id)?.is_none() {
                todo.push(a);
            }
        }
        todo.reverse();
        self.embedded += self.model.embed_into(&mut self.store, &todo)?;
        Ok(())
    }
}

impl<S: Store> Follower for EmbedFollower<'_, S> {
    fn committed(&mut self, batch: &[PageRecord], _committed_at: DateTime<Utc>) -> std::result::Result<(), String> {
        self.follow(batch).map_err(|e| format!("embeddings: {e}"))
    }
}

/// Ensures `Model` can be shared with a follower on the ingest's follower thread.
#[allow(dead_code)]
fn assert_send_sync() {
    fn is<T: Send + Sync>() {}
    is::<Model>();
}
