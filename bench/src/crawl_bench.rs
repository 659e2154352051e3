//! `crawl-site`: simulated news sites for the crawl benchmark
//! (`bench/crawl.sh`). Each site is its own host (its own port on
//! 127.0.0.1) with a fixed latency on every answer, an allow-all
//! robots.txt, an RSS 2.0 feed at `/feed.xml` and its article pages.
//!
//! Article pages are real pages (the extraction dev set) when a directory of
//! them is given, one per article, each varied by a seeded substitution of
//! about half of its longer words (text only; markup, scripts and entities
//! untouched) so that neither exact nor near-duplicate detection collapses
//! two articles built from one page. Without real pages they come from the
//! synthetic corpus model (`corpus.rs`) wrapped in a news-site layout.

use std::collections::{BTreeSet, HashSet};
use std::hash::{Hash, Hasher};
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::time::Duration;

use anyhow::Context;
use newsdesk_testsite::{Reply, TestSite};

use crate::corpus::{self, Rng};

pub struct Options {
    pub hosts: usize,
    pub articles_per_host: usize,
    pub latency_ms: u64,
    pub urls_file: PathBuf,
    /// Real pages to vary; `None` (or a missing directory) for synthetic ones.
    pub pages: Option<PathBuf>,
    pub seed: u64,
}

pub fn run(o: &Options) -> anyhow::Result<()> {
    let maker = match o.pages.as_deref().filter(|p| p.is_dir()) {
        Some(dir) => PageMaker::real(dir)?,
        None => PageMaker::Synthetic(Box::new(corpus::Model::new(o.seed))),
    };
    let sites = TestSite::start_many(o.hosts);
    let mut feeds = String::new();
    let mut bytes = 0usize;
    let mut seen = HashSet::new();
    for (h, site) in sites.iter().enumerate() {
        site.set_latency(Duration::from_millis(o.latency_ms));
        site.set("/robots.txt", Reply::ok("text/plain", "User-agent: *\nAllow: /\n"));
        let mut items = String::new();
        for a in 0..o.articles_per_host {
            let n = h * o.articles_per_host + a;
            let (title, html) = maker.page(n, o.seed);
            let mut hasher = std::collections::hash_map::DefaultHasher::new();
            html.hash(&mut hasher);
            seen.insert(hasher.finish());
            bytes += html.len();
            let path = format!("/news/2025/06/article-{n}.html");
            site.set(&path, Reply::html(html));
            // Newest first, one a minute, as a feed lists them.
            let published = chrono::DateTime::from_timestamp(1_748_779_200 - n as i64 * 60, 0)
                .map(|d| d.to_rfc2822())
                .unwrap_or_default();
            let url = site.url(&path);
            items.push_str(&format!(
                "<item><title>{}</title><link>{url}</link><guid isPermaLink=\"true\">{url}</guid><pubDate>{published}</pubDate></item>\n",
                xml_escape(&title)
            ));
        }
        let feed = format!(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Bench Site {h}</title>\
             <link>{}</link><description>Simulated news site {h}</description>\n{items}</channel></rss>\n",
            site.url("/")
        );
        site.set("/feed.xml", Reply::ok("application/rss+xml; charset=utf-8", feed));
        feeds.push_str(&site.url("/feed.xml"));
        feeds.push('\n');
    }
    std::fs::write(&o.urls_file, feeds).with_context(|| o.urls_file.display().to_string())?;
    let pages = o.hosts * o.articles_per_host;
    println!(
        "ready: {} sites, {pages} article pages ({} distinct, {}, mean {:.1} KB), {} ms latency, feeds in {}",
        o.hosts,
        seen.len(),
        maker.describe(),
        bytes as f64 / pages.max(1) as f64 / 1024.0,
        o.latency_ms,
        o.urls_file.display()
    );
    std::io::stdout().flush()?;
    serve_until_stdin_closes();
    Ok(())
}

/// A pipe on stdin ties the server's life to its writer; otherwise (a
/// terminal, /dev/null in a background job) it serves until killed.
fn serve_until_stdin_closes() {
    use std::os::unix::fs::FileTypeExt;
    let piped = std::fs::metadata("/proc/self/fd/0").is_ok_and(|m| m.file_type().is_fifo());
    if piped {
        let mut sink = [0u8; 4096];
        let mut stdin = std::io::stdin().lock();
        while matches!(stdin.read(&mut sink), Ok(n) if n > 0) {}
        return;
    }
    loop {
        std::thread::park();
    }
}

enum PageMaker {
    Real { pages: Vec<String>, vocab: Vec<String>, dir: PathBuf },
    Synthetic(Box<corpus::Model>),
}

impl PageMaker {
    fn real(dir: &Path) -> anyhow::Result<PageMaker> {
        let pages: Vec<String> =
            crate::read_pages(dir)?.into_iter().map(|b| String::from_utf8_lossy(&b).into_owned()).collect();
        // Substitutes come from the pages' own words, so the text keeps its
        // language and its word lengths.
        let mut words = BTreeSet::new();
        for p in &pages {
            walk(p, &mut |text| {
                for w in text.split(|c: char| !c.is_ascii_alphabetic()) {
                    if (4..=14).contains(&w.len()) {
                        words.insert(w.to_ascii_lowercase());
                    }
                }
            });
        }
        Ok(PageMaker::Real { pages, vocab: words.into_iter().collect(), dir: dir.to_path_buf() })
    }

    fn describe(&self) -> String {
        match self {
            PageMaker::Real { pages, dir, .. } => format!("varied from {} pages in {}", pages.len(), dir.display()),
            PageMaker::Synthetic(_) => "synthetic".into(),
        }
    }

    /// Article `n`: its title (for the feed) and its page.
    fn page(&self, n: usize, seed: u64) -> (String, String) {
        let mut rng = Rng::new(seed.wrapping_mul(0x9e37_79b9).wrapping_add(n as u64));
        match self {
            PageMaker::Real { pages, vocab, .. } => {
                let Some(template) = pages.get(n % pages.len().max(1)) else {
                    return (String::new(), String::new());
                };
                let html = vary(template, vocab, &mut rng);
                let title = title_of(&html).unwrap_or_else(|| format!("Article {n}"));
                (title, html)
            }
            PageMaker::Synthetic(model) => synthetic_page(model, &mut rng, n),
        }
    }
}

/// Cuts the page into spans, in order: text (`true`) and markup, comments,
/// scripts and styles (`false`). Only ASCII bytes are matched, so every
/// span is on a char boundary.
fn walk_spans<'a>(html: &'a str, on_span: &mut dyn FnMut(bool, &'a str)) {
    let lower = html.to_ascii_lowercase();
    let mut i = 0;
    while i < html.len() {
        let rest = &lower[i..];
        if rest.starts_with('<') {
            let end = if rest.starts_with("<!--") {
                rest.find("-->").map_or(html.len(), |k| i + k + 3)
            } else {
                rest.find('>').map_or(html.len(), |k| i + k + 1)
            };
            // Raw text elements: their content is not text to vary.
            let end = ["<script", "<style", "<textarea"]
                .iter()
                .find(|open| rest.starts_with(*open))
                .and_then(|open| lower[end..].find(&format!("</{}", &open[1..])).map(|k| end + k))
                .unwrap_or(end);
            on_span(false, &html[i..end]);
            i = end;
        } else {
            let end = rest.find('<').map_or(html.len(), |k| i + k);
            on_span(true, &html[i..end]);
            i = end;
        }
    }
}

fn walk(html: &str, on_text: &mut dyn FnMut(&str)) {
    walk_spans(html, &mut |is_text, s| {
        if is_text {
            on_text(s)
        }
    });
}

/// The page with about half of the words of four letters or more in its
/// text replaced by words of `vocab`, capitalisation kept.
fn vary(html: &str, vocab: &[String], rng: &mut Rng) -> String {
    let mut out = String::with_capacity(html.len() + html.len() / 8);
    walk_spans(html, &mut |is_text, s| {
        if is_text {
            vary_text(s, vocab, rng, &mut out)
        } else {
            out.push_str(s)
        }
    });
    out
}

fn vary_text(text: &str, vocab: &[String], rng: &mut Rng, out: &mut String) {
    let b = text.as_bytes();
    let mut i = 0;
    let mut copied = 0;
    while i < b.len() {
        let c = b[i];
        if c == b'&' {
            // Entities stay as they are: skip `&name;` / `&#123;`.
            let end = b[i + 1..].iter().take(12).position(|&x| !(x.is_ascii_alphanumeric() || x == b'#'));
            i += match end {
                Some(k) if b.get(i + 1 + k) == Some(&b';') => k + 2,
                _ => 1,
            };
            continue;
        }
        if !c.is_ascii_alphabetic() {
            i += 1;
            continue;
        }
        let len = b[i..].iter().position(|x| !x.is_ascii_alphabetic()).unwrap_or(b.len() - i);
        let word = &text[i..i + len];
        if len >= 4 && !vocab.is_empty() && rng.below(2) == 0 {
            out.push_str(&text[copied..i]);
            let sub = &vocab[rng.below(vocab.len())];
            if word.bytes().all(|x| x.is_ascii_uppercase()) {
                out.push_str(&sub.to_ascii_uppercase());
            } else if word.as_bytes()[0].is_ascii_uppercase() {
                out.push_str(&sub[..1].to_ascii_uppercase());
                out.push_str(&sub[1..]);
            } else {
                out.push_str(sub);
            }
            copied = i + len;
        }
        i += len;
    }
    out.push_str(&text[copied..]);
}

fn title_of(html: &str) -> Option<String> {
    let lower = html.to_ascii_lowercase();
    let open = lower.find("<title")?;
    let start = open + lower[open..].find('>')? + 1;
    let end = start + lower[start..].find("</title")?;
    let t = html[start..end].split_whitespace().collect::<Vec<_>>().join(" ");
    (!t.is_empty()).then_some(t)
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;").replace('<', "&lt;").replace('>', "&gt;")
}

/// `gen-corpus --html`: the corpus as pages to extract, JSONL `{url, html}`.
pub fn gen_pages(count: usize, out: &Path, seed: u64) -> anyhow::Result<()> {
    let model = corpus::Model::new(seed);
    let mut rng = Rng::new(seed);
    let file = std::fs::File::create(out).with_context(|| out.display().to_string())?;
    let mut w = std::io::BufWriter::new(file);
    for n in 0..count {
        let (_, html) = synthetic_page(&model, &mut rng, n);
        let url = format!("https://news{}.example/2025/{n}.html", n % 300);
        writeln!(w, "{}", serde_json::json!({ "url": url, "html": html }))?;
    }
    w.flush()?;
    Ok(())
}

/// A synthetic article of the corpus model in a news-site layout: title,
/// byline, date, paragraphs, navigation, related links and footer.
fn synthetic_page(model: &corpus::Model, rng: &mut Rng, n: usize) -> (String, String) {
    let mut record = String::new();
    corpus::article(model, rng, n, &mut record);
    let v: serde_json::Value = serde_json::from_str(&record).unwrap_or_default();
    let field = |k: &str| v.get(k).and_then(|x| x.as_str()).unwrap_or("").to_string();
    let (title, text, published, source, lang) =
        (field("title"), field("text"), field("published"), field("source"), field("language"));
    let author = &model.entities[rng.below(model.entities.len())];
    let esc = xml_escape;
    let paragraphs: String = text.split("\n\n").map(|p| format!("<p>{}</p>\n", esc(p))).collect();
    let nav: String = (0..30).map(|i| format!("<li><a href=\"/section/{i}\">Section {i}</a></li>")).collect();
    let related: String =
        (0..8).map(|i| format!("<li><a href=\"/news/related-{}.html\">Related story {i}</a></li>", n + i)).collect();
    let html = format!(
        "<!doctype html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><title>{t} - {s}</title>\
         <meta property=\"og:type\" content=\"article\"><meta property=\"article:published_time\" content=\"{published}\">\
         <meta name=\"author\" content=\"{a}\"></head><body><header><a href=\"/\">{s}</a><nav><ul>{nav}</ul></nav></header>\
         <main><article><h1>{t}</h1><p class=\"byline\">By <span class=\"author\">{a}</span> \
         <time datetime=\"{published}\">{published}</time></p>\n{paragraphs}</article>\
         <aside><h3>Related</h3><ul>{related}</ul></aside></main>\
         <footer><p>&copy; 2025 {s}. All rights reserved.</p><a href=\"/about\">About</a> <a href=\"/privacy\">Privacy</a></footer>\
         </body></html>",
        t = esc(&title),
        s = esc(&source),
        a = esc(author),
    );
    (title, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    const PAGE: &str = "<html><head><title>Council approves budget</title><script>var keep = 'longword';</script>\
        <style>.story { color: red }</style></head><body><!-- comment words here --><p class=\"lead\">The regional \
        council approved the revised budget &amp; harbour plans on Thursday.</p></body></html>";

    #[test]
    fn vary_changes_text_only() {
        let vocab: Vec<String> = ["alpha", "bravo", "charlie"].iter().map(|s| s.to_string()).collect();
        let out = vary(PAGE, &vocab, &mut Rng::new(3));
        assert_ne!(out, PAGE);
        for kept in [
            "var keep = 'longword';",
            ".story { color: red }",
            "<!-- comment words here -->",
            "&amp;",
            "<p class=\"lead\">",
        ] {
            assert!(out.contains(kept), "{kept} lost in {out}");
        }
        let a = vary(PAGE, &vocab, &mut Rng::new(3));
        assert_eq!(out, a, "deterministic given the seed");
        assert_ne!(out, vary(PAGE, &vocab, &mut Rng::new(4)));
    }

    #[test]
    fn synthetic_pages_are_distinct_articles() {
        let maker = PageMaker::Synthetic(Box::new(corpus::Model::new(1)));
        let (t1, p1) = maker.page(1, 1);
        let (_, p2) = maker.page(2, 1);
        assert_ne!(p1, p2);
        assert!(p1.contains(&xml_escape(&t1)));
        assert!(p1.matches("<p>").count() >= 3);
    }

    #[test]
    fn title_is_read() {
        assert_eq!(title_of(PAGE).as_deref(), Some("Council approves budget"));
    }
}
