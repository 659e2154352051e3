//! Storage for newsdesk: the [`Store`] trait that every backend implements
//! (the embedded SQLite one in `newsdesk-store-sqlite`, the PostgreSQL one in
//! `newsdesk-store-postgres`),
//! and the types that cross it.
//!
//! The store is the source of truth: it keeps every article, the raw HTML it
//! came from (so everything can be re-extracted), and earlier versions of
//! articles whose page changed. Writes come in batches, each one atomic.
//! [`CrawlStore`] is the crawler's part: sources and the fetch queue.
//!
//! ```
//! use newsdesk_store::{ListQuery, PageRecord};
//! use newsdesk_model::Article;
//!
//! let record = PageRecord::new(Article::new("a1".into()));
//! assert!(record.raw_html.is_none());
//! let q = ListQuery { source: Some("Daily".into()), ..Default::default() };
//! assert_eq!(q.limit, None);
//! ```

mod codec;
mod coverage;
mod crawl;
mod dump;

pub use codec::{
    check_embedding, check_embeddings, compress_page, content_hash, decode_vector, decompress_page, encode_vector,
};

pub use coverage::{
    representative_title, CopyGroup, CopyRecord, CoverageUpdate, StoryId, StoryMember, StoryOutlet, StoryQuery,
    StorySummary, HEADLINE_AT, HEADLINE_TITLES, UNDATED_RECENT,
};
pub use crawl::{
    CrawlCounts, CrawlStore, DocValidators, FoundUrl, NewSource, PollRecord, SourceId, SourceRecord, UrlOutcome,
    UrlRecord, UrlState,
};
pub use dump::{ArticleDump, StoredPage, VersionDump};

use chrono::{DateTime, NaiveDate, Utc};
use newsdesk_model::Article;
use serde::Serialize;

/// A storage failure.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// The backend's own error (SQL, I/O), as text so callers need not depend on it.
    #[error("{backend}: {message}")]
    Backend { backend: &'static str, message: String },
    /// The data directory holds a store written by a newer newsdesk.
    #[error("store schema version {found} is newer than this newsdesk supports ({supported})")]
    SchemaTooNew { found: i64, supported: i64 },
    /// A stored row that cannot be read back.
    #[error("corrupt record {id}: {message}")]
    Corrupt { id: String, message: String },
    /// An embedding for an article the store does not hold.
    #[error("no article with id {0} to attach an embedding to")]
    UnknownArticle(String),
    /// An embedding that cannot be stored: empty, not finite, or not the
    /// length of the others in its batch.
    #[error("bad embedding for {id}: {message}")]
    BadEmbedding { id: String, message: String },
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// One page to store: the extracted article plus what it came from.
#[derive(Debug, Clone)]
pub struct PageRecord {
    pub article: Article,
    /// The page's bytes as fetched, kept (compressed) for re-extraction.
    pub raw_html: Option<Vec<u8>>,
    /// When the page was fetched or crawled (WARC date), if known.
    pub fetched_at: Option<DateTime<Utc>>,
}

impl PageRecord {
    pub fn new(article: Article) -> Self {
        PageRecord { article, raw_html: None, fetched_at: None }
    }
}

/// What a batch write did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
pub struct BatchReport {
    /// New articles.
    pub inserted: u64,
    /// Articles whose content changed; the previous version was kept.
    pub updated: u64,
    /// Pages identical to what was stored: nothing written.
    pub unchanged: u64,
}

impl std::ops::AddAssign for BatchReport {
    fn add_assign(&mut self, o: Self) {
        self.inserted += o.inserted;
        self.updated += o.updated;
        self.unchanged += o.unchanged;
    }
}

/// An article as stored, with its bookkeeping.
#[derive(Debug, Clone, Serialize)]
pub struct StoredArticle {
    #[serde(flatten)]
    pub article: Article,
    /// When this id was first stored.
    pub first_seen: DateTime<Utc>,
    /// When its content last changed (equals `first_seen` until it does).
    pub last_changed: DateTime<Utc>,
    /// How many versions exist, the current one included.
    pub versions: u32,
}

/// A selection of articles, newest publication first.
#[derive(Debug, Clone, Default)]
pub struct ListQuery {
    /// Only this outlet (`site_name`), case-insensitive.
    pub source: Option<String>,
    /// Only articles published on or after this day.
    pub since: Option<NaiveDate>,
    /// At most this many; `None` for all.
    pub limit: Option<usize>,
    /// Only articles stored or changed at or after this instant (what a
    /// derived index must catch up with after a crash).
    pub changed_since: Option<DateTime<Utc>>,
}

/// Counts over the whole store.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Stats {
    pub articles: u64,
    /// Stored versions, current ones included.
    pub versions: u64,
    /// Articles with raw HTML kept, and its compressed size in bytes.
    pub with_raw_html: u64,
    pub raw_html_bytes: u64,
    pub words: u64,
    pub oldest_published: Option<String>,
    pub newest_published: Option<String>,
    /// Articles per outlet, most first.
    pub sources: Vec<(String, u64)>,
    /// Articles per language, most first.
    pub languages: Vec<(String, u64)>,
}

/// Told of every batch the store has committed, in order, on a thread of
/// its own (the store may already be committing the next batch): this is
/// how derived indexes (full text, embeddings) follow the store, which
/// stays the source of truth.
pub trait Follower: Send {
    /// `committed_at` was taken after the store committed the batch: every
    /// article in it has `last_changed < committed_at`, and anything written
    /// later has `last_changed >= committed_at`. A follower that records it
    /// as its watermark catches up after a crash with
    /// `ListQuery::changed_since`, re-reading nothing it already has.
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> std::result::Result<(), String>;
}

/// A place articles are kept. Implementations must make each
/// [`Store::put_batch`] atomic: after a crash the store holds the whole batch
/// or none of it.
pub trait Store: Send {
    /// Stores a batch in one transaction. Idempotent: a page whose article is
    /// identical to the stored one is counted `unchanged` and not rewritten; a
    /// changed one replaces it and the old version is kept.
    fn put_batch(&mut self, batch: &[PageRecord]) -> Result<BatchReport>;

    /// One article by id.
    fn get(&self, id: &str) -> Result<Option<StoredArticle>>;

    /// The stored articles among `ids`, in the order given (ids not stored
    /// are left out). A backend across a network answers in one round trip;
    /// this default asks for each.
    fn get_many(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        let mut out = Vec::with_capacity(ids.len());
        for id in ids {
            if let Some(a) = self.get(id)? {
                out.push(a);
            }
        }
        Ok(out)
    }

    /// The raw page an article was extracted from, decompressed.
    fn raw_html(&self, id: &str) -> Result<Option<Vec<u8>>>;

    /// Earlier versions of an article, oldest first (the current one excluded).
    fn previous_versions(&self, id: &str) -> Result<Vec<StoredArticle>>;

    /// Calls `visit` for each selected article, streaming: no more than one
    /// row is held at a time, so exports have no row cap.
    fn scan(&self, query: &ListQuery, visit: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()>;

    /// Ids of the articles stored or changed at or after `since` (all when
    /// `None`): dated ones oldest first (by
    /// [`PubDate::timestamp`](newsdesk_model::PubDate::timestamp)), then
    /// undated ones in the order they were first stored (their input
    /// order). Reads no article text, so a follower catching up can list
    /// what to read before reading it.
    fn changed_ids(&self, since: Option<DateTime<Utc>>) -> Result<Vec<String>>;

    /// The instant a catch-up that starts reading now may record as its
    /// watermark: every article not yet visible to a read started now will
    /// have `last_changed` at or after it. With one writer that is now; a
    /// backend shared by concurrent writers answers with the start of the
    /// oldest write still in progress, so that a batch committing during
    /// the catch-up is read by the next one.
    fn catch_up_point(&self) -> Result<DateTime<Utc>> {
        Ok(Utc::now())
    }

    /// A selection collected into a vector (for small `limit`s).
    fn list(&self, query: &ListQuery) -> Result<Vec<StoredArticle>> {
        let mut out = Vec::new();
        self.scan(query, &mut |a| {
            out.push(a);
            Ok(())
        })?;
        Ok(out)
    }

    /// Counts over the whole store.
    fn stats(&self) -> Result<Stats>;

    /// Stores one embedding per article under `model` (a model fingerprint),
    /// in one transaction, replacing any earlier one of that model. Each
    /// vector is tied to the content of the article given with it: once the
    /// stored article changes, the vector is no longer *current* (it is left
    /// out of [`Store::embedding`] and [`Store::scan_embeddings`] and listed
    /// by [`Store::unembedded_ids`]) until a new one is put.
    ///
    /// Fails with [`StoreError::UnknownArticle`] for an id not stored and
    /// [`StoreError::BadEmbedding`] for an empty or non-finite vector or one
    /// whose length differs from the batch's first; nothing is written then.
    fn put_embeddings(&mut self, model: &str, batch: &[(&Article, &[f32])]) -> Result<()>;

    /// The current embedding of article `id` under `model`.
    fn embedding(&self, model: &str, id: &str) -> Result<Option<Vec<f32>>>;

    /// Calls `visit` with the id and vector of every current embedding under
    /// `model`, streaming; with `since`, only those stored at or after it
    /// (what a derived vector index must catch up with).
    fn scan_embeddings(
        &self,
        model: &str,
        since: Option<DateTime<Utc>>,
        visit: &mut dyn FnMut(&str, Vec<f32>) -> Result<()>,
    ) -> Result<()>;

    /// Ids of the articles without a current embedding under `model`.
    fn unembedded_ids(&self, model: &str) -> Result<Vec<String>>;

    /// How many articles have a current embedding under `model`.
    fn embedding_count(&self, model: &str) -> Result<u64>;

    /// Stores one analysis per article (JSON, opaque to the store) made by
    /// `analyzer` (a name with its version), replacing any earlier one. It is
    /// *current* while the analyzer is the same and the article unchanged.
    /// Fails with [`StoreError::UnknownArticle`] for an id not stored;
    /// nothing is written then.
    fn put_analyses(&mut self, analyzer: &str, batch: &[(&Article, &str)]) -> Result<()>;

    /// The current analysis of article `id` by `analyzer`.
    fn analysis(&self, analyzer: &str, id: &str) -> Result<Option<String>>;

    /// Ids of the articles without a current analysis by `analyzer`, in
    /// store order.
    fn unanalysed_ids(&self, analyzer: &str) -> Result<Vec<String>>;

    /// Writes one batch's coverage (copy groups, stories, merges) in one
    /// transaction, with its watermark, and refreshes the summaries of the
    /// stories it touched. Articles it names must be stored.
    fn put_coverage(&mut self, update: &CoverageUpdate) -> Result<()>;

    /// The watermark of the last [`Store::put_coverage`]: articles changed
    /// at or after it may lack coverage.
    fn coverage_watermark(&self) -> Result<Option<DateTime<Utc>>>;

    /// Drops all coverage (copy groups, stories, merges, watermark), to
    /// rebuild it from the articles.
    fn clear_coverage(&mut self) -> Result<()>;

    /// The bucket keys ([`CopyRecord::band_keys`]) of the last `last`
    /// articles given a copy group, most recently stored first: what a
    /// restarted follower reloads as its window of candidate originals.
    fn copy_keys(&self, last: usize, visit: &mut dyn FnMut(&str, Vec<u64>) -> Result<()>) -> Result<()>;

    /// The copy group of an article; `None` when it has no coverage yet.
    fn copy_group(&self, id: &str) -> Result<Option<CopyGroup>>;

    /// The story of an article; `None` when it has no coverage yet.
    fn story_of(&self, id: &str) -> Result<Option<StoryId>>;

    /// [`Store::story_of`] for each of `ids`, in order; one round trip on a
    /// backend across a network.
    fn stories_of(&self, ids: &[&str]) -> Result<Vec<Option<StoryId>>> {
        ids.iter().map(|id| self.story_of(id)).collect()
    }

    /// One story; a story merged into another answers with the one it lives
    /// on in.
    fn story(&self, id: StoryId) -> Result<Option<StorySummary>>;

    /// Ids of a story's articles, earliest published first (undated last).
    fn story_articles(&self, id: StoryId) -> Result<Vec<String>>;

    /// Articles `offset..offset + limit` of story `id` in publication order
    /// (undated last), as listing rows. Backends should answer with one
    /// query whose cost grows with `limit`, not with the story: stories of
    /// tens of thousands of articles are listed a page at a time. This
    /// default reads each article of the story.
    fn story_members(&self, id: StoryId, offset: usize, limit: usize) -> Result<Vec<StoryMember>> {
        let mut out = Vec::new();
        for member in self.story_articles(id)?.into_iter().skip(offset).take(limit) {
            let Some(stored) = self.get(&member)? else { continue };
            let a = stored.article;
            let copy_group = self.copy_group(&a.id)?.map(|g| g.group);
            out.push(StoryMember {
                published: a.published.as_ref().map(|p| p.to_string()),
                id: a.id,
                site_name: a.site_name,
                country: a.country,
                title: a.title,
                url: a.url,
                copy_group,
            });
        }
        Ok(out)
    }

    /// The outlets of story `id` with their article counts, one per
    /// (outlet, country), by their first article (undated last). Backends should keep
    /// these counts as articles join, as [`Store::story`]'s are; this
    /// default reads every member.
    fn story_outlets(&self, id: StoryId) -> Result<Vec<StoryOutlet>> {
        Ok(outlets_of(&self.story_members(id, 0, usize::MAX)?))
    }

    /// Articles of story `id` per day of publication (the stored date's
    /// day, in the source's own time zone), earliest first; undated
    /// articles are not counted. Same advice as [`Store::story_outlets`].
    fn story_days(&self, id: StoryId) -> Result<Vec<(String, u64)>> {
        Ok(days_of(&self.story_members(id, 0, usize::MAX)?))
    }

    /// Stories, most recently published article first.
    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>>;

    /// What a clusterer restarting keeps active: the stories with an article
    /// published less than `window_secs` before the newest one of any story,
    /// and the newest of the stories without a dated article.
    fn recent_stories(&self, window_secs: i64) -> Result<Vec<StoryId>>;

    /// One more than the largest story id ever used (merged ones included).
    fn next_story_id(&self) -> Result<StoryId>;
}

/// The outlets of a story's `members` (in publication order), counted as
/// [`Store::story_outlets`] lists them: by (outlet, case-insensitive;
/// country), in the order of their first article.
pub fn outlets_of(members: &[StoryMember]) -> Vec<StoryOutlet> {
    let mut out: Vec<StoryOutlet> = Vec::new();
    for m in members {
        let same = |o: &StoryOutlet| {
            o.name.as_deref().map(str::to_lowercase) == m.site_name.as_deref().map(str::to_lowercase)
                && o.country == m.country
        };
        match out.iter_mut().find(|o| same(o)) {
            Some(o) => o.articles += 1,
            None => out.push(StoryOutlet {
                name: m.site_name.clone(),
                country: m.country.clone(),
                articles: 1,
                first_published: m.published.clone(),
            }),
        }
    }
    out
}

/// A story's dated `members` per day of publication, earliest first, as
/// [`Store::story_days`] lists them.
pub fn days_of(members: &[StoryMember]) -> Vec<(String, u64)> {
    let mut days: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for p in members.iter().filter_map(|m| m.published.as_deref()) {
        *days.entry(p.get(..10).unwrap_or(p).to_string()).or_default() += 1;
    }
    days.into_iter().collect()
}
