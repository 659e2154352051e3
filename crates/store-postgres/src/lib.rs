//! The PostgreSQL backend of the newsdesk store, for collections that many
//! workers on many machines write into at once. It implements
//! [`newsdesk_store::Store`] and [`newsdesk_store::CrawlStore`] like the
//! embedded SQLite backend, with the same content hashes and the same
//! compressed raw pages, so the same CLI, API and UI run on either and
//! `newsdesk migrate` moves a store between them without changing a byte.
//!
//! Each `put_batch` is one transaction. Concurrent writers of the same
//! article are serialised by its row lock, so a page stored twice at once is
//! still stored once. The schema is migrated on connect (see [`SCHEMA_VERSION`])
//! under an advisory lock, in the schema the connection's `search_path`
//! names (`?options=-csearch_path%3Dname` in the URL).
//!
//! ```no_run
//! use newsdesk_model::Article;
//! use newsdesk_store::{PageRecord, Store};
//! use newsdesk_store_postgres::PgStore;
//!
//! # fn main() -> newsdesk_store::Result<()> {
//! let mut store = PgStore::connect("postgres://postgres@127.0.0.1:5432/newsdesk")?;
//! let mut article = Article::new("a1".into());
//! article.title = Some("Rain in Lisbon".into());
//! assert_eq!(store.put_batch(&[PageRecord::new(article)])?.inserted, 1);
//! assert!(store.get("a1")?.is_some());
//! # Ok(())
//! # }
//! ```

mod analyses;
mod coverage;
mod crawl;
mod embeddings;
mod error;
mod lock;
mod pace;
mod restore;
mod schema;
mod search;
mod searcher;
mod store;

pub use lock::PgLock;
pub use pace::PgHostPace;
pub use restore::Restored;
pub use schema::SCHEMA_VERSION;
pub use store::{is_postgres_url, PgStore};
