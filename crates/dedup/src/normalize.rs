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
    "editing by",
    "writing by",
    "compiled by",
    "copyright",
    "©",
    "all rights reserved",
    "the associated press contributed",
    "sign up for",
    "read more:",
    "related:",
];

fn is_boilerplate(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    BOILERPLATE.iter().any(|b| l.starts_with(b))
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

/// The words of a body as shingling sees them: boilerplate lines dropped, the
/// dateline of the first line dropped, lower-cased, split on anything that is
/// not a letter or digit (so curly and straight quotes, every dash and every
/// run of whitespace fold to the same word boundaries).
pub fn words(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    let mut first = true;
    for line in text.lines() {
        if line.trim().is_empty() || is_boilerplate(line) {
            continue;
        }
        let line = if first { strip_dateline(line) } else { line };
        first = false;
        let lower = line.to_lowercase();
        out.extend(
            lower.split(|c: char| !(c.is_alphanumeric() || c == '_')).filter(|w| !w.is_empty()).map(str::to_owned),
        );
    }
    out
}

/// [`words`] joined by single spaces: the normalised text.
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
}
