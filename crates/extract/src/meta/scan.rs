//! One walk over the document that collects everything the metadata sources
//! need: `<meta>`, `<link>`, JSON-LD scripts, `<time>` elements, the title and
//! first `<h1>`, and a bounded number of byline and date candidates. Walking
//! once (iteratively) keeps metadata cheap and safe on deeply nested pages.

use std::sync::LazyLock;

use regex::Regex;
use scraper::{ElementRef, Html};

use crate::dom::normalize_space;

/// Caps on collected candidates: enough for any real article header, small
/// enough that a page full of teasers costs nothing.
const MAX_TIMES: usize = 40;
const MAX_DATE_ELEMENTS: usize = 60;
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
    pub byline_texts: Vec<String>,
}

impl Scan {
    /// The first non-empty content of any of `keys`, in the order of `keys`.
    pub(crate) fn meta(&self, keys: &[&str]) -> Option<&str> {
        keys.iter().find_map(|k| {
            self.metas.iter().find(|(key, v)| key == k && !v.trim().is_empty()).map(|(_, v)| v.trim())
        })
    }
    /// All non-empty contents of `key`.
    pub(crate) fn metas_of<'a>(&'a self, key: &'a str) -> impl Iterator<Item = &'a str> + 'a {
        self.metas.iter().filter(move |(k, v)| k == key && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }
}

/// Class/id words that mark a byline.
static BYLINE_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)byline|author|autor|auteur|writer|reporter|firma|signature|credit").unwrap());
/// Class/id words that mark a date.
static DATE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)date|time|publish|posted|dateline|fecha|datum|zeit|data|meta|info|byline|submitted|created").unwrap()
});
static PUBLISHED_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)publi|posted|created|submitted|datepub|pubdate|fecha|erschienen").unwrap());
static MODIFIED_CLASS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)updat|modif|edited|aktualis|actualiz|atualiz|revised").unwrap());
/// Containers whose dates and names belong to other stories or to readers.
static BOILERPLATE_CLASS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)comment|related|sidebar|footer|widget|recommend|popular|trending|most-?read|teaser|promo|more-?stories|newsletter|breadcrumb|\bnav|menu|carousel|ticker|taboola|outbrain").unwrap()
});

fn class_and_id<'a>(el: &'a ElementRef<'_>) -> (&'a str, &'a str) {
    let v = el.value();
    (v.attr("class").unwrap_or(""), v.attr("id").unwrap_or(""))
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
        let (c, i) = class_and_id(&a);
        if (!c.is_empty() && BOILERPLATE_CLASS.is_match(c)) || (!i.is_empty() && BOILERPLATE_CLASS.is_match(i)) {
            return true;
        }
    }
    false
}

/// Walks the document once.
pub(crate) fn scan(doc: &Html) -> Scan {
    let mut s = Scan::default();
    for node in doc.root_element().descendants() {
        let Some(el) = ElementRef::wrap(node) else { continue };
        let v = el.value();
        match v.name() {
            "html" => {
                if s.html_lang.is_none() {
                    s.html_lang = v.attr("lang").or_else(|| v.attr("xml:lang")).map(str::to_string);
                }
                continue;
            }
            "meta" => {
                let content = v.attr("content").or_else(|| v.attr("value")).or_else(|| v.attr("datetime"));
                if let Some(content) = content {
                    for k in ["property", "name", "itemprop", "http-equiv"] {
                        if let Some(key) = v.attr(k) {
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
                let rel = v.attr("rel").unwrap_or("");
                if let Some(href) = v.attr("href") {
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
                if v.attr("type").is_some_and(|t| t.to_ascii_lowercase().contains("ld+json")) && s.ld_json.len() < 20 {
                    s.ld_json.push(el.text().collect());
                }
                continue;
            }
            "style" | "noscript" | "svg" | "template" => continue,
            "title" => {
                if s.title.is_none() {
                    s.title = short_text(el, 1000).filter(|t| !t.is_empty());
                }
                continue;
            }
            "h1" => {
                if s.h1.is_none() {
                    s.h1 = short_text(el, 1000).filter(|t| !t.is_empty());
                }
            }
            "time" => {
                if s.times.len() < MAX_TIMES {
                    let (c, i) = class_and_id(&el);
                    let prop = v.attr("itemprop").unwrap_or("");
                    let ctx_pub = PUBLISHED_CLASS.is_match(c) || PUBLISHED_CLASS.is_match(i);
                    let ctx_mod = MODIFIED_CLASS.is_match(c) || MODIFIED_CLASS.is_match(i);
                    s.times.push(DatedElement {
                        machine: v.attr("datetime").map(str::to_string),
                        text: short_text(el, MAX_CANDIDATE_TEXT).unwrap_or_default(),
                        says_published: v.attr("pubdate").is_some()
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
        let prop = v.attr("itemprop");
        let rel_author = v.name() == "a" && v.attr("rel").is_some_and(|r| r.split_whitespace().any(|r| r == "author"));
        if prop.is_some_and(|p| p.eq_ignore_ascii_case("author") || p.eq_ignore_ascii_case("creator")) || rel_author {
            if s.byline_texts.len() < MAX_BYLINE_ELEMENTS {
                if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                    s.byline_texts.push(t);
                }
            }
            continue;
        }
        if let Some(p) = prop {
            let published = p.eq_ignore_ascii_case("datePublished") || p.eq_ignore_ascii_case("dateCreated");
            let modified = p.eq_ignore_ascii_case("dateModified");
            if (published || modified) && s.date_elements.len() < MAX_DATE_ELEMENTS {
                s.date_elements.push(DatedElement {
                    machine: v.attr("content").or_else(|| v.attr("datetime")).map(str::to_string),
                    text: short_text(el, MAX_CANDIDATE_TEXT).unwrap_or_default(),
                    says_published: published,
                    says_modified: modified,
                    boilerplate: false,
                });
                continue;
            }
        }
        let (c, i) = class_and_id(&el);
        if c.is_empty() && i.is_empty() {
            continue;
        }
        if s.byline_texts.len() < MAX_BYLINE_ELEMENTS && (BYLINE_CLASS.is_match(c) || BYLINE_CLASS.is_match(i)) {
            if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                if !t.is_empty() && !in_boilerplate(el) {
                    s.byline_texts.push(t);
                }
            }
        }
        if s.date_elements.len() < MAX_DATE_ELEMENTS && (DATE_CLASS.is_match(c) || DATE_CLASS.is_match(i)) {
            if let Some(t) = short_text(el, MAX_CANDIDATE_TEXT) {
                // Only text with a digit can hold a date.
                if t.bytes().any(|b| b.is_ascii_digit()) {
                    let ctx_mod = MODIFIED_CLASS.is_match(c) || MODIFIED_CLASS.is_match(i);
                    s.date_elements.push(DatedElement {
                        machine: None,
                        says_published: !ctx_mod && (PUBLISHED_CLASS.is_match(c) || PUBLISHED_CLASS.is_match(i)),
                        says_modified: ctx_mod,
                        boilerplate: in_boilerplate(el),
                        text: t,
                    });
                }
            }
        }
    }
    s
}
