//! Counts over the whole store.

use newsdesk_store::Store;

use crate::fixtures::{dated, page, put};
use crate::Backend;

pub fn stats_of_an_empty_store<B: Backend>(b: &B) {
    let s = b.open().stats().unwrap();
    assert_eq!((s.articles, s.versions, s.with_raw_html, s.raw_html_bytes, s.words), (0, 0, 0, 0, 0));
    assert!(s.oldest_published.is_none() && s.newest_published.is_none());
    assert!(s.sources.is_empty() && s.languages.is_empty());
}

pub fn stats_count_everything<B: Backend>(b: &B) {
    let mut store = b.open();
    let mut arts = [
        dated("a", Some("Daily"), Some("2024-03-05T10:00:00+01:00")),
        dated("b", Some("daily"), Some("2023-12-31")),
        dated("c", Some("Other"), Some("2024-06-01T00:00:00")),
        dated("d", None, None),
    ];
    for (a, lang) in arts.iter_mut().zip([Some("en"), Some("en"), Some("pt"), None]) {
        a.language = lang.map(Into::into);
    }
    let html = b"<html>".repeat(100);
    let batch: Vec<_> = arts.iter().take(3).map(|a| page(a, Some(&html))).collect();
    store.put_batch(&batch).unwrap();
    put(&mut store, &arts[3..]);
    let mut revised = arts[0].clone();
    revised.title = Some("revised".into());
    put(&mut store, &[revised]);

    let s = store.stats().unwrap();
    assert_eq!(s.articles, 4);
    assert_eq!(s.versions, 5);
    // The revision came without a page, so "a" no longer has one.
    assert_eq!(s.with_raw_html, 2);
    assert!(s.raw_html_bytes > 0 && s.raw_html_bytes < 2 * html.len() as u64);
    assert_eq!(s.words, 4 * 3);
    assert_eq!(s.oldest_published.as_deref(), Some("2023-12-31"));
    assert_eq!(s.newest_published.as_deref(), Some("2024-06-01T00:00:00"));
    assert_eq!(s.sources, [("Daily".to_string(), 2), ("Other".to_string(), 1)]);
    assert_eq!(s.languages, [("en".to_string(), 2), ("pt".to_string(), 1)]);
}

pub fn stats_list_the_top_twenty<B: Backend>(b: &B) {
    let mut store = b.open();
    let arts: Vec<_> = (0..30)
        .flat_map(|s| (0..=s).map(move |i| dated(&format!("{s}-{i}"), Some(&format!("site{s:02}")), None)))
        .collect();
    put(&mut store, &arts);
    let s = store.stats().unwrap();
    assert_eq!(s.sources.len(), 20);
    assert_eq!(s.sources[0], ("site29".to_string(), 30));
    assert_eq!(s.sources[19], ("site10".to_string(), 11));
}
