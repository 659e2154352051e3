//! What each article says, worked out once at ingest and kept in the store:
//! an extractive summary (`newsdesk-summary`), its quotes with their
//! speakers and its attributed claims with an evidence flag
//! (`newsdesk-attribution`), its key figures (`newsdesk-figures`) and the
//! countries it is about (`newsdesk-places`).
//!
//! [`ArticleAnalyzer`] runs all of them on one article; [`AnalysisFollower`]
//! runs it on every batch `newsdesk ingest` commits and stores the result as
//! JSON ([`newsdesk_store::Store::put_analyses`]) under [`ANALYZER`], so a
//! changed article, or a newer analyzer, gets a new analysis; [`catch_up`]
//! analyses what a store still lacks.
//!
//! ```
//! use newsdesk_analysis::ArticleAnalyzer;
//! use newsdesk_model::Article;
//!
//! let mut a = Article::new("a1".into());
//! a.title = Some("Senate passes budget".into());
//! a.text = "WASHINGTON (Reuters) - The Senate passed the $1.2 trillion budget on Tuesday. \
//!           \"It is a good day for America,\" Senator Jane Doe said.".into();
//! a.language = Some("en".into());
//! let analysis = ArticleAnalyzer::default().analyze(&a);
//! assert_eq!(analysis.summary[0], "The Senate passed the $1.2 trillion budget on Tuesday.");
//! assert_eq!(analysis.quotes[0].speaker_name.as_deref(), Some("Jane Doe"));
//! assert!(analysis.figures.iter().any(|f| f.unit.as_deref() == Some("USD")));
//! ```

mod analyzer;
mod follower;

pub use analyzer::{ArticleAnalysis, ArticleAnalyzer, ANALYZER, SUMMARY_SENTENCES};
pub use follower::{catch_up, AnalysisFollower};

/// Why analysing a store's articles failed.
#[derive(Debug, thiserror::Error)]
pub enum AnalysisError {
    #[error(transparent)]
    Store(#[from] newsdesk_store::StoreError),
    #[error("analysis of {id}: {source}")]
    Json { id: String, source: serde_json::Error },
}

pub type Result<T> = std::result::Result<T, AnalysisError>;
