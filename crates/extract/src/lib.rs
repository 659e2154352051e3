//! Article extraction: a news page's HTML in, a structured [`Article`] out.
//!
//! [`ArticleExtractor`] decodes the bytes ([`decode_html`]: BOM, HTTP header,
//! `<meta charset>`, then detection), parses them once, finds the body (ordered
//! blocks: paragraphs, headings, quotes, list items, captions) and combines the
//! metadata sources in a fixed order of trust (see [`meta`](crate) docs in
//! `docs/extraction.md`).
//!
//! ```
//! use newsdesk_extract::{ArticleExtractor, PageInput};
//!
//! let html = br#"<html lang="en"><head><title>Rain in Lisbon</title></head><body><article>
//!   <h1>Rain in Lisbon</h1>
//!   <p>Heavy rain fell on Lisbon on Tuesday, flooding several streets in the old town and closing two metro stations.</p>
//!   <p>The city council said clean-up crews worked through the night and that most roads had reopened by morning.</p>
//! </article></body></html>"#;
//! let article = ArticleExtractor::default()
//!     .extract(html, &PageInput::with_url("https://example.com/2024/03/05/rain"))
//!     .unwrap();
//! assert_eq!(article.title.as_deref(), Some("Rain in Lisbon"));
//! assert_eq!(article.blocks.len(), 2);
//! ```

mod body;
mod charset;
mod dom;
mod error;
mod extractor;
mod meta;

pub use charset::{decode_html, Decoded};
pub use error::{ExtractError, Result};
pub use extractor::{ArticleExtractor, PageInput};
