//! A wrapper that makes excluded (`NOT`) clauses safe to seek.
//!
//! tantivy 0.27's exclusion asks the excluded scorer about documents *before*
//! the one that scorer was created on; a phrase scorer starts on its first
//! match and then trips a debug assertion ("target should be greater than or
//! equal to doc"), panicking debug builds on queries like
//! `flood -source:"the courier"`. The wrapper answers such seeks from the
//! current position and otherwise delegates with plain `seek`.

use tantivy::query::{EnableScoring, Explanation, Query, Scorer, Weight};
use tantivy::{DocId, DocSet, Score, Searcher, SegmentReader, Term};

#[derive(Debug)]
pub(crate) struct GuardQuery(pub Box<dyn Query>);

impl Clone for GuardQuery {
    fn clone(&self) -> Self {
        GuardQuery(self.0.box_clone())
    }
}

impl Query for GuardQuery {
    fn weight(&self, enable_scoring: EnableScoring<'_>) -> tantivy::Result<Box<dyn Weight>> {
        Ok(Box::new(GuardWeight(self.0.weight(enable_scoring)?)))
    }

    fn count(&self, searcher: &Searcher) -> tantivy::Result<usize> {
        self.0.count(searcher)
    }

    fn query_terms<'a>(&'a self, visitor: &mut dyn FnMut(&'a Term, bool)) {
        self.0.query_terms(visitor)
    }
}

struct GuardWeight(Box<dyn Weight>);

impl Weight for GuardWeight {
    fn scorer(&self, reader: &SegmentReader, boost: Score) -> tantivy::Result<Box<dyn Scorer>> {
        Ok(Box::new(GuardScorer(self.0.scorer(reader, boost)?)))
    }

    fn explain(&self, reader: &SegmentReader, doc: DocId) -> tantivy::Result<Explanation> {
        self.0.explain(reader, doc)
    }
}

struct GuardScorer(Box<dyn Scorer>);

impl DocSet for GuardScorer {
    fn advance(&mut self) -> DocId {
        self.0.advance()
    }

    fn seek(&mut self, target: DocId) -> DocId {
        let doc = self.0.doc();
        if target <= doc {
            return doc;
        }
        self.0.seek(target)
    }

    // `seek_danger` keeps its default, which goes through `seek` above.

    fn doc(&self) -> DocId {
        self.0.doc()
    }

    fn size_hint(&self) -> u32 {
        self.0.size_hint()
    }
}

impl Scorer for GuardScorer {
    fn score(&mut self) -> Score {
        self.0.score()
    }
}
