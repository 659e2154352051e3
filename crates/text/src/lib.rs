//! Text units shared by the analysis stages (summary, quotes, claims,
//! figures, places): sentence boundaries as byte ranges into the article
//! text, so every stage can point back into the original.
//!
//! ```
//! let text = "Mr. Smith arrived. He said 3.5 percent.";
//! let s: Vec<&str> = newsdesk_text::sentences(text, Some("en")).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(s, ["Mr. Smith arrived.", "He said 3.5 percent."]);
//! ```

mod sentences;

pub use sentences::sentences;
