use newsdesk_attribution::{claim_records, find_quotes_and_claims, quote_records, ClaimRecord, QuoteRecord};
use newsdesk_figures::{figure_records, find_figures, FigureRecord};
use newsdesk_model::Article;
use newsdesk_places::{places, places_record, PlacesRecord};
use newsdesk_summary::Summarizer;
use serde::Serialize;

/// The analyzer's name and version as stored with each analysis: bump the
/// last number when any stage's output changes, so stored analyses are
/// redone.
pub const ANALYZER: &str = "newsdesk-analysis/1";

/// Sentences in a stored summary.
pub const SUMMARY_SENTENCES: usize = 3;

/// Everything worked out for one article (offsets count characters of the
/// article's `text`).
#[derive(Debug, Clone, Serialize)]
pub struct ArticleAnalysis {
    pub summary: Vec<String>,
    pub quotes: Vec<QuoteRecord>,
    /// Assertions attributed to a speaker, each with whether the article
    /// backs it (`cited`), reports contrary evidence (`contested`), says
    /// none was given (`none_given`), or neither (`unstated`).
    pub claims: Vec<ClaimRecord>,
    pub figures: Vec<FigureRecord>,
    /// Places named, and the countries the article is about, weighted
    /// (dateline, title and lead count more), with the outlet's country.
    pub places: PlacesRecord,
}

/// Runs every analysis on an article; cheap to build, shared across threads.
#[derive(Debug, Clone, Default)]
pub struct ArticleAnalyzer {
    summarizer: Summarizer,
}

impl ArticleAnalyzer {
    pub fn new(summarizer: Summarizer) -> Self {
        ArticleAnalyzer { summarizer }
    }

    pub fn analyze(&self, a: &Article) -> ArticleAnalysis {
        let lang = a.language.as_deref();
        let text = a.text.as_str();
        let summary = self.summarizer.summarize_to_strings(text, a.title.as_deref(), lang, SUMMARY_SENTENCES);
        let (quotes, claims) = find_quotes_and_claims(text);
        let (quotes, claims) = (quote_records(text, &quotes), claim_records(text, &claims));
        let figures = figure_records(text, &find_figures(text, lang));
        let title = a.title.as_deref();
        let places = places_record(title, text, &places(title, text, a.country.as_deref()));
        ArticleAnalysis { summary, quotes, claims, figures, places }
    }
}
