use std::io::Write;
use std::process::Stdio;

use crate::{json_lines, newsdesk, run, sample, stderr, stdout};

#[test]
fn jsonl_prints_one_object_per_input_with_path() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).args(["extract", "--format", "jsonl"]).arg(sample("pages")));
    let lines = json_lines(&o);
    let pages = std::fs::read_dir(sample("pages")).unwrap().count();
    assert_eq!(lines.len(), pages, "{}", stderr(&o));
    for l in &lines {
        let path = l["path"].as_str().unwrap();
        assert!(path.ends_with(".html"), "{path}");
        assert!(l.get("text").is_some() || l.get("error").is_some(), "{l}");
    }
}

#[test]
fn failed_inputs_print_an_error_object_and_exit_1() {
    let dir = tempfile::tempdir().unwrap();
    let o =
        run(newsdesk(dir.path()).args(["extract"]).arg(sample("nasty/empty.html")).arg(sample("pages/en-wire.html")));
    assert_eq!(o.status.code(), Some(1));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2);
    let err = lines.iter().find(|l| l.get("error").is_some()).expect("an error object");
    assert!(err["path"].as_str().unwrap().ends_with("empty.html"));
    assert!(stderr(&o).contains("empty.html: empty input"), "{}", stderr(&o));
    assert!(lines.iter().any(|l| l["title"].as_str().is_some_and(|t| t.contains("Halvard Bay"))));
}

#[test]
fn all_good_inputs_exit_0() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).args(["extract"]).arg(sample("pages/en-wire.html")));
    assert!(o.status.success(), "{}", stderr(&o));
}

#[test]
fn reads_html_from_stdin_with_url() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = newsdesk(dir.path())
        .args(["extract", "--url", "https://gazette.example/2025/03/14/x", "--format", "text"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(crate::article_page(1, "").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let text = stdout(&o);
    assert!(text.contains("The mayor said the first phase"), "{text}");
    assert!(!text.contains("About us"));
}

#[test]
fn reads_jsonl_from_stdin_keeping_ids_and_unknown_fields() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = newsdesk(dir.path())
        .arg("extract")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let line = serde_json::json!({"id": "mine-7", "url": "https://gazette.example/a", "html": crate::article_page(7, ""), "batch": 3});
    child.stdin.take().unwrap().write_all(format!("{line}\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1, "{}", stderr(&o));
    assert_eq!(lines[0]["id"], "mine-7");
    assert_eq!(lines[0]["batch"], 3);
    assert_eq!(lines[0]["path"], "-:1");
}

#[test]
fn markdown_keeps_headline_and_paragraphs() {
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("p.html");
    std::fs::write(&page, crate::article_page(3, "")).unwrap();
    let o = run(newsdesk(dir.path()).args(["extract", "--format", "markdown"]).arg(&page));
    let md = stdout(&o);
    assert!(md.starts_with("# Council vote 3"), "{md}");
    assert!(md.contains("\n\nSupporters said the measure"), "{md}");
}

#[test]
fn gzipped_pages_in_directories_are_read() {
    let dir = tempfile::tempdir().unwrap();
    let sub = dir.path().join("a/b");
    std::fs::create_dir_all(&sub).unwrap();
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
    gz.write_all(crate::article_page(4, "").as_bytes()).unwrap();
    std::fs::write(sub.join("p.html.gz"), gz.finish().unwrap()).unwrap();
    std::fs::write(sub.join("notes.txt"), "not a page").unwrap();
    let o = run(newsdesk(dir.path()).arg("extract").arg(dir.path().join("a")));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 1, "{}", stderr(&o));
    assert!(lines[0]["text"].as_str().unwrap().contains("proposal number 4"));
}
