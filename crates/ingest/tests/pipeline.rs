//! The ingest pipeline against a real (in-memory) store.

use std::io::Write;

use chrono::{DateTime, Utc};
use newsdesk_ingest::{IngestError, IngestEvent, Ingester, SourceOptions, Sources};
use newsdesk_store::{Follower, ListQuery, PageRecord, Store};
use newsdesk_store_sqlite::SqliteStore;

fn jsonl(dir: &std::path::Path, n: usize, bad_every: usize) -> std::path::PathBuf {
    let path = dir.join("in.jsonl");
    let mut f = std::fs::File::create(&path).unwrap();
    for i in 0..n {
        if bad_every > 0 && i % bad_every == 0 {
            writeln!(f, "{{\"id\": \"broken-{i}\"").unwrap();
        } else {
            let rec = serde_json::json!({"id": format!("a{i}"), "title": format!("Story {i}"), "text": format!("Body of story {i}.")});
            writeln!(f, "{rec}").unwrap();
        }
    }
    path
}

#[derive(Default)]
struct Recorder {
    batches: Vec<(usize, DateTime<Utc>)>,
    fail_after: Option<usize>,
}

impl Follower for Recorder {
    fn committed(&mut self, batch: &[PageRecord], committed_at: DateTime<Utc>) -> Result<(), String> {
        if self.fail_after.is_some_and(|n| self.batches.len() >= n) {
            return Err("index is full".into());
        }
        self.batches.push((batch.len(), committed_at));
        Ok(())
    }
}

#[test]
fn bad_records_are_reported_and_the_rest_stored_and_followed() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl(dir.path(), 100, 10);
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut rec = Recorder::default();
    let mut failures = Vec::new();
    let ingester = Ingester { batch_size: 16, ..Ingester::default() };
    let summary = ingester
        .run(Sources::new(vec![input], SourceOptions::for_ingest()), &mut store, Some(&mut rec), &mut |e| {
            if let IngestEvent::Failed(err) = e {
                failures.push(err.origin.clone());
            }
        })
        .unwrap();
    assert_eq!(summary.failed, 10);
    assert_eq!(summary.stored.inserted, 90);
    assert_eq!(failures.len(), 10);
    assert!(failures[0].ends_with("in.jsonl:1"), "{failures:?}");
    assert_eq!(rec.batches.iter().map(|b| b.0).sum::<usize>(), 90);
    // What the store wrote after the first batch's commit is exactly the rest.
    let since = ListQuery { changed_since: Some(rec.batches[0].1), ..Default::default() };
    assert_eq!(store.list(&since).unwrap().len(), 90 - rec.batches[0].0);
}

#[test]
fn a_failing_follower_stops_the_run_but_keeps_committed_batches() {
    let dir = tempfile::tempdir().unwrap();
    let input = jsonl(dir.path(), 100, 0);
    let mut store = SqliteStore::open_in_memory().unwrap();
    let mut rec = Recorder { fail_after: Some(2), ..Recorder::default() };
    let ingester = Ingester { batch_size: 10, ..Ingester::default() };
    let err = ingester
        .run(Sources::new(vec![input], SourceOptions::for_ingest()), &mut store, Some(&mut rec), &mut |_| {})
        .unwrap_err();
    assert!(matches!(err, IngestError::Follower(ref m) if m == "index is full"), "{err}");
    let stored = store.list(&ListQuery::default()).unwrap().len();
    assert!(stored >= 30, "batches committed before the failure stay stored: {stored}");
}
