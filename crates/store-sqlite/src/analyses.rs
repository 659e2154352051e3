//! The `analyses` table: one analysis (summary, quotes, claims, figures,
//! places; JSON the store does not look into) per article, tied to the
//! analyzer version and the content hash of the article version analysed.

use chrono::Utc;
use newsdesk_model::Article;
use newsdesk_store::{Result, StoreError};
use rayon::prelude::*;
use rusqlite::{params, Connection, OptionalExtension, TransactionBehavior};

use crate::codec::{content_hash, format_time};
use crate::error::Context;

pub(crate) fn put(conn: &mut Connection, analyzer: &str, batch: &[(&Article, &str)]) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let hashes: Vec<[u8; 32]> = batch
        .par_iter()
        .map(|(a, _)| content_hash(a).ctx(|| format!("put_analyses {}: hashing article", a.id)))
        .collect::<Result<_>>()?;
    let now = format_time(Utc::now());
    let tx = conn
        .transaction_with_behavior(TransactionBehavior::Immediate)
        .ctx(|| format!("put_analyses of {}: begin", batch.len()))?;
    {
        let mut exists =
            tx.prepare_cached("SELECT 1 FROM articles WHERE id = ?1").ctx(|| "put_analyses: prepare".into())?;
        let mut put = tx
            .prepare_cached(
                "INSERT INTO analyses (article_id, analyzer, content_hash, analysed_at, body)
                 VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (article_id) DO UPDATE SET analyzer = excluded.analyzer,
                     content_hash = excluded.content_hash, analysed_at = excluded.analysed_at, body = excluded.body",
            )
            .ctx(|| "put_analyses: prepare insert".into())?;
        for ((a, body), hash) in batch.iter().zip(&hashes) {
            let id = a.id.as_str();
            let found = exists.query_row([id], |_| Ok(())).optional().ctx(|| format!("put_analyses {id}: lookup"))?;
            if found.is_none() {
                return Err(StoreError::UnknownArticle(id.into()));
            }
            put.execute(params![id, analyzer, &hash[..], now, body]).ctx(|| format!("put_analyses {id}"))?;
        }
    }
    tx.commit().ctx(|| format!("put_analyses of {}: commit", batch.len()))
}

pub(crate) fn get(conn: &Connection, analyzer: &str, id: &str) -> Result<Option<String>> {
    conn.prepare_cached(
        "SELECT n.body FROM analyses n JOIN articles a ON a.id = n.article_id AND a.content_hash = n.content_hash
         WHERE n.article_id = ?1 AND n.analyzer = ?2",
    )
    .and_then(|mut s| s.query_row(params![id, analyzer], |r| r.get(0)).optional())
    .ctx(|| format!("analysis {id}"))
}

pub(crate) fn unanalysed(conn: &Connection, analyzer: &str) -> Result<Vec<String>> {
    let mut stmt = conn
        .prepare_cached(
            "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
             WHERE n.article_id IS NULL OR n.analyzer != ?1 OR n.content_hash != a.content_hash ORDER BY a.rowid",
        )
        .ctx(|| "unanalysed_ids: prepare".into())?;
    let rows = stmt.query_map([analyzer], |r| r.get(0)).ctx(|| "unanalysed_ids".into())?;
    rows.collect::<rusqlite::Result<_>>().ctx(|| "unanalysed_ids: row".into())
}
