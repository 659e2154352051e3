//! Hostile and broken inputs: every parser must return (an error or a
//! bounded result), never panic, hang or blow up memory.

use std::fmt::Write as _;
use std::io::Write as _;

use newsdesk_sources::{
    classify, discover_feeds, parse_feed, parse_sitemap, parse_source_list, robots_sitemaps, ParsedSitemap,
    SourceError, MAX_DECOMPRESSED_BYTES, MAX_ENTRIES,
};

use crate::url;

/// Runs every parser; their results must be bounded.
fn all_parsers(body: &[u8]) {
    let base = url("https://nasty.example/x/doc.xml");
    let _ = classify(body, Some("text/html"));
    if let Ok(feed) = parse_feed(body, &base) {
        assert!(feed.entries.len() <= MAX_ENTRIES);
    }
    if let Ok(map) = parse_sitemap(body, &base) {
        match map.kind {
            ParsedSitemap::Index(v) => assert!(v.len() <= MAX_ENTRIES),
            ParsedSitemap::Urls(v) => assert!(v.len() <= MAX_ENTRIES),
        }
    }
    assert!(discover_feeds(body, &base).len() <= MAX_ENTRIES);
    let _ = robots_sitemaps(&String::from_utf8_lossy(body), &base);
    if let Ok((specs, _)) = parse_source_list(body) {
        assert!(specs.len() <= MAX_ENTRIES);
    }
}

#[test]
fn empty_garbage_truncated_and_invalid_utf8() {
    let inputs: Vec<&[u8]> = vec![
        b"",
        b"\x00\x00\x00",
        b"\x1f\x8b",
        b"\x1f\x8b\x08\x00garbage",
        b"\xff\xfe\xfd\xfc<<<>>>&&&;;",
        b"<",
        b"<?xml",
        b"<!--",
        b"<!DOCTYPE",
        b"<rss version=\"2.0\"><channel><item><link>https://n.example/1</li",
        b"<feed xmlns=\"http://www.w3.org/2005/Atom\"><entry><link href=\"",
        b"<urlset><url><loc>https://n.example/\xff\xfe</loc></url></urlset>",
        b"<opml><body><outline xmlUrl=\"https://n.example/\xc3\x28\"/></body></opml>",
        b"{\"version\": \"https://jsonfeed.org/version/1\", \"items\": [{\"url\": ",
        b"{\"version\": \"https://jsonfeed.org/version/1\", \"title\": \"x\", \"items\": [{\"id\": \"1\", \"url\": \"\xff\"}]}",
        b"<?xml version='1.0' encoding='utf-16'?><urlset/>",
        b"<?xml version='1.0' encoding='x-no-such'?><urlset/>",
    ];
    for body in inputs {
        all_parsers(body);
    }
    let map =
        parse_sitemap(b"<urlset><url><loc>https://n.example/\xff</loc></url></urlset>", &url("https://n.example/"))
            .unwrap();
    let ParsedSitemap::Urls(u) = map.kind else { panic!() };
    assert_eq!(u[0].url.as_str(), "https://n.example/%EF%BF%BD", "invalid UTF-8 is replaced, not fatal");
}

#[test]
fn entity_bomb_is_not_expanded() {
    let mut dtd = String::from("<?xml version=\"1.0\"?>\n<!DOCTYPE lolz [\n<!ENTITY lol \"lol\">\n");
    for i in 1..=9 {
        let prev = if i == 1 { "lol".to_string() } else { format!("lol{}", i - 1) };
        let _ = writeln!(dtd, "<!ENTITY lol{i} \"{}\">", format!("&{prev};").repeat(10));
    }
    dtd.push_str("]>\n");
    let sitemap = format!("{dtd}<urlset><url><loc>https://b.example/&lol9;</loc><news:news xmlns:news='n'><news:title>&lol9;</news:title></news:news></url></urlset>");
    let map = parse_sitemap(sitemap.as_bytes(), &url("https://b.example/")).unwrap();
    let ParsedSitemap::Urls(u) = map.kind else { panic!() };
    assert_eq!(u[0].url.as_str(), "https://b.example/");
    assert_eq!(u[0].title, None);
    let rss = format!("{dtd}<rss version=\"2.0\"><channel><title>&lol9;</title><item><title>&lol9;</title><link>https://b.example/1</link></item></channel></rss>");
    if let Ok(feed) = parse_feed(rss.as_bytes(), &url("https://b.example/")) {
        assert!(feed.title.unwrap_or_default().len() < 1000);
        assert!(feed.entries.iter().all(|e| e.title.as_ref().is_none_or(|t| t.len() < 1000)));
    }
    let opml = format!("{dtd}<opml><body><outline text=\"&lol9;\" xmlUrl=\"https://b.example/&lol9;\"/></body></opml>");
    let (specs, _) = parse_source_list(opml.as_bytes()).unwrap();
    assert!(specs.iter().all(|s| s.url.as_str().len() < 1000));
    all_parsers(sitemap.as_bytes());
    all_parsers(rss.as_bytes());
}

#[test]
fn deep_nesting() {
    let depth = 200_000;
    let deep = |open: &str, close: &str, inner: &str| format!("{}{inner}{}", open.repeat(depth), close.repeat(depth));
    let sitemap = format!(
        "<urlset><url><loc>https://d.example/1</loc>{}</url></urlset>",
        deep("<x>", "</x>", "<loc>https://d.example/deep</loc>")
    );
    let map = parse_sitemap(sitemap.as_bytes(), &url("https://d.example/")).unwrap();
    let ParsedSitemap::Urls(u) = map.kind else { panic!() };
    assert_eq!(u.len(), 1, "a nested loc is not the url's loc");
    all_parsers(sitemap.as_bytes());
    all_parsers(
        format!("<rss version=\"2.0\"><channel><item>{}</item></channel></rss>", deep("<a>", "</a>", "t")).as_bytes(),
    );
    all_parsers(
        format!(
            "<opml><body>{}</body></opml>",
            deep("<outline text=\"f\">", "</outline>", "<outline xmlUrl=\"https://d.example/f\"/>")
        )
        .as_bytes(),
    );
    all_parsers(deep("<div>", "</div>", "<link rel=alternate type=application/rss+xml href=/f>").as_bytes());
    all_parsers(deep("[", "]", "").as_bytes());
    all_parsers(deep("{\"a\":", "}", "1").as_bytes());
}

#[test]
fn many_entries_are_truncated() {
    let n = MAX_ENTRIES * 2;
    let mut sitemap = String::from("<urlset>");
    for i in 0..n {
        let _ = write!(sitemap, "<url><loc>https://m.example/{i}</loc></url>");
    }
    sitemap.push_str("</urlset>");
    let map = parse_sitemap(sitemap.as_bytes(), &url("https://m.example/")).unwrap();
    assert!(map.truncated);
    let ParsedSitemap::Urls(u) = map.kind else { panic!() };
    assert_eq!(u.len(), MAX_ENTRIES);
    assert_eq!(u[MAX_ENTRIES - 1].url.as_str(), format!("https://m.example/{}", MAX_ENTRIES - 1));

    let mut rss = String::from("<rss version=\"2.0\"><channel>");
    for i in 0..MAX_ENTRIES + 10 {
        let _ = write!(rss, "<item><link>https://m.example/{i}</link></item>");
    }
    rss.push_str("</channel></rss>");
    let feed = parse_feed(rss.as_bytes(), &url("https://m.example/")).unwrap();
    assert!(feed.truncated);
    assert_eq!(feed.entries.len(), MAX_ENTRIES);

    let list: String = (0..MAX_ENTRIES + 5).map(|i| format!("https://m.example/{i}\n")).collect();
    let (specs, problems) = parse_source_list(list.as_bytes()).unwrap();
    assert_eq!(specs.len(), MAX_ENTRIES);
    assert_eq!(problems.len(), 1);
    assert_eq!(problems[0].line, MAX_ENTRIES + 1);
}

#[test]
fn gzip_bomb_hits_the_cap() {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    let zeros = vec![b' '; 1 << 20];
    enc.write_all(b"<urlset>").unwrap();
    for _ in 0..=(MAX_DECOMPRESSED_BYTES >> 20) {
        enc.write_all(&zeros).unwrap();
    }
    let bomb = enc.finish().unwrap();
    assert!(bomb.len() < 1 << 20, "a bomb is small: {}", bomb.len());
    let base = url("https://bomb.example/");
    assert!(
        matches!(parse_sitemap(&bomb, &base), Err(SourceError::TooLarge { limit }) if limit == MAX_DECOMPRESSED_BYTES)
    );
    assert!(matches!(parse_feed(&bomb, &base), Err(SourceError::TooLarge { .. })));
    assert!(matches!(parse_source_list(&bomb), Err(SourceError::TooLarge { .. })));
    assert_eq!(classify(&bomb, None), newsdesk_sources::DocumentKind::Sitemap, "sniffing reads only the head");
}

#[test]
fn only_http_urls_come_out() {
    let evil = [
        "javascript:alert(1)",
        "data:text/html;base64,PHNjcmlwdD4=",
        "file:///etc/passwd",
        "mailto:a@b.example",
        "ftp://f.example/x",
        "http://",
        "http:// /x",
    ];
    let base = url("https://e.example/");
    for e in evil {
        let rss =
            format!("<rss version=\"2.0\"><channel><item><link>{e}</link><guid>{e}</guid></item></channel></rss>");
        assert!(parse_feed(rss.as_bytes(), &base).unwrap().entries.is_empty(), "{e}");
        let map = parse_sitemap(format!("<urlset><url><loc>{e}</loc></url></urlset>").as_bytes(), &base).unwrap();
        assert_eq!(map.kind, ParsedSitemap::Urls(vec![]), "{e}");
        let html = format!("<link rel=alternate type=application/rss+xml href=\"{e}\">");
        assert!(discover_feeds(html.as_bytes(), &base).is_empty(), "{e}");
        assert!(robots_sitemaps(&format!("Sitemap: {e}"), &base).is_empty(), "{e}");
        let (specs, problems) = parse_source_list(e.as_bytes()).unwrap();
        assert!(specs.is_empty() && problems.len() == 1, "{e}");
    }
}

fn fuzz_seeds() -> Vec<(String, Vec<u8>)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fuzz/seeds/sources");
    let mut seeds: Vec<_> = std::fs::read_dir(&dir)
        .expect("fuzz/seeds/sources")
        .flatten()
        .map(|e| (e.file_name().to_string_lossy().into_owned(), std::fs::read(e.path()).expect("seed")))
        .collect();
    seeds.sort();
    seeds
}

#[test]
fn fuzz_seeds_parse_as_what_they_are() {
    use newsdesk_sources::DocumentKind::*;
    let seeds = fuzz_seeds();
    assert!(seeds.len() >= 8);
    for (name, body) in &seeds {
        let want = match name.as_str() {
            "rss2.xml" | "atom.xml" | "feed.json" => Feed,
            "news-sitemap.xml" => Sitemap,
            "index.xml.gz" => SitemapIndex,
            "page.html" => Html,
            _ => Unknown,
        };
        assert_eq!(classify(body, None), want, "{name}");
        all_parsers(body);
    }
}

/// A poor man's fuzzer for machines without cargo-fuzz: seeds with bytes
/// flipped, cut, duplicated and spliced, deterministically. More rounds with
/// `SOURCES_MUTATIONS=N` (and another sequence with `SOURCES_SEED=N`).
#[test]
fn mutated_seeds_never_panic() {
    let seeds: Vec<Vec<u8>> = fuzz_seeds().into_iter().map(|(_, b)| b).collect();
    let env = |k: &str| std::env::var(k).ok().and_then(|v| v.parse::<u64>().ok());
    let mut state = env("SOURCES_SEED").unwrap_or(0x9e37_79b9_7f4a_7c15).max(1);
    let mut next = move |n: usize| {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state % n.max(1) as u64) as usize
    };
    const SPICE: &[&[u8]] = &[
        b"<",
        b">",
        b"</",
        b"&",
        b"&#x0;",
        b"]]>",
        b"<![CDATA[",
        b"\xff",
        b"\"",
        b"<!--",
        b"/>",
        b"javascript:",
        b"\x1f\x8b",
    ];
    for _ in 0..env("SOURCES_MUTATIONS").unwrap_or(3000) {
        let mut doc = seeds[next(seeds.len())].clone();
        for _ in 0..=next(4) {
            let at = next(doc.len() + 1);
            match next(5) {
                0 => doc.truncate(at),
                1 => {
                    if let Some(b) = doc.get_mut(at) {
                        *b ^= 1 << next(8);
                    }
                }
                2 => {
                    let s = SPICE[next(SPICE.len())];
                    doc.splice(at..at, s.iter().copied());
                }
                3 => {
                    let other = &seeds[next(seeds.len())];
                    let from = next(other.len());
                    doc.splice(at..at, other[from..].iter().copied());
                }
                _ => {
                    let end = (at + next(64)).min(doc.len());
                    let piece = doc[at..end].to_vec();
                    doc.splice(at..at, piece);
                }
            }
        }
        all_parsers(&doc);
    }
}
