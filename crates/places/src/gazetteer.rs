//! The gazetteer: `data/gazetteer.tsv` parsed into entries and one
//! Aho-Corasick automaton over every name.

use crate::types::PlaceKind;
use aho_corasick::{AhoCorasick, MatchKind};
use rustc_hash::FxHashMap;
use std::sync::LazyLock;

/// A malformed gazetteer line.
#[derive(Debug, thiserror::Error)]
pub enum GazetteerError {
    #[error("gazetteer line {line}: {reason}")]
    Line { line: usize, reason: String },
    #[error("gazetteer automaton: {0}")]
    Automaton(#[from] aho_corasick::BuildError),
}

/// One line of the gazetteer.
#[derive(Clone, Debug)]
pub(crate) struct Entry {
    /// `None` for `ignore` lines.
    pub kind: Option<PlaceKind>,
    /// Country code, or region id for regions.
    pub code: &'static str,
    /// The canonical (first) name.
    pub name: &'static str,
    pub person: bool,
    pub common: bool,
}

/// What one automaton pattern names.
#[derive(Clone, Debug)]
pub(crate) struct Target {
    pub entry: u32,
    /// The pattern is the upper-case copy of the name ("KYIV").
    pub shouted: bool,
    /// The name is a one-dot abbreviation ("Calif.", "Ill."), only read
    /// after a comma ("Springfield, Ill.").
    pub abbreviation: bool,
}

/// Place names and what they stand for, with a matcher over all of them.
pub struct Gazetteer {
    pub(crate) entries: Vec<Entry>,
    pub(crate) matcher: AhoCorasick,
    /// Per pattern id, the entries it names in data order.
    pub(crate) targets: Vec<Vec<Target>>,
    country_names: FxHashMap<&'static str, &'static str>,
}

static EMBEDDED: LazyLock<Gazetteer> = LazyLock::new(|| {
    Gazetteer::parse(include_str!("../data/gazetteer.tsv")).expect("the embedded gazetteer is valid (tested)")
});

impl Gazetteer {
    /// The gazetteer kept in the repository (`data/gazetteer.tsv`), built
    /// on first use (a few milliseconds) and shared.
    pub fn embedded() -> &'static Gazetteer {
        &EMBEDDED
    }

    /// A gazetteer from text in the format of `data/gazetteer.tsv` (see the
    /// comment at its top).
    pub fn parse(data: &'static str) -> Result<Gazetteer, GazetteerError> {
        let mut entries = Vec::new();
        let mut patterns: Vec<String> = Vec::new();
        let mut targets: Vec<Vec<Target>> = Vec::new();
        let mut pattern_ids: FxHashMap<String, usize> = FxHashMap::default();
        let mut country_names = FxHashMap::default();
        for (n, line) in data.lines().map(|l| l.trim_end_matches('\r')).enumerate() {
            if line.starts_with('#') || line.trim().is_empty() {
                continue;
            }
            let bad = |reason: &str| GazetteerError::Line { line: n + 1, reason: reason.to_string() };
            let cols: Vec<&'static str> = line.split('\t').collect();
            if !(3..=4).contains(&cols.len()) {
                return Err(bad("three or four tab-separated columns expected"));
            }
            let kind = match cols[0] {
                "ignore" => None,
                k => Some(PlaceKind::parse(k).ok_or_else(|| bad("unknown kind"))?),
            };
            let code = cols[1];
            let is_country_code = code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase());
            let code_ok = match kind {
                None => code == "-",
                Some(PlaceKind::Region) => {
                    !code.is_empty() && code.bytes().all(|b| b.is_ascii_lowercase() || b == b'-')
                }
                Some(_) => is_country_code,
            };
            if !code_ok {
                return Err(bad("bad code for this kind"));
            }
            let flags = cols.get(3).copied().unwrap_or("");
            let (mut person, mut common) = (false, false);
            for flag in flags.split(',').filter(|f| !f.is_empty()) {
                match flag {
                    "person" => person = true,
                    "common" => common = true,
                    _ => return Err(bad("unknown flag")),
                }
            }
            let names: Vec<&'static str> = cols[2].split('|').collect();
            if names.iter().any(|name| name.trim().is_empty() || name.trim() != *name) {
                return Err(bad("empty or padded name"));
            }
            let entry = entries.len() as u32;
            entries.push(Entry { kind, code, name: names[0], person, common });
            if kind == Some(PlaceKind::Country) {
                country_names.entry(code).or_insert(names[0]);
            }
            for name in names {
                let abbreviation =
                    kind == Some(PlaceKind::State) && name.ends_with('.') && name.matches('.').count() == 1;
                let mut add = |surface: String, shouted: bool| {
                    let id = *pattern_ids.entry(surface.clone()).or_insert_with(|| {
                        patterns.push(surface);
                        targets.push(Vec::new());
                        targets.len() - 1
                    });
                    if !targets[id].iter().any(|t| t.entry == entry) {
                        targets[id].push(Target { entry, shouted, abbreviation });
                    }
                };
                add(name.to_string(), false);
                let upper = name.to_uppercase();
                if upper != name && name.chars().filter(|c| c.is_alphabetic()).count() >= 4 {
                    add(upper, true);
                }
            }
        }
        let matcher = AhoCorasick::builder().match_kind(MatchKind::LeftmostLongest).build(&patterns)?;
        Ok(Gazetteer { entries, matcher, targets, country_names })
    }

    /// The English name of a country code the gazetteer knows ("DE" ->
    /// "Germany").
    pub fn country_name(&self, code: &str) -> Option<&'static str> {
        self.country_names.get(code).copied()
    }

    /// The canonical form of a country code given from outside ("fr",
    /// "UK"), when the gazetteer knows it.
    pub fn country_code(&self, code: &str) -> Option<&'static str> {
        let upper = code.trim().to_ascii_uppercase();
        let upper = if upper == "UK" { "GB".to_string() } else { upper };
        self.country_names.get_key_value(upper.as_str()).map(|(k, _)| *k)
    }

    /// The canonical name of a region id ("middle-east" -> "Middle East").
    pub fn region_name(&self, code: &str) -> Option<&'static str> {
        self.entries.iter().find(|e| e.kind == Some(PlaceKind::Region) && e.code == code).map(|e| e.name)
    }
}
