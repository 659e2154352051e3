//! Body extraction through the public API, on small handwritten pages.

use newsdesk_extract::{ArticleExtractor, ExtractError, PageInput};
use newsdesk_model::BlockKind;

fn extract(html: &str) -> Result<newsdesk_model::Article, ExtractError> {
    ArticleExtractor::default()
        .extract(html.as_bytes(), &PageInput::with_url("https://news.example.org/2024/05/02/story"))
}

const P1: &str = "The harbour board voted on Thursday evening to rebuild the old stone pier, ending a dispute that had divided the fishing town for almost a decade.";
const P2: &str = "Engineers told the meeting that the pier, first built in 1887, could no longer carry delivery lorries and would need new foundations within five years.";
const P3: &str = "Work is expected to start in the autumn, once the mackerel season is over, and to last about eighteen months, the board's chair said afterwards.";
const P4: &str = "Local traders, who had campaigned for a cheaper repair, said they would accept the decision but asked for the works to be done in stages.";

#[test]
fn sidebar_related_and_comments_are_left_out() {
    let html = format!(
        r#"<html><head><title>Harbour board backs pier rebuild</title></head><body>
        <nav><a href="/">Home</a> <a href="/local">Local</a> <a href="/sport">Sport</a></nav>
        <div id="main">
          <article>
            <h1>Harbour board backs pier rebuild</h1>
            <div class="byline">By Morwenna Tallis</div>
            <div class="article-body">
              <p>{P1}</p>
              <div class="share-tools"><a href="/share">Share on social media</a> <a href="/share">Email this story</a></div>
              <p>{P2}</p>
              <p>{P3}</p>
              <div class="related-stories"><h3>Related stories</h3><ul>
                <li><a href="/a">Storm damages lighthouse steps after a long night of gales on the coast</a></li>
                <li><a href="/b">Ferry timetable changes for the summer season announced by the operator</a></li></ul></div>
              <p>{P4}</p>
            </div>
          </article>
          <div id="comments"><h2>Comments</h2>
            <div class="comment"><p>I have walked on that pier every morning for forty years and I think it is about time somebody did something about it.</p></div>
            <div class="comment"><p>Another waste of public money, in my opinion, when the roads in the upper town are full of holes and nobody fixes them.</p></div>
          </div>
        </div>
        <aside class="sidebar"><h2>Most read</h2><p>Council announces new parking charges for the seafront car park starting next month, residents say.</p></aside>
        <footer><p>Copyright 2024 The Coastal Gazette. All rights reserved.</p></footer>
        </body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, P3, P4].join("\n\n"));
    assert!(a.blocks.iter().all(|b| b.kind == BlockKind::Paragraph));
}

#[test]
fn br_separated_paragraphs_in_a_div() {
    let html = format!(
        r#"<html><body><table><tr><td class="menu"><a href="/">Front page</a><br><a href="/news">News</a></td>
        <td><font face="Arial"><b>Pier to be rebuilt</b><br><br>{P1}<br><br>{P2}<br><br>{P3}<br>
        </font></td></tr></table></body></html>"#
    );
    let a = extract(&html).expect("article");
    let paragraphs: Vec<&str> = a.blocks.iter().map(|b| b.text.as_str()).collect();
    assert!(paragraphs.contains(&P1) && paragraphs.contains(&P2) && paragraphs.contains(&P3), "{paragraphs:?}");
    assert!(!a.text.contains("Front page"));
}

#[test]
fn headings_quotes_lists_and_captions_keep_their_order_and_kind() {
    let html = format!(
        r#"<html><body><div class="story-body">
        <p>{P1}</p>
        <figure><img src="pier.jpg"><figcaption>The pier at low tide last winter.</figcaption></figure>
        <h2>What happens next</h2>
        <p>{P2}</p>
        <blockquote><p>We have waited long enough for this, and the town deserves a pier that lasts another century.</p></blockquote>
        <ul><li>Survey of the foundations in June</li><li>Tender for the works in August</li></ul>
        <p>{P3}</p>
        </div></body></html>"#
    );
    let a = extract(&html).expect("article");
    let kinds: Vec<BlockKind> = a.blocks.iter().map(|b| b.kind).collect();
    assert_eq!(
        kinds,
        [
            BlockKind::Paragraph,
            BlockKind::Caption,
            BlockKind::Heading,
            BlockKind::Paragraph,
            BlockKind::Quote,
            BlockKind::ListItem,
            BlockKind::ListItem,
            BlockKind::Paragraph
        ]
    );
    assert_eq!(a.blocks[2].text, "What happens next");
    assert!(!a.text.contains("low tide"), "captions stay out of the text");
}

#[test]
fn repeated_title_byline_and_furniture_lines_are_dropped() {
    let html = format!(
        r#"<html><head><title>Harbour board backs pier rebuild | The Coastal Gazette</title></head><body>
        <div class="content"><h1>Harbour board backs pier rebuild</h1>
        <p>By Morwenna Tallis</p>
        <p>{P1}</p><p>Advertisement</p><p>{P2}</p><p>{P3}</p><p>Share this article</p>
        </div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, P3].join("\n\n"));
}

#[test]
fn home_page_of_links_is_not_an_article() {
    let mut html = String::from("<html><body><h1>The Coastal Gazette</h1>");
    for section in ["News", "Sport", "Business", "Culture"] {
        html.push_str(&format!("<div class=\"section\"><h2>{section}</h2><ul>"));
        for i in 0..8 {
            html.push_str(&format!(
                "<li><a href=\"/{section}/{i}\">{section} headline number {i} about something that happened in town today</a></li>"
            ));
        }
        html.push_str("</ul></div>");
    }
    html.push_str("</body></html>");
    assert!(matches!(extract(&html), Err(ExtractError::NoArticle(_))));
}

#[test]
fn not_found_page_is_not_an_article() {
    let html = r#"<html><body><div id="content"><h1>Page not found</h1>
        <p>Sorry, the page you are looking for could not be found. It may have been moved or deleted.</p>
        <p><a href="/">Go to the home page</a></p></div></body></html>"#;
    assert!(matches!(extract(html), Err(ExtractError::NoArticle(_))));
}

#[test]
fn density_finds_an_unnamed_container_among_teasers() {
    let mut teasers = String::new();
    for i in 0..6 {
        teasers.push_str(&format!(
            "<div class=\"box\"><a href=\"/t{i}\">Teaser {i}</a><span>Short blurb {i} here.</span></div>"
        ));
    }
    let html = format!(
        r#"<html><body><div class="wrap"><div class="left">{teasers}</div>
        <div class="middle"><div class="x1"><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div></div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, P3, P4].join("\n\n"));
    assert!(!a.text.contains("Teaser"));
}

#[test]
fn comments_after_an_anchor_end_the_story() {
    let html = format!(
        r#"<html><body><div class="main"><p>{P1}</p><p>{P2}</p><p>{P3}</p>
        <a name="comments"></a><b>Reader reactions</b><br>
        <p>Jim from the harbour: finally some sense from the board, although the price still seems very high to me.</p>
        <p>Ann: my grandfather helped repair that pier after the storm of 1953 and he always said it would need rebuilding.</p>
        </div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, P3].join("\n\n"));
}

#[test]
fn hidden_and_script_text_is_ignored() {
    let html = format!(
        r#"<html><body><div class="article-content"><p>{P1}</p>
        <script>var story = "not text";</script><style>p {{ color: red }}</style>
        <div style="display: none">Subscribe now to read unlimited stories for one pound a week.</div>
        <p>{P2}</p></div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2].join("\n\n"));
}

#[test]
fn deeply_nested_page_does_not_overflow() {
    // Spans, not divs: html5ever checks the open-element stack on every
    // <div> (quadratic at this depth), which would only test the parser.
    let depth = 100_000;
    let html = format!(
        "<html><body>{}<p>{P1}</p><p>{P2}</p>{}</body></html>",
        "<span>".repeat(depth),
        "</span>".repeat(depth)
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2].join("\n\n"));
}

#[test]
fn garbage_never_panics() {
    let inputs = [
        "<",
        "<p>",
        "<html><body></body></html>",
        "<title>unclosed <p>text",
        "\u{feff}<div>é</div><br><br><br>",
        "<table><tr><td><a><a><a>x</td></tr>",
        "<div class=\"\u{fffd}\u{10ffff}\" id=\"a-b-c-d-e-f-g-h-i-j-k-l-m-n-o-p-q-r-s-t-u-v-w-x-y-z-a-b-c-d-e-f-g-h-i-j-k-l-m-n\">x</div>",
    ];
    for html in inputs {
        let _ = extract(html);
    }
}

/// Scores the dev set when it is present (it is not part of the repository).
#[test]
fn dev_set_smoke() {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data/extraction-dev/html");
    let Ok(entries) = std::fs::read_dir(&dir) else {
        eprintln!("skipping: dataset not found at {}", dir.display());
        return;
    };
    let mut with_text = 0;
    let mut total = 0;
    for e in entries.flatten().take(40) {
        let bytes = std::fs::read(e.path()).expect("readable page");
        total += 1;
        if ArticleExtractor::default().extract(&bytes, &PageInput::default()).is_ok_and(|a| a.word_count > 50) {
            with_text += 1;
        }
    }
    assert!(with_text * 10 >= total * 9, "{with_text} of {total} pages gave a body");
}

#[test]
fn modern_layout_with_header_figure_ads_and_newsletter() {
    let html = format!(
        r#"<!doctype html><html><head><title>Harbour board backs pier rebuild - Coastal Gazette</title></head><body>
        <header class="site-header"><nav><a href="/">Home</a><a href="/news">News</a></nav></header>
        <main id="main"><article class="post type-post tag-harbour category-local">
          <header class="entry-header"><h1 class="entry-title">Harbour board backs pier rebuild</h1>
            <div class="entry-meta"><span class="byline">By Morwenna Tallis</span> <time>2 May 2024</time></div></header>
          <figure class="featured-image"><img src="pier.jpg"><figcaption>The old pier at dawn. Photo: Gazette</figcaption></figure>
          <p class="standfirst">{P1}</p>
          <div class="entry-content">
            <p>{P2}</p>
            <div class="ad-slot"><span>Advertisement</span></div>
            <h2>Traders divided</h2>
            <p>{P3}</p>
            <div class="newsletter-signup"><p>Sign up to our morning briefing and get the top local stories in your inbox every day.</p></div>
            <p>Read more: <a href="/other">Lighthouse keepers remember the great storm of the last century</a></p>
            <p>{P4}</p>
          </div>
          <footer class="entry-footer"><div class="tags"><a href="/t/harbour">harbour</a></div></footer>
        </article>
        <section class="related-posts"><h2>More from Local</h2><article><p>A teaser paragraph about the bus timetable change that nobody asked for, and some more words.</p></article></section>
        </main><footer class="site-footer"><p>About us. Contact. Privacy policy and cookie settings for this site.</p></footer></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, "Traders divided", P3, P4].join("\n\n"));
}

#[test]
fn explainer_with_many_subheadings_beats_a_teaser_column() {
    let mut teasers = String::new();
    for i in 0..8 {
        teasers.push_str(&format!("<h3>Teaser headline {i}</h3><p>One short line of blurb for item {i}, here.</p>"));
    }
    let html = format!(
        r#"<html><body><div class="page"><div class="col-a">
        <h2>Why now?</h2><p>{P1}</p><h2>What does it cost?</h2><p>{P2}</p>
        <h2>When will it start?</h2><p>{P3}</p><h2>Who objects?</h2><p>{P4}</p></div>
        <div class="col-b">{teasers}</div></div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert!(a.text.contains(P1) && a.text.contains(P4), "{}", a.text);
    assert!(a.text.contains("What does it cost?"));
    assert!(!a.text.contains("Teaser"));
}

#[test]
fn unmarked_captions_credits_and_calls_to_action_are_dropped() {
    let html = format!(
        r#"<html><head><title>Harbour board backs pier rebuild</title></head><body>
        <div class="story-text">
          <p>FILE PHOTO: Fishing boats moored beside the old stone pier on a grey morning.</p>
          <p>{P1}</p>
          <p>The pier seen from the lifeboat station at low tide. — Foto: Kerensa Pollard/Gazette</p>
          <p>{P2}</p>
          <p>- Advertisement -</p>
          <p>{P3}</p>
          <p>MORWENNA TALLIS/GAZETTE/PAP</p>
          <p>ALSO READ | Lighthouse keepers remember the great storm of the last century</p>
          <p>{P4}</p>
          <p>Do you have a story tip? Email the newsroom at tips@gazette.example.</p>
          <p>Follow us on the usual networks and download our app for the latest updates.</p>
          <p>&lt;Copyright ⓒ Coastal Gazette. No reproduction without permission&gt;</p>
          <p>Local news</p>
          <p>Harbour</p>
        </div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert_eq!(a.text, [P1, P2, P3, P4].join("\n\n"));
}

#[test]
fn story_in_a_container_with_a_boilerplate_class_word_is_found() {
    // "banner" names page furniture, but here it wraps the whole story, and
    // the page has more teaser text elsewhere than the story has.
    let mut teasers = String::new();
    for i in 0..12 {
        teasers.push_str(&format!(
            "<div class=\"teaser\"><h5><a href=\"/t{i}\">Teaser headline number {i} about something else</a></h5>\
             <p>A one-line blurb for teaser {i} that runs on for a little while, then stops ...</p></div>"
        ));
    }
    let html = format!(
        r#"<html><body><div class="row"><div class="col-main"><div class="banner-section">
        <h2>Pier to be rebuilt</h2><div class="banner-text"><div><p>{P1}</p><p>{P2}</p><p>{P3}</p><p>{P4}</p></div></div>
        </div></div><div class="col-side">{teasers}</div></div></body></html>"#
    );
    let a = extract(&html).expect("article");
    assert!(a.text.contains(P1) && a.text.contains(P4), "{}", a.text);
    assert!(!a.text.contains("Teaser"));
}
