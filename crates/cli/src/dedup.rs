use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_dedup::{Config, Dedup, Doc};
use newsdesk_model::{Article, InputRecord};
use rayon::prelude::*;

use crate::DedupFormat;

/// Lines parsed and sketched together (on all cores); only their sketches are kept.
const CHUNK: usize = 4096;

/// `newsdesk dedup`: groups syndicated copies in a JSONL stream.
pub fn run(input: Option<PathBuf>, threshold: f64, format: DedupFormat) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn BufRead> = match input.as_deref() {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?,
        )),
    };
    let mut dedup = Dedup::new(Config { threshold, ..Config::default() })?;
    let mut failed = 0u64;
    let mut undated = 0u64;
    let mut seen: HashMap<String, usize> = HashMap::new();
    let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK);
    // Split on bytes: a line that is not UTF-8 is one bad line, not the end of input.
    let mut lines = reader.split(b'\n').enumerate();
    loop {
        let next = lines.next();
        let at_end = next.is_none();
        if let Some((n, line)) = next {
            let line = line.with_context(|| format!("reading line {}", n + 1))?;
            if !line.trim_ascii().is_empty() {
                chunk.push((n + 1, line));
            }
        }
        if chunk.len() < CHUNK && !at_end {
            continue;
        }
        let parsed: Vec<(usize, Result<Article, String>)> =
            chunk.par_drain(..).map(|(n, line)| (n, parse(&line))).collect();
        let mut docs = Vec::with_capacity(parsed.len());
        for (n, r) in &parsed {
            match r {
                Ok(a) => {
                    if let Some(first) = seen.insert(a.id.clone(), *n) {
                        eprintln!("line {n}: duplicate id {:?} (first on line {first}); both are kept", a.id);
                    }
                    if a.published.is_none() {
                        undated += 1;
                    }
                    docs.push(Doc::from_article(a));
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("line {n}: {e}; skipped");
                }
            }
        }
        dedup.add_batch(&docs);
        if at_end {
            break;
        }
    }
    if undated > 0 {
        eprintln!("{undated} article(s) without a date: they are never canonical over a dated copy");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for a in dedup.finish() {
        match format {
            DedupFormat::Jsonl => {
                serde_json::to_writer(&mut out, &a)?;
                out.write_all(b"\n")?;
            }
        }
    }
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn parse(line: &[u8]) -> Result<Article, String> {
    let rec = InputRecord::from_json(line).map_err(|e| e.to_string())?;
    if rec.text.is_none() {
        // dedup compares extracted bodies.
        return Err("record has \"html\" but no \"text\" (run `newsdesk extract` first)".into());
    }
    rec.into_article().map_err(|e| e.to_string())
}
