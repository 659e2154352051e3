//! Gazetteer names found in a text, with the rules that keep them from
//! firing on people and ordinary words.

use crate::gazetteer::{Gazetteer, Target};
use crate::types::PlaceKind;

/// A name found on word boundaries, with the gazetteer entries it may be
/// (all sharing its spelling; more than one country means ambiguity).
pub(crate) struct Found {
    pub start: usize,
    pub end: usize,
    pub entries: Vec<u32>,
}

/// Capitalised words that do not make a neighbouring place name part of a
/// person's name ("In Jordan", "Paris on Monday"), lower-cased.
const NEUTRAL: &[&str] = &[
    "the",
    "in",
    "at",
    "from",
    "to",
    "of",
    "and",
    "or",
    "for",
    "on",
    "by",
    "with",
    "near",
    "across",
    "over",
    "into",
    "outside",
    "inside",
    "toward",
    "towards",
    "via",
    "like",
    "both",
    "including",
    "between",
    "against",
    "after",
    "before",
    "during",
    "since",
    "than",
    "but",
    "as",
    "about",
    "around",
    "throughout",
    "within",
    "without",
    "under",
    "beyond",
    "through",
    "while",
    "when",
    "where",
    "if",
    "because",
    "though",
    "although",
    "then",
    "also",
    "not",
    "only",
    "even",
    "what",
    "how",
    "why",
    "who",
    "which",
    "that",
    "this",
    "these",
    "those",
    "it",
    "its",
    "his",
    "her",
    "their",
    "our",
    "a",
    "an",
    "all",
    "some",
    "many",
    "most",
    "north",
    "south",
    "east",
    "west",
    "northern",
    "southern",
    "eastern",
    "western",
    "central",
    "greater",
    "downtown",
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
    "im",
    "nach",
    "aus",
    "von",
    "bei",
    "mit",
    "und",
    "der",
    "die",
    "das",
    "den",
    "dem",
    "des",
    "en",
    "au",
    "aux",
    "de",
    "du",
    "et",
    "le",
    "la",
    "les",
    "el",
    "los",
    "las",
    "y",
    "desde",
    "hacia",
    "para",
    "por",
    "con",
    "sobre",
    "said",
    "says",
    "told",
];

pub(crate) fn find(gazetteer: &Gazetteer, text: &str) -> Vec<Found> {
    let mut out: Vec<Found> = Vec::new();
    for m in gazetteer.matcher.find_iter(text) {
        let (start, end) = (m.start(), m.end());
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || is_combining(c)) {
            continue;
        }
        let mut after = text[end..].chars();
        let next = after.next();
        let genitive = next == Some('s') && !after.next().is_some_and(|c| c.is_alphanumeric() || is_combining(c));
        if next.is_some_and(|c| (c.is_alphanumeric() || is_combining(c)) && !genitive) {
            continue;
        }
        let targets = &gazetteer.targets[m.pattern().as_usize()];
        let entries: Vec<u32> =
            targets.iter().filter(|t| keep(gazetteer, text, start, end, t, genitive, &out)).map(|t| t.entry).collect();
        if !entries.is_empty() {
            out.push(Found { start, end, entries });
        }
    }
    out
}

fn keep(g: &Gazetteer, text: &str, start: usize, end: usize, target: &Target, genitive: bool, found: &[Found]) -> bool {
    let entry = &g.entries[target.entry as usize];
    let Some(kind) = entry.kind else { return genitive_ok(genitive, None) };
    if !genitive_ok(genitive, Some(kind)) {
        return false;
    }
    if target.abbreviation && !text[..start].ends_with(", ") {
        return false;
    }
    let name = &text[start..end];
    // "US", "EU" in shouted text ("TELL US") are words, not places.
    if !target.shouted && name.len() <= 3 && name.chars().all(|c| !c.is_lowercase()) {
        let shouting = |w: Option<&str>| w.is_some_and(|w| w.len() >= 2 && w.chars().all(|c| !c.is_lowercase()));
        if shouting(word_before(text, start)) || shouting(word_after(text, end)) {
            return false;
        }
    }
    let initial = opens_sentence(text, start);
    if entry.common && initial && !text[end..].starts_with(',') {
        return false;
    }
    if entry.person {
        let previous_is_place = found.last().is_some_and(|f| f.end < start && text[f.end..start].trim().is_empty());
        let before = word_before(text, start).filter(|_| !previous_is_place);
        let after = word_after(text, end).filter(|w| !starts_place(g, w));
        // "Michael Jordan", "Mr. Jordan", "Jordan Henderson", "Paris Hilton"
        if before.is_some_and(name_like) || after.is_some_and(name_like) {
            return false;
        }
    }
    true
}

/// A capitalised word that is not a neutral word; a word ending a sentence
/// ("... met Smith. Jordan said") is not, unless it is a title ("Mr.").
fn name_like(word: &str) -> bool {
    const TITLES: &[&str] = &["Mr", "Mrs", "Ms", "Dr", "Gen", "Sen", "Rep", "Gov", "Lt", "Col", "Sgt", "Capt", "Prof"];
    let bare = word.trim_end_matches('.');
    if bare.len() < word.len() && !TITLES.contains(&bare) {
        return false;
    }
    bare.chars().next().is_some_and(char::is_uppercase) && !NEUTRAL.contains(&bare.to_lowercase().as_str())
}

/// Genitive "s" glued to a name ("Deutschlands", "Frankreichs") only for
/// names of places, not people or regions ("Americas" is its own region).
fn genitive_ok(genitive: bool, kind: Option<PlaceKind>) -> bool {
    !genitive || matches!(kind, Some(PlaceKind::Country | PlaceKind::Capital | PlaceKind::City | PlaceKind::State))
}

fn starts_place(g: &Gazetteer, word: &str) -> bool {
    g.matcher.find(word).is_some_and(|m| m.start() == 0 && m.end() == word.len())
}

/// The word right before `start` when only one space separates them.
fn word_before(text: &str, start: usize) -> Option<&str> {
    let head = text[..start].strip_suffix(' ')?;
    let from = head
        .rfind(|c: char| !(c.is_alphanumeric() || c == '-' || c == '.' || is_combining(c)))
        .map_or(0, |i| i + head[i..].chars().next().map_or(1, char::len_utf8));
    let word = &head[from..];
    (!word.is_empty()).then_some(word)
}

/// The word right after `end` when only one space separates them.
fn word_after(text: &str, end: usize) -> Option<&str> {
    let tail = text[end..].strip_prefix(' ')?;
    let to = tail.find(|c: char| !(c.is_alphanumeric() || c == '-' || is_combining(c))).unwrap_or(tail.len());
    let word = &tail[..to];
    (!word.is_empty()).then_some(word)
}

/// Whether `start` opens a sentence: nothing before it but spaces after a
/// sentence end, an opening quote or a line break.
fn opens_sentence(text: &str, start: usize) -> bool {
    let head = text[..start].trim_end_matches([' ', '\t', '"', '“', '«', '\'', '‘', '(']);
    match head.chars().next_back() {
        None => true,
        Some(c) => matches!(c, '.' | '!' | '?' | '\n' | '\r' | ':' | '—' | '–' | '…' | '»' | '”'),
    }
}

pub(crate) fn is_combining(c: char) -> bool {
    matches!(c, '\u{300}'..='\u{36f}' | '\u{1ab0}'..='\u{1aff}' | '\u{1dc0}'..='\u{1dff}' | '\u{20d0}'..='\u{20ff}' | '\u{fe20}'..='\u{fe2f}')
}
