//! Text units shared by the analysis stages (summary, quotes, claims,
//! figures, places): sentence boundaries as byte ranges into the article
//! text, so every stage can point back into the original, and the function
//! words of each language.
//!
//! The splitter knows abbreviations per language ("Mr.", "Gen.", "U.S.",
//! "z. B.", "Nr.", "M.", "Sra."), initials, decimals, ellipses, quotes that
//! close a sentence, list numbers and German-style ordinals; a line break
//! always ends a sentence.
//!
//! ```
//! let text = "Mr. Smith arrived. He said 3.5 percent.";
//! let s: Vec<&str> = newsdesk_text::sentences(text, Some("en")).into_iter().map(|r| &text[r]).collect();
//! assert_eq!(s, ["Mr. Smith arrived.", "He said 3.5 percent."]);
//! ```

mod abbreviations;
mod lang;
mod sentences;
mod stopwords;

pub use sentences::sentences;
pub use stopwords::is_stop_word;
