//! The UI pages beyond the article page: story, search, attention, sources.

use crate::common::{article, corpus, run, serve, serve_with, Served};
use crate::pages::assert_inert;
use newsdesk_server::ServerConfig;

/// The ids of the stories the front page links to.
fn story_ids(html: &str) -> Vec<String> {
    html.split("href=\"/story/").skip(1).map(|rest| rest.chars().take_while(char::is_ascii_digit).collect()).collect()
}

/// The page of the story covered by Valley Times (the flood).
async fn flood_story(s: &Served) -> String {
    let (_, home) = s.get("/?period=week").await;
    for id in story_ids(&home) {
        let (status, html) = s.get(&format!("/story/{id}")).await;
        assert_eq!(status, 200, "{html}");
        if html.contains("/article/flood-own") {
            return html;
        }
    }
    panic!("no story page holds the flood articles: {home}");
}

/// The part of `html` after `start` up to the next `end`.
fn between<'a>(html: &'a str, start: &str, end: &str) -> &'a str {
    let from = html.find(start).unwrap_or_else(|| panic!("{start:?} not in {html}")) + start.len();
    let rest = &html[from..];
    &rest[..rest.find(end).unwrap_or(rest.len())]
}

/// The number in `<p class="count"><strong>N</strong>`.
fn hit_count(html: &str) -> u64 {
    between(html, "class=\"count\"><strong>", "</strong>").parse().unwrap_or_else(|_| panic!("count in {html}"))
}

/// `href` values as a client would follow them.
fn unescape(href: &str) -> String {
    href.replace("&amp;", "&").replace("&quot;", "\"")
}

#[test]
fn story_page_shows_outlets_first_publisher_copies_and_quotes() {
    let s = serve();
    run(async {
        let html = flood_story(&s).await;
        assert_inert(&html);
        for outlet in ["Wire Service", "Daily Echo", "Valley Times"] {
            assert!(between(&html, "Who covers it", "</section>").contains(outlet), "{outlet}: {html}");
        }
        let first = between(&html, "First published", "</section>");
        assert!(first.contains("Wire Service") && first.contains("/article/flood-wire"), "{first}");
        // The wire copy is folded under the wire original, not a line of its own.
        let timeline = between(&html, "<ol class=\"timeline\">", "</section>");
        let copies = between(timeline, "<details", "</details>");
        assert!(copies.contains("/article/flood-copy") && copies.contains("Daily Echo"), "{timeline}");
        let original = &timeline[..timeline.find("<details").expect("details")];
        assert!(original.contains("/article/flood-wire"), "{timeline}");
        let outside: String =
            timeline.split("</details>").map(|part| part.split("<details").next().unwrap_or("")).collect();
        assert!(!outside.contains("/article/flood-copy"), "the copy is listed on its own: {timeline}");
        // Anna Berg is quoted by two outlets, under one heading.
        let quotes = between(&html, "Quotes by speaker", "Blind spots");
        let berg: Vec<&str> = quotes.split("<h3 class=\"speaker\">").filter(|g| g.contains("Anna Berg")).collect();
        assert_eq!(berg.len(), 1, "one group for Anna Berg: {quotes}");
        assert!(berg[0].contains("never seen water") && berg[0].contains("months to recover"), "{quotes}");
        assert!(berg[0].contains("/article/flood-wire") && berg[0].contains("/article/flood-own"), "{quotes}");
    });
}

#[test]
fn story_blind_spots_name_regular_outlets_missing_from_it() {
    let mut articles = corpus();
    let topics = [
        ("Chess club elects a new chair", "The chess club of Milltown chose a retired teacher as its chair."),
        ("Bakery wins bread prize", "A family bakery won the national prize for rye bread this year."),
        ("Tram line opens", "The new tram line between the station and the university opened to riders."),
        ("Library extends hours", "The city library will stay open until nine on weekdays from April."),
        ("Marathon route changes", "Organisers moved the marathon route away from the harbour bridge."),
    ];
    for (k, (title, text)) in topics.iter().enumerate() {
        let date = format!("2025-03-0{}T07:00:00+00:00", k + 1);
        articles.push(article(&format!("planet-{k}"), "Daily Planet", "FR", &date, title, &[text]));
    }
    let s = serve_with(articles, ServerConfig::default());
    run(async {
        let html = flood_story(&s).await;
        let blind = between(&html, "Blind spots", "</section>");
        assert!(blind.contains("Daily Planet") && blind.contains("FR"), "{blind}");
        assert!(!blind.contains("Wire Service"), "an outlet covering the story is no blind spot: {blind}");
    });
}

#[test]
fn unknown_story_is_a_404_page() {
    let s = serve();
    run(async {
        for path in ["/story/999999", "/story/x%3Cb%3E"] {
            let (status, html) = s.get(path).await;
            assert_eq!(status, 404, "{path}: {html}");
            assert!(html.contains("no story with id"), "{html}");
            assert_inert(&html);
        }
    });
}

#[test]
fn search_page_lists_hits_and_facet_links_narrow_them() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/search?q=Riverton").await;
        assert_eq!(status, 200, "{html}");
        assert_inert(&html);
        let all = hit_count(&html);
        assert_eq!(all, 4, "three flood articles and the hostile one: {html}");
        assert!(html.contains("/article/hostile") && html.contains("&lt;script&gt;"), "{html}");
        assert!(html.contains("<b>Riverton</b>"), "highlighted snippet: {html}");
        assert!(html.contains("<details") && html.contains("Query syntax"), "{html}");
        assert!(html.contains("label for=\"s-q\""), "labelled inputs: {html}");
        assert!(html.contains("/api/v1/export?q=Riverton&amp;format=jsonl"), "{html}");
        assert!(html.contains("/api/v1/export?q=Riverton&amp;format=csv"), "{html}");
        let facets = between(&html, "Narrow down", "</aside>");
        let link = between(facets, "href=\"/search?q=Riverton&amp;source=Valley", "\"");
        let (status, narrowed) = s.get(&unescape(&format!("/search?q=Riverton&amp;source=Valley{link}"))).await;
        assert_eq!(status, 200);
        assert_eq!(hit_count(&narrowed), 1, "{narrowed}");
        assert!(narrowed.contains("/article/flood-own") && !narrowed.contains("/article/flood-wire"), "{narrowed}");
        assert!(between(&narrowed, "Narrow down", "</aside>").contains("remove"), "{narrowed}");
    });
}

#[test]
fn search_pages_through_results() {
    let s = serve();
    run(async {
        let (_, html) = s.get("/search?q=Riverton&limit=2").await;
        assert_eq!(html.matches("<li><h3>").count(), 2, "{html}");
        let next = between(&html, "rel=\"next\" href=\"", "\"");
        let (status, second) = s.get(&unescape(next)).await;
        assert_eq!(status, 200);
        assert!(second.contains("showing 3–4") && second.contains("rel=\"prev\""), "{second}");
    });
}

#[test]
fn bad_search_is_a_400_page_with_the_message() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/search?q=titel%3Aflood").await;
        assert_eq!(status, 400, "{html}");
        assert!(html.contains("unknown field") && html.contains("role=\"alert\""), "{html}");
        assert!(html.contains("value=\"titel:flood\""), "the query stays in the box: {html}");
        assert_inert(&html);
        let (status, html) = s.get("/search?q=flood&from=yesterday").await;
        assert_eq!(status, 400);
        assert!(html.contains("expected a date"), "{html}");
    });
}

/// `html` without its charts (the server's own SVG), which are checked apart.
fn without_charts(html: &str) -> (String, Vec<&str>) {
    let mut rest = html;
    let (mut outside, mut charts) = (String::new(), Vec::new());
    while let Some(start) = rest.find("<svg") {
        outside.push_str(&rest[..start]);
        let end = rest[start..].find("</svg>").map_or(rest.len(), |e| start + e + "</svg>".len());
        charts.push(&rest[start..end]);
        rest = &rest[end..];
    }
    outside.push_str(rest);
    (outside, charts)
}

#[test]
fn attention_page_draws_one_line_per_series_with_a_legend() {
    let s = serve();
    run(async {
        let (status, html) = s
            .get("/attention?q=Riverton&series=source%3AWire+Service&series=source%3AEvil+%3Cb%3EOutlet%3C%2Fb%3E")
            .await;
        assert_eq!(status, 200, "{html}");
        let (outside, charts) = without_charts(&html);
        assert_inert(&outside);
        assert_eq!(charts.len(), 1, "{html}");
        let svg = charts[0];
        assert!(svg.contains("role=\"img\"") && svg.contains("aria-label=") && svg.contains("<title>"), "{svg}");
        assert!(svg.contains("<desc>"), "{svg}");
        assert_eq!(svg.matches("<polyline").count(), 2, "{svg}");
        let legend = between(svg, "class=\"legend\"", "</g>");
        assert!(legend.contains("Wire Service") && legend.contains("Evil &lt;b&gt;Outlet"), "{legend}");
        for tag in crate::pages::tags(svg) {
            let lower = tag.to_ascii_lowercase();
            assert!(!lower.starts_with("script") && !lower.starts_with("b>") && !lower.starts_with("b "), "<{tag}>");
            assert!(!lower.split_whitespace().any(|a| a.starts_with("on")), "<{tag}>");
        }
        assert!(svg.contains("2025-03-03") && svg.contains("2025-03-05"), "date ticks: {svg}");
        assert!(html.contains("Download CSV") && html.contains("/api/v1/coverage?q=Riverton"), "{html}");
        assert!(html.contains("format=csv"), "{html}");
        assert!(html.contains("Data table") && html.contains("<table"), "{html}");

        let (status, html) = s.get("/attention?q=Riverton&scale=share").await;
        assert_eq!(status, 200);
        let (_, charts) = without_charts(&html);
        assert_eq!(charts[0].matches("<polyline").count(), 1);
        assert!(charts[0].contains("100%"), "share ticks: {}", charts[0]);
        assert!(html.contains("value=\"source:Valley Times\""), "outlets offered as lines: {html}");

        let (status, html) = s.get("/attention?q=Riverton&series=planet%3AX").await;
        assert_eq!(status, 400);
        assert!(html.contains("expected source:NAME"), "{html}");
        assert_inert(&html);
    });
}

#[test]
fn coverage_api_counts_per_day_outlet_and_country() {
    let s = serve();
    run(async {
        let json: serde_json::Value =
            s.client.get(s.url("/api/v1/coverage?q=Riverton")).send().await.expect("get").json().await.expect("json");
        assert_eq!(json["by"], "day");
        assert_eq!(json["total"], 4);
        let points = json["series"][0]["points"].as_array().expect("points");
        let got: Vec<(&str, u64, f64)> = points
            .iter()
            .map(|p| {
                (p["day"].as_str().unwrap_or(""), p["count"].as_u64().unwrap_or(0), p["share"].as_f64().unwrap_or(-1.0))
            })
            .collect();
        assert_eq!(got, [("2025-03-03", 2, 1.0), ("2025-03-04", 1, 1.0), ("2025-03-05", 1, 0.5)]);

        let url = "/api/v1/coverage?q=flood&series=source%3AWire+Service&series=country%3Ade&from=2025-03-01";
        let json: serde_json::Value = s.client.get(s.url(url)).send().await.expect("get").json().await.expect("json");
        let series = json["series"].as_array().expect("series");
        assert_eq!(series[0]["name"], "source:Wire Service");
        assert_eq!(series[1]["name"], "country:DE");
        let days: Vec<&str> =
            series[0]["points"].as_array().expect("points").iter().filter_map(|p| p["day"].as_str()).collect();
        assert_eq!(days.first(), Some(&"2025-03-01"), "the chart starts at from, zeros included");
        let counts = |k: usize| -> Vec<u64> {
            series[k]["points"].as_array().expect("points").iter().filter_map(|p| p["count"].as_u64()).collect()
        };
        // Up to the 5th, the last day any article matches (the hostile one).
        assert_eq!(counts(0), [0, 0, 1, 0, 0], "Wire Service: the flood on the 3rd");
        assert_eq!(counts(1), [0, 0, 0, 1, 0], "Germany: Valley Times on the 4th");

        let json: serde_json::Value = s
            .client
            .get(s.url("/api/v1/coverage?q=Riverton&by=country"))
            .send()
            .await
            .expect("get")
            .json()
            .await
            .expect("json");
        let buckets = json["buckets"].as_array().expect("buckets");
        assert_eq!(buckets.len(), 4, "{json}");
        assert!(buckets.iter().all(|b| b["count"] == 1), "{json}");

        let r = s.client.get(s.url("/api/v1/coverage?q=Riverton&format=csv")).send().await.expect("get");
        assert!(r.headers()["content-type"].to_str().unwrap_or("").starts_with("text/csv"));
        let csv = r.text().await.expect("body");
        assert_eq!(csv.lines().next(), Some("day,series,count,share"), "{csv}");
        assert!(csv.contains("2025-03-05,all,1,0.500000"), "{csv}");
        let (_, csv) = s.get("/api/v1/coverage?q=Riverton&by=source&format=csv").await;
        assert!(csv.starts_with("source,count\n") && csv.contains("Daily Echo,1"), "{csv}");
    });
}

#[test]
fn coverage_api_rejects_bad_parameters() {
    let s = serve();
    run(async {
        let many: String = (b'A'..=b'K').map(|c| format!("&series=country%3AA{}", c as char)).collect();
        for (path, code) in [
            ("/api/v1/coverage?by=week", "bad_parameter"),
            ("/api/v1/coverage?format=xml", "bad_parameter"),
            ("/api/v1/coverage?series=outlet%3Ax", "bad_series"),
            ("/api/v1/coverage?series=country%3AFrance", "bad_series"),
            (&format!("/api/v1/coverage?q=flood{many}"), "too_many_series"),
            ("/api/v1/coverage?by=source&series=country%3AFR", "bad_parameter"),
            ("/api/v1/coverage?from=2025-03-05&to=2025-03-01", "bad_parameter"),
            ("/api/v1/coverage?q=%28flood", "bad_query"),
        ] {
            let (status, body) = s.get(path).await;
            assert_eq!(status, 400, "{path}: {body}");
            let json: serde_json::Value = serde_json::from_str(&body).expect("json error");
            assert_eq!(json["error"]["code"], code, "{path}: {body}");
        }
    });
}

#[test]
fn sources_page_says_how_to_add_sources() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/sources").await;
        assert_eq!(status, 200);
        assert!(html.contains("No sources yet") && html.contains("newsdesk sources add"), "{html}");
        assert!(html.contains("aria-current=\"page\""), "{html}");
        assert_inert(&html);
    });
}

#[test]
fn claims_page_lists_claims_with_their_evidence_and_filters_them() {
    let s = serve();
    run(async {
        let (status, html) = s.get("/claims").await;
        assert_eq!(status, 200, "{html}");
        assert_inert(&html);
        assert!(html.contains("class=\"claimant\""), "claims listed: {html}");
        assert!(html.contains("/article/"), "each claim links its article");
        let flags: Vec<&str> =
            html.split("class=\"evidence evidence-").skip(1).filter_map(|r| r.split('"').next()).collect();
        let flag = flags.first().expect("an evidence flag").to_string();
        let (status, only) = s.get(&format!("/claims?evidence={flag}")).await;
        assert_eq!(status, 200);
        let kept: Vec<&str> =
            only.split("class=\"evidence evidence-").skip(1).filter_map(|r| r.split('"').next()).collect();
        assert!(!kept.is_empty() && kept.iter().all(|f| *f == flag), "{kept:?}");
        let (status, bad) = s.get("/claims?q=%22open").await;
        assert_eq!(status, 400);
        assert!(bad.contains("role=\"alert\""), "the problem is shown beside the form: {bad}");
    });
}
