//! The `embeddings` table: one vector per (model, article), tied to the
//! content hash of the article version it was computed from.

use chrono::{DateTime, Utc};
use newsdesk_model::Article;
use newsdesk_store::{check_embeddings, content_hash, decode_vector, encode_vector, Result, StoreError};
use postgres::Client;
use rayon::prelude::*;

use crate::error::{Context, OtherContext};

/// Joins an embedding to its article and keeps it only while current.
const CURRENT: &str = "FROM embeddings e JOIN articles a ON a.id = e.article_id AND a.content_hash = e.content_hash";

pub(crate) fn put(client: &mut Client, model: &str, batch: &[(&Article, &[f32])]) -> Result<()> {
    let Some(dim) = check_embeddings(batch)? else { return Ok(()) };
    let hashes: Vec<[u8; 32]> = batch
        .par_iter()
        .map(|(a, _)| content_hash(a).other_ctx(|| format!("put_embeddings {}: hashing article", a.id)))
        .collect::<Result<_>>()?;
    let now = Utc::now();
    let dim = i32::try_from(dim).map_err(|_| StoreError::BadEmbedding {
        id: batch[0].0.id.clone(),
        message: format!("{dim} values is too many"),
    })?;
    let ids: Vec<&str> = batch.iter().map(|(a, _)| a.id.as_str()).collect();
    let vectors: Vec<Vec<u8>> = batch.iter().map(|(_, v)| encode_vector(v)).collect();
    let hashes: Vec<&[u8]> = hashes.iter().map(|h| &h[..]).collect();
    let mut tx = client.transaction().ctx(|| format!("put_embeddings of {}: begin", batch.len()))?;
    crate::analyses::check_stored(&mut tx, &ids, "put_embeddings")?;
    tx.execute(
        "INSERT INTO embeddings (model, article_id, content_hash, stored_at, dim, vector)
         SELECT DISTINCT ON (id) $1, id, hash, $3, $4, vector
         FROM unnest($2::text[], $5::bytea[], $6::bytea[]) WITH ORDINALITY AS r(id, hash, vector, n)
         ORDER BY id, n DESC
         ON CONFLICT (article_id, model) DO UPDATE SET content_hash = excluded.content_hash,
             stored_at = excluded.stored_at, dim = excluded.dim, vector = excluded.vector",
        &[&model, &ids, &now, &dim, &hashes, &vectors],
    )
    .ctx(|| format!("put_embeddings of {}", batch.len()))?;
    tx.commit().ctx(|| format!("put_embeddings of {}: commit", batch.len()))
}

pub(crate) fn get(client: &mut Client, model: &str, id: &str) -> Result<Option<Vec<f32>>> {
    let row = client
        .query_opt(
            &format!("SELECT e.vector, e.dim {CURRENT} WHERE e.model = $1 AND e.article_id = $2"),
            &[&model, &id],
        )
        .ctx(|| format!("embedding {id}"))?;
    row.map(|r| decode_vector(id, &r.get::<_, Vec<u8>>(0), r.get::<_, i32>(1).into())).transpose()
}

/// Up to `limit` current embeddings with ids after `after`, by id.
pub(crate) fn page(
    client: &mut Client,
    model: &str,
    since: Option<DateTime<Utc>>,
    after: &str,
    limit: i64,
) -> Result<Vec<(String, Vec<f32>)>> {
    let rows = client
        .query(
            &format!(
                "SELECT e.article_id, e.vector, e.dim {CURRENT}
                 WHERE e.model = $1 AND ($2::timestamptz IS NULL OR e.stored_at >= $2) AND e.article_id > $3
                 ORDER BY e.article_id LIMIT $4"
            ),
            &[&model, &since, &after, &limit],
        )
        .ctx(|| "scan_embeddings".into())?;
    rows.iter()
        .map(|r| {
            let id: String = r.get(0);
            let v = decode_vector(&id, &r.get::<_, Vec<u8>>(1), r.get::<_, i32>(2).into())?;
            Ok((id, v))
        })
        .collect()
}

pub(crate) fn unembedded(client: &mut Client, model: &str) -> Result<Vec<String>> {
    let rows = client
        .query(
            "SELECT a.id FROM articles a LEFT JOIN embeddings e ON e.model = $1 AND e.article_id = a.id
             WHERE e.article_id IS NULL OR e.content_hash != a.content_hash ORDER BY a.seq",
            &[&model],
        )
        .ctx(|| "unembedded_ids".into())?;
    Ok(rows.iter().map(|r| r.get(0)).collect())
}

pub(crate) fn count(client: &mut Client, model: &str) -> Result<u64> {
    let row = client
        .query_one(&format!("SELECT count(*) {CURRENT} WHERE e.model = $1"), &[&model])
        .ctx(|| "embedding_count".into())?;
    Ok(row.get::<_, i64>(0).max(0) as u64)
}
