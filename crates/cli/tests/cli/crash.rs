//! SIGKILL in the middle of a large ingest must leave a store that opens,
//! holds only whole articles, and ends with every article exactly once after
//! the ingest is run again.

use std::collections::HashSet;
use std::io::Write;
use std::process::Stdio;
use std::time::{Duration, Instant};

use crate::{article_page, json_lines, newsdesk, run, stderr, stdout};

const PAGES: usize = 3000;

fn stored_count(data: &std::path::Path) -> u64 {
    let o = run(newsdesk(data).args(["stats", "--format", "json"]));
    serde_json::from_str::<serde_json::Value>(&stdout(&o)).ok().and_then(|v| v["articles"].as_u64()).unwrap_or(0)
}

#[test]
fn sigkill_during_ingest_leaves_no_partial_article_and_resumes() {
    let dir = tempfile::tempdir().unwrap();
    let data = dir.path().join("data");
    let input = dir.path().join("pages.jsonl");
    let mut f = std::io::BufWriter::new(std::fs::File::create(&input).unwrap());
    for n in 0..PAGES {
        let rec = serde_json::json!({"url": format!("https://gazette.example/2025/03/14/council-vote-{n}"), "html": article_page(n, "")});
        writeln!(f, "{rec}").unwrap();
    }
    f.into_inner().unwrap().sync_all().unwrap();

    let mut child = newsdesk(&data)
        .args(["ingest", "--batch-size", "20"])
        .arg(&input)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(120);
    while stored_count(&data) == 0 {
        assert!(Instant::now() < deadline, "ingest stored nothing in 120 s");
        std::thread::sleep(Duration::from_millis(20));
    }
    let finished_early = child.try_wait().unwrap().is_some();
    child.kill().unwrap(); // SIGKILL on Unix
    child.wait().unwrap();
    assert!(!finished_early, "ingest finished before it could be killed; raise PAGES");

    // The store opens and every article in it is whole.
    let partial = json_lines(&run(newsdesk(&data).args(["export", "--format", "jsonl"])));
    assert!(!partial.is_empty() && partial.len() < PAGES, "{} stored at kill time", partial.len());
    for a in &partial {
        let title = a["title"].as_str().expect("title");
        let n: usize = title.trim_start_matches("Council vote ").split_whitespace().next().unwrap().parse().unwrap();
        let text = a["text"].as_str().unwrap();
        assert!(text.contains(&format!("proposal number {n} on Tuesday")), "{text}");
        assert!(text.contains("The mayor said the first phase"), "{text}");
    }

    // The index catches up with what the store committed before the kill.
    let o = run(newsdesk(&data).args(["search", "council", "--format", "json", "--limit", "1"]));
    let found: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap_or_else(|_| panic!("{}", stderr(&o)));
    assert_eq!(found["total"].as_u64().unwrap() as usize, partial.len());

    // Run again: everything exactly once.
    let o = run(newsdesk(&data).arg("ingest").arg(&input));
    assert!(o.status.success(), "{}", stderr(&o));
    let all = json_lines(&run(newsdesk(&data).args(["export", "--format", "jsonl"])));
    assert_eq!(all.len(), PAGES);
    let ids: HashSet<_> = all.iter().map(|a| a["id"].as_str().unwrap().to_string()).collect();
    assert_eq!(ids.len(), PAGES);
    assert!(stderr(&o).contains(&format!("{} unchanged", partial.len())), "{}", stderr(&o));
    let o = run(newsdesk(&data).args(["search", "council", "--format", "json", "--limit", "1"]));
    let found: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(found["total"].as_u64().unwrap() as usize, PAGES, "search finds every article once");

    // Copy groups and stories caught up too: every article in one story.
    let o = run(newsdesk(&data).args(["stories", "--format", "jsonl", "--limit", "100000"]));
    let placed: u64 = json_lines(&o).iter().map(|s| s["articles"].as_u64().unwrap()).sum();
    assert_eq!(placed as usize, PAGES, "{}", stderr(&o));
}
