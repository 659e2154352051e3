//! Sitemaps and sitemap indexes (sitemaps.org, Google News extension),
//! streamed with quick-xml: no tree, no recursion, no entity expansion.

use chrono::{DateTime, Utc};
use quick_xml::events::{BytesRef, Event};
use quick_xml::Reader;
use serde::Serialize;
use url::Url;

use crate::body::{decode, first_start, gunzip, Start};
use crate::date::parse_w3c;
use crate::urls::resolve_http;
use crate::{Result, SourceError, MAX_ENTRIES};

/// A parsed sitemap: its content and whether it was cut at [`MAX_ENTRIES`].
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Sitemap {
    pub kind: ParsedSitemap,
    /// More than [`MAX_ENTRIES`] usable entries: only the first ones are kept.
    pub truncated: bool,
}

/// What a sitemap lists: more sitemaps, or pages.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ParsedSitemap {
    Index(Vec<SitemapRef>),
    Urls(Vec<SitemapUrl>),
}

/// A `<sitemap>` of a sitemap index.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SitemapRef {
    pub url: Url,
    pub lastmod: Option<DateTime<Utc>>,
}

/// A `<url>` of a sitemap, with its Google News fields when present.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SitemapUrl {
    pub url: Url,
    pub lastmod: Option<DateTime<Utc>>,
    /// `news:publication_date`.
    pub published: Option<DateTime<Utc>>,
    /// `news:title`.
    pub title: Option<String>,
    /// `news:publication/news:language`.
    pub language: Option<String>,
    /// `news:publication/news:name`.
    pub publication: Option<String>,
}

/// Longest text kept for one field; the rest is ignored.
const MAX_FIELD: usize = 16 * 1024;

/// Parses a sitemap (`urlset`) or sitemap index (`sitemapindex`), gzipped or
/// not, or a text sitemap (one URL per line). Elements are matched by local
/// name whatever their prefix; `loc`/`lastmod` count only as direct children
/// of `url`/`sitemap` (so `image:loc` is ignored) and the news fields only
/// inside `news`. `<loc>` is resolved against `sitemap_url`; entries without
/// an http(s) `loc` are dropped. Malformed XML after some entries keeps them.
pub fn parse_sitemap(bytes: &[u8], sitemap_url: &Url) -> Result<Sitemap> {
    let body = gunzip(bytes)?;
    let text = decode(&body);
    match first_start(&text) {
        Start::Element(_) => parse_xml(&text, sitemap_url),
        Start::Other if !text.trim_start().starts_with('<') => Ok(parse_text(&text, sitemap_url)),
        Start::HtmlDoctype => Err(SourceError::NotASitemap("html".into())),
        _ => Err(SourceError::NotASitemap(String::new())),
    }
}

fn parse_text(text: &str, base: &Url) -> Sitemap {
    let mut urls = Vec::new();
    let mut truncated = false;
    for url in text.lines().filter_map(|l| resolve_http(base, l)) {
        if urls.len() == MAX_ENTRIES {
            truncated = true;
            break;
        }
        urls.push(SitemapUrl { url, lastmod: None, published: None, title: None, language: None, publication: None });
    }
    Sitemap { kind: ParsedSitemap::Urls(urls), truncated }
}

#[derive(Clone, Copy, PartialEq)]
enum Field {
    Loc,
    Lastmod,
    Published,
    Title,
    Name,
    Language,
}

#[derive(Default)]
struct Fields {
    loc: String,
    lastmod: String,
    published: String,
    title: String,
    name: String,
    language: String,
}

impl Fields {
    fn get(&mut self, f: Field) -> &mut String {
        match f {
            Field::Loc => &mut self.loc,
            Field::Lastmod => &mut self.lastmod,
            Field::Published => &mut self.published,
            Field::Title => &mut self.title,
            Field::Name => &mut self.name,
            Field::Language => &mut self.language,
        }
    }
}

fn text_opt(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_owned())
}

fn push_capped(out: &mut String, s: &str) {
    if out.len() + s.len() <= MAX_FIELD {
        out.push_str(s);
    }
}

/// Appends what an entity reference stands for: character references and
/// the five predefined entities. Anything a DTD would define is dropped,
/// which is what defuses entity bombs.
pub(crate) fn push_ref(out: &mut String, r: &BytesRef<'_>) {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        out.push(c);
    } else if let Some(s) = quick_xml::escape::resolve_predefined_entity(&r.xml10_content()) {
        out.push_str(s);
    }
}

fn parse_xml(text: &str, base: &Url) -> Result<Sitemap> {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    let mut index: Option<bool> = None;
    let mut refs = Vec::new();
    let mut urls = Vec::new();
    let mut truncated = false;
    // Depth of the current element (root = 1); entry and field state by depth.
    let mut depth = 0usize;
    let mut in_entry = false;
    let mut news_depth: Option<usize> = None;
    let mut field: Option<(Field, usize)> = None;
    let mut cur = Fields::default();
    loop {
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) if refs.is_empty() && urls.is_empty() => {
                return Err(SourceError::Xml { position: reader.error_position(), message: e.to_string() })
            }
            Err(_) => break,
        };
        match event {
            Event::Start(e) => {
                depth += 1;
                let name = e.local_name();
                let name = name.as_ref();
                match (depth, index) {
                    (1, _) => match name {
                        "urlset" => index = Some(false),
                        "sitemapindex" => index = Some(true),
                        other => return Err(SourceError::NotASitemap(other.chars().take(64).collect())),
                    },
                    (2, Some(is_index)) => {
                        in_entry = name == if is_index { "sitemap" } else { "url" };
                        cur = Fields::default();
                    }
                    _ if in_entry && field.is_none() => {
                        let f = match (depth, name, news_depth.is_some()) {
                            (3, "loc", _) => Some(Field::Loc),
                            (3, "lastmod", _) => Some(Field::Lastmod),
                            (_, "news", false) => {
                                news_depth = Some(depth);
                                None
                            }
                            (_, "publication_date", true) => Some(Field::Published),
                            (_, "title", true) => Some(Field::Title),
                            (_, "name", true) => Some(Field::Name),
                            (_, "language", true) => Some(Field::Language),
                            _ => None,
                        };
                        field = f.map(|f| (f, depth));
                    }
                    _ => {}
                }
            }
            Event::Empty(e) if depth == 0 => {
                let name = e.local_name();
                return match name.as_ref() {
                    "urlset" => Ok(Sitemap { kind: ParsedSitemap::Urls(Vec::new()), truncated: false }),
                    "sitemapindex" => Ok(Sitemap { kind: ParsedSitemap::Index(Vec::new()), truncated: false }),
                    other => Err(SourceError::NotASitemap(other.chars().take(64).collect())),
                };
            }
            Event::Text(t) => {
                if let Some((f, _)) = field.filter(|(_, d)| *d == depth) {
                    push_capped(cur.get(f), &t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some((f, _)) = field.filter(|(_, d)| *d == depth) {
                    push_capped(cur.get(f), &t.xml10_content());
                }
            }
            Event::GeneralRef(r) => {
                if let Some((f, _)) = field.filter(|(_, d)| *d == depth) {
                    let out = cur.get(f);
                    if out.len() < MAX_FIELD {
                        push_ref(out, &r);
                    }
                }
            }
            Event::End(_) => {
                if field.is_some_and(|(_, d)| d == depth) {
                    field = None;
                }
                if news_depth == Some(depth) {
                    news_depth = None;
                }
                if depth == 2 && in_entry {
                    in_entry = false;
                    let done = std::mem::take(&mut cur);
                    if let Some(url) = resolve_http(base, &done.loc) {
                        if refs.len() + urls.len() == MAX_ENTRIES {
                            truncated = true;
                            break;
                        }
                        let lastmod = parse_w3c(&done.lastmod);
                        if index == Some(true) {
                            refs.push(SitemapRef { url, lastmod });
                        } else {
                            urls.push(SitemapUrl {
                                url,
                                lastmod,
                                published: parse_w3c(&done.published),
                                title: text_opt(&done.title),
                                language: text_opt(&done.language),
                                publication: text_opt(&done.name),
                            });
                        }
                    }
                }
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    break;
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let kind = match index {
        Some(true) => ParsedSitemap::Index(refs),
        Some(false) => ParsedSitemap::Urls(urls),
        None => return Err(SourceError::NotASitemap(String::new())),
    };
    Ok(Sitemap { kind, truncated })
}
