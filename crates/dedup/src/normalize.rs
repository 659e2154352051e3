//! Text normalisation before shingling.

use std::sync::LazyLock;

use regex::Regex;

/// A dateline with an outlet in parentheses: `WASHINGTON (Reuters) -`,
/// `NEW YORK, March 3 (Reuters) —`, `(AP) -`.
static DATELINE_OUTLET: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:\p{Lu}[\p{Lu}\p{M}.'’ /]*(?:,[^()\n]{1,40}?)?\s*)?\([^()\n]{1,40}\)\s*[-‐‑‒–—―:]+\s*")
        .expect("valid regex")
});

/// A bare upper-case dateline: `LONDON — `, `SAN FRANCISCO - `.
static DATELINE_PLACE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*\p{Lu}{2,}[\p{Lu}\p{M}.'’ ,/]*\s*[-‐‑‒–—―]+\s+").expect("valid regex"));

/// Lines (lower-cased, trimmed) starting with one of these are wire or
/// outlet boilerplate, not the story.
const BOILERPLATE: &[&str] = &[
    "this story has been corrected",
    "this article has been corrected",
    "this story has been updated",
    "this article has been updated",
    "this story was corrected",
    "correction:",
    "reporting by",
    "(reporting by",
    "additional reporting by",
    "(additional reporting by",
    "editing by",
    "(editing by",
    "writing by",
    "(writing by",
    "compiled by",
    "copyright",
    "©",
    "all rights reserved",
    "the associated press contributed",
    "sign up for",
    "read more:",
    "related:",
];

/// `line`, trimmed and lower-cased, starts with a [`BOILERPLATE`] prefix.
/// Compared char by char so that no line is copied: every prefix is free of
/// sigma, the one letter whose lower case depends on its context, so
/// per-char lower-casing agrees with `str::to_lowercase` here.
fn is_boilerplate(line: &str) -> bool {
    let l = line.trim();
    let Some(first) = l.chars().flat_map(char::to_lowercase).next() else {
        return false;
    };
    BOILERPLATE.iter().any(|b| {
        b.starts_with(first) && {
            let mut lower = l.chars().flat_map(char::to_lowercase);
            b.chars().all(|c| lower.next() == Some(c))
        }
    })
}

/// Strips a leading dateline / outlet prefix from the first line of a story.
pub fn strip_dateline(line: &str) -> &str {
    for re in [&*DATELINE_OUTLET, &*DATELINE_PLACE] {
        if let Some(m) = re.find(line) {
            // Never strip a whole line: a dateline is followed by the story.
            if m.end() < line.len() {
                return &line[m.end()..];
            }
        }
    }
    line
}

/// The lines of a body that shingling reads: blank and boilerplate lines
/// dropped, the dateline of the first one stripped (not yet lower-cased).
fn story_lines(text: &str) -> impl Iterator<Item = &str> {
    let mut first = true;
    text.lines().filter(|l| !l.trim().is_empty() && !is_boilerplate(l)).map(move |l| {
        if std::mem::take(&mut first) {
            strip_dateline(l)
        } else {
            l
        }
    })
}

/// Calls `f` with each word of `line` lower-cased, split on anything that is
/// not a letter, digit or `_`. An ASCII line (most news text) is lowered
/// byte by byte into a small buffer; any other line is lowered whole
/// (`str::to_lowercase`, for its context-dependent sigma) and then split.
fn line_words(line: &str, buf: &mut Vec<u8>, f: &mut impl FnMut(&[u8])) {
    if line.is_ascii() {
        for &b in line.as_bytes() {
            if b.is_ascii_alphanumeric() || b == b'_' {
                buf.push(b.to_ascii_lowercase());
            } else if !buf.is_empty() {
                f(buf);
                buf.clear();
            }
        }
        if !buf.is_empty() {
            f(buf);
            buf.clear();
        }
    } else {
        let lower = line.to_lowercase();
        for w in lower.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()) {
            f(w.as_bytes());
        }
    }
}

/// Calls `f` with the UTF-8 bytes of each word of a body as shingling sees
/// it (see [`words`]), without making a `String` per word.
pub(crate) fn for_each_word(text: &str, mut f: impl FnMut(&[u8])) {
    let mut buf = Vec::with_capacity(64);
    for line in story_lines(text) {
        line_words(line, &mut buf, &mut f);
    }
}

/// The words of a body as shingling sees them: boilerplate lines dropped, the
/// dateline of the first line dropped, lower-cased, split on anything that is
/// not a letter or digit (so curly and straight quotes, every dash and every
/// run of whitespace fold to the same word boundaries).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    // Words are whole chars of a lower-cased `str`, so always UTF-8.
    for_each_word(text, |w| out.push(String::from_utf8_lossy(w).into_owned()));
    out
}

/// The normalised text: the words shingling reads (boilerplate lines and the
/// first line's dateline dropped, lower-cased, split on anything that is not
/// a letter, digit or `_`) joined by single spaces.
pub fn normalize(text: &str) -> String {
    words(text).join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn datelines_are_dropped() {
        assert_eq!(strip_dateline("WASHINGTON (Reuters) - The Senate voted."), "The Senate voted.");
        assert_eq!(strip_dateline("LONDON (AP) — Prices rose."), "Prices rose.");
        assert_eq!(strip_dateline("NEW YORK, March 3 (Reuters) - Stocks fell."), "Stocks fell.");
        assert_eq!(strip_dateline("PARIS — Rain fell."), "Rain fell.");
        assert_eq!(strip_dateline("The mayor (left) - said no."), "The mayor (left) - said no.");
        assert_eq!(strip_dateline("A quiet day - nothing."), "A quiet day - nothing.");
    }

    #[test]
    fn quotes_dashes_case_whitespace_and_boilerplate_fold() {
        let a = normalize("LONDON (AP) — “It’s over,” she said — again.\n\nReporting by Jane Doe; Editing by Bob");
        let b = normalize("\"It's   over,\" She said -- again.");
        assert_eq!(a, b);
        assert_eq!(a, "it s over she said again");
    }

    /// The word splitter without per-word strings agrees with lower-casing
    /// whole lines and splitting them, ASCII or not.
    #[test]
    fn words_match_the_reference_split() {
        let reference = |text: &str| -> Vec<String> {
            story_lines(text)
                .flat_map(|l| {
                    l.to_lowercase()
                        .split(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .filter(|w| !w.is_empty())
                        .map(str::to_owned)
                        .collect::<Vec<_>>()
                })
                .collect()
        };
        for text in [
            "PARIS — Rain_fell on 3 ROADS.\nREPORTING BY X\n  Copyright 2024\nThe end",
            "ΟΔΟΣ ΣΑΣ Straße İstanbul K\u{212a}elvin café-au-lait, naïve",
            "tail without newline",
            "",
        ] {
            assert_eq!(words(text), reference(text), "{text:?}");
        }
        assert_eq!(normalize("Hello\n© 2024 Outlet\nALL RIGHTS RESERVED.\nWorld"), "hello world");
        assert_eq!(normalize("\u{212a}\nCOPYRIGHT\u{212a}"), "\u{212a}".to_lowercase());
    }
}
