//! The embedded SQLite backend of the newsdesk store: one file,
//! `newsdesk.sqlite`, in the data directory, holding every article, the raw
//! page it was extracted from (deflate-compressed) and the earlier versions of
//! articles whose page changed. It needs no server, suits a single machine, and
//! implements [`newsdesk_store::Store`] like every other backend, so callers
//! should program against the trait and only name this type to open it.
//!
//! Each `put_batch` is one SQLite transaction in WAL mode; an article is
//! rewritten only when its content hash (canonical JSON, id excluded) differs
//! from the stored one. The schema is migrated on open and tracked in
//! `PRAGMA user_version`.
//!
//! ```
//! use newsdesk_model::Article;
//! use newsdesk_store::{ListQuery, PageRecord, Store};
//! use newsdesk_store_sqlite::SqliteStore;
//!
//! # fn main() -> newsdesk_store::Result<()> {
//! let mut store = SqliteStore::open_in_memory()?; // SqliteStore::open(dir) for a real one
//! let mut article = Article::new("a1".into());
//! article.title = Some("Rain in Lisbon".into());
//! let mut page = PageRecord::new(article);
//! page.raw_html = Some(b"<h1>Rain in Lisbon</h1>".to_vec());
//!
//! assert_eq!(store.put_batch(&[page.clone()])?.inserted, 1);
//! assert_eq!(store.put_batch(&[page])?.unchanged, 1);
//! assert_eq!(store.get("a1")?.unwrap().article.title.as_deref(), Some("Rain in Lisbon"));
//! assert_eq!(store.raw_html("a1")?.unwrap(), b"<h1>Rain in Lisbon</h1>");
//! assert_eq!(store.list(&ListQuery::default())?.len(), 1);
//! # Ok(())
//! # }
//! ```

mod analyses;
mod codec;
mod coverage;
mod crawl;
mod dump;
mod embeddings;
mod error;
mod schema;
mod store;

pub use schema::SCHEMA_VERSION;
pub use store::{SqliteStore, DB_FILE};
