//! The full-text search index of newsdesk: articles from the store go in,
//! ranked hits with snippets and facet counts come out. It is built on
//! [tantivy](https://docs.rs/tantivy) and is a derived copy of the store,
//! rebuilt from it at will ([`ArticleIndex::clear`] then re-add); the
//! watermark stored with each commit tells a feeder where to resume after a
//! crash.
//!
//! Each article's title and body are analyzed in its own language (stemming
//! and stop words for en, de, fr, es, pt, it, nl, ru and nine more; character
//! bigrams for Chinese, Japanese, Korean, Thai and any other language), and
//! queries in the language of [`QUERY_SYNTAX`] run against every language at
//! once. Ranking is BM25 over title and body, the title counted twice.
//!
//! ```
//! use newsdesk_index::{ArticleIndex, SearchRequest};
//! use newsdesk_model::Article;
//!
//! let mut index = ArticleIndex::open_in_ram()?;
//! let mut a = Article::new("a1".into());
//! a.title = Some("River floods the old town".into());
//! a.text = "The river flooded the old town overnight.".into();
//! a.language = Some("en".into());
//! index.add(&[a])?;
//! index.commit(Some("store-seq-1"))?;
//!
//! let found = index.search(&SearchRequest::new("flooding town"))?;
//! assert_eq!(found.total, 1);
//! assert_eq!(found.hits[0].id, "a1");
//! assert!(found.hits[0].snippet.contains("**flooded**"));
//! assert_eq!(index.watermark().as_deref(), Some("store-seq-1"));
//! # Ok::<(), newsdesk_index::IndexError>(())
//! ```

mod analysis;
mod error;
mod facets;
mod guard;
mod index;
mod inverter;
mod known;
mod matches;
mod memo;
mod presence;
mod query;
mod schema;
mod search;
mod segment;
mod terms;

pub use analysis::is_cjk;
pub use error::{IndexError, Result};
pub use facets::Facets;
pub use index::{lead_snippet, marked_snippet, ArticleIndex, Hit, SearchRequest, SearchResults, Sort};
pub use presence::DayPresence;
pub use query::{parse_query, QueryField, QueryTree, TermKind, QUERY_SYNTAX};
pub use search::ArticleSearch;
#[doc(hidden)]
pub use segment::same_segment_as_tantivy;
