//! Every kind of source: the four feed formats, a gzipped news sitemap
//! index, a site whose feed is discovered from its page; and pages whose
//! charset lies or that are not HTML at all.

use newsdesk_store::{CrawlStore, UrlState};
use newsdesk_testsite::{Reply, TestSite};

use crate::helpers::*;

#[test]
fn feeds_of_every_format_store_each_article_once() {
    let sites = TestSite::start_many(4);
    let [rss2_site, rss1_site, atom_site, json_site] = &sites[..] else { unreachable!() };
    let a = serve_articles(rss2_site, "/news", "bridge", 3);
    let b = serve_articles(rss1_site, "/story", "ferry", 2);
    let c = serve_articles(atom_site, "/articles", "tram", 2);
    let d = serve_articles(json_site, "/p", "library", 2);
    rss2_site.set("/rss.xml", Reply::ok("application/rss+xml", rss2(&a)));
    rss1_site.set("/index.rdf", Reply::ok("application/rdf+xml", rss1(&b)));
    // The Atom feed also lists an article of the RSS site: one article, one fetch.
    let mut c_listed = c.clone();
    c_listed.push(a[0].clone());
    atom_site.set("/atom.xml", Reply::ok("application/atom+xml", atom(&c_listed)));
    json_site.set("/feed.json", Reply::ok("application/feed+json", json_feed(&d)));

    let mut env = Env::new(config());
    let ids = [
        env.add_source(&rss2_site.url("/rss.xml")),
        env.add_source(&rss1_site.url("/index.rdf")),
        env.add_source(&atom_site.url("/atom.xml")),
        env.add_source(&json_site.url("/feed.json")),
    ];
    let (polls, summary) = env.round();

    let listed: Vec<usize> = polls.iter().map(|p| p.listed).collect();
    assert_eq!(listed, [3, 2, 3, 2]);
    let queued: Vec<u64> = polls.iter().map(|p| p.queued).collect();
    assert_eq!(queued, [3, 2, 2, 2], "the article listed twice is queued once");
    assert_eq!(summary.stored.inserted, 9);
    assert_eq!(summary.failed, 0);

    let mut expected: Vec<String> = a.iter().chain(&b).chain(&c).chain(&d).map(|(u, _)| u.clone()).collect();
    expected.sort();
    assert_eq!(env.stored_urls(), expected);
    for (i, (url, _)) in a.iter().chain(&b).chain(&c).chain(&d).enumerate() {
        let article = env.article(url).unwrap_or_else(|| panic!("{url} not stored"));
        let topic = url.rsplit('/').next().unwrap_or_default().replace('-', " ");
        assert!(article.article.text.contains(&format!("plan for {topic}")), "{url}: {}", article.article.text);
        assert!(article.article.word_count > 150, "{url}: {} words", article.article.word_count);
        let rec = env.url(url);
        assert_eq!(rec.state, UrlState::Fetched, "{url}");
        assert_eq!(rec.article_id.as_deref(), Some(article.article.id.as_str()));
        let site = sites.iter().find(|s| url.starts_with(&s.url("/"))).expect("its site");
        assert_eq!(site.hits(&path_of(url)), 1, "{url} fetched once (article {i})");
    }

    let counts = env.store.crawl_counts().unwrap();
    assert_eq!((counts.queued, counts.fetched, counts.skipped, counts.failed), (0, 9, 0, 0));
    let sources = env.sources();
    assert_eq!(sources.iter().map(|s| s.id).collect::<Vec<_>>(), ids);
    for s in &sources {
        assert_eq!(s.kind.as_deref(), Some("feed"), "{}", s.url);
        assert_eq!(s.poll_url.as_deref(), Some(s.url.as_str()));
        assert_eq!((s.polls, s.failures, s.last_error.as_deref()), (1, 0, None), "{}", s.url);
        assert!(s.last_success.is_some());
        assert!(s.mean_delay_secs.is_some_and(|d| (0.0..60.0).contains(&d)), "{:?}", s.mean_delay_secs);
    }
    let found: Vec<u64> = sources.iter().map(|s| s.articles_found).collect();
    assert_eq!(found, [3, 2, 2, 2]);
    let fetched: Vec<u64> = sources.iter().map(|s| s.fetched).collect();
    assert_eq!(fetched, [3, 2, 2, 2]);
}

#[test]
fn gzipped_news_sitemap_index_is_followed_to_its_articles() {
    let site = TestSite::start();
    let first = serve_articles(&site, "/2025/05/06", "orchard", 2);
    let second = serve_articles(&site, "/2025/05/07", "quarry", 3);
    site.set("/sitemaps/news-1.xml", Reply::ok("application/xml", news_sitemap(&first)));
    site.set("/sitemaps/news-2.xml.gz", Reply::ok("application/gzip", gzip(news_sitemap(&second).as_bytes())));
    let index = sitemap_index(&[site.url("/sitemaps/news-1.xml"), site.url("/sitemaps/news-2.xml.gz")]);
    site.set("/sitemap_index.xml.gz", Reply::ok("application/x-gzip", gzip(index.as_bytes())));

    let mut env = Env::new(config());
    env.add_source(&site.url("/sitemap_index.xml.gz"));
    let (polls, summary) = env.round();
    assert_eq!((polls[0].listed, polls[0].queued), (5, 5));
    assert_eq!(summary.stored.inserted, 5);

    let mut expected: Vec<String> = first.iter().chain(&second).map(|(u, _)| u.clone()).collect();
    expected.sort();
    assert_eq!(env.stored_urls(), expected);
    for url in &expected {
        assert_eq!(env.state(url), UrlState::Fetched);
        assert_eq!(site.hits(&path_of(url)), 1);
    }
    // The news sitemap's publication date travels with the queued URL.
    assert!(env.url(&first[0].0).published.is_some());
    assert_eq!(site.hits("/sitemaps/news-1.xml"), 1);
    assert_eq!(site.hits("/sitemaps/news-2.xml.gz"), 1);
    let s = &env.sources()[0];
    assert_eq!(s.kind.as_deref(), Some("sitemap_index"));
    assert_eq!((s.articles_found, s.fetched, s.last_error.as_deref()), (5, 5, None));
}

#[test]
fn a_site_page_leads_to_its_feed() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "stadium", 2);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));
    site.set(
        "/",
        Reply::html(
            "<!DOCTYPE html><html><head><title>The Valley Courier</title>\
             <link rel=\"alternate\" type=\"application/rss+xml\" title=\"Latest\" href=\"/feed.xml\"></head>\
             <body><h1>The Valley Courier</h1><ul><li><a href=\"/news/stadium-0\">Stadium</a></li></ul></body></html>",
        ),
    );

    let mut env = Env::new(config());
    env.add_source(&site.url("/"));
    let (_, summary) = env.round();
    assert_eq!(summary.stored.inserted, 2);
    for (url, _) in &items {
        assert!(env.article(url).is_some(), "{url} not stored");
    }
    let s = &env.sources()[0];
    assert_eq!(s.kind.as_deref(), Some("site"));
    assert_eq!(s.poll_url.as_deref(), Some(site.url("/feed.xml").as_str()));
    assert_eq!((s.articles_found, s.fetched), (2, 2));

    // From now on the feed is polled, not the page.
    let polls = env.poll();
    assert!(polls[0].outcome.is_ok(), "{:?}", polls[0].outcome);
    assert_eq!(polls[0].queued, 0);
    assert_eq!(site.hits("/"), 1);
    assert_eq!(site.hits("/feed.xml"), 2);
    assert_eq!(env.sources()[0].kind.as_deref(), Some("site"));
}

#[test]
fn a_site_whose_feed_moved_is_searched_again_from_its_page() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "harbour", 3);
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items[..2])));
    let page = |feed: &str| {
        Reply::html(format!(
            "<!DOCTYPE html><html><head><title>The Valley Courier</title>\
             <link rel=\"alternate\" type=\"application/rss+xml\" href=\"{feed}\"></head><body><p>News</p></body></html>"
        ))
    };
    site.set("/", page("/feed.xml"));
    let mut env = Env::new(config());
    env.add_source(&site.url("/"));
    assert_eq!(env.round().1.stored.inserted, 2);

    // The outlet moves its feed: the old address now answers 404.
    site.set("/feed.xml", newsdesk_testsite::Reply::status(404));
    site.set("/rss/all.xml", Reply::ok("application/rss+xml", rss2(&items)));
    site.set("/", page("/rss/all.xml"));
    let (polls, summary) = env.round();
    assert_eq!(polls[0].queued, 1, "only the new article");
    assert_eq!(summary.stored.inserted, 1);
    let s = &env.sources()[0];
    assert_eq!((s.kind.as_deref(), s.poll_url.as_deref()), (Some("site"), Some(site.url("/rss/all.xml").as_str())));
    assert_eq!(s.last_error, None);
}

#[test]
fn page_in_windows_1252_labelled_utf8_is_read_correctly() {
    let site = TestSite::start();
    let html = article_page("market", 3)
        .replace("voted on Tuesday", "voted at the café in Zürich on Tuesday")
        .replace("Supporters of the plan", "Supporters of the façade plan, naïve or not, said the Müller report")
        .replace("A spokesperson", "A spokesperson at the Crème Brûlée fête");
    // windows-1252 is Latin-1 for these letters: one byte each.
    let bytes: Vec<u8> = html.chars().map(|c| u8::try_from(u32::from(c)).expect("a Latin-1 letter")).collect();
    assert!(std::str::from_utf8(&bytes).is_err(), "the page must not be valid UTF-8");
    site.set("/news/market", Reply::ok("text/html; charset=utf-8", bytes));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&[(site.url("/news/market"), "Market".into())])));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    env.round();
    let article = env.article(&site.url("/news/market")).expect("stored").article;
    for word in ["café", "Zürich", "façade", "naïve", "Müller", "Crème Brûlée fête"] {
        assert!(article.text.contains(word), "{word:?} missing from {:?}", article.text);
    }
    assert!(!article.text.contains('\u{fffd}'), "replacement characters in {:?}", article.text);
}

#[test]
fn non_html_article_url_is_skipped() {
    let site = TestSite::start();
    let mut items = serve_articles(&site, "/news", "budget", 1);
    site.set(
        "/files/budget.pdf",
        Reply::ok("application/pdf", b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<<>>\nendobj\n".to_vec()),
    );
    items.push((site.url("/files/budget.pdf"), "Budget (PDF)".into()));
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&items)));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    let (_, summary) = env.round();
    assert_eq!((summary.stored.inserted, summary.skipped, summary.failed), (1, 1, 0));

    let pdf = env.url(&site.url("/files/budget.pdf"));
    assert_eq!(pdf.state, UrlState::Skipped);
    assert!(pdf.last_error.as_deref().is_some_and(|e| e.contains("application/pdf")), "{:?}", pdf.last_error);
    assert!(env.article(&site.url("/files/budget.pdf")).is_none());
    assert_eq!(env.state(&items[0].0), UrlState::Fetched);
    let counts = env.store.crawl_counts().unwrap();
    assert_eq!((counts.queued, counts.fetched, counts.skipped, counts.failed), (0, 1, 1, 0));

    // Skipped is final: another round does not fetch it again.
    env.round();
    assert_eq!(site.hits("/files/budget.pdf"), 1);
}

#[test]
fn redirected_articles_mark_the_urls_they_were_queued_under() {
    let site = TestSite::start();
    let items = serve_articles(&site, "/news", "bypass", 2);
    // Feed links through a redirector (tracking links), two of them to the
    // same article.
    site.set("/r/1", Reply::redirect(&path_of(&items[0].0)).header("cache-control", "no-store"));
    site.set("/r/2", Reply::redirect(&items[1].0));
    site.set("/r/3", Reply::redirect(&path_of(&items[1].0)));
    let listed: Vec<Item> = (1..=3).map(|i| (site.url(&format!("/r/{i}")), format!("Link {i}"))).collect();
    site.set("/feed.xml", Reply::ok("application/rss+xml", rss2(&listed)));

    let mut env = Env::new(config());
    env.add_source(&site.url("/feed.xml"));
    env.round();
    let mut expected: Vec<String> = items.iter().map(|(u, _)| u.clone()).collect();
    expected.sort();
    assert_eq!(env.stored_urls(), expected, "articles are stored under the URL they were found at in the end");
    for (i, target) in [(1, &items[0].0), (2, &items[1].0), (3, &items[1].0)] {
        let rec = env.url(&site.url(&format!("/r/{i}")));
        assert_eq!(rec.state, UrlState::Fetched, "/r/{i}: {rec:?}");
        let article = env.article(target).expect("stored");
        assert_eq!(rec.article_id.as_deref(), Some(article.article.id.as_str()), "/r/{i}");
    }
    assert!(env.crawler.due(chrono::Utc::now()).unwrap().is_empty());

    // Nothing is fetched again on the next round.
    let (_, summary) = env.round();
    assert_eq!(summary.read, 0);
    for i in 1..=3 {
        assert_eq!(site.hits(&format!("/r/{i}")), 1, "/r/{i}");
    }
}
