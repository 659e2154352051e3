//! Extractive, unsupervised summaries of news articles in the article's own
//! language: no model, no training data. The article is split into
//! sentences (`newsdesk-text`), page furniture (bylines, "PUBLISHED:",
//! "Editor's note") and fragments are set aside, datelines such as
//! "WASHINGTON (Reuters) -" are cut from the front of the sentences, and each
//! sentence is scored by a lead prior (news puts the gist first), its cosine
//! with the whole article and with the title (stemmed content words, stop
//! words of the language removed); quotes and questions lose a little. The
//! summary is picked greedily, each pick penalised by its overlap with the
//! ones already chosen, and returned in text order.
//!
//! ```
//! use newsdesk_summary::Summarizer;
//!
//! let text = "WASHINGTON (Reuters) - The Senate passed the budget bill on Tuesday. \
//!             The vote was 60 to 40. \"It is a good day,\" one senator said. \
//!             The budget bill now goes to the House, where its fate is unclear.";
//! let summary = Summarizer::default().summarize_to_strings(text, None, Some("en"), 2);
//! // The dateline is cut.
//! assert_eq!(summary.len(), 2);
//! assert_eq!(summary[0], "The Senate passed the budget bill on Tuesday.");
//! ```

mod candidates;
mod dateline;
mod rank;
mod terms;

use std::ops::Range;

pub use rank::SummaryConfig;

/// Picks the sentences of a summary; cheap to build and to share.
#[derive(Clone, Debug, Default)]
pub struct Summarizer {
    config: SummaryConfig,
}

impl Summarizer {
    pub fn new(config: SummaryConfig) -> Self {
        Summarizer { config }
    }

    pub fn config(&self) -> &SummaryConfig {
        &self.config
    }

    /// Byte ranges into `text` of at most `sentences` summary sentences, in
    /// text order (fewer when the article has fewer usable sentences). A
    /// range may start after a dateline or agency tag that opens its
    /// sentence. `lang` is the article's ISO 639-1 code when known.
    pub fn summarize(
        &self,
        text: &str,
        title: Option<&str>,
        lang: Option<&str>,
        sentences: usize,
    ) -> Vec<Range<usize>> {
        let candidates = candidates::candidates(text, lang);
        rank::choose(&self.config, text, &candidates, title, lang, sentences)
            .into_iter()
            .map(|i| candidates[i].range.clone())
            .collect()
    }

    /// The summary sentences themselves, in text order.
    pub fn summarize_to_strings(
        &self,
        text: &str,
        title: Option<&str>,
        lang: Option<&str>,
        sentences: usize,
    ) -> Vec<String> {
        self.summarize(text, title, lang, sentences).into_iter().map(|r| text[r].to_string()).collect()
    }
}
