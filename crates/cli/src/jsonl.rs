//! Reading JSONL articles in chunks for the standalone stream commands.

use std::io::BufRead;
use std::path::Path;

use anyhow::Context;
use newsdesk_model::{Article, InputRecord};
use rayon::prelude::*;

/// A line's number and its article, or why the line was refused.
pub type ParsedLine = (usize, Result<Article, String>);

/// Lines parsed together (on all cores).
pub const CHUNK: usize = 4096;

/// `--input FILE`, or stdin for none or `-`.
pub fn open(input: Option<&Path>) -> anyhow::Result<Box<dyn BufRead>> {
    Ok(match input {
        None => Box::new(std::io::stdin().lock()),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::stdin().lock()),
        Some(p) => Box::new(std::io::BufReader::new(
            std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?,
        )),
    })
}

/// Parses every non-blank line into an article (in parallel, a chunk at a
/// time) and hands each chunk, in input order, to `visit` as
/// `(line number, article or why the line was refused)`. Lines are split on
/// bytes, so a line that is not UTF-8 is one bad line, not the end of input.
pub fn for_each_chunk(
    reader: Box<dyn BufRead>,
    visit: &mut dyn FnMut(Vec<ParsedLine>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    let mut chunk: Vec<(usize, Vec<u8>)> = Vec::with_capacity(CHUNK);
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
        visit(chunk.par_drain(..).map(|(n, line)| (n, parse_text_record(&line))).collect())?;
        if at_end {
            return Ok(());
        }
    }
}

/// A record with an extracted `text` (the stream commands compare bodies).
fn parse_text_record(line: &[u8]) -> Result<Article, String> {
    let rec = InputRecord::from_json(line).map_err(|e| e.to_string())?;
    if rec.text.is_none() {
        return Err("record has \"html\" but no \"text\" (run `newsdesk extract` first)".into());
    }
    rec.into_article().map_err(|e| e.to_string())
}
