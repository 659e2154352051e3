//! Sentence splitting by rules: a line break always ends a sentence; terminal
//! punctuation (with any closing quotes and brackets after it) ends one when
//! white space and something other than a lower-case letter follow, unless
//! the dot belongs to an abbreviation, an initial, a list number or a German
//! style ordinal. Ambiguous abbreviations ("U.S.", "Inc.", "a.m.") end a
//! sentence only when a function word such as "The" follows.

use std::ops::Range;

use crate::abbreviations::{is_initialism, lookup, AbbrevKind};
use crate::lang::{lang_mask, writes_ordinal_dots, Lang};
use crate::stopwords::is_stop_word;

/// Punctuation that ends a sentence when white space follows.
fn is_terminator(c: char) -> bool {
    matches!(c, '.' | '!' | '?' | '…' | '‼' | '⁇' | '⁈' | '⁉' | '؟' | '۔' | '।' | '॥' | '։' | '።')
        || is_cjk_terminator(c)
}

/// Full-width punctuation that ends a sentence with no space after it.
fn is_cjk_terminator(c: char) -> bool {
    matches!(c, '。' | '！' | '？' | '．' | '｡')
}

/// Closing quotes and brackets that belong to the sentence they follow.
/// German closes with “ and «, French with », so all of them count.
fn is_closer(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '”'
            | '’'
            | '“'
            | '»'
            | '«'
            | '›'
            | '‹'
            | ')'
            | ']'
            | '}'
            | '」'
            | '』'
            | '）'
            | '】'
            | '〉'
            | '》'
    )
}

/// Quotes, brackets and inverted marks that may open a sentence.
fn is_opener(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '‘'
            | '„'
            | '‚'
            | '«'
            | '»'
            | '‹'
            | '›'
            | '('
            | '['
            | '{'
            | '¿'
            | '¡'
            | '「'
            | '『'
            | '（'
    )
}

fn is_line_break(c: char) -> bool {
    matches!(c, '\n' | '\r' | '\u{2028}' | '\u{2029}' | '\u{85}')
}

/// The sentences of `text` as trimmed, non-empty byte ranges, in order.
/// `lang` is the article's ISO 639-1 code when known ("en", "de", "pt-BR");
/// it selects the abbreviation lists, and without it all of them apply.
/// Linear in the length of the text; never panics.
///
/// ```
/// let text = "Dr. Jane Smith, 3.5 km from St. Louis, said: \"Go!\" Then she left.\nNext line";
/// let got: Vec<&str> = newsdesk_text::sentences(text, Some("en")).into_iter().map(|r| &text[r]).collect();
/// assert_eq!(got, ["Dr. Jane Smith, 3.5 km from St. Louis, said: \"Go!\"", "Then she left.", "Next line"]);
/// ```
pub fn sentences(text: &str, lang: Option<&str>) -> Vec<Range<usize>> {
    let splitter = Splitter { text, lang, mask: lang_mask(lang), ordinal_dots: writes_ordinal_dots(lang) };
    let mut out = Vec::new();
    let mut start = 0;
    let mut resume_at = 0;
    for (i, c) in text.char_indices() {
        if i < resume_at {
            continue;
        }
        if is_line_break(c) {
            push_trimmed(text, start..i, &mut out);
            start = i + c.len_utf8();
        } else if is_terminator(c) {
            let (terminators_end, run_end) = punctuation_run(text, i);
            resume_at = run_end;
            if splitter.ends_sentence(start, i, terminators_end, run_end) {
                push_trimmed(text, start..run_end, &mut out);
                start = run_end;
            }
        }
    }
    push_trimmed(text, start..text.len(), &mut out);
    out
}

/// From the terminator at `at`: where the run of terminators ends ("?!",
/// "...") and where the closing quotes and brackets after it end.
fn punctuation_run(text: &str, at: usize) -> (usize, usize) {
    let mut terminators_end = at;
    let mut chars = text[at..].char_indices().peekable();
    while let Some(&(offset, c)) = chars.peek() {
        if !is_terminator(c) {
            break;
        }
        terminators_end = at + offset + c.len_utf8();
        chars.next();
    }
    let mut run_end = terminators_end;
    for (offset, c) in text[terminators_end..].char_indices() {
        if !(is_closer(c) || is_terminator(c)) {
            break;
        }
        run_end = terminators_end + offset + c.len_utf8();
    }
    (terminators_end, run_end + spaced_french_closer(&text[run_end..]))
}

/// French sets a space before its closing guillemet ("fini. »"): the length
/// of that space and guillemet when a space or the end follows them, else 0.
fn spaced_french_closer(rest: &str) -> usize {
    let after_space = rest.trim_start_matches(|c: char| c.is_whitespace() && !is_line_break(c));
    if after_space.len() == rest.len() {
        return 0;
    }
    let Some(quote @ ('»' | '›')) = after_space.chars().next() else { return 0 };
    let after_quote = &after_space[quote.len_utf8()..];
    if after_quote.is_empty() || after_quote.starts_with(char::is_whitespace) {
        rest.len() - after_quote.len()
    } else {
        0
    }
}

struct Splitter<'a> {
    text: &'a str,
    lang: Option<&'a str>,
    mask: u32,
    ordinal_dots: bool,
}

/// The first word after a candidate boundary.
struct NextWord<'a> {
    /// Up to the next white space, after any opening quotes or brackets.
    word: &'a str,
    /// The opener right before it, if any.
    opener: Option<char>,
}

impl NextWord<'_> {
    fn first(&self) -> Option<char> {
        self.word.chars().next()
    }

    /// "The", "Die", "Le": a capitalised function word, which after an
    /// ambiguous abbreviation signals a new sentence. A lone letter with a
    /// dot ("A." in "J. A. Smith") is an initial, not a word.
    fn opens_sentence(&self, lang: Option<&str>) -> bool {
        let letters_end = self.word.find(|c: char| !c.is_alphabetic()).unwrap_or(self.word.len());
        let letters = &self.word[..letters_end];
        let Some(first) = letters.chars().next() else { return false };
        let initial = letters.chars().count() == 1 && self.word[letters_end..].starts_with('.');
        first.is_uppercase() && !initial && is_stop_word(&letters.to_lowercase(), lang)
    }
}

impl Splitter<'_> {
    /// Whether the punctuation run `at..run_end` (terminators up to
    /// `terminators_end`) ends the sentence that began at `start`.
    fn ends_sentence(&self, start: usize, at: usize, terminators_end: usize, run_end: usize) -> bool {
        let terminators = &self.text[at..terminators_end];
        let rest = &self.text[run_end..];
        if terminators.chars().any(is_cjk_terminator) {
            return true;
        }
        if !rest.is_empty() && !rest.starts_with(char::is_whitespace) {
            return false; // 3.5, example.com, "U.S.'s", "?!)"-in-word
        }
        let Some(next) = next_word(rest) else { return true };
        let Some(first) = next.first() else { return true };
        if first.is_lowercase() {
            return false;
        }
        // ". . ." written with spaces continues until its last dot.
        if next.opener.is_none() && is_terminator(first) {
            return false;
        }
        // '"... Together we' : a quotation resuming after an ellipsis.
        if self.text[start..at].chars().rev().all(|c| c.is_whitespace() || is_opener(c)) {
            return false;
        }
        if terminators != "." || run_end != terminators_end {
            return true;
        }
        let before = &self.text[start..at];
        let token = before.rsplit(char::is_whitespace).next().unwrap_or("");
        // "(CNN)Sen." and "ex-Sen.": the word is what follows the last mark.
        let word = token.rsplit(|c: char| !(c.is_alphanumeric() || c == '.')).next().unwrap_or("");
        if word.is_empty() {
            return true;
        }
        // Scanning back only over the white space before the token keeps the
        // whole split linear.
        let first_token = before[..before.len() - token.len()].chars().rev().all(char::is_whitespace);
        if first_token && is_list_marker(word) {
            return false;
        }
        match self.kind(word) {
            Some(AbbrevKind::Prefix) => false,
            Some(AbbrevKind::BeforeNumber) => !first.is_ascii_digit(),
            Some(AbbrevKind::Ambiguous) => {
                next.opener != Some('(') && !first.is_ascii_digit() && next.opens_sentence(self.lang)
            }
            None if self.ordinal_dots && word.bytes().all(|b| b.is_ascii_digit()) => {
                word.len() >= 4 || next.opens_sentence(self.lang)
            }
            None => true,
        }
    }

    fn kind(&self, word: &str) -> Option<AbbrevKind> {
        if let Some(kind) = lookup(word, self.mask) {
            return Some(kind);
        }
        // German street names abbreviate as one word: "Hauptstr."
        if self.mask & Lang::De.bit() != 0 && word.len() > 3 && word.ends_with("str") {
            return Some(AbbrevKind::Ambiguous);
        }
        let mut chars = word.chars();
        match (chars.next(), chars.next()) {
            (Some(c), None) if c.is_uppercase() => Some(AbbrevKind::Ambiguous),
            (Some(c), None) if c.is_lowercase() => Some(AbbrevKind::Prefix),
            _ if is_initialism(word) => Some(AbbrevKind::Ambiguous),
            _ => None,
        }
    }
}

/// "1", "12", "b", "iv": what numbers a list item at the start of a line.
fn is_list_marker(word: &str) -> bool {
    let digits = !word.is_empty() && word.len() <= 3 && word.bytes().all(|b| b.is_ascii_digit());
    let letter = word.chars().count() == 1 && word.chars().all(char::is_alphabetic);
    let roman = word.len() <= 4 && word.chars().all(|c| matches!(c, 'i' | 'v' | 'x' | 'I' | 'V' | 'X'));
    digits || letter || roman
}

/// The word after the white space that starts `rest`, with its opener; none
/// when only white space is left or a line break comes first (the line break
/// ends the sentence anyway).
fn next_word(rest: &str) -> Option<NextWord<'_>> {
    let trimmed = rest.trim_start_matches(|c: char| c.is_whitespace() && !is_line_break(c));
    if trimmed.is_empty() || trimmed.starts_with(is_line_break) {
        return None;
    }
    let mut opener = None;
    let mut word = trimmed;
    while let Some(c) = word.chars().next().filter(|&c| is_opener(c)) {
        opener = Some(c);
        word = &word[c.len_utf8()..];
    }
    let end = word.find(char::is_whitespace).unwrap_or(word.len());
    Some(NextWord { word: &word[..end], opener })
}

fn push_trimmed(text: &str, range: Range<usize>, out: &mut Vec<Range<usize>>) {
    let s = &text[range.clone()];
    let lead = s.len() - s.trim_start().len();
    let trail = s.len() - s.trim_end().len();
    if lead + trail < s.len() {
        out.push(range.start + lead..range.end - trail);
    }
}
