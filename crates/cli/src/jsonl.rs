//! Reading JSONL input in chunks for the standalone stream commands
//! (`dedup`, `cluster`): one reader thread a chunk ahead of the work.

use std::io::BufRead;
use std::ops::Range;
use std::path::Path;
use std::sync::mpsc;

use anyhow::Context;
use newsdesk_model::{Article, InputRecord};
use rayon::prelude::*;

/// A line's number and its article, or why the line was refused.
pub type ParsedLine = (usize, Result<Article, String>);

/// Non-blank lines handed over together (parsed on all cores).
pub const CHUNK: usize = 4096;

/// Why a record with only `html` is refused: the stream commands compare
/// extracted bodies.
pub const NEEDS_TEXT: &str = "record has \"html\" but no \"text\" (run `newsdesk extract` first)";

/// A run of input lines in one buffer: (line number, byte range) of each
/// non-blank line.
pub struct Chunk {
    pub buf: Vec<u8>,
    pub lines: Vec<(usize, Range<usize>)>,
}

/// `--input FILE`, or stdin for none or `-`.
pub fn open(input: Option<&Path>) -> anyhow::Result<Box<dyn BufRead + Send>> {
    Ok(match input {
        None => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
        Some(p) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?,
        )),
    })
}

/// Hands the input to `visit` in chunks of [`CHUNK`] non-blank lines, in
/// order. Lines are split on bytes, so a line that is not UTF-8 is one bad
/// line, not the end of input.
pub fn for_each_raw_chunk(
    reader: Box<dyn BufRead + Send>,
    visit: &mut dyn FnMut(&Chunk) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    // Reading and splitting lines runs on its own thread, one chunk ahead of
    // the parsing, which uses all cores.
    let (tx, rx) = mpsc::sync_channel::<anyhow::Result<Chunk>>(1);
    // Spent chunks go back to the reader: refilling a buffer that is already
    // mapped avoids page faults on fresh memory for every chunk.
    let (spent_tx, spent_rx) = mpsc::channel::<Chunk>();
    let reader = std::thread::spawn(move || read_chunks(reader, &tx, &spent_rx));
    for chunk in rx {
        let chunk = chunk?;
        visit(&chunk)?;
        let _ = spent_tx.send(chunk);
    }
    reader.join().expect("the reader thread does not panic");
    Ok(())
}

/// [`for_each_raw_chunk`] with each line parsed into an article (in
/// parallel): `visit` gets `(line number, article or why the line was
/// refused)` for every non-blank line.
pub fn for_each_chunk(
    reader: Box<dyn BufRead + Send>,
    visit: &mut dyn FnMut(Vec<ParsedLine>) -> anyhow::Result<()>,
) -> anyhow::Result<()> {
    for_each_raw_chunk(reader, &mut |chunk| {
        visit(chunk.lines.par_iter().map(|(n, r)| (*n, parse_text_record(&chunk.buf[r.clone()]))).collect())
    })
}

/// Sends the input in chunks, then stops; a read error is sent and ends the input.
fn read_chunks(
    mut reader: Box<dyn BufRead + Send>,
    tx: &mpsc::SyncSender<anyhow::Result<Chunk>>,
    spent: &mpsc::Receiver<Chunk>,
) {
    let mut n = 0usize;
    loop {
        let mut chunk = match spent.try_recv() {
            Ok(mut c) => {
                c.buf.clear();
                c.lines.clear();
                c
            }
            Err(_) => Chunk { buf: Vec::with_capacity(16 << 20), lines: Vec::with_capacity(CHUNK) },
        };
        let mut at_end = false;
        while chunk.lines.len() < CHUNK {
            let start = chunk.buf.len();
            match reader.read_until(b'\n', &mut chunk.buf) {
                Ok(0) => {
                    at_end = true;
                    break;
                }
                Ok(_) => {
                    n += 1;
                    let mut end = chunk.buf.len();
                    if chunk.buf[end - 1] == b'\n' {
                        end -= 1;
                    }
                    if chunk.buf[start..end].trim_ascii().is_empty() {
                        chunk.buf.truncate(start);
                    } else {
                        chunk.lines.push((n, start..end));
                    }
                }
                Err(e) => {
                    let _ = tx.send(Err(anyhow::Error::new(e).context(format!("reading line {}", n + 1))));
                    return;
                }
            }
        }
        if !chunk.lines.is_empty() && tx.send(Ok(chunk)).is_err() {
            return;
        }
        if at_end {
            return;
        }
    }
}

/// A record with an extracted `text`.
fn parse_text_record(line: &[u8]) -> Result<Article, String> {
    let rec = InputRecord::from_json(line).map_err(|e| e.to_string())?;
    if rec.text.is_none() {
        return Err(NEEDS_TEXT.into());
    }
    rec.into_article().map_err(|e| e.to_string())
}
