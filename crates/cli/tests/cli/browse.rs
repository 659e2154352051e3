use crate::{json_lines, newsdesk, run, sample, stderr, stdout};

fn store_with_samples() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(sample("articles.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    dir
}

#[test]
fn show_prints_text_markdown_and_json() {
    let dir = store_with_samples();
    let first = json_lines(&run(newsdesk(dir.path()).args(["list", "--format", "jsonl", "--limit", "1"])));
    let id = first[0]["id"].as_str().unwrap().to_string();
    let title = first[0]["title"].as_str().unwrap().to_string();
    let text = stdout(&run(newsdesk(dir.path()).args(["show", &id])));
    assert!(text.starts_with(&title), "{text}");
    let md = stdout(&run(newsdesk(dir.path()).args(["show", &id, "--format", "markdown"])));
    assert!(md.starts_with("# "), "{md}");
    let json: serde_json::Value =
        serde_json::from_str(&stdout(&run(newsdesk(dir.path()).args(["show", &id, "--format", "json"])))).unwrap();
    assert_eq!(json["id"], id.as_str());
    let o = run(newsdesk(dir.path()).args(["show", "no-such-id"]));
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("no article with id no-such-id"));
}

#[test]
fn list_filters_by_source_and_date_newest_first() {
    let dir = store_with_samples();
    let all = json_lines(&run(newsdesk(dir.path()).args(["list", "--format", "jsonl", "--limit", "1000"])));
    let days: Vec<String> = all.iter().filter_map(|a| a["published"].as_str()).map(|p| p[..10].to_string()).collect();
    let mut sorted = days.clone();
    sorted.sort_by(|a, b| b.cmp(a));
    assert_eq!(days, sorted, "newest first");
    let source = all[0]["site_name"].as_str().unwrap().to_uppercase();
    let only = json_lines(&run(newsdesk(dir.path()).args(["list", "--format", "jsonl", "--source", &source])));
    assert!(!only.is_empty());
    assert!(only.iter().all(|a| a["site_name"].as_str().unwrap().eq_ignore_ascii_case(&source)));
    let since = &days[days.len() / 2];
    let recent =
        json_lines(&run(newsdesk(dir.path()).args(["list", "--format", "jsonl", "--limit", "1000", "--since", since])));
    assert!(recent.iter().all(|a| &a["published"].as_str().unwrap()[..10] >= since.as_str()));
    assert!(recent.len() < all.len());
    let table = stdout(&run(newsdesk(dir.path()).args(["list", "--limit", "2"])));
    assert_eq!(table.lines().count(), 3, "{table}");
}

#[test]
fn export_csv_has_a_row_per_article() {
    let dir = store_with_samples();
    let o = run(newsdesk(dir.path()).args(["export", "--format", "csv"]));
    let mut rdr = csv::Reader::from_reader(o.stdout.as_slice());
    let headers = rdr.headers().unwrap().clone();
    assert_eq!(&headers[0], "id");
    let rows: Vec<_> = rdr.records().map(Result::unwrap).collect();
    let n = std::fs::read_to_string(sample("articles.jsonl")).unwrap().lines().count();
    assert_eq!(rows.len(), n);
    assert!(rows.iter().all(|r| !r[14].is_empty()), "text column filled");
}

#[test]
fn stats_count_articles_and_sources() {
    let dir = store_with_samples();
    let s: serde_json::Value =
        serde_json::from_str(&stdout(&run(newsdesk(dir.path()).args(["stats", "--format", "json"])))).unwrap();
    let n = std::fs::read_to_string(sample("articles.jsonl")).unwrap().lines().count() as u64;
    assert_eq!(s["articles"], n);
    assert!(!s["sources"].as_array().unwrap().is_empty());
}

#[test]
fn reading_commands_refuse_a_missing_store() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(&dir.path().join("nothing")).arg("stats"));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("no store in"), "{}", stderr(&o));
    assert!(!dir.path().join("nothing").exists(), "no empty store created");
}
