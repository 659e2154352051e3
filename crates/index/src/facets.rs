//! Facet counts over every matching document, read from fast fields.
//!
//! A hand-written collector rather than tantivy's aggregations: it counts
//! dictionary ordinals in a flat `Vec` per segment and turns ordinals into
//! strings once per segment, so the per-document cost is a few array reads
//! and no allocation, and nothing goes through the aggregation request/JSON
//! machinery.

use std::collections::HashMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{COUNTRY, DAY, LANG, SOURCE};

/// Counts by value over all matching documents. Sources, languages and
/// countries are sorted by count, most first (ties by name); days ascending.
/// Documents without a value are not counted in that facet.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Facets {
    pub sources: Vec<(String, u64)>,
    pub languages: Vec<(String, u64)>,
    pub countries: Vec<(String, u64)>,
    /// `YYYY-MM-DD` of the published day, ascending.
    pub days: Vec<(String, u64)>,
}

pub(crate) struct FacetCollector;

/// Per-segment (then merged) counts.
#[derive(Default)]
pub(crate) struct FacetCounts {
    sources: HashMap<String, u64>,
    languages: HashMap<String, u64>,
    countries: HashMap<String, u64>,
    days: HashMap<i64, u64>,
}

pub(crate) struct StrCounter {
    column: Option<StrColumn>,
    counts: Vec<u64>,
}

impl StrCounter {
    fn new(column: Option<StrColumn>) -> StrCounter {
        let n = column.as_ref().map_or(0, |c| c.num_terms());
        StrCounter { column, counts: vec![0; n] }
    }

    #[inline]
    fn collect(&mut self, doc: DocId) {
        if let Some(c) = &self.column {
            if let Some(ord) = c.ords().first(doc) {
                self.counts[ord as usize] += 1;
            }
        }
    }

    fn harvest(self, into: &mut HashMap<String, u64>) {
        let Some(column) = self.column else { return };
        // One pass over the dictionary for all counted ordinals: looking each
        // up alone decompresses its block (and sets up a zstd context) again
        // and again, which cost more than counting the matches.
        let ords: Vec<u64> = (0..self.counts.len() as u64).filter(|&o| self.counts[o as usize] > 0).collect();
        let mut counted = ords.iter().map(|&o| self.counts[o as usize]);
        let _complete = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
            let n = counted.next().unwrap_or(0);
            if let Ok(s) = std::str::from_utf8(term) {
                *into.entry(s.to_string()).or_default() += n;
            }
        });
    }
}

pub(crate) struct SegmentFacets {
    sources: StrCounter,
    languages: StrCounter,
    countries: StrCounter,
    day_column: Option<Column<i64>>,
    /// Counts indexed by `day - day_min` when the segment's span is small
    /// (always, for news), else a map.
    day_min: i64,
    day_counts: Vec<u64>,
    day_map: HashMap<i64, u64>,
}

/// Above this many distinct days in a segment, count days in a map.
const MAX_DAY_SPAN: i64 = 200_000;

impl Collector for FacetCollector {
    type Fruit = FacetCounts;
    type Child = SegmentFacets;

    fn for_segment(&self, _ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentFacets> {
        let ff = reader.fast_fields();
        // A segment where no article has a date has no column at all.
        let day_column = ff.column_opt::<i64>(DAY)?;
        let (min, max) = day_column.as_ref().map_or((0, -1), |c| (c.min_value(), c.max_value()));
        let span = max.saturating_sub(min);
        let day_counts = if (0..MAX_DAY_SPAN).contains(&span) { vec![0; span as usize + 1] } else { Vec::new() };
        Ok(SegmentFacets {
            sources: StrCounter::new(ff.str(SOURCE)?),
            languages: StrCounter::new(ff.str(LANG)?),
            countries: StrCounter::new(ff.str(COUNTRY)?),
            day_column,
            day_min: min,
            day_counts,
            day_map: HashMap::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<FacetCounts>) -> tantivy::Result<FacetCounts> {
        let mut all = FacetCounts::default();
        for f in fruits {
            merge(&mut all.sources, f.sources);
            merge(&mut all.languages, f.languages);
            merge(&mut all.countries, f.countries);
            merge(&mut all.days, f.days);
        }
        Ok(all)
    }
}

fn merge<K: std::hash::Hash + Eq>(into: &mut HashMap<K, u64>, from: HashMap<K, u64>) {
    if into.is_empty() {
        *into = from;
        return;
    }
    for (k, n) in from {
        *into.entry(k).or_default() += n;
    }
}

impl SegmentCollector for SegmentFacets {
    type Fruit = FacetCounts;

    fn collect(&mut self, doc: DocId, _score: Score) {
        self.sources.collect(doc);
        self.languages.collect(doc);
        self.countries.collect(doc);
        if let Some(day) = self.day_column.as_ref().and_then(|c| c.first(doc)) {
            match self.day_counts.get_mut((day - self.day_min) as usize) {
                Some(n) => *n += 1,
                None => *self.day_map.entry(day).or_default() += 1,
            }
        }
    }

    fn harvest(self) -> FacetCounts {
        let mut out = FacetCounts { days: self.day_map, ..Default::default() };
        self.sources.harvest(&mut out.sources);
        self.languages.harvest(&mut out.languages);
        self.countries.harvest(&mut out.countries);
        for (i, &n) in self.day_counts.iter().enumerate() {
            if n > 0 {
                *out.days.entry(self.day_min + i as i64).or_default() += n;
            }
        }
        out
    }
}

fn by_count(map: HashMap<String, u64>) -> Vec<(String, u64)> {
    let mut v: Vec<_> = map.into_iter().collect();
    v.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    v
}

impl FacetCounts {
    pub fn into_facets(self) -> Facets {
        let mut days: Vec<(i64, u64)> = self.days.into_iter().collect();
        days.sort_unstable();
        Facets {
            sources: by_count(self.sources),
            languages: by_count(self.languages),
            countries: by_count(self.countries),
            days: days.into_iter().map(|(d, n)| (day_string(d), n)).collect(),
        }
    }
}

/// Day number (days since 0001-01-01 CE, as [`NaiveDate::num_days_from_ce`]) to `YYYY-MM-DD`.
pub(crate) fn day_string(day: i64) -> String {
    i32::try_from(day)
        .ok()
        .and_then(NaiveDate::from_num_days_from_ce_opt)
        .map(|d| d.format("%Y-%m-%d").to_string())
        .unwrap_or_default()
}
