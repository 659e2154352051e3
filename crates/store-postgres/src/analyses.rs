//! The `analyses` table: one analysis (JSON the store does not look into)
//! per article, tied to the analyzer version and the content hash of the
//! article version analysed.

use chrono::Utc;
use newsdesk_model::Article;
use newsdesk_store::{content_hash, Result, StoreError};
use postgres::Client;
use rayon::prelude::*;

use crate::error::{Context, OtherContext};

pub(crate) fn put(client: &mut Client, analyzer: &str, batch: &[(&Article, &str)]) -> Result<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let hashes: Vec<[u8; 32]> = batch
        .par_iter()
        .map(|(a, _)| content_hash(a).other_ctx(|| format!("put_analyses {}: hashing article", a.id)))
        .collect::<Result<_>>()?;
    let now = Utc::now();
    let ids: Vec<&str> = batch.iter().map(|(a, _)| a.id.as_str()).collect();
    let bodies: Vec<&str> = batch.iter().map(|(_, b)| *b).collect();
    let hashes: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
    let mut tx = client.transaction().ctx(|| format!("put_analyses of {}: begin", batch.len()))?;
    check_stored(&mut tx, &ids, "put_analyses")?;
    // The last analysis of an id given twice wins, as applied in order.
    tx.execute(
        "INSERT INTO analyses (article_id, analyzer, content_hash, analysed_at, body)
         SELECT DISTINCT ON (id) id, $2, hash, $3, body
         FROM unnest($1::text[], $4::bytea[], $5::text[]) WITH ORDINALITY AS r(id, hash, body, n)
         ORDER BY id, n DESC
         ON CONFLICT (article_id) DO UPDATE SET analyzer = excluded.analyzer,
             content_hash = excluded.content_hash, analysed_at = excluded.analysed_at, body = excluded.body",
        &[&ids, &analyzer, &now, &hashes, &bodies],
    )
    .ctx(|| format!("put_analyses of {}", batch.len()))?;
    tx.commit().ctx(|| format!("put_analyses of {}: commit", batch.len()))
}

/// Fails with [`StoreError::UnknownArticle`] naming the first of `ids` not
/// stored.
pub(crate) fn check_stored(tx: &mut postgres::Transaction<'_>, ids: &[&str], what: &str) -> Result<()> {
    let rows = tx
        .query("SELECT id FROM articles WHERE id = ANY($1)", &[&ids])
        .ctx(|| format!("{what}: looking up {} articles", ids.len()))?;
    let found: std::collections::HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
    match ids.iter().find(|id| !found.contains(**id)) {
        Some(id) => Err(StoreError::UnknownArticle(id.to_string())),
        None => Ok(()),
    }
}

pub(crate) fn get(client: &mut Client, analyzer: &str, id: &str) -> Result<Option<String>> {
    let row = client
        .query_opt(
            "SELECT n.body FROM analyses n JOIN articles a ON a.id = n.article_id AND a.content_hash = n.content_hash
             WHERE n.article_id = $1 AND n.analyzer = $2",
            &[&id, &analyzer],
        )
        .ctx(|| format!("analysis {id}"))?;
    Ok(row.map(|r| r.get(0)))
}

pub(crate) fn unanalysed(client: &mut Client, analyzer: &str) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT a.id FROM articles a LEFT JOIN analyses n ON n.article_id = a.id
             WHERE n.article_id IS NULL OR n.analyzer != $1 OR n.content_hash != a.content_hash ORDER BY a.seq",
            &[&analyzer],
        )
        .ctx(|| "unanalysed_ids".into())?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

impl crate::PgStore {
    /// The articles among `ids` without a current analysis by `analyzer`,
    /// in one round trip (what a worker taking an analyse job needs).
    pub fn unanalysed_among(&self, analyzer: &str, ids: &[String]) -> Result<Vec<newsdesk_store::StoredArticle>> {
        let rows = self
            .conn()?
            .query(
                "SELECT a.id FROM articles a
                 LEFT JOIN analyses n ON n.article_id = a.id AND n.analyzer = $2 AND n.content_hash = a.content_hash
                 WHERE a.id = ANY($1) AND n.article_id IS NULL",
                &[&ids, &analyzer],
            )
            .ctx(|| format!("unanalysed among {}", ids.len()))?;
        let todo: std::collections::HashSet<String> = rows.iter().map(|r| r.get(0)).collect();
        let wanted: Vec<String> = ids.iter().filter(|id| todo.contains(*id)).cloned().collect();
        newsdesk_store::Store::get_many(self, &wanted)
    }
}
