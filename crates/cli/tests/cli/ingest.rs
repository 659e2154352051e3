use crate::{article_page, json_lines, newsdesk, run, sample, stderr};

fn export(data: &std::path::Path) -> Vec<serde_json::Value> {
    json_lines(&run(newsdesk(data).args(["export", "--format", "jsonl"])))
}

#[test]
fn ingesting_twice_stores_once() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = run(newsdesk(&data).arg("ingest").arg(sample("pages/en-wire.html")).arg(sample("articles.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    let first = export(&data);
    let o = run(newsdesk(&data).arg("ingest").arg(sample("pages/en-wire.html")).arg(sample("articles.jsonl")));
    assert!(stderr(&o).contains("0 new, 0 updated"), "{}", stderr(&o));
    assert_eq!(export(&data).len(), first.len());
}

#[test]
fn changed_page_updates_and_keeps_previous_version() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let page = dir.path().join("p.html");
    std::fs::write(&page, article_page(1, "")).unwrap();
    run(newsdesk(&data).arg("ingest").arg(&page));
    let before = export(&data);
    std::fs::write(&page, article_page(1, "(amended on Wednesday)")).unwrap();
    let o = run(newsdesk(&data).arg("ingest").arg(&page));
    assert!(stderr(&o).contains("0 new, 1 updated"), "{}", stderr(&o));
    let after = export(&data);
    assert_eq!(after.len(), 1);
    assert_eq!(after[0]["id"], before[0]["id"]);
    assert!(after[0]["text"].as_str().unwrap().contains("amended"));
    assert_eq!(after[0]["versions"], 2);
    assert_eq!(after[0]["first_seen"], before[0]["first_seen"]);
}

#[test]
fn warc_responses_are_stored_with_target_uri() {
    let warc = sample("warc/sample.warc.gz");
    if !warc.exists() {
        eprintln!("skipping: {} not present", warc.display());
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(&warc));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    let stored = export(dir.path());
    assert!(stored.len() >= 3, "{err}");
    assert!(stored.iter().all(|a| a["url"].as_str().is_some_and(|u| u.starts_with("http"))));
}

#[test]
fn bad_inputs_are_reported_and_the_rest_stored() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let o = run(newsdesk(&data).arg("ingest").arg(sample("nasty")).arg(sample("pages")));
    assert_eq!(o.status.code(), Some(1), "bad inputs make the run exit 1");
    let err = stderr(&o);
    assert!(err.contains("empty.html: empty input"), "{err}");
    assert!(err.contains("binary.html: not HTML"), "{err}");
    assert!(!err.contains("panicked"), "{err}");
    let stored = export(&data);
    let titles: Vec<_> = stored.iter().filter_map(|a| a["title"].as_str()).collect();
    assert!(titles.iter().any(|t| t.contains("Halvard Bay")), "{titles:?}");
    // Good JSONL lines around bad ones are stored.
    assert!(stored.len() >= 8, "{} stored; stderr: {err}", stored.len());
}

#[test]
fn jsonl_records_keep_their_fields() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(sample("articles.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    let stored = export(dir.path());
    let lines = std::fs::read_to_string(sample("articles.jsonl")).unwrap();
    let inputs: Vec<serde_json::Value> = lines.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(stored.len(), inputs.len());
    for input in inputs {
        let got = stored.iter().find(|a| a["id"] == input["id"]).expect("id kept");
        assert_eq!(got["site_name"], input["source"]);
        assert_eq!(got["country"], input["country"]);
        for (k, v) in input.as_object().unwrap() {
            if !["id", "url", "title", "text", "published", "date", "source", "language", "country"]
                .contains(&k.as_str())
            {
                assert_eq!(&got[k], v, "unknown field {k} passed through");
            }
        }
    }
}
