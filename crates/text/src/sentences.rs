//! Sentence splitting (first version: paragraph breaks, terminal
//! punctuation followed by space and an upper-case letter, a few English
//! abbreviations).

use std::ops::Range;

const ABBREVIATIONS: &[&str] = &["mr", "mrs", "ms", "dr", "gen", "st", "no", "jan", "feb", "u.s", "u.k"];

/// The sentences of `text` as trimmed, non-empty byte ranges, in order.
/// `lang` is the article's ISO 639-1 code when known.
pub fn sentences(text: &str, _lang: Option<&str>) -> Vec<Range<usize>> {
    let mut out = Vec::new();
    let mut start = 0;
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        let boundary = if b == b'\n' {
            Some(i)
        } else if matches!(b, b'.' | b'!' | b'?')
            && bytes.get(i + 1) == Some(&b' ')
            && text[i + 2..].chars().next().is_some_and(char::is_uppercase)
        {
            let word = text[start..i].rsplit(|c: char| c.is_whitespace()).next().unwrap_or("");
            if b == b'.' && ABBREVIATIONS.contains(&word.to_lowercase().as_str()) {
                None
            } else {
                Some(i + 1)
            }
        } else {
            None
        };
        if let Some(end) = boundary {
            push_trimmed(text, start..end, &mut out);
            start = end;
        }
        i += 1;
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

fn push_trimmed(text: &str, r: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[r.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(r.start + lead..r.end - trail);
    }
}
