//! Polling a source: fetch its document (conditionally), find out what it
//! is, and list the article URLs it names.

use futures_util::future::join_all;
use newsdesk_fetch::{Fetched, Response, Validators};
use newsdesk_sources::{
    classify, common_feed_urls, discover_feeds, parse_feed, parse_sitemap, robots_sitemaps, DocumentKind,
    ParsedSitemap, SitemapRef,
};
use newsdesk_store::{CrawlStore, DocValidators, FoundUrl, SourceRecord};
use url::Url;

use crate::crawler::Shared;

/// What one poll found.
#[derive(Debug, Clone)]
pub(crate) struct Polled {
    /// `(kind, poll_url)`, or why the poll failed.
    pub outcome: Result<(String, String), String>,
    pub found: Vec<FoundUrl>,
    /// Documents that answered 304 Not Modified.
    pub not_modified: u32,
}

/// A fetched document, or `None` when it has not changed.
type Doc = Option<Response>;

/// A document as polled, before its validators are kept.
struct Parsed {
    kind: &'static str,
    found: Vec<FoundUrl>,
    not_modified: u32,
    /// The feed discovered on a site's page, polled from now on.
    discovered: Option<Url>,
}

impl Parsed {
    fn new(kind: &'static str, found: Vec<FoundUrl>) -> Self {
        Parsed { kind, found, not_modified: 0, discovered: None }
    }
}

impl<S: CrawlStore> Shared<S> {
    pub(crate) async fn poll_source(&self, src: &SourceRecord) -> Polled {
        let target = src.poll_url.clone().unwrap_or_else(|| src.url.clone());
        let result = match self.get_doc(&target).await {
            Err(e) => Err(e),
            // Unchanged since the last poll: what it is has not changed either.
            Ok(None) => Ok(Parsed { not_modified: 1, ..Parsed::new("", Vec::new()) }),
            Ok(Some(resp)) => self.read_doc(src, resp, target == src.url).await,
        };
        // A site whose discovered feed broke (moved, now a page, gone) is
        // searched again from its page rather than failing every poll.
        let result = match result {
            Err(e) if target != src.url && is_gone(&e) => match self.get_doc(&src.url).await {
                Ok(Some(page)) => self.read_doc(src, page, true).await.map_err(|again| format!("{e}; {again}")),
                Ok(None) | Err(_) => Err(e),
            },
            other => other,
        };
        match result {
            Ok(p) => {
                let kind = if p.kind.is_empty() {
                    src.kind.clone().unwrap_or_default()
                } else if target != src.url {
                    // Polling the feed discovered on the source's page: the
                    // source itself is still a site, not a feed.
                    "site".to_string()
                } else {
                    p.kind.to_string()
                };
                let poll_url = p.discovered.map(String::from).unwrap_or(target);
                Polled { outcome: Ok((kind, poll_url)), found: p.found, not_modified: p.not_modified }
            }
            Err(e) => Polled { outcome: Err(e), found: Vec::new(), not_modified: 0 },
        }
    }

    /// Fetches a document with the validators of its last fetch.
    async fn get_doc(&self, url: &str) -> Result<Doc, String> {
        let v = self.in_async(|s| s.validators(url)).map_err(|e| format!("store: {e}"))?;
        let validators = Validators { etag: v.etag, last_modified: v.last_modified };
        match self.fetcher.fetch(url, &validators).await {
            Ok(Fetched::NotModified { .. }) => Ok(None),
            Ok(Fetched::Body(resp)) => Ok(Some(resp)),
            Err(e) => Err(format!("{}: {e}", e.kind())),
        }
    }

    /// Keeps a document's validators, once it has been read without error:
    /// a document that failed to parse is fetched whole next time.
    fn keep_validators(&self, url: &str, resp: &Response) {
        let v =
            DocValidators { etag: resp.validators.etag.clone(), last_modified: resp.validators.last_modified.clone() };
        // Losing validators costs one unconditional fetch, not data.
        let _ = self.in_async(|s| s.set_validators(url, &v));
    }

    async fn read_doc(&self, src: &SourceRecord, resp: Response, may_discover: bool) -> Result<Parsed, String> {
        let kind = classify(&resp.body, resp.content_type.as_deref());
        let parsed = match kind {
            DocumentKind::Feed | DocumentKind::Sitemap | DocumentKind::SitemapIndex => {
                self.read_listing(src, &resp, kind).await?
            }
            DocumentKind::Html if may_discover => return self.discover(src, &resp).await,
            DocumentKind::Html | DocumentKind::Unknown => {
                return Err(format!(
                    "not_a_feed: {} is not a feed or sitemap (content type {})",
                    resp.final_url,
                    resp.content_type.as_deref().unwrap_or("none")
                ))
            }
        };
        self.keep_validators(resp.url.as_str(), &resp);
        Ok(parsed)
    }

    /// A feed, a sitemap or a sitemap index with its children.
    async fn read_listing(&self, src: &SourceRecord, resp: &Response, kind: DocumentKind) -> Result<Parsed, String> {
        let at = &resp.final_url;
        let found_url = |url: &Url, published| FoundUrl { url: url.to_string(), source: Some(src.id), published };
        if kind == DocumentKind::Feed {
            let feed = parse_feed(&resp.body, at).map_err(|e| format!("bad_feed: {at}: {e}"))?;
            let found = feed.entries.iter().map(|e| found_url(&e.url, e.published)).collect();
            return Ok(Parsed::new("feed", found));
        }
        let sitemap = parse_sitemap(&resp.body, at).map_err(|e| format!("bad_sitemap: {at}: {e}"))?;
        match sitemap.kind {
            ParsedSitemap::Urls(urls) => {
                let found = urls.iter().map(|u| found_url(&u.url, u.published.or(u.lastmod))).collect();
                Ok(Parsed::new("sitemap", found))
            }
            ParsedSitemap::Index(children) => self.read_index(src, children).await,
        }
    }

    /// The most recently modified children of a sitemap index, fetched at
    /// once (the fetcher still takes one host at a time). A child that is
    /// itself an index is not followed: news sitemaps are one level deep.
    async fn read_index(&self, src: &SourceRecord, mut children: Vec<SitemapRef>) -> Result<Parsed, String> {
        children.sort_by_key(|c| std::cmp::Reverse(c.lastmod));
        children.truncate(self.config.max_child_sitemaps);
        let docs = join_all(children.iter().map(|c| self.get_doc(c.url.as_str()))).await;
        let mut parsed = Parsed::new("sitemap_index", Vec::new());
        let mut errors = Vec::new();
        for (child, doc) in children.iter().zip(docs) {
            match doc {
                Ok(None) => parsed.not_modified += 1,
                Ok(Some(resp)) => match parse_sitemap(&resp.body, &resp.final_url) {
                    Ok(s) => {
                        if let ParsedSitemap::Urls(urls) = s.kind {
                            parsed.found.extend(urls.iter().map(|u| FoundUrl {
                                url: u.url.to_string(),
                                source: Some(src.id),
                                published: u.published.or(u.lastmod),
                            }));
                        }
                        self.keep_validators(child.url.as_str(), &resp);
                    }
                    Err(e) => errors.push(format!("bad_sitemap: {}: {e}", child.url)),
                },
                Err(e) => errors.push(e),
            }
        }
        // Some children failing is reported by the next poll; all failing
        // is the source's failure.
        if !children.is_empty() && errors.len() == children.len() {
            return Err(errors.swap_remove(0));
        }
        Ok(parsed)
    }

    /// A site's page: the feeds it links to, the sitemaps its robots.txt
    /// names, then the usual feed paths; the first that is a feed or
    /// sitemap becomes what the source polls.
    async fn discover(&self, src: &SourceRecord, page: &Response) -> Result<Parsed, String> {
        let mut candidates = discover_feeds(&page.body, &page.final_url);
        // Then the sitemaps robots.txt names (news sites list their news
        // sitemap there), then the usual feed paths.
        if let Ok(robots) = page.final_url.join("/robots.txt") {
            if let Ok(Some(resp)) = self.get_doc(robots.as_str()).await {
                let text = String::from_utf8_lossy(&resp.body);
                for u in robots_sitemaps(&text, &page.final_url) {
                    if !candidates.contains(&u) {
                        candidates.push(u);
                    }
                }
            }
        }
        for u in common_feed_urls(&page.final_url) {
            if !candidates.contains(&u) {
                candidates.push(u);
            }
        }
        candidates.truncate(self.config.max_feed_candidates);
        let tried = candidates.len();
        for candidate in candidates {
            let Ok(Some(resp)) = self.get_doc(candidate.as_str()).await else { continue };
            let kind = classify(&resp.body, resp.content_type.as_deref());
            if matches!(kind, DocumentKind::Feed | DocumentKind::Sitemap | DocumentKind::SitemapIndex) {
                if let Ok(mut parsed) = self.read_listing(src, &resp, kind).await {
                    self.keep_validators(candidate.as_str(), &resp);
                    parsed.kind = "site";
                    parsed.discovered = Some(candidate);
                    return Ok(parsed);
                }
            }
        }
        Err(format!("no_feed: {} links to no feed or sitemap ({tried} URLs tried)", page.final_url))
    }
}

/// A poll failure that says the document is no longer a feed there (not a
/// passing one like a timeout): worth looking for the feed again.
fn is_gone(error: &str) -> bool {
    ["not_a_feed", "bad_feed", "bad_sitemap", "status_404", "status_410"].iter().any(|k| error.starts_with(k))
}
