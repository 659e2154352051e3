//! The crawler's tables (schema version 3): `sources`, `doc_validators` and
//! `crawl_urls`; the PostgreSQL port of the embedded store's `crawl.rs`, with
//! the same behaviour (orders, counts, what is left alone).
//!
//! Many workers share these tables, so the writes are built to be safe when
//! they race: inserts are `ON CONFLICT` (a URL is queued once, whoever finds
//! it first), counters are incremented in place (`n = n + 1` re-reads the
//! row under its lock, so no increment is lost), and a transaction takes its
//! row locks in one global order (URLs sorted, then source ids sorted), so
//! two overlapping batches wait for each other instead of deadlocking.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};
use newsdesk_store::{
    CrawlCounts, CrawlStore, DocValidators, FoundUrl, NewSource, PollRecord, Result, SourceId, SourceRecord,
    StoreError, UrlOutcome, UrlRecord, UrlState,
};
use postgres::Row;

use crate::error::{backend, Context};
use crate::PgStore;

/// The columns [`url_record`] reads.
const URL_COLUMNS: &str =
    "url, source, state, found_at, published, attempts, next_attempt, last_error, fetched_at, article_id";

/// Counters are BIGINT and never negative.
fn counter(row: &Row, col: &str) -> Result<u64> {
    let n: i64 = row.try_get(col).ctx(|| format!("read {col}"))?;
    Ok(n.max(0) as u64)
}

fn source_record(row: &Row) -> Result<SourceRecord> {
    let id: SourceId = row.try_get("id").ctx(|| "read source: id".into())?;
    let text = |col: &str| row.try_get::<_, Option<String>>(col).ctx(|| format!("read source {id}: {col}"));
    let time = |col: &str| row.try_get::<_, Option<DateTime<Utc>>>(col).ctx(|| format!("read source {id}: {col}"));
    Ok(SourceRecord {
        id,
        url: row.try_get("url").ctx(|| format!("read source {id}: url"))?,
        name: text("name")?,
        country: text("country")?,
        language: text("language")?,
        kind: text("kind")?,
        poll_url: text("poll_url")?,
        added_at: row.try_get("added_at").ctx(|| format!("read source {id}: added_at"))?,
        last_polled: time("last_polled")?,
        last_success: time("last_success")?,
        last_error: text("last_error")?,
        polls: counter(row, "polls")?,
        failures: counter(row, "failures")?,
        articles_found: counter(row, "articles_found")?,
        fetched: counter(row, "fetched")?,
        mean_delay_secs: row.try_get("mean_delay").ctx(|| format!("read source {id}: mean_delay"))?,
    })
}

fn url_record(row: &Row) -> Result<UrlRecord> {
    let url: String = row.try_get("url").ctx(|| "read url".into())?;
    let time = |col: &str| row.try_get::<_, Option<DateTime<Utc>>>(col).ctx(|| format!("read url {url}: {col}"));
    let text = |col: &str| row.try_get::<_, Option<String>>(col).ctx(|| format!("read url {url}: {col}"));
    let state: String = row.try_get("state").ctx(|| format!("read url {url}: state"))?;
    let attempts: i32 = row.try_get("attempts").ctx(|| format!("read url {url}: attempts"))?;
    Ok(UrlRecord {
        source: row.try_get("source").ctx(|| format!("read url {url}: source"))?,
        // An unknown state (a newer writer's) is left queued rather than lost.
        state: UrlState::parse(&state).unwrap_or(UrlState::Queued),
        found_at: row.try_get("found_at").ctx(|| format!("read url {url}: found_at"))?,
        published: time("published")?,
        attempts: attempts.max(0) as u32,
        next_attempt: time("next_attempt")?,
        last_error: text("last_error")?,
        fetched_at: time("fetched_at")?,
        article_id: text("article_id")?,
        url,
    })
}

fn outcome_url(o: &UrlOutcome) -> &str {
    match o {
        UrlOutcome::Stored { url, .. } | UrlOutcome::Skipped { url, .. } | UrlOutcome::Failed { url, .. } => url,
    }
}

impl CrawlStore for PgStore {
    fn add_source(&mut self, s: &NewSource) -> Result<(SourceId, bool)> {
        let c = self.client.get_mut();
        let now = Utc::now();
        // The insert sees a row committed by a concurrent adder (it waits for
        // it, then does nothing), and the SELECT, a statement of its own,
        // then sees it too. Only a removal racing in between leaves nothing
        // to read; adding again is then right, and a second race is not
        // worth a loop.
        for _ in 0..2 {
            let inserted = c
                .query_opt(
                    "INSERT INTO sources (url, name, country, language, added_at) VALUES ($1, $2, $3, $4, $5)
                     ON CONFLICT (url) DO NOTHING RETURNING id",
                    &[&s.url, &s.name, &s.country, &s.language, &now],
                )
                .ctx(|| format!("add source {}", s.url))?;
            if let Some(row) = inserted {
                return Ok((row.try_get(0).ctx(|| format!("add source {}: read id", s.url))?, true));
            }
            let existing = c
                .query_opt("SELECT id FROM sources WHERE url = $1", &[&s.url])
                .ctx(|| format!("add source {}: read id", s.url))?;
            if let Some(row) = existing {
                return Ok((row.try_get(0).ctx(|| format!("add source {}: read id", s.url))?, false));
            }
        }
        Err(backend(format!("add source {}: removed by another worker while being added", s.url)))
    }

    fn remove_source(&mut self, id_or_url: &str) -> Result<bool> {
        let c = self.client.get_mut();
        let n = match id_or_url.parse::<i64>() {
            Ok(id) => c.execute("DELETE FROM sources WHERE id = $1", &[&id]),
            Err(_) => c.execute("DELETE FROM sources WHERE url = $1", &[&id_or_url]),
        }
        .ctx(|| format!("remove source {id_or_url}"))?;
        Ok(n > 0)
    }

    fn sources(&self) -> Result<Vec<SourceRecord>> {
        // The delay is found-to-fetched in seconds. EXTRACT gives numeric
        // (PostgreSQL 14+), so the mean is cast to the f64 it is read as.
        let rows = self
            .conn()?
            .query(
                "SELECT s.id, s.url, s.name, s.country, s.language, s.kind, s.poll_url, s.added_at, s.last_polled,
                        s.last_success, s.last_error, s.polls, s.failures, s.articles_found,
                        COALESCE(f.n, 0) AS fetched, f.delay AS mean_delay
                 FROM sources s
                 LEFT JOIN (SELECT source, COUNT(*) AS n,
                                   AVG(EXTRACT(EPOCH FROM fetched_at - found_at))::float8 AS delay
                            FROM crawl_urls WHERE state = 'fetched' GROUP BY source) f ON f.source = s.id
                 ORDER BY s.id",
                &[],
            )
            .ctx(|| "sources".into())?;
        rows.iter().map(source_record).collect()
    }

    fn record_poll(&mut self, id: SourceId, poll: &PollRecord) -> Result<()> {
        let c = self.client.get_mut();
        // `polls + 1` is evaluated on the row as locked, so concurrent polls
        // of one source all count.
        match &poll.outcome {
            Ok((kind, poll_url)) => c.execute(
                "UPDATE sources SET last_polled = $2, last_success = $2, last_error = NULL, polls = polls + 1,
                     kind = $3, poll_url = $4 WHERE id = $1",
                &[&id, &poll.at, kind, poll_url],
            ),
            Err(e) => c.execute(
                "UPDATE sources SET last_polled = $2, last_error = $3, polls = polls + 1, failures = failures + 1
                 WHERE id = $1",
                &[&id, &poll.at, e],
            ),
        }
        .ctx(|| format!("record poll of source {id}"))?;
        Ok(())
    }

    fn validators(&self, url: &str) -> Result<DocValidators> {
        let row = self
            .conn()?
            .query_opt("SELECT etag, last_modified FROM doc_validators WHERE url = $1", &[&url])
            .ctx(|| format!("validators of {url}"))?;
        match row {
            Some(r) => Ok(DocValidators {
                etag: r.try_get(0).ctx(|| format!("validators of {url}: etag"))?,
                last_modified: r.try_get(1).ctx(|| format!("validators of {url}: last_modified"))?,
            }),
            None => Ok(DocValidators::default()),
        }
    }

    fn set_validators(&mut self, url: &str, v: &DocValidators) -> Result<()> {
        self.client
            .get_mut()
            .execute(
                "INSERT INTO doc_validators (url, etag, last_modified) VALUES ($1, $2, $3)
                 ON CONFLICT (url) DO UPDATE SET etag = EXCLUDED.etag, last_modified = EXCLUDED.last_modified",
                &[&url, &v.etag, &v.last_modified],
            )
            .ctx(|| format!("set validators of {url}"))?;
        Ok(())
    }

    fn enqueue(&mut self, urls: &[FoundUrl], at: DateTime<Utc>) -> Result<u64> {
        if urls.is_empty() {
            return Ok(0);
        }
        // One statement for the batch (a poll finds hundreds of URLs, most
        // already known), in URL order so that concurrent batches lock
        // shared URLs in the same order. A URL given twice keeps its first
        // occurrence, as the row-by-row embedded store does: the sort is
        // stable and dedup keeps the first of a run.
        let mut batch: Vec<&FoundUrl> = urls.iter().collect();
        batch.sort_by(|a, b| a.url.as_bytes().cmp(b.url.as_bytes()));
        batch.dedup_by(|later, first| later.url == first.url);
        let url: Vec<&str> = batch.iter().map(|u| u.url.as_str()).collect();
        let source: Vec<Option<SourceId>> = batch.iter().map(|u| u.source).collect();
        let published: Vec<Option<DateTime<Utc>>> = batch.iter().map(|u| u.published).collect();

        let mut tx = self.client.get_mut().transaction().ctx(|| format!("enqueue {} urls: begin", urls.len()))?;
        // A URL another worker is inserting makes this wait for its commit,
        // then do nothing: only the rows inserted here come back, so they
        // are what this call found new.
        let inserted = tx
            .query(
                "INSERT INTO crawl_urls (url, source, state, found_at, published)
                 SELECT u.url, u.source, 'queued', $4, u.published
                 FROM UNNEST($1::text[], $2::bigint[], $3::timestamptz[]) AS u (url, source, published)
                 ORDER BY u.url COLLATE \"C\"
                 ON CONFLICT (url) DO NOTHING
                 RETURNING source",
                &[&url, &source, &published, &at],
            )
            .ctx(|| format!("enqueue {} urls", url.len()))?;
        // New URLs per source, counted in source id order (the lock order).
        let mut found: BTreeMap<SourceId, i64> = BTreeMap::new();
        for row in &inserted {
            if let Some(s) = row.try_get::<_, Option<SourceId>>(0).ctx(|| "enqueue: read source".into())? {
                *found.entry(s).or_default() += 1;
            }
        }
        if !found.is_empty() {
            let bump = tx
                .prepare("UPDATE sources SET articles_found = articles_found + $2 WHERE id = $1")
                .ctx(|| "enqueue: prepare count".into())?;
            for (s, n) in &found {
                tx.execute(&bump, &[s, n]).ctx(|| format!("enqueue: count for source {s}"))?;
            }
        }
        tx.commit().ctx(|| "enqueue: commit".into())?;
        Ok(inserted.len() as u64)
    }

    fn due_urls(&self, now: DateTime<Utc>, limit: usize) -> Result<Vec<UrlRecord>> {
        // URLs compare as bytes ("C"), as in the embedded store, whatever the
        // database's collation.
        let sql = format!(
            "SELECT {URL_COLUMNS} FROM crawl_urls
             WHERE state = 'queued' AND (next_attempt IS NULL OR next_attempt <= $1)
             ORDER BY found_at, url COLLATE \"C\" LIMIT $2"
        );
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = self.conn()?.query(sql.as_str(), &[&now, &limit]).ctx(|| "due urls".into())?;
        rows.iter().map(url_record).collect()
    }

    fn lease_urls(&mut self, urls: &[String], until: DateTime<Utc>) -> Result<()> {
        if urls.is_empty() {
            return Ok(());
        }
        self.conn()?
            .execute(
                // Rows locked in URL order, as record_outcomes locks them.
                "UPDATE crawl_urls SET next_attempt = $2 WHERE url IN (
                     SELECT url FROM crawl_urls WHERE url = ANY($1) AND state = 'queued'
                     ORDER BY url COLLATE \"C\" FOR UPDATE)",
                &[&urls, &until],
            )
            .ctx(|| "lease urls".into())?;
        Ok(())
    }

    fn next_retry(&self, now: DateTime<Utc>) -> Result<Option<DateTime<Utc>>> {
        let row = self
            .conn()?
            .query_one("SELECT MIN(next_attempt) FROM crawl_urls WHERE state = 'queued' AND next_attempt > $1", &[&now])
            .ctx(|| "next retry".into())?;
        row.try_get(0).ctx(|| "next retry: read".into())
    }

    fn record_outcomes(&mut self, outcomes: &[UrlOutcome]) -> Result<()> {
        if outcomes.is_empty() {
            return Ok(());
        }
        // In URL order, the lock order enqueue uses too; the sort is stable,
        // so two outcomes of one URL still apply in the order given.
        let mut ordered: Vec<&UrlOutcome> = outcomes.iter().collect();
        ordered.sort_by(|a, b| outcome_url(a).as_bytes().cmp(outcome_url(b).as_bytes()));

        let mut tx =
            self.client.get_mut().transaction().ctx(|| format!("record {} url outcomes: begin", outcomes.len()))?;
        // Each outcome is one upsert: a URL not queued yet (given to `fetch`
        // directly) is inserted as found at the outcome's time, exactly the
        // row the embedded store's insert-then-update leaves; a known one is
        // updated in place. `attempts + 1` reads the row as locked, so
        // concurrent failures of one URL all count.
        let done = tx
            .prepare(
                "INSERT INTO crawl_urls (url, state, found_at, fetched_at, article_id, last_error)
                 VALUES ($1, $2, $3, $3, $4, $5)
                 ON CONFLICT (url) DO UPDATE SET state = EXCLUDED.state, fetched_at = EXCLUDED.fetched_at,
                     article_id = EXCLUDED.article_id, last_error = EXCLUDED.last_error, next_attempt = NULL",
            )
            .ctx(|| "record outcomes: prepare".into())?;
        let failed = tx
            .prepare(
                "INSERT INTO crawl_urls (url, state, found_at, attempts, last_error, next_attempt)
                 VALUES ($1, $2, $3, 1, $4, $5)
                 ON CONFLICT (url) DO UPDATE SET state = EXCLUDED.state, attempts = crawl_urls.attempts + 1,
                     last_error = EXCLUDED.last_error, next_attempt = EXCLUDED.next_attempt",
            )
            .ctx(|| "record outcomes: prepare failure".into())?;
        for o in ordered {
            let url = outcome_url(o);
            match o {
                UrlOutcome::Stored { article_id, at, .. } => {
                    tx.execute(&done, &[&url, &UrlState::Fetched.as_str(), at, article_id, &None::<String>])
                }
                UrlOutcome::Skipped { reason, at, .. } => {
                    tx.execute(&done, &[&url, &UrlState::Skipped.as_str(), at, &None::<String>, reason])
                }
                UrlOutcome::Failed { reason, at, retry_at, .. } => {
                    let state = if retry_at.is_some() { UrlState::Queued } else { UrlState::Failed };
                    tx.execute(&failed, &[&url, &state.as_str(), at, reason, retry_at])
                }
            }
            .ctx(|| format!("record outcome of {url}"))?;
        }
        tx.commit().ctx(|| "record outcomes: commit".into())
    }

    fn settle_stored(&mut self, at: DateTime<Utc>) -> Result<u64> {
        // The rows are locked in URL order first (the order the batch writes
        // use), and the state is checked again once locked, so a URL a worker
        // records meanwhile is left as that worker recorded it. Of several
        // articles fetched from one URL the first stored is taken, as the
        // embedded store's index order gives.
        let n = self
            .client
            .get_mut()
            .execute(
                "UPDATE crawl_urls c SET state = 'fetched', fetched_at = $1, next_attempt = NULL,
                     article_id = (SELECT a.id FROM articles a WHERE a.url = c.url ORDER BY a.seq LIMIT 1)
                 FROM (SELECT q.url FROM crawl_urls q
                       WHERE q.state = 'queued' AND EXISTS (SELECT 1 FROM articles a WHERE a.url = q.url)
                       ORDER BY q.url COLLATE \"C\" FOR UPDATE) s
                 WHERE c.url = s.url AND c.state = 'queued'",
                &[&at],
            )
            .ctx(|| "settle stored urls".into())?;
        Ok(n)
    }

    fn url_record(&self, url: &str) -> Result<Option<UrlRecord>> {
        let sql = format!("SELECT {URL_COLUMNS} FROM crawl_urls WHERE url = $1");
        let row = self.conn()?.query_opt(sql.as_str(), &[&url]).ctx(|| format!("url {url}"))?;
        row.as_ref().map(url_record).transpose()
    }

    fn crawl_counts(&self) -> Result<CrawlCounts> {
        let rows = self
            .conn()?
            .query("SELECT state, COUNT(*) AS n FROM crawl_urls GROUP BY state", &[])
            .ctx(|| "crawl counts".into())?;
        let mut counts = CrawlCounts::default();
        for row in &rows {
            let state: String = row.try_get("state").ctx(|| "crawl counts: read".into())?;
            let n = counter(row, "n")?;
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

/// The embedded store's crawl tests (`store-sqlite/tests/crawl.rs`), run on
/// PostgreSQL when `NEWSDESK_TEST_PG` names a server (e.g.
/// `postgres://postgres@127.0.0.1:5432/test`), each in a schema of its own
/// that it drops; plus races between workers, which only this backend has.
#[cfg(test)]
mod tests {
    use std::sync::atomic::{AtomicU32, Ordering};

    use chrono::{Duration, TimeZone, Utc};
    use newsdesk_store::{CrawlStore, FoundUrl, NewSource, UrlOutcome, UrlState};
    use postgres::{Client, NoTls};

    use crate::PgStore;

    /// A schema made for one test, dropped with it.
    struct Scratch {
        base: String,
        schema: String,
    }

    impl Scratch {
        fn new() -> Option<Scratch> {
            let Ok(base) = std::env::var("NEWSDESK_TEST_PG") else {
                eprintln!("skipped: set NEWSDESK_TEST_PG=postgres://user@host:port/db to run the PostgreSQL tests");
                return None;
            };
            static NEXT: AtomicU32 = AtomicU32::new(0);
            let schema = format!(
                "crawl_test_{}_{}_{}",
                std::process::id(),
                Utc::now().timestamp_micros(),
                NEXT.fetch_add(1, Ordering::Relaxed)
            );
            let mut c = Client::connect(&base, NoTls).expect("connect to NEWSDESK_TEST_PG");
            c.batch_execute(&format!("CREATE SCHEMA {schema}")).expect("create test schema");
            Some(Scratch { base, schema })
        }

        fn store(&self) -> PgStore {
            let sep = if self.base.contains('?') { '&' } else { '?' };
            PgStore::connect(&format!("{}{sep}options=-csearch_path%3D{}", self.base, self.schema)).unwrap()
        }
    }

    impl Scratch {
        /// Gives the queue's URLs a linguistic collation, where the server
        /// has ICU, to show that orders do not depend on it.
        fn linguistic_urls(&self) {
            let mut c = Client::connect(&self.base, NoTls).unwrap();
            if c.query_opt("SELECT 1 FROM pg_collation WHERE collname = 'und-x-icu'", &[]).unwrap().is_some() {
                let sql =
                    format!("ALTER TABLE {}.crawl_urls ALTER COLUMN url TYPE text COLLATE \"und-x-icu\"", self.schema);
                c.batch_execute(&sql).unwrap();
            }
        }
    }

    impl Drop for Scratch {
        fn drop(&mut self) {
            if let Ok(mut c) = Client::connect(&self.base, NoTls) {
                let _ = c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema));
            }
        }
    }

    fn found(url: &str, source: Option<i64>) -> FoundUrl {
        FoundUrl { url: url.into(), source, published: None }
    }

    #[test]
    fn due_urls_come_oldest_found_first_then_by_url_bytes() {
        let Some(db) = Scratch::new() else { return };
        let mut s = db.store();
        db.linguistic_urls();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        // Byte order puts upper case first, whatever the database collation.
        s.enqueue(&[found("https://x.example/b", None), found("https://x.example/B", None)], t).unwrap();
        s.enqueue(&[found("https://x.example/a", None)], t + Duration::seconds(1)).unwrap();
        let published = Utc.with_ymd_and_hms(2026, 11, 30, 8, 0, 0).unwrap();
        let dup = [
            FoundUrl { url: "https://x.example/0".into(), source: None, published: Some(published) },
            FoundUrl { url: "https://x.example/0".into(), source: Some(9), published: None },
        ];
        assert_eq!(s.enqueue(&dup, t - Duration::seconds(1)).unwrap(), 1, "a URL given twice is new once");
        let r = s.url_record("https://x.example/0").unwrap().unwrap();
        assert_eq!((r.source, r.published), (None, Some(published)), "the first occurrence is kept");
        let due: Vec<_> = s.due_urls(t + Duration::hours(1), 10).unwrap().into_iter().map(|u| u.url).collect();
        assert_eq!(due, ["https://x.example/0", "https://x.example/B", "https://x.example/b", "https://x.example/a"]);
        assert_eq!(s.enqueue(&[], t).unwrap(), 0);
    }

    #[test]
    fn concurrent_workers_queue_each_url_once_and_count_every_failure() {
        let Some(db) = Scratch::new() else { return };
        let mut s = db.store();
        let (a, _) = s.add_source(&NewSource { url: "https://a.example/".into(), ..Default::default() }).unwrap();
        let (b, _) = s.add_source(&NewSource { url: "https://b.example/".into(), ..Default::default() }).unwrap();
        let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
        const WORKERS: usize = 6;
        const URLS: usize = 200;
        let new: u64 = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..WORKERS)
                .map(|w| {
                    let db = &db;
                    scope.spawn(move || {
                        let mut s = db.store();
                        let urls: Vec<_> = (0..URLS)
                            .map(|i| found(&format!("https://x.example/{i}"), Some(if i % 2 == 0 { a } else { b })))
                            .collect();
                        let mut n = 0;
                        for chunk in urls.chunks(50) {
                            let mut chunk = chunk.to_vec();
                            if w % 2 == 1 {
                                chunk.reverse();
                            }
                            n += s.enqueue(&chunk, t).unwrap();
                        }
                        n
                    })
                })
                .collect();
            handles.into_iter().map(|h| h.join().unwrap()).sum()
        });
        assert_eq!(new, URLS as u64);
        let found: Vec<_> = s.sources().unwrap().iter().map(|r| r.articles_found).collect();
        assert_eq!(found, vec![URLS as u64 / 2, URLS as u64 / 2]);

        // Every worker fails every URL once, in its own order.
        std::thread::scope(|scope| {
            for w in 0..WORKERS {
                let db = &db;
                scope.spawn(move || {
                    let mut s = db.store();
                    let outcomes: Vec<_> = (0..URLS)
                        .map(|i| UrlOutcome::Failed {
                            url: format!("https://x.example/{i}"),
                            reason: format!("timeout: worker {w}"),
                            at: t,
                            retry_at: Some(t + Duration::minutes(1)),
                        })
                        .collect();
                    for chunk in outcomes.chunks(40) {
                        let mut chunk = chunk.to_vec();
                        if w % 2 == 1 {
                            chunk.reverse();
                        }
                        s.record_outcomes(&chunk).unwrap();
                    }
                });
            }
        });
        let r = s.url_record("https://x.example/7").unwrap().unwrap();
        assert_eq!((r.state, r.attempts), (UrlState::Queued, WORKERS as u32));
        assert_eq!(s.crawl_counts().unwrap().queued, URLS as u64);
    }
}
