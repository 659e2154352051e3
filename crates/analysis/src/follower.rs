use std::collections::HashSet;

use chrono::{DateTime, Utc};
use newsdesk_model::Article;
use newsdesk_store::{Follower, PageRecord, Store};
use rayon::prelude::*;

use crate::{AnalysisError, ArticleAnalyzer, Result, ANALYZER};

/// Articles read, analysed and written together while catching up.
const CATCH_UP_CHUNK: usize = 512;

/// Follows ingest: after each committed batch, analyses the articles that
/// have no current analysis (new and changed ones; unchanged pages are
/// skipped), on all cores, and stores them through its own connection.
pub struct AnalysisFollower<S: Store> {
    store: S,
    analyzer: ArticleAnalyzer,
    /// Articles analysed so far.
    pub analysed: u64,
}

impl<S: Store> AnalysisFollower<S> {
    pub fn new(store: S, analyzer: ArticleAnalyzer) -> Self {
        AnalysisFollower { store, analyzer, analysed: 0 }
    }

    pub fn store(&self) -> &S {
        &self.store
    }

    fn follow(&mut self, batch: &[PageRecord]) -> Result<()> {
        // The last record of an id is what the store now holds.
        let mut seen = HashSet::new();
        let mut todo: Vec<&Article> = Vec::new();
        for rec in batch.iter().rev() {
            let a = &rec.article;
            if seen.insert(a.id.as_str()) && self.store.analysis(ANALYZER, &a.id)?.is_none() {
                todo.push(a);
            }
        }
        todo.reverse();
        self.analysed += analyse_into(&mut self.store, &self.analyzer, &todo)?;
        Ok(())
    }
}

impl<S: Store> Follower for AnalysisFollower<S> {
    fn committed(&mut self, batch: &[PageRecord], _committed_at: DateTime<Utc>) -> std::result::Result<(), String> {
        self.follow(batch).map_err(|e| format!("analysis: {e}"))
    }
}

/// Analyses `articles` on all cores and stores the analyses; returns how
/// many.
fn analyse_into<S: Store>(store: &mut S, analyzer: &ArticleAnalyzer, articles: &[&Article]) -> Result<u64> {
    let bodies: Vec<String> = articles
        .par_iter()
        .map(|a| {
            serde_json::to_string(&analyzer.analyze(a))
                .map_err(|source| AnalysisError::Json { id: a.id.clone(), source })
        })
        .collect::<Result<_>>()?;
    let batch: Vec<(&Article, &str)> = articles.iter().copied().zip(bodies.iter().map(String::as_str)).collect();
    store.put_analyses(ANALYZER, &batch)?;
    Ok(articles.len() as u64)
}

/// Analyses every stored article without a current analysis (stored
/// before analysis existed, by an older analyzer, or left behind by a
/// crash between the article's commit and its analysis);
/// `progress(done, total)` after each chunk. Returns how many.
pub fn catch_up<S: Store>(
    store: &mut S,
    analyzer: &ArticleAnalyzer,
    progress: &mut dyn FnMut(u64, u64),
) -> Result<u64> {
    let ids = store.unanalysed_ids(ANALYZER)?;
    let total = ids.len() as u64;
    let mut done = 0u64;
    for chunk in ids.chunks(CATCH_UP_CHUNK) {
        // Those gone since the list was read are left out.
        let articles: Vec<Article> = store.get_many(chunk)?.into_iter().map(|s| s.article).collect();
        let refs: Vec<&Article> = articles.iter().collect();
        analyse_into(store, analyzer, &refs)?;
        done += chunk.len() as u64;
        progress(done, total);
    }
    Ok(total)
}
