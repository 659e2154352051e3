//! What every backend computes the same way: the content hash that decides
//! whether a page changed, and the compression of kept raw pages. Shared so
//! that a store moved from one backend to another (`newsdesk migrate`)
//! keeps its hashes and an unchanged page stays unchanged.

use std::io::{Read, Write};

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
pub fn content_hash(article: &Article) -> Result<[u8; 32], serde_json::Error> {
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
pub fn compress_page(data: &[u8]) -> std::io::Result<Vec<u8>> {
    let mut enc = DeflateEncoder::new(Vec::with_capacity(data.len() / 4 + 64), Compression::fast());
    enc.write_all(data)?;
    enc.finish()
}

pub fn decompress_page(data: &[u8], size_hint: usize) -> std::io::Result<Vec<u8>> {
    let mut out = Vec::with_capacity(size_hint);
    DeflateDecoder::new(data).read_to_end(&mut out)?;
    Ok(out)
}

/// Checks an embedding before it is stored: not empty, `dim` values (the
/// batch's first vector's length), all finite.
pub fn check_embedding(id: &str, v: &[f32], dim: usize) -> crate::Result<()> {
    let bad = |message: String| Err(crate::StoreError::BadEmbedding { id: id.into(), message });
    if v.is_empty() {
        return bad("empty vector".into());
    }
    if v.len() != dim {
        return bad(format!("{} values, the batch's first has {dim}", v.len()));
    }
    if let Some(i) = v.iter().position(|x| !x.is_finite()) {
        return bad(format!("value {i} is {}", v[i]));
    }
    Ok(())
}

/// Checks a batch of embeddings with [`check_embedding`] against the first
/// one's length, which it returns (`None` for an empty batch).
pub fn check_embeddings(batch: &[(&Article, &[f32])]) -> crate::Result<Option<usize>> {
    let Some(first) = batch.first() else { return Ok(None) };
    let dim = first.1.len();
    for (a, v) in batch {
        check_embedding(&a.id, v, dim)?;
    }
    Ok(Some(dim))
}

/// An embedding as stored by every backend: little-endian f32s.
pub fn encode_vector(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// A stored embedding of `dim` values back; a blob of another length is
/// [`crate::StoreError::Corrupt`].
pub fn decode_vector(id: &str, blob: &[u8], dim: i64) -> crate::Result<Vec<f32>> {
    if usize::try_from(dim).ok().and_then(|d| d.checked_mul(4)) != Some(blob.len()) {
        return Err(crate::StoreError::Corrupt {
            id: id.into(),
            message: format!("embedding of {} bytes, expected {dim} floats", blob.len()),
        });
    }
    Ok(blob.chunks_exact(4).map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]])).collect())
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
        let packed = compress_page(&page).unwrap();
        assert!(packed.len() < page.len() / 4);
        assert_eq!(decompress_page(&packed, page.len()).unwrap(), page);
    }
}
