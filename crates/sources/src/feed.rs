//! RSS, Atom and JSON Feed through `feed-rs`, reduced to what the crawler needs.

use std::collections::HashSet;

use chrono::{DateTime, Utc};
use feed_rs::model::{Entry, Feed, FeedType, Link};
use feed_rs::parser::{ParseErrorKind, ParseFeedError};
use quick_xml::events::Event;
use quick_xml::Reader;
use serde::Serialize;
use url::Url;

use crate::body::{decode, gunzip};
use crate::urls::{absolute_http, resolve_http};
use crate::{Result, SourceError, MAX_ENTRIES};

/// A feed reduced to its articles.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct ParsedFeed {
    pub title: Option<String>,
    /// As the feed states it (`<language>`, `xml:lang`, JSON `language`).
    pub language: Option<String>,
    /// In feed order, one per distinct URL.
    pub entries: Vec<FeedEntry>,
    /// More than [`MAX_ENTRIES`] usable entries: only the first ones are kept.
    pub truncated: bool,
}

/// One article announced by a feed.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct FeedEntry {
    pub url: Url,
    pub title: Option<String>,
    /// Published, else updated.
    pub published: Option<DateTime<Utc>>,
}

/// Parses RSS 0.9x/1.0/2.0, Atom or JSON Feed (gzip-aware). Entry URLs are
/// the alternate (else first usable) link, resolved against `feed_url` and
/// `xml:base`; an RSS item without a link falls back to a `guid` that is an
/// http(s) URL and not marked `isPermaLink="false"`. Entries without an
/// http(s) URL are skipped.
pub fn parse_feed(bytes: &[u8], feed_url: &Url) -> Result<ParsedFeed> {
    let body = gunzip(bytes)?;
    let parser = || feed_rs::parser::Builder::new().base_uri(Some(feed_url.as_str())).build();
    let feed = match parser().parse(&body[..]) {
        Ok(feed) => feed,
        // feed-rs only knows `<rss version="2.0|0.91|0.92|">`: read any other
        // or missing version as 2.0, which is a superset in practice.
        Err(ParseFeedError::ParseError(ParseErrorKind::NoFeedRoot)) => {
            let patched =
                with_rss_version(&body).ok_or_else(|| SourceError::Feed("no RSS, Atom or JSON Feed root".into()))?;
            parser().parse(&patched[..]).map_err(|e| SourceError::Feed(e.to_string()))?
        }
        Err(e) => return Err(SourceError::Feed(e.to_string())),
    };
    Ok(reduce(feed, feed_url, &body))
}

fn reduce(feed: Feed, feed_url: &Url, body: &[u8]) -> ParsedFeed {
    let is_rss = matches!(feed.feed_type, FeedType::RSS0 | FeedType::RSS1 | FeedType::RSS2);
    let mut not_permalinks: Option<HashSet<String>> = None;
    let mut seen = HashSet::new();
    let mut entries = Vec::new();
    let mut truncated = false;
    for entry in &feed.entries {
        let url = entry_link(&entry.links, feed_url).or_else(|| {
            if !is_rss {
                return None;
            }
            let url = absolute_http(&entry.id)?;
            let not = not_permalinks.get_or_insert_with(|| non_permalink_guids(body));
            (!not.contains(entry.id.trim())).then_some(url)
        });
        let Some(url) = url else { continue };
        if !seen.insert(url.clone()) {
            continue;
        }
        if entries.len() == MAX_ENTRIES {
            truncated = true;
            break;
        }
        entries.push(FeedEntry { url, title: entry_title(entry), published: entry.published.or(entry.updated) });
    }
    ParsedFeed {
        title: feed.title.map(|t| t.content.trim().to_owned()).filter(|t| !t.is_empty()),
        language: feed.language.map(|l| l.trim().to_owned()).filter(|l| !l.is_empty()),
        entries,
        truncated,
    }
}

fn entry_title(entry: &Entry) -> Option<String> {
    entry.title.as_ref().map(|t| t.content.trim().to_owned()).filter(|t| !t.is_empty())
}

/// Links that are not the article itself.
const NOT_ARTICLE: &[&str] =
    &["self", "edit", "enclosure", "replies", "license", "hub", "next", "previous", "first", "last"];

fn entry_link(links: &[Link], base: &Url) -> Option<Url> {
    let rel = |l: &Link| l.rel.as_deref().map(|r| r.trim().to_ascii_lowercase());
    let is_alternate = |l: &Link| rel(l).is_none_or(|r| r.is_empty() || r == "alternate");
    let is_html = |l: &Link| l.media_type.as_deref().is_none_or(|m| m.is_empty() || m.contains("html"));
    let first = links.iter().filter(|l| is_alternate(l) && is_html(l));
    let rest = links.iter().filter(|l| !NOT_ARTICLE.contains(&rel(l).unwrap_or_default().as_str()));
    first.chain(rest).find_map(|l| resolve_http(base, &l.href))
}

/// The guids an RSS document marks `isPermaLink="false"`: feed-rs keeps the
/// guid text as the entry id but not the attribute.
fn non_permalink_guids(body: &[u8]) -> HashSet<String> {
    let text = decode(body);
    let mut reader = Reader::from_str(&text);
    reader.config_mut().check_end_names = false;
    let mut out = HashSet::new();
    let mut current: Option<String> = None;
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) if e.local_name().as_ref() == "guid" => {
                let not = e.attributes().flatten().any(|a| {
                    a.key.local_name().as_ref().eq_ignore_ascii_case("ispermalink")
                        && a.value.trim().eq_ignore_ascii_case("false")
                });
                current = not.then(String::new);
            }
            Ok(Event::Text(t)) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Ok(Event::CData(t)) => {
                if let Some(c) = current.as_mut() {
                    c.push_str(&t.xml10_content());
                }
            }
            Ok(Event::GeneralRef(r)) => {
                if let Some(c) = current.as_mut() {
                    crate::sitemap::push_ref(c, &r);
                }
            }
            Ok(Event::End(e)) if e.local_name().as_ref() == "guid" => {
                if let Some(c) = current.take() {
                    if out.len() < MAX_ENTRIES {
                        out.insert(c.trim().to_owned());
                    }
                }
            }
            Ok(Event::Eof) | Err(_) => break,
            Ok(_) => {}
        }
    }
    out
}

/// The body with its `<rss ...>` start tag's version set to 2.0, when the
/// root is `rss` in an ASCII-compatible encoding.
fn with_rss_version(body: &[u8]) -> Option<Vec<u8>> {
    let text = decode(body.get(..body.len().min(64 * 1024)).unwrap_or(body));
    if crate::body::first_start(&text) != crate::body::Start::Element("rss") {
        return None;
    }
    let at = body.windows(4).position(|w| w == b"<rss")?;
    let tag_len = body.get(at..)?.iter().position(|&b| b == b'>')?;
    let tag = body.get(at..at + tag_len)?;
    let mut out = Vec::with_capacity(body.len() + 16);
    out.extend_from_slice(body.get(..at)?);
    match tag.windows(7).position(|w| w == b"version") {
        Some(v) => {
            // version="x" -> version="2.0"; quotes located within the tag.
            let q1 = v + tag.get(v..)?.iter().position(|&b| b == b'"' || b == b'\'')?;
            let quote = *tag.get(q1)?;
            let q2 = q1 + 1 + tag.get(q1 + 1..)?.iter().position(|&b| b == quote)?;
            out.extend_from_slice(tag.get(..=q1)?);
            out.extend_from_slice(b"2.0");
            out.extend_from_slice(tag.get(q2..)?);
        }
        None => {
            out.extend_from_slice(b"<rss version=\"2.0\"");
            out.extend_from_slice(tag.get(4..)?);
        }
    }
    out.extend_from_slice(body.get(at + tag_len..)?);
    Some(out)
}
