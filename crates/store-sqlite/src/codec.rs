use std::io::{Read, Write};

use chrono::{DateTime, SecondsFormat, Utc};
use flate2::read::DeflateDecoder;
use flate2::write::DeflateEncoder;
use flate2::Compression;
use newsdesk_model::Article;
use serde_json::Value;
use sha2::{Digest, Sha256};

/// SHA-256 over the article's content in a canonical JSON form: object keys
/// sorted at every level, so the hash does not depend on the order in which an
/// input gave its pass-through `extra` fields. The id is left out: it names
/// the article, it is not what the article says.
pub(crate) fn content_hash(article: &Article) -> Result<[u8; 32], serde_json::Error> {
    let mut value = serde_json::to_value(article)?;
    if let Value::Object(map) = &mut value {
        map.remove("id");
    }
    let mut buf = Vec::with_capacity(article.text.len() * 2 + 512);
    write_canonical(&mut buf, &value)?;
    Ok(Sha256::digest(&buf).into())
}

fn write_canonical(out: &mut Vec<u8>, v: &Value) -> Result<(), serde_json::Error> {
    match v {
        Value::Object(map) => {
            let mut entries: Vec<_> = map.iter().collect();
            entries.sort_unstable_by(|a, b| a.0.cmp(b.0));
            out.push(b'{');
            for (i, (k, v)) in entries.into_iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                serde_json::to_writer(&mut *out, k)?;
                out.push(b':');
                write_canonical(out, v)?;
            }
            out.push(b'}');
        }
        Value::Array(items) => {
            out.push(b'[');
            for (i, v) in items.iter().enumerate() {
                if i > 0 {
                    out.push(b',');
                }
                write_canonical(out, v)?;
            }
            out.push(b']');
        }
        scalar => serde_json::to_writer(&mut *out, scalar)?,
    }
    Ok(())
}

/// Raw deflate at the fastest level: pages are stored far more often than
/// they are read back, and HTML still shrinks four- to eightfold.
pub(crate) fn compress(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(data.len() / 4 + 64), Compression::fast());
    enc.write_all(data)?;
    enc.finish()
}

pub(crate) fn decompress(data: &[u8], size_hint: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size_hint);
    DeflateDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

/// Fixed-width UTC timestamps: they compare correctly as text, which lets SQL
/// take `max()` of two of them.
pub(crate) fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

pub(crate) fn parse_time(s: &str) -> Result<DateTime<Utc>, chrono::ParseError> {
    DateTime::parse_from_rfc3339(s).map(|t| t.with_timezone(&Utc))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hash_ignores_id_and_extra_field_order() {
        let mut a = Article::new("one".into());
        a.extra.insert("b".into(), 1.into());
        a.extra.insert("a".into(), serde_json::json!({"y": 1, "x": [2, 3]}));
        let mut b = Article::new("two".into());
        b.extra.insert("a".into(), serde_json::json!({"x": [2, 3], "y": 1}));
        b.extra.insert("b".into(), 1.into());
        assert_eq!(content_hash(&a).unwrap(), content_hash(&b).unwrap());
        b.text = "changed".into();
        assert_ne!(content_hash(&a).unwrap(), content_hash(&b).unwrap());
    }

    #[test]
    fn compression_roundtrips() {
        let page = b"<html><body><p>Rain fell in Lisbon.</p></body></html>".repeat(100);
        let packed = compress(&page).unwrap();
        assert!(packed.len() < page.len() / 4);
        assert_eq!(decompress(&packed, page.len()).unwrap(), page);
    }
}
