//! Metadata extraction through the public API (`ArticleExtractor::metadata`),
//! on small handwritten pages. Names, outlets and texts are invented.

use chrono::{TimeZone, Utc};
use newsdesk_extract::{ArticleExtractor, PageInput};
use newsdesk_model::Article;

fn crawl() -> Option<chrono::DateTime<Utc>> {
    Utc.with_ymd_and_hms(2024, 6, 1, 0, 0, 0).single()
}

fn meta_of(html: &str, url: Option<&str>) -> Article {
    let input = PageInput { url, crawl_time: crawl(), ..Default::default() };
    ArticleExtractor::default().metadata(html.as_bytes(), &input).expect("metadata")
}

fn page(head: &str, body: &str) -> String {
    format!("<!doctype html><html lang=\"en\"><head>{head}</head><body>{body}</body></html>")
}

fn authors(head: &str, body: &str) -> Vec<String> {
    meta_of(&page(head, body), None).authors
}

fn published(head: &str, body: &str, url: Option<&str>) -> Option<String> {
    meta_of(&page(head, body), url).published.map(|d| d.to_string())
}

// ---- bylines -------------------------------------------------------------

#[test]
fn json_ld_author_as_string_object_array_and_with_url() {
    let ld = |a: &str| {
        format!(r#"<script type="application/ld+json">{{"@type":"NewsArticle","headline":"H","author":{a}}}</script>"#)
    };
    assert_eq!(authors(&ld(r#""Mira Tolvanen""#), ""), ["Mira Tolvanen"]);
    assert_eq!(
        authors(&ld(r#"{"@type":"Person","name":"Mira Tolvanen","url":"https://ex.com/mira"}"#), ""),
        ["Mira Tolvanen"]
    );
    assert_eq!(
        authors(&ld(r#"[{"@type":"Person","name":"Mira Tolvanen"},{"@type":"Person","name":"Oskar Brandt"}]"#), ""),
        ["Mira Tolvanen", "Oskar Brandt"]
    );
    // An organization as author is an outlet, not a byline.
    assert!(authors(&ld(r#"{"@type":"Organization","name":"Daily Lantern"}"#), "").is_empty());
    // A reference into an @graph.
    let graph = r##"<script type="application/ld+json">{"@graph":[{"@type":"Article","headline":"H","author":{"@id":"#p1"}},
        {"@type":"Person","@id":"#p1","name":"Lena Vogt"}]}</script>"##;
    assert_eq!(authors(graph, ""), ["Lena Vogt"]);
}

#[test]
fn meta_author_and_rel_author() {
    assert_eq!(authors(r#"<meta name="author" content="Tomas Riedl">"#, ""), ["Tomas Riedl"]);
    // article:author as a profile URL is not a name; the page byline is used instead.
    assert_eq!(
        authors(
            r#"<meta property="article:author" content="https://ex.com/people/tomas">"#,
            r#"<a rel="author" href="/t">Tomas Riedl</a>"#
        ),
        ["Tomas Riedl"]
    );
    assert_eq!(authors("", r#"<p>By <a rel="author" href="/a">Ines Caldera</a></p>"#), ["Ines Caldera"]);
}

#[test]
fn in_page_byline_forms() {
    let b = |text: &str| authors("", &format!(r#"<h1>Headline</h1><div class="byline">{text}</div>"#));
    assert_eq!(b("By Ada Quill and Ben Otter"), ["Ada Quill", "Ben Otter"]);
    assert_eq!(b("By Ada Quill, Ben Otter and Cora Finch"), ["Ada Quill", "Ben Otter", "Cora Finch"]);
    assert_eq!(b("By Ada Quill, Reuters"), ["Ada Quill"]);
    assert_eq!(b("By Ada Quill | Staff Writer"), ["Ada Quill"]);
    assert_eq!(b("By Ada Quill, Senior Political Correspondent"), ["Ada Quill"]);
    assert_eq!(b("By Ada Quill Updated 3 hours ago"), ["Ada Quill"]);
    assert_eq!(b("Ada Quill @adaquill"), ["Ada Quill"]);
    assert_eq!(b("Ada Quill ada.quill@example.com"), ["Ada Quill"]);
    assert_eq!(b("BY ADA QUILL"), ["Ada Quill"]);
    assert_eq!(b("Von Karla Winterberg"), ["Karla Winterberg"]);
    assert_eq!(b("Par Jeanne Marchetti"), ["Jeanne Marchetti"]);
    assert_eq!(b("Por Lucía Ferrandiz y Pablo Ortega"), ["Lucía Ferrandiz", "Pablo Ortega"]);
    assert_eq!(b("Door Joris van der Berg"), ["Joris van der Berg"]);
    assert_eq!(b("Автор: Ольга Тимченко"), ["Ольга Тимченко"]);
    // A byline inside the date line of an old blog template.
    let old_blog = r#"<h1>T</h1><div class="postmeta">March 14, 2024 &middot; Posted by Walt Hubbard in <a href="/c">Community</a></div>"#;
    assert_eq!(authors("", old_blog), ["Walt Hubbard"]);
    // itemprop=author beats a container's text that glues a place on.
    let body = r#"<div class="firma"><span itemprop="author">Por Ana Robledo</span> <span>Villaseca</span></div>"#;
    assert_eq!(authors("", body), ["Ana Robledo"]);
}

#[test]
fn outlets_emails_urls_and_handles_are_not_people() {
    let b = |text: &str| authors("", &format!(r#"<div class="byline">{text}</div>"#));
    for credit in [
        "Reuters",
        "By AP",
        "Associated Press",
        "By Staff",
        "Staff Writer",
        "AFP",
        "news@example.com",
        "https://ex.com/a",
        "@someone",
    ] {
        assert!(b(credit).is_empty(), "{credit:?} gave {:?}", b(credit));
    }
    assert_eq!(b("By Ada Quill, The Associated Press"), ["Ada Quill"]);
}

#[test]
fn names_are_deduplicated_and_capped() {
    let body = r#"<div class="byline">By Ada Quill</div><span class="author-name">Ada Quill</span><a rel="author">ada quill</a>"#;
    assert_eq!(authors("", body), ["Ada Quill"]);
    let many = "By Ann Ash, Bo Birch, Cy Cedar, Di Dogwood, Ed Elm, Flo Fir and Gus Gum";
    assert!(authors("", &format!(r#"<div class="byline">{many}</div>"#)).len() <= 5);
}

#[test]
fn json_ld_beats_meta_and_page_bylines() {
    let head = r#"<meta name="author" content="Meta Person"><script type="application/ld+json">{"@type":"NewsArticle","author":{"name":"Ld Person"}}</script>"#;
    assert_eq!(authors(head, r#"<div class="byline">By Page Person</div>"#), ["Ld Person"]);
}

// ---- dates ---------------------------------------------------------------

#[test]
fn json_ld_date_keeps_offset() {
    let head = r#"<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-03-05T10:00:00+01:00","dateModified":"2024-03-06T08:00:00+01:00"}</script>"#;
    let a = meta_of(&page(head, ""), None);
    assert_eq!(a.published.unwrap().to_string(), "2024-03-05T10:00:00+01:00");
    assert_eq!(a.modified.unwrap().to_string(), "2024-03-06T08:00:00+01:00");
}

#[test]
fn malformed_json_ld_is_tolerated() {
    let head = "<script type=\"application/ld+json\">\n{\"@type\": \"NewsArticle\", \"headline\": \"Line\nbreak\", \"datePublished\": \"2024-03-05\",}\n</script>";
    assert_eq!(published(head, "", None).as_deref(), Some("2024-03-05"));
}

#[test]
fn meta_tags_in_order_of_trust() {
    assert_eq!(
        published(r#"<meta property="article:published_time" content="2024-03-05T09:30:00Z">"#, "", None).as_deref(),
        Some("2024-03-05T09:30:00Z")
    );
    assert_eq!(
        published(r#"<meta name="parsely-pub-date" content="2024-03-04">"#, "", None).as_deref(),
        Some("2024-03-04")
    );
    assert_eq!(
        published(r#"<meta name="citation_publication_date" content="2024/03/03">"#, "", None).as_deref(),
        Some("2024-03-03")
    );
    assert_eq!(
        published(r#"<meta name="sailthru.date" content="2024-03-02 08:00:00">"#, "", None).as_deref(),
        Some("2024-03-02T08:00:00")
    );
    assert_eq!(published(r#"<meta name="dc.date" content="2024-03-01">"#, "", None).as_deref(), Some("2024-03-01"));
    // The modified date is never taken for the published one.
    let head = r#"<meta property="article:modified_time" content="2024-04-01T00:00:00Z"><meta name="date" content="2024-03-01">"#;
    assert_eq!(published(head, "", None).as_deref(), Some("2024-03-01"));
}

#[test]
fn time_elements_and_page_text() {
    assert_eq!(
        published("", r#"<h1>T</h1><time datetime="2024-03-05T10:00:00-05:00" pubdate>March 5</time>"#, None)
            .as_deref(),
        Some("2024-03-05T10:00:00-05:00")
    );
    assert_eq!(
        published("", r#"<h1>T</h1><span itemprop="datePublished" content="2024-03-05">5 March</span>"#, None)
            .as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(
        published("", r#"<h1>T</h1><div class="article-date">5. März 2024</div>"#, None).as_deref(),
        Some("2024-03-05")
    );
    assert_eq!(
        published("", r#"<h1>T</h1><p class="meta">Julkaistu 5.3.2024 klo 10.15</p>"#, None).as_deref(),
        Some("2024-03-05")
    );
    // Updated stamps are modifications, not publications.
    let body = r#"<h1>T</h1><span class="updated">Updated 6 March 2024</span><span class="published">Published 5 March 2024</span>"#;
    assert_eq!(published("", body, None).as_deref(), Some("2024-03-05"));
}

#[test]
fn url_date_when_the_page_has_none() {
    for (url, day) in [
        ("https://ex.com/2024/03/05/slug", "2024-03-05"),
        ("https://ex.com/news/20240305/slug", "2024-03-05"),
        ("https://ex.com/a/2024-03-05-slug.html", "2024-03-05"),
    ] {
        assert_eq!(published("", "<p>No date here.</p>", Some(url)).as_deref(), Some(day), "{url}");
    }
}

#[test]
fn never_a_date_after_the_crawl_time() {
    let head = r#"<meta property="article:published_time" content="2030-01-01T00:00:00Z">"#;
    assert_eq!(published(head, "", None), None);
    assert_eq!(published("", "<p>No date.</p>", Some("https://ex.com/2031/01/01/x")), None);
}

#[test]
fn us_pages_read_month_first() {
    let html = r#"<html lang="en-US"><body><h1>T</h1><div class="date">03/05/2024</div></body></html>"#;
    assert_eq!(meta_of(html, None).published.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
    let html = r#"<html lang="en-GB"><body><h1>T</h1><div class="date">03/05/2024</div></body></html>"#;
    assert_eq!(meta_of(html, None).published.map(|d| d.to_string()).as_deref(), Some("2024-05-03"));
}

#[test]
fn utc_instant_is_read_on_a_western_newsroom_day() {
    // 02:10 UTC on 6 March is the evening of 5 March in New York.
    let head = r#"<meta property="og:locale" content="en_US"><meta property="article:published_time" content="2024-03-06T02:10:00Z">"#;
    assert_eq!(published(head, "", None).as_deref(), Some("2024-03-05T21:10:00-05:00"));
    // A country-code domain beats a default en_US locale; east of Greenwich the UTC day stays.
    assert_eq!(
        published(head, "", Some("https://paper.example.com.au/story/1")).as_deref(),
        Some("2024-03-06T02:10:00Z")
    );
    // No region at all: unchanged. A bare midnight is a date, not a time.
    let plain = r#"<meta property="article:published_time" content="2024-03-06T02:10:00Z">"#;
    assert_eq!(published(plain, "", None).as_deref(), Some("2024-03-06T02:10:00Z"));
    let midnight = r#"<meta property="og:locale" content="en_US"><meta property="article:published_time" content="2024-03-06T00:00:00Z">"#;
    assert_eq!(published(midnight, "", None).as_deref(), Some("2024-03-06T00:00:00Z"));
    // French Canadian page: the region comes from dc.language.
    let html = r#"<html lang="fr"><head><meta name="dc.language" content="fr-ca"><script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2024-05-25T01:30:00Z"}</script></head><body></body></html>"#;
    assert_eq!(meta_of(html, None).published.map(|d| d.day().to_string()).as_deref(), Some("2024-05-24"));
}

#[test]
fn dateline_beats_a_caption_date_in_running_text() {
    let body = "<article><h1>Harbour crane returns</h1><div><img src=\"x.jpg\"><br>FILE PHOTO: The old harbour crane is lifted onto a barge \
        near the east quay during repairs that took most of the winter, as seen on January 16, 2024. Photo by Ilse Marten</div>\
        <p>January 18, 2024</p><p>LOWPORT - The crane is back.</p></article>";
    assert_eq!(published("", body, None).as_deref(), Some("2024-01-18"));
    // A date in running text with no dateline nearby is still taken.
    let body = "<article><h1>T</h1><p>The council met on 4 March 2024 and agreed to reopen the quay after a long dispute over the cost of the works.</p></article>";
    assert_eq!(published("", body, None).as_deref(), Some("2024-03-04"));
}

#[test]
fn a_page_that_is_not_an_article_gets_no_text_date() {
    // A register entry: no article markup, no byline, a labelled date in a table.
    let body = "<h1>County Register</h1><dl><dt>Company Name</dt><dd>Birch Mowing LLC</dd><dt>Effective Date</dt><dd>Saturday, July 25, 2020</dd></dl>";
    assert_eq!(published("", body, None), None);
    // The same text inside an <article> is dated.
    assert_eq!(published("", &format!("<article>{body}</article>"), None).as_deref(), Some("2020-07-25"));
}

#[test]
fn dates_in_scripts_are_a_last_structured_resort() {
    // A tiny script that writes the date into the page.
    let body = r#"<article><h1>T</h1><p><script>writeDate("2024/04/17 01:43:09")</script> views 7</p></article>"#;
    assert_eq!(published("", body, None).as_deref(), Some("2024-04-17T01:43:09"));
    // Publication keys in script data.
    let head = r#"<script>window.__STATE__ = {"story":{"id":7,"publishDate":"2024-02-03T08:00:00+01:00"}};</script>"#;
    assert_eq!(published(head, "<article><p>Text.</p></article>", None).as_deref(), Some("2024-02-03T08:00:00+01:00"));
    // A page date in a meta tag comes first.
    let head2 = format!(r#"<meta name="date" content="2024-02-01">{head}"#);
    assert_eq!(published(&head2, "", None).as_deref(), Some("2024-02-01"));
}

#[test]
fn video_object_dates_come_after_the_page_meta_tags() {
    let head = r#"<script type="application/ld+json">{"@type":"VideoObject","name":"Clip","uploadDate":"2024-03-04T22:40:00-07:00"}</script>
        <meta itemprop="datePublished" content="2024-03-05T02:00:07-07:00">"#;
    assert_eq!(published(head, "", None).as_deref(), Some("2024-03-05T02:00:07-07:00"));
}

#[test]
fn wiki_pages_are_dated_by_their_latest_revision() {
    let head = r#"<meta name="generator" content="MediaWiki 1.40.0"><script type="application/ld+json">{"@type":"Article","name":"Page","datePublished":"2006-05-01T10:00:00Z","dateModified":"2024-04-07T12:33:32-07:00"}</script>"#;
    assert_eq!(published(head, "", None).as_deref(), Some("2024-04-07T12:33:32-07:00"));
}

// ---- title, site, URLs, image, language ----------------------------------

#[test]
fn title_prefers_og_title_and_strips_site_suffix() {
    let head = r#"<title>Rain floods the old town - The Daily Lantern</title><meta property="og:site_name" content="The Daily Lantern">"#;
    assert_eq!(meta_of(&page(head, ""), None).title.as_deref(), Some("Rain floods the old town"));
    let head = r#"<title>Something else | Lantern</title><meta property="og:title" content="Rain floods the old town | Lantern">"#;
    assert_eq!(
        meta_of(&page(head, ""), Some("https://lantern.example/x")).title.as_deref(),
        Some("Rain floods the old town")
    );
    let html = page("<title>Home | Lantern</title>", "<h1>Rain floods the old town</h1>");
    assert_eq!(meta_of(&html, None).title.as_deref(), Some("Rain floods the old town"));
}

#[test]
fn site_canonical_image_and_language() {
    let head = r#"<meta property="og:site_name" content="Lantern"><link rel="canonical" href="/news/rain">
        <meta property="og:image" content="/img/rain.jpg">"#;
    let a = meta_of(&page(head, ""), Some("https://lantern.example/news/rain?utm_source=x"));
    assert_eq!(a.site_name.as_deref(), Some("Lantern"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://lantern.example/news/rain"));
    assert_eq!(a.image.as_deref(), Some("https://lantern.example/img/rain.jpg"));
    assert_eq!(a.language.as_deref(), Some("en"));

    let ld = r#"<script type="application/ld+json">{"@type":"NewsArticle","publisher":{"@type":"Organization","name":"Lantern Media"},
        "image":[{"@type":"ImageObject","url":"https://cdn.example/a.jpg"}],"url":"https://lantern.example/a"}</script>"#;
    let a = meta_of(&format!("<html lang=\"de-AT\"><head>{ld}</head><body></body></html>"), None);
    assert_eq!(a.site_name.as_deref(), Some("Lantern Media"));
    assert_eq!(a.image.as_deref(), Some("https://cdn.example/a.jpg"));
    assert_eq!(a.canonical_url.as_deref(), Some("https://lantern.example/a"));
    assert_eq!(a.language.as_deref(), Some("de"));
}

#[test]
fn language_detection_overrides_a_wrong_declaration_only_when_sure() {
    let body = "<article><h1>Der Regen</h1>\
        <p>Der starke Regen hat am Dienstag mehrere Straßen in der Altstadt überflutet, und die Feuerwehr war die ganze Nacht im Einsatz.</p>\
        <p>Die Stadtverwaltung teilte mit, dass die meisten Straßen bis zum Morgen wieder geöffnet waren und die Aufräumarbeiten weitergehen.</p>\
        <p>Nach Angaben des Wetterdienstes soll es in den kommenden Tagen trocken bleiben, doch die Schäden an den Häusern sind noch nicht beziffert.</p>\
        </article>";
    let html = format!("<html lang=\"en\"><head><title>Der Regen</title></head><body>{body}</body></html>");
    let a =
        ArticleExtractor::default().extract(html.as_bytes(), &PageInput { crawl_time: crawl(), ..Default::default() });
    if let Ok(a) = a {
        assert_eq!(a.language.as_deref(), Some("de"));
    }
}

// ---- robustness ----------------------------------------------------------

#[test]
fn deep_nesting_and_odd_input_do_not_panic() {
    // The parser keeps at most a few hundred levels; what lies deeper is
    // dropped by it, so the date sits outside the nesting here.
    let depth = 100_000;
    let html = format!(
        "<time datetime=\"2024-03-05\">x</time>{}<div class=\"byline\">By Ada Quill</div>{}",
        "<div class=\"date\">".repeat(depth),
        "</div>".repeat(depth)
    );
    let a = meta_of(&html, Some("https://ex.com/x"));
    assert_eq!(a.published.map(|d| d.to_string()).as_deref(), Some("2024-03-05"));
    for junk in [
        "<meta name=author content=\"é\u{301}\">",
        "<script type=application/ld+json>{{{[[[</script>",
        "<title>\u{0}</title>",
        "<div class=byline>By \u{1F600}</div>",
    ] {
        // Binary-looking input may be refused with an error; it must not panic.
        let input = PageInput { url: Some("https://ex.com/2024/13/45/x"), crawl_time: crawl(), ..Default::default() };
        let _ = ArticleExtractor::default().metadata(page(junk, junk).as_bytes(), &input);
    }
}

#[test]
fn dev_set_pages_do_not_panic() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/pubdate-dev/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipped: {} is absent", dir.display());
        return;
    };
    for e in entries.flatten().take(40) {
        let bytes = std::fs::read(e.path()).unwrap();
        let _ = ArticleExtractor::default().metadata(&bytes, &PageInput { crawl_time: crawl(), ..Default::default() });
    }
}
