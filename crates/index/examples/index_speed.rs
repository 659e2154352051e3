//! Rough speed check on synthetic articles:
//! `cargo run --release -p newsdesk-index --example index_speed -- 200000`
//! (indexes in a temporary directory, then times a few searches). For the
//! benchmark with recorded figures see `bench/search.sh` and
//! `bench/results/search.md`.

use std::time::Instant;

use newsdesk_index::{ArticleIndex, SearchRequest, Sort};
use newsdesk_model::{Article, PubDate};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let n: usize = std::env::args().nth(1).map(|s| s.parse()).transpose()?.unwrap_or(100_000);
    // A Zipf-ish vocabulary: word i appears with weight ~1/(i+1).
    let vocab: Vec<String> = (0..20_000).map(|i| format!("w{i:x}")).collect();
    let mut seed = 0x9e3779b97f4a7c15u64;
    let mut rnd = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let word = |r: u64| -> usize { ((vocab.len() as f64).powf((r % 10_000) as f64 / 10_000.0) as usize).min(19_999) };
    let langs = ["en", "de", "fr", "es", "ja"];
    let sources = ["Daily Planet", "The Courier", "World Wire", "Le Quotidien", "Berliner Blatt"];
    let articles: Vec<Article> = (0..n)
        .map(|i| {
            let mut a = Article::new(format!("id{i}"));
            a.title = Some((0..8).map(|_| vocab[word(rnd())].as_str()).collect::<Vec<_>>().join(" "));
            a.text = (0..300).map(|_| vocab[word(rnd())].as_str()).collect::<Vec<_>>().join(" ");
            a.language = Some(langs[i % langs.len()].into());
            a.site_name = Some(sources[i % sources.len()].into());
            a.country = Some("GB".into());
            a.published = PubDate::parse(&format!("2024-{:02}-{:02}", 1 + i % 12, 1 + i % 28)).ok();
            a
        })
        .collect();
    let dir = tempfile::tempdir()?;
    let mut ix = ArticleIndex::open(&dir.path().join("index"))?;
    let t = Instant::now();
    for chunk in articles.chunks(10_000) {
        ix.add(chunk)?;
    }
    ix.commit(Some("done"))?;
    let secs = t.elapsed().as_secs_f64();
    println!("indexed {n} articles (300 words) in {secs:.2}s: {:.0}/s", n as f64 / secs);

    for (q, facets, sort) in [
        ("w1", false, Sort::Relevance),
        ("w1 w2", true, Sort::Relevance),
        ("w3 OR w5", false, Sort::Newest),
        ("\"w1 w2\"", false, Sort::Relevance),
        ("w1f*", false, Sort::Relevance),
        ("", true, Sort::Newest),
    ] {
        let req = SearchRequest { facets, sort, ..SearchRequest::new(q) };
        let mut times = Vec::new();
        let mut total = 0;
        for _ in 0..20 {
            let t = Instant::now();
            total = ix.search(&req)?.total;
            times.push(t.elapsed().as_secs_f64() * 1000.0);
        }
        times.sort_by(|a, b| a.total_cmp(b));
        println!(
            "{q:>12} facets={facets:<5} {sort:?}: {total} hits, median {:.1} ms, max {:.1} ms",
            times[10], times[19]
        );
    }
    Ok(())
}
