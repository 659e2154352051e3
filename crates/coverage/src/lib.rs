//! Coverage kept in the store as articles arrive: each article's copy group
//! (syndicated copies of one text, by `newsdesk-dedup`'s test) and its story
//! (by `newsdesk-stories`' streaming clusterer).
//!
//! [`Coverage`] follows ingest (it is a [`newsdesk_store::Follower`] with its
//! own store connection): after each committed batch it
//!
//! 1. sketches the articles without coverage on all cores and looks up
//!    candidate copies by their LSH bucket keys in an in-memory window of
//!    the most recently stored articles ([`CoverageConfig::copy_window`];
//!    earlier ones of the batch included); each candidate is verified on
//!    its current text, and the article joins the group of its best match
//!    at or above the threshold (only the best: a short text contained in
//!    two longer ones does not chain their groups). The keys are also
//!    stored, so that a restart reloads the window. (Keeping the buckets in
//!    a store table instead costs tens of random B-tree writes per article:
//!    measured at 600-1,200 articles/s by 100,000 articles and falling.)
//! 2. places the articles without a story in publication order (undated
//!    ones after the dated article before them; a batch in which fewer than
//!    half carry a date in input order, all undated: [`dates_can_order`]):
//!    a copy joins its original's story, even one that has closed; others
//!    go through the clusterer, whose merges are recorded;
//! 3. writes both, the touched stories' summaries and its watermark in one
//!    transaction ([`newsdesk_store::Store::put_coverage`]).
//!
//! The clusterer holds only the active stories. On the first batch after
//! opening, it is rebuilt from the store's recent stories, and the window
//! from the newest copy records (those that grew
//! within the idle window), and articles the store holds without coverage
//! (a crash between the store's commit and ours, an older store) are caught
//! up first, in publication order. [`Coverage::rebuild`] replays everything.
//!
//! ```
//! use newsdesk_coverage::{Coverage, CoverageConfig};
//! use newsdesk_model::Article;
//! use newsdesk_store::{PageRecord, Store};
//! use newsdesk_store_sqlite::SqliteStore;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let mut store = SqliteStore::open_in_memory()?;
//! let body = "The central bank raised its main interest rate by a quarter point on Thursday, \
//!             citing persistent inflation in services and a tight labour market across the region.";
//! let batch: Vec<PageRecord> = ["wire", "copy"]
//!     .iter()
//!     .map(|id| {
//!         let mut a = Article::new(id.to_string());
//!         a.title = Some("Central bank raises rates".into());
//!         a.text = body.into();
//!         PageRecord::new(a)
//!     })
//!     .collect();
//! store.put_batch(&batch)?;
//! let mut coverage = Coverage::new(store, CoverageConfig::default())?;
//! coverage.catch_up(&mut |_, _| {})?;
//! let store = coverage.into_store();
//! assert_eq!(store.copy_group("copy")?.unwrap().members.len(), 2);
//! assert_eq!(store.story_of("wire")?, store.story_of("copy")?);
//! # Ok(())
//! # }
//! ```

mod keeper;
mod order;
mod views;
mod window;
mod writer;

pub use keeper::{Coverage, CoverageStats};
pub use order::{dates_can_order, processing_order, stream_order, surviving_story};
pub use views::{copy_chain, split_copies, story_page, CopyMember, Outlet, Split, StoryArticle, StoryPage};

use newsdesk_store::StoreError;
use newsdesk_stories::StoryConfig;

/// Why coverage could not be kept.
#[derive(Debug, thiserror::Error)]
pub enum CoverageError {
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("copy detection settings: {0}")]
    Copies(#[from] newsdesk_dedup::DedupError),
    #[error("story clustering settings: {0}")]
    Stories(#[from] newsdesk_stories::StoryError),
    /// Writing on the writer's connection ([`Coverage::with_writer`]) failed.
    #[error("writing coverage: {0}")]
    Writer(String),
}

/// `Result` with a [`CoverageError`].
pub type Result<T, E = CoverageError> = std::result::Result<T, E>;

/// Settings of both stages.
#[derive(Debug, Clone, PartialEq)]
pub struct CoverageConfig {
    pub copies: newsdesk_dedup::Config,
    pub stories: StoryConfig,
    /// Candidates verified per article (those sharing most bucket keys
    /// first). More: a text with very many copies finds one more surely, at
    /// the price of a slower batch when a boilerplate body matches many.
    pub max_candidates: usize,
    /// How many of the most recently stored articles a new one is compared
    /// with (kept in memory, about 0.5 KB each). A copy of an older article
    /// is not found: at 10,000 articles a day the default reaches back
    /// about three weeks, beyond which wire copies are rare. More: older
    /// originals found, more memory.
    pub copy_window: usize,
}

impl Default for CoverageConfig {
    fn default() -> Self {
        CoverageConfig {
            copies: newsdesk_dedup::Config::default(),
            stories: StoryConfig::default(),
            max_candidates: 32,
            copy_window: 200_000,
        }
    }
}
