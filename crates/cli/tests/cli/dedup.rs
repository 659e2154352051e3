use std::io::Write;
use std::process::Stdio;

use crate::{json_lines, newsdesk, run, stderr};

const WIRE: &str = "The city council voted on Tuesday to close the old town to cars from next spring, after a debate that lasted more than four hours and drew a crowd of residents to the chamber.\n\nSupporters said the measure would ease traffic and clean the air, while shop owners warned that they would lose customers during the works on the main street.\n\nThe mayor said the first phase of construction would begin in the autumn and that residents would be consulted again before the second phase starts next year.";

fn record(id: &str, date: &str, text: &str) -> String {
    serde_json::json!({ "id": id, "published": date, "text": text }).to_string()
}

#[test]
fn groups_copies_reports_bad_lines_and_exits_1() {
    let dir = tempfile::tempdir().unwrap();
    let copy = format!("BERLIN (AP) — {}\n\nReporting by Jane Roe", WIRE.replace("Tuesday", "Tuesday "));
    let other = "Heavy rain flooded the harbour district overnight and the fire brigade pumped water out of dozens of cellars, while the river rose above its banks for the first time in a decade.";
    let input = [
        record("copy", "2025-03-14T10:00:00Z", &copy),
        "{not json".to_string(),
        record("wire", "2025-03-14T08:00:00Z", WIRE),
        String::new(),
        record("other", "2025-03-14", other),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let o = run(newsdesk(dir.path()).args(["dedup", "--format", "jsonl", "--input"]).arg(&path));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 2:"), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 3);
    assert_eq!(lines[0]["id"], "copy");
    assert_eq!(lines[0]["copy_of"], "wire");
    assert_eq!(lines[0]["group"], "wire");
    assert_eq!(lines[0]["canonical"], false);
    assert!(lines[0]["similarity"].as_f64().unwrap() > 0.8, "{}", lines[0]);
    assert_eq!(lines[1]["canonical"], true);
    assert!(lines[1]["copy_of"].is_null());
    assert_eq!(lines[2]["group"], "other");

    // The same from stdin, all good: exit 0.
    let good: Vec<&str> = input.lines().filter(|l| !l.starts_with("{not")).collect();
    let mut child = newsdesk(dir.path())
        .args(["dedup", "--threshold", "0.7"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(good.join("\n").as_bytes()).unwrap();
    let o = child.wait_with_output().unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(json_lines(&o)[0]["copy_of"], "wire");

    let o = run(newsdesk(dir.path()).args(["dedup", "--threshold", "0"]).arg("--input").arg(&path));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

#[test]
fn a_line_that_is_not_utf8_is_one_bad_line_and_a_bare_day_ranks_after_a_time_that_day() {
    let dir = tempfile::tempdir().unwrap();
    let mut input = Vec::new();
    input.extend_from_slice(record("day", "2025-03-14", WIRE).as_bytes());
    input.extend_from_slice(b"\n{\"id\":\"bad\",\"text\":\"caf\xe9\"}\n");
    input.extend_from_slice(record("timed", "2025-03-14T18:00:00Z", WIRE).as_bytes());
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let o = run(newsdesk(dir.path()).args(["dedup", "--input"]).arg(&path));
    assert_eq!(o.status.code(), Some(1), "{}", stderr(&o));
    assert!(stderr(&o).contains("line 2:"), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[0]["copy_of"], "timed");
    assert_eq!(lines[1]["canonical"], true);
}
