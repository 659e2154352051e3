//! The bundled sample pages (`samples/pages`, invented for newsdesk) against
//! their hand-checked expectations in `samples/expected.json`.

use std::path::Path;

use newsdesk_extract::{ArticleExtractor, PageInput};

#[derive(serde::Deserialize)]
struct Expected {
    file: String,
    url: String,
    title: String,
    authors: Vec<String>,
    published: String,
    language: String,
    site_name: Option<String>,
    must_contain: Vec<String>,
    must_not_contain: Vec<String>,
}

fn samples() -> std::path::PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../samples")
}

fn expectations() -> Vec<Expected> {
    let text = std::fs::read_to_string(samples().join("expected.json")).expect("samples/expected.json");
    serde_json::from_str(&text).expect("valid expected.json")
}

fn check(field: &str, file: &str, got: impl std::fmt::Debug, ok: bool, failures: &mut Vec<String>) {
    if !ok {
        failures.push(format!("{file}: {field} = {got:?}"));
    }
}

#[test]
fn sample_pages_match_their_expectations() {
    let extractor = ArticleExtractor::default();
    let mut failures = Vec::new();
    for e in expectations() {
        let bytes = std::fs::read(samples().join(&e.file)).unwrap();
        let a = match extractor.extract(&bytes, &PageInput::with_url(&e.url)) {
            Ok(a) => a,
            Err(err) => {
                failures.push(format!("{}: {err}", e.file));
                continue;
            }
        };
        let f = e.file.as_str();
        check("title", f, &a.title, a.title.as_deref() == Some(e.title.as_str()), &mut failures);
        let mut got: Vec<String> = a.authors.iter().map(|s| s.to_lowercase()).collect();
        let mut want: Vec<String> = e.authors.iter().map(|s| s.to_lowercase()).collect();
        got.sort();
        want.sort();
        check("authors", f, &a.authors, got == want, &mut failures);
        let day = a.published.map(|p| p.day().to_string());
        check("published", f, &day, day.as_deref() == Some(e.published.as_str()), &mut failures);
        check("language", f, &a.language, a.language.as_deref() == Some(e.language.as_str()), &mut failures);
        if let Some(site) = &e.site_name {
            check("site_name", f, &a.site_name, a.site_name.as_deref() == Some(site.as_str()), &mut failures);
        }
        for s in &e.must_contain {
            check("text missing", f, s, a.text.contains(s.as_str()), &mut failures);
        }
        for s in &e.must_not_contain {
            check("text has boilerplate", f, s, !a.text.contains(s.as_str()), &mut failures);
        }
    }
    assert!(failures.is_empty(), "{} failures:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn nasty_inputs_give_errors_not_panics() {
    let extractor = ArticleExtractor::default();
    let nasty = samples().join("nasty");
    for name in ["empty.html", "whitespace.html", "binary.html", "no-article-home.html", "not-found.html"] {
        let bytes = std::fs::read(nasty.join(name)).unwrap();
        assert!(extractor.extract(&bytes, &PageInput::default()).is_err(), "{name} should yield no article");
    }
    let truncated = std::fs::read(nasty.join("truncated.html")).unwrap();
    if let Ok(a) = extractor.extract(&truncated, &PageInput::default()) {
        assert!(!a.text.contains('Ã'), "mojibake in {}", a.text);
    }
}

#[test]
fn huge_and_deep_pages_do_not_overflow() {
    let extractor = ArticleExtractor::default();
    let deep = format!("{}<p>{}</p>{}", "<div>".repeat(100_000), "word ".repeat(60), "</div>".repeat(100_000));
    let _ = extractor.extract(deep.as_bytes(), &PageInput::default());
    let unclosed = "<span><b><i>".repeat(40_000);
    let _ = extractor.extract(unclosed.as_bytes(), &PageInput::default());
}

#[test]
fn fifty_megabyte_page_is_extracted() {
    let mut html = String::from("<html><body><article><h1>Ferry terminal delayed</h1>");
    let mut n = 0;
    while html.len() < 50 << 20 {
        n += 1;
        html.push_str(&format!("<p>The harbour authority said on Monday that terminal {n} would open next spring, two years later than planned.</p>\n"));
    }
    html.push_str("</article></body></html>");
    let a = ArticleExtractor::default().extract(html.as_bytes(), &PageInput::default()).expect("an article");
    assert!(a.word_count > 1_000_000, "{}", a.word_count);
}
