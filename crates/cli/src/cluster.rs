//! `newsdesk cluster`: streaming story clustering of JSONL articles, with
//! syndicated copies (dedup) kept in their original's story.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use newsdesk_dedup::{Dedup, Doc};
use newsdesk_stories::{Explanation, Reason, StoryClusterer, StoryConfig, StoryId, StoryInput};
use serde::Serialize;

use crate::jsonl;

pub struct ClusterArgs {
    pub input: Option<PathBuf>,
    pub config: StoryConfig,
    /// `--idle-days` was given: idle closing runs by the dates however few
    /// articles carry one.
    pub idle_days_set: bool,
    /// Least similarity between copies; `None`: copies are not looked for.
    pub copy_threshold: Option<f64>,
    pub explain: bool,
}

/// What is kept of an article until its turn: no more of the body than the
/// clusterer reads.
struct Item {
    line: usize,
    id: String,
    published: Option<i64>,
    title: String,
    lead: String,
    language: Option<String>,
}

/// Articles placed together (features extracted on all cores).
const PLACE_BATCH: usize = 1024;

/// Where an article went, for the output.
struct Outcome {
    story: StoryId,
    explain: Explanation,
    copy_of: Option<String>,
}

#[derive(Serialize)]
struct Line<'a> {
    id: &'a str,
    story: StoryId,
    #[serde(skip_serializing_if = "Option::is_none")]
    explain: Option<ExplainLine<'a>>,
}

#[derive(Serialize)]
struct ExplainLine<'a> {
    #[serde(flatten)]
    explanation: &'a Explanation,
    /// The story the article was placed in, when a later merge moved it.
    #[serde(skip_serializing_if = "Option::is_none")]
    placed_in: Option<StoryId>,
    /// The earlier copy whose story it joined.
    #[serde(skip_serializing_if = "Option::is_none")]
    copy_of: Option<&'a str>,
}

pub fn run(args: ClusterArgs) -> anyhow::Result<ExitCode> {
    let clusterer = StoryClusterer::new(args.config)?;
    let lead_bytes = (clusterer.config().lead_words * 30).max(1024);
    let mut dedup = match args.copy_threshold {
        Some(threshold) => Some(Dedup::new(newsdesk_dedup::Config { threshold, ..Default::default() })?),
        None => None,
    };
    let mut items: Vec<Item> = Vec::new();
    let mut first_line: HashMap<String, usize> = HashMap::new();
    let (mut failed, mut duplicates) = (0u64, 0u64);
    jsonl::for_each_chunk(jsonl::open(args.input.as_deref())?, &mut |chunk| {
        let mut docs = Vec::with_capacity(chunk.len());
        for (n, parsed) in &chunk {
            match parsed {
                Ok(a) => {
                    if let Some(first) = first_line.insert(a.id.clone(), *n) {
                        duplicates += 1;
                        eprintln!(
                            "line {n}: duplicate id {:?} (first on line {first}); it keeps the first one's story",
                            a.id
                        );
                    }
                    let doc = Doc::from_article(a);
                    docs.push(doc);
                    items.push(Item {
                        line: *n,
                        id: a.id.clone(),
                        published: doc.published,
                        title: a.title.clone().unwrap_or_default(),
                        lead: prefix(&a.text, lead_bytes).to_owned(),
                        language: a.language.clone(),
                    });
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("line {n}: {e}; skipped");
                }
            }
        }
        if let Some(d) = dedup.as_mut() {
            d.add_batch(&docs);
        }
        Ok(())
    })?;
    // The copy group of each item (the canonical's id), in item order.
    let groups: Vec<Option<String>> = match dedup {
        Some(d) => d.finish().into_iter().map(|a| Some(a.group)).collect(),
        None => vec![None; items.len()],
    };

    let undated = items.iter().filter(|i| i.published.is_none()).count();
    let dated = items.len() - undated;
    let published: Vec<Option<i64>> = items.iter().map(|i| i.published).collect();
    // Sparse dates cannot order a stream (see `dates_can_order`): the same
    // rule as at ingest, unless closing by the dates is asked for.
    let by_date = newsdesk_coverage::dates_can_order(&published) || args.idle_days_set;
    let order = if by_date {
        if undated > 0 {
            eprintln!(
                "{undated} article(s) without a date: each is processed in input order, after the dated article before it"
            );
        }
        newsdesk_coverage::processing_order(&published)
    } else {
        if dated > 0 {
            eprintln!(
                "{undated} of {} article(s) without a date: too few dates to order the stream, so all are processed \
                 in input order as undated and no story is closed for idleness (--idle-days closes by the dates)",
                items.len()
            );
        } else if undated > 0 {
            eprintln!("{undated} article(s) without a date: processed in input order");
        }
        // Undated for the clusterer too: a dated article then weighs the
        // years its text names like the others (chosen on ECB+ train: as
        // good as keeping its date with no closing, better than sorting by
        // the dates; eval/results/cluster-cli.md).
        for it in &mut items {
            it.published = None;
        }
        (0..items.len()).collect()
    };

    let mut placer = Placer {
        items: &items,
        groups: &groups,
        clusterer,
        outcomes: (0..items.len()).map(|_| None).collect(),
        group_first: HashMap::new(),
        merged_into: HashMap::new(),
        pending: Vec::with_capacity(PLACE_BATCH),
        restored_copies: 0,
    };
    for &i in &order {
        let first_of_id = first_line[&items[i].id] == items[i].line;
        if !(first_of_id && placer.rejoin_closed_story(i)) {
            placer.pending.push(i);
            if placer.pending.len() == PLACE_BATCH {
                placer.flush();
            }
        }
    }
    placer.flush();
    let Placer { clusterer, outcomes, merged_into, restored_copies, .. } = placer;
    let stats = clusterer.stats();
    let copies = restored_copies + stats.copies;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    let mut stories = std::collections::HashSet::new();
    for (item, outcome) in items.iter().zip(&outcomes) {
        let o = outcome.as_ref().expect("every article is placed");
        let story = newsdesk_coverage::surviving_story(&merged_into, o.story);
        stories.insert(story);
        let explain = args.explain.then(|| ExplainLine {
            explanation: &o.explain,
            placed_in: (story != o.story).then_some(o.story),
            copy_of: o.copy_of.as_deref(),
        });
        serde_json::to_writer(&mut out, &Line { id: &item.id, story, explain })?;
        out.write_all(b"\n")?;
    }
    out.flush()?;
    eprintln!(
        "{} article(s) in {} stories ({} merges, {} copies joined their original's story{})",
        items.len(),
        stories.len(),
        stats.merges,
        copies,
        if duplicates > 0 { format!(", {duplicates} duplicate ids") } else { String::new() }
    );
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Places articles in batches and keeps copies with their original.
struct Placer<'a> {
    items: &'a [Item],
    groups: &'a [Option<String>],
    clusterer: StoryClusterer,
    outcomes: Vec<Option<Outcome>>,
    /// First member placed, and its story, per copy group.
    group_first: HashMap<&'a str, (usize, StoryId)>,
    merged_into: HashMap<StoryId, StoryId>,
    pending: Vec<usize>,
    restored_copies: u64,
}

impl<'a> Placer<'a> {
    fn input(&self, i: usize, copy_of: Option<&'a str>) -> StoryInput<'a> {
        let it = &self.items[i];
        StoryInput {
            id: &it.id,
            published: it.published,
            title: &it.title,
            text: &it.lead,
            language: it.language.as_deref(),
            copy_of,
        }
    }

    /// Places the pending articles; within a batch the first member of a
    /// copy group is placed before its copies, which join its story.
    fn flush(&mut self) {
        let items = self.items;
        let inputs: Vec<StoryInput<'a>> = self
            .pending
            .iter()
            .map(|&i| {
                let group = self.groups[i].as_deref();
                let copy_of = match group.and_then(|g| self.group_first.get(g)) {
                    Some(&(first, _)) => Some(items[first].id.as_str()),
                    // The first of its group in this batch: the canonical (or
                    // an earlier-placed member) is named by id.
                    None => group.filter(|g| *g != items[i].id),
                };
                self.input(i, copy_of)
            })
            .collect();
        let placements = self.clusterer.push_batch(&inputs);
        for (k, p) in placements.into_iter().enumerate() {
            let i = self.pending[k];
            for m in &p.merged {
                self.merged_into.insert(m.from, m.into);
            }
            if let Some(g) = self.groups[i].as_deref() {
                self.group_first.entry(g).or_insert((i, p.story));
            }
            let copy_of = (p.explain.reason == Reason::Copy).then(|| inputs[k].copy_of.unwrap_or_default().to_owned());
            self.outcomes[i] = Some(Outcome { story: p.story, explain: p.explain, copy_of });
        }
        self.pending.clear();
    }

    /// A copy whose original's story has closed (left memory) is put back
    /// into that story, so that copies always share one. False when the
    /// article is not such a copy.
    fn rejoin_closed_story(&mut self, i: usize) -> bool {
        let Some(&(first, story)) = self.groups[i].as_deref().and_then(|g| self.group_first.get(g)) else {
            return false;
        };
        if self.clusterer.story_of(&self.items[first].id).is_some() {
            return false;
        }
        self.flush();
        let story = newsdesk_coverage::surviving_story(&self.merged_into, story);
        let input = self.input(i, None);
        self.clusterer.restore(story, &input);
        let explain = Explanation {
            shared_terms: Vec::new(),
            score: 1.0,
            reason: Reason::Copy,
            story_size: 0,
            candidates: 0,
            runner_up: None,
            threshold: self.clusterer.config().threshold,
        };
        self.outcomes[i] = Some(Outcome { story, explain, copy_of: Some(self.items[first].id.clone()) });
        self.restored_copies += 1;
        true
    }
}

/// The first `max` bytes of `text` at most, cut at a character boundary.
fn prefix(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut end = max;
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}
