//! Which outlets and countries published on given days: what a story's
//! blind spots are read from. One pass over the days' articles, counting
//! (day, outlet) pairs by dictionary ordinal, where a search per day would
//! set up every facet of every segment once for each day.

use std::collections::{BTreeMap, BTreeSet, HashSet};

use chrono::{Datelike, NaiveDate};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::{Column, StrColumn};
use tantivy::{DocId, Score, SegmentOrdinal, SegmentReader};

use crate::schema::{COUNTRY, DAY, SOURCE};

/// The outlets and countries with at least one article on a day.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DayPresence {
    pub sources: BTreeSet<String>,
    pub countries: BTreeSet<String>,
}

/// Collects, for the wanted day numbers, which source and country
/// ordinals occur on each.
pub(crate) struct PresenceCollector {
    /// Day numbers ([`NaiveDate::num_days_from_ce`]), sorted.
    pub(crate) days: Vec<i64>,
}

pub(crate) type PresenceFruit = BTreeMap<i64, DayPresence>;

pub(crate) struct SegmentPresence {
    days: Vec<i64>,
    day_column: Option<Column<i64>>,
    sources: Option<StrColumn>,
    countries: Option<StrColumn>,
    /// Days (index into `days`) with any article.
    active: HashSet<usize>,
    source_pairs: HashSet<(usize, u64)>,
    country_pairs: HashSet<(usize, u64)>,
}

impl Collector for PresenceCollector {
    type Fruit = PresenceFruit;
    type Child = SegmentPresence;

    fn for_segment(&self, _ord: SegmentOrdinal, reader: &SegmentReader) -> tantivy::Result<SegmentPresence> {
        let ff = reader.fast_fields();
        Ok(SegmentPresence {
            days: self.days.clone(),
            day_column: ff.column_opt::<i64>(DAY)?,
            sources: ff.str(SOURCE)?,
            countries: ff.str(COUNTRY)?,
            active: HashSet::new(),
            source_pairs: HashSet::new(),
            country_pairs: HashSet::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        false
    }

    fn merge_fruits(&self, fruits: Vec<PresenceFruit>) -> tantivy::Result<PresenceFruit> {
        let mut all = PresenceFruit::new();
        for fruit in fruits {
            for (day, p) in fruit {
                let into = all.entry(day).or_default();
                into.sources.extend(p.sources);
                into.countries.extend(p.countries);
            }
        }
        Ok(all)
    }
}

impl SegmentCollector for SegmentPresence {
    type Fruit = PresenceFruit;

    fn collect(&mut self, doc: DocId, _score: Score) {
        let Some(day) = self.day_column.as_ref().and_then(|c| c.first(doc)) else { return };
        let Ok(at) = self.days.binary_search(&day) else { return };
        self.active.insert(at);
        if let Some(ord) = self.sources.as_ref().and_then(|c| c.ords().first(doc)) {
            self.source_pairs.insert((at, ord));
        }
        if let Some(ord) = self.countries.as_ref().and_then(|c| c.ords().first(doc)) {
            self.country_pairs.insert((at, ord));
        }
    }

    fn harvest(self) -> PresenceFruit {
        let mut out: PresenceFruit = self.active.iter().map(|&at| (self.days[at], DayPresence::default())).collect();
        let days = &self.days;
        name_pairs(self.sources.as_ref(), &self.source_pairs, |at, name| {
            if let Some(p) = out.get_mut(&days[at]) {
                p.sources.insert(name);
            }
        });
        name_pairs(self.countries.as_ref(), &self.country_pairs, |at, name| {
            if let Some(p) = out.get_mut(&days[at]) {
                p.countries.insert(name);
            }
        });
        out
    }
}

/// Turns (day, ordinal) pairs into (day, name), reading the dictionary
/// once for all ordinals.
fn name_pairs(column: Option<&StrColumn>, pairs: &HashSet<(usize, u64)>, mut found: impl FnMut(usize, String)) {
    let Some(column) = column else { return };
    let ords: BTreeSet<u64> = pairs.iter().map(|&(_, o)| o).collect();
    let ords: Vec<u64> = ords.into_iter().collect();
    let mut names: Vec<String> = Vec::with_capacity(ords.len());
    let complete = column.dictionary().sorted_ords_to_term_cb(&ords, |term| {
        names.push(String::from_utf8_lossy(term).into_owned());
    });
    // Names line up with ordinals only when every one was found.
    if !matches!(complete, Ok(true)) || names.len() != ords.len() {
        return;
    }
    for &(at, ord) in pairs {
        if let Ok(k) = ords.binary_search(&ord) {
            if let Some(name) = names.get(k) {
                found(at, name.clone());
            }
        }
    }
}

/// A date as the day number the index stores.
pub(crate) fn day_number(d: NaiveDate) -> i64 {
    i64::from(d.num_days_from_ce())
}
