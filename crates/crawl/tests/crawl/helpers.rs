//! A crawl environment (data directory, crawler, ingest store) driven like
//! the CLI, and builders for the pages and listings the test sites serve.

use std::io::Write;
use std::path::Path;

use chrono::Utc;
use newsdesk_crawl::{CrawlConfig, Crawler, PollReport};
use newsdesk_ingest::{IngestEvent, IngestSummary, Ingester};
use newsdesk_model::article_id;
use newsdesk_store::{CrawlStore, ListQuery, NewSource, SourceRecord, Store, StoredArticle, UrlRecord, UrlState};
use newsdesk_store_sqlite::SqliteStore;
use tempfile::TempDir;

/// Settings for tests: the test sites are on 127.0.0.1, hosts need no
/// pause, and nothing should wait long.
pub fn config() -> CrawlConfig {
    let mut c = CrawlConfig::default();
    c.fetch.allow_private = true;
    c.fetch.host_delay_secs = 0.0;
    c.fetch.timeout_secs = 2.0;
    c.fetch.connect_timeout_secs = 1.0;
    c.batch_secs = 0.2;
    c.batch_size = 16;
    c
}

/// A data directory with the crawler's connection and the ingest store's,
/// as the CLI opens them.
pub struct Env {
    pub crawler: Crawler<SqliteStore>,
    pub store: SqliteStore,
    // Last, so the connections close before the directory goes.
    _dir: TempDir,
}

impl Env {
    pub fn new(config: CrawlConfig) -> Env {
        let dir = tempfile::tempdir().expect("temp dir");
        let (crawler, store) = open(dir.path(), config);
        Env { crawler, store, _dir: dir }
    }

    pub fn add_source(&mut self, url: &str) -> i64 {
        let (id, new) =
            self.store.add_source(&NewSource { url: url.into(), ..Default::default() }).expect("add source");
        assert!(new, "{url} added twice");
        id
    }

    pub fn poll(&self) -> Vec<PollReport> {
        self.crawler.poll(false, Utc::now()).expect("poll")
    }

    /// Fetches the URLs due now into the store.
    pub fn harvest_due(&mut self) -> IngestSummary {
        let due = self.crawler.due(Utc::now()).expect("due");
        harvest(&self.crawler, &mut self.store, due, None)
    }

    /// One round: every source polled, then what is due fetched.
    pub fn round(&mut self) -> (Vec<PollReport>, IngestSummary) {
        let polls = self.poll();
        for p in &polls {
            assert!(p.outcome.is_ok(), "poll of {} failed: {:?}", p.source.url, p.outcome);
        }
        let summary = self.harvest_due();
        (polls, summary)
    }

    pub fn article(&self, url: &str) -> Option<StoredArticle> {
        self.store.get(&article_id(Some(url), "", "")).expect("store get")
    }

    pub fn stored_urls(&self) -> Vec<String> {
        let mut urls: Vec<String> = self
            .store
            .list(&ListQuery::default())
            .expect("store list")
            .into_iter()
            .filter_map(|a| a.article.url)
            .collect();
        urls.sort();
        urls
    }

    pub fn url(&self, url: &str) -> UrlRecord {
        self.store.url_record(url).expect("url record").unwrap_or_else(|| panic!("{url} is not in the queue"))
    }

    pub fn state(&self, url: &str) -> UrlState {
        self.url(url).state
    }

    pub fn sources(&self) -> Vec<SourceRecord> {
        self.store.sources().expect("sources")
    }
}

pub fn open(dir: &Path, config: CrawlConfig) -> (Crawler<SqliteStore>, SqliteStore) {
    let state = SqliteStore::open(dir).expect("open crawl state");
    let crawler = Crawler::new(state, config).expect("crawler");
    let store = SqliteStore::open(dir).expect("open store");
    (crawler, store)
}

/// Fetches `urls` through the ingest pipeline as the CLI does: the crawl
/// follower marks stored URLs, ingest's failures and skips are recorded.
/// `max_batches` stops taking batches early (a crawl killed mid-way).
pub fn harvest(
    crawler: &Crawler<SqliteStore>,
    store: &mut SqliteStore,
    urls: Vec<UrlRecord>,
    max_batches: Option<usize>,
) -> IngestSummary {
    if urls.is_empty() {
        return IngestSummary::default();
    }
    let (batches, mut follower) = crawler.harvest(urls).expect("harvest");
    let ingester = Ingester { batch_size: crawler.config().batch_size, ..Ingester::default() };
    let mut trouble = Vec::new();
    let mut on_event = |event: IngestEvent<'_>| {
        let recorded = match event {
            IngestEvent::Failed(e) => crawler.record_failed(&e.origin, &format!("extract: {}", e.message)),
            IngestEvent::Skipped { origin, reason } => crawler.record_skipped(origin, reason),
            IngestEvent::Progress { .. } => Ok(()),
        };
        if let Err(e) = recorded {
            trouble.push(e.to_string());
        }
    };
    let summary = match max_batches {
        Some(n) => ingester.run_batches(batches.take(n), store, Some(&mut follower), &mut on_event),
        None => ingester.run_batches(batches, store, Some(&mut follower), &mut on_event),
    }
    .expect("ingest");
    assert!(trouble.is_empty(), "recording crawl state failed: {trouble:?}");
    summary
}

/// Words for article texts, varied per article so no two pages read alike.
const SUBJECTS: [&str; 8] =
    ["council", "harbour board", "school trust", "water company", "rail operator", "hospital", "museum", "library"];
const PLACES: [&str; 8] =
    ["Alderby", "Brantwick", "Carrow Vale", "Dunmere", "Eastholm", "Fennick", "Garrowby", "Holt Ferry"];

/// A small news article page whose text names `topic` throughout, so each
/// URL's article is distinct and recognisable.
pub fn article_page(topic: &str, n: usize) -> String {
    let subject = SUBJECTS[n % SUBJECTS.len()];
    let place = PLACES[(n / SUBJECTS.len()) % PLACES.len()];
    let count = 12 + n * 7;
    let title = format!("{place} {subject} backs plan for {topic}");
    format!(
        r#"<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<title>{title} | The Valley Courier</title>
<meta name="author" content="Morgan Ellery">
<meta property="article:published_time" content="2025-05-{day:02}T09:30:00+01:00">
</head>
<body>
<header><nav><a href="/">Home</a> <a href="/news/">News</a> <a href="/sport/">Sport</a></nav></header>
<main>
<article>
<h1>{title}</h1>
<p class="byline">By Morgan Ellery</p>
<p>The {subject} in {place} voted on Tuesday evening to back the plan for {topic}, ending a debate that has run for {count} months. Members heard from residents, local businesses and the county planning office before the vote, which passed by a clear margin after a long and often heated session in the main hall.</p>
<p>Supporters of the plan for {topic} said it would bring {count} new jobs to {place} and ease pressure on the roads around the town centre. Opponents warned that the costs had been underestimated and asked the {subject} to publish the full figures before any contract is signed with the builders chosen last spring.</p>
<p>A spokesperson for the {subject} said the detailed budget for {topic} would be released within weeks, together with a timetable for the first phase. Work could begin early next year if the county approves the funding, and the first results would be visible to residents of {place} by the following summer.</p>
<p>Residents who want to comment on {topic} can attend an open meeting at the {place} community centre next month, or write to the {subject} before the consultation closes. Officials said every response would be read and summarised in a report published before the final decision is taken in the autumn.</p>
</article>
</main>
<footer><p>Copyright The Valley Courier. All rights reserved.</p></footer>
</body>
</html>
"#,
        day = 1 + n % 28,
    )
}

/// `(url, title)` of the items a listing names.
pub type Item = (String, String);

pub fn rss2(items: &[Item]) -> String {
    let items: String = items
        .iter()
        .map(|(url, title)| {
            format!(
                "<item><title>{title}</title><link>{url}</link><guid>{url}</guid>\
                 <pubDate>Tue, 06 May 2025 09:30:00 +0100</pubDate></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>The Valley Courier</title>\
         <link>http://courier.example/</link><description>Local news</description>\n{items}</channel></rss>\n"
    )
}

pub fn rss1(items: &[Item]) -> String {
    let seq: String = items.iter().map(|(url, _)| format!("<rdf:li rdf:resource=\"{url}\"/>")).collect();
    let items: String = items
        .iter()
        .map(|(url, title)| {
            format!(
                "<item rdf:about=\"{url}\"><title>{title}</title><link>{url}</link>\
                 <dc:date>2025-05-06T09:30:00+01:00</dc:date></item>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\"?>\n<rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\" \
         xmlns=\"http://purl.org/rss/1.0/\" xmlns:dc=\"http://purl.org/dc/elements/1.1/\">\n\
         <channel rdf:about=\"http://gazette.example/\"><title>Gazette</title><link>http://gazette.example/</link>\
         <description>News</description><items><rdf:Seq>{seq}</rdf:Seq></items></channel>\n{items}</rdf:RDF>\n"
    )
}

pub fn atom(items: &[Item]) -> String {
    let entries: String = items
        .iter()
        .map(|(url, title)| {
            format!(
                "<entry><title>{title}</title><link rel=\"alternate\" href=\"{url}\"/><id>{url}</id>\
                 <updated>2025-05-06T09:30:00Z</updated></entry>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\
         <title>Herald</title><id>urn:herald</id><updated>2025-05-06T09:30:00Z</updated>\n{entries}</feed>\n"
    )
}

pub fn json_feed(items: &[Item]) -> String {
    let items: Vec<String> = items
        .iter()
        .map(|(url, title)| {
            format!(
                r#"{{"id": "{url}", "url": "{url}", "title": "{title}", "date_published": "2025-05-06T09:30:00Z"}}"#
            )
        })
        .collect();
    format!(
        r#"{{"version": "https://jsonfeed.org/version/1.1", "title": "Observer", "items": [{}]}}"#,
        items.join(", ")
    )
}

/// A Google News sitemap.
pub fn news_sitemap(items: &[Item]) -> String {
    let urls: String = items
        .iter()
        .map(|(url, title)| {
            format!(
                "<url><loc>{url}</loc><news:news><news:publication><news:name>Post</news:name>\
                 <news:language>en</news:language></news:publication>\
                 <news:publication_date>2025-05-06T09:30:00+01:00</news:publication_date>\
                 <news:title>{title}</news:title></news:news></url>\n"
            )
        })
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:news=\"http://www.google.com/schemas/sitemap-news/0.9\">\n{urls}</urlset>\n"
    )
}

pub fn sitemap_index(children: &[String]) -> String {
    let entries: String = children
        .iter()
        .map(|c| format!("<sitemap><loc>{c}</loc><lastmod>2025-05-06T09:30:00+01:00</lastmod></sitemap>\n"))
        .collect();
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n\
         {entries}</sitemapindex>\n"
    )
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip to memory");
    enc.finish().expect("gzip to memory")
}

/// Serves `n` distinct articles under `prefix` on `site` and returns them
/// as listing items (`topic` names them apart from other sets).
pub fn serve_articles(site: &newsdesk_testsite::TestSite, prefix: &str, topic: &str, n: usize) -> Vec<Item> {
    (0..n)
        .map(|i| {
            let path = format!("{prefix}/{topic}-{i}");
            let t = format!("{topic} {i}");
            site.set(&path, newsdesk_testsite::Reply::html(article_page(&t, i)));
            (site.url(&path), format!("Plan for {t}"))
        })
        .collect()
}

/// The path of a URL on a test site.
pub fn path_of(url: &str) -> String {
    url::Url::parse(url).expect("test URL").path().to_string()
}
