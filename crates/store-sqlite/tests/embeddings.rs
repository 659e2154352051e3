//! Embeddings in the SQLite store: stored per model, current only while the
//! article is unchanged, validated, and kept across reopening.

use chrono::Utc;
use newsdesk_model::{Article, Block, BlockKind};
use newsdesk_store::{PageRecord, Store, StoreError};
use newsdesk_store_sqlite::SqliteStore;

fn article(id: &str, body: &str) -> Article {
    let mut a = Article::new(id.into());
    a.title = Some(format!("Title {id}"));
    a.blocks = vec![Block::new(BlockKind::Paragraph, body.to_string())];
    a.finish_text();
    a
}

fn store_with(articles: &[Article]) -> SqliteStore {
    let mut store = SqliteStore::open_in_memory().unwrap();
    let batch: Vec<_> = articles.iter().map(|a| PageRecord::new(a.clone())).collect();
    store.put_batch(&batch).unwrap();
    store
}

fn all(store: &SqliteStore, model: &str) -> Vec<(String, Vec<f32>)> {
    let mut out = Vec::new();
    store
        .scan_embeddings(model, None, &mut |id, v| {
            out.push((id.to_string(), v));
            Ok(())
        })
        .unwrap();
    out.sort_by(|a, b| a.0.cmp(&b.0));
    out
}

#[test]
fn vectors_round_trip_per_model() {
    let (a, b) = (article("a", "one"), article("b", "two"));
    let mut store = store_with(&[a.clone(), b.clone()]);
    assert_eq!(store.unembedded_ids("m1").unwrap(), ["a", "b"]);
    let va = [0.25f32, -1.5, 3.0e-7];
    store.put_embeddings("m1", &[(&a, &va)]).unwrap();
    assert_eq!(store.embedding("m1", "a").unwrap().unwrap(), va);
    assert_eq!(store.embedding("m2", "a").unwrap(), None, "another model's vectors are separate");
    assert_eq!(store.embedding("m1", "b").unwrap(), None);
    assert_eq!(store.unembedded_ids("m1").unwrap(), ["b"]);
    assert_eq!(store.unembedded_ids("m2").unwrap(), ["a", "b"]);
    assert_eq!(store.embedding_count("m1").unwrap(), 1);
    // Putting again replaces.
    store.put_embeddings("m1", &[(&a, &[1.0, 2.0, 3.0]), (&b, &[4.0, 5.0, 6.0])]).unwrap();
    assert_eq!(all(&store, "m1"), [("a".to_string(), vec![1.0, 2.0, 3.0]), ("b".to_string(), vec![4.0, 5.0, 6.0])]);
    assert!(store.unembedded_ids("m1").unwrap().is_empty());
}

#[test]
fn a_changed_article_needs_a_new_vector() {
    let a = article("a", "first version");
    let mut store = store_with(std::slice::from_ref(&a));
    store.put_embeddings("m", &[(&a, &[1.0, 0.0])]).unwrap();
    let changed = article("a", "second version");
    assert_eq!(store.put_batch(&[PageRecord::new(changed.clone())]).unwrap().updated, 1);
    assert_eq!(store.embedding("m", "a").unwrap(), None, "the old vector is stale");
    assert!(all(&store, "m").is_empty());
    assert_eq!(store.unembedded_ids("m").unwrap(), ["a"]);
    assert_eq!(store.embedding_count("m").unwrap(), 0);
    // A vector computed from the old version does not become current.
    store.put_embeddings("m", &[(&a, &[1.0, 0.0])]).unwrap();
    assert_eq!(store.unembedded_ids("m").unwrap(), ["a"]);
    store.put_embeddings("m", &[(&changed, &[0.0, 1.0])]).unwrap();
    assert_eq!(store.embedding("m", "a").unwrap().unwrap(), [0.0, 1.0]);
}

#[test]
fn bad_embeddings_are_refused_whole() {
    let (a, b) = (article("a", "one"), article("b", "two"));
    let mut store = store_with(&[a.clone(), b.clone()]);
    let ghost = article("ghost", "never stored");
    match store.put_embeddings("m", &[(&a, &[1.0]), (&ghost, &[1.0])]) {
        Err(StoreError::UnknownArticle(id)) => assert_eq!(id, "ghost"),
        other => panic!("expected UnknownArticle, got {other:?}"),
    }
    assert_eq!(store.embedding("m", "a").unwrap(), None, "the batch is one transaction");
    for (v, why) in [(vec![], "empty"), (vec![1.0, f32::NAN], "is NaN"), (vec![1.0, 2.0, 3.0], "3 values")] {
        match store.put_embeddings("m", &[(&a, &[1.0, 2.0]), (&b, &v)]) {
            Err(e @ StoreError::BadEmbedding { .. }) => assert!(e.to_string().contains(why), "{e}"),
            other => panic!("expected BadEmbedding for {v:?}, got {other:?}"),
        }
    }
    assert!(all(&store, "m").is_empty());
}

#[test]
fn since_selects_recent_vectors_and_they_survive_reopening() {
    let dir = tempfile::tempdir().unwrap();
    let (a, b) = (article("a", "one"), article("b", "two"));
    {
        let mut store = SqliteStore::open(dir.path()).unwrap();
        store.put_batch(&[PageRecord::new(a.clone()), PageRecord::new(b.clone())]).unwrap();
        store.put_embeddings("m", &[(&a, &[1.0])]).unwrap();
    }
    let mut store = SqliteStore::open(dir.path()).unwrap();
    assert_eq!(store.embedding("m", "a").unwrap().unwrap(), [1.0]);
    let mark = Utc::now();
    store.put_embeddings("m", &[(&b, &[2.0])]).unwrap();
    let mut recent = Vec::new();
    store
        .scan_embeddings("m", Some(mark), &mut |id, _| {
            recent.push(id.to_string());
            Ok(())
        })
        .unwrap();
    assert_eq!(recent, ["b"]);
}
