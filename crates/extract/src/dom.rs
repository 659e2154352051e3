//! Parsing, and the few DOM helpers every part of extraction shares.
//!
//! All traversals in this crate are iterative (`descendants()`, explicit
//! stacks): pages with 100,000 nested tags must not overflow the stack.

use scraper::node::Element;
use scraper::{ElementRef, Html};

/// Parses a whole document. html5ever never fails: malformed markup is
/// repaired the way browsers repair it. [`prepare`] runs first.
pub(crate) fn parse(text: &str) -> Html {
    Html::parse_document(&prepare(text))
}

/// Browsers cap the tree depth too (Blink at 512); real articles stay far below.
const MAX_DEPTH: usize = 512;

/// Start tags kept; markup after this many is cut off before parsing. Real
/// news pages have a few thousand; a DOM node costs about 200 bytes, so
/// this bounds a parse near 100 MB however large and link-heavy the page.
const MAX_TAGS: usize = 500_000;

/// Scripts longer than this are dropped unless they may carry metadata.
const KEEP_SCRIPT_BYTES: usize = 200;

/// Elements that never have content or whose end tag is optional: they do
/// not count towards depth, since unclosed `<p>`s are closed implicitly.
fn uncounted(name: &[u8]) -> bool {
    matches!(
        name,
        b"area"
            | b"base"
            | b"br"
            | b"col"
            | b"embed"
            | b"hr"
            | b"img"
            | b"input"
            | b"link"
            | b"meta"
            | b"param"
            | b"source"
            | b"track"
            | b"wbr"
            | b"p"
            | b"li"
            | b"dt"
            | b"dd"
            | b"tr"
            | b"td"
            | b"th"
            | b"tbody"
            | b"thead"
            | b"tfoot"
            | b"option"
            | b"optgroup"
            | b"rb"
            | b"rt"
            | b"rp"
            | b"colgroup"
            | b"caption"
            | b"html"
            | b"head"
            | b"body"
            | b"frame"
            | b"keygen"
    )
}

/// One linear pass over the markup before html5ever sees it:
/// - tags nested deeper than [`MAX_DEPTH`] are dropped (their text stays):
///   html5ever's tree builder is quadratic in depth, so 100,000 nested tags
///   would otherwise take minutes;
/// - markup after [`MAX_TAGS`] start tags is cut off, bounding memory;
/// - comments, style sheets and long scripts that hold no metadata are
///   emptied: nothing downstream reads them, and on modern pages they are
///   most of the bytes the tokenizer would walk through.
///
/// JSON-LD, short inline scripts and scripts that may hold a publication
/// date (see `meta::scan`) are kept.
fn prepare(text: &str) -> std::borrow::Cow<'_, str> {
    let bytes = text.as_bytes();
    let mut drops: Vec<(usize, usize)> = Vec::new();
    let mut attr_drops: Vec<(usize, usize)> = Vec::new();
    let (mut depth, mut suppressed, mut tags) = (0usize, 0usize, 0usize);
    let mut i = 0;
    while let Some(off) = memchr::memchr(b'<', &bytes[i..]) {
        let start = i + off;
        let rest = &bytes[start..];
        if rest.starts_with(b"<!--") {
            let end = memchr::memmem::find(&bytes[start + 4..], b"-->").map_or(bytes.len(), |e| start + 4 + e + 3);
            drops.push((start, end));
            i = end;
            continue;
        }
        let closing = rest.get(1) == Some(&b'/');
        let name_start = start + 1 + usize::from(closing);
        let raw_len = bytes[name_start..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
        if raw_len == 0 {
            i = start + 1;
            continue;
        }
        if !closing {
            tags += 1;
            if tags > MAX_TAGS {
                drops.push((start, bytes.len()));
                break;
            }
        }
        let mut name_buf = [0u8; 16];
        let name: &[u8] = if raw_len <= name_buf.len() {
            for (d, b) in name_buf.iter_mut().zip(&bytes[name_start..name_start + raw_len]) {
                *d = b.to_ascii_lowercase();
            }
            &name_buf[..raw_len]
        } else {
            b"-" // longer than any name this pass cares about
        };
        attr_drops.clear();
        let filter = if closing { None } else { Some(name) };
        let (end, self_closing) = scan_attributes(bytes, name_start + raw_len, filter, &mut attr_drops);
        i = end;
        if !closing && matches!(name, b"script" | b"style" | b"textarea" | b"title" | b"xmp" | b"plaintext") {
            let close = raw_text_end(bytes, end, name);
            let keep = match name {
                b"style" => false,
                b"script" => script_worth_keeping(&bytes[start..end], &bytes[end..close]),
                _ => true,
            };
            drops.extend_from_slice(&attr_drops);
            if !keep && close > end {
                drops.push((end, close));
            }
            i = close;
            continue;
        }
        if uncounted(name) || self_closing {
            drops.extend_from_slice(&attr_drops);
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
            drops.extend_from_slice(&attr_drops);
        }
    }
    if drops.is_empty() {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for (s, e) in drops {
        // Every span starts at `<` or just after `>` and ends after `>` or at
        // `<`: all ASCII, so always on char boundaries.
        out.push_str(&text[at..s]);
        at = e;
    }
    out.push_str(&text[at..]);
    std::borrow::Cow::Owned(out)
}

/// Attributes something downstream reads; the rest (`data-*`, event
/// handlers, `srcset`, sizes, tracking ids) are dropped before parsing, which
/// spares html5ever a string and an interned name for each, and the DOM the
/// memory (a page of links keeps no `href` it never reads).
/// `href` is read on `<link>`, `<base>` and `<a rel=...>` only; `src` on
/// `<script>` only.
fn attribute_read(tag: &[u8], name: &[u8]) -> bool {
    const READ: &[&[u8]] = &[
        b"class",
        b"id",
        b"itemprop",
        b"itemtype",
        b"datetime",
        b"rel",
        b"content",
        b"value",
        b"type",
        b"style",
        b"role",
        b"pubdate",
        b"name",
        b"lang",
        b"xml:lang",
        b"hidden",
        b"aria-hidden",
        b"property",
        b"http-equiv",
        b"charset",
    ];
    if name.eq_ignore_ascii_case(b"href") {
        return matches!(tag, b"link" | b"base" | b"a");
    }
    if name.eq_ignore_ascii_case(b"src") {
        return tag == b"script";
    }
    READ.iter().any(|r| r.eq_ignore_ascii_case(name))
}

/// Reads a tag's attributes from `at` (just after its name) the way the
/// HTML tokenizer does, quotes included, and returns where the tag ends and
/// whether it is self-closing. With the tag's name as `filter`, the spans of
/// attributes nobody reads are pushed to `drops`.
fn scan_attributes(
    bytes: &[u8],
    mut at: usize,
    filter: Option<&[u8]>,
    drops: &mut Vec<(usize, usize)>,
) -> (usize, bool) {
    let len = bytes.len();
    // An `<a>`'s href matters only next to a rel (rel=author); rel may come
    // after it, so its span waits until the tag is read.
    let mut link_href: Option<(usize, usize)> = None;
    let mut has_rel = false;
    let result = loop {
        while at < len && (bytes[at].is_ascii_whitespace() || bytes[at] == b'/') {
            at += 1;
        }
        if at >= len {
            break (len, false);
        }
        if bytes[at] == b'>' {
            break (at + 1, at > 0 && bytes[at - 1] == b'/');
        }
        let attr_start = at;
        at += 1; // the first character may be '=' (a parse error, taken as a name)
        while at < len && !matches!(bytes[at], b'\t' | b'\n' | b'\x0c' | b'\r' | b' ' | b'/' | b'>' | b'=') {
            at += 1;
        }
        let name_end = at;
        let mut probe = at;
        while probe < len && bytes[probe].is_ascii_whitespace() {
            probe += 1;
        }
        if probe < len && bytes[probe] == b'=' {
            at = probe + 1;
            while at < len && bytes[at].is_ascii_whitespace() {
                at += 1;
            }
            match bytes.get(at) {
                Some(&q @ (b'"' | b'\'')) => {
                    at = memchr::memchr(q, &bytes[at + 1..]).map_or(len, |e| at + 1 + e + 1);
                }
                _ => {
                    while at < len && !bytes[at].is_ascii_whitespace() && bytes[at] != b'>' {
                        at += 1;
                    }
                }
            }
        }
        let Some(tag) = filter else { continue };
        let name = &bytes[attr_start..name_end];
        if tag == b"a" && name.eq_ignore_ascii_case(b"href") {
            link_href = Some((attr_start, at));
        } else if !attribute_read(tag, name) {
            drops.push((attr_start, at));
        }
        has_rel |= name.eq_ignore_ascii_case(b"rel");
    };
    if let Some(span) = link_href.filter(|_| !has_rel) {
        let pos = drops.partition_point(|d| d.0 < span.0);
        drops.insert(pos, span);
    }
    result
}

/// Where the raw text of `<name>` starting at `from` ends: at its `</name`.
fn raw_text_end(bytes: &[u8], from: usize, name: &[u8]) -> usize {
    let mut at = from;
    while let Some(off) = memchr::memmem::find(&bytes[at..], b"</") {
        let tag = at + off + 2;
        if bytes.get(tag..tag + name.len()).is_some_and(|n| n.eq_ignore_ascii_case(name)) {
            return at + off;
        }
        at = tag;
    }
    bytes.len()
}

/// JSON-LD, short scripts and scripts naming a publication date are read by
/// the metadata step; everything else is code nobody reads.
fn script_worth_keeping(open_tag: &[u8], content: &[u8]) -> bool {
    content.len() <= KEEP_SCRIPT_BYTES
        || memchr::memmem::find(&open_tag.to_ascii_lowercase(), b"ld+json").is_some()
        || crate::meta::may_hold_script_dates(content)
}

/// An attribute's value: what `Element::attr` gives, without its cost.
/// scraper interns the asked-for name as an atom and binary-searches with
/// string comparisons on every call; elements keep only the few attributes
/// [`prepare`] leaves them, so a linear scan comparing names in place is
/// several times cheaper, and extraction asks for attributes of every
/// element. Like `attr`, only attributes without a namespace count.
pub(crate) fn attr<'a>(el: &'a Element, name: &str) -> Option<&'a str> {
    el.attrs.iter().find(|(q, _)| q.prefix.is_none() && q.ns.is_empty() && &*q.local == name).map(|(_, v)| &**v)
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
        let capped = prepare(&html);
        assert!(capped.len() < html.len());
        assert!(capped.contains("<p>deep</p>"));
        let page = "<div><p>a<p>b<br><img class=x></div>".repeat(300);
        assert!(matches!(prepare(&page), std::borrow::Cow::Borrowed(_)));
    }

    #[test]
    fn code_and_comments_are_emptied_but_metadata_scripts_kept() {
        let code = "var x = 1;".repeat(100);
        let html = format!(
            "<style>p {{ color: red }}</style><!-- note --><script>{code}</script>\
             <script type=\"application/ld+json\">{{\"@type\":\"NewsArticle\"}}</script>\
             <script>window.data = {{\"datePublished\": \"2024-03-05\", \"pad\": \"{}\"}}</script>\
             <script>x()</script><p>text</p>",
            "z".repeat(300)
        );
        let out = prepare(&html);
        assert!(!out.contains("color: red") && !out.contains("note") && !out.contains("var x = 1;var"));
        assert!(out.contains("NewsArticle") && out.contains("datePublished") && out.contains("<script>x()</script>"));
        assert!(out.contains("<style></style>") && out.contains("<p>text</p>"));
    }

    #[test]
    fn markup_beyond_the_tag_budget_is_cut() {
        let html = format!("<p>kept</p>{}", "<i>x</i>".repeat(MAX_TAGS + 10));
        let out = prepare(&html);
        assert!(out.starts_with("<p>kept</p>"));
        assert_eq!(out.matches("<i>").count(), MAX_TAGS - 1);
    }

    #[test]
    fn unread_attributes_are_dropped_quotes_respected() {
        let html = r#"<div class="story" data-x='a > b' onclick="go()" id=main><img srcset="x 1x" src=p.jpg/><a href="/x" data-track>t</a></div>"#;
        let out = prepare(html);
        assert_eq!(out, r#"<div class="story"   id=main><img  ><a  >t</a></div>"#);
        let author = prepare(r#"<a href="/staff/ana" data-x=1 rel="author">Ana</a>"#);
        assert_eq!(author, r#"<a href="/staff/ana"  rel="author">Ana</a>"#);
    }

    #[test]
    fn normalizes_white_space() {
        assert_eq!(normalize_space("  a \u{a0}\n b  "), "a b");
        assert_eq!(normalize_space("\u{3000}開始\u{3000}高齢者 \u{3000}x"), "開始\u{3000}高齢者 x");
    }
}
