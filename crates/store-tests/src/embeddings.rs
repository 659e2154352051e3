//! Embeddings: stored per model, current only while the article is
//! unchanged, validated, and kept across reopening.

use chrono::Utc;
use newsdesk_store::{PageRecord, Store, StoreError};

use crate::fixtures::{clock_moves_on, with_body};
use crate::Backend;

fn store_with<B: Backend>(b: &B, articles: &[newsdesk_model::Article]) -> B::Store {
    let mut store = b.open();
    let batch: Vec<_> = articles.iter().map(|a| PageRecord::new(a.clone())).collect();
    store.put_batch(&batch).unwrap();
    store
}

fn all<S: Store>(store: &S, model: &str) -> Vec<(String, Vec<f32>)> {
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

pub fn vectors_round_trip_per_model<B: Backend>(b: &B) {
    let (a, b2) = (with_body("a", "one"), with_body("b", "two"));
    let mut store = store_with(b, &[a.clone(), b2.clone()]);
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
    store.put_embeddings("m1", &[(&a, &[1.0, 2.0, 3.0]), (&b2, &[4.0, 5.0, 6.0])]).unwrap();
    assert_eq!(all(&store, "m1"), [("a".to_string(), vec![1.0, 2.0, 3.0]), ("b".to_string(), vec![4.0, 5.0, 6.0])]);
    assert!(store.unembedded_ids("m1").unwrap().is_empty());
}

pub fn a_changed_article_needs_a_new_vector<B: Backend>(b: &B) {
    let a = with_body("a", "first version");
    let mut store = store_with(b, std::slice::from_ref(&a));
    store.put_embeddings("m", &[(&a, &[1.0, 0.0])]).unwrap();
    let changed = with_body("a", "second version");
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

pub fn bad_embeddings_are_refused_whole<B: Backend>(b: &B) {
    let (a, b2) = (with_body("a", "one"), with_body("b", "two"));
    let mut store = store_with(b, &[a.clone(), b2.clone()]);
    let ghost = with_body("ghost", "never stored");
    match store.put_embeddings("m", &[(&a, &[1.0]), (&ghost, &[1.0])]) {
        Err(StoreError::UnknownArticle(id)) => assert_eq!(id, "ghost"),
        other => panic!("expected UnknownArticle, got {other:?}"),
    }
    assert_eq!(store.embedding("m", "a").unwrap(), None, "the batch is one transaction");
    for (v, why) in [(vec![], "empty"), (vec![1.0, f32::NAN], "is NaN"), (vec![1.0, 2.0, 3.0], "3 values")] {
        match store.put_embeddings("m", &[(&a, &[1.0, 2.0]), (&b2, &v)]) {
            Err(e @ StoreError::BadEmbedding { .. }) => assert!(e.to_string().contains(why), "{e}"),
            other => panic!("expected BadEmbedding for {v:?}, got {other:?}"),
        }
    }
    assert!(all(&store, "m").is_empty());
}

pub fn since_selects_recent_vectors_and_they_survive_reopening<B: Backend>(b: &B) {
    let (a, b2) = (with_body("a", "one"), with_body("b", "two"));
    {
        let mut store = b.open();
        store.put_batch(&[PageRecord::new(a.clone()), PageRecord::new(b2.clone())]).unwrap();
        store.put_embeddings("m", &[(&a, &[1.0])]).unwrap();
    }
    let mut store = b.open();
    assert_eq!(store.embedding("m", "a").unwrap().unwrap(), [1.0]);
    clock_moves_on();
    let mark = Utc::now();
    store.put_embeddings("m", &[(&b2, &[2.0])]).unwrap();
    let mut recent = Vec::new();
    store
        .scan_embeddings("m", Some(mark), &mut |id, _| {
            recent.push(id.to_string());
            Ok(())
        })
        .unwrap();
    assert_eq!(recent, ["b"]);
    assert_eq!(all(&store, "m"), [("a".to_string(), vec![1.0]), ("b".to_string(), vec![2.0])]);
}
