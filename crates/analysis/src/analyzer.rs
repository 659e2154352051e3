use newsdesk_attribution::{
    claim_records, find_claims, find_quotes, find_quotes_and_claims, quote_records, ClaimRecord, QuoteRecord,
};
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

    /// Every analysis, as stored at ingest (quotes and claims from one pass).
    pub fn analyze(&self, a: &Article) -> ArticleAnalysis {
        let text = a.text.as_str();
        let (quotes, claims) = find_quotes_and_claims(text);
        ArticleAnalysis {
            summary: self.summary(a, SUMMARY_SENTENCES),
            quotes: quote_records(text, &quotes),
            claims: claim_records(text, &claims),
            figures: self.figures(a),
            places: self.places(a),
        }
    }

    /// At most `sentences` summary sentences, in text order.
    pub fn summary(&self, a: &Article, sentences: usize) -> Vec<String> {
        self.summarizer.summarize_to_strings(&a.text, a.title.as_deref(), a.language.as_deref(), sentences)
    }

    pub fn quotes(&self, a: &Article) -> Vec<QuoteRecord> {
        quote_records(&a.text, &find_quotes(&a.text))
    }

    pub fn claims(&self, a: &Article) -> Vec<ClaimRecord> {
        claim_records(&a.text, &find_claims(&a.text))
    }

    pub fn figures(&self, a: &Article) -> Vec<FigureRecord> {
        figure_records(&a.text, &find_figures(&a.text, a.language.as_deref()))
    }

    /// Places of the title and text, with the outlet's country (`a.country`).
    pub fn places(&self, a: &Article) -> PlacesRecord {
        let title = a.title.as_deref();
        places_record(title, &a.text, &places(title, &a.text, a.country.as_deref()))
    }
}
