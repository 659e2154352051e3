//! Every match of a query with its publication time, for walking all of
//! them in order (exports) where `TopDocs` would reserve room for as many
//! matches as asked in every segment.

use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::Column;
use tantivy::{DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::TS;

/// Collects `(timestamp, address)` of each match, newest first, undated
/// (`i64::MIN`) last, ties in index order.
pub(crate) struct NewestMatches;

pub(crate) struct SegmentMatches {
    ord: SegmentOrdinal,
    ts: Option<Column<i64>>,
    out: Vec<(i64, DocAddress)>,
}

impl Collector for NewestMatches {
    type Fruit = Vec<(i64, DocAddress)>;
    type Child = SegmentMatches;

    fn for_segment(&self, ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentMatches> {
        Ok(SegmentMatches { ord, ts: reader.fast_fields().column_opt::<i64>(TS)?, out: Vec::new() })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(i64, DocAddress)>>) -> tantivy::Result<Self::Fruit> {
        let mut all: Vec<(i64, DocAddress)> = fruits.into_iter().flatten().collect();
        all.sort_unstable_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
        Ok(all)
    }
}

impl SegmentCollector for SegmentMatches {
    type Fruit = Vec<(i64, DocAddress)>;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let ts = self.ts.as_ref().and_then(|c| c.first(doc)).unwrap_or(i64::MIN);
        self.out.push((ts, DocAddress::new(self.ord, doc)));
    }

    fn harvest(self) -> Self::Fruit {
        self.out
    }
}

#[cfg(test)]
mod tests {
    use newsdesk_model::{Article, PubDate};

    use crate::{ArticleIndex, SearchRequest};

    fn article(id: &str, date: Option<&str>, text: &str) -> Article {
        let mut a = Article::new(id.into());
        a.language = Some("en".into());
        a.text = text.into();
        a.published = date.map(|d| d.parse::<PubDate>().expect("date"));
        a
    }

    #[test]
    fn visits_every_match_newest_first_across_segments() {
        let mut index = ArticleIndex::open_in_ram().expect("index");
        index.add(&[article("old", Some("2025-01-01"), "river flood"), article("none", None, "river")]).expect("add");
        index.commit(None).expect("commit");
        index.add(&[article("new", Some("2025-02-01"), "river"), article("other", None, "budget")]).expect("add");
        index.commit(None).expect("commit");
        let mut seen = Vec::new();
        let n = index
            .visit_matches(&SearchRequest::new("river"), &mut |id| {
                seen.push(id.to_string());
                Ok(true)
            })
            .expect("visit");
        assert_eq!((n, seen.as_slice()), (3, ["new", "old", "none"].map(String::from).as_slice()));
        let mut first = Vec::new();
        index
            .visit_matches(&SearchRequest::default(), &mut |id| {
                first.push(id.to_string());
                Ok(false)
            })
            .expect("visit");
        assert_eq!(first, ["new"]);
        assert!(index.visit_matches(&SearchRequest::new("\"unclosed"), &mut |_| Ok(true)).is_err());
    }
}
