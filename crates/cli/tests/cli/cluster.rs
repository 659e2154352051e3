use crate::{json_lines, newsdesk, run, stderr};

const WIRE: &str = "Actress Tara Reid has entered the Promises Treatment Center in Malibu, California, her publicist Jack Ketsoyan said on Friday.\n\nReid, 33, who starred in American Pie, checked into the facility earlier this week, Ketsoyan told People magazine, asking for privacy for the actress and her family.\n\nPromises has treated many Hollywood stars over the years, and Reid's stay is expected to last several weeks.";
const SAME_EVENT: &str = "Tara Reid is in rehab. The American Pie actress checked into Promises in Malibu this week, publicist Jack Ketsoyan confirmed to People magazine on Friday.";
const OTHER: &str = "A magnitude 6.1 earthquake struck off the coast of Sumatra in Indonesia on Tuesday, the USGS said, shaking buildings in Padang but causing no tsunami.";

fn record(id: &str, title: &str, date: Option<&str>, text: &str) -> String {
    serde_json::json!({ "id": id, "title": title, "published": date, "text": text }).to_string()
}

#[test]
fn copies_share_a_story_other_events_do_not_and_bad_input_is_reported() {
    let dir = tempfile::tempdir().unwrap();
    let copy = format!("LOS ANGELES (AP) — {WIRE}\n\nCopyright 2008 The Associated Press.");
    let input = [
        record("copy", "Reid checks into rehab - report", Some("2008-04-30T12:00:00Z"), &copy),
        record("wire", "Tara Reid enters Promises rehab", Some("2008-04-30T08:00:00Z"), WIRE),
        "{not json".to_string(),
        record("same", "Tara Reid in rehab at Promises", None, SAME_EVENT),
        record("quake", "Magnitude 6.1 quake strikes off Sumatra", Some("2008-04-29T03:00:00Z"), OTHER),
        record("wire", "Tara Reid enters Promises rehab", Some("2008-04-30T08:00:00Z"), WIRE),
        record("empty", "", Some("2008-05-01T00:00:00Z"), ""),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let o = run(newsdesk(dir.path()).args(["cluster", "--explain", "--input"]).arg(&path));
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("line 3:"), "{err}");
    assert!(err.contains("duplicate id \"wire\""), "{err}");
    assert!(err.contains("1 article(s) without a date"), "{err}");
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 6, "one line per good input line, in input order");
    let ids: Vec<&str> = lines.iter().map(|l| l["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["copy", "wire", "same", "quake", "wire", "empty"]);
    let story = |k: usize| lines[k]["story"].as_u64().unwrap();
    assert_eq!(story(0), story(1), "a syndicated copy shares its original's story");
    assert_eq!(lines[0]["explain"]["reason"], "copy", "{}", lines[0]);
    assert_eq!(lines[0]["explain"]["copy_of"], "wire", "{}", lines[0]);
    assert_eq!(story(2), story(1), "the same event in other words joins: {}", lines[2]);
    let shared = lines[2]["explain"]["shared_terms"].as_array().unwrap();
    assert!(shared.iter().any(|t| t[0] == "tara reid"), "{}", lines[2]);
    assert!(lines[2]["explain"]["score"].as_f64().unwrap() >= lines[2]["explain"]["threshold"].as_f64().unwrap());
    assert_ne!(story(3), story(1), "another event is another story");
    assert_eq!(story(4), story(1), "a duplicate id keeps its story");
    assert_ne!(story(5), story(1), "an empty text opens its own story: {}", lines[5]);
    // Without --explain: just {id, story}.
    let o = run(newsdesk(dir.path()).args(["cluster", "--no-copies", "--input"]).arg(&path));
    let first = &json_lines(&o)[0];
    assert_eq!(first.as_object().unwrap().len(), 2, "{first}");
}

#[test]
fn a_bad_setting_is_refused_with_exit_2() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).args(["cluster", "--threshold", "1.5", "--input", "/dev/null"]));
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    assert!(stderr(&o).contains("threshold"), "{}", stderr(&o));
    let o = run(newsdesk(dir.path()).args(["cluster", "--input", "/no/such/file.jsonl"]));
    assert_eq!(o.status.code(), Some(2));
    assert!(stderr(&o).contains("/no/such/file.jsonl"), "{}", stderr(&o));
}
