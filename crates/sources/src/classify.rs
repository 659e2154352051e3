//! What kind of document a body is, by its content.

use serde::Serialize;

use crate::body::{decode, first_start, head, Start};

/// What a fetched body is, as far as the crawler cares.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DocumentKind {
    /// RSS (any version), Atom or JSON Feed: give it to [`crate::parse_feed`].
    Feed,
    /// A `urlset`: give it to [`crate::parse_sitemap`].
    Sitemap,
    /// A `sitemapindex`: give it to [`crate::parse_sitemap`].
    SitemapIndex,
    /// A web page: look for feeds with [`crate::discover_feeds`].
    Html,
    /// None of the above.
    Unknown,
}

/// How much of the (decompressed) body sniffing looks at.
const SNIFF_BYTES: usize = 64 * 1024;

/// Tags that can open an HTML document or fragment without `<html>`.
const HTML_TAGS: &[&str] =
    &["html", "head", "body", "meta", "title", "link", "script", "style", "div", "p", "a", "br", "table"];

/// Sniffs the kind of document from its first 64 KiB (decompressed when it
/// starts with the gzip magic bytes): the root element past the BOM, XML
/// declaration, comments and whitespace; for JSON a `"version"` naming
/// jsonfeed. The content type only breaks a tie: when the content says
/// nothing, an HTML content type makes it [`DocumentKind::Html`].
///
/// ```
/// use newsdesk_sources::{classify, DocumentKind};
/// assert_eq!(classify(b"<?xml version='1.0'?><rss version='2.0'/>", None), DocumentKind::Feed);
/// assert_eq!(classify(b"<!DOCTYPE html><title>x</title>", None), DocumentKind::Html);
/// ```
pub fn classify(bytes: &[u8], content_type: Option<&str>) -> DocumentKind {
    let head = head(bytes, SNIFF_BYTES);
    let text = decode(&head);
    let by_content = match first_start(&text) {
        Start::Element(name) => by_root(name),
        Start::HtmlDoctype => DocumentKind::Html,
        Start::Json if is_json_feed(&text) => DocumentKind::Feed,
        Start::Json => DocumentKind::Unknown,
        Start::Other if text.get(..text.len().min(4096)).is_some_and(has_html_tag) => DocumentKind::Html,
        Start::Other => DocumentKind::Unknown,
    };
    if by_content != DocumentKind::Unknown {
        return by_content;
    }
    let mime = content_type.unwrap_or_default().split(';').next().unwrap_or_default().trim().to_ascii_lowercase();
    if mime == "text/html" || mime == "application/xhtml+xml" {
        DocumentKind::Html
    } else {
        DocumentKind::Unknown
    }
}

fn by_root(name: &str) -> DocumentKind {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "rss" | "rdf" | "feed" => DocumentKind::Feed,
        "urlset" => DocumentKind::Sitemap,
        "sitemapindex" => DocumentKind::SitemapIndex,
        l if HTML_TAGS.contains(&l) => DocumentKind::Html,
        _ => DocumentKind::Unknown,
    }
}

fn has_html_tag(text: &str) -> bool {
    let lower = text.to_ascii_lowercase();
    lower.contains("<html") || lower.contains("<!doctype html")
}

/// A JSON object with `"version": "...jsonfeed..."` in the sniffed part. A
/// textual look, so a feed whose `version` comes after 64 KiB of items is
/// missed; JSON Feed puts it first in practice.
fn is_json_feed(text: &str) -> bool {
    let mut rest = text;
    while let Some(i) = rest.find("\"version\"") {
        rest = rest.get(i + "\"version\"".len()..).unwrap_or_default();
        let value = rest.trim_start();
        if let Some(v) = value.strip_prefix(':').map(str::trim_start).and_then(|v| v.strip_prefix('"')) {
            let v = v.get(..v.find('"').unwrap_or(v.len())).unwrap_or_default();
            if v.contains("jsonfeed") {
                return true;
            }
        }
    }
    false
}
