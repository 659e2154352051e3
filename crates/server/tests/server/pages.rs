//! The article page and the front page, and that nothing hostile from an
//! article survives rendering.

use crate::common::{run, serve};

#[test]
fn article_page_shows_summary_byline_body_quotes_similar_and_copies() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/article/flood-copy").await;
        assert_eq!(status, 200, "{html}");
        assert!(html.contains("<h1>Floods hit Riverton</h1>"), "{html}");
        assert!(html.contains("class=\"summary\""), "summary box: {html}");
        assert!(html.contains("Daily Echo"), "outlet");
        assert!(html.contains("Similar articles"));
        assert!(html.contains("/article/flood-own"), "the other flood article is similar: {html}");
        // The wire original is a copy, listed apart and first.
        assert!(html.contains("Copies of this story"), "{html}");
        let copies = &html[html.find("Copies of this story").expect("copies")..];
        assert!(copies.contains("/article/flood-wire"), "{copies}");
        assert!(copies.contains("first published"));
        assert!(html.contains("Anna Berg"), "quote speaker: {html}");
    });
}

#[test]
fn unknown_article_is_a_404_page() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/article/nope").await;
        assert_eq!(status, 404);
        assert!(html.contains("no article with id"), "{html}");
    });
}

#[test]
fn hostile_article_renders_inert() {
    let s = serve();
    run(async {
        let r = s.client.get(s.url("/article/hostile")).send().await.expect("request");
        let csp = r.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or("").to_string();
        assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"), "{csp}");
        let html = r.text().await.expect("body");
        assert_inert(&html);
        assert!(!html.contains("<b>Outlet"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "escaped, still readable: {html}");
    });
}

#[test]
fn front_page_lists_the_biggest_stories() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/?period=week").await;
        assert_eq!(status, 200);
        assert!(html.contains("/story/"), "{html}");
        assert!(html.contains("Riverton"), "{html}");
    });
}

/// Every tag of `html` (the text between `<` and `>`): what a browser
/// would act on. Escaped article text (`&lt;script&gt;`) is not a tag.
pub fn tags(html: &str) -> Vec<&str> {
    html.split('<').skip(1).map(|rest| rest.split('>').next().unwrap_or(rest)).collect()
}

/// No script, no event handler, no `javascript:`/`data:` URL, no SVG or
/// image from content in any tag of `html`.
pub fn assert_inert(html: &str) {
    for tag in tags(html) {
        let lower = tag.to_ascii_lowercase();
        let name = lower.split(|c: char| c.is_whitespace() || c == '/').find(|s| !s.is_empty()).unwrap_or("");
        assert!(!["script", "svg", "img", "iframe", "object", "embed"].contains(&name), "<{tag}> in {html}");
        assert!(!lower.split_whitespace().any(|attr| attr.starts_with("on")), "event handler in <{tag}>: {html}");
        assert!(!lower.contains("javascript:") && !lower.contains("data:"), "script URL in <{tag}>: {html}");
    }
}

#[test]
fn private_reads_close_every_page_without_the_token() {
    let config = newsdesk_server::ServerConfig { token: Some("tok".into()), private_reads: true, ..Default::default() };
    let s = crate::common::serve_with(crate::common::corpus(), config);
    run(async {
        for path in ["/", "/article/rates", "/search?q=flood", "/claims", "/sources", "/attention"] {
            let (status, html) = s.get(path).await;
            assert_eq!(status, 401, "{path}: {html}");
            assert!(html.contains("<html"), "{path} answers a page, not JSON: {html}");
        }
        let r = s.client.get(s.url("/article/rates")).bearer_auth("tok").send().await.expect("request");
        assert_eq!(r.status().as_u16(), 200);
    });
}
