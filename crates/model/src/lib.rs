//! The article model that every newsdesk stage reads and writes.
//!
//! An [`Article`] is what extraction makes of a page and what the store keeps:
//! the body as ordered [`Block`]s plus the metadata a reader sees (title, byline,
//! dates, outlet, language). [`InputRecord`] is the JSONL record shape that every
//! standalone command accepts; see `docs/jsonl.md` for the conventions.
//!
//! ```
//! use newsdesk_model::{Article, Block, BlockKind, article_id};
//!
//! let mut article = Article::new(article_id(Some("https://example.com/a?utm_source=x"), "", ""));
//! article.blocks.push(Block::new(BlockKind::Paragraph, "Rain fell in Lisbon."));
//! article.finish_text();
//! assert_eq!(article.text, "Rain fell in Lisbon.");
//! assert_eq!(article.word_count, 4);
//! ```

mod article;
mod date;
mod id;
mod record;

pub use article::{Article, Block, BlockKind, Extraction, Strategy};
pub use date::{PubDate, PubDateError};
pub use id::{article_id, canonicalize_url};
pub use record::{InputRecord, RecordError};

/// Counts words the way every newsdesk stage does: maximal runs of Unicode
/// alphanumeric characters (the `\w+` tokenisation of the extraction benchmarks).
pub fn count_words(text: &str) -> usize {
    let mut count = 0;
    let mut in_word = false;
    for c in text.chars() {
        let w = c.is_alphanumeric() || c == '_';
        if w && !in_word {
            count += 1;
        }
        in_word = w;
    }
    count
}
