//! Article text to raw features: words (stemmed for English), entity-like
//! spans, numbers (with their unit), dates. Pure functions of the text, so
//! they run in parallel ([`crate::StoryClusterer::push_batch`]); the
//! stream-dependent idf weighting happens later, in stream order.

use std::hash::Hasher;

use rustc_hash::FxHasher;

/// What a feature is; entities, numbers and dates get
/// [`crate::StoryConfig::entity_weight`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Kind {
    Word = 1,
    Entity = 2,
    Number = 3,
    Date = 4,
    /// A four-digit year (1900-2099); its hash carries [`YEAR_BIT`].
    Year = 5,
}

/// Hash bit set on (and only on) year features, so that a vector's years are
/// found without a lookup. The idf sketch reads bits 0-19 and 32-51 only.
pub(crate) const YEAR_BIT: u64 = 1 << 63;

pub(crate) fn is_year(h: u64) -> bool {
    h & YEAR_BIT != 0
}

/// One distinct feature of an article, before idf.
#[derive(Debug, Clone)]
pub(crate) struct RawFeature {
    pub hash: u64,
    pub kind: Kind,
    /// Field-weighted occurrences (a title occurrence counts
    /// `title_weight`, a lead occurrence 1).
    pub tf: f32,
    /// Readable form (first occurrence, lower-cased), for explanations.
    pub text: Box<str>,
}

/// The settings extraction needs (copied out of the config).
#[derive(Debug, Clone, Copy)]
pub(crate) struct ExtractOptions {
    pub title_weight: f32,
    pub lead_words: usize,
}

/// Features of one article, merged by hash and sorted by hash.
pub(crate) fn extract(title: &str, text: &str, language: Option<&str>, opt: ExtractOptions) -> Vec<RawFeature> {
    let english = match language {
        None => true,
        Some(l) => {
            let l = l.trim().to_ascii_lowercase();
            l.is_empty() || l == "en" || l.starts_with("en-") || l.starts_with("en_") || l == "eng" || l == "english"
        }
    };
    let mut out: Vec<RawFeature> = Vec::with_capacity(160);
    if opt.title_weight > 0.0 {
        field(title, usize::MAX, opt.title_weight, english, &mut out);
    }
    field(text, opt.lead_words, 1.0, english, &mut out);
    out.sort_unstable_by_key(|f| f.hash);
    let mut merged: Vec<RawFeature> = Vec::with_capacity(out.len());
    for f in out {
        match merged.last_mut() {
            Some(last) if last.hash == f.hash => last.tf += f.tf,
            _ => merged.push(f),
        }
    }
    merged
}

/// A feature's hash: FxHash of kind and text, finished by a splitmix64 mix so
/// that every bit is usable (the idf sketch takes two slices of it); the top
/// bit is then [`YEAR_BIT`] for years and clear for every other feature.
pub(crate) fn feature_hash(kind: Kind, text: &str) -> u64 {
    let mut h = FxHasher::default();
    h.write_u8(kind as u8);
    h.write(text.as_bytes());
    let h = mix(h.finish()) & !YEAR_BIT;
    if kind == Kind::Year {
        h | YEAR_BIT
    } else {
        h
    }
}

pub(crate) fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

#[derive(Debug, Clone, Copy)]
struct Token {
    start: usize,
    end: usize,
    /// First letter upper-case.
    cap: bool,
    /// First token of a sentence (after `.`, `!`, `?`, a line break, or
    /// the field start; quotes and brackets in between do not count).
    sentence_start: bool,
    /// Only spaces or one hyphen since the previous token (runs of names,
    /// "number unit").
    tight: bool,
    numeric: bool,
    /// One character of a script written without spaces (Han, kana, Thai).
    unspaced: bool,
}

fn is_unspaced(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0E7F | 0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF | 0x20000..=0x2FFFF)
}

/// Splits a field into tokens, stopping after `max_words` tokens.
fn tokenize(s: &str, max_words: usize) -> Vec<Token> {
    let mut toks = Vec::new();
    let mut boundary = true;
    let mut gap_tight = false;
    let mut gap_len = 0usize;
    let mut chars = s.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if toks.len() >= max_words {
            break;
        }
        if is_unspaced(c) {
            toks.push(Token {
                start: i,
                end: i + c.len_utf8(),
                cap: false,
                sentence_start: boundary,
                tight: gap_len == 0,
                numeric: false,
                unspaced: true,
            });
            boundary = false;
            gap_tight = true;
            gap_len = 0;
            continue;
        }
        if c.is_alphanumeric() {
            let numeric = c.is_ascii_digit();
            let mut end = i + c.len_utf8();
            while let Some(&(j, d)) = chars.peek() {
                if d.is_alphanumeric() && !is_unspaced(d) {
                    end = j + d.len_utf8();
                    chars.next();
                } else if numeric && (d == '.' || d == ',') {
                    // 6.1, 1,000: keep the separator when a digit follows
                    let mut look = chars.clone();
                    look.next();
                    match look.peek() {
                        Some(&(_, e)) if e.is_ascii_digit() => {
                            chars.next();
                        }
                        _ => break,
                    }
                } else {
                    break;
                }
            }
            toks.push(Token {
                start: i,
                end,
                cap: c.is_uppercase(),
                sentence_start: boundary,
                tight: gap_tight && gap_len > 0,
                numeric,
                unspaced: false,
            });
            boundary = false;
            gap_tight = true;
            gap_len = 0;
            continue;
        }
        // separator
        gap_len += 1;
        match c {
            '.' | '!' | '?' | '\n' | '\r' | ';' | ':' | '|' => {
                boundary = true;
                gap_tight = false;
            }
            ' ' | '\u{a0}' => {}
            '-' | '\u{2010}' | '\u{2011}' if gap_len == 1 => {}
            _ => gap_tight = false,
        }
    }
    toks
}

fn push(out: &mut Vec<RawFeature>, kind: Kind, key: &str, shown: &str, tf: f32) {
    out.push(RawFeature { hash: feature_hash(kind, key), kind, tf, text: shown.into() });
}

fn field(s: &str, max_words: usize, weight: f32, english: bool, out: &mut Vec<RawFeature>) {
    let toks = tokenize(s, max_words);
    let lower: Vec<String> = toks.iter().map(|t| s[t.start..t.end].to_lowercase()).collect();
    let mut key = String::new();
    let mut i = 0;
    while i < toks.len() {
        let t = toks[i];
        let w = &lower[i];
        if t.unspaced {
            // character bigrams (and the lone character of a one-character run)
            let next_unspaced = i + 1 < toks.len() && toks[i + 1].unspaced && toks[i + 1].tight;
            let prev_unspaced = i > 0 && toks[i - 1].unspaced && t.tight;
            if next_unspaced {
                key.clear();
                key.push_str(w);
                key.push_str(&lower[i + 1]);
                push(out, Kind::Word, &key, &key.clone(), weight);
            } else if !prev_unspaced {
                push(out, Kind::Word, w, w, weight);
            }
            i += 1;
            continue;
        }
        if t.numeric {
            let num = w.as_str();
            let year = num.len() == 4
                && (num.starts_with("19") || num.starts_with("20"))
                && num.bytes().all(|b| b.is_ascii_digit());
            push(out, if year { Kind::Year } else { Kind::Number }, num, num, weight);
            // "6.1 magnitude", "33-year-old", "12 people"
            if let Some(n) = toks.get(i + 1) {
                let nw = &lower[i + 1];
                if n.tight && !n.numeric && !n.unspaced && !is_stop(nw) {
                    key.clear();
                    key.push_str(num);
                    key.push(' ');
                    key.push_str(&stem(nw, english));
                    push(out, Kind::Number, &key, &format!("{num} {nw}"), weight);
                }
            }
            // "March 3"
            if i > 0 && t.tight && num.len() <= 2 && MONTHS.contains(&lower[i - 1].as_str()) {
                key.clear();
                key.push_str(&lower[i - 1]);
                key.push(' ');
                key.push_str(num);
                push(out, Kind::Date, &key, &key.clone(), weight);
            }
            i += 1;
            continue;
        }
        if WEEKDAYS.contains(&w.as_str()) {
            push(out, Kind::Date, w, w, weight);
            i += 1;
            continue;
        }
        // entity run: consecutive capitalised tokens joined by spaces/hyphens
        if t.cap {
            let mut j = i + 1;
            while j < toks.len() && toks[j].cap && toks[j].tight && !toks[j].numeric && !toks[j].unspaced {
                j += 1;
            }
            entity_run(&toks[i..j], &lower[i..j], weight, english, out);
            for w in &lower[i..j] {
                word(w, weight, english, out);
            }
            i = j;
            continue;
        }
        word(w, weight, english, out);
        i += 1;
    }
}

fn word(w: &str, weight: f32, english: bool, out: &mut Vec<RawFeature>) {
    if w.chars().count() < 2 || (english && is_stop(w)) || WEEKDAYS.contains(&w) {
        return;
    }
    let st = stem(w, english);
    push(out, Kind::Word, &st, w, weight);
}

fn entity_run(toks: &[Token], lower: &[String], weight: f32, _english: bool, out: &mut Vec<RawFeature>) {
    // strip stop words and calendar words at both ends ("The Senate", "On Friday")
    let skip = |w: &str| is_stop(w) || WEEKDAYS.contains(&w) || w.chars().count() < 2;
    let mut a = 0;
    let mut b = toks.len();
    while a < b && skip(&lower[a]) {
        a += 1;
    }
    while b > a && skip(&lower[b - 1]) {
        b -= 1;
    }
    if a == b {
        return;
    }
    // a lone capitalised word opening a sentence is not evidence of a name
    if b - a == 1 && toks[a].sentence_start {
        return;
    }
    for w in &lower[a..b] {
        if !skip(w) {
            push(out, Kind::Entity, w, w, weight);
        }
    }
    if b - a >= 2 {
        let phrase = lower[a..b.min(a + 4)].join(" ");
        push(out, Kind::Entity, &phrase, &phrase, weight);
    }
}

/// A light English suffix stripper (plural, -ing, -ed, -ly, possessive):
/// "rehab"/"rehabs", "enters"/"entered"/"entering" meet. Other languages are
/// left as written (idf still works; only inflections stay apart).
pub(crate) fn stem(w: &str, english: bool) -> String {
    if !english || !w.is_ascii() || w.len() <= 3 {
        return w.to_string();
    }
    let mut s = w;
    for (suf, keep) in
        [("'s", 3usize), ("ies", 4), ("sses", 5), ("ing", 6), ("edly", 6), ("ed", 5), ("ly", 5), ("es", 5), ("s", 4)]
    {
        if s.len() >= keep && s.ends_with(suf) {
            match suf {
                "ies" => return format!("{}y", &s[..s.len() - 3]),
                "sses" => return s[..s.len() - 2].to_string(),
                "s" if s.ends_with("ss") || s.ends_with("us") || s.ends_with("is") => return s.to_string(),
                "es" if !(s.ends_with("ches") || s.ends_with("shes") || s.ends_with("xes")) => continue,
                _ => {}
            }
            s = &s[..s.len() - suf.len()];
            // "stopped" -> "stop", "running" -> "run"
            let b = s.as_bytes();
            if (suf == "ing" || suf == "ed")
                && b.len() >= 3
                && b[b.len() - 1] == b[b.len() - 2]
                && !matches!(b[b.len() - 1], b'l' | b's' | b'z')
            {
                s = &s[..s.len() - 1];
            }
            return s.to_string();
        }
    }
    s.to_string()
}

const WEEKDAYS: &[&str] = &["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"];
const MONTHS: &[&str] = &[
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
    "jan",
    "feb",
    "mar",
    "apr",
    "jun",
    "jul",
    "aug",
    "sep",
    "sept",
    "oct",
    "nov",
    "dec",
];

fn is_stop(w: &str) -> bool {
    STOP.binary_search(&w).is_ok()
}

/// English function words and news boilerplate verbs, sorted.
const STOP: &[&str] = &[
    "a", "about", "after", "again", "against", "all", "also", "am", "an", "and", "any", "are", "as", "at", "be",
    "because", "been", "before", "being", "between", "both", "but", "by", "can", "could", "did", "do", "does", "doing",
    "down", "during", "each", "few", "for", "from", "further", "had", "has", "have", "having", "he", "her", "here",
    "hers", "herself", "him", "himself", "his", "how", "i", "if", "in", "into", "is", "it", "its", "itself", "just",
    "me", "more", "most", "my", "no", "nor", "not", "now", "of", "off", "on", "once", "only", "or", "other", "our",
    "ours", "out", "over", "own", "said", "same", "say", "says", "she", "should", "so", "some", "such", "than", "that",
    "the", "their", "them", "then", "there", "these", "they", "this", "those", "through", "to", "told", "too", "under",
    "until", "up", "very", "was", "we", "were", "what", "when", "where", "which", "while", "who", "whom", "why",
    "will", "with", "would", "you", "your",
];

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(title: &str, text: &str) -> Vec<(Kind, String)> {
        let mut v: Vec<(Kind, String)> =
            extract(title, text, Some("en"), ExtractOptions { title_weight: 2.0, lead_words: 100 })
                .into_iter()
                .map(|f| (f.kind, f.text.to_string()))
                .collect();
        v.sort_by(|a, b| a.1.cmp(&b.1));
        v
    }

    #[test]
    fn stop_list_sorted() {
        assert!(STOP.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn stems() {
        assert_eq!(stem("enters", true), "enter");
        assert_eq!(stem("entered", true), "enter");
        assert_eq!(stem("entering", true), "enter");
        assert_eq!(stem("celebrities", true), "celebrity");
        assert_eq!(stem("stopped", true), "stop");
        assert_eq!(stem("press", true), "press");
        assert_eq!(stem("virus", true), "virus");
        assert_eq!(stem("häuser", true), "häuser");
        assert_eq!(stem("enters", false), "enters");
    }

    #[test]
    fn entities_numbers_dates() {
        let f = texts("", "Word comes that Tara Reid, 33, entered the Promises Treatment Center on Friday. The quake of 6.1 magnitude hit on March 3.");
        let has = |k: Kind, s: &str| f.iter().any(|(kk, t)| *kk == k && t == s);
        assert!(has(Kind::Entity, "tara reid"), "{f:?}");
        assert!(has(Kind::Entity, "reid"));
        assert!(has(Kind::Entity, "promises treatment center"));
        assert!(has(Kind::Number, "33"));
        assert!(has(Kind::Number, "6.1 magnitude"));
        assert!(!f.iter().any(|(k, _)| *k == Kind::Year));
        assert!(has(Kind::Date, "friday"));
        assert!(has(Kind::Date, "march 3"));
        // sentence-initial lone capital is not an entity, and "33," has no unit
        assert!(!has(Kind::Entity, "word"));
        assert!(!f.iter().any(|(_, t)| t.starts_with("33 ")));
        assert!(!has(Kind::Entity, "the"));
    }

    #[test]
    fn years_are_flagged() {
        let f = extract(
            "Klitschko retains titles",
            "July 7, 2012: Klitschko (52-3) beat Thompson, as in 2008; 2012s, 20120 and 1850 are no years.",
            Some("en"),
            ExtractOptions { title_weight: 2.0, lead_words: 100 },
        );
        let years: Vec<&str> = f.iter().filter(|x| is_year(x.hash)).map(|x| &*x.text).collect();
        assert_eq!(years.len(), 2, "{years:?}");
        assert!(years.contains(&"2012") && years.contains(&"2008"));
        assert!(f.iter().all(|x| is_year(x.hash) == (x.kind == Kind::Year)));
    }

    #[test]
    fn unspaced_scripts_bigrams() {
        let f = texts("地震が発生", "");
        assert!(f.iter().any(|(_, t)| t == "地震"));
        assert!(f.iter().any(|(_, t)| t == "発生"));
    }

    #[test]
    fn lead_limit() {
        let text = "alpha beta gamma delta epsilon";
        let f = extract("", text, None, ExtractOptions { title_weight: 2.0, lead_words: 2 });
        assert_eq!(f.len(), 2);
    }

    #[test]
    fn empty_and_odd() {
        assert!(texts("", "").is_empty());
        assert!(texts("...", "— «» 1").len() <= 1);
        let _ = texts("Ελληνικά Νέα", "Москва заявила 5 км");
    }
}
