//! `cluster-score GOLD PRED...`: scores story assignments made elsewhere
//! (`newsdesk cluster --format jsonl` output: one `{"id", "story"}` line per
//! article, extra fields ignored) against gold events, with the metrics of
//! `newsdesk-eval cluster`: B-cubed P/R/F1, pairwise P/R/F1 and ARI (Miranda
//! et al. 2018), B-cubed F1 against the coarser topics when the gold file has
//! them, and stories predicted (gold), per split and overall.
//!
//! GOLD is JSONL with `id`, `story` (the gold event) and optional `topic` and
//! `split` (the clustering-dev layout; other fields are ignored). Every gold
//! id must be in PRED, or the command fails naming how many are missing and
//! the first few; with `--allow-missing` each missing article is scored as a
//! story of its own. PRED ids that are not in GOLD are ignored and counted.
//! Duplicate ids, in either file, and lines that are not a JSON object with
//! the fields are errors that name the file and line.

use std::collections::{HashMap, HashSet};
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::Value;

use crate::cluster::{bcubed, f1, BCubed};
use crate::dedup::pair_scores;

/// Ids listed in an error or a note.
const FIRST_FEW: usize = 5;

/// One gold article.
#[derive(Debug, Clone, PartialEq)]
pub struct GoldRecord {
    pub id: String,
    pub story: String,
    pub topic: Option<String>,
    pub split: Option<String>,
}

/// A string label, or an integer one written as a string (`newsdesk cluster`
/// writes story ids as numbers).
fn label(v: &Value) -> Option<String> {
    match v {
        Value::String(s) => Some(s.clone()),
        Value::Number(n) if n.is_u64() || n.is_i64() => Some(n.to_string()),
        _ => None,
    }
}

/// The non-blank lines of a JSONL file as (1-based line number, object).
fn objects<'a>(
    bytes: &'a [u8],
    name: &'a str,
) -> impl Iterator<Item = anyhow::Result<(usize, serde_json::Map<String, Value>)>> + 'a {
    bytes.split(|&b| b == b'\n').enumerate().filter_map(move |(i, line)| {
        let n = i + 1;
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.iter().all(u8::is_ascii_whitespace) {
            return None;
        }
        Some(match serde_json::from_slice::<Value>(line) {
            Ok(Value::Object(m)) => Ok((n, m)),
            Ok(_) => Err(anyhow::anyhow!("{name} line {n}: not a JSON object")),
            Err(e) => Err(anyhow::anyhow!("{name} line {n}: bad JSON: {e}")),
        })
    })
}

/// A required label field (string or integer).
fn required(m: &serde_json::Map<String, Value>, field: &str, name: &str, n: usize) -> anyhow::Result<String> {
    match m.get(field) {
        None | Some(Value::Null) => bail!("{name} line {n}: no \"{field}\""),
        Some(v) => label(v).with_context(|| format!("{name} line {n}: \"{field}\" is not a string or an integer")),
    }
}

/// An optional label field: absent and null are `None`.
fn optional(m: &serde_json::Map<String, Value>, field: &str, name: &str, n: usize) -> anyhow::Result<Option<String>> {
    match m.get(field) {
        None | Some(Value::Null) => Ok(None),
        Some(v) => {
            Ok(Some(label(v).with_context(|| format!("{name} line {n}: \"{field}\" is not a string or an integer"))?))
        }
    }
}

/// Fails on an id seen before, naming both lines.
fn check_unique(first: &mut HashMap<String, usize>, id: &str, name: &str, n: usize) -> anyhow::Result<()> {
    if let Some(m) = first.get(id) {
        bail!("{name} line {n}: duplicate id {id:?} (first on line {m})");
    }
    first.insert(id.to_owned(), n);
    Ok(())
}

/// Parses a gold JSONL file (`name` is used in errors).
pub fn parse_gold(bytes: &[u8], name: &str) -> anyhow::Result<Vec<GoldRecord>> {
    let mut out = Vec::new();
    let mut first = HashMap::new();
    for r in objects(bytes, name) {
        let (n, m) = r?;
        let id = required(&m, "id", name, n)?;
        check_unique(&mut first, &id, name, n)?;
        out.push(GoldRecord {
            story: required(&m, "story", name, n)?,
            topic: optional(&m, "topic", name, n)?,
            split: optional(&m, "split", name, n)?,
            id,
        });
    }
    if out.is_empty() {
        bail!("{name}: no records");
    }
    Ok(out)
}

/// Parses predicted `(id, story)` pairs (`name` is used in errors).
pub fn parse_pred(bytes: &[u8], name: &str) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut first = HashMap::new();
    for r in objects(bytes, name) {
        let (n, m) = r?;
        let id = required(&m, "id", name, n)?;
        check_unique(&mut first, &id, name, n)?;
        let story = required(&m, "story", name, n)?;
        out.push((id, story));
    }
    Ok(out)
}

/// Predicted stories lined up with the gold records.
#[derive(Debug)]
pub struct Matched {
    /// Predicted story of each gold record (numbered; a missing article,
    /// with `allow_missing`, gets a number of its own).
    pub pred: Vec<u64>,
    /// Gold ids not in PRED (only with `allow_missing`).
    pub missing: Vec<String>,
    /// PRED ids not in GOLD, ignored.
    pub extra: Vec<String>,
}

fn first_few(ids: &[String]) -> String {
    let mut s: Vec<String> = ids.iter().take(FIRST_FEW).map(|id| format!("{id:?}")).collect();
    if ids.len() > FIRST_FEW {
        s.push("...".into());
    }
    s.join(", ")
}

/// Lines PRED up with GOLD; fails when a gold id is missing unless
/// `allow_missing`.
pub fn match_pred(
    gold: &[GoldRecord],
    pred: &[(String, String)],
    allow_missing: bool,
    name: &str,
) -> anyhow::Result<Matched> {
    let by_id: HashMap<&str, &str> = pred.iter().map(|(i, s)| (i.as_str(), s.as_str())).collect();
    let mut numbers: HashMap<&str, u64> = HashMap::new();
    let mut missing = Vec::new();
    let mut out = Vec::with_capacity(gold.len());
    for g in gold {
        match by_id.get(g.id.as_str()) {
            Some(s) => {
                let next = numbers.len() as u64;
                out.push(*numbers.entry(s).or_insert(next));
            }
            None => {
                missing.push(g.id.clone());
                out.push(u64::MAX - missing.len() as u64); // a story of its own
            }
        }
    }
    if !missing.is_empty() && !allow_missing {
        bail!(
            "{name}: {} of {} gold id(s) missing (first: {}); pass --allow-missing to score each as a story of its own",
            missing.len(),
            gold.len(),
            first_few(&missing)
        );
    }
    let gold_ids: HashSet<&str> = gold.iter().map(|g| g.id.as_str()).collect();
    let extra = pred.iter().filter(|(i, _)| !gold_ids.contains(i.as_str())).map(|(i, _)| i.clone()).collect();
    Ok(Matched { pred: out, missing, extra })
}

/// The scores of one clustering on one subset.
#[derive(Debug, Clone, Copy)]
pub struct Scores {
    pub b3: BCubed,
    pub pair_p: f64,
    pub pair_r: f64,
    pub pair_f1: f64,
    pub ari: f64,
    /// B-cubed F1 against `topic`, when every record of the subset has one.
    pub b3_topic: Option<f64>,
    pub stories: usize,
}

/// Scores the predicted stories of the records `idx`.
pub fn score(gold: &[GoldRecord], pred: &[u64], idx: &[usize]) -> Scores {
    let p: Vec<u64> = idx.iter().map(|&i| pred[i]).collect();
    let story: Vec<&str> = idx.iter().map(|&i| gold[i].story.as_str()).collect();
    let topic: Option<Vec<&str>> = idx.iter().map(|&i| gold[i].topic.as_deref()).collect();
    let ps = pair_scores(&p, &story);
    Scores {
        b3: bcubed(&p, &story),
        pair_p: ps.precision,
        pair_r: ps.recall,
        pair_f1: f1(ps.precision, ps.recall),
        ari: ps.ari,
        b3_topic: topic.map(|t| bcubed(&p, &t).f1),
        stories: p.iter().collect::<HashSet<_>>().len(),
    }
}

/// The subsets scored: each split (sorted), then "all".
fn subsets(gold: &[GoldRecord]) -> Vec<(String, Vec<usize>)> {
    crate::cluster::split_subsets(&gold.iter().map(|g| g.split.as_deref()).collect::<Vec<_>>())
}

fn row(split: &str, run: &str, s: &Scores, stories: &str) -> String {
    format!(
        "| {split} | {run} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {} | {stories} |",
        s.b3.precision,
        s.b3.recall,
        s.b3.f1,
        s.pair_p,
        s.pair_r,
        s.pair_f1,
        s.ari,
        s.b3_topic.map_or("-".into(), |t| format!("{t:.3}")),
    )
}

/// Folds one field of the scores of several runs (mean or min).
type Fold<'a> = dyn Fn(&dyn Fn(&Scores) -> f64) -> f64 + 'a;

/// The table: per subset, a row per run (label, stories), then the mean and
/// min over the runs when there are several.
pub fn table(gold: &[GoldRecord], runs: &[(String, Matched)]) -> String {
    let mut out = String::from(
        "| split | run | B3 P | B3 R | B3 F1 | pair P | pair R | pair F1 | ARI | B3 F1 vs topic | stories (gold) |\n\
         | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n",
    );
    for (name, idx) in subsets(gold) {
        let gold_stories = idx.iter().map(|&i| gold[i].story.as_str()).collect::<HashSet<_>>().len();
        let all: Vec<Scores> = runs.iter().map(|(_, m)| score(gold, &m.pred, &idx)).collect();
        for ((label, _), s) in runs.iter().zip(&all) {
            out.push_str(&row(&name, label, s, &format!("{} ({gold_stories})", s.stories)));
            out.push('\n');
        }
        if all.len() > 1 {
            let n = all.len() as f64;
            let agg = |fold: &Fold| -> (Scores, f64) {
                let b3 = BCubed {
                    precision: fold(&|s| s.b3.precision),
                    recall: fold(&|s| s.b3.recall),
                    f1: fold(&|s| s.b3.f1),
                };
                let topic = all[0].b3_topic.map(|_| fold(&|s| s.b3_topic.unwrap_or(0.0)));
                let s = Scores {
                    b3,
                    pair_p: fold(&|s| s.pair_p),
                    pair_r: fold(&|s| s.pair_r),
                    pair_f1: fold(&|s| s.pair_f1),
                    ari: fold(&|s| s.ari),
                    b3_topic: topic,
                    stories: 0,
                };
                (s, fold(&|s| s.stories as f64))
            };
            let (mean, mean_stories) = agg(&|f| all.iter().map(f).sum::<f64>() / n);
            let (min, _) = agg(&|f| all.iter().map(f).fold(f64::INFINITY, f64::min));
            out.push_str(&row(&name, "mean", &mean, &format!("{mean_stories:.0} ({gold_stories})")));
            out.push('\n');
            out.push_str(&row(&name, "min", &min, ""));
            out.push('\n');
        }
    }
    out
}

/// Notes on a run: ids ignored or scored as singletons.
fn notes(label: &str, m: &Matched) -> Vec<String> {
    let mut out = Vec::new();
    if !m.missing.is_empty() {
        out.push(format!(
            "note: {label}: {} gold id(s) missing, each scored as a story of its own (first: {})",
            m.missing.len(),
            first_few(&m.missing)
        ));
    }
    if !m.extra.is_empty() {
        out.push(format!(
            "note: {label}: {} id(s) not in the gold file ignored (first: {})",
            m.extra.len(),
            first_few(&m.extra)
        ));
    }
    out
}

/// A run's label: the PRED file's name without `.jsonl`.
fn run_label(path: &Path) -> String {
    let name = path.file_name().map_or_else(|| path.display().to_string(), |n| n.to_string_lossy().into_owned());
    name.strip_suffix(".jsonl").map(str::to_owned).unwrap_or(name)
}

pub fn run(gold_path: &Path, pred_paths: &[std::path::PathBuf], allow_missing: bool) -> anyhow::Result<()> {
    if !gold_path.exists() {
        println!("skipped: {} not found (development data is not in the repository)", gold_path.display());
        return Ok(());
    }
    let gold_name = gold_path.display().to_string();
    let bytes = std::fs::read(gold_path).with_context(|| format!("reading {gold_name}"))?;
    let gold = parse_gold(&bytes, &gold_name)?;
    let mut runs = Vec::with_capacity(pred_paths.len());
    let mut all_notes = Vec::new();
    for p in pred_paths {
        let name = p.display().to_string();
        let bytes = std::fs::read(p).with_context(|| format!("reading {name}"))?;
        let pred = parse_pred(&bytes, &name)?;
        let m = match_pred(&gold, &pred, allow_missing, &name)?;
        let label = run_label(p);
        all_notes.extend(notes(&label, &m));
        runs.push((label, m));
    }
    let stories = gold.iter().map(|g| g.story.as_str()).collect::<HashSet<_>>().len();
    println!("gold: {gold_name}: {} articles, {stories} gold stories", gold.len());
    for n in all_notes {
        println!("{n}");
    }
    println!();
    print!("{}", table(&gold, &runs));
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOLD: &str = r#"{"id": "a", "story": "x", "topic": "1", "split": "train", "text": "ignored"}
{"id": "b", "story": "x", "topic": "1", "split": "train"}

{"id": "c", "story": "y", "topic": "1", "split": "train"}
{"id": "d", "story": "z", "topic": "2", "split": "dev"}
{"id": "e", "story": "z", "topic": "2", "split": "dev"}
"#;

    fn gold() -> Vec<GoldRecord> {
        parse_gold(GOLD.as_bytes(), "gold").unwrap()
    }

    fn err<T: std::fmt::Debug>(r: anyhow::Result<T>) -> String {
        format!("{:#}", r.unwrap_err())
    }

    #[test]
    fn parses_gold_with_optional_fields() {
        let g = gold();
        assert_eq!(g.len(), 5);
        assert_eq!(
            g[0],
            GoldRecord { id: "a".into(), story: "x".into(), topic: Some("1".into()), split: Some("train".into()) }
        );
        let g =
            parse_gold(b"{\"id\": \"a\", \"story\": 3}\r\n{\"id\": \"b\", \"story\": \"3\", \"topic\": null}\n", "g")
                .unwrap();
        assert_eq!(g[0].story, "3");
        assert_eq!((g[1].topic.as_deref(), g[1].split.as_deref()), (None, None));
    }

    #[test]
    fn parses_cli_output_ignoring_extra_fields() {
        let p = parse_pred(
            br#"{"id":"a","story":17,"explain":{"score":0.5,"shared_terms":[]}}
{"id":"b","story":"s2"}"#,
            "pred",
        )
        .unwrap();
        assert_eq!(p, vec![("a".into(), "17".into()), ("b".into(), "s2".into())]);
    }

    #[test]
    fn bad_lines_are_reported_with_their_number() {
        let e = err(parse_gold(b"{\"id\": \"a\", \"story\": \"x\"}\n\n{\"id\": \"b\", \"story\": \n", "gold.jsonl"));
        assert!(e.starts_with("gold.jsonl line 3: bad JSON"), "{e}");
        let e = err(parse_pred(b"{\"id\":\"a\",\"story\":1}\n[1, 2]\n", "pred.jsonl"));
        assert_eq!(e, "pred.jsonl line 2: not a JSON object");
        let e = err(parse_pred(b"{\"id\":\"a\"}\n", "pred.jsonl"));
        assert_eq!(e, "pred.jsonl line 1: no \"story\"");
        let e = err(parse_pred(b"{\"id\":\"a\",\"story\":1.5}\n", "pred.jsonl"));
        assert_eq!(e, "pred.jsonl line 1: \"story\" is not a string or an integer");
        let e = err(parse_gold(b"{\"story\":\"x\"}\n", "gold.jsonl"));
        assert_eq!(e, "gold.jsonl line 1: no \"id\"");
        let e = err(parse_gold(b"\n\n", "gold.jsonl"));
        assert_eq!(e, "gold.jsonl: no records");
    }

    #[test]
    fn duplicate_ids_are_errors() {
        let e = err(parse_gold(
            b"{\"id\":\"a\",\"story\":\"x\"}\n{\"id\":\"b\",\"story\":\"x\"}\n{\"id\":\"a\",\"story\":\"y\"}\n",
            "gold",
        ));
        assert_eq!(e, "gold line 3: duplicate id \"a\" (first on line 1)");
        let e = err(parse_pred(b"{\"id\":\"a\",\"story\":1}\n\n{\"id\":\"a\",\"story\":1}\n", "pred"));
        assert_eq!(e, "pred line 3: duplicate id \"a\" (first on line 1)");
    }

    #[test]
    fn missing_gold_ids_fail_unless_allowed() {
        let g = gold();
        let pred: Vec<(String, String)> = vec![("a".into(), "1".into()), ("b".into(), "1".into())];
        let e = err(match_pred(&g, &pred, false, "pred"));
        assert_eq!(
            e,
            "pred: 3 of 5 gold id(s) missing (first: \"c\", \"d\", \"e\"); pass --allow-missing to score each as a story of its own"
        );
        let m = match_pred(&g, &pred, true, "pred").unwrap();
        assert_eq!(m.missing, vec!["c", "d", "e"]);
        // the missing articles are singletons: d and e are apart
        let s = score(&g, &m.pred, &(0..5).collect::<Vec<_>>());
        assert_eq!(s.stories, 4);
        assert_eq!(s.pair_p, 1.0);
        assert!((s.pair_r - 0.5).abs() < 1e-12); // ab found, de not
    }

    #[test]
    fn extra_pred_ids_are_ignored_and_counted() {
        let g = gold();
        let mut pred: Vec<(String, String)> =
            ["a", "b", "c", "d", "e"].iter().map(|i| (i.to_string(), "1".to_string())).collect();
        pred.insert(2, ("zz".into(), "1".into()));
        let m = match_pred(&g, &pred, false, "pred").unwrap();
        assert_eq!(m.extra, vec!["zz"]);
        assert_eq!(m.pred, vec![0; 5]);
        assert_eq!(notes("run", &m), vec!["note: run: 1 id(s) not in the gold file ignored (first: \"zz\")"]);
    }

    #[test]
    fn scores_per_split_and_all() {
        let g = gold();
        // perfect on dev, c joined with a and b on train
        let pred: Vec<(String, String)> = [("e", "9"), ("d", "9"), ("c", "1"), ("b", "1"), ("a", "1")]
            .iter()
            .map(|(i, s)| (i.to_string(), s.to_string()))
            .collect();
        let m = match_pred(&g, &pred, false, "pred").unwrap();
        let t = table(&g, &[("file".into(), m)]);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 5, "{t}");
        assert_eq!(lines[2], "| dev | file | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1 (1) |");
        // train: precision a,b 2/3, c 1/3 -> 5/9; recall 1; topic all one -> 1
        assert!(lines[3].starts_with("| train | file | 0.556 | 1.000 | 0.714 | 0.333 | 1.000 | 0.500 |"), "{t}");
        assert!(lines[3].ends_with("| 1.000 | 1 (2) |"), "{t}");
        assert!(lines[4].starts_with("| all | file |") && lines[4].ends_with("| 2 (3) |"), "{t}");
    }

    #[test]
    fn several_runs_get_mean_and_min_rows() {
        let g: Vec<GoldRecord> = gold().into_iter().map(|r| GoldRecord { topic: None, split: None, ..r }).collect();
        let ids = ["a", "b", "c", "d", "e"];
        let one = |stories: [&str; 5]| -> Matched {
            let p: Vec<(String, String)> =
                ids.iter().zip(stories).map(|(i, s)| (i.to_string(), s.to_string())).collect();
            match_pred(&g, &p, false, "p").unwrap()
        };
        let runs = vec![("s1".into(), one(["1", "1", "2", "3", "3"])), ("s2".into(), one(["1", "2", "3", "4", "5"]))];
        let t = table(&g, &runs);
        let lines: Vec<&str> = t.lines().collect();
        assert_eq!(lines.len(), 6, "{t}");
        assert_eq!(lines[2], "| all | s1 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | 1.000 | - | 3 (3) |");
        // s2: B3 P 1, R (1/2+1/2+1+1/2+1/2)/5 = 0.6; no pairs predicted: pair P 1 (pair_scores' convention), R 0
        assert!(lines[3].starts_with("| all | s2 | 1.000 | 0.600 | 0.750 |"), "{t}");
        assert!(
            lines[4].starts_with("| all | mean | 1.000 | 0.800 | 0.875 |") && lines[4].ends_with("| - | 4 (3) |"),
            "{t}"
        );
        assert!(lines[5].starts_with("| all | min | 1.000 | 0.600 | 0.750 |") && lines[5].ends_with("| - |  |"), "{t}");
    }

    #[test]
    fn absent_gold_file_is_skipped() {
        run(Path::new("/nonexistent/gold.jsonl"), &["/nonexistent/pred.jsonl".into()], false).unwrap();
    }

    #[test]
    fn labels_are_file_stems() {
        assert_eq!(run_label(Path::new("/tmp/x/shuffle-3.jsonl")), "shuffle-3");
        assert_eq!(run_label(Path::new("out.txt")), "out.txt");
    }
}
