//! From names found to the places of an article: dateline and lead,
//! ambiguous names, weights, and the countries and regions ranked.

use crate::gazetteer::Gazetteer;
use crate::matching::{self, Found};
use crate::types::{CountryScore, Mention, PlaceKind, Places, Position, RegionScore};
use rustc_hash::FxHashMap;

impl Gazetteer {
    /// The places named in an article: `title` when known, the body `text`
    /// (a dateline at its start is recognised), and the outlet's country
    /// code when known (it only breaks ties between same-named places).
    /// Never panics; linear in the text's length.
    pub fn places(&self, title: Option<&str>, text: &str, outlet_country: Option<&str>) -> Places {
        let outlet_country = outlet_country.and_then(|c| self.country_code(c));
        let title_found = title.map(|t| matching::find(self, t)).unwrap_or_default();
        let text_found = matching::find(self, text);
        let dateline_end = dateline_end(text);
        let lead_end = lead_end(text);

        // Names that can only be one country are the evidence that decides
        // the others ("Atlanta" makes "Georgia" the US state).
        let mut evidence: FxHashMap<&'static str, f32> = FxHashMap::default();
        for found in title_found.iter().chain(&text_found) {
            if let Some(code) = self.single_country(found) {
                *evidence.entry(code).or_default() += 1.0;
            }
        }

        let mut mentions = Vec::with_capacity(title_found.len() + text_found.len());
        for (in_title, found) in title_found.iter().map(|f| (true, f)).chain(text_found.iter().map(|f| (false, f))) {
            let position = if in_title {
                Position::Title
            } else if found.end <= dateline_end {
                Position::Dateline
            } else if found.start < lead_end {
                Position::Lead
            } else {
                Position::Body
            };
            let entry = &self.entries[self.choose(found, &evidence, outlet_country) as usize];
            let Some(kind) = entry.kind else { continue };
            let (country, region) =
                if kind == PlaceKind::Region { (None, Some(entry.code)) } else { (Some(entry.code), None) };
            mentions.push(Mention {
                in_title,
                span: found.start..found.end,
                name: entry.name,
                kind,
                country,
                region,
                position,
                weight: kind.weight() * position.weight(),
            });
        }
        let dateline_country = mentions.iter().find(|m| m.position == Position::Dateline).and_then(|m| m.country);
        Places {
            countries: self.rank_countries(&mentions),
            regions: self.rank_regions(&mentions),
            mentions,
            dateline_country,
            outlet_country,
        }
    }

    /// The one country all of a name's entries belong to, if any.
    fn single_country(&self, found: &Found) -> Option<&'static str> {
        let mut codes = found
            .entries
            .iter()
            .map(|&e| &self.entries[e as usize])
            .filter(|e| e.kind.is_some_and(|k| k != PlaceKind::Region));
        let first = codes.next()?.code;
        codes.all(|e| e.code == first).then_some(first)
    }

    /// The entry a name stands for: the first, unless its entries name
    /// different countries; then the one with the most evidence elsewhere
    /// in the article, then the outlet's country, then the first.
    fn choose(&self, found: &Found, evidence: &FxHashMap<&'static str, f32>, outlet: Option<&'static str>) -> u32 {
        let first = found.entries[0];
        if found.entries.len() == 1 || self.single_country(found).is_some() {
            return first;
        }
        let score = |e: u32| {
            let code = self.entries[e as usize].code;
            (evidence.get(code).copied().unwrap_or(0.0), Some(code) == outlet)
        };
        let mut best = first;
        let mut best_score = score(first);
        for &e in &found.entries[1..] {
            let s = score(e);
            if s.0 > best_score.0 || (s.0 == best_score.0 && s.1 && !best_score.1) {
                (best, best_score) = (e, s);
            }
        }
        best
    }

    fn rank_countries(&self, mentions: &[Mention]) -> Vec<CountryScore> {
        let mut by_code: FxHashMap<&'static str, (f32, usize)> = FxHashMap::default();
        for m in mentions {
            if let Some(code) = m.country {
                let slot = by_code.entry(code).or_default();
                slot.0 += m.weight;
                slot.1 += 1;
            }
        }
        let total: f32 = by_code.values().map(|v| v.0).sum();
        let mut out: Vec<CountryScore> = by_code
            .into_iter()
            .map(|(code, (weight, mentions))| CountryScore {
                code,
                name: self.country_name(code).unwrap_or(code),
                weight,
                share: if total > 0.0 { weight / total } else { 0.0 },
                mentions,
            })
            .collect();
        out.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.code.cmp(b.code)));
        out
    }

    fn rank_regions(&self, mentions: &[Mention]) -> Vec<RegionScore> {
        let mut by_code: FxHashMap<&'static str, (&'static str, f32, usize)> = FxHashMap::default();
        for m in mentions {
            if let Some(code) = m.region {
                let slot = by_code.entry(code).or_insert((m.name, 0.0, 0));
                slot.1 += m.weight;
                slot.2 += 1;
            }
        }
        let mut out: Vec<RegionScore> = by_code
            .into_iter()
            .map(|(code, (name, weight, mentions))| RegionScore { code, name, weight, mentions })
            .collect();
        out.sort_by(|a, b| b.weight.total_cmp(&a.weight).then(a.code.cmp(b.code)));
        out
    }
}

/// Byte offset where a dateline opening the text ends ("KYIV, Ukraine (AP)
/// — ...", "WASHINGTON —", "Berlin (dpa) -", "BEIRUT: "), else 0. A
/// dateline is a short run of capitalised words (and dates) on the first
/// line before a dash, an opening parenthesis or, when all capitals, a
/// colon.
fn dateline_end(text: &str) -> usize {
    let head = &text[..floor_boundary(text, 160)];
    let line = head.split('\n').next().unwrap_or("");
    let cut = [" — ", " – ", " -- ", " - ", " (", "(", "—", ": "]
        .iter()
        .filter_map(|sep| line.find(sep).map(|i| (i, *sep)))
        .min_by_key(|(i, _)| *i);
    let Some((at, sep)) = cut else { return 0 };
    let prefix = line[..at].trim_end();
    if prefix.is_empty() || prefix.len() > 80 || !prefix.starts_with(char::is_uppercase) {
        return 0;
    }
    if sep == ": " && prefix.chars().any(char::is_lowercase) {
        return 0;
    }
    const SMALL: &[&str] = &["de", "do", "da", "la", "le", "el", "al", "am", "an", "es", "del", "upon", "on"];
    let words: Vec<&str> = prefix.split_whitespace().collect();
    let dateline_like = words.len() <= 8
        && words.iter().all(|w| {
            let w = w.trim_matches(|c: char| !c.is_alphanumeric());
            w.is_empty() || w.starts_with(|c: char| c.is_uppercase() || c.is_ascii_digit()) || SMALL.contains(&w)
        });
    if dateline_like {
        prefix.len()
    } else {
        0
    }
}

/// Byte offset where the lead (the first two sentences) ends.
fn lead_end(text: &str) -> usize {
    let head = &text[..floor_boundary(text, 1500)];
    let sentences = newsdesk_text::sentences(head, None);
    sentences.get(1).or(sentences.first()).map_or(head.len(), |s| s.end)
}

fn floor_boundary(text: &str, at: usize) -> usize {
    let mut i = at.min(text.len());
    while !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
