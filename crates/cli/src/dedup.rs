use std::collections::HashMap;
use std::io::{BufRead, Write};
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc;

use anyhow::Context;
use newsdesk_dedup::{Config, Dedup, Doc};
use newsdesk_model::{article_id, PubDate, RecordError};
use rayon::prelude::*;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::DedupFormat;

/// Lines parsed and sketched together (on all cores); only their sketches are kept.
const CHUNK: usize = 4096;

/// A run of input lines in one buffer: (line number, byte range) of each
/// non-blank line.
struct Chunk {
    buf: Vec<u8>,
    lines: Vec<(usize, Range<usize>)>,
}

/// `newsdesk dedup`: groups syndicated copies in a JSONL stream.
pub fn run(input: Option<PathBuf>, threshold: f64, format: DedupFormat) -> anyhow::Result<ExitCode> {
    let reader: Box<dyn BufRead + Send> = match input.as_deref() {
        None => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
        Some(p) if p.as_os_str() == "-" => Box::new(std::io::BufReader::with_capacity(1 << 20, std::io::stdin())),
        Some(p) => Box::new(std::io::BufReader::with_capacity(
            1 << 20,
            std::fs::File::open(p).with_context(|| format!("opening {}", p.display()))?,
        )),
    };
    let mut dedup = Dedup::new(Config { threshold, ..Config::default() })?;
    let mut failed = 0u64;
    let mut undated = 0u64;
    let mut seen: HashMap<Box<str>, usize> = HashMap::new();
    // Reading and splitting lines runs on its own thread, one chunk ahead of
    // the parsing and sketching, which use all cores.
    let (tx, rx) = mpsc::sync_channel::<anyhow::Result<Chunk>>(1);
    // Spent chunks go back to the reader: refilling a buffer that is already
    // mapped avoids page faults on fresh memory for every chunk.
    let (spent_tx, spent_rx) = mpsc::channel::<Chunk>();
    let reader = std::thread::spawn(move || read_chunks(reader, &tx, &spent_rx));
    for chunk in rx {
        let chunk = chunk?;
        let parsed: Vec<Result<Parsed, String>> =
            chunk.lines.par_iter().map(|(_, r)| parse(&chunk.buf[r.clone()])).collect();
        let mut docs = Vec::with_capacity(parsed.len());
        for ((n, _), r) in chunk.lines.iter().zip(&parsed) {
            match r {
                Ok(a) => {
                    if let Some(first) = seen.insert(a.id.as_str().into(), *n) {
                        eprintln!("line {n}: duplicate id {:?} (first on line {first}); both are kept", a.id);
                    }
                    if a.published.is_none() {
                        undated += 1;
                    }
                    docs.push(Doc { id: &a.id, published: a.published, text: a.text() });
                }
                Err(e) => {
                    failed += 1;
                    eprintln!("line {n}: {e}; skipped");
                }
            }
        }
        dedup.add_batch(&docs);
        drop(docs);
        drop(parsed);
        let _ = spent_tx.send(chunk);
    }
    reader.join().expect("the reader thread does not panic");
    drop(seen);
    if undated > 0 {
        eprintln!("{undated} article(s) without a date: they are never canonical over a dated copy");
    }
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::with_capacity(1 << 16, stdout.lock());
    dedup.finish_each(|a| -> anyhow::Result<()> {
        match format {
            DedupFormat::Jsonl => {
                serde_json::to_writer(&mut out, &a)?;
                out.write_all(b"\n")?;
            }
        }
        Ok(())
    })?;
    out.flush()?;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Sends the input in chunks of [`CHUNK`] non-blank lines (split on bytes: a
/// line that is not UTF-8 is one bad line, not the end of input), then stops;
/// a read error is sent and ends the input.
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

/// What dedup needs of an input record: the fields of
/// [`newsdesk_model::InputRecord`] with the same names, aliases and types
/// (so the same lines are accepted and the same errors reported), without
/// building an [`newsdesk_model::Article`] (its blocks, word count and
/// pass-through fields are not needed here).
#[derive(Deserialize)]
struct InputRecord {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    url: Option<String>,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    text: Option<String>,
    #[serde(default)]
    html: Option<AnyString>,
    #[serde(default, alias = "date")]
    published: Option<String>,
    #[serde(default, alias = "site_name")]
    #[allow(dead_code)]
    source: Option<AnyString>,
    #[serde(default)]
    #[allow(dead_code)]
    language: Option<AnyString>,
    #[serde(default)]
    #[allow(dead_code)]
    country: Option<AnyString>,
    #[serde(default)]
    #[allow(dead_code)]
    authors: Option<Vec<AnyString>>,
}

/// A JSON string whose value is not needed: checked, not kept.
struct AnyString;

impl<'de> Deserialize<'de> for AnyString {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl Visitor<'_> for V {
            type Value = AnyString;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, _: &str) -> Result<AnyString, E> {
                Ok(AnyString)
            }
        }
        d.deserialize_str(V)
    }
}

/// A record as dedup keeps it for one chunk.
struct Parsed {
    id: String,
    published: Option<i64>,
    /// The body; the text dedup reads is its trimmed part.
    text: String,
    trimmed: Range<usize>,
}

impl Parsed {
    fn text(&self) -> &str {
        &self.text[self.trimmed.clone()]
    }
}

/// One line, with the checks, errors and id rule of
/// `InputRecord::from_json` + `into_article`.
fn parse(line: &[u8]) -> Result<Parsed, String> {
    let rec: InputRecord = match serde_json::from_slice(line) {
        Ok(r) => r,
        // The model's own parse words the error (its struct is read as a
        // map: `[…]` is "expected struct InputRecord", not a field error).
        Err(e) => {
            return Err(match newsdesk_model::InputRecord::from_json(line) {
                Err(m) => m.to_string(),
                Ok(_) => RecordError::Json(e).to_string(),
            })
        }
    };
    let Some(text) = rec.text else {
        if rec.html.is_none() {
            return Err(RecordError::NoBody.to_string());
        }
        // dedup compares extracted bodies.
        return Err("record has \"html\" but no \"text\" (run `newsdesk extract` first)".into());
    };
    let published = match rec.published.filter(|p| !p.trim().is_empty()) {
        Some(p) => Some(Doc::instant(&PubDate::parse(&p).map_err(|e| RecordError::Date(e).to_string())?)),
        None => None,
    };
    let t = text.trim();
    let start = t.as_ptr() as usize - text.as_ptr() as usize;
    let trimmed = start..start + t.len();
    let id = match rec.id.filter(|i| !i.trim().is_empty()) {
        Some(id) => id,
        None => article_id(
            rec.url.as_deref().filter(|u| !u.trim().is_empty()),
            rec.title.as_deref().filter(|t| !t.trim().is_empty()).unwrap_or(""),
            t,
        ),
    };
    Ok(Parsed { id, published, text, trimmed })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The light parse agrees with the model's `InputRecord` + `into_article`
    /// on ids, dates, bodies and error messages.
    #[test]
    fn parse_agrees_with_the_model() {
        let lines: &[&[u8]] = &[
            br#"{"id":"42","text":" One.\n\nTwo. ","date":"2024-03-05","source":"Daily","label":7}"#,
            br#"{"text":"Body here","title":"T","url":"https://example.com/a?utm_source=x"}"#,
            br#"{"text":"Body here","title":" "}"#,
            br#"{"id":" ","text":"Body","published":"2024-03-05T10:00:00+01:00","authors":["a","b"]}"#,
            br#"{"id":"x","text":"Body","published":"  "}"#,
            br#"{"id":"x","text":"Body","published":"yesterday"}"#,
            br#"{"id":5,"text":"Body"}"#,
            br#"{"id":"x","text":"Body","authors":"a"}"#,
            br#"{"id":"x","text":"Body","language":7}"#,
            br#"{"id":"x","html":"<p>x</p>"}"#,
            br#"{"id":"x","html":5,"text":"Body"}"#,
            br#"{"url":"x"}"#,
            br#"{"id":"x","text":"Body","extra":{"a":[1,2,{"b":null}]}}"#,
            br#"{"id":"x","text":"Body","title":null,"published":null}"#,
            br#"[1,2]"#,
            br#"{nope"#,
            br#"{"id":"x","text":"Body"} trailing"#,
            b"{\"id\":\"bad\",\"text\":\"caf\xe9\"}",
        ];
        for line in lines {
            let model = newsdesk_model::InputRecord::from_json(line)
                .map_err(|e| e.to_string())
                .and_then(|r| {
                    if r.text.is_none() {
                        return Err("record has \"html\" but no \"text\" (run `newsdesk extract` first)".into());
                    }
                    r.into_article().map_err(|e| e.to_string())
                })
                .map(|a| (a.id.clone(), Doc::from_article(&a).published, a.text.clone()));
            let light = parse(line).map(|p| (p.id.clone(), p.published, p.text().to_owned()));
            assert_eq!(light, model, "{}", String::from_utf8_lossy(line));
        }
    }
}
