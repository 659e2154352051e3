//! Articles and helpers the suite builds its stores from, public so that a
//! backend's own tests can use the same ones.

use chrono::Utc;
use newsdesk_model::{Article, Block, BlockKind, PubDate};
use newsdesk_store::{BatchReport, PageRecord, Store, StoreError, StoredArticle};

/// An article with a title and a one-paragraph body (3 words).
pub fn article(id: &str) -> Article {
    let mut a = Article::new(id.into());
    a.title = Some(format!("Title {id}"));
    a.blocks = vec![Block::new(BlockKind::Paragraph, format!("Body of {id}."))];
    a.finish_text();
    a
}

/// [`article`] with an outlet and a publication date (parsed as stored).
pub fn dated(id: &str, site: Option<&str>, published: Option<&str>) -> Article {
    let mut a = article(id);
    a.site_name = site.map(Into::into);
    a.published = published.map(|p| PubDate::parse(p).unwrap());
    a
}

/// An article with a title and the given body.
pub fn with_body(id: &str, body: &str) -> Article {
    let mut a = Article::new(id.into());
    a.title = Some(format!("Title {id}"));
    a.blocks = vec![Block::new(BlockKind::Paragraph, body.to_string())];
    a.finish_text();
    a
}

/// A page to store: the article, its raw page if any, fetched now.
pub fn page(a: &Article, html: Option<&[u8]>) -> PageRecord {
    PageRecord { article: a.clone(), raw_html: html.map(<[u8]>::to_vec), fetched_at: Some(Utc::now()) }
}

/// Stores `articles` (without pages) in one batch.
pub fn put<S: Store + ?Sized>(store: &mut S, articles: &[Article]) -> BatchReport {
    let batch: Vec<_> = articles.iter().map(|a| page(a, None)).collect();
    store.put_batch(&batch).unwrap()
}

pub fn report(inserted: u64, updated: u64, unchanged: u64) -> BatchReport {
    BatchReport { inserted, updated, unchanged }
}

pub fn ids(list: &[StoredArticle]) -> Vec<&str> {
    list.iter().map(|s| s.article.id.as_str()).collect()
}

/// Returns once the clock has moved on by a few milliseconds, so that what
/// is written next is stamped strictly later than what was written before
/// (stores keep microseconds at best).
pub fn clock_moves_on() {
    let start = Utc::now();
    while Utc::now() - start < chrono::Duration::milliseconds(5) {
        std::thread::sleep(std::time::Duration::from_millis(1));
    }
}

/// For a backend's own test that made its store refuse any article with id
/// `bad` (a trigger) after storing `kept`: a batch that adds `new`, changes
/// `kept` and then meets `bad` fails as a whole, naming `bad` and the
/// backend, leaves nothing of itself behind, and the store takes writes
/// afterwards.
pub fn check_a_refused_batch_leaves_nothing_behind<S: Store + ?Sized>(store: &mut S, backend: &str) {
    let mut changed = article("kept");
    changed.title = Some("changed".into());
    let batch = [page(&article("new"), Some(b"x")), page(&changed, None), page(&article("bad"), None)];
    let err = store.put_batch(&batch).unwrap_err();
    match &err {
        StoreError::Backend { backend: b, message } => {
            assert_eq!(*b, backend);
            assert!(message.contains("bad") && message.contains("refused"), "{message}");
        }
        other => panic!("expected a backend error, got {other:?}"),
    }
    assert!(store.get("new").unwrap().is_none());
    assert!(store.raw_html("new").unwrap().is_none());
    let kept = store.get("kept").unwrap().unwrap();
    assert_eq!(kept.article.title.as_deref(), Some("Title kept"));
    assert_eq!(kept.versions, 1);
    assert!(store.previous_versions("kept").unwrap().is_empty());
    assert_eq!(put(store, &[article("new")]), report(1, 0, 0));
}
