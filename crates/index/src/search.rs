//! What readers of a collection search with, whatever holds it: the
//! embedded tantivy index, or a database that searches in place (the
//! PostgreSQL store). The server and the reading commands take this trait,
//! so they run on either.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::{ArticleIndex, DayPresence, Hit, Result, SearchRequest, SearchResults};

/// Full-text search, filters, facets and "more like this" over articles.
pub trait ArticleSearch {
    /// The query language's matches, ranked or newest first, with facets.
    fn search(&self, req: &SearchRequest) -> Result<SearchResults>;

    /// Every match of `req` (query and filters), newest first, undated
    /// last, without a cap; `visit` returns `false` to stop. How many ids
    /// were visited.
    fn visit_matches(&self, req: &SearchRequest, visit: &mut dyn FnMut(&str) -> Result<bool>) -> Result<u64>;

    /// Up to `limit` articles like `id`, best first, `id` left out; an
    /// unknown id is [`IndexError::UnknownId`](crate::IndexError::UnknownId).
    fn similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>>;

    /// The outlets and countries with articles on each of `days` (days
    /// without any are left out).
    fn presence_on(&self, days: &[NaiveDate]) -> Result<BTreeMap<NaiveDate, DayPresence>>;

    /// Articles searchable.
    fn len(&self) -> Result<u64>;

    fn is_empty(&self) -> Result<bool> {
        Ok(self.len()? == 0)
    }
}

impl ArticleSearch for ArticleIndex {
    fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        ArticleIndex::search(self, req)
    }

    fn visit_matches(&self, req: &SearchRequest, visit: &mut dyn FnMut(&str) -> Result<bool>) -> Result<u64> {
        ArticleIndex::visit_matches(self, req, visit)
    }

    fn similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        ArticleIndex::similar(self, id, limit)
    }

    fn presence_on(&self, days: &[NaiveDate]) -> Result<BTreeMap<NaiveDate, DayPresence>> {
        ArticleIndex::presence_on(self, days)
    }

    fn len(&self) -> Result<u64> {
        Ok(ArticleIndex::len(self))
    }
}
