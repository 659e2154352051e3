use newsdesk_sources::{parse_sitemap, ParsedSitemap, SitemapRef, SitemapUrl, SourceError};

use crate::{gzip, url};

fn urls(kind: ParsedSitemap) -> Vec<SitemapUrl> {
    match kind {
        ParsedSitemap::Urls(u) => u,
        ParsedSitemap::Index(_) => panic!("expected a urlset"),
    }
}

#[test]
fn news_sitemap_fields() {
    let body = r#"<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
        xmlns:news="http://www.google.com/schemas/sitemap-news/0.9"
        xmlns:image="http://www.google.com/schemas/sitemap-image/1.1">
  <url>
    <loc>https://news.example/2026/12/01/budget?a=1&amp;b=2</loc>
    <lastmod>2026-12-01T11:00:00+01:00</lastmod>
    <image:image><image:loc>https://cdn.example/pic.jpg</image:loc><image:title>Picture</image:title></image:image>
    <news:news>
      <news:publication><news:name>The Example Times</news:name><news:language>en</news:language></news:publication>
      <news:publication_date>2026-12-01T10:00Z</news:publication_date>
      <news:title><![CDATA[Budget passes & more]]></news:title>
    </news:news>
  </url>
  <url><loc>  /relative/page  </loc><lastmod>not a date</lastmod></url>
  <url><loc>javascript:alert(1)</loc></url>
  <url><lastmod>2026-12-01</lastmod></url>
</urlset>"#;
    let map = parse_sitemap(body.as_bytes(), &url("https://news.example/news-sitemap.xml")).unwrap();
    assert!(!map.truncated);
    let u = urls(map.kind);
    assert_eq!(u.len(), 2);
    assert_eq!(u[0].url.as_str(), "https://news.example/2026/12/01/budget?a=1&b=2");
    assert_eq!(u[0].lastmod.unwrap().to_rfc3339(), "2026-12-01T10:00:00+00:00");
    assert_eq!(u[0].published.unwrap().to_rfc3339(), "2026-12-01T10:00:00+00:00");
    assert_eq!(u[0].title.as_deref(), Some("Budget passes & more"));
    assert_eq!(u[0].publication.as_deref(), Some("The Example Times"));
    assert_eq!(u[0].language.as_deref(), Some("en"));
    assert_eq!(
        u[1],
        SitemapUrl {
            url: url("https://news.example/relative/page"),
            lastmod: None,
            published: None,
            title: None,
            language: None,
            publication: None
        }
    );
}

#[test]
fn gzipped_sitemap_index() {
    let xml = r#"<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
  <sitemap><loc>https://idx.example/sitemap-1.xml.gz</loc><lastmod>2026-12-01</lastmod></sitemap>
  <sitemap><loc>sitemap-2.xml</loc></sitemap>
</sitemapindex>"#;
    // Named .xml on purpose: gzip is found by its magic bytes.
    let map = parse_sitemap(&gzip(xml.as_bytes()), &url("https://idx.example/sitemaps/index.xml")).unwrap();
    assert_eq!(
        map.kind,
        ParsedSitemap::Index(vec![
            SitemapRef {
                url: url("https://idx.example/sitemap-1.xml.gz"),
                lastmod: Some("2026-12-01T00:00:00Z".parse().unwrap())
            },
            SitemapRef { url: url("https://idx.example/sitemaps/sitemap-2.xml"), lastmod: None },
        ])
    );
}

#[test]
fn any_prefix_or_default_namespace() {
    let odd = r#"<sm:urlset xmlns:sm="http://www.sitemaps.org/schemas/sitemap/0.9" xmlns:n="http://www.google.com/schemas/sitemap-news/0.9">
<sm:url><sm:loc>https://odd.example/1</sm:loc><n:news><n:publication><n:name>Odd</n:name></n:publication><n:publication_date>2026-12-01</n:publication_date></n:news></sm:url>
</sm:urlset>"#;
    let u = urls(parse_sitemap(odd.as_bytes(), &url("https://odd.example/s.xml")).unwrap().kind);
    assert_eq!(u.len(), 1);
    assert_eq!(u[0].publication.as_deref(), Some("Odd"));
    assert_eq!(u[0].published.unwrap().to_rfc3339(), "2026-12-01T00:00:00+00:00");
    let plain =
        "<urlset><url><loc>https://plain.example/1</loc><lastmod>2026-12-01T10:00:30.123Z</lastmod></url></urlset>";
    let u = urls(parse_sitemap(plain.as_bytes(), &url("https://plain.example/")).unwrap().kind);
    assert_eq!(u[0].lastmod.unwrap().to_rfc3339(), "2026-12-01T10:00:30.123+00:00");
}

#[test]
fn text_sitemap_and_wrong_roots() {
    let text = "https://t.example/1\n\n/2\nftp://t.example/3\n";
    let u = urls(parse_sitemap(text.as_bytes(), &url("https://t.example/sitemap.txt")).unwrap().kind);
    let got: Vec<_> = u.iter().map(|x| x.url.as_str()).collect();
    assert_eq!(got, ["https://t.example/1", "https://t.example/2"]);
    let rss = b"<rss version='2.0'><channel/></rss>";
    assert!(matches!(parse_sitemap(rss, &url("https://t.example/")), Err(SourceError::NotASitemap(r)) if r == "rss"));
    assert!(matches!(
        parse_sitemap(b"<!DOCTYPE html><html/>", &url("https://t.example/")),
        Err(SourceError::NotASitemap(_))
    ));
    let empty = parse_sitemap(b"<urlset/>", &url("https://t.example/")).unwrap();
    assert_eq!(empty.kind, ParsedSitemap::Urls(vec![]));
}

#[test]
fn malformed_after_entries_keeps_them() {
    let body = "<urlset><url><loc>https://m.example/1</loc></url><url><loc>https://m.example/2</loc></url><url><loc>https://m.ex";
    let u = urls(parse_sitemap(body.as_bytes(), &url("https://m.example/")).unwrap().kind);
    assert_eq!(u.len(), 2);
}
