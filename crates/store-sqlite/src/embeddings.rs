//! The `embeddings` table: one vector per (model, article), tied to the
//! content hash of the article version it was computed from.

use chrono::{DateTime, Utc};
use newsdesk_model::Article;
use newsdesk_store::{check_embeddings, decode_vector, encode_vector, Result, StoreError};
use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::codec::{content_hash, format_time};
use crate::error::Context;

/// Joins an embedding to its article and keeps it only while current.
const CURRENT: &str = "FROM embeddings e JOIN articles a ON a.id = e.article_id AND a.content_hash = e.content_hash";

pub(crate) fn put(conn: &mut Connection, model: &str, batch: &[(&Article, &[f32])]) -> Result<()> {
    let Some(dim) = check_embeddings(batch)? else { return Ok(()) };
    let hashes: Vec<[u8; 32]> = batch
        .par_iter()
        .map(|(a, _)| content_hash(a).ctx(|| format!("put_embeddings {}: hashing article", a.id)))
        .collect::<Result<_>>()?;
    let now = format_time(Utc::now());
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .ctx(|| format!("put_embeddings of {}: begin", batch.len()))?;
    {
        let mut exists =
            tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1").ctx(|| "put_embeddings: prepare".into())?;
        let mut put = tx
            .prepare_cached(
                "INSERT INTO embeddings (model, article_id, content_hash, stored_at, dim, vector)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                 ON CONFLICT (model, article_id) DO UPDATE SET content_hash = excluded.content_hash,
                     stored_at = excluded.stored_at, dim = excluded.dim, vector = excluded.vector",
            )
            .ctx(|| "put_embeddings: prepare insert".into())?;
        for ((a, v), hash) in batch.iter().zip(&hashes) {
            let id = a.id.as_str();
            let found = exists.query_row([id], |_| Ok(())).optional().ctx(|| format!("put_embeddings {id}: lookup"))?;
            if found.is_none() {
                return Err(StoreError::UnknownArticle(id.into()));
            }
            put.execute(params![model, id, &hash[..], now, dim as i64, encode_vector(v)])
                .ctx(|| format!("put_embeddings {id}"))?;
        }
    }
    tx.commit().ctx(|| format!("put_embeddings of {}: commit", batch.len()))
}

pub(crate) fn get(conn: &Connection, model: &str, id: &str) -> Result<Option<Vec<f32>>> {
    let row: Option<(Vec<u8>, i64)> = conn
        .prepare_cached(&format!("SELECT e.vector, e.dim {CURRENT} WHERE e.model = ?1 AND e.article_id = ?2"))
        .and_then(|mut s| s.query_row(params![model, id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(|| format!("embedding {id}"))?;
    row.map(|(blob, dim)| decode_vector(id, &blob, dim)).transpose()
}

pub(crate) fn scan(
    conn: &Connection,
    model: &str,
    since: Option<DateTime<Utc>>,
    visit: &mut dyn FnMut(&str, Vec<f32>) -> Result<()>,
) -> Result<()> {
    let mut sql = format!("SELECT e.article_id, e.vector, e.dim {CURRENT} WHERE e.model = ?1");
    if since.is_some() {
        sql.push_str(" AND e.stored_at >= ?2");
    }
    let mut stmt = conn.prepare_cached(&sql).ctx(|| "scan_embeddings: prepare".into())?;
    let since = since.map(format_time);
    let mut rows = match &since {
        Some(s) => stmt.query(params![model, s]),
        None => stmt.query(params![model]),
    }
    .ctx(|| "scan_embeddings".into())?;
    while let Some(row) = rows.next().ctx(|| "scan_embeddings: next row".into())? {
        let id: String = row.get(0).ctx(|| "scan_embeddings: id".into())?;
        let blob: Vec<u8> = row.get(1).ctx(|| format!("embedding {id}: vector"))?;
        let dim: i64 = row.get(2).ctx(|| format!("embedding {id}: dim"))?;
        let v = decode_vector(&id, &blob, dim)?;
        visit(&id, v)?;
    }
    Ok(())
}

pub(crate) fn unembedded(conn: &Connection, model: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.id FROM articles a LEFT JOIN embeddings e ON e.model = ?1 AND e.article_id = a.id
             WHERE e.article_id IS NULL OR e.content_hash != a.content_hash ORDER BY a.rowid",
        )
        .ctx(|| "unembedded_ids: prepare".into())?;
    let rows = stmt.query_map([model], |r| r.get(0)).ctx(|| "unembedded_ids".into())?;
    rows.collect::<rusqlite::Result<_>>().ctx(|| "unembedded_ids: row".into())
}

pub(crate) fn count(conn: &Connection, model: &str) -> Result<u64> {
    conn.query_row(&format!("SELECT count(*) {CURRENT} WHERE e.model = ?1"), [model], |r| r.get::<_, i64>(0))
        .map(|n| n.max(0) as u64)
        .ctx(|| "embedding_count".into())
}
