//! Put-batch throughput, a measurement rather than a test:
//! `cargo test --release -p newsdesk-store-sqlite --test store -- --ignored --nocapture throughput`

use chrono::Utc;
use newsdesk_model::{Article, Block, BlockKind, Extraction, PubDate, Strategy};
use newsdesk_store::{PageRecord, Store};
use newsdesk_store_sqlite::{SqliteStore, DB_FILE};
use std::time::Instant;

/// Deterministic filler text from a small vocabulary, so pages compress
/// like real prose rather than like noise or like one repeated line.
struct Words(u64);

impl Words {
    const VOCAB: &'static [&'static str] = &[
        "the",
        "minister",
        "said",
        "on",
        "Tuesday",
        "that",
        "rain",
        "fell",
        "across",
        "Lisbon",
        "and",
        "trains",
        "were",
        "delayed",
        "for",
        "hours",
        "while",
        "officials",
        "promised",
        "new",
        "funding",
        "to",
        "repair",
        "bridges",
        "in",
        "northern",
        "districts",
        "after",
        "a",
        "report",
        "found",
        "cracks",
        "council",
        "vote",
        "budget",
        "river",
        "flooding",
        "residents",
        "complained",
        "about",
        "slow",
        "response",
        "of",
        "city",
    ];

    fn next(&mut self) -> &'static str {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        Self::VOCAB[(self.0 >> 33) as usize % Self::VOCAB.len()]
    }

    fn sentence(&mut self, n: usize) -> String {
        (0..n).map(|_| self.next()).collect::<Vec<_>>().join(" ") + "."
    }
}

fn realistic(i: usize) -> PageRecord {
    let mut w = Words(i as u64 + 1);
    let mut a = Article::new(format!("{i:016x}"));
    a.url = Some(format!("https://news.example.com/2024/03/{i}/story"));
    a.title = Some(w.sentence(9));
    a.site_name = Some(["Daily", "Herald", "Gazette"][i % 3].into());
    a.language = Some("en".into());
    a.published = Some(PubDate::parse(&format!("2024-03-{:02}T10:00:00Z", i % 28 + 1)).unwrap());
    a.authors = vec!["Ana Silva".into()];
    a.blocks = (0..20).map(|_| Block::new(BlockKind::Paragraph, w.sentence(30))).collect();
    a.finish_text();
    a.extraction = Some(Extraction { strategy: Strategy::Semantic, confidence: 0.9 });

    let mut html = String::with_capacity(52_000);
    html.push_str("<!doctype html><html><head><title>");
    html.push_str(a.title.as_deref().unwrap());
    html.push_str("</title><script>window.dataLayer=window.dataLayer||[];</script></head><body><nav>");
    for k in 0..40 {
        html.push_str(&format!("<li><a href=\"/section/{k}\" class=\"nav-link\">{}</a></li>", w.next()));
    }
    html.push_str("</nav><article>");
    for b in &a.blocks {
        html.push_str("<p class=\"story-body__paragraph\">");
        html.push_str(&b.text);
        html.push_str("</p>\n");
    }
    html.push_str("</article><aside>");
    while html.len() < 50_000 {
        html.push_str(&format!(
            "<div class=\"teaser\"><a href=\"/2024/{}\"><img src=\"/img/{}.jpg\">{}</a></div>\n",
            w.0 % 100_000,
            w.0 % 7777,
            w.sentence(12)
        ));
    }
    html.push_str("</aside></body></html>");
    PageRecord { article: a, raw_html: Some(html.into_bytes()), fetched_at: Some(Utc::now()) }
}

/// CPU seconds this process used so far (all threads; Linux only), to
/// tell the store's own cost from waiting on other work on a busy box.
fn process_cpu() -> Option<f64> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the parenthesised command name; utime and stime are
    // the 14th and 15th of the line, in clock ticks of (nearly always) 10 ms.
    let rest = &stat[stat.rfind(')')? + 2..];
    let f: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = f.get(11)?.parse::<f64>().ok()? + f.get(12)?.parse::<f64>().ok()?;
    Some(ticks / 100.0)
}

/// CPU seconds of the calling thread alone: the part of `put_batch`
/// that extra cores cannot shorten.
fn thread_cpu() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/thread-self/schedstat").ok()?;
    Some(s.split_whitespace().next()?.parse::<f64>().ok()? / 1e9)
}

#[test]
#[ignore = "measurement; run in release"]
fn put_batch_throughput() {
    let records: Vec<_> = (0..10_000).map(realistic).collect();
    let words: usize = records.iter().map(|r| r.article.word_count).sum();
    let html: usize = records.iter().map(|r| r.raw_html.as_ref().unwrap().len()).sum();
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open(dir.path()).unwrap();

    let (t, c, tc) = (Instant::now(), process_cpu(), thread_cpu());
    for chunk in records.chunks(500) {
        assert_eq!(store.put_batch(chunk).unwrap().inserted, chunk.len() as u64);
    }
    let (insert, insert_cpu) = (t.elapsed(), process_cpu().zip(c).map(|(b, a)| b - a));
    let insert_serial = thread_cpu().zip(tc).map(|(b, a)| b - a);
    let (t, c) = (Instant::now(), process_cpu());
    for chunk in records.chunks(500) {
        assert_eq!(store.put_batch(chunk).unwrap().unchanged, chunk.len() as u64);
    }
    let (unchanged, unchanged_cpu) = (t.elapsed(), process_cpu().zip(c).map(|(b, a)| b - a));

    let s = store.stats().unwrap();
    let n = records.len() as f64;
    println!(
        "{} articles, {:.0} words and {:.1} KB raw HTML each (compressed to {:.1} KB)",
        records.len(),
        words as f64 / n,
        html as f64 / n / 1000.0,
        s.raw_html_bytes as f64 / n / 1000.0
    );
    let threads = rayon::current_num_threads();
    println!("rayon threads: {threads}");
    for (what, wall, cpu) in [("insert", insert, insert_cpu), ("unchanged", unchanged, unchanged_cpu)] {
        print!("{what:>9}: {wall:.2?} = {:.0} articles/s", n / wall.as_secs_f64());
        match cpu {
            Some(cpu) => println!(", {cpu:.2} CPU s = {:.0} articles per CPU second", n / cpu),
            None => println!(),
        }
    }
    if let Some(serial) = insert_serial {
        println!("insert on the calling thread: {serial:.2} CPU s (the SQL; the rest ran on the rayon pool)");
    }
    let file = std::fs::metadata(dir.path().join(DB_FILE)).unwrap().len();
    println!("database file: {:.1} MB", file as f64 / 1e6);
}
