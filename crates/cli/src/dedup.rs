use std::collections::HashMap;
use std::io::Write;
use std::ops::Range;
use std::path::PathBuf;
use std::process::ExitCode;

use newsdesk_dedup::{Config, Dedup, Doc};
use newsdesk_model::{article_id, PubDate, RecordError};
use rayon::prelude::*;
use serde::de::{self, Deserializer, Visitor};
use serde::Deserialize;

use crate::{jsonl, DedupFormat};

/// `newsdesk dedup`: groups syndicated copies in a JSONL stream.
pub fn run(input: Option<PathBuf>, threshold: f64, format: DedupFormat) -> anyhow::Result<ExitCode> {
    let mut dedup = Dedup::new(Config { threshold, ..Config::default() })?;
    let mut failed = 0u64;
    let mut undated = 0u64;
    let mut seen: HashMap<Box<str>, usize> = HashMap::new();
    jsonl::for_each_raw_chunk(jsonl::open(input.as_deref())?, &mut |chunk| {
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
        Ok(())
    })?;
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
        return Err(jsonl::NEEDS_TEXT.into());
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
                        return Err(jsonl::NEEDS_TEXT.into());
                    }
                    r.into_article().map_err(|e| e.to_string())
                })
                .map(|a| (a.id.clone(), Doc::from_article(&a).published, a.text.clone()));
            let light = parse(line).map(|p| (p.id.clone(), p.published, p.text().to_owned()));
            assert_eq!(light, model, "{}", String::from_utf8_lossy(line));
        }
    }
}
