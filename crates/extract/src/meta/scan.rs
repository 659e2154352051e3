//! One walk over the document that collects everything the metadata sources
//! need: `<meta>`, `<link>`, JSON-LD scripts, `<time>` elements, the title and
//! first `<h1>`, and a bounded number of byline and date candidates. Walking
//! once (iteratively) keeps metadata cheap and safe on deeply nested pages.

use std::sync::LazyLock;

use aho_corasick::AhoCorasick;
use scraper::{ElementRef, Html};

use crate::dom::normalize_space;

/// Caps on collected candidates: enough for any real article header, small
/// enough that a page full of teasers costs nothing.
const MAX_TIMES: usize = 40;
const MAX_DATE_ELEMENTS: usize = 200;
const MAX_BYLINE_ELEMENTS: usize = 30;
/// Candidate elements with more text than this are containers, not bylines or dates.
const MAX_CANDIDATE_TEXT: usize = 250;

/// A `<time>` element or other dated element found in the page.
#[derive(Debug, Default)]
pub(crate) struct DatedElement {
    /// Machine value: `datetime` / `content` attribute.
    pub machine: Option<String>,
    /// Visible text (short).
    pub text: String,
    /// `pubdate` attribute, or `itemprop=datePublished`, or a class/id that says "published".
    pub says_published: bool,
    /// A class/id/itemprop that says "updated"/"modified".
    pub says_modified: bool,
    /// Inside comments, related links, sidebars, footers.
    pub boilerplate: bool,
}

/// What the walk found.
#[derive(Debug, Default)]
pub(crate) struct Scan {
    pub html_lang: Option<String>,
    /// `(key, content)`: key is the lower-cased `property`, `name`, `itemprop`
    /// or `http-equiv`; the same tag can appear under several keys.
    pub metas: Vec<(String, String)>,
    pub canonical: Option<String>,
    pub image_src: Option<String>,
    pub ld_json: Vec<String>,
    pub title: Option<String>,
    pub h1: Option<String>,
    pub times: Vec<DatedElement>,
    pub date_elements: Vec<DatedElement>,
    /// `itemprop=author` / `rel=author` texts: the markup says they are names.
    pub author_texts: Vec<String>,
    /// Texts of elements whose class or id says "byline"/"author".
    pub byline_texts: Vec<String>,
    /// An `<article>` element or an `itemtype` naming an article: the page
    /// presents itself as an article, not a listing or a record.
    pub article_markup: bool,
    /// Inline scripts (node, whether inside `<body>`), read by
    /// [`script_dates`] only when no better source has a date.
    pub scripts: Vec<(ego_tree::NodeId, bool)>,
}

impl Scan {
    /// The first non-empty content of any of `keys`, in the order of `keys`.
    pub(crate) fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter()
            .find_map(|k| self.metas.iter().find(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.trim()))
    }
    /// All non-empty contents of `key`.
    pub(crate) fn metas_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas.iter().filter(move |(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }
}

/// What a class or id word says about an element (bit flags).
const BYLINE: u8 = 1;
const DATE: u8 = 2;
const PUBLISHED: u8 = 4;
const MODIFIED: u8 = 8;
const BOILERPLATE: u8 = 16;

/// Class/id fragments and what they mean. One automaton matches them all,
/// case-insensitively, in a single pass over each attribute: this runs on
/// every element of the page, so it has to be cheap.
const CLASS_WORDS: &[(&str, u8)] = &[
    ("byline", BYLINE | DATE),
    ("author", BYLINE),
    ("autor", BYLINE),
    ("auteur", BYLINE),
    ("writer", BYLINE),
    ("reporter", BYLINE),
    ("firma", BYLINE),
    ("signature", BYLINE),
    ("date", DATE),
    ("time", DATE),
    ("dateline", DATE),
    ("fecha", DATE | PUBLISHED),
    ("datum", DATE),
    ("zeit", DATE),
    ("meta", DATE),
    ("publi", DATE | PUBLISHED),
    ("posted", DATE | PUBLISHED),
    ("submitted", DATE | PUBLISHED),
    ("created", DATE | PUBLISHED),
    ("pubdate", DATE | PUBLISHED),
    ("erschienen", DATE | PUBLISHED),
    ("updat", DATE | MODIFIED),
    ("modif", DATE | MODIFIED),
    ("edited", DATE | MODIFIED),
    ("aktualis", DATE | MODIFIED),
    ("actualiz", DATE | MODIFIED),
    ("atualiz", DATE | MODIFIED),
    ("revised", DATE | MODIFIED),
    ("comment", BOILERPLATE),
    ("related", BOILERPLATE),
    ("sidebar", BOILERPLATE),
    ("footer", BOILERPLATE),
    // The site's "today" line in the masthead, not the story's date.
    ("today", BOILERPLATE),
    ("current-date", BOILERPLATE),
    ("currentdate", BOILERPLATE),
    // Photo captions: pictures are often older than the story.
    ("caption", BOILERPLATE),
    ("recommend", BOILERPLATE),
    ("popular", BOILERPLATE),
    ("trending", BOILERPLATE),
    ("most-read", BOILERPLATE),
    ("mostread", BOILERPLATE),
    ("most_read", BOILERPLATE),
    ("teaser", BOILERPLATE),
    ("promo", BOILERPLATE),
    ("more-stories", BOILERPLATE),
    ("newsletter", BOILERPLATE),
    ("breadcrumb", BOILERPLATE),
    ("menu", BOILERPLATE),
    ("carousel", BOILERPLATE),
    ("ticker", BOILERPLATE),
    ("taboola", BOILERPLATE),
    ("outbrain", BOILERPLATE),
];

static CLASS_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder()
        .ascii_case_insensitive(true)
        .build(CLASS_WORDS.iter().map(|(w, _)| w))
        .expect("class word automaton")
});

/// The flags of one attribute value.
fn flags_of(s: &str) -> u8 {
    if s.is_empty() {
        return 0;
    }
    CLASS_MATCHER.find_overlapping_iter(s).fold(0, |f, m| f | CLASS_WORDS[m.pattern().as_usize()].1)
}

/// The flags of an element's class and id; a "published" word next to an
/// "updated" one ("date-published-updated") counts as modified.
fn flags(el: &ElementRef<'_>) -> u8 {
    let (c, i) = class_and_id(el);
    let f = flags_of(c) | flags_of(i);
    if f & MODIFIED != 0 {
        f & !PUBLISHED
    } else {
        f
    }
}

fn class_and_id<'a>(el: &'a ElementRef<'_>) -> (&'a str, &'a str) {
    let v = el.value();
    (crate::dom::attr(v, "class").unwrap_or(""), crate::dom::attr(v, "id").unwrap_or(""))
}

/// Text of an element, or `None` once it passes `limit` bytes: candidates
/// that large are containers, and reading them in full would cost time.
fn short_text(el: ElementRef<'_>, limit: usize) -> Option<String> {
    let mut s = String::new();
    for t in el.text() {
        s.push_str(t);
        if s.len() > limit * 2 {
            return None;
        }
    }
    let s = normalize_space(&s);
    (s.len() <= limit).then_some(s)
}

fn in_boilerplate(el: ElementRef<'_>) -> bool {
    for a in el.ancestors().take(25).filter_map(ElementRef::wrap) {
        let name = a.value().name();
        if matches!(name, "footer" | "aside" | "nav") {
            return true;
        }
        // Page-wide classes on <body> ("... caption") say nothing about one element.
        if matches!(name, "body" | "html") {
            break;
        }
        if flags(&a) & BOILERPLATE != 0 {
            return true;
        }
    }
    false
}

/// Walks the document once.
pub(crate) fn scan(doc: &Html) -> Scan {
    let mut s = Scan::default();
    let mut in_body = false;
    for node in doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        let v = el.value();
        if !s.article_markup
            && crate::dom::attr(v, "itemtype").is_some_and(|t| t.contains("Article") || t.contains("BlogPosting"))
        {
            s.article_markup = true;
        }
        match v.name() {
            "html" => {
                if s.html_lang.is_none() {
                    s.html_lang =
                        crate::dom::attr(v, "lang").or_else(|| crate::dom::attr(v, "xml:lang")).map(str::to_string);
                }
                continue;
            }
            "meta" => {
                let content = crate::dom::attr(v, "content")
                    .or_else(|| crate::dom::attr(v, "value"))
                    .or_else(|| crate::dom::attr(v, "datetime"));
                if let Some(content) = content {
                    for k in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(key) = crate::dom::attr(v, k) {
                            // `property` may list several ("og:title twitter:title").
                            for key in key.split_whitespace() {
                                s.metas.push((key.to_ascii_lowercase(), content.to_string()));
                            }
                        }
                    }
                }
                continue;
            }
            "link" => {
                let rel = crate::dom::attr(v, "rel").unwrap_or("");
                if let Some(href) = crate::dom::attr(v, "href") {
                    for r in rel.split_whitespace() {
                        if r.eq_ignore_ascii_case("canonical") && s.canonical.is_none() {
                            s.canonical = Some(href.to_string());
                        } else if r.eq_ignore_ascii_case("image_src") && s.image_src.is_none() {
                            s.image_src = Some(href.to_string());
                        }
                    }
                }
                continue;
            }
            "script" => {
                if crate::dom::attr(v, "type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) {
                    if s.ld_json.len() < 20 {
                        s.ld_json.push(el.text().collect());
                    }
                } else if crate::dom::attr(v, "src").is_none() && s.scripts.len() < MAX_SCRIPTS {
                    s.scripts.push((node.id(), in_body));
                }
                continue;
            }
            "body" => in_body = true,
            "article" => s.article_markup = true,
            "style" | "noscript" | "svg" | "template" => continue,
            "title" => {
                if s.title.is_none() {
                    s.title = short_text(el, 1000).filter(|t| !t.is_empty());
                }
                continue;
            }
            "h1" if s.h1.is_none() => {
                s.h1 = short_text(el, 1000).filter(|t| !t.is_empty());
            }
            "time" => {
                if s.times.len() < MAX_TIMES {
                    let f = flags(&el);
                    let prop = crate::dom::attr(v, "itemprop").unwrap_or("");
                    let ctx_pub = f & PUBLISHED != 0;
                    let ctx_mod = f & MODIFIED != 0;
                    s.times.push(DatedElement {
                        machine: crate::dom::attr(v, "datetime").map(str::to_string),
                        text: short_text(el, MAX_CANDIDATE_TEXT).unwrap_or_default(),
                        says_published: crate::dom::attr(v, "pubdate").is_some()
                            || prop.eq_ignore_ascii_case("datePublished")
                            || (ctx_pub && !ctx_mod),
                        says_modified: prop.eq_ignore_ascii_case("dateModified") || ctx_mod,
                        boilerplate: in_boilerplate(el),
                    });
                }
                continue;
            }
            _ => {}
        }
        let prop = crate::dom::attr(v, "itemprop");
        let rel_author =
            v.name() == "a" && crate::dom::attr(v, "rel").is_some_and(|r| r.split_whitespace().any(|r| r == "author"));
        if prop.is_some_and(|p| p.eq_ignore_ascii_case("author") || p.eq_ignore_ascii_case("creator")) || rel_author {
            if s.author_texts.len() < MAX_BYLINE_ELEMENTS {
                if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                    s.author_texts.push(t);
                }
            }
            continue;
        }
        if let Some(p) = prop {
            let published = p.eq_ignore_ascii_case("datePublished") || p.eq_ignore_ascii_case("dateCreated");
            let modified = p.eq_ignore_ascii_case("dateModified");
            if (published || modified) && s.date_elements.len() < MAX_DATE_ELEMENTS {
                s.date_elements.push(DatedElement {
                    machine: crate::dom::attr(v, "content")
                        .or_else(|| crate::dom::attr(v, "datetime"))
                        .map(str::to_string),
                    text: short_text(el, MAX_CANDIDATE_TEXT).unwrap_or_default(),
                    says_published: published,
                    says_modified: modified,
                    boilerplate: false,
                });
                continue;
            }
        }
        let f = flags(&el);
        if f & (BYLINE | DATE) == 0 {
            continue;
        }
        if s.byline_texts.len() < MAX_BYLINE_ELEMENTS && f & BYLINE != 0 {
            if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                if !t.is_empty() && !in_boilerplate(el) {
                    s.byline_texts.push(t);
                }
            }
        }
        if s.date_elements.len() < MAX_DATE_ELEMENTS && f & DATE != 0 {
            if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                // Only text with a digit can hold a date.
                if t.bytes().any(|b| b.is_ascii_digit()) {
                    s.date_elements.push(DatedElement {
                        machine: None,
                        says_published: f & PUBLISHED != 0,
                        says_modified: f & MODIFIED != 0,
                        boilerplate: in_boilerplate(el),
                        text: t,
                    });
                }
            }
        }
    }
    s
}

/// Caps on reading inline scripts: scripts remembered, bytes of script text
/// read per page, and dates kept.
const MAX_SCRIPTS: usize = 200;
const MAX_SCRIPT_BYTES: usize = 400_000;
const MAX_SCRIPT_DATES: usize = 8;
/// A script this short that sits in the body and holds a date literal is
/// one that writes that date into the page.
const TINY_SCRIPT: usize = 200;

/// Keys of script data that name the original publication.
const SCRIPT_KEYS: &[&str] = &[
    "\"datePublished\"",
    "\"publishDate\"",
    "\"publishedDate\"",
    "\"publishedAt\"",
    "\"published_at\"",
    "\"publish_date\"",
    "\"date_published\"",
    "\"pubDate\"",
    "\"firstPublishedDate\"",
    "\"datePublishedUtc\"",
];

static SCRIPT_KEY_MATCHER: LazyLock<AhoCorasick> = LazyLock::new(|| {
    AhoCorasick::builder().ascii_case_insensitive(true).build(SCRIPT_KEYS).expect("script key automaton")
});

/// Whether a script's text names a publication date key at all: scripts
/// that do not are dropped before parsing.
pub(crate) fn may_hold_script_dates(script: &[u8]) -> bool {
    SCRIPT_KEY_MATCHER.is_match(script)
}

/// The string (or number) value that follows a key at `at`: `: "..."` or `:123`.
fn value_after(text: &str, at: usize) -> Option<&str> {
    let rest = text.get(at..)?.trim_start();
    let rest = rest.strip_prefix(':')?.trim_start();
    if let Some(r) = rest.strip_prefix('"') {
        let end = r.find('"')?;
        return (end <= 60).then(|| &r[..end]);
    }
    let end = rest.find(|c: char| !c.is_ascii_digit()).unwrap_or(rest.len());
    (9..=13).contains(&end).then(|| &rest[..end])
}

/// Dates in the page's inline scripts, in page order: values of publication
/// keys in script data (`"datePublished": "..."`, `"publishDate": ...`) and
/// date literals of tiny scripts that write a date into the page
/// (`<script>showDate("2024/03/05 10:15")</script>`). Trusted least of the
/// structured sources, and read only when they are needed.
pub(crate) fn script_dates(doc: &Html, scan: &Scan) -> Vec<String> {
    let mut out = Vec::new();
    let mut budget = MAX_SCRIPT_BYTES;
    for &(id, in_body) in &scan.scripts {
        let Some(el) = doc.tree.get(id).and_then(ElementRef::wrap) else { continue };
        let text: String = el.text().collect();
        budget = budget.saturating_sub(text.len());
        script_dates_of(&text, in_body, &mut out);
        if budget == 0 || out.len() >= MAX_SCRIPT_DATES {
            break;
        }
    }
    out
}

/// Date strings of one inline script.
fn script_dates_of(text: &str, in_body: bool, out: &mut Vec<String>) {
    if !text.bytes().any(|b| b.is_ascii_digit()) {
        return;
    }
    if in_body && text.len() <= TINY_SCRIPT {
        for lit in text.split(['"', '\'']).skip(1).step_by(2) {
            let lit = lit.trim();
            if (8..=40).contains(&lit.len()) && lit.bytes().filter(u8::is_ascii_digit).count() >= 6 {
                out.push(lit.to_string());
                return;
            }
        }
    }
    for m in SCRIPT_KEY_MATCHER.find_iter(text) {
        if let Some(v) = value_after(text, m.end()).filter(|v| v.bytes().any(|b| b.is_ascii_digit())) {
            out.push(v.to_string());
            if out.len() >= MAX_SCRIPT_DATES {
                return;
            }
        }
    }
}

/// Elements whose text never dates the article: code, navigation, page
/// furniture, captions (photos are often older than the story).
fn skipped_subtree(el: &ElementRef<'_>, skip_furniture: bool) -> bool {
    matches!(
        el.value().name(),
        "script"
            | "style"
            | "noscript"
            | "template"
            | "svg"
            | "nav"
            | "footer"
            | "aside"
            | "figcaption"
            | "select"
            | "button"
            | "form"
            | "head"
    ) || (skip_furniture && !matches!(el.value().name(), "body" | "html") && flags(el) & BOILERPLATE != 0)
}

/// Elements that end a line of text: a date alone in one of them is a
/// dateline, a date inside a long one is running text.
fn is_block(name: &str) -> bool {
    matches!(
        name,
        "p" | "div"
            | "li"
            | "ul"
            | "ol"
            | "h1"
            | "h2"
            | "h3"
            | "h4"
            | "h5"
            | "h6"
            | "td"
            | "th"
            | "tr"
            | "dd"
            | "dt"
            | "dl"
            | "section"
            | "article"
            | "header"
            | "main"
            | "blockquote"
            | "pre"
            | "table"
            | "br"
            | "hr"
            | "figure"
            | "address"
    )
}

/// Text nodes read at most by [`visible_text`].
const MAX_TEXT_NODES: usize = 4000;

/// The page's visible text as read by [`visible_text`].
pub(crate) struct VisibleText {
    pub text: String,
    /// Byte ranges of the text of each block element (lines of text).
    pub blocks: Vec<(usize, usize)>,
    /// Where the first `<h1>` starts.
    pub h1_at: Option<usize>,
}

/// The visible text of the page outside page furniture, up to `limit`
/// bytes or [`MAX_TEXT_NODES`] text nodes, cut into blocks, and the offset
/// where the first `<h1>` starts (dates after the headline are the
/// article's; dates before it are often the site's "today").
/// Used only when no structured source gives a date, so its cost is rare.
pub(crate) fn visible_text(doc: &Html, limit: usize, skip_furniture: bool) -> VisibleText {
    use ego_tree::iter::Edge;
    let mut out = String::new();
    let mut blocks = Vec::new();
    let mut block_start = 0usize;
    let mut h1_at = None;
    let mut skip_depth = 0usize;
    let mut nodes = 0usize;
    let mut cut = |out: &mut String, blocks: &mut Vec<(usize, usize)>| {
        if out.len() > block_start && out.as_bytes()[block_start..].iter().any(|b| !b.is_ascii_whitespace()) {
            blocks.push((block_start, out.len()));
        }
        // Element boundaries must not glue numbers together.
        out.push(' ');
        block_start = out.len();
    };
    for edge in doc.root_element().traverse() {
        match edge {
            Edge::Open(node) => {
                if let Some(el) = ElementRef::wrap(node) {
                    if skip_depth > 0 || skipped_subtree(&el, skip_furniture) {
                        skip_depth += 1;
                        continue;
                    }
                    let name = el.value().name();
                    if is_block(name) {
                        cut(&mut out, &mut blocks);
                    } else {
                        out.push(' ');
                    }
                    if h1_at.is_none() && name == "h1" {
                        h1_at = Some(out.len());
                    }
                } else if skip_depth == 0 {
                    if let Some(t) = node.value().as_text() {
                        out.push_str(t);
                        nodes += 1;
                        if out.len() > limit || nodes > MAX_TEXT_NODES {
                            break;
                        }
                    }
                }
            }
            Edge::Close(node) => {
                if skip_depth > 0 {
                    if node.value().is_element() {
                        skip_depth -= 1;
                    }
                } else if node.value().as_element().is_some_and(|e| is_block(e.name())) {
                    cut(&mut out, &mut blocks);
                }
            }
        }
    }
    cut(&mut out, &mut blocks);
    VisibleText { text: out, blocks, h1_at }
}
