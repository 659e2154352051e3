//! Sentence embeddings for newsdesk's semantic "similar articles": the
//! [all-MiniLM-L6-v2](https://huggingface.co/sentence-transformers/all-MiniLM-L6-v2)
//! model, run on the CPU with the pure-Rust [candle](https://docs.rs/candle-core)
//! runtime and the [tokenizers](https://docs.rs/tokenizers) crate (no C
//! dependencies). An [`Embedder`] loads the model from a directory in the
//! sentence-transformers layout (`model.safetensors`, `tokenizer.json`,
//! `config.json`), which the caller provides: the model is not shipped with
//! newsdesk. Each text becomes a vector of [`Embedder::DIM`] floats — token
//! embeddings averaged under the attention mask, then L2-normalised, as the
//! sentence-transformers recipe for this model does — so the [`cosine`] of two
//! embeddings is their dot product. Texts are cut at 256 tokens, so embed an
//! article through [`article_text`] (title and first paragraphs).
//!
//! ```no_run
//! use std::path::Path;
//! use newsdesk_embed::{article_text, cosine, Embedder};
//! use newsdesk_model::Article;
//!
//! let embedder = Embedder::load(Path::new("models/all-MiniLM-L6-v2"))?;
//! let mut a = Article::new("a1".into());
//! a.title = Some("River floods the old town".into());
//! a.text = "The river flooded the old town overnight.".into();
//! let texts = [article_text(&a), "Flood waters swamp historic centre".to_string()];
//! let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
//! let vectors = embedder.embed(&refs)?;
//! assert_eq!(vectors[0].len(), Embedder::DIM);
//! println!("cosine {:.3}", cosine(&vectors[0], &vectors[1]));
//! # Ok::<(), newsdesk_embed::EmbedError>(())
//! ```

mod embedder;
mod error;

pub use embedder::{article_text, cosine, fingerprint, Embedder, MAX_TOKENS};
pub use error::{EmbedError, Result};
