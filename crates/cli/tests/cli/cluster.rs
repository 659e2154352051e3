use crate::{json_lines, newsdesk, run, stderr, stdout};

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

/// Five reports of one event in different words, none dated.
const REID: [(&str, &str); 5] = [
    ("Tara Reid enters Promises rehab", WIRE),
    ("Tara Reid in rehab at Promises", SAME_EVENT),
    (
        "Actress Tara Reid checks into Malibu rehab",
        "Tara Reid has checked into the Promises Treatment Center in Malibu, People magazine reported, citing her publicist Jack Ketsoyan.",
    ),
    (
        "American Pie star Reid goes to rehab",
        "The American Pie actress Tara Reid entered rehab at Promises in Malibu this week; publicist Jack Ketsoyan asked for privacy.",
    ),
    (
        "Reid seeks treatment at Promises",
        "Jack Ketsoyan, publicist for Tara Reid, said the actress is being treated at the Promises Treatment Center in Malibu, California.",
    ),
];
const FLOOD: &str = "Floods swept through the Bavarian town of Passau on Monday after the Danube and Inn rivers burst their banks, forcing thousands of residents to leave their homes.";

#[test]
fn sparse_dates_years_apart_do_not_split_the_undated_articles_of_one_event() {
    let dir = tempfile::tempdir().unwrap();
    // Two of seven articles dated (as when dates come from some URLs only),
    // eight years apart, in an order that says nothing about time: the
    // undated reports of one event must not be split by the jump between
    // the dates (by idle closing on that clock).
    let r = |k: usize, id: &str| record(id, REID[k].0, None, REID[k].1);
    let input = [
        r(0, "r0"),
        record("flood", "Danube floods Passau", Some("2013-06-03"), FLOOD),
        r(1, "r1"),
        r(2, "r2"),
        record("quake", "Magnitude 6.1 quake strikes off Sumatra", Some("2005-03-29"), OTHER),
        r(3, "r3"),
        r(4, "r4"),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let reid_stories = |o: &std::process::Output| {
        let lines = json_lines(o);
        let mut s: Vec<u64> = lines
            .iter()
            .filter(|l| l["id"].as_str().unwrap().starts_with('r'))
            .map(|l| l["story"].as_u64().unwrap())
            .collect();
        s.sort_unstable();
        s.dedup();
        s
    };
    let o = run(newsdesk(dir.path()).args(["cluster", "--input"]).arg(&path));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("5 of 7 article(s) without a date: too few dates to order the stream"), "{err}");
    assert_eq!(reid_stories(&o).len(), 1, "one event, one story: {}", stdout(&o));
    let stories: Vec<u64> = json_lines(&o).iter().map(|l| l["story"].as_u64().unwrap()).collect();
    assert_ne!(stories[1], stories[0], "the flood is another story");
    assert_ne!(stories[4], stories[0], "the quake is another story");
    // --idle-days closes by the dates anyway: the clock jumps from 2005 to
    // 2013 between r3/r4 (after the quake) and r1/r2 (after the flood).
    let o = run(newsdesk(dir.path()).args(["cluster", "--idle-days", "3", "--input"]).arg(&path));
    let err = stderr(&o);
    assert!(err.contains("5 article(s) without a date: each is processed in input order"), "{err}");
    assert_eq!(reid_stories(&o).len(), 2, "split at the jump: {}", stdout(&o));
}

#[test]
fn a_dated_stream_still_closes_idle_stories() {
    let dir = tempfile::tempdir().unwrap();
    // Mostly dated: one undated article of the second wave rides on the date
    // before it. A wave of the same event four years later opens a new story.
    let input = [
        record("a0", REID[0].0, Some("2008-04-30"), REID[0].1),
        record("a1", REID[1].0, Some("2008-05-01"), REID[1].1),
        record("quake", "Magnitude 6.1 quake strikes off Sumatra", Some("2012-03-29"), OTHER),
        record("b0", REID[2].0, Some("2012-03-30"), REID[2].1),
        record("b1", REID[3].0, None, REID[3].1),
        record("b2", REID[4].0, Some("2012-03-31"), REID[4].1),
    ]
    .join("\n");
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, &input).unwrap();
    let o = run(newsdesk(dir.path()).args(["cluster", "--input"]).arg(&path));
    let err = stderr(&o);
    assert!(o.status.success(), "{err}");
    assert!(err.contains("1 article(s) without a date: each is processed in input order"), "{err}");
    let s: Vec<u64> = json_lines(&o).iter().map(|l| l["story"].as_u64().unwrap()).collect();
    assert_eq!(s[0], s[1], "{}", stdout(&o));
    assert_eq!((s[3], s[4]), (s[5], s[5]), "{}", stdout(&o));
    assert_ne!(s[3], s[0], "idle for four years: a new story: {}", stdout(&o));
}
