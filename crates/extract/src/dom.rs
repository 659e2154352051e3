//! Parsing, and the few DOM helpers every part of extraction shares.
//!
//! All traversals in this crate are iterative (`descendants()`, explicit
//! stacks): pages with 100,000 nested tags must not overflow the stack.

use scraper::{ElementRef, Html};

/// Parses a whole document. html5ever never fails: malformed markup is
/// repaired the way browsers repair it.
pub(crate) fn parse(text: &str) -> Html {
    Html::parse_document(text)
}

/// Collapses runs of white space (including non-breaking spaces) to single
/// spaces and trims the ends.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending_space = false;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            pending_space = !out.is_empty();
        } else {
            if pending_space {
                out.push(' ');
                pending_space = false;
            }
            out.push(c);
        }
    }
    out
}

/// The element's text content with white space normalised.
#[allow(dead_code)]
pub(crate) fn element_text(el: ElementRef<'_>) -> String {
    let mut s = String::new();
    for t in el.text() {
        s.push_str(t);
    }
    normalize_space(&s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deep_nesting_parses_without_overflow() {
        let depth = 100_000;
        let html = format!("{}<p>deep</p>{}", "<div>".repeat(depth), "</div>".repeat(depth));
        let doc = parse(&html);
        assert!(doc.root_element().text().any(|t| t == "deep"));
    }

    #[test]
    fn normalizes_white_space() {
        assert_eq!(normalize_space("  a \u{a0}\n b  "), "a b");
    }
}
