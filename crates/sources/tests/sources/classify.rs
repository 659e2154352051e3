use newsdesk_sources::{classify, DocumentKind::*};

use crate::gzip;

#[test]
fn by_root_element() {
    let cases: &[(&[u8], _)] = &[
        (b"<?xml version=\"1.0\"?>\n<!-- generator -->\n<rss version=\"2.0\"><channel/></rss>", Feed),
        (b"\xef\xbb\xbf<rdf:RDF xmlns:rdf=\"x\"/>", Feed),
        (b"  <feed xmlns=\"http://www.w3.org/2005/Atom\"/>", Feed),
        (b"<?xml-stylesheet type=\"text/xsl\" href=\"s.xsl\"?><urlset/>", Sitemap),
        (b"<sm:sitemapindex xmlns:sm=\"x\"/>", SitemapIndex),
        (b"<!DOCTYPE html>\n<html lang=en>", Html),
        (b"<html><head>", Html),
        (b"\n\n<head><title>fragment</title>", Html),
        (b"{\"version\": \"https://jsonfeed.org/version/1.1\", \"items\": []}", Feed),
        (b"{\"title\": \"x\", \"version\" : \"https://jsonfeed.org/version/1\"}", Feed),
        (b"{\"version\": \"2\"}", Unknown),
        (b"<opml version=\"2.0\"/>", Unknown),
        (b"", Unknown),
        (b"\x00\x01garbage", Unknown),
    ];
    for (body, kind) in cases {
        assert_eq!(classify(body, None), *kind, "{}", String::from_utf8_lossy(body));
    }
}

#[test]
fn gzip_aware_and_content_type_as_tiebreak() {
    assert_eq!(classify(&gzip(b"<urlset><url/></urlset>"), None), Sitemap);
    assert_eq!(classify(&gzip(b"<sitemapindex/>")[..12], None), Unknown, "a cut gzip stream is not an error");
    assert_eq!(classify(b"hello", Some("text/html; charset=utf-8")), Html);
    assert_eq!(classify(b"<urlset/>", Some("text/html")), Sitemap, "content wins");
    assert_eq!(classify(b"hello", Some("application/rss+xml")), Unknown);
}
