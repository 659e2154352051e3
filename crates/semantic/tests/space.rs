//! `VectorSpace` over a real SQLite store: exact below the threshold, an
//! HNSW graph saved on disk above it, kept in step with vectors stored later.

use newsdesk_model::Article;
use newsdesk_semantic::{Method, VectorSpace};
use newsdesk_store::{PageRecord, Store};
use newsdesk_store_sqlite::SqliteStore;

const MODEL: &str = "test-model@0";

fn article(i: usize, version: &str) -> Article {
    let mut a = Article::new(format!("a{i:03}"));
    a.title = Some(format!("Story {i} {version}"));
    a
}

/// A unit vector on a circle, so neighbours are known: angle step 0.01.
fn vector(angle: f32) -> Vec<f32> {
    vec![angle.cos(), angle.sin(), 0.0, 0.0]
}

fn put(store: &mut SqliteStore, items: &[(Article, f32)]) {
    let pages: Vec<_> = items.iter().map(|(a, _)| PageRecord::new(a.clone())).collect();
    store.put_batch(&pages).unwrap();
    let vectors: Vec<Vec<f32>> = items.iter().map(|(_, t)| vector(*t)).collect();
    let pairs: Vec<(&Article, &[f32])> = items.iter().map(|(a, _)| a).zip(vectors.iter().map(Vec::as_slice)).collect();
    store.put_embeddings(MODEL, &pairs).unwrap();
}

fn ids(found: &[(String, f32)]) -> Vec<&str> {
    found.iter().map(|(id, _)| id.as_str()).collect()
}

#[test]
fn small_collections_are_searched_exactly_and_write_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_in_memory().unwrap();
    put(&mut store, &(0..20).map(|i| (article(i, ""), i as f32 * 0.01)).collect::<Vec<_>>());
    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert_eq!(space.method(), Method::Exact);
    assert!(report.built.is_none());
    assert_eq!(ids(&space.nearest(&vector(0.052), 3, "a005")), ["a006", "a004", "a007"]);
    assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 0);
}

#[test]
fn the_graph_is_built_saved_reused_and_follows_new_vectors() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_in_memory().unwrap();
    put(&mut store, &(0..300).map(|i| (article(i, ""), i as f32 * 0.01)).collect::<Vec<_>>());

    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert_eq!(space.method(), Method::Hnsw);
    assert_eq!(report.built.map(|b| b.0), Some(300));
    assert_eq!(ids(&space.nearest(&vector(1.003), 3, "a100")), ["a101", "a099", "a102"]);

    // Reopened: loaded, not rebuilt.
    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert!(report.built.is_none() && report.discarded.is_none(), "{report:?}");
    assert_eq!(space.len(), 300);

    // A new article, and one whose content (and so vector) changed: found
    // through the exact pass beside the graph, each once.
    put(&mut store, &[(article(900, ""), 1.0005), (article(50, "rewritten"), 1.0015)]);
    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert!(report.built.is_none(), "few new vectors: no rebuild");
    let near = space.nearest(&vector(1.003), 4, "a100");
    assert_eq!(ids(&near), ["a050", "a900", "a101", "a099"], "{near:?}");
    let far = space.nearest(&vector(0.5), 3, "none");
    assert!(!ids(&far).contains(&"a050"), "a050's old vector is not used: {far:?}");

    // A forced rebuild takes everything in.
    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, true).unwrap();
    assert_eq!(report.built.map(|b| b.0), Some(301));
    assert_eq!(ids(&space.nearest(&vector(1.003), 2, "a100")), ["a050", "a900"]);
}

#[test]
fn a_damaged_or_foreign_graph_is_rebuilt() {
    let dir = tempfile::tempdir().unwrap();
    let mut store = SqliteStore::open_in_memory().unwrap();
    put(&mut store, &(0..150).map(|i| (article(i, ""), i as f32 * 0.01)).collect::<Vec<_>>());
    VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    let graph = std::fs::read_dir(dir.path())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "hnsw"))
        .unwrap();
    std::fs::write(&graph, b"NDHNSW01 truncated").unwrap();
    let (space, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert!(report.discarded.is_some_and(|why| why.contains("decoding")));
    assert_eq!(report.built.map(|b| b.0), Some(150));
    assert_eq!(ids(&space.nearest(&vector(0.697), 1, "a070")), ["a069"]);

    // Same file names, other model recorded in the manifest.
    let manifest = graph.with_extension("json");
    let text = std::fs::read_to_string(&manifest).unwrap().replace(MODEL, "other@1");
    std::fs::write(&manifest, text).unwrap();
    let (_, report) = VectorSpace::open_with(dir.path(), &store, MODEL, 100, false).unwrap();
    assert!(report.discarded.is_some_and(|why| why.contains("other@1")));
}
