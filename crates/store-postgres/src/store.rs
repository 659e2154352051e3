use std::cell::{RefCell, RefMut};
use std::collections::HashMap;

use chrono::{DateTime, NaiveTime, Utc};
use newsdesk_model::Article;
use newsdesk_store::{
    compress_page, content_hash, decompress_page, BatchReport, CopyGroup, CoverageUpdate, ListQuery, PageRecord,
    Result, Stats, Store, StoreError, StoredArticle, StoryId, StoryMember, StoryOutlet, StoryQuery, StorySummary,
};
use postgres::{Client, NoTls, Row};
use rayon::prelude::*;

use crate::error::{backend, Context, OtherContext};
use crate::schema::migrate;
use crate::search::{cjk_bigrams, search_text, Configs};
use crate::{analyses, coverage, embeddings};
use postgres::types::ToSql;

/// How many entries `stats` lists per source and per language.
const TOP_N: i64 = 20;

/// Rows read per round trip by the streaming reads.
const PAGE: i64 = 500;

/// Whether `s` names a PostgreSQL database (rather than a data directory).
pub fn is_postgres_url(s: &str) -> bool {
    s.starts_with("postgres://") || s.starts_with("postgresql://")
}

/// A [`Store`] in a PostgreSQL database, shared by any number of processes.
///
/// Holds one connection, so it is `Send` but not `Sync`: give each thread
/// its own. Reads stream a page of rows at a time and hold no cursor while
/// the caller's visitor runs, so a visitor may use the same store.
pub struct PgStore {
    pub(crate) client: RefCell<Client>,
    pub(crate) configs: Configs,
    /// The URL without its password, for messages.
    shown: String,
}

impl std::fmt::Debug for PgStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgStore").field("url", &self.shown).finish_non_exhaustive()
    }
}

impl PgStore {
    /// Connects to the database at `url` (`postgres://user@host:port/db`) and
    /// brings its schema up to date.
    ///
    /// Fails with [`StoreError::SchemaTooNew`] when a newer newsdesk wrote it.
    pub fn connect(url: &str) -> Result<PgStore> {
        let shown = redact(url);
        let mut client = Client::connect(url, NoTls).ctx(|| format!("connect to {shown}"))?;
        migrate(&mut client)?;
        let configs = Configs::read(&mut client)?;
        Ok(PgStore { client: RefCell::new(client), configs, shown })
    }

    /// The database's URL, password left out.
    pub fn url(&self) -> &str {
        &self.shown
    }

    /// The connection, for one call. Nothing here holds it while calling
    /// back into the caller, so a second borrow means a bug, reported as an
    /// error rather than a panic.
    pub(crate) fn conn(&self) -> Result<RefMut<'_, Client>> {
        self.client.try_borrow_mut().map_err(|_| backend("connection used re-entrantly".into()))
    }

    /// The raw page of an earlier version (numbered from 1), decompressed.
    pub fn version_raw_html(&self, id: &str, version: u32) -> Result<Option<Vec<u8>>> {
        let v = i32::try_from(version).unwrap_or(i32::MAX);
        let row = self
            .conn()?
            .query_opt(
                "SELECT html, html_size FROM article_versions WHERE article_id = $1 AND version = $2",
                &[&id, &v],
            )
            .ctx(|| format!("version_raw_html {id} v{version}"))?;
        match row.map(|r| (r.get::<_, Option<Vec<u8>>>(0), r.get::<_, Option<i64>>(1))) {
            Some((Some(html), size)) => inflate(id, &html, size).map(Some),
            _ => Ok(None),
        }
    }
}

pub(crate) fn redact(url: &str) -> String {
    // postgres://user:secret@host/db -> postgres://user@host/db
    match (url.find("://"), url.rfind('@')) {
        (Some(s), Some(at)) if at > s => {
            let auth = &url[s + 3..at];
            let user = auth.split(':').next().unwrap_or("");
            format!("{}{user}{}", &url[..s + 3], &url[at..])
        }
        _ => url.to_string(),
    }
}

fn inflate(id: &str, html: &[u8], size: Option<i64>) -> Result<Vec<u8>> {
    let hint = size.and_then(|s| usize::try_from(s).ok()).unwrap_or(html.len() * 4);
    decompress_page(html, hint).map_err(|e| StoreError::Corrupt { id: id.into(), message: format!("raw html: {e}") })
}

/// Columns every query that builds a [`StoredArticle`] selects, in the order
/// [`stored_from_row`] reads them.
const STORED_COLUMNS: &str = "id, article_json, first_seen, last_changed, version";

fn stored_from_row(row: &Row) -> Result<StoredArticle> {
    let id: String = row.try_get(0).ctx(|| "read row: id".into())?;
    let json: String = row.try_get(1).ctx(|| format!("read row {id}: article_json"))?;
    let first_seen: DateTime<Utc> = row.try_get(2).ctx(|| format!("read row {id}: first_seen"))?;
    let last_changed: DateTime<Utc> = row.try_get(3).ctx(|| format!("read row {id}: last_changed"))?;
    let versions: i32 = row.try_get(4).ctx(|| format!("read row {id}: version"))?;
    let mut article: Article = serde_json::from_str(&json)
        .map_err(|e| StoreError::Corrupt { id: id.clone(), message: format!("article JSON: {e}") })?;
    article.id = id;
    Ok(StoredArticle { article, first_seen, last_changed, versions: versions.max(0) as u32 })
}

/// What `put_batch` will do with one record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Insert,
    Update,
    Unchanged,
}

/// An article's columns as written. PostgreSQL text cannot hold NUL,
/// which a JSONL input may carry: it is dropped from these copies (the
/// article itself is kept in JSON, where it is escaped).
pub(crate) struct Columns {
    url: Option<String>,
    canonical_url: Option<String>,
    title: Option<String>,
    site_name: Option<String>,
    site_key: Option<String>,
    language: Option<String>,
    country: Option<String>,
    published: Option<String>,
    published_ts: Option<i64>,
    published_day: Option<String>,
    word_count: i64,
    authors: Option<String>,
    config: &'static str,
    search_text: String,
    /// The title as analysed for search (CJK runs as bigrams).
    search_title: String,
}

fn storable(s: &str) -> String {
    s.replace('\0', "")
}

fn storable_opt(s: &Option<String>) -> Option<String> {
    s.as_deref().map(storable)
}

impl Columns {
    pub(crate) fn of(a: &Article, configs: &Configs) -> Columns {
        Columns {
            url: storable_opt(&a.url),
            canonical_url: storable_opt(&a.canonical_url),
            title: storable_opt(&a.title),
            site_name: storable_opt(&a.site_name),
            site_key: a.site_name.as_deref().map(|s| storable(&s.to_lowercase())),
            language: storable_opt(&a.language),
            country: storable_opt(&a.country),
            published: a.published.map(|p| p.to_string()),
            published_ts: a.published.map(|p| p.timestamp()),
            published_day: a.published.map(|p| p.day().format("%Y-%m-%d").to_string()),
            word_count: i64::try_from(a.word_count).unwrap_or(i64::MAX),
            authors: (!a.authors.is_empty()).then(|| storable(&a.authors.join("\n"))),
            config: configs.pick(a.language.as_deref()),
            search_text: storable(&search_text(a)),
            search_title: storable(&cjk_bigrams(a.title.as_deref().unwrap_or(""))),
        }
    }

    /// Parameters `$2..$12` and `$17..$20` of [`INSERT`] and [`UPDATE`]
    /// (and of the restore's insert), in order, around the ones the caller
    /// gives: `$1` id, `$13` JSON, `$14` hash, `$15` time, `$16` fetch time.
    pub(crate) fn params<'a>(
        &'a self,
        id: &'a (dyn ToSql + Sync),
        json: &'a (dyn ToSql + Sync),
        hash: &'a (dyn ToSql + Sync),
        time: &'a (dyn ToSql + Sync),
        fetched_at: &'a (dyn ToSql + Sync),
    ) -> [&'a (dyn ToSql + Sync); 20] {
        [
            id,
            &self.url,
            &self.canonical_url,
            &self.title,
            &self.site_name,
            &self.site_key,
            &self.language,
            &self.country,
            &self.published,
            &self.published_ts,
            &self.published_day,
            &self.word_count,
            json,
            hash,
            time,
            fetched_at,
            &self.authors,
            &self.config,
            &self.search_text,
            &self.search_title,
        ]
    }
}

/// A record as it will be written.
struct Encoded {
    json: String,
    /// Compressed raw page and its original size.
    page: Option<(Vec<u8>, i64)>,
    columns: Columns,
}

fn encode(rec: &PageRecord, configs: &Configs) -> Result<Encoded> {
    let a = &rec.article;
    let id = &a.id;
    let json = serde_json::to_string(a).other_ctx(|| format!("put_batch {id}: serialising article"))?;
    let page = match &rec.raw_html {
        Some(html) => Some((
            compress_page(html).other_ctx(|| format!("put_batch {id}: compressing raw html"))?,
            i64::try_from(html.len()).unwrap_or(i64::MAX),
        )),
        None => None,
    };
    Ok(Encoded { json, page, columns: Columns::of(a, configs) })
}

const INSERT: &str = "INSERT INTO articles (id, url, canonical_url, title, site_name, site_key, language, country,
        published, published_ts, published_day, word_count, article_json, content_hash, version, first_seen,
        last_changed, fetched_at, authors, ts_config, search)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, 1, $15, $15, $16, $17, $18::text::regconfig,
        setweight(to_tsvector($18::text::regconfig, $20), 'A')
            || setweight(to_tsvector($18::text::regconfig, $19), 'B'))
     ON CONFLICT (id) DO NOTHING";

/// Keeps the current version in `article_versions` before it is replaced.
const ARCHIVE: &str = "INSERT INTO article_versions (article_id, version, article_json, content_hash, html,
        html_size, fetched_at, stored_at, replaced_at)
     SELECT a.id, a.version, a.article_json, a.content_hash, r.html, r.size, a.fetched_at, a.last_changed, $2
     FROM articles a LEFT JOIN raw_pages r ON r.article_id = a.id
     WHERE a.id = $1";

const UPDATE: &str = "UPDATE articles SET url = $2, canonical_url = $3, title = $4, site_name = $5, site_key = $6,
        language = $7, country = $8, published = $9, published_ts = $10, published_day = $11, word_count = $12,
        article_json = $13, content_hash = $14, version = version + 1,
        last_changed = greatest(last_changed, $15), fetched_at = $16, authors = $17, ts_config = $18::text::regconfig,
        search = setweight(to_tsvector($18::text::regconfig, $20), 'A')
            || setweight(to_tsvector($18::text::regconfig, $19), 'B')
     WHERE id = $1";

const PUT_RAW: &str = "INSERT INTO raw_pages (article_id, html, size, stored_size) VALUES ($1, $2, $3, $4)
     ON CONFLICT (article_id) DO UPDATE
     SET html = excluded.html, size = excluded.size, stored_size = excluded.stored_size";

impl Store for PgStore {
    fn put_batch(&mut self, batch: &[PageRecord]) -> Result<BatchReport> {
        let mut report = BatchReport::default();
        if batch.is_empty() {
            return Ok(report);
        }
        let hashes: Vec<[u8; 32]> = batch
            .par_iter()
            .map(|r| content_hash(&r.article).other_ctx(|| format!("put_batch {}: hashing article", r.article.id)))
            .collect::<Result<_>>()?;
        let encoded: Vec<Encoded> = batch.par_iter().map(|r| encode(r, &self.configs)).collect::<Result<_>>()?;
        let client = self.client.get_mut();
        let mut tx = client.transaction().ctx(|| format!("put_batch of {}: begin", batch.len()))?;
        // The server's clock, at the transaction's start: writers on many
        // machines agree on it, and `catch_up_point` relies on it.
        let now: DateTime<Utc> = tx.query_one("SELECT now()", &[]).ctx(|| "put_batch: clock".into())?.get(0);

        // Writers of the same article take turns: each batch first locks
        // its ids (transaction advisory locks, released at commit), in the
        // order of their lock keys so that two batches naming the same ids
        // the other way round cannot deadlock, whether the rows exist yet or
        // not. A writer that waited then sees the other's version.
        let ids: Vec<&str> = batch.iter().map(|r| r.article.id.as_str()).collect();
        tx.execute(
            "SELECT pg_advisory_xact_lock(k) FROM
                 (SELECT DISTINCT hashtextextended(id, 0) AS k FROM unnest($1::text[]) AS id ORDER BY k) keys",
            &[&ids],
        )
        .ctx(|| format!("put_batch of {}: locking ids", batch.len()))?;
        let mut stored: HashMap<String, Vec<u8>> = HashMap::with_capacity(ids.len());
        for row in tx
            .query("SELECT id, content_hash FROM articles WHERE id = ANY($1)", &[&ids])
            .ctx(|| format!("put_batch of {}: lookup", batch.len()))?
        {
            stored.insert(row.get(0), row.get(1));
        }

        // New articles (the bulk of an ingest) go in with one statement and
        // their pages with another, when no id comes twice in the batch (a
        // repeated id is applied record by record, in order, below).
        let mut bulk_done = vec![false; batch.len()];
        let mut seen = std::collections::HashSet::with_capacity(batch.len());
        if batch.iter().all(|r| seen.insert(r.article.id.as_str())) {
            let new: Vec<usize> = (0..batch.len()).filter(|&i| !stored.contains_key(&batch[i].article.id)).collect();
            // Under a savepoint: should a row be refused, the statement's
            // error cannot say which, so the batch is then done record by
            // record below, whose error names the record.
            let bulk = (|| -> Result<Vec<bool>> {
                let mut savepoint = tx.transaction().ctx(|| "put_batch: savepoint".into())?;
                let inserted = bulk_insert(&mut savepoint, batch, &hashes, &encoded, &new, now)?;
                let mut done = vec![false; batch.len()];
                for &i in &new {
                    done[i] = inserted.contains(batch[i].article.id.as_str());
                }
                bulk_pages(&mut savepoint, batch, &encoded, &done)?;
                savepoint.commit().ctx(|| "put_batch: release savepoint".into())?;
                Ok(done)
            })();
            if let Ok(done) = bulk {
                for (i, _) in done.iter().enumerate().filter(|(_, d)| **d) {
                    report.inserted += 1;
                    stored.insert(batch[i].article.id.clone(), hashes[i].to_vec());
                }
                bulk_done = done;
            }
        }

        let insert = tx.prepare(INSERT).ctx(|| "put_batch: prepare insert".into())?;
        let archive = tx.prepare(ARCHIVE).ctx(|| "put_batch: prepare archive".into())?;
        let update = tx.prepare(UPDATE).ctx(|| "put_batch: prepare update".into())?;
        let put_raw = tx.prepare(PUT_RAW).ctx(|| "put_batch: prepare raw page".into())?;
        let drop_raw =
            tx.prepare("DELETE FROM raw_pages WHERE article_id = $1").ctx(|| "put_batch: prepare raw delete".into())?;

        for (((rec, hash), enc), done) in batch.iter().zip(&hashes).zip(&encoded).zip(&bulk_done) {
            if *done {
                continue;
            }
            let a = &rec.article;
            let id = a.id.as_str();
            let mut action = match stored.get(id) {
                None => Action::Insert,
                Some(h) if h.as_slice() == hash.as_slice() => Action::Unchanged,
                Some(_) => Action::Update,
            };
            let hash_bytes: &[u8] = hash;
            let row = enc.columns.params(&id, &enc.json, &hash_bytes, &now, &rec.fetched_at);
            if action == Action::Insert {
                let n = tx.execute(&insert, &row).ctx(|| format!("put_batch {id}: insert"))?;
                if n == 0 {
                    // Another writer inserted it after the lookup: lock its
                    // row and compare, as if it had been there before.
                    let theirs: Vec<u8> = tx
                        .query_one("SELECT content_hash FROM articles WHERE id = $1 FOR UPDATE", &[&id])
                        .ctx(|| format!("put_batch {id}: lookup after conflict"))?
                        .get(0);
                    action = if theirs.as_slice() == hash_bytes { Action::Unchanged } else { Action::Update };
                }
            }
            match action {
                Action::Unchanged => {
                    report.unchanged += 1;
                    stored.insert(id.to_string(), hash.to_vec());
                    continue;
                }
                Action::Insert => report.inserted += 1,
                Action::Update => {
                    tx.execute(&archive, &[&id, &now]).ctx(|| format!("put_batch {id}: archiving previous version"))?;
                    tx.execute(&update, &row).ctx(|| format!("put_batch {id}: update"))?;
                    report.updated += 1;
                }
            }
            stored.insert(id.to_string(), hash.to_vec());
            match &enc.page {
                Some((packed, size)) => {
                    let stored_size = packed.len() as i64;
                    tx.execute(&put_raw, &[&id, packed, size, &stored_size])
                        .ctx(|| format!("put_batch {id}: raw page"))?;
                }
                // The previous page was archived with the previous version.
                None if action == Action::Update => {
                    tx.execute(&drop_raw, &[&id]).ctx(|| format!("put_batch {id}: dropping raw page"))?;
                }
                None => {}
            }
        }
        tx.commit().ctx(|| format!("put_batch of {}: commit", batch.len()))?;
        Ok(report)
    }

    fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        let row = self
            .conn()?
            .query_opt(&format!("SELECT {STORED_COLUMNS} FROM articles WHERE id = $1"), &[&id])
            .ctx(|| format!("get {id}"))?;
        row.as_ref().map(stored_from_row).transpose()
    }

    fn get_many(&self, ids: &[String]) -> Result<Vec<StoredArticle>> {
        let rows = self
            .conn()?
            .query(&format!("SELECT {STORED_COLUMNS} FROM articles WHERE id = ANY($1)"), &[&ids])
            .ctx(|| format!("get_many of {}", ids.len()))?;
        let mut found: HashMap<String, StoredArticle> = HashMap::with_capacity(rows.len());
        for row in &rows {
            let a = stored_from_row(row)?;
            found.insert(a.article.id.clone(), a);
        }
        // In the order asked, an id asked twice given twice.
        Ok(ids.iter().filter_map(|id| found.get(id).cloned()).collect())
    }

    fn raw_html(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let row = self
            .conn()?
            .query_opt("SELECT html, size FROM raw_pages WHERE article_id = $1", &[&id])
            .ctx(|| format!("raw_html {id}"))?;
        row.map(|r| inflate(id, &r.get::<_, Vec<u8>>(0), Some(r.get(1)))).transpose()
    }

    fn previous_versions(&self, id: &str) -> Result<Vec<StoredArticle>> {
        let rows = self
            .conn()?
            .query(
                "SELECT v.article_id, v.article_json, a.first_seen, v.stored_at, v.version
                 FROM article_versions v JOIN articles a ON a.id = v.article_id
                 WHERE v.article_id = $1 ORDER BY v.version",
                &[&id],
            )
            .ctx(|| format!("previous_versions {id}"))?;
        rows.iter().map(stored_from_row).collect()
    }

    fn catch_up_point(&self) -> Result<DateTime<Utc>> {
        // Articles carry their transaction's start as `last_changed`; one
        // not visible yet belongs to a transaction still open, which began
        // no earlier than the oldest open one.
        let row = self
            .conn()?
            .query_one(
                "SELECT least(now(), (SELECT min(xact_start) FROM pg_stat_activity
                                      WHERE datname = current_database() AND pid <> pg_backend_pid()
                                        AND xact_start IS NOT NULL))",
                &[],
            )
            .ctx(|| "catch_up_point".into())?;
        Ok(row.get(0))
    }

    fn changed_ids(&self, since: Option<DateTime<Utc>>) -> Result<Vec<String>> {
        const ORDER: &str = "ORDER BY published_ts IS NULL, published_ts, seq";
        let mut c = self.conn()?;
        let rows = match since {
            Some(s) => c.query(&format!("SELECT id FROM articles WHERE last_changed >= $1 {ORDER}"), &[&s]),
            None => c.query(&format!("SELECT id FROM articles {ORDER}"), &[]),
        }
        .ctx(|| "changed_ids".into())?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }

    fn scan(&self, query: &ListQuery, visit: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()> {
        // Pages by key (newest first, then by id), undated articles after
        // the dated ones: the order of the embedded store, along
        // `articles_by_published` / `articles_by_site`.
        let source = query.source.as_deref().map(str::to_lowercase);
        let since_ts = query.since.map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp() - 24 * 3600);
        let since_day = query.since.map(|d| d.format("%Y-%m-%d").to_string());
        let mut left = query.limit.map_or(i64::MAX, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let mut filter =
            String::from("($1::text IS NULL OR site_key = $1) AND ($2::timestamptz IS NULL OR last_changed >= $2)");
        // An article of unknown date is never on or after a day.
        let dated_only = query.since.is_some();
        if dated_only {
            filter.push_str(" AND published_ts >= $3 AND published_day >= $4");
        } else {
            filter.push_str(" AND $3::bigint IS NULL AND $4::text IS NULL");
        }
        let dated = format!(
            "SELECT {STORED_COLUMNS}, published_ts FROM articles WHERE {filter} AND published_ts IS NOT NULL
             AND ($5::bigint IS NULL OR published_ts < $5 OR (published_ts = $5 AND id > $6))
             ORDER BY published_ts DESC, id LIMIT $7"
        );
        let undated = format!(
            "SELECT {STORED_COLUMNS} FROM articles WHERE {filter} AND published_ts IS NULL
             AND ($5::bigint IS NULL AND ($6::text IS NULL OR id > $6))
             ORDER BY id LIMIT $7"
        );
        let mut after: (Option<i64>, Option<String>) = (None, None);
        let mut phase_dated = true;
        while left > 0 {
            let take = left.min(PAGE);
            let sql = if phase_dated { &dated } else { &undated };
            let rows = self
                .conn()?
                .query(sql.as_str(), &[&source, &query.changed_since, &since_ts, &since_day, &after.0, &after.1, &take])
                .ctx(|| "scan".into())?;
            let n = rows.len() as i64;
            if let Some(last) = rows.last() {
                after = (if phase_dated { last.get(5) } else { None }, Some(last.get(0)));
            }
            for row in &rows {
                visit(stored_from_row(row)?)?;
            }
            left -= n;
            if n < take {
                if !phase_dated || dated_only {
                    break;
                }
                phase_dated = false;
                after = (None, None);
            }
        }
        Ok(())
    }

    fn stats(&self) -> Result<Stats> {
        let mut c = self.conn()?;
        let mut s = Stats::default();
        let r = c
            .query_one("SELECT count(*), coalesce(sum(word_count), 0)::bigint FROM articles", &[])
            .ctx(|| "stats: articles".into())?;
        (s.articles, s.words) = (count(&r, 0), count(&r, 1));
        let r = c.query_one("SELECT count(*) FROM article_versions", &[]).ctx(|| "stats: versions".into())?;
        s.versions = s.articles + count(&r, 0);
        let r = c
            .query_one("SELECT count(*), coalesce(sum(stored_size), 0)::bigint FROM raw_pages", &[])
            .ctx(|| "stats: raw pages".into())?;
        (s.with_raw_html, s.raw_html_bytes) = (count(&r, 0), count(&r, 1));
        let mut edge = |order: &str| {
            c.query_opt(
                &format!("SELECT published FROM articles WHERE published_ts IS NOT NULL ORDER BY {order} LIMIT 1"),
                &[],
            )
            .map(|r| r.map(|r| r.get::<_, String>(0)))
            .ctx(|| "stats: published range".into())
        };
        s.oldest_published = edge("published_ts ASC, id DESC")?;
        s.newest_published = edge("published_ts DESC, id ASC")?;
        let mut top = |sql: &str, what: &str| -> Result<Vec<(String, u64)>> {
            let rows = c.query(sql, &[&TOP_N]).ctx(|| format!("stats: {what}"))?;
            Ok(rows.iter().map(|r| (r.get(0), count(r, 1))).collect())
        };
        // `min(site_name)` compares in the database's collation; the embedded
        // store compares bytes. "C" makes both pick the same spelling.
        s.sources = top(
            "SELECT min(site_name COLLATE \"C\"), count(*) AS n FROM articles WHERE site_key IS NOT NULL
             GROUP BY site_key ORDER BY n DESC, 1 LIMIT $1",
            "sources",
        )?;
        s.languages = top(
            "SELECT language, count(*) AS n FROM articles WHERE language IS NOT NULL
             GROUP BY language ORDER BY n DESC, language COLLATE \"C\" LIMIT $1",
            "languages",
        )?;
        Ok(s)
    }

    fn put_embeddings(&mut self, model: &str, batch: &[(&Article, &[f32])]) -> Result<()> {
        embeddings::put(self.client.get_mut(), model, batch)
    }

    fn embedding(&self, model: &str, id: &str) -> Result<Option<Vec<f32>>> {
        embeddings::get(&mut *self.conn()?, model, id)
    }

    fn scan_embeddings(
        &self,
        model: &str,
        since: Option<DateTime<Utc>>,
        visit: &mut dyn FnMut(&str, Vec<f32>) -> Result<()>,
    ) -> Result<()> {
        let mut after = String::new();
        loop {
            let page = embeddings::page(&mut *self.conn()?, model, since, &after, PAGE)?;
            let full = page.len() as i64 == PAGE;
            for (id, v) in page {
                visit(&id, v)?;
                after = id;
            }
            if !full {
                return Ok(());
            }
        }
    }

    fn unembedded_ids(&self, model: &str) -> Result<Vec<String>> {
        embeddings::unembedded(&mut *self.conn()?, model)
    }

    fn embedding_count(&self, model: &str) -> Result<u64> {
        embeddings::count(&mut *self.conn()?, model)
    }

    fn put_analyses(&mut self, analyzer: &str, batch: &[(&Article, &str)]) -> Result<()> {
        analyses::put(self.client.get_mut(), analyzer, batch)
    }

    fn analysis(&self, analyzer: &str, id: &str) -> Result<Option<String>> {
        analyses::get(&mut *self.conn()?, analyzer, id)
    }

    fn unanalysed_ids(&self, analyzer: &str) -> Result<Vec<String>> {
        analyses::unanalysed(&mut *self.conn()?, analyzer)
    }

    fn put_coverage(&mut self, update: &CoverageUpdate) -> Result<()> {
        coverage::put(self.client.get_mut(), update)
    }

    fn coverage_watermark(&self) -> Result<Option<DateTime<Utc>>> {
        coverage::watermark(&mut *self.conn()?)
    }

    fn clear_coverage(&mut self) -> Result<()> {
        coverage::clear(self.client.get_mut())
    }

    fn copy_keys(&self, last: usize, visit: &mut dyn FnMut(&str, Vec<u64>) -> Result<()>) -> Result<()> {
        let keys = coverage::keys(&mut *self.conn()?, last)?;
        for (id, k) in keys {
            visit(&id, k)?;
        }
        Ok(())
    }

    fn copy_group(&self, id: &str) -> Result<Option<CopyGroup>> {
        coverage::group(&mut *self.conn()?, id)
    }

    fn story_of(&self, id: &str) -> Result<Option<StoryId>> {
        coverage::story_of(&mut *self.conn()?, id)
    }

    fn stories_of(&self, ids: &[&str]) -> Result<Vec<Option<StoryId>>> {
        let rows = self
            .conn()?
            .query("SELECT article_id, story FROM story_articles WHERE article_id = ANY($1)", &[&ids])
            .ctx(|| format!("stories_of {} articles", ids.len()))?;
        let found: HashMap<String, i64> = rows.iter().map(|r| (r.get(0), r.get(1))).collect();
        Ok(ids.iter().map(|id| found.get(*id).map(|s| (*s).max(0) as StoryId)).collect())
    }

    fn story(&self, id: StoryId) -> Result<Option<StorySummary>> {
        coverage::story(&mut *self.conn()?, id)
    }

    fn story_articles(&self, id: StoryId) -> Result<Vec<String>> {
        coverage::story_articles(&mut *self.conn()?, id)
    }

    fn story_members(&self, id: StoryId, offset: usize, limit: usize) -> Result<Vec<StoryMember>> {
        coverage::story_members(&mut *self.conn()?, id, offset, limit)
    }

    fn story_outlets(&self, id: StoryId) -> Result<Vec<StoryOutlet>> {
        coverage::story_outlets(&mut *self.conn()?, id)
    }

    fn story_days(&self, id: StoryId) -> Result<Vec<(String, u64)>> {
        coverage::story_days(&mut *self.conn()?, id)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>> {
        coverage::stories(&mut *self.conn()?, query)
    }

    fn recent_stories(&self, window_secs: i64) -> Result<Vec<StoryId>> {
        coverage::recent(&mut *self.conn()?, window_secs)
    }

    fn next_story_id(&self) -> Result<StoryId> {
        coverage::next_story_id(&mut *self.conn()?)
    }
}

/// [`INSERT`] for many rows: the rows of `batch` at `rows`, in that order
/// (so their `seq` follows the input). Returns the ids inserted; an id
/// another writer inserted meanwhile is not among them.
fn bulk_insert(
    tx: &mut postgres::Transaction<'_>,
    batch: &[PageRecord],
    hashes: &[[u8; 32]],
    encoded: &[Encoded],
    rows: &[usize],
    now: DateTime<Utc>,
) -> Result<std::collections::HashSet<String>> {
    if rows.is_empty() {
        return Ok(Default::default());
    }
    let col = |f: &dyn Fn(&Columns) -> Option<String>| -> Vec<Option<String>> {
        rows.iter().map(|&i| f(&encoded[i].columns)).collect()
    };
    let ids: Vec<&str> = rows.iter().map(|&i| batch[i].article.id.as_str()).collect();
    let json: Vec<&str> = rows.iter().map(|&i| encoded[i].json.as_str()).collect();
    let hash: Vec<&[u8]> = rows.iter().map(|&i| &hashes[i][..]).collect();
    let fetched: Vec<Option<DateTime<Utc>>> = rows.iter().map(|&i| batch[i].fetched_at).collect();
    let ts: Vec<Option<i64>> = rows.iter().map(|&i| encoded[i].columns.published_ts).collect();
    let words: Vec<i64> = rows.iter().map(|&i| encoded[i].columns.word_count).collect();
    let config: Vec<&str> = rows.iter().map(|&i| encoded[i].columns.config).collect();
    let text: Vec<&str> = rows.iter().map(|&i| encoded[i].columns.search_text.as_str()).collect();
    let title_text: Vec<&str> = rows.iter().map(|&i| encoded[i].columns.search_title.as_str()).collect();
    let (url, canonical, title, site, key) = (
        col(&|c| c.url.clone()),
        col(&|c| c.canonical_url.clone()),
        col(&|c| c.title.clone()),
        col(&|c| c.site_name.clone()),
        col(&|c| c.site_key.clone()),
    );
    let (language, country, published, day, authors) = (
        col(&|c| c.language.clone()),
        col(&|c| c.country.clone()),
        col(&|c| c.published.clone()),
        col(&|c| c.published_day.clone()),
        col(&|c| c.authors.clone()),
    );
    let inserted = tx
        .query(
            "INSERT INTO articles (id, url, canonical_url, title, site_name, site_key, language, country, published,
                 published_ts, published_day, word_count, article_json, content_hash, version, first_seen,
                 last_changed, fetched_at, authors, ts_config, search)
             SELECT id, url, canonical_url, title, site_name, site_key, language, country, published, published_ts,
                 published_day, word_count, article_json, content_hash, 1, $15, $15, fetched_at, authors,
                 config::regconfig,
                 setweight(to_tsvector(config::regconfig, title_text), 'A')
                     || setweight(to_tsvector(config::regconfig, body), 'B')
             FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[],
                         $8::text[], $9::text[], $10::bigint[], $11::text[], $12::bigint[], $13::text[],
                         $14::bytea[], $16::timestamptz[], $17::text[], $18::text[], $19::text[], $20::text[])
                  WITH ORDINALITY AS r(id, url, canonical_url, title, site_name, site_key, language, country,
                         published, published_ts, published_day, word_count, article_json, content_hash,
                         fetched_at, authors, config, body, title_text, n)
             ORDER BY n
             ON CONFLICT (id) DO NOTHING
             RETURNING id",
            &[
                &ids,
                &url,
                &canonical,
                &title,
                &site,
                &key,
                &language,
                &country,
                &published,
                &ts,
                &day,
                &words,
                &json,
                &hash,
                &now,
                &fetched,
                &authors,
                &config,
                &text,
                &title_text,
            ],
        )
        .ctx(|| format!("put_batch: inserting {} articles", rows.len()))?;
    Ok(inserted.iter().map(|r| r.get(0)).collect())
}

/// The raw pages of the rows marked in `rows`, in one statement.
fn bulk_pages(
    tx: &mut postgres::Transaction<'_>,
    batch: &[PageRecord],
    encoded: &[Encoded],
    rows: &[bool],
) -> Result<()> {
    let mut ids: Vec<&str> = Vec::new();
    let mut html: Vec<&[u8]> = Vec::new();
    let mut size: Vec<i64> = Vec::new();
    let mut stored: Vec<i64> = Vec::new();
    for (i, _) in rows.iter().enumerate().filter(|(_, r)| **r) {
        if let Some((packed, original)) = &encoded[i].page {
            ids.push(&batch[i].article.id);
            html.push(packed);
            size.push(*original);
            stored.push(packed.len() as i64);
        }
    }
    if ids.is_empty() {
        return Ok(());
    }
    tx.execute(
        "INSERT INTO raw_pages (article_id, html, size, stored_size)
         SELECT * FROM unnest($1::text[], $2::bytea[], $3::bigint[], $4::bigint[])
         ON CONFLICT (article_id) DO UPDATE
         SET html = excluded.html, size = excluded.size, stored_size = excluded.stored_size",
        &[&ids, &html, &size, &stored],
    )
    .ctx(|| format!("put_batch: {} raw pages", ids.len()))?;
    Ok(())
}

/// Counts and sums are bigint and never negative.
fn count(r: &Row, i: usize) -> u64 {
    r.get::<_, i64>(i).max(0) as u64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn redacts_the_password() {
        assert_eq!(redact("postgres://me:secret@db:5432/news"), "postgres://me@db:5432/news");
        assert_eq!(redact("postgres://db/news"), "postgres://db/news");
        assert!(is_postgres_url("postgresql://x") && !is_postgres_url("./data"));
    }
}
