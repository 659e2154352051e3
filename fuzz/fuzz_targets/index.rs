//! Any articles through the search index: the segment writer must write
//! exactly the segment tantivy's own writer writes for them, and adding,
//! committing and searching them must never panic.
//!
//! Input: records separated by 0x1e, fields by 0x1f, in the order id,
//! language, title, text, authors (separated by 0x1d), outlet, country.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_index::{same_segment_as_tantivy, ArticleIndex, SearchRequest};
use newsdesk_model::Article;

fn articles(data: &[u8]) -> Vec<Article> {
    let text = String::from_utf8_lossy(data);
    text.split('\u{1e}')
        .take(16)
        .map(|record| {
            let mut f = record.split('\u{1f}');
            let mut a = Article::new(f.next().unwrap_or_default().to_string());
            let mut opt = |s: Option<&str>| s.map(str::to_string);
            a.language = opt(f.next());
            a.title = opt(f.next());
            a.text = f.next().unwrap_or_default().to_string();
            a.authors = f.next().map(|s| s.split('\u{1d}').map(str::to_string).collect()).unwrap_or_default();
            a.site_name = opt(f.next());
            a.country = opt(f.next());
            a
        })
        .collect()
}

fuzz_target!(|data: &[u8]| {
    let articles = articles(data);
    if let Err(e) = same_segment_as_tantivy(&articles) {
        panic!("segment writer differs from tantivy: {e}");
    }
    let mut index = ArticleIndex::open_in_ram().expect("an index in memory");
    index.add(&articles).expect("add");
    index.commit(None).expect("commit");
    let distinct: std::collections::HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(index.len(), distinct.len() as u64);
    for a in articles.iter().take(4) {
        let first = a.text.split_whitespace().next().unwrap_or("x");
        let _ = index.search(&SearchRequest::new(first));
    }
});
