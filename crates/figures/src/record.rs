//! The JSON form of a figure: character (Unicode scalar) offsets and the
//! texts, for output that does not carry the article's bytes.

use crate::types::{Approx, Figure};
use serde::{Deserialize, Serialize};

/// A [`Figure`] as written to JSON. Offsets count Unicode scalar values
/// from the start of the text, end exclusive.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FigureRecord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub value: Option<f64>,
    /// [`crate::Unit::code`]: "percent", "USD", "km", ...
    pub unit: Option<String>,
    /// [`crate::Unit::kind`]: "percent", "currency" or "measure".
    pub unit_kind: Option<String>,
    pub counts: Option<String>,
    pub period: Option<String>,
    pub approx: Option<Approx>,
    pub vague: bool,
    pub key: bool,
    pub score: f32,
    pub sentence: String,
    pub sentence_start: usize,
    pub sentence_end: usize,
}

/// The records of `figures` found in `text`, in one pass over the text
/// whatever the number of figures.
pub fn figure_records(text: &str, figures: &[Figure]) -> Vec<FigureRecord> {
    let mut offsets: Vec<usize> =
        figures.iter().flat_map(|f| [f.span.start, f.span.end, f.sentence.start, f.sentence.end]).collect();
    offsets.sort_unstable();
    offsets.dedup();
    let chars = char_offsets(text, &offsets);
    let at = |byte: usize| offsets.binary_search(&byte).map(|n| chars[n]).unwrap_or(0);
    let slice = |r: &std::ops::Range<usize>| text.get(r.clone()).unwrap_or("").to_string();
    figures
        .iter()
        .map(|f| FigureRecord {
            text: slice(&f.span),
            start: at(f.span.start),
            end: at(f.span.end),
            value: f.value,
            unit: f.unit.map(|u| u.code().to_string()),
            unit_kind: f.unit.map(|u| u.kind().to_string()),
            counts: f.counts.as_ref().map(slice),
            period: f.period.as_ref().map(slice),
            approx: f.approx,
            vague: f.vague,
            key: f.key,
            score: f.score,
            sentence: slice(&f.sentence),
            sentence_start: at(f.sentence.start),
            sentence_end: at(f.sentence.end),
        })
        .collect()
}

/// The character offset of each byte offset in `sorted` (ascending).
fn char_offsets(text: &str, sorted: &[usize]) -> Vec<usize> {
    let mut out = Vec::with_capacity(sorted.len());
    let mut chars = 0;
    let mut byte = 0;
    for &target in sorted {
        if target > byte {
            let piece = text.get(byte..target.min(text.len())).unwrap_or("");
            chars += piece.chars().count();
            byte = target;
        }
        out.push(chars);
    }
    out
}
