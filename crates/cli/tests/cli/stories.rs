//! Copy groups and stories kept at ingest: `stories`, `story`, and their
//! catch-up and rebuild.

use newsdesk_store::Store;

use crate::{json_lines, newsdesk, run, sample, stderr, stdout};

fn ingested() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(sample("articles.jsonl")).arg(sample("pages")));
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    assert!(stderr(&o).contains("new stories"), "{}", stderr(&o));
    dir
}

fn stories(dir: &std::path::Path, args: &[&str]) -> Vec<serde_json::Value> {
    let o = run(newsdesk(dir).arg("stories").args(args).args(["--format", "jsonl"]));
    assert!(o.status.success(), "{}", stderr(&o));
    json_lines(&o)
}

#[test]
fn ingest_groups_the_samples_into_stories() {
    let dir = ingested();
    let big = stories(dir.path(), &["--min-articles", "2"]);
    let lithium = big
        .iter()
        .find(|s| s["headline"].as_str().unwrap_or_default().contains("Halvard Bay"))
        .unwrap_or_else(|| panic!("a lithium refinery story: {big:?}"));
    // The wire story and its republications by four outlets.
    assert!(lithium["articles"].as_u64().unwrap() >= 5, "{lithium}");
    assert!(lithium["outlets"].as_u64().unwrap() >= 4, "{lithium}");
    let countries: Vec<&str> = lithium["countries"].as_array().unwrap().iter().map(|c| c.as_str().unwrap()).collect();
    assert!(countries.contains(&"AU") && countries.contains(&"CA"), "{lithium}");
    // The German bike-lane article is a story of its own.
    let all = stories(dir.path(), &[]);
    assert!(all.len() > big.len());
    assert!(all.iter().any(|s| s["headline"] == "Neue Fahrradstraße am Kanal eröffnet" && s["articles"] == 1));
    let since = stories(dir.path(), &["--since", "2025-04-01", "--min-articles", "2"]);
    assert!(since.iter().any(|s| s["id"] == lithium["id"]));
    assert!(since.iter().all(|s| s["last_published"].as_str().unwrap() >= "2025-04"), "{since:?}");

    let id = lithium["id"].as_u64().unwrap().to_string();
    let o = run(newsdesk(dir.path()).args(["story", &id, "--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let page: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let articles = page["articles"].as_array().unwrap();
    assert_eq!(articles.len() as u64, lithium["articles"].as_u64().unwrap());
    let copies = articles.iter().filter(|a| a["copy_of"].is_string()).count();
    assert!(copies >= 2, "the wire story's republications are marked: {articles:?}");
    let outlets = page["outlets"].as_array().unwrap();
    assert_eq!(outlets.len() as u64, lithium["outlets"].as_u64().unwrap(), "{page}");
    let per_day: u64 = page["timeline"].as_array().unwrap().iter().map(|d| d[1].as_u64().unwrap()).sum();
    assert!(per_day >= 5, "{page}");

    let table = stdout(&run(newsdesk(dir.path()).args(["story", &id])));
    assert!(table.contains("Timeline:") && table.contains("[copy of "), "{table}");
    let table = stdout(&run(newsdesk(dir.path()).args(["stories"])));
    assert!(table.contains("Halvard Bay"), "{table}");
}

#[test]
fn a_store_without_coverage_catches_up_and_reindex_rebuilds_it() {
    let dir = ingested();
    let before = stories(dir.path(), &[]);
    // As after a crash between the store's commit and the coverage's, or a
    // store written before coverage existed.
    newsdesk_store_sqlite::SqliteStore::open(dir.path()).unwrap().clear_coverage().unwrap();
    let o = run(newsdesk(dir.path()).args(["stories", "--format", "jsonl"]));
    assert!(stderr(&o).contains("stored articles given their copy group and story"), "{}", stderr(&o));
    let after = json_lines(&o);
    let sizes = |v: &[serde_json::Value]| {
        let mut s: Vec<u64> = v.iter().map(|s| s["articles"].as_u64().unwrap()).collect();
        s.sort();
        s
    };
    assert_eq!(sizes(&after), sizes(&before));

    let o = run(newsdesk(dir.path()).arg("reindex"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("copy groups and stories"), "{}", stderr(&o));
    assert_eq!(sizes(&stories(dir.path(), &[])), sizes(&before));
}

#[test]
fn unknown_stories_are_reported() {
    let dir = ingested();
    let o = run(newsdesk(dir.path()).args(["story", "999999"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no story with id 999999"), "{}", stderr(&o));
    let o = run(newsdesk(dir.path()).args(["story", "lithium"]));
    assert_eq!(o.status.code(), Some(2));
    let empty = tempfile::tempdir().unwrap();
    let o = run(newsdesk(empty.path()).args(["stories"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store in"), "{}", stderr(&o));
}
