//! Semantic "similar articles" for newsdesk, on top of the store and the
//! [`newsdesk_embed`] model:
//!
//! - [`Model`] names a model directory by its fingerprint and loads the
//!   model only when something must be embedded; [`EmbedFollower`] embeds
//!   each batch `ingest` commits, and [`catch_up`] every article still
//!   without a current vector. Vectors live in the store
//!   ([`newsdesk_store::Store::put_embeddings`]), tied to the article content
//!   they came from, so a changed article is embedded again.
//! - [`VectorSpace`] finds the nearest stored vectors: exactly below
//!   [`ANN_THRESHOLD`] vectors, through an HNSW graph ([`Ann`], saved under
//!   the data directory) above it.
//! - [`blend`] merges the lexical and semantic rankings:
//!   over the union of both top [`CANDIDATES`],
//!   `final = w * lexical_norm + (1 - w) * cosine` with `w` = [`BLEND_W`]
//!   (0.3), `lexical_norm` being the BM25 score over the top BM25 score.
//!   [`similar`] runs it for one article: `newsdesk similar --model` shows
//!   its list and the similar eval scores it.
//!
//! ```
//! use newsdesk_semantic::{blend, Flat, BLEND_W};
//!
//! // Semantic candidates from stored vectors...
//! let mut vectors = Flat::new();
//! vectors.push("quake-b", &[0.9, 0.1]);
//! vectors.push("football", &[0.0, 1.0]);
//! let query = [1.0, 0.0];
//! let semantic: Vec<String> = vectors.nearest(&query, 50, |_| false).into_iter().map(|(id, _)| id).collect();
//! // ...blended with lexical (BM25) ones.
//! let lexical = vec![("quake-c".to_string(), 12.0), ("quake-b".to_string(), 6.0)];
//! let cosine = |id: &String| match id.as_str() {
//!     "quake-b" => Some(0.99),
//!     "quake-c" => Some(0.6),
//!     _ => Some(0.0),
//! };
//! let ranked = blend(&lexical, &semantic, cosine, BLEND_W);
//! assert_eq!(ranked[0].0, "quake-b"); // 0.3 * 0.5 + 0.7 * 0.99
//! assert_eq!(ranked[1].0, "quake-c"); // 0.3 * 1.0 + 0.7 * 0.6
//! ```

mod ann;
mod blend;
mod embedding;
mod error;
mod flat;
mod similar;
mod space;

pub use ann::{Ann, Unit, EF_CONSTRUCTION, EF_SEARCH};
pub use blend::{blend, BLEND_W, CANDIDATES};
pub use embedding::{catch_up, EmbedFollower, Model, EMBED_CHUNK};
pub use error::{Result, SemanticError};
pub use flat::{normalised, Flat};
pub use similar::{similar, Blended};
pub use space::{Method, OpenReport, VectorSpace, ANN_THRESHOLD, REBUILD_FRACTION, REBUILD_MIN};
