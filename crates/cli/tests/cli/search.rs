use crate::{json_lines, newsdesk, run, sample, stderr, stdout};

fn store_with_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(sample("articles.jsonl")).arg(sample("pages")));
    assert!(o.status.code().is_some(), "{}", stderr(&o));
    dir
}

fn search_json(dir: &std::path::Path, args: &[&str]) -> serde_json::Value {
    let o = run(newsdesk(dir).arg("search").args(args).args(["--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    serde_json::from_str(&stdout(&o)).unwrap()
}

#[test]
fn search_finds_ingested_articles_with_facets_and_snippets() {
    let dir = store_with_samples();
    let r = search_json(dir.path(), &["lithium refinery"]);
    let total = r["total"].as_u64().unwrap();
    assert!(total >= 4, "{r}");
    let hits = r["hits"].as_array().unwrap();
    assert!(
        hits.iter().all(|h| h["title"].as_str().unwrap_or("").to_lowercase().contains("lithium")
            || h["snippet"].as_str().unwrap_or("").to_lowercase().contains("lithium")),
        "{r}"
    );
    let sources: u64 = r["facets"]["sources"].as_array().unwrap().iter().map(|p| p[1].as_u64().unwrap()).sum();
    assert_eq!(sources, total, "facet counts cover every match");
}

#[test]
fn filters_narrow_the_results() {
    let dir = store_with_samples();
    let all = search_json(dir.path(), &["lithium"]);
    let source = all["hits"][0]["source"].as_str().unwrap().to_string();
    let one = search_json(dir.path(), &["lithium", "--source", &source]);
    assert!(one["total"].as_u64().unwrap() < all["total"].as_u64().unwrap());
    assert!(one["hits"].as_array().unwrap().iter().all(|h| h["source"] == source.as_str()));
    let none = search_json(dir.path(), &["lithium", "--from", "2030-01-01"]);
    assert_eq!(none["total"], 0);
}

#[test]
fn malformed_query_is_a_clear_error() {
    let dir = store_with_samples();
    let o = run(newsdesk(dir.path()).args(["search", "\"unclosed phrase"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("bad query"), "{}", stderr(&o));
}

#[test]
fn similar_lists_other_coverage_not_itself() {
    let dir = store_with_samples();
    let hits = json_lines(&run(newsdesk(dir.path()).args([
        "search",
        "Halvard Bay lithium",
        "--format",
        "jsonl",
        "--limit",
        "1",
    ])));
    let id = hits[0]["id"].as_str().unwrap().to_string();
    let similar = json_lines(&run(newsdesk(dir.path()).args(["similar", &id, "--format", "jsonl", "--limit", "3"])));
    assert!(!similar.is_empty());
    assert!(similar.iter().all(|h| h["id"] != id.as_str()));
    // The samples' other lithium coverage is copies of one wire story: they
    // are listed apart (after the related articles), best first.
    let copies: Vec<_> = similar.iter().filter(|h| h.get("copy_similarity").is_some()).collect();
    assert!(copies.len() >= 2, "{similar:?}");
    assert!(copies.iter().all(|h| h["title"].as_str().unwrap().to_lowercase().contains("lithium")), "{similar:?}");
    let related = similar.len() - copies.len();
    assert!(related <= 3 && similar[..related].iter().all(|h| h.get("copy_similarity").is_none()), "{similar:?}");
}

#[test]
fn a_lost_index_is_rebuilt_from_the_store() {
    let dir = store_with_samples();
    let before = search_json(dir.path(), &["lithium"])["total"].clone();
    std::fs::remove_dir_all(dir.path().join("index")).unwrap();
    assert_eq!(search_json(dir.path(), &["lithium"])["total"], before);
    let o = run(newsdesk(dir.path()).arg("reindex"));
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(search_json(dir.path(), &["lithium"])["total"], before);
}

/// Regression: an index written by an older newsdesk (another schema) made
/// every search fail, and `reindex` too; it is rebuilt from the store.
#[test]
fn index_of_another_version_is_rebuilt_from_the_store() {
    let dir = store_with_samples();
    let before = search_json(dir.path(), &["lithium"])["total"].as_u64().unwrap();
    let meta_path = dir.path().join("index").join("meta.json");
    let mut meta: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(&meta_path).unwrap()).unwrap();
    meta["schema"][1]["name"] = "a_field_of_another_version".into();
    std::fs::write(&meta_path, meta.to_string()).unwrap();

    let o = run(newsdesk(dir.path()).args(["search", "lithium", "--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("rebuilding it from the store"), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(r["total"].as_u64().unwrap(), before, "{r}");
}

#[test]
fn similar_lists_syndicated_copies_apart_from_related_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let wire = "The harbour authority of Halvard Bay approved a lithium refinery on Monday after a two-year review, clearing the way for construction to begin in the spring.\n\nThe plant will process ore shipped from mines in the north and is expected to employ about 400 people once it opens, the authority said in a statement.\n\nEnvironmental groups said they would appeal the decision, arguing that the refinery's water use had not been properly assessed during the review.";
    let copy = format!("HALVARD BAY (Reuters) - {wire}\n\nReporting by Jane Roe; Editing by Bob Smith");
    let related = "Residents of Halvard Bay were divided on Tuesday over the lithium refinery approved by the harbour authority, with shop owners welcoming the jobs and fishermen worried about the water of the bay.";
    let lines = [
        serde_json::json!({"id": "wire", "title": "Halvard Bay approves lithium refinery", "text": wire, "published": "2030-03-04T08:00:00Z"}),
        serde_json::json!({"id": "copy", "title": "Lithium refinery gets the green light", "text": copy, "published": "2030-03-04T09:00:00Z"}),
        serde_json::json!({"id": "related", "title": "Halvard Bay divided over lithium refinery", "text": related, "published": "2030-03-05T10:00:00Z"}),
    ];
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, lines.iter().map(|l| l.to_string()).collect::<Vec<_>>().join("\n")).unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));

    let o = run(newsdesk(dir.path()).args(["similar", "wire", "--format", "json"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let r: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let ids =
        |k: &str| r[k].as_array().unwrap().iter().map(|h| h["id"].as_str().unwrap().to_owned()).collect::<Vec<_>>();
    assert_eq!(ids("similar"), ["related"], "{r}");
    assert_eq!(ids("copies"), ["copy"], "{r}");
    assert!(r["copies"][0]["copy_similarity"].as_f64().unwrap() > 0.9, "{r}");

    let jsonl = json_lines(&run(newsdesk(dir.path()).args(["similar", "wire", "--format", "jsonl"])));
    assert_eq!(jsonl.len(), 2);
    assert!(jsonl[0].get("copy_similarity").is_none() && jsonl[1]["copy_similarity"].as_f64().is_some());
    let table = stdout(&run(newsdesk(dir.path()).args(["similar", "wire"])));
    assert!(table.contains("Copies of this text"), "{table}");
}

#[test]
fn copies_lists_the_provenance_chain_earliest_first() {
    let dir = store_with_samples();
    let hits =
        json_lines(&run(newsdesk(dir.path()).args(["search", "title:\"gets green light\"", "--format", "jsonl"])));
    let republished = hits[0]["id"].as_str().unwrap().to_string();
    let o = run(newsdesk(dir.path()).args(["copies", &republished, "--format", "jsonl"]));
    assert!(o.status.success(), "{}", stderr(&o));
    let chain = json_lines(&o);
    assert!(chain.len() >= 4, "the wire story and its republications: {chain:?}");
    assert_eq!(chain[0]["source"], "Meridian Wire", "the wire published first: {chain:?}");
    assert_eq!(chain[0]["canonical"], true);
    let first = chain[0]["id"].as_str().unwrap();
    assert!(chain[1..].iter().all(|m| m["copy_of"] == first && m["canonical"] == false), "{chain:?}");
    assert!(chain.iter().any(|m| m["id"] == republished.as_str()), "the article itself is in its chain");
    assert!(chain.iter().all(|m| m["similarity"].as_f64().unwrap() >= 0.6), "{chain:?}");
    assert!(chain.iter().all(|m| !m["title"].as_str().unwrap().contains("Storm")), "{chain:?}");

    let o = run(newsdesk(dir.path()).args(["copies", "no-such-id"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no article with id no-such-id"), "{}", stderr(&o));
}
