//! Articles and their versions: round trips, idempotent writes, updates
//! that keep the previous version with its page, batches, and handles.

use newsdesk_model::{Article, Block, BlockKind, Extraction, PubDate, Strategy};
use newsdesk_store::{BatchReport, Store};

use crate::fixtures::{article, clock_moves_on, dated, page, put, report};
use crate::Backend;

fn full_article() -> Article {
    let mut a = Article::new("full-1".into());
    a.url = Some("https://example.com/news/a?x=1".into());
    a.canonical_url = Some("https://example.com/news/a".into());
    a.title = Some("Rain fell in Lisbon".into());
    a.authors = vec!["Ana Silva".into(), "João Costa".into()];
    a.published = Some(PubDate::parse("2024-03-05T10:00:00+01:00").unwrap());
    a.modified = Some(PubDate::parse("2024-03-05T12:30:00").unwrap());
    a.site_name = Some("Diário de Lisboa".into());
    a.language = Some("pt".into());
    a.country = Some("PT".into());
    a.blocks = vec![
        Block::new(BlockKind::Heading, "Storm"),
        Block::new(BlockKind::Paragraph, "Rain fell in Lisbon."),
        Block::new(BlockKind::Quote, "\"It never stops\", said a resident."),
        Block::new(BlockKind::ListItem, "Trains delayed"),
        Block::new(BlockKind::Caption, "A wet street."),
    ];
    a.finish_text();
    a.image = Some("https://example.com/rain.jpg".into());
    a.extraction = Some(Extraction { strategy: Strategy::Semantic, confidence: 0.875 });
    a.extra.insert("label".into(), 7.into());
    a.extra.insert("meta".into(), serde_json::json!({"tags": ["weather", "lisbon"], "score": 1.5, "ok": true}));
    a
}

pub fn insert_then_get_keeps_every_field<B: Backend>(b: &B) {
    let mut store = b.open();
    let a = full_article();
    let html = "<html><body><h1>Storm</h1><p>Rain fell in Lisbon.</p></body></html>".repeat(20);
    let r = store.put_batch(&[page(&a, Some(html.as_bytes()))]).unwrap();
    assert_eq!(r, report(1, 0, 0));

    let got = store.get("full-1").unwrap().unwrap();
    assert_eq!(got.article, a);
    assert_eq!(got.versions, 1);
    assert_eq!(got.first_seen, got.last_changed);
    assert_eq!(store.raw_html("full-1").unwrap().unwrap(), html.as_bytes());
    assert!(store.previous_versions("full-1").unwrap().is_empty());
}

pub fn missing_ids_are_none<B: Backend>(b: &B) {
    let store = b.open();
    assert!(store.get("nope").unwrap().is_none());
    assert!(store.raw_html("nope").unwrap().is_none());
    assert!(store.previous_versions("nope").unwrap().is_empty());
    assert!(B::version_raw_html(&store, "nope", 1).unwrap().is_none());
}

pub fn empty_batch_is_a_no_op<B: Backend>(b: &B) {
    let mut store = b.open();
    assert_eq!(store.put_batch(&[]).unwrap(), BatchReport::default());
    assert_eq!(store.stats().unwrap().articles, 0);
}

pub fn same_article_again_is_unchanged_and_not_rewritten<B: Backend>(b: &B) {
    let mut store = b.open();
    let a = article("a");
    store.put_batch(&[page(&a, Some(b"<p>one</p>"))]).unwrap();
    let before = store.get("a").unwrap().unwrap();
    clock_moves_on();
    // Same article, different page bytes and fetch time: still unchanged.
    let r = store.put_batch(&[page(&a, Some(b"<p>one, refetched</p>"))]).unwrap();
    assert_eq!(r, report(0, 0, 1));
    let after = store.get("a").unwrap().unwrap();
    assert_eq!(after.last_changed, before.last_changed);
    assert_eq!(after.versions, 1);
    assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>one</p>");
    assert_eq!(store.stats().unwrap().versions, 1);
}

pub fn changed_content_keeps_the_previous_version_with_its_page<B: Backend>(b: &B) {
    let mut store = b.open();
    let v1 = article("a");
    store.put_batch(&[page(&v1, Some(b"<p>first</p>"))]).unwrap();
    let first = store.get("a").unwrap().unwrap();
    clock_moves_on();

    let mut v2 = v1.clone();
    v2.blocks.push(Block::new(BlockKind::Paragraph, "A correction."));
    v2.finish_text();
    let r = store.put_batch(&[page(&v2, Some(b"<p>second</p>"))]).unwrap();
    assert_eq!(r, report(0, 1, 0));

    let now = store.get("a").unwrap().unwrap();
    assert_eq!(now.article, v2);
    assert_eq!(now.versions, 2);
    assert_eq!(now.first_seen, first.first_seen);
    assert!(now.last_changed > first.last_changed);
    assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>second</p>");

    let old = store.previous_versions("a").unwrap();
    assert_eq!(old.len(), 1);
    assert_eq!(old[0].article, v1);
    assert_eq!(old[0].versions, 1);
    assert_eq!(old[0].first_seen, first.first_seen);
    assert_eq!(old[0].last_changed, first.last_changed);
    assert_eq!(B::version_raw_html(&store, "a", 1).unwrap().unwrap(), b"<p>first</p>");
    assert!(B::version_raw_html(&store, "a", 2).unwrap().is_none(), "the current version is not archived");
    assert_eq!(store.stats().unwrap().versions, 2);
}

pub fn metadata_change_alone_is_an_update<B: Backend>(b: &B) {
    let mut store = b.open();
    let v1 = article("a");
    let mut v2 = v1.clone();
    v2.extra.insert("label".into(), 1.into());
    assert_eq!(put(&mut store, std::slice::from_ref(&v1)), report(1, 0, 0));
    assert_eq!(put(&mut store, &[v2]), report(0, 1, 0));
    // Going back to the first content is a third version, not a no-op.
    assert_eq!(put(&mut store, &[v1]), report(0, 1, 0));
    assert_eq!(store.get("a").unwrap().unwrap().versions, 3);
}

pub fn update_without_a_page_drops_the_current_page_but_not_the_archived_one<B: Backend>(b: &B) {
    let mut store = b.open();
    let v1 = article("a");
    store.put_batch(&[page(&v1, Some(b"<p>first</p>"))]).unwrap();
    let mut v2 = v1.clone();
    v2.title = Some("New title".into());
    assert_eq!(store.put_batch(&[page(&v2, None)]).unwrap(), report(0, 1, 0));
    assert!(store.raw_html("a").unwrap().is_none());
    assert_eq!(B::version_raw_html(&store, "a", 1).unwrap().unwrap(), b"<p>first</p>");
}

pub fn several_updates_come_back_oldest_first<B: Backend>(b: &B) {
    let mut store = b.open();
    for n in 1..=4 {
        let mut a = article("a");
        a.title = Some(format!("take {n}"));
        put(&mut store, &[a]);
    }
    let old = store.previous_versions("a").unwrap();
    let titles: Vec<_> = old.iter().map(|s| s.article.title.clone().unwrap()).collect();
    assert_eq!(titles, ["take 1", "take 2", "take 3"]);
    assert_eq!(old.iter().map(|s| s.versions).collect::<Vec<_>>(), [1, 2, 3]);
    assert_eq!(store.get("a").unwrap().unwrap().versions, 4);
}

pub fn a_repeated_id_in_a_batch_applies_in_order<B: Backend>(b: &B) {
    let mut store = b.open();
    let v1 = article("a");
    let mut v2 = v1.clone();
    v2.title = Some("second".into());
    let batch =
        [page(&v1, Some(b"one")), page(&v2, Some(b"two")), page(&v2, Some(b"two again")), page(&article("b"), None)];
    assert_eq!(store.put_batch(&batch).unwrap(), report(2, 1, 1));
    let a = store.get("a").unwrap().unwrap();
    assert_eq!(a.article.title.as_deref(), Some("second"));
    assert_eq!(a.versions, 2);
    assert_eq!(store.raw_html("a").unwrap().unwrap(), b"two");
    assert_eq!(B::version_raw_html(&store, "a", 1).unwrap().unwrap(), b"one");
}

/// Two handles open at once (two processes, or two workers): each sees
/// what the other committed, and a page the other stored is unchanged.
pub fn a_second_handle_sees_the_first_ones_commits<B: Backend>(b: &B) {
    let mut first = b.open();
    let mut second = b.open();
    let a = dated("a", Some("Daily"), Some("2024-03-05"));
    assert_eq!(first.put_batch(&[page(&a, Some(b"<p>a</p>"))]).unwrap(), report(1, 0, 0));
    assert_eq!(second.get("a").unwrap().unwrap().article, a);
    assert_eq!(second.raw_html("a").unwrap().unwrap(), b"<p>a</p>");
    assert_eq!(put(&mut second, std::slice::from_ref(&a)), report(0, 0, 1));

    let mut revised = a.clone();
    revised.title = Some("revised".into());
    assert_eq!(put(&mut second, &[revised.clone(), article("b")]), report(1, 1, 0));
    let seen = first.get("a").unwrap().unwrap();
    assert_eq!((seen.article, seen.versions), (revised, 2));
    assert_eq!(first.previous_versions("a").unwrap()[0].article, a);
    assert_eq!(first.stats().unwrap().articles, 2);
    assert_eq!(first.changed_ids(None).unwrap(), ["a", "b"]);
}

pub fn reopening_keeps_everything<B: Backend>(b: &B) {
    let v1 = dated("a", Some("Daily"), Some("2024-03-05"));
    let mut v2 = v1.clone();
    v2.title = Some("revised".into());
    let before = {
        let mut store = b.open();
        store.put_batch(&[page(&v1, Some(b"<p>1</p>"))]).unwrap();
        store.put_batch(&[page(&v2, Some(b"<p>2</p>"))]).unwrap();
        store.get("a").unwrap().unwrap()
    };
    let mut store = b.open();
    let got = store.get("a").unwrap().unwrap();
    assert_eq!(got.article, v2);
    assert_eq!((got.first_seen, got.last_changed, got.versions), (before.first_seen, before.last_changed, 2));
    assert_eq!(store.raw_html("a").unwrap().unwrap(), b"<p>2</p>");
    assert_eq!(store.previous_versions("a").unwrap()[0].article, v1);
    assert_eq!(B::version_raw_html(&store, "a", 1).unwrap().unwrap(), b"<p>1</p>");
    assert_eq!(put(&mut store, &[v2]), report(0, 0, 1));
}
