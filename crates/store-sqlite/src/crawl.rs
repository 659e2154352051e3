//! The crawler's tables: `sources`, `doc_validators` and `crawl_urls`.
//! Times are stored as fixed-width RFC 3339 UTC text, so comparing the text
//! compares the instants.

use chrono::{DateTime, Utc};
use newsdesk_store::{
    CrawlCounts, CrawlStore, DocValidators, FoundUrl, NewSource, PollRecord, Result, SourceId, SourceRecord,
    StoreError, UrlOutcome, UrlRecord, UrlState,
};
use rusqlite::{params, OptionalExtension, Row, TransactionBehavior};

use crate::codec::{format_time, parse_time};
use crate::error::Context;
use crate::SqliteStore;

fn time(row: &Row<'_>, col: &str) -> rusqlite::Result<Option<DateTime<Utc>>> {
    let text: Option<String> = row.get(col)?;
    Ok(text.and_then(|t| parse_time(&t).ok()))
}

fn source_record(row: &Row<'_>) -> rusqlite::Result<SourceRecord> {
    let fetched: i64 = row.get("fetched")?;
    let delay: Option<f64> = row.get("mean_delay")?;
    Ok(SourceRecord {
        id: row.get("id")?,
        url: row.get("url")?,
        name: row.get("name")?,
        country: row.get("country")?,
        language: row.get("language")?,
        kind: row.get("kind")?,
        poll_url: row.get("poll_url")?,
        added_at: time(row, "added_at")?.unwrap_or_default(),
        last_polled: time(row, "last_polled")?,
        last_success: time(row, "last_success")?,
        last_error: row.get("last_error")?,
        polls: row.get::<_, i64>("polls")?.max(0) as u64,
        failures: row.get::<_, i64>("failures")?.max(0) as u64,
        articles_found: row.get::<_, i64>("articles_found")?.max(0) as u64,
        fetched: fetched.max(0) as u64,
        mean_delay_secs: delay,
    })
}

pub(crate) fn url_record(row: &Row<'_>) -> rusqlite::Result<UrlRecord> {
    let state: String = row.get("state")?;
    Ok(UrlRecord {
        url: row.get("url")?,
        source: row.get("source")?,
        // An unknown state (a newer writer's) is left queued rather than lost.
        state: UrlState::parse(&state).unwrap_or(UrlState::Queued),
        found_at: time(row, "found_at")?.unwrap_or_default(),
        published: time(row, "published")?,
        attempts: row.get::<_, i64>("attempts")?.clamp(0, u32::MAX as i64) as u32,
        next_attempt: time(row, "next_attempt")?,
        last_error: row.get("last_error")?,
        fetched_at: time(row, "fetched_at")?,
        article_id: row.get("article_id")?,
    })
}

pub(crate) const URL_COLUMNS: &str =
    "url, source, state, found_at, published, attempts, next_attempt, last_error, fetched_at, article_id";

impl CrawlStore for SqliteStore {
    fn add_source(&mut self, s: &NewSource) -> Result<(SourceId, bool)> {
        let now = format_time(Utc::now());
        let added = self
            .conn
            .execute(
                "INSERT INTO sources (url, name, country, language, added_at) VALUES (?1, ?2, ?3, ?4, ?5)
                 ON CONFLICT (url) DO NOTHING",
                params![s.url, s.name, s.country, s.language, now],
            )
            .ctx(|| format!("add source {}", s.url))?;
        let id = self
            .conn
            .query_row("SELECT id FROM sources WHERE url = ?1", [&s.url], |r| r.get(0))
            .ctx(|| format!("add source {}: read id", s.url))?;
        Ok((id, added == 1))
    }

    fn remove_source(&mut self, id_or_url: &str) -> Result<bool> {
        let n = match id_or_url.parse::<i64>() {
            Ok(id) => self.conn.execute("DELETE FROM sources WHERE id = ?1", [id]),
            Err(_) => self.conn.execute("DELETE FROM sources WHERE url = ?1", [id_or_url]),
        }
        .ctx(|| format!("remove source {id_or_url}"))?;
        Ok(n > 0)
    }

    fn sources(&self) -> Result<Vec<SourceRecord>> {
        // The delay is found-to-fetched; julianday() reads the stored text.
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT s.*, COALESCE(f.n, 0) AS fetched, f.delay AS mean_delay FROM sources s
                 LEFT JOIN (SELECT source, COUNT(*) AS n,
                                   AVG((julianday(fetched_at) - julianday(found_at)) * 86400.0) AS delay
                            FROM crawl_urls WHERE state = 'fetched' GROUP BY source) f ON f.source = s.id
                 ORDER BY s.id",
            )
            .ctx(|| "sources: prepare".into())?;
        let rows = stmt.query_map([], source_record).ctx(|| "sources".into())?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(|| "sources: read".into())
    }

    fn record_poll(&mut self, id: SourceId, poll: &PollRecord) -> Result<()> {
        let at = format_time(poll.at);
        match &poll.outcome {
            Ok((kind, poll_url)) => self.conn.execute(
                "UPDATE sources SET last_polled = ?2, last_success = ?2, last_error = NULL, polls = polls + 1,
                     kind = ?3, poll_url = ?4 WHERE id = ?1",
                params![id, at, kind, poll_url],
            ),
            Err(e) => self.conn.execute(
                "UPDATE sources SET last_polled = ?2, last_error = ?3, polls = polls + 1, failures = failures + 1
                 WHERE id = ?1",
                params![id, at, e],
            ),
        }
        .ctx(|| format!("record poll of source {id}"))?;
        Ok(())
    }

    fn validators(&self, url: &str) -> Result<DocValidators> {
        let found = self
            .conn
            .prepare_cached("SELECT etag, last_modified FROM doc_validators WHERE url = ?1")
            .and_then(|mut s| {
                s.query_row([url], |r| Ok(DocValidators { etag: r.get(0)?, last_modified: r.get(1)? })).optional()
            })
            .ctx(|| format!("validators of {url}"))?;
        Ok(found.unwrap_or_default())
    }

    fn set_validators(&mut self, url: &str, v: &DocValidators) -> Result<()> {
        self.conn
            .execute(
                "INSERT INTO doc_validators (url, etag, last_modified) VALUES (?1, ?2, ?3)
                 ON CONFLICT (url) DO UPDATE SET etag = excluded.etag, last_modified = excluded.last_modified",
                params![url, v.etag, v.last_modified],
            )
            .ctx(|| format!("set validators of {url}"))?;
        Ok(())
    }

    fn enqueue(&mut self, urls: &[FoundUrl], at: DateTime<Utc>) -> Result<u64> {
        let at = format_time(at);
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| format!("enqueue {} urls: begin", urls.len()))?;
        let mut new = 0;
        {
            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO crawl_urls (url, source, state, found_at, published) VALUES (?1, ?2, 'queued', ?3, ?4)
                     ON CONFLICT (url) DO NOTHING",
                )
                .ctx(|| "enqueue: prepare".into())?;
            let mut found = tx
                .prepare_cached("UPDATE sources SET articles_found = articles_found + 1 WHERE id = ?1")
                .ctx(|| "enqueue: prepare count".into())?;
            for u in urls {
                let published = u.published.map(format_time);
                if insert.execute(params![u.url, u.source, at, published]).ctx(|| format!("enqueue {}", u.url))? == 1 {
                    new += 1;
                    if let Some(s) = u.source {
                        found.execute([s]).ctx(|| format!("enqueue {}: count", u.url))?;
                    }
                }
            }
        }
        tx.commit().ctx(|| "enqueue: commit".into())?;
        Ok(new)
    }

    fn due_urls(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<UrlRecord>> {
        let sql = format!(
            "SELECT {URL_COLUMNS} FROM crawl_urls WHERE state = 'queued' AND (next_attempt IS NULL OR next_attempt <= ?1)
             ORDER BY found_at, url LIMIT ?2"
        );
        let mut stmt = self.conn.prepare_cached(&sql).ctx(|| "due urls: prepare".into())?;
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = stmt.query_map(params![format_time(now), limit], url_record).ctx(|| "due urls".into())?;
        rows.collect::<rusqlite::Result<Vec<_>>>().ctx(|| "due urls: read".into())
    }

    fn lease_urls(&mut self, urls: &[String], until: DateTime<Utc>) -> Result<()> {
        let tx = self.conn.transaction().ctx(|| "lease urls: begin".into())?;
        {
            let mut stmt = tx
                .prepare_cached("UPDATE crawl_urls SET next_attempt = ?2 WHERE url = ?1 AND state = 'queued'")
                .ctx(|| "lease urls: prepare".into())?;
            let until = format_time(until);
            for url in urls {
                stmt.execute(params![url, until]).ctx(|| format!("lease {url}"))?;
            }
        }
        tx.commit().ctx(|| "lease urls: commit".into())
    }

    fn next_retry(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let next: Option<String> = self
            .conn
            .query_row(
                "SELECT MIN(next_attempt) FROM crawl_urls WHERE state = 'queued' AND next_attempt > ?1",
                [format_time(now)],
                |r| r.get(0),
            )
            .ctx(|| "next retry".into())?;
        Ok(next.and_then(|t| parse_time(&t).ok()))
    }

    fn record_outcomes(&mut self, outcomes: &[UrlOutcome]) -> Result<()> {
        if outcomes.is_empty() {
            return Ok(());
        }
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| format!("record {} url outcomes: begin", outcomes.len()))?;
        {
            let mut ensure = tx
                .prepare_cached(
                    "INSERT INTO crawl_urls (url, state, found_at) VALUES (?1, 'queued', ?2) ON CONFLICT (url) DO NOTHING",
                )
                .ctx(|| "record outcomes: prepare".into())?;
            let mut done = tx
                .prepare_cached(
                    "UPDATE crawl_urls SET state = ?2, fetched_at = ?3, article_id = ?4, last_error = ?5,
                         next_attempt = NULL WHERE url = ?1",
                )
                .ctx(|| "record outcomes: prepare update".into())?;
            let mut failed = tx
                .prepare_cached(
                    "UPDATE crawl_urls SET state = ?2, attempts = attempts + 1, last_error = ?3, next_attempt = ?4
                     WHERE url = ?1",
                )
                .ctx(|| "record outcomes: prepare failure".into())?;
            for o in outcomes {
                let (url, at) = match o {
                    UrlOutcome::Stored { url, at, .. }
                    | UrlOutcome::Skipped { url, at, .. }
                    | UrlOutcome::Failed { url, at, .. } => (url, format_time(*at)),
                };
                ensure.execute(params![url, at]).ctx(|| format!("record outcome of {url}"))?;
                match o {
                    UrlOutcome::Stored { article_id, .. } => {
                        done.execute(params![url, UrlState::Fetched.as_str(), at, article_id, None::<String>])
                    }
                    UrlOutcome::Skipped { reason, .. } => {
                        done.execute(params![url, UrlState::Skipped.as_str(), at, None::<String>, reason])
                    }
                    UrlOutcome::Failed { reason, retry_at, .. } => {
                        let state = if retry_at.is_some() { UrlState::Queued } else { UrlState::Failed };
                        failed.execute(params![url, state.as_str(), reason, retry_at.map(format_time)])
                    }
                }
                .ctx(|| format!("record outcome of {url}"))?;
            }
        }
        tx.commit().ctx(|| "record outcomes: commit".into())
    }

    fn settle_stored(&mut self, at: DateTime<Utc>) -> Result<u64> {
        let n = self
            .conn
            .execute(
                "UPDATE crawl_urls SET state = 'fetched', fetched_at = ?1, next_attempt = NULL,
                     article_id = (SELECT a.id FROM articles a WHERE a.url = crawl_urls.url LIMIT 1)
                 WHERE state = 'queued' AND EXISTS (SELECT 1 FROM articles a WHERE a.url = crawl_urls.url)",
                [format_time(at)],
            )
            .ctx(|| "settle stored urls".into())?;
        Ok(n as u64)
    }

    fn url_record(&self, url: &str) -> Result<Option<UrlRecord>> {
        let sql = format!("SELECT {URL_COLUMNS} FROM crawl_urls WHERE url = ?1");
        self.conn
            .prepare_cached(&sql)
            .and_then(|mut s| s.query_row([url], url_record).optional())
            .ctx(|| format!("url {url}"))
    }

    fn crawl_counts(&self) -> Result<CrawlCounts> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT state, COUNT(*) FROM crawl_urls GROUP BY state")
            .ctx(|| "crawl counts: prepare".into())?;
        let mut counts = CrawlCounts::default();
        let rows =
            stmt.query_map([], |r| Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))).ctx(|| "crawl counts".into())?;
        for row in rows {
            let (state, n) = row.ctx(|| "crawl counts: read".into())?;
            let n = n.max(0) as u64;
            match UrlState::parse(&state) {
                Some(UrlState::Queued) => counts.queued += n,
                Some(UrlState::Fetched) => counts.fetched += n,
                Some(UrlState::Skipped) => counts.skipped += n,
                Some(UrlState::Failed) => counts.failed += n,
                None => return Err(StoreError::Corrupt { id: "crawl_urls".into(), message: format!("state {state}") }),
            }
        }
        Ok(counts)
    }
}
