use chrono::{DateTime, Utc};
use newsdesk_model::{article_id, canonicalize_url, Article, Extraction};
use scraper::Html;
use url::Url;

use crate::body::{extract_body, BodyHints};
use crate::meta::{detect_language, extract_metadata, Metadata};
use crate::{decode_html, dom, ExtractError, Result};

/// What is known about a page besides its bytes.
#[derive(Debug, Clone, Default)]
pub struct PageInput<'a> {
    /// Where the page came from; resolves relative links and gives the URL date.
    pub url: Option<&'a str>,
    /// The HTTP `Content-Type` header, for its charset.
    pub content_type: Option<&'a str>,
    /// When the page was fetched; dates after it are rejected. Defaults to now.
    pub crawl_time: Option<DateTime<Utc>>,
}

impl<'a> PageInput<'a> {
    pub fn with_url(url: &'a str) -> Self {
        PageInput { url: Some(url), ..Default::default() }
    }
}

/// Extracts articles from HTML. Cheap to clone and share between threads.
#[derive(Debug, Clone, Default)]
pub struct ArticleExtractor {
    _private: (),
}

impl ArticleExtractor {
    /// Extracts one page. Fails with [`ExtractError`] when the input is empty,
    /// binary, or holds no article.
    pub fn extract(&self, bytes: &[u8], input: &PageInput<'_>) -> Result<Article> {
        let decoded = decode_html(bytes, input.content_type)?;
        self.extract_str(&decoded.text, input)
    }

    /// Extracts one page that is already text.
    pub fn extract_str(&self, html: &str, input: &PageInput<'_>) -> Result<Article> {
        if html.trim().is_empty() {
            return Err(ExtractError::Empty);
        }
        let (doc, url, meta) = parse_with_metadata(html, input);
        let hints = BodyHints { title: meta.title.as_deref(), json_ld_body: meta.json_ld_body.as_deref() };
        let body = extract_body(&doc, &hints).ok_or(ExtractError::NoArticle("no body text"))?;
        drop(doc);

        let declared_language = meta.declared_language.clone();
        let mut a = article_from_metadata(meta, input, url.as_ref());
        a.blocks = body.blocks;
        a.finish_text();
        if a.word_count == 0 {
            return Err(ExtractError::NoArticle("no body text"));
        }
        a.language = detect_language(&a.text, declared_language.as_deref());
        a.extraction = Some(Extraction { strategy: body.strategy, confidence: body.confidence });
        a.id = article_id(a.canonical_url.as_deref().or(a.url.as_deref()), a.title.as_deref().unwrap_or(""), &a.text);
        Ok(a)
    }

    /// Reads only the metadata (title, byline, dates, outlet, declared
    /// language); `blocks` stay empty. Fails only on empty or binary input.
    pub fn metadata(&self, bytes: &[u8], input: &PageInput<'_>) -> Result<Article> {
        let decoded = decode_html(bytes, input.content_type)?;
        let (_, url, meta) = parse_with_metadata(&decoded.text, input);
        let mut a = article_from_metadata(meta, input, url.as_ref());
        a.id = article_id(a.canonical_url.as_deref().or(a.url.as_deref()), a.title.as_deref().unwrap_or(""), "");
        Ok(a)
    }
}

fn parse_with_metadata(html: &str, input: &PageInput<'_>) -> (Html, Option<Url>, Metadata) {
    let doc = dom::parse(html);
    let url = input.url.and_then(|u| Url::parse(u).ok());
    let crawl_time = input.crawl_time.unwrap_or_else(Utc::now);
    let meta = extract_metadata(&doc, url.as_ref(), Some(crawl_time));
    (doc, url, meta)
}

fn article_from_metadata(meta: Metadata, input: &PageInput<'_>, url: Option<&Url>) -> Article {
    let mut a = Article::new(String::new());
    a.url = input.url.map(str::to_string);
    a.canonical_url = meta.canonical_url.as_deref().and_then(canonicalize_url);
    a.title = meta.title;
    a.authors = meta.authors;
    a.published = meta.published;
    a.modified = meta.modified;
    a.site_name = meta.site_name.or_else(|| url.and_then(|u| u.host_str()).map(host_name));
    a.image = meta.image;
    a.language = meta.declared_language;
    a
}

fn host_name(host: &str) -> String {
    host.strip_prefix("www.").unwrap_or(host).to_string()
}
