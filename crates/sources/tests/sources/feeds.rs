use newsdesk_sources::{parse_feed, SourceError};

use crate::url;

fn urls(feed: &newsdesk_sources::ParsedFeed) -> Vec<&str> {
    feed.entries.iter().map(|e| e.url.as_str()).collect()
}

#[test]
fn rss2_links_guids_dates_and_language() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0" xmlns:dc="http://purl.org/dc/elements/1.1/">
<channel>
  <title> Example News </title><link>https://news.example/</link><language>en-gb</language>
  <item><title>First &amp; best</title><link>https://news.example/a/1</link>
        <pubDate>Tue, 01 Dec 2026 10:00:00 +0100</pubDate></item>
  <item><title>Relative</title><link>/a/2</link></item>
  <item><title>Permalink guid</title><guid>https://news.example/a/3</guid></item>
  <item><title>Not a permalink</title><guid isPermaLink="false">https://news.example/?p=4</guid></item>
  <item><title>Script</title><link>javascript:alert(1)</link></item>
  <item><title>No link at all</title><description>x</description></item>
  <item><title>Duplicate</title><link>https://news.example/a/1</link></item>
</channel></rss>"#;
    let feed = parse_feed(body.as_bytes(), &url("https://news.example/rss.xml")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Example News"));
    assert_eq!(feed.language.as_deref(), Some("en-gb"));
    assert_eq!(urls(&feed), ["https://news.example/a/1", "https://news.example/a/2", "https://news.example/a/3"]);
    assert_eq!(feed.entries[0].title.as_deref(), Some("First & best"));
    assert_eq!(feed.entries[0].published.unwrap().to_rfc3339(), "2026-12-01T09:00:00+00:00");
    assert!(!feed.truncated);
}

#[test]
fn rss1_rdf() {
    let body = r#"<?xml version="1.0"?>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns="http://purl.org/rss/1.0/" xmlns:dc="http://purl.org/dc/elements/1.1/">
  <channel rdf:about="https://rdf.example/"><title>RDF News</title><link>https://rdf.example/</link><dc:language>de</dc:language></channel>
  <item rdf:about="https://rdf.example/x"><title>Item X</title><link>https://rdf.example/x</link><dc:date>2026-11-30T08:15:00Z</dc:date></item>
  <item rdf:about="https://rdf.example/y"><title>Item Y</title><link>https://rdf.example/y</link></item>
</rdf:RDF>"#;
    let feed = parse_feed(body.as_bytes(), &url("https://rdf.example/index.rdf")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("RDF News"));
    assert_eq!(urls(&feed), ["https://rdf.example/x", "https://rdf.example/y"]);
    assert_eq!(feed.entries[0].published.unwrap().to_rfc3339(), "2026-11-30T08:15:00+00:00");
}

#[test]
fn rss091_and_versions_feed_rs_does_not_know() {
    let v091 = r#"<rss version="0.91"><channel><title>Old</title><language>fr</language>
<item><title>Vieux</title><link>http://old.example/1</link></item></channel></rss>"#;
    let feed = parse_feed(v091.as_bytes(), &url("http://old.example/rss")).unwrap();
    assert_eq!(urls(&feed), ["http://old.example/1"]);
    assert_eq!(feed.language.as_deref(), Some("fr"));
    for root in ["<rss>", "<rss version='0.94'>", "<rss\n  version=\"2.01\" xmlns:x='y'>"] {
        let body =
            format!("{root}<channel><title>T</title><item><link>http://v.example/1</link></item></channel></rss>");
        let feed = parse_feed(body.as_bytes(), &url("http://v.example/")).unwrap_or_else(|e| panic!("{root}: {e}"));
        assert_eq!(urls(&feed), ["http://v.example/1"], "{root}");
    }
}

#[test]
fn atom_relative_links_and_xml_base() {
    let body = r#"<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="es" xml:base="https://atom.example/blog/">
  <title>Atom News</title><id>urn:x</id><updated>2026-12-01T00:00:00Z</updated>
  <entry><title>Base relative</title><id>urn:1</id><link href="posts/1"/>
         <published>2026-12-01T10:00:00+02:00</published><updated>2026-12-02T00:00:00Z</updated></entry>
  <entry xml:base="/other/"><title>Entry base</title><id>urn:2</id>
         <link rel="self" type="application/atom+xml" href="/api/2"/>
         <link rel="alternate" type="text/html" href="two"/><updated>2026-12-03T00:00:00Z</updated></entry>
  <entry><title>Only enclosure</title><id>https://atom.example/id/3</id>
         <link rel="enclosure" type="audio/mpeg" href="https://cdn.example/3.mp3"/></entry>
</feed>"#;
    let feed = parse_feed(body.as_bytes(), &url("https://elsewhere.example/atom.xml")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("Atom News"));
    assert_eq!(feed.language.as_deref(), Some("es"));
    assert_eq!(urls(&feed), ["https://atom.example/blog/posts/1", "https://atom.example/other/two"]);
    assert_eq!(feed.entries[0].published.unwrap().to_rfc3339(), "2026-12-01T08:00:00+00:00");
    assert_eq!(
        feed.entries[1].published.unwrap().to_rfc3339(),
        "2026-12-03T00:00:00+00:00",
        "updated when not published"
    );
}

#[test]
fn atom_relative_link_without_xml_base_uses_feed_url() {
    let body = r#"<feed xmlns="http://www.w3.org/2005/Atom"><title>T</title>
<entry><title>E</title><id>urn:e</id><link href="/news/e"/></entry></feed>"#;
    let feed = parse_feed(body.as_bytes(), &url("https://site.example/feeds/atom.xml")).unwrap();
    assert_eq!(urls(&feed), ["https://site.example/news/e"]);
}

#[test]
fn json_feed_1_1() {
    let body = r#"{
  "version": "https://jsonfeed.org/version/1.1",
  "title": "JSON News", "language": "pt-BR",
  "home_page_url": "https://json.example/",
  "items": [
    {"id": "1", "url": "https://json.example/1", "title": "Um", "date_published": "2026-12-01T12:00:00-03:00"},
    {"id": "2", "url": "/2", "title": "Dois", "date_modified": "2026-12-02T00:00:00Z"},
    {"id": "3", "external_url": "data:text/html,hi", "title": "Data"}
  ]
}"#;
    let feed = parse_feed(body.as_bytes(), &url("https://json.example/feed.json")).unwrap();
    assert_eq!(feed.title.as_deref(), Some("JSON News"));
    assert_eq!(feed.language.as_deref(), Some("pt-BR"));
    assert_eq!(urls(&feed), ["https://json.example/1", "https://json.example/2"]);
    assert_eq!(feed.entries[0].published.unwrap().to_rfc3339(), "2026-12-01T15:00:00+00:00");
    assert_eq!(feed.entries[1].published.unwrap().to_rfc3339(), "2026-12-02T00:00:00+00:00");
}

#[test]
fn gzipped_feed_and_non_feeds() {
    let body =
        crate::gzip(b"<rss version=\"2.0\"><channel><item><link>https://g.example/1</link></item></channel></rss>");
    let feed = parse_feed(&body, &url("https://g.example/")).unwrap();
    assert_eq!(urls(&feed), ["https://g.example/1"]);
    for junk in [&b"<html><body>hi</body></html>"[..], b"", b"plain text", b"{\"a\": 1}"] {
        assert!(matches!(parse_feed(junk, &url("https://g.example/")), Err(SourceError::Feed(_))), "{junk:?}");
    }
}
