//! `dedup` quality on a labelled benchmark (made by `dedup-gen`): runs
//! [`newsdesk_dedup::Dedup`] exactly as `newsdesk dedup` does (the records
//! through [`InputRecord::into_article`], [`Doc::from_article`], one
//! [`Dedup::add_batch`], [`Dedup::finish`]) and compares the groups with the
//! gold `dup_group` labels: pairwise precision and recall (over pairs of
//! articles put in one group vs pairs with one gold label) and the Adjusted
//! Rand Index. Copies carrying `dup_edits` also get a recall per edit (is the
//! copy in its source's group?).

use std::collections::{BTreeMap, HashMap};
use std::path::Path;
use std::time::Instant;

use anyhow::{bail, Context};
use newsdesk_dedup::{Config, Dedup, Doc};
use newsdesk_model::InputRecord;

/// Pairwise precision, recall and ARI of a predicted clustering against gold.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PairScores {
    pub precision: f64,
    pub recall: f64,
    pub ari: f64,
    /// Pairs together in both.
    pub true_pairs: u64,
    /// Pairs together in the prediction.
    pub predicted_pairs: u64,
    /// Pairs together in gold.
    pub gold_pairs: u64,
}

fn pairs(n: u64) -> u64 {
    n * n.saturating_sub(1) / 2
}

/// Scores `predicted[i]` against `gold[i]` (any label types). Precision is 1
/// when nothing is predicted together, recall 1 when gold puts nothing
/// together; ARI is 1 when both clusterings are trivial and equal.
pub fn pair_scores<P: Eq + std::hash::Hash, G: Eq + std::hash::Hash>(predicted: &[P], gold: &[G]) -> PairScores {
    assert_eq!(predicted.len(), gold.len());
    let mut cell: HashMap<(&P, &G), u64> = HashMap::new();
    let mut rows: HashMap<&P, u64> = HashMap::new();
    let mut cols: HashMap<&G, u64> = HashMap::new();
    for (p, g) in predicted.iter().zip(gold) {
        *cell.entry((p, g)).or_default() += 1;
        *rows.entry(p).or_default() += 1;
        *cols.entry(g).or_default() += 1;
    }
    let true_pairs: u64 = cell.values().map(|&n| pairs(n)).sum();
    let predicted_pairs: u64 = rows.values().map(|&n| pairs(n)).sum();
    let gold_pairs: u64 = cols.values().map(|&n| pairs(n)).sum();
    let all = pairs(predicted.len() as u64) as f64;
    let ratio = |a: u64, b: u64| if b == 0 { 1.0 } else { a as f64 / b as f64 };
    let expected = if all > 0.0 { predicted_pairs as f64 * gold_pairs as f64 / all } else { 0.0 };
    let max = 0.5 * (predicted_pairs + gold_pairs) as f64;
    let ari = if (max - expected).abs() < 1e-12 { 1.0 } else { (true_pairs as f64 - expected) / (max - expected) };
    PairScores {
        precision: ratio(true_pairs, predicted_pairs),
        recall: ratio(true_pairs, gold_pairs),
        ari,
        true_pairs,
        predicted_pairs,
        gold_pairs,
    }
}

pub fn run(data: &Path, threshold: f64) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(data).with_context(|| format!("reading {}", data.display()))?;
    let mut articles = Vec::new();
    let mut gold = Vec::new();
    let mut edits: Vec<Vec<String>> = Vec::new();
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let record =
            InputRecord::from_json(line.as_bytes()).with_context(|| format!("{}:{}", data.display(), n + 1))?;
        let Some(group) = record.extra.get("dup_group").and_then(|v| v.as_str()).map(str::to_string) else {
            bail!("{}:{}: no \"dup_group\" label (make the benchmark with dedup-gen)", data.display(), n + 1);
        };
        let applied = record
            .extra
            .get("dup_edits")
            .and_then(|v| v.as_array())
            .map(|a| a.iter().filter_map(|e| e.as_str().map(str::to_string)).collect())
            .unwrap_or_default();
        let article = record.into_article().with_context(|| format!("{}:{}", data.display(), n + 1))?;
        articles.push(article);
        gold.push(group);
        edits.push(applied);
    }
    if articles.is_empty() {
        bail!("no articles in {}", data.display());
    }

    let start = Instant::now();
    let docs: Vec<Doc<'_>> = articles.iter().map(Doc::from_article).collect();
    let mut dedup = Dedup::new(Config { threshold, ..Config::default() })?;
    dedup.add_batch(&docs);
    let assigned = dedup.finish();
    let elapsed = start.elapsed().as_secs_f64();

    let predicted: Vec<&str> = assigned.iter().map(|a| a.group.as_str()).collect();
    let s = pair_scores(&predicted, &gold);
    let groups = gold.iter().collect::<std::collections::HashSet<_>>().len();
    let found = predicted.iter().collect::<std::collections::HashSet<_>>().len();
    println!(
        "{}: {} articles, {groups} gold groups, {found} groups found (threshold {threshold})",
        data.display(),
        articles.len()
    );
    println!(
        "pairwise precision {:.4} ({} of {} pairs)  recall {:.4} ({} of {} pairs)  ARI {:.4}",
        s.precision, s.true_pairs, s.predicted_pairs, s.recall, s.true_pairs, s.gold_pairs, s.ari
    );
    println!(
        "{:.0} articles/s ({elapsed:.3} s, sketching and grouping; parsing not counted)",
        articles.len() as f64 / elapsed
    );

    // Recall per edit: is each copy in its source's group?
    let group_of: HashMap<&str, &str> = assigned.iter().map(|a| (a.id.as_str(), a.group.as_str())).collect();
    let mut per_edit: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    let mut missed = Vec::new();
    for (i, a) in articles.iter().enumerate() {
        if edits[i].is_empty() {
            continue;
        }
        let hit = group_of.get(gold[i].as_str()) == Some(&predicted[i]);
        for e in &edits[i] {
            let c = per_edit.entry(e).or_default();
            c.0 += hit as usize;
            c.1 += 1;
        }
        if !edits[i].iter().any(|e| e == "truncate") {
            let c = per_edit.entry("(all but truncate)").or_default();
            c.0 += hit as usize;
            c.1 += 1;
        }
        let c = per_edit.entry("(all copies)").or_default();
        c.0 += hit as usize;
        c.1 += 1;
        if !hit {
            missed.push(format!("{} ({})", a.id, edits[i].join("+")));
        }
    }
    if !per_edit.is_empty() {
        println!("copy found in its source's group, by edit (a copy carries one or more edits):");
        for (e, (hit, all)) in &per_edit {
            println!("  {e:<20} {hit:>5} / {all:<5} {:.3}", *hit as f64 / *all as f64);
        }
    }
    if !missed.is_empty() {
        println!(
            "missed copies ({}): {}",
            missed.len(),
            missed.iter().take(20).cloned().collect::<Vec<_>>().join(", ")
        );
    }
    // False merges: members of one found group with different gold labels.
    let mut by_group: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, p) in predicted.iter().enumerate() {
        by_group.entry(p).or_default().push(i);
    }
    let mut wrong: Vec<String> = by_group
        .values()
        .filter(|m| m.iter().any(|&i| gold[i] != gold[m[0]]))
        .map(|m| m.iter().map(|&i| articles[i].id.as_str()).collect::<Vec<_>>().join(" + "))
        .collect();
    wrong.sort();
    if !wrong.is_empty() {
        println!("groups mixing gold groups ({}):", wrong.len());
        for w in wrong.iter().take(20) {
            println!("  {w}");
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perfect() {
        let s = pair_scores(&["x", "x", "y", "z", "z"], &[1, 1, 2, 3, 3]);
        assert_eq!((s.precision, s.recall, s.ari), (1.0, 1.0, 1.0));
        assert_eq!((s.true_pairs, s.predicted_pairs, s.gold_pairs), (2, 2, 2));
    }

    #[test]
    fn all_singletons() {
        let s = pair_scores(&[1, 2, 3, 4], &["a", "a", "b", "b"]);
        assert_eq!((s.precision, s.recall), (1.0, 0.0));
        assert!(s.ari.abs() < 1e-12);
    }

    #[test]
    fn all_merged() {
        let s = pair_scores(&[0, 0, 0, 0], &["a", "a", "b", "b"]);
        assert_eq!((s.precision, s.recall), (2.0 / 6.0, 1.0));
        assert!(s.ari.abs() < 1e-12);
    }

    #[test]
    fn known_ari() {
        // sklearn.metrics.adjusted_rand_score([0,0,1,1], [0,0,1,2]) = 0.5714285714285715
        let s = pair_scores(&[0, 0, 1, 2], &[0, 0, 1, 1]);
        assert!((s.ari - 0.5714285714285715).abs() < 1e-12, "{}", s.ari);
        assert_eq!((s.precision, s.recall), (1.0, 0.5));
        // sklearn: adjusted_rand_score([0,0,0,1,1,1], [0,0,1,1,2,2]) = 0.24242424242424243
        let s = pair_scores(&[0, 0, 1, 1, 2, 2], &[0, 0, 0, 1, 1, 1]);
        assert!((s.ari - 0.24242424242424243).abs() < 1e-12, "{}", s.ari);
    }
}
