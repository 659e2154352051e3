//! Parsing, and the few DOM helpers every part of extraction shares.
//!
//! All traversals in this crate are iterative (`descendants()`, explicit
//! stacks): pages with 100,000 nested tags must not overflow the stack.

use scraper::{ElementRef, Html};

/// Parses a whole document. html5ever never fails: malformed markup is
/// repaired the way browsers repair it. Tags nested deeper than
/// [`MAX_DEPTH`] are dropped first (their text stays): html5ever's tree
/// builder is quadratic in nesting depth, so a page of 100,000 nested tags
/// would otherwise take minutes.
pub(crate) fn parse(text: &str) -> Html {
    Html::parse_document(&cap_nesting(text))
}

/// Browsers cap the tree depth too (Blink at 512); real articles stay far below.
const MAX_DEPTH: usize = 512;

/// Elements that never have content or whose end tag is optional: they do
/// not count towards depth, since unclosed `<p>`s are closed implicitly.
fn uncounted(name: &[u8]) -> bool {
    const NAMES: &[&[u8]] = &[
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta", b"param", b"source",
        b"track", b"wbr", b"p", b"li", b"dt", b"dd", b"tr", b"td", b"th", b"tbody", b"thead", b"tfoot", b"option",
        b"optgroup", b"rb", b"rt", b"rp", b"colgroup", b"caption", b"html", b"head", b"body", b"frame", b"keygen",
    ];
    NAMES.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// Removes start and end tags beyond [`MAX_DEPTH`]. Borrows the input when
/// the page is not that deep, which is every real page.
fn cap_nesting(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    // Cheap bound first: depth can't exceed the number of tags.
    if bytecount_lt(bytes) <= MAX_DEPTH {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut drops: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut suppressed) = (0usize, 0usize);
    let mut i = 0;
    while let Some(off) = bytes[i..].iter().position(|&b| b == b'<') {
        let start = i + off;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            i = find(bytes, start + 4, b"-->").map_or(bytes.len(), |e| e + 3);
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + closing as usize;
        let name_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if name_len == 0 {
            i = start + 1;
            continue;
        }
        let name = &bytes[name_start..name_start + name_len];
        let end = bytes[name_start..].iter().position(|&b| b == b'>').map_or(bytes.len(), |e| name_start + e + 1);
        let self_closing = end >= 2 && bytes[end - 2] == b'/';
        i = end;
        if !closing && ["script", "style", "textarea", "title", "xmp", "plaintext"].iter().any(|r| r.as_bytes().eq_ignore_ascii_case(name)) {
            // Raw text: skip to the matching end tag.
            let close = format!("</{}", String::from_utf8_lossy(name).to_ascii_lowercase());
            i = find_ci(bytes, end, close.as_bytes()).unwrap_or(bytes.len());
            continue;
        }
        if uncounted(name) || self_closing {
            continue;
        }
        if closing {
            if suppressed > 0 {
                suppressed -= 1;
                drops.push((start, end));
            } else {
                depth = depth.saturating_sub(1);
            }
        } else if depth >= MAX_DEPTH {
            suppressed += 1;
            drops.push((start, end));
        } else {
            depth += 1;
        }
    }
    if drops.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in drops {
        out.push_str(&text[at..s]);
        at = e;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

fn bytecount_lt(bytes: &[u8]) -> usize {
    bytes.iter().filter(|&&b| b == b'<').count()
}

fn find(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w == needle).map(|p| p + from)
}

fn find_ci(hay: &[u8], from: usize, needle: &[u8]) -> Option<usize> {
    hay.get(from..)?.windows(needle.len()).position(|w| w.eq_ignore_ascii_case(needle)).map(|p| p + from)
}

/// Collapses runs of white space (including non-breaking spaces) to single
/// spaces and trims the ends. A run made only of ideographic spaces (U+3000)
/// stays one ideographic space: in Japanese and Chinese text it is
/// typography, not layout.
pub(crate) fn normalize_space(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut pending: Option<char> = None;
    for c in s.chars() {
        if c.is_whitespace() || c == '\u{a0}' || c == '\u{200b}' {
            if !out.is_empty() {
                pending = Some(match pending {
                    None | Some('\u{3000}') if c == '\u{3000}' => '\u{3000}',
                    _ => ' ',
                });
            }
        } else {
            if let Some(p) = pending.take() {
                out.push(p);
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
    fn nesting_beyond_the_cap_is_flattened_but_text_kept() {
        let html = format!("{}<p>deep</p>{}", "<span><b><i>".repeat(40_000), "</i></b></span>".repeat(40_000));
        let capped = cap_nesting(&html);
        assert!(capped.len() < html.len());
        assert!(capped.contains("<p>deep</p>"));
        let page = "<div><p>a<p>b<br><img src=x></div>".repeat(300);
        assert!(matches!(cap_nesting(&page), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn normalizes_white_space() {
        assert_eq!(normalize_space("  a \u{a0}\n b  "), "a b");
        assert_eq!(normalize_space("\u{3000}開始\u{3000}高齢者 \u{3000}x"), "開始\u{3000}高齢者 x");
    }
}
