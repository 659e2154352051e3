//! The analysis commands: `summarize`, `quotes`, `claims`, `figures` and
//! `places` on JSONL streams, and the analyses kept in the
//! store at ingest.

use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_analysis::{AnalysisFollower, ArticleAnalyzer};
use newsdesk_attribution::{claim_records, find_claims, find_quotes, quote_records};
use newsdesk_figures::{figure_records, find_figures};
use newsdesk_model::Article;
use newsdesk_places::{places, places_record};
use newsdesk_store_sqlite::SqliteStore;
use newsdesk_summary::Summarizer;
use rayon::prelude::*;
use serde_json::{json, Value};

use crate::jsonl;
use crate::progress::Progress;

/// Which analysis a stream command prints.
#[derive(Clone, Copy)]
pub enum Part {
    Summary { sentences: usize },
    Quotes,
    Claims,
    Figures,
    Places,
}

impl Part {
    /// The analysis of one article as the value of its output line's field.
    fn run(self, a: &Article) -> (&'static str, Value) {
        let text = a.text.as_str();
        let lang = a.language.as_deref();
        match self {
            Part::Summary { sentences } => {
                let s = Summarizer::default().summarize_to_strings(text, a.title.as_deref(), lang, sentences);
                ("summary", json!(s))
            }
            Part::Quotes => ("quotes", json!(quote_records(text, &find_quotes(text)))),
            Part::Claims => ("claims", json!(claim_records(text, &find_claims(text)))),
            Part::Figures => ("figures", json!(figure_records(text, &find_figures(text, lang)))),
            Part::Places => {
                let title = a.title.as_deref();
                ("places", json!(places_record(title, text, &places(title, text, a.country.as_deref()))))
            }
        }
    }
}

/// Prints `{id, <part>: ...}` for every article of a JSONL stream, in input
/// order, analysing a chunk of lines on all cores at a time. A bad line is
/// reported with its number and skipped; exits 1 if any was.
pub fn stream(input: Option<PathBuf>, part: Part) -> anyhow::Result<ExitCode> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    let mut failed = 0u64;
    let mut progress = Progress::new("articles analysed");
    jsonl::for_each_chunk(jsonl::open(input.as_deref())?, &mut |lines| {
        let results: Vec<Result<String, String>> = lines
            .par_iter()
            .map(|(_, parsed)| {
                let a = parsed.as_ref().map_err(Clone::clone)?;
                let (field, value) = part.run(a);
                let mut line = serde_json::Map::new();
                line.insert("id".into(), json!(a.id));
                line.insert(field.into(), value);
                serde_json::to_string(&line).map_err(|e| e.to_string())
            })
            .collect();
        for ((n, _), r) in lines.iter().zip(results) {
            match r {
                Ok(line) => writeln!(out, "{line}")?,
                Err(e) => {
                    failed += 1;
                    progress.println(&format!("line {n}: {e}; skipped"));
                }
            }
            progress.inc();
        }
        Ok(())
    })?;
    out.flush()?;
    progress.finish();
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// The analysis follower for `ingest`, on its own connection, after the
/// store's articles without a current analysis have been analysed.
pub fn open_current(mut store: SqliteStore) -> anyhow::Result<AnalysisFollower<SqliteStore>> {
    let n = catch_up(&mut store)?;
    if n > 0 {
        eprintln!("analysis: {n} stored articles analysed");
    }
    Ok(AnalysisFollower::new(store, ArticleAnalyzer::default()))
}

/// Analyses every stored article without a current analysis, with a
/// progress bar.
pub fn catch_up(store: &mut SqliteStore) -> anyhow::Result<u64> {
    let mut progress = Progress::new("articles analysed");
    let n = newsdesk_analysis::catch_up(store, &ArticleAnalyzer::default(), &mut |done, _| progress.set(done))
        .context("analysing stored articles")?;
    progress.finish();
    Ok(n)
}
