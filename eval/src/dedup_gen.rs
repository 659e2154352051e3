//! `dedup-gen`: a labelled near-duplicate benchmark from any JSONL corpus.
//!
//! Every source article is written unchanged with `dup_group` = its own id
//! (each source article is its own gold cluster). A random subset
//! ([`FRACTION`] by default) also gets `K` edited copies with a new id
//! (`{id}~copy{j}`), `dup_group` = the source id, `dup_edits` naming the
//! edits applied, and a later publication time (when the source has one).
//! Each copy gets at least one of these edits, each picked at random:
//! rewritten headline, added boilerplate line, removed boilerplate line,
//! trimmed last paragraph, whitespace/quote/dash changes, an outlet prefix,
//! and a truncated short version (the first paragraphs: containment).
//!
//! The output depends only on the input and the seed ([`Rng`] is a small
//! xorshift64*).

use std::io::Write;
use std::path::Path;

use anyhow::{bail, Context};
use serde_json::{Map, Value};

/// Share of source articles that get copies.
pub const FRACTION: f64 = 0.5;

/// A truncated copy keeps at least this many words (shorter ones are not
/// recognisably "a short version" of anything).
const MIN_TRUNCATED_WORDS: usize = 60;

/// Sources overlapping an earlier one this much are dropped (see [`distinct_sources`]).
pub const MAX_SOURCE_OVERLAP: f64 = 0.5;

/// xorshift64*: small, fast, deterministic for a seed.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        // Spread the seed (splitmix64 step) so that 0 and small seeds work.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^= z >> 31;
        Rng(if z == 0 { 0x2545_F491_4F6C_DD1D } else { z })
    }

    pub fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform in `0..n` (`n > 0`).
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// True with probability `p`.
    pub fn chance(&mut self, p: f64) -> bool {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64 <= p
    }

    pub fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// The edits a copy may carry (names as written in `dup_edits`).
/// In the order applied: removals before additions, so that an added line
/// is never trimmed away again.
pub const EDITS: [&str; 7] =
    ["headline", "remove_boilerplate", "trim_last", "truncate", "add_boilerplate", "typography", "prefix"];

const BOILERPLATE: [&str; 6] = [
    "This story has been corrected to fix the spelling of a name in the third paragraph.",
    "This story has been corrected to show the event took place on Tuesday, not Monday.",
    "Reporting by Jane Smith; Editing by Mark Potter",
    "Reporting by David Lee and Anna Kowalski; Editing by Peter Graff",
    "Copyright 2024 The Associated Press. All rights reserved.",
    "(Additional reporting by Tom Brown; Writing by Sarah Jones; Editing by Chris Reese)",
];

const PREFIXES: [&str; 6] = [
    "WASHINGTON (Reuters) - ",
    "LONDON (Reuters) - ",
    "NEW YORK (AP) — ",
    "PARIS (AFP) - ",
    "LOS ANGELES (Reuters) - ",
    "CHICAGO, Ill. (AP) -- ",
];

const HEADLINE_FORMS: [&str; 5] = ["UPDATE 1-{}", "{} - report", "{} | World News", "Officials: {}", "{} (VIDEO)"];

/// Lines an outlet adds or drops: bylines, credits, corrections, copyright.
fn is_boilerplate(line: &str) -> bool {
    let l = line.trim().to_lowercase();
    !l.is_empty()
        && l.len() < 200
        && (l.starts_with("reporting by")
            || l.starts_with("(reporting by")
            || l.starts_with("(additional reporting")
            || l.starts_with("editing by")
            || l.starts_with("writing by")
            || l.starts_with("this story has been corrected")
            || l.starts_with("copyright")
            || l.contains("all rights reserved")
            || l.starts_with("related:")
            || l.starts_with("read more")
            || l.starts_with("follow us"))
}

fn paragraphs(text: &str) -> Vec<&str> {
    text.split('\n').map(str::trim).filter(|p| !p.is_empty()).collect()
}

/// Straight quotes to curly ones, hyphen dashes to em dashes, doubled spaces,
/// blank lines between paragraphs.
fn typography(text: &str, rng: &mut Rng) -> String {
    let mut out = String::with_capacity(text.len() + 64);
    let mut open = true;
    for c in text.chars() {
        match c {
            '"' => {
                out.push(if open { '“' } else { '”' });
                open = !open;
            }
            '\'' => out.push('’'),
            _ => out.push(c),
        }
    }
    let mut out = out.replace(" - ", " — ").replace(". ", ".  ");
    if rng.chance(0.5) {
        out = out.replace('\n', "\n\n");
    }
    out
}

/// A copy's text, title and the edits applied; `None` when no edit applies.
fn edit(text: &str, title: Option<&str>, rng: &mut Rng) -> Option<(String, Option<String>, Vec<&'static str>)> {
    let mut paras: Vec<String> = paragraphs(text).into_iter().map(str::to_owned).collect();
    let mut title = title.map(str::to_owned);
    let mut applied = Vec::new();
    for _attempt in 0..8 {
        for &e in &EDITS {
            if !rng.chance(0.3) {
                continue;
            }
            let done = match e {
                "headline" => match &title {
                    Some(t) => {
                        title = Some(rng.pick(&HEADLINE_FORMS).replace("{}", t));
                        true
                    }
                    None => false,
                },
                "add_boilerplate" => {
                    let line = rng.pick(&BOILERPLATE).to_owned();
                    if rng.chance(0.2) {
                        paras.insert(0, line);
                    } else {
                        paras.push(line);
                    }
                    true
                }
                "remove_boilerplate" => {
                    let before = paras.len();
                    paras.retain(|p| !is_boilerplate(p));
                    paras.len() < before && !paras.is_empty()
                }
                "trim_last" => {
                    if paras.len() >= 3 {
                        paras.pop();
                        true
                    } else {
                        false
                    }
                }
                "truncate" => {
                    // The first n paragraphs, n in 1..len, at least MIN_TRUNCATED_WORDS words.
                    if paras.len() < 2 {
                        false
                    } else {
                        let n = 1 + rng.below(paras.len() - 1);
                        let mut keep = n;
                        while keep < paras.len()
                            && paras[..keep].iter().map(|p| p.split_whitespace().count()).sum::<usize>()
                                < MIN_TRUNCATED_WORDS
                        {
                            keep += 1;
                        }
                        if keep < paras.len() {
                            paras.truncate(keep);
                            true
                        } else {
                            false
                        }
                    }
                }
                // typography and prefix are applied to the joined text below.
                _ => true,
            };
            if done && !applied.contains(&e) {
                applied.push(e);
            }
        }
        if !applied.is_empty() {
            break;
        }
    }
    if applied.is_empty() || paras.is_empty() {
        return None;
    }
    let mut text = paras.join("\n");
    if applied.contains(&"prefix") {
        text = format!("{}{}", rng.pick(&PREFIXES), text);
    }
    if applied.contains(&"typography") {
        text = typography(&text, rng);
    }
    // Keep a stable order in the label whatever order they were drawn in.
    applied.sort_by_key(|e| EDITS.iter().position(|x| x == e));
    Some((text, title, applied))
}

/// A publication time `minutes` later than `published` (RFC 3339, or a bare
/// day, which becomes a time on the next day); `None` when it cannot be read.
fn later(published: &str, minutes: i64) -> Option<String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(published) {
        return Some((t + chrono::Duration::minutes(minutes)).to_rfc3339());
    }
    if let Ok(d) = chrono::NaiveDate::parse_from_str(published, "%Y-%m-%d") {
        let t = d.and_hms_opt(0, 0, 0)?.and_utc() + chrono::Duration::days(1) + chrono::Duration::minutes(minutes);
        return Some(t.to_rfc3339());
    }
    None
}

/// A source left out of the benchmark: its id and the kept source it overlaps.
pub type Dropped = (String, String);

/// Sources whose texts overlap an earlier kept source (containment of
/// lower-cased 5-word shingles, `|A ∩ B| / min(|A|, |B|)`, at least
/// `max_overlap`) are dropped: the benchmark says every source is distinct,
/// so sources that are themselves copies of each other (real corpora have
/// them: ECB+ holds reworked wire stories) would make its gold wrong.
/// Returns the kept sources and the ids dropped, with the id each overlaps.
pub fn distinct_sources(sources: Vec<Map<String, Value>>, max_overlap: f64) -> (Vec<Map<String, Value>>, Vec<Dropped>) {
    use std::collections::{HashMap, HashSet};
    use std::hash::{DefaultHasher, Hash, Hasher};
    let shingles = |text: &str| -> HashSet<u64> {
        let words: Vec<String> =
            text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect();
        words
            .windows(5.min(words.len().max(1)))
            .map(|w| {
                let mut h = DefaultHasher::new();
                w.hash(&mut h);
                h.finish()
            })
            .collect()
    };
    let mut kept: Vec<Map<String, Value>> = Vec::new();
    let mut sizes: Vec<usize> = Vec::new();
    let mut postings: HashMap<u64, Vec<usize>> = HashMap::new();
    let mut dropped = Vec::new();
    for src in sources {
        let set = shingles(src.get("text").and_then(Value::as_str).unwrap_or_default());
        let mut shared: HashMap<usize, usize> = HashMap::new();
        for h in &set {
            for &k in postings.get(h).map(Vec::as_slice).unwrap_or_default() {
                *shared.entry(k).or_default() += 1;
            }
        }
        let overlapping = shared
            .iter()
            .filter(|(&k, &n)| n as f64 / set.len().min(sizes[k]).max(1) as f64 >= max_overlap)
            .map(|(&k, _)| k)
            .min();
        if let Some(k) = overlapping {
            let id = |m: &Map<String, Value>| m.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
            dropped.push((id(&src), id(&kept[k])));
            continue;
        }
        for h in &set {
            postings.entry(*h).or_default().push(kept.len());
        }
        sizes.push(set.len());
        kept.push(src);
    }
    (kept, dropped)
}

/// The records of the benchmark, in order: each source, then its copies.
pub fn generate(sources: &[Map<String, Value>], seed: u64, copies: usize) -> Vec<Map<String, Value>> {
    let mut rng = Rng::new(seed);
    let mut out = Vec::with_capacity(sources.len() * (1 + copies));
    for src in sources {
        let id = src.get("id").and_then(Value::as_str).unwrap_or_default().to_owned();
        let mut text = src.get("text").and_then(Value::as_str).unwrap_or_default().to_owned();
        let title = src.get("title").and_then(Value::as_str).map(str::to_owned);
        let published = src.get("published").or_else(|| src.get("date")).and_then(Value::as_str).map(str::to_owned);
        let picked = rng.chance(FRACTION);
        let mut original = src.clone();
        // So that copies can drop boilerplate, half the picked sources that
        // have none get a credit line (the outlet version the copies are from).
        if picked && !paragraphs(&text).iter().any(|p| is_boilerplate(p)) && rng.chance(0.5) {
            text = format!("{text}\n{}", rng.pick(&BOILERPLATE));
            original.insert("text".into(), Value::String(text.clone()));
        }
        original.insert("dup_group".into(), Value::String(id.clone()));
        out.push(original);
        if !picked {
            continue;
        }
        for j in 1..=copies {
            let Some((new_text, new_title, applied)) = edit(&text, title.as_deref(), &mut rng) else {
                continue;
            };
            let mut copy = src.clone();
            copy.remove("date");
            copy.insert("id".into(), Value::String(format!("{id}~copy{j}")));
            copy.insert("text".into(), Value::String(new_text));
            match new_title {
                Some(t) => copy.insert("title".into(), Value::String(t)),
                None => copy.remove("title"),
            };
            let minutes = 5 + rng.below(3 * 24 * 60) as i64;
            match published.as_deref().and_then(|p| later(p, minutes)) {
                Some(p) => copy.insert("published".into(), Value::String(p)),
                None => copy.remove("published"),
            };
            copy.insert("dup_group".into(), Value::String(id.clone()));
            copy.insert(
                "dup_edits".into(),
                Value::Array(applied.into_iter().map(|e| Value::String(e.into())).collect()),
            );
            out.push(copy);
        }
    }
    out
}

pub fn run(input: &Path, output: &Path, seed: u64, copies: usize, keep_overlapping: bool) -> anyhow::Result<()> {
    let text = std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?;
    let mut sources = Vec::new();
    let mut skipped = 0usize;
    for (n, line) in text.lines().enumerate() {
        if line.trim().is_empty() {
            continue;
        }
        let v: Value = serde_json::from_str(line).with_context(|| format!("{}:{}", input.display(), n + 1))?;
        match v {
            Value::Object(m)
                if m.get("id").and_then(Value::as_str).is_some_and(|s| !s.is_empty())
                    && m.get("text").and_then(Value::as_str).is_some_and(|s| !s.trim().is_empty()) =>
            {
                sources.push(m)
            }
            _ => {
                skipped += 1;
                eprintln!("{}:{}: no \"id\" or empty \"text\"; skipped", input.display(), n + 1);
            }
        }
    }
    if sources.is_empty() {
        bail!("no usable articles in {}", input.display());
    }
    if !keep_overlapping {
        let (kept, dropped) = distinct_sources(sources, MAX_SOURCE_OVERLAP);
        for (id, other) in &dropped {
            eprintln!("{id}: its text overlaps {other} (containment >= {MAX_SOURCE_OVERLAP}); dropped as a source");
        }
        eprintln!(
            "{} source(s) dropped as overlapping an earlier one (--keep-overlapping-sources keeps them)",
            dropped.len()
        );
        sources = kept;
    }
    let records = generate(&sources, seed, copies);
    let mut out = std::io::BufWriter::new(
        std::fs::File::create(output).with_context(|| format!("creating {}", output.display()))?,
    );
    for r in &records {
        serde_json::to_writer(&mut out, r)?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{} source articles ({skipped} skipped), {} copies, {} records -> {} (seed {seed})",
        sources.len(),
        records.len() - sources.len(),
        records.len(),
        output.display()
    );
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn corpus() -> Vec<Map<String, Value>> {
        let mut rng = Rng::new(99);
        (0..40)
            .map(|i| {
                let mut para = |k: usize| {
                    let words: Vec<String> = (0..20).map(|_| format!("w{}", rng.below(100_000))).collect();
                    format!("Paragraph {k} says \"{}\" - {}.", words[..3].join(" "), words[3..].join(" "))
                };
                let text = (0..5).map(&mut para).collect::<Vec<_>>().join("\n") + "\nReporting by Someone; Editing by Other";
                serde_json::json!({"id": format!("a{i}"), "title": format!("Title {i}"), "text": text, "published": "2024-03-01T10:00:00Z"})
                    .as_object()
                    .unwrap()
                    .clone()
            })
            .collect()
    }

    #[test]
    fn deterministic_and_labelled() {
        let src = corpus();
        let a = generate(&src, 7, 3);
        let b = generate(&src, 7, 3);
        assert_eq!(a, b);
        assert_ne!(a, generate(&src, 8, 3));
        let copies: Vec<_> = a.iter().filter(|r| r["id"].as_str().unwrap().contains("~copy")).collect();
        assert!(copies.len() > 10, "{} copies", copies.len());
        assert_eq!(a.len(), src.len() + copies.len());
        for r in &a {
            let id = r["id"].as_str().unwrap();
            let group = r["dup_group"].as_str().expect("every record labelled");
            if let Some((orig, _)) = id.split_once("~copy") {
                assert_eq!(group, orig);
                assert!(!r["dup_edits"].as_array().unwrap().is_empty());
                assert!(r["published"].as_str().unwrap() > "2024-03-01T10:00:00");
                let s = src.iter().find(|s| s["id"] == orig).unwrap();
                assert!(r["text"] != s["text"] || r["title"] != s["title"], "{id} unchanged: {}", r["dup_edits"]);
            } else {
                assert_eq!(group, id);
            }
        }
        // Every kind of edit occurs.
        for e in EDITS {
            assert!(
                copies.iter().any(|r| r["dup_edits"].as_array().unwrap().iter().any(|x| x == e)),
                "{e} never applied"
            );
        }
    }

    #[test]
    fn overlapping_sources_dropped() {
        let src = corpus();
        let mut twin = src[3].clone();
        twin.insert("id".into(), "twin".into());
        let mut all = src.clone();
        all.push(twin);
        let (kept, dropped) = distinct_sources(all, MAX_SOURCE_OVERLAP);
        assert_eq!(dropped, vec![("twin".to_string(), "a3".to_string())]);
        assert_eq!(kept.len(), src.len());
    }

    #[test]
    fn later_times() {
        assert_eq!(later("2024-03-01", 60).unwrap(), "2024-03-02T01:00:00+00:00");
        assert!(later("2024-03-01T10:00:00Z", 5).unwrap().starts_with("2024-03-01T10:05:00"));
        assert!(later("yesterday", 5).is_none());
    }
}
