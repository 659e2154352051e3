//! The JSON form of an article's places: character (Unicode scalar)
//! offsets and the names as written.

use crate::types::{PlaceKind, Places, Position};
use serde::{Deserialize, Serialize};

/// [`Places`] as written to JSON.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PlacesRecord {
    pub mentions: Vec<MentionRecord>,
    pub countries: Vec<CountryRecord>,
    pub regions: Vec<RegionRecord>,
    pub dateline_country: Option<String>,
    pub outlet_country: Option<String>,
}

/// A [`crate::Mention`]; `start`/`end` count Unicode scalar values in the
/// title (`field` "title") or the text (`field` "text").
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct MentionRecord {
    pub field: String,
    pub start: usize,
    pub end: usize,
    /// The name as written.
    pub text: String,
    /// The place's canonical name.
    pub name: String,
    pub kind: PlaceKind,
    pub country: Option<String>,
    pub region: Option<String>,
    pub position: Position,
    pub weight: f32,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct CountryRecord {
    pub code: String,
    pub name: String,
    pub weight: f32,
    pub share: f32,
    pub mentions: usize,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RegionRecord {
    pub code: String,
    pub name: String,
    pub weight: f32,
    pub mentions: usize,
}

/// The record of `places` found in `title` and `text`; one pass over each
/// whatever the number of mentions.
pub fn places_record(title: Option<&str>, text: &str, places: &Places) -> PlacesRecord {
    let title = title.unwrap_or("");
    let title_chars = CharOffsets::new(title, places.mentions.iter().filter(|m| m.in_title).map(|m| &m.span));
    let text_chars = CharOffsets::new(text, places.mentions.iter().filter(|m| !m.in_title).map(|m| &m.span));
    let mentions = places
        .mentions
        .iter()
        .map(|m| {
            let (source, chars, field) =
                if m.in_title { (title, &title_chars, "title") } else { (text, &text_chars, "text") };
            MentionRecord {
                field: field.to_string(),
                start: chars.get(m.span.start),
                end: chars.get(m.span.end),
                text: source.get(m.span.clone()).unwrap_or("").to_string(),
                name: m.name.to_string(),
                kind: m.kind,
                country: m.country.map(str::to_string),
                region: m.region.map(str::to_string),
                position: m.position,
                weight: m.weight,
            }
        })
        .collect();
    PlacesRecord {
        mentions,
        countries: places
            .countries
            .iter()
            .map(|c| CountryRecord {
                code: c.code.to_string(),
                name: c.name.to_string(),
                weight: c.weight,
                share: c.share,
                mentions: c.mentions,
            })
            .collect(),
        regions: places
            .regions
            .iter()
            .map(|r| RegionRecord {
                code: r.code.to_string(),
                name: r.name.to_string(),
                weight: r.weight,
                mentions: r.mentions,
            })
            .collect(),
        dateline_country: places.dateline_country.map(str::to_string),
        outlet_country: places.outlet_country.map(str::to_string),
    }
}

/// Character offsets of a set of byte offsets, counted in one pass.
struct CharOffsets {
    bytes: Vec<usize>,
    chars: Vec<usize>,
}

impl CharOffsets {
    fn new<'a>(text: &str, spans: impl Iterator<Item = &'a std::ops::Range<usize>>) -> CharOffsets {
        let mut bytes: Vec<usize> = spans.flat_map(|r| [r.start, r.end]).collect();
        bytes.sort_unstable();
        bytes.dedup();
        let mut chars = Vec::with_capacity(bytes.len());
        let (mut at, mut count) = (0, 0);
        for &b in &bytes {
            count += text.get(at..b.min(text.len())).map_or(0, |s| s.chars().count());
            at = at.max(b);
            chars.push(count);
        }
        CharOffsets { bytes, chars }
    }

    fn get(&self, byte: usize) -> usize {
        self.bytes.binary_search(&byte).map_or(0, |i| self.chars[i])
    }
}
