//! Writing articles exactly as another backend held them (`newsdesk
//! migrate`): versions, raw pages and bookkeeping times kept.

use newsdesk_model::Article;
use newsdesk_store::{ArticleDump, Result, StoreError};

use crate::error::Context;
use crate::store::Columns;
use crate::PgStore;

/// What a restore did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Restored {
    pub articles: u64,
    /// Already in the database (a resumed run): left as they are.
    pub present: u64,
}

impl PgStore {
    /// Writes `dumps` in one transaction; an id the database holds already
    /// is left alone, so a migration interrupted at any point is resumed by
    /// running it again.
    pub fn restore(&mut self, dumps: &[ArticleDump]) -> Result<Restored> {
        let mut done = Restored::default();
        let parsed: Vec<Article> = dumps
            .iter()
            .map(|d| {
                serde_json::from_str(&d.article_json)
                    .map_err(|e| StoreError::Corrupt { id: d.id.clone(), message: format!("article JSON: {e}") })
            })
            .collect::<Result<_>>()?;
        let configs = &self.configs;
        let mut tx = self.client.get_mut().transaction().ctx(|| "restore: begin".into())?;
        let insert = tx
            .prepare(
                "INSERT INTO articles (id, url, canonical_url, title, site_name, site_key, language, country,
                    published, published_ts, published_day, word_count, article_json, content_hash, version,
                    first_seen, last_changed, fetched_at, authors, ts_config, search)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19,
                    $20::text::regconfig, setweight(to_tsvector($20::text::regconfig, $22), 'A')
                        || setweight(to_tsvector($20::text::regconfig, $21), 'B'))
                 ON CONFLICT (id) DO NOTHING",
            )
            .ctx(|| "restore: prepare".into())?;
        let raw = tx
            .prepare("INSERT INTO raw_pages (article_id, html, size, stored_size) VALUES ($1, $2, $3, $4)")
            .ctx(|| "restore: prepare raw".into())?;
        let version = tx
            .prepare(
                "INSERT INTO article_versions (article_id, version, article_json, content_hash, fetched_at,
                    stored_at, replaced_at, html, html_size)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)",
            )
            .ctx(|| "restore: prepare version".into())?;
        for (d, a) in dumps.iter().zip(&parsed) {
            let id = d.id.as_str();
            let columns = Columns::of(a, configs);
            let number = i32::try_from(d.version).unwrap_or(i32::MAX);
            let row = columns.params(&id, &d.article_json, &d.content_hash, &d.first_seen, &d.fetched_at);
            // The restore's insert keeps the version and both times: `$15`
            // is the version there, `$16`/`$17` first seen and last changed.
            let n = tx
                .execute(
                    &insert,
                    &[
                        row[0],
                        row[1],
                        row[2],
                        row[3],
                        row[4],
                        row[5],
                        row[6],
                        row[7],
                        row[8],
                        row[9],
                        row[10],
                        row[11],
                        row[12],
                        row[13],
                        &number,
                        &d.first_seen,
                        &d.last_changed,
                        row[15],
                        row[16],
                        row[17],
                        row[18],
                        row[19],
                    ],
                )
                .ctx(|| format!("restore {id}"))?;
            if n == 0 {
                done.present += 1;
                continue;
            }
            if let Some(p) = &d.raw_html {
                tx.execute(&raw, &[&id, &p.deflated, &p.size, &(p.deflated.len() as i64)])
                    .ctx(|| format!("restore {id}: raw page"))?;
            }
            for v in &d.history {
                let (html, size) = match &v.raw_html {
                    Some(p) => (Some(&p.deflated), Some(p.size)),
                    None => (None, None),
                };
                tx.execute(
                    &version,
                    &[
                        &id,
                        &i32::try_from(v.version).unwrap_or(i32::MAX),
                        &v.article_json,
                        &v.content_hash,
                        &v.fetched_at,
                        &v.stored_at,
                        &v.replaced_at,
                        &html,
                        &size,
                    ],
                )
                .ctx(|| format!("restore {id}: version {}", v.version))?;
            }
            done.articles += 1;
        }
        tx.commit().ctx(|| "restore: commit".into())?;
        Ok(done)
    }
}

impl PgStore {
    /// Adds sources as another backend held them, ids and health counters
    /// included; a source whose URL or id is present already is left alone.
    pub fn restore_sources(&mut self, sources: &[newsdesk_store::SourceRecord]) -> Result<u64> {
        let mut tx = self.client.get_mut().transaction().ctx(|| "restore sources: begin".into())?;
        let mut added = 0;
        for s in sources {
            added += tx
                .execute(
                    "INSERT INTO sources (id, url, name, country, language, kind, poll_url, added_at, last_polled,
                         last_success, last_error, polls, failures, articles_found)
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)
                     ON CONFLICT DO NOTHING",
                    &[
                        &s.id,
                        &s.url,
                        &s.name,
                        &s.country,
                        &s.language,
                        &s.kind,
                        &s.poll_url,
                        &s.added_at,
                        &s.last_polled,
                        &s.last_success,
                        &s.last_error,
                        &(s.polls as i64),
                        &(s.failures as i64),
                        &(s.articles_found as i64),
                    ],
                )
                .ctx(|| format!("restore source {}", s.url))?;
        }
        // New sources must get ids after the restored ones.
        tx.execute(
            "SELECT setval(pg_get_serial_sequence('sources', 'id'), greatest((SELECT max(id) FROM sources), 1))",
            &[],
        )
        .ctx(|| "restore sources: sequence".into())?;
        tx.commit().ctx(|| "restore sources: commit".into())?;
        Ok(added)
    }

    /// Adds crawl URLs with their states; a URL present already is left alone.
    pub fn restore_urls(&mut self, urls: &[newsdesk_store::UrlRecord]) -> Result<u64> {
        let mut tx = self.client.get_mut().transaction().ctx(|| "restore urls: begin".into())?;
        let insert = tx
            .prepare(
                "INSERT INTO crawl_urls (url, source, state, found_at, published, attempts, next_attempt, last_error,
                     fetched_at, article_id)
                 VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) ON CONFLICT (url) DO NOTHING",
            )
            .ctx(|| "restore urls: prepare".into())?;
        let mut added = 0;
        for u in urls {
            added += tx
                .execute(
                    &insert,
                    &[
                        &u.url,
                        &u.source,
                        &u.state.as_str(),
                        &u.found_at,
                        &u.published,
                        &i32::try_from(u.attempts).unwrap_or(i32::MAX),
                        &u.next_attempt,
                        &u.last_error,
                        &u.fetched_at,
                        &u.article_id,
                    ],
                )
                .ctx(|| format!("restore url {}", u.url))?;
        }
        tx.commit().ctx(|| "restore urls: commit".into())?;
        Ok(added)
    }
}
