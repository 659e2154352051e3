//! Reading articles exactly as stored, for `newsdesk migrate`.

use chrono::{DateTime, Utc};
use newsdesk_store::{ArticleDump, Result, StoreError, StoredPage, VersionDump};
use rusqlite::{params, Row};

use crate::codec::parse_time;
use crate::error::Context;
use crate::SqliteStore;

fn time(id: &str, what: &str, s: &str) -> Result<DateTime<Utc>> {
    parse_time(s).map_err(|e| StoreError::Corrupt { id: id.into(), message: format!("{what} {s:?}: {e}") })
}

fn opt_time(id: &str, what: &str, s: Option<String>) -> Result<Option<DateTime<Utc>>> {
    s.map(|s| time(id, what, &s)).transpose()
}

fn page(html: Option<Vec<u8>>, size: Option<i64>) -> Option<StoredPage> {
    html.map(|deflated| StoredPage { size: size.unwrap_or(-1), deflated })
}

fn version_row(id: &str, r: &Row<'_>) -> Result<VersionDump> {
    let get = |e: rusqlite::Error| StoreError::Corrupt { id: id.into(), message: format!("version row: {e}") };
    let stored_at: String = r.get(4).map_err(get)?;
    let replaced_at: String = r.get(5).map_err(get)?;
    Ok(VersionDump {
        version: r.get(0).map_err(get)?,
        article_json: r.get(1).map_err(get)?,
        content_hash: r.get(2).map_err(get)?,
        fetched_at: opt_time(id, "fetched_at", r.get(3).map_err(get)?)?,
        stored_at: time(id, "stored_at", &stored_at)?,
        replaced_at: time(id, "replaced_at", &replaced_at)?,
        raw_html: page(r.get(6).map_err(get)?, r.get(7).map_err(get)?),
    })
}

impl SqliteStore {
    /// Up to `limit` articles first stored after the one at `after` (0 for
    /// the start) in store order, each with its history, and the position
    /// to pass next. Empty at the end.
    pub fn dump_articles(&self, after: i64, limit: usize) -> Result<(Vec<ArticleDump>, i64)> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT a.rowid, a.id, a.article_json, a.content_hash, a.version, a.first_seen, a.last_changed,
                        a.fetched_at, r.html, r.size
                 FROM articles a LEFT JOIN raw_pages r ON r.article_id = a.id
                 WHERE a.rowid > ?1 ORDER BY a.rowid LIMIT ?2",
            )
            .ctx(|| "dump_articles: prepare".into())?;
        let mut versions = self
            .conn
            .prepare_cached(
                "SELECT version, article_json, content_hash, fetched_at, stored_at, replaced_at, html, html_size
                 FROM article_versions WHERE article_id = ?1 ORDER BY version",
            )
            .ctx(|| "dump_articles: prepare versions".into())?;
        let mut rows = stmt.query(params![after, limit as i64]).ctx(|| "dump_articles".into())?;
        let mut out = Vec::new();
        let mut last = after;
        while let Some(r) = rows.next().ctx(|| "dump_articles: next row".into())? {
            last = r.get(0).ctx(|| "dump_articles: rowid".into())?;
            let id: String = r.get(1).ctx(|| "dump_articles: id".into())?;
            let bad = |e: rusqlite::Error| StoreError::Corrupt { id: id.clone(), message: format!("article row: {e}") };
            let first_seen: String = r.get(5).map_err(bad)?;
            let last_changed: String = r.get(6).map_err(bad)?;
            let mut dump = ArticleDump {
                article_json: r.get(2).map_err(bad)?,
                content_hash: r.get(3).map_err(bad)?,
                version: r.get(4).map_err(bad)?,
                first_seen: time(&id, "first_seen", &first_seen)?,
                last_changed: time(&id, "last_changed", &last_changed)?,
                fetched_at: opt_time(&id, "fetched_at", r.get(7).map_err(bad)?)?,
                raw_html: page(r.get(8).map_err(bad)?, r.get(9).map_err(bad)?),
                history: Vec::new(),
                id,
            };
            let mut vrows = versions.query([&dump.id]).ctx(|| format!("dump_articles {}: versions", dump.id))?;
            while let Some(v) = vrows.next().ctx(|| format!("dump_articles {}: versions", dump.id))? {
                dump.history.push(version_row(&dump.id, v)?);
            }
            out.push(dump);
        }
        Ok((out, last))
    }

    /// The models with stored embeddings.
    pub fn embedding_models(&self) -> Result<Vec<String>> {
        let mut stmt =
            self.conn.prepare_cached("SELECT DISTINCT model FROM embeddings ORDER BY model").ctx(|| "models".into())?;
        let rows = stmt.query_map([], |r| r.get(0)).ctx(|| "embedding models".into())?;
        rows.collect::<rusqlite::Result<_>>().ctx(|| "embedding models: row".into())
    }

    /// The analyzers with stored analyses.
    pub fn analyzers(&self) -> Result<Vec<String>> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT DISTINCT analyzer FROM analyses ORDER BY analyzer")
            .ctx(|| "analyzers".into())?;
        let rows = stmt.query_map([], |r| r.get(0)).ctx(|| "analyzers".into())?;
        rows.collect::<rusqlite::Result<_>>().ctx(|| "analyzers: row".into())
    }
}

impl SqliteStore {
    /// Up to `limit` crawl URLs after `after` (by URL; `""` for the start),
    /// with their states: the crawl queue as stored.
    pub fn dump_urls(&self, after: &str, limit: usize) -> Result<Vec<newsdesk_store::UrlRecord>> {
        let sql = format!("SELECT {} FROM crawl_urls WHERE url > ?1 ORDER BY url LIMIT ?2", crate::crawl::URL_COLUMNS);
        let mut stmt = self.conn.prepare_cached(&sql).ctx(|| "dump_urls: prepare".into())?;
        let rows = stmt.query_map(params![after, limit as i64], crate::crawl::url_record).ctx(|| "dump_urls".into())?;
        rows.collect::<rusqlite::Result<_>>().ctx(|| "dump_urls: row".into())
    }
}
