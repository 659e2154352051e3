//! The web UI in a real browser: headless Chromium driven over WebDriver
//! against `serve` on 127.0.0.1:0. Each test reads the browser console and
//! fails on errors (CSP violations land there too). Where Chromium or
//! chromedriver is not installed the tests say so on stderr and pass;
//! `.ci/run` installs both and sets `NEWSDESK_BROWSER_TESTS=require`.

mod webdriver;

use serde_json::json;
use webdriver::Session;

use crate::common::{serve, Served};

/// The served corpus and a browser, or `None` where the browser tests are
/// skipped. The server stops before the browser closes: fields drop in order.
fn setup(test: &str) -> Option<(Served, Session)> {
    let browser = Session::start(test)?;
    Some((serve(), browser))
}

/// Loads `path` and checks that the server answered it with a page.
fn open(b: &Session, served: &Served, path: &str) {
    b.goto(&served.url(path));
    assert_page(b, path);
}

/// The page shown answered 200: a page that does not exist (yet) fails
/// here, by name, instead of later on a missing element.
fn assert_page(b: &Session, what: &str) {
    let status = b.status();
    let heading = b.find_all("h1").first().map(|h| h.text()).unwrap_or_default();
    assert_eq!(status, 200, "{what} ({}) answered {status}, showing {heading:?}: is the page there?", b.url());
}

/// No error in the browser console since the last look.
fn assert_quiet(b: &Session, what: &str) {
    let errors: Vec<String> = b.console().into_iter().filter(|(level, _)| level == "SEVERE").map(|(_, m)| m).collect();
    assert!(errors.is_empty(), "browser console errors on {what}:\n{}", errors.join("\n"));
}

/// The number of hits the search page lists, checked against its count line.
fn hits(b: &Session) -> usize {
    let listed = b.find_all("ol.hits > li").len();
    let said = b.find("p.count strong").text();
    assert_eq!(said, listed.to_string(), "the count line disagrees with the list at {}", b.url());
    listed
}

#[test]
fn article_page_shows_summary_outlet_and_similar_articles() {
    let Some((served, b)) = setup("article_page_shows_summary_outlet_and_similar_articles") else { return };
    open(&b, &served, "/article/flood-copy");
    assert_eq!(b.find("main h1").text(), "Floods hit Riverton");
    assert!(b.find("p.outlet").text().contains("Daily Echo"), "outlet: {}", b.find("p.outlet").text());
    if let Some(byline) = b.find_all("p.byline").first() {
        assert!(byline.text().starts_with("By "), "byline: {}", byline.text());
    }

    let summary = b.find("section.summary");
    assert!(summary.displayed(), "the summary box is hidden");
    let sentences: Vec<String> = summary.find_all("li").iter().map(|li| li.text()).collect();
    assert!(!sentences.is_empty() && sentences.iter().all(|s| !s.trim().is_empty()), "summary: {sentences:?}");

    let similar = b.find("section.similar");
    assert!(similar.displayed() && similar.text().contains("Similar articles"), "{}", similar.text());
    let links = similar.find_all("a[href^='/article/']");
    assert!(!links.is_empty(), "no similar article is linked: {}", similar.text());
    let hrefs: Vec<String> = links.iter().filter_map(|a| a.attr("href")).collect();
    assert!(!hrefs.iter().any(|h| h == "/article/flood-copy"), "the article is similar to itself: {hrefs:?}");
    let (href, title) = (hrefs[0].clone(), links[0].text());
    assert_quiet(&b, "/article/flood-copy");

    links[0].click();
    b.wait_until(&format!("{href} after clicking its similar link"), |b| b.url().ends_with(&href));
    assert_page(&b, &href);
    assert_eq!(b.find("main h1").text(), title, "the similar link's title is not the headline of {href}");
    assert_quiet(&b, &href);
}

#[test]
fn search_lists_highlighted_hits_and_a_facet_narrows_them() {
    let Some((served, b)) = setup("search_lists_highlighted_hits_and_a_facet_narrows_them") else { return };
    open(&b, &served, "/");
    assert_quiet(&b, "/");
    b.find("#site-q").send_keys("Riverton\u{E007}");
    b.wait_until("the search page after typing a query", |b| b.url().contains("/search?"));
    assert_page(&b, "the search for Riverton");
    assert_eq!(b.find("#s-q").attr("value").as_deref(), Some("Riverton"), "the form keeps the query");

    // Riverton is in the three flood articles and the hostile one.
    let all = hits(&b);
    assert_eq!(all, 4, "hits for Riverton");
    for hit in b.find_all("ol.hits > li") {
        let marks: Vec<String> = hit.find_all("p.snippet b").iter().map(|m| m.text()).collect();
        assert!(
            marks.iter().any(|m| m.eq_ignore_ascii_case("riverton")),
            "no highlight in {:?}: {marks:?}",
            hit.text()
        );
    }
    assert_quiet(&b, "/search?q=Riverton");

    let outlet = b
        .find_all("aside.facets ul.facet > li")
        .into_iter()
        .find(|li| li.find_all("a").iter().any(|a| a.attr("href").is_some_and(|h| h.contains("source="))))
        .expect("an outlet facet with a link");
    let link = outlet.find_all("a").into_iter().next().expect("facet link");
    let name = link.text();
    let count: usize = outlet
        .find_all("span.meta")
        .first()
        .map(|m| m.text())
        .unwrap_or_default()
        .trim_matches(|c| c == '(' || c == ')')
        .parse()
        .unwrap_or_else(|_| panic!("no count beside the facet {name:?}: {}", outlet.text()));
    link.click();
    b.wait_until(&format!("the search narrowed to {name}"), |b| b.url().contains("source="));
    assert_page(&b, &format!("the search narrowed to {name}"));
    let narrowed = hits(&b);
    assert!(narrowed < all && narrowed == count, "{name}: {narrowed} hits, the facet said {count}, before {all}");
    for meta in b.find_all("ol.hits > li p.meta") {
        assert!(meta.text().starts_with(&name), "a hit from another outlet than {name}: {}", meta.text());
    }
    let active = b.find("aside.facets [aria-current]").text();
    assert_eq!(active, name, "the facet in use is marked");
    assert_quiet(&b, &format!("/search?q=Riverton&source={name}"));
}

#[test]
fn attention_chart_draws_a_line_per_chosen_outlet() {
    let Some((served, b)) = setup("attention_chart_draws_a_line_per_chosen_outlet") else { return };
    open(&b, &served, "/attention?q=Riverton");
    assert_quiet(&b, "/attention?q=Riverton");
    let boxes = b.find_all("main form input[type=checkbox][name=series][value^='source:']");
    assert!(boxes.len() >= 2, "fewer than two outlets to choose on the attention page");
    let chosen: Vec<String> = boxes[..2]
        .iter()
        .map(|c| c.attr("value").unwrap_or_default().trim_start_matches("source:").to_string())
        .collect();
    boxes[0].click();
    boxes[1].click();
    b.find("main form button[type=submit]").click();
    b.wait_until("the chart of the chosen outlets", |b| b.url().contains("series="));
    assert_page(&b, &format!("the attention chart of {chosen:?}"));

    let chart = b.find("main svg.chart");
    assert!(chart.displayed(), "the chart is hidden");
    // Drawn, not just present: each line has a size and a colour of its own.
    let lines = b.script(
        "return [...document.querySelectorAll('main svg.chart g.series polyline')].map(p => {
             const r = p.getBoundingClientRect();
             return { width: r.width, stroke: getComputedStyle(p).stroke, points: p.points.numberOfItems };
         })",
        json!([]),
    );
    let lines = lines.as_array().cloned().unwrap_or_default();
    assert_eq!(lines.len(), 2, "one line per chosen outlet: {lines:?}");
    assert!(
        lines.iter().all(|l| l["width"].as_f64().unwrap_or(0.0) > 0.0 && l["points"].as_u64() > Some(1)),
        "{lines:?}"
    );
    assert_ne!(lines[0]["stroke"], lines[1]["stroke"], "two lines of one colour");

    let legend: Vec<String> = b.find_all("main svg.chart g.legend text").iter().map(|t| t.text()).collect();
    assert_eq!(legend.len(), 2, "legend: {legend:?}");
    for name in &chosen {
        assert!(legend.iter().any(|l| l.starts_with(name.as_str())), "{name} is not in the legend {legend:?}");
    }
    let checked = b.find_all("main form input[name=series]:checked");
    assert_eq!(checked.len(), 2, "the form keeps the chosen outlets");
    assert_quiet(&b, &format!("the attention chart of {chosen:?}"));
}

#[test]
fn every_page_loads_without_console_errors() {
    let Some((served, b)) = setup("every_page_loads_without_console_errors") else { return };
    open(&b, &served, "/?period=week");
    assert_quiet(&b, "/?period=week");
    b.find("main a[href^='/story/']").click();
    b.wait_until("a story page after clicking the front page", |b| b.url().contains("/story/"));
    assert_page(&b, "the first story of the front page");
    assert_quiet(&b, &b.url());
    for path in ["/", "/search", "/search?q=flood&sort=newest", "/attention", "/sources", "/article/rates"] {
        open(&b, &served, path);
        assert_quiet(&b, path);
    }
}

/// Run in every new page before its own content: records any dialog a
/// page opens and any CSP violation instead of letting it pass unseen.
const TRAP: &str = "window.__trap = true;
    const hit = what => (window.__xss = window.__xss || []).push(what);
    for (const f of ['alert', 'confirm', 'prompt']) { window[f] = (...a) => hit(f + '(' + a.join(',') + ')'); }
    document.addEventListener('securitypolicyviolation', e => hit('CSP ' + e.violatedDirective + ' ' + e.blockedURI));";

#[test]
fn hostile_article_runs_no_script() {
    let Some((served, b)) = setup("hostile_article_runs_no_script") else { return };
    b.cdp("Page.addScriptToEvaluateOnNewDocument", json!({ "source": TRAP }));
    open(&b, &served, "/article/hostile");
    assert_eq!(b.dialog(), None, "a dialog is open");
    let page = b.script(
        "return {
            trap: window.__trap === true,
            xss: window.__xss ?? null,
            scripts: document.scripts.length,
            media: document.querySelectorAll('main img, main svg, main iframe, main object, main embed').length,
            handlers: [...document.querySelectorAll('*')].flatMap(e =>
                [...e.attributes].filter(a => a.name.startsWith('on')).map(a => e.tagName + ' ' + a.name)),
            urls: [...document.querySelectorAll('[href], [src], [action]')]
                .map(e => e.getAttribute('href') ?? e.getAttribute('src') ?? e.getAttribute('action'))
                .filter(u => /^\\s*(javascript|data|vbscript):/i.test(u)),
        }",
        json!([]),
    );
    assert_eq!(page["trap"], true, "the trap did not load, so the check below means nothing");
    assert_eq!(page["xss"], json!(null), "the hostile article ran script: {}", page["xss"]);
    assert_eq!(page["scripts"], 0, "script elements on the page");
    assert_eq!(page["media"], 0, "images or SVG from the article");
    assert_eq!(page["handlers"], json!([]), "event handlers");
    assert_eq!(page["urls"], json!([]), "script URLs");
    // Shown as text, readable, not swallowed.
    let headline = b.find("main h1").text();
    assert!(headline.contains("<script>alert('title')</script>"), "headline: {headline}");
    assert!(b.find("p.outlet").text().contains("Evil <b>Outlet</b>"), "outlet: {}", b.find("p.outlet").text());
    assert_quiet(&b, "/article/hostile");
}
