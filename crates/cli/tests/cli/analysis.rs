use std::io::Write;
use std::process::Stdio;

use crate::{json_lines, newsdesk, run, sample, stderr, stdout};

const STORY: &str = "BRUSSELS (Reuters) - European ministers agreed on Monday to cut the bloc's \
farm subsidies by 12 percent over five years, ending months of talks. \
\"This is a fair deal for farmers and for taxpayers,\" said Maria Lopez, the Spanish agriculture minister. \
The cut will save about €4.5 billion a year, officials said. \
Farmers' groups protested outside the meeting. Lopez said the savings would go to rural broadband. \
Talks on fishing quotas resume next month.";

fn write_input(dir: &std::path::Path) -> std::path::PathBuf {
    let lines = [
        serde_json::json!({"id": "eu", "title": "EU ministers cut farm subsidies", "language": "en", "text": STORY})
            .to_string(),
        "{\"id\": \"broken\"".to_string(),
        serde_json::json!({"id": "empty", "text": ""}).to_string(),
    ];
    let path = dir.join("in.jsonl");
    std::fs::write(&path, lines.join("\n")).unwrap();
    path
}

#[test]
fn summarize_quotes_and_figures_stream_jsonl_and_report_bad_lines() {
    let dir = tempfile::tempdir().unwrap();
    let input = write_input(dir.path());
    let chars: Vec<char> = STORY.chars().collect();

    let o = run(newsdesk(dir.path()).args(["summarize", "--sentences", "2", "--input"]).arg(&input));
    assert_eq!(o.status.code(), Some(1), "a bad line exits 1: {}", stderr(&o));
    assert!(stderr(&o).contains("line 2:"), "{}", stderr(&o));
    let lines = json_lines(&o);
    assert_eq!(lines.len(), 2, "the good lines, in input order");
    assert_eq!(lines[0]["id"], "eu");
    let summary = lines[0]["summary"].as_array().unwrap();
    assert_eq!(summary.len(), 2);
    assert!(summary[0].as_str().unwrap().starts_with("European ministers agreed"), "dateline cut: {summary:?}");
    assert_eq!(lines[1]["summary"], serde_json::json!([]), "an empty text has an empty summary");

    let o = run(newsdesk(dir.path()).args(["quotes", "--input"]).arg(&input));
    let lines = json_lines(&o);
    let quotes = lines[0]["quotes"].as_array().unwrap();
    let direct = quotes.iter().find(|q| q["direct"] == true).expect("the direct quote");
    assert_eq!(direct["speaker_name"], "Maria Lopez");
    // Offsets count characters (the text has a multi-byte "€").
    for q in quotes {
        let (s, e) = (q["content_start"].as_u64().unwrap() as usize, q["content_end"].as_u64().unwrap() as usize);
        assert_eq!(chars[s..e].iter().collect::<String>(), q["content"].as_str().unwrap());
    }
    assert!(
        quotes.iter().any(|q| q["speaker"] == "Lopez" && q["speaker_name"] == "Maria Lopez"),
        "a surname resolves to the full name: {quotes:?}"
    );

    // From stdin this time.
    let mut child = newsdesk(dir.path())
        .arg("figures")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child.stdin.take().unwrap().write_all(std::fs::read(&input).unwrap().as_slice()).unwrap();
    let o = child.wait_with_output().unwrap();
    let lines = json_lines(&o);
    let figures = lines[0]["figures"].as_array().unwrap();
    let percent = figures.iter().find(|f| f["unit"] == "percent").expect("12 percent");
    assert_eq!(percent["value"], 12.0);
    let euros = figures.iter().find(|f| f["unit"] == "EUR").expect("€4.5 billion");
    assert_eq!(euros["value"], 4.5e9);

    let o = run(newsdesk(dir.path()).args(["places", "--input"]).arg(&input));
    let lines = json_lines(&o);
    let places = &lines[0]["places"];
    assert_eq!(places["dateline_country"], "BE", "{places}");
    let countries: Vec<&str> =
        places["countries"].as_array().unwrap().iter().map(|c| c["code"].as_str().unwrap()).collect();
    assert_eq!(countries.first(), Some(&"BE"), "the dateline weighs most: {places}");
    assert!(countries.contains(&"ES"), "\"Spanish\" is about Spain: {places}");
}

#[test]
fn ingest_stores_analyses_that_show_returns() {
    let dir = tempfile::tempdir().unwrap();
    let o = run(newsdesk(dir.path()).arg("ingest").arg(sample("articles.jsonl")));
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains(" analysed"), "{}", stderr(&o));
    let first = json_lines(&run(newsdesk(dir.path()).args(["list", "--format", "jsonl", "--limit", "3"])));
    for a in first {
        let id = a["id"].as_str().unwrap();
        let shown = stdout(&run(newsdesk(dir.path()).args(["show", id, "--format", "json"])));
        let json: serde_json::Value = serde_json::from_str(&shown).unwrap();
        let summary = json["analysis"]["summary"].as_array().unwrap();
        assert!(!summary.is_empty(), "{id}: {json}");
        assert!(json["analysis"]["quotes"].is_array() && json["analysis"]["figures"].is_array());
        assert!(json["analysis"]["places"]["countries"].is_array() && json["analysis"]["claims"].is_array());
    }
}

#[test]
fn claims_flag_an_assertion_made_without_data() {
    let dir = tempfile::tempdir().unwrap();
    let text = "WASHINGTON (AP) — The State Department says migration from the region is linked to higher \
crime in European cities. A State Department spokesperson, asked for figures, did not provide supporting data. \
Independent research generally finds no such link. \"We will keep our borders safe,\" President John Miller said on Tuesday.";
    let path = dir.path().join("in.jsonl");
    std::fs::write(&path, serde_json::json!({"id": "w", "language": "en", "text": text}).to_string()).unwrap();
    let o = run(newsdesk(dir.path()).args(["claims", "--input"]).arg(&path));
    assert!(o.status.success(), "{}", stderr(&o));
    let lines = json_lines(&o);
    let claims = lines[0]["claims"].as_array().unwrap();
    let crime = claims.iter().find(|c| c["text"].as_str().unwrap().contains("higher crime")).expect("the crime claim");
    assert!(crime["claimant_name"].as_str().unwrap().contains("State Department"), "{crime}");
    assert!(matches!(crime["evidence"].as_str(), Some("none_given" | "contested")), "{crime}");
    let chars: Vec<char> = text.chars().collect();
    let (s, e) = (crime["start"].as_u64().unwrap() as usize, crime["end"].as_u64().unwrap() as usize);
    assert_eq!(chars[s..e].iter().collect::<String>(), crime["text"].as_str().unwrap());
    assert!(claims.iter().any(|c| c["claimant_name"] == "John Miller"), "{claims:?}");
}
