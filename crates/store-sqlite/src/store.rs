use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveTime, Utc};
use newsdesk_model::Article;
use newsdesk_store::{
    BatchReport, CopyGroup, CoverageUpdate, ListQuery, PageRecord, Result, Stats, Store, StoreError, StoredArticle,
    StoryId, StoryMember, StoryOutlet, StoryQuery, StorySummary,
};
use rayon::prelude::*;
use rusqlite::{named_params, params, Connection, OptionalExtension, Row, TransactionBehavior};

use crate::codec::{compress, content_hash, decompress, format_time, parse_time};
use crate::error::{backend, Context};
use crate::schema::migrate;
use crate::{analyses, coverage, embeddings};

/// The database file's name inside the data directory.
pub const DB_FILE: &str = "newsdesk.sqlite";

/// How long a writer waits for another process's transaction before failing.
const BUSY_TIMEOUT: Duration = Duration::from_secs(10);

/// How many entries `stats` lists per source and per language.
const TOP_N: i64 = 20;

/// A [`Store`] in one SQLite file, for a single machine.
///
/// Holds one connection, so it is `Send` but not `Sync`: give each thread its
/// own store (WAL mode lets readers run beside the one writer).
///
/// In [`Store::previous_versions`], each entry's `last_changed` is when that
/// version became current and its `versions` is its own number (1 for the
/// first), which [`SqliteStore::version_raw_html`] takes.
pub struct SqliteStore {
    pub(crate) conn: Connection,
    path: Option<PathBuf>,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish_non_exhaustive()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) the store in `dir`, file [`DB_FILE`], and
    /// brings its schema up to date.
    ///
    /// Fails with [`StoreError::SchemaTooNew`] when a newer newsdesk wrote it.
    pub fn open(dir: &Path) -> Result<SqliteStore> {
        std::fs::create_dir_all(dir).ctx(|| format!("open: creating directory {}", dir.display()))?;
        let path = dir.join(DB_FILE);
        let conn = Connection::open(&path).ctx(|| format!("open: {}", path.display()))?;
        Self::setup(conn, Some(path))
    }

    /// A private store that lives in memory and vanishes on drop, for tests.
    pub fn open_in_memory() -> Result<SqliteStore> {
        let conn = Connection::open_in_memory().ctx(|| "open: in-memory database".into())?;
        Self::setup(conn, None)
    }

    fn setup(mut conn: Connection, path: Option<PathBuf>) -> Result<SqliteStore> {
        conn.busy_timeout(BUSY_TIMEOUT).ctx(|| "open: busy_timeout".into())?;
        // WAL: readers never block the writer and a commit is one append.
        // NORMAL syncs only at checkpoints: a power cut may lose the last
        // batches but never corrupts the file or splits a batch.
        let mode: String =
            conn.query_row("PRAGMA journal_mode = WAL", [], |r| r.get(0)).ctx(|| "open: journal_mode".into())?;
        if path.is_some() && !mode.eq_ignore_ascii_case("wal") {
            return Err(backend(format!("open: journal_mode is {mode}, WAL unavailable")));
        }
        conn.execute_batch("PRAGMA synchronous = NORMAL; PRAGMA foreign_keys = ON;").ctx(|| "open: pragmas".into())?;
        // A 64 MiB page cache (default 2 MiB) keeps the B-trees' upper
        // levels and a batch's dirty pages in memory, mapped reads skip a
        // copy per page, and checkpoints every ~40 MiB of WAL (default
        // 4 MiB) write a page rewritten by several batches once.
        conn.execute_batch(
            "PRAGMA cache_size = -65536; PRAGMA mmap_size = 268435456; PRAGMA wal_autocheckpoint = 10000;",
        )
        .ctx(|| "open: cache pragmas".into())?;
        // Enough for every statement a batch and a scan use, so none is
        // recompiled per record.
        conn.set_prepared_statement_cache_capacity(64);
        migrate(&mut conn)?;
        Ok(SqliteStore { conn, path })
    }

    /// The database file, or `None` for an in-memory store.
    pub fn path(&self) -> Option<&Path> {
        self.path.as_deref()
    }

    /// The raw page of an earlier version (numbered from 1, as in
    /// [`StoredArticle::versions`] of [`Store::previous_versions`]), decompressed.
    pub fn version_raw_html(&self, id: &str, version: u32) -> Result<Option<Vec<u8>>> {
        let row: Option<(Option<Vec<u8>>, Option<i64>)> = self
            .conn
            .prepare_cached("SELECT html, html_size FROM article_versions WHERE article_id = ?1 AND version = ?2")
            .and_then(|mut s| s.query_row(params![id, version], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .ctx(|| format!("version_raw_html {id} v{version}"))?;
        match row {
            Some((Some(html), size)) => inflate(id, &html, size).map(Some),
            _ => Ok(None),
        }
    }
}

fn inflate(id: &str, html: &[u8], size: Option<i64>) -> Result<Vec<u8>> {
    let hint = size.and_then(|s| usize::try_from(s).ok()).unwrap_or(html.len() * 4);
    decompress(html, hint).map_err(|e| StoreError::Corrupt { id: id.into(), message: format!("raw html: {e}") })
}

/// Columns every query that builds a [`StoredArticle`] selects, in the order
/// [`stored_from_row`] reads them.
const STORED_COLUMNS: &str = "id, article_json, first_seen, last_changed, version";

fn stored_from_row(row: &Row<'_>) -> Result<StoredArticle> {
    let id: String = row.get(0).ctx(|| "read row: id".into())?;
    let json: String = row.get(1).ctx(|| format!("read row {id}: article_json"))?;
    let first_seen: String = row.get(2).ctx(|| format!("read row {id}: first_seen"))?;
    let last_changed: String = row.get(3).ctx(|| format!("read row {id}: last_changed"))?;
    let versions: u32 = row.get(4).ctx(|| format!("read row {id}: version"))?;
    let corrupt = |message: String| StoreError::Corrupt { id: id.clone(), message };
    let mut article: Article = serde_json::from_str(&json).map_err(|e| corrupt(format!("article JSON: {e}")))?;
    let first_seen = parse_time(&first_seen).map_err(|e| corrupt(format!("first_seen {first_seen:?}: {e}")))?;
    let last_changed = parse_time(&last_changed).map_err(|e| corrupt(format!("last_changed {last_changed:?}: {e}")))?;
    // The column is the key the row was found by; trust it over the copy
    // inside the JSON.
    article.id = id;
    Ok(StoredArticle { article, first_seen, last_changed, versions })
}

/// What `put_batch` will do with one record, decided before any write.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Insert,
    Update,
    Unchanged,
}

/// A record's bytes as they will be written.
struct Encoded {
    json: String,
    /// Compressed raw page and its original size.
    page: Option<(Vec<u8>, usize)>,
}

fn encode(rec: &PageRecord) -> Result<Encoded> {
    let id = &rec.article.id;
    let json = serde_json::to_string(&rec.article).ctx(|| format!("put_batch {id}: serialising article"))?;
    let page = match &rec.raw_html {
        Some(html) => Some((compress(html).ctx(|| format!("put_batch {id}: compressing raw html"))?, html.len())),
        None => None,
    };
    Ok(Encoded { json, page })
}

impl Store for SqliteStore {
    fn put_batch(&mut self, batch: &[PageRecord]) -> Result<BatchReport> {
        let mut report = BatchReport::default();
        if batch.is_empty() {
            return Ok(report);
        }
        // Hashing, serialising and compressing are most of a batch's CPU
        // time and need no database, so they run on the rayon pool; only the
        // SQL runs on this thread. Hashes come first, outside the
        // transaction, because they decide which records need the rest.
        let hashes: Vec<[u8; 32]> = batch
            .par_iter()
            .map(|r| content_hash(&r.article).ctx(|| format!("put_batch {}: hashing article", r.article.id)))
            .collect::<Result<_>>()?;

        let now = format_time(Utc::now());
        // IMMEDIATE: take the write lock up front rather than failing with
        // SQLITE_BUSY when a read transaction would later need upgrading.
        let tx = self
            .conn
            .transaction_with_behavior(TransactionBehavior::Immediate)
            .ctx(|| format!("put_batch of {}: begin", batch.len()))?;
        {
            // Decide every action before writing, tracking what each id will
            // hold after the records before it: a batch that names an id
            // twice then behaves exactly as if applied in order, and
            // unchanged pages are never compressed.
            let mut find = tx
                .prepare_cached("SELECT content_hash FROM articles WHERE id = ?1")
                .ctx(|| "put_batch: prepare lookup".into())?;
            let mut latest: HashMap<&str, [u8; 32]> = HashMap::with_capacity(batch.len());
            let mut actions = Vec::with_capacity(batch.len());
            for (rec, hash) in batch.iter().zip(&hashes) {
                let id = rec.article.id.as_str();
                let stored = match latest.get(id) {
                    Some(h) => Some(*h),
                    None => find
                        .query_row([id], |r| r.get::<_, Vec<u8>>(0))
                        .optional()
                        .ctx(|| format!("put_batch {id}: lookup"))?
                        // A hash of another length cannot match: treat the
                        // row as changed and let this write repair it.
                        .map(|h| <[u8; 32]>::try_from(h.as_slice()).unwrap_or_default()),
                };
                actions.push(match stored {
                    None => Action::Insert,
                    Some(h) if h == *hash => Action::Unchanged,
                    Some(_) => Action::Update,
                });
                latest.insert(id, *hash);
            }

            let encoded: Vec<Option<Encoded>> = batch
                .par_iter()
                .zip(&actions)
                .map(|(rec, action)| (*action != Action::Unchanged).then(|| encode(rec)).transpose())
                .collect::<Result<_>>()?;

            let mut insert = tx
                .prepare_cached(
                    "INSERT INTO articles (id, url, canonical_url, title, site_name, site_key, language, country,
                         published, published_ts, published_day, word_count, article_json, content_hash,
                         version, first_seen, last_changed, fetched_at)
                     VALUES (:id, :url, :canonical_url, :title, :site_name, :site_key, :language, :country,
                         :published, :published_ts, :published_day, :word_count, :json, :hash,
                         1, :now, :now, :fetched_at)",
                )
                .ctx(|| "put_batch: prepare insert".into())?;
            let mut archive = tx
                .prepare_cached(
                    "INSERT INTO article_versions (article_id, version, article_json, content_hash, html, html_size,
                         fetched_at, stored_at, replaced_at)
                     SELECT a.id, a.version, a.article_json, a.content_hash, r.html, r.size,
                         a.fetched_at, a.last_changed, ?2
                     FROM articles a LEFT JOIN raw_pages r ON r.article_id = a.id
                     WHERE a.id = ?1",
                )
                .ctx(|| "put_batch: prepare archive".into())?;
            // An UPDATE, not INSERT OR REPLACE: replacing would delete the row
            // and cascade away its raw page and history.
            let mut update = tx
                .prepare_cached(
                    "UPDATE articles SET url = :url, canonical_url = :canonical_url, title = :title,
                         site_name = :site_name, site_key = :site_key, language = :language, country = :country,
                         published = :published, published_ts = :published_ts, published_day = :published_day,
                         word_count = :word_count, article_json = :json, content_hash = :hash,
                         version = version + 1, last_changed = max(last_changed, :now), fetched_at = :fetched_at
                     WHERE id = :id",
                )
                .ctx(|| "put_batch: prepare update".into())?;
            let mut put_raw = tx
                .prepare_cached(
                    "INSERT INTO raw_pages (article_id, html, size, stored_size) VALUES (?1, ?2, ?3, ?4)
                     ON CONFLICT (article_id) DO UPDATE
                     SET html = excluded.html, size = excluded.size, stored_size = excluded.stored_size",
                )
                .ctx(|| "put_batch: prepare raw page".into())?;
            let mut drop_raw = tx
                .prepare_cached("DELETE FROM raw_pages WHERE article_id = ?1")
                .ctx(|| "put_batch: prepare raw page delete".into())?;

            for (((rec, hash), action), enc) in batch.iter().zip(&hashes).zip(&actions).zip(&encoded) {
                let Some(enc) = enc else {
                    report.unchanged += 1;
                    continue;
                };
                let a = &rec.article;
                let id = a.id.as_str();
                let site_key = a.site_name.as_deref().map(str::to_lowercase);
                let published = a.published.map(|p| p.to_string());
                let published_ts = a.published.map(|p| p.timestamp());
                let published_day = a.published.map(|p| p.day().format("%Y-%m-%d").to_string());
                let fetched_at = rec.fetched_at.map(format_time);
                let word_count = i64::try_from(a.word_count).unwrap_or(i64::MAX);
                let row = named_params! {
                    ":id": id,
                    ":url": a.url,
                    ":canonical_url": a.canonical_url,
                    ":title": a.title,
                    ":site_name": a.site_name,
                    ":site_key": site_key,
                    ":language": a.language,
                    ":country": a.country,
                    ":published": published,
                    ":published_ts": published_ts,
                    ":published_day": published_day,
                    ":word_count": word_count,
                    ":json": enc.json,
                    ":hash": &hash[..],
                    ":now": now,
                    ":fetched_at": fetched_at,
                };
                if *action == Action::Insert {
                    insert.execute(row).ctx(|| format!("put_batch {id}: insert"))?;
                    report.inserted += 1;
                } else {
                    archive.execute(params![id, now]).ctx(|| format!("put_batch {id}: archiving previous version"))?;
                    update.execute(row).ctx(|| format!("put_batch {id}: update"))?;
                    report.updated += 1;
                }
                match &enc.page {
                    Some((packed, size)) => {
                        put_raw
                            .execute(params![id, packed, *size as i64, packed.len() as i64])
                            .ctx(|| format!("put_batch {id}: raw page"))?;
                    }
                    // The previous page belongs to the previous version (and
                    // was archived with it); keeping it would pair this
                    // article with a page it was not extracted from.
                    None if *action == Action::Update => {
                        drop_raw.execute([id]).ctx(|| format!("put_batch {id}: dropping raw page"))?;
                    }
                    None => {}
                }
            }
        }
        tx.commit().ctx(|| format!("put_batch of {}: commit", batch.len()))?;
        Ok(report)
    }

    fn get(&self, id: &str) -> Result<Option<StoredArticle>> {
        let mut stmt = self
            .conn
            .prepare_cached(&format!("SELECT {STORED_COLUMNS} FROM articles WHERE id = ?1"))
            .ctx(|| format!("get {id}: prepare"))?;
        let mut rows = stmt.query([id]).ctx(|| format!("get {id}"))?;
        match rows.next().ctx(|| format!("get {id}"))? {
            Some(row) => stored_from_row(row).map(Some),
            None => Ok(None),
        }
    }

    fn raw_html(&self, id: &str) -> Result<Option<Vec<u8>>> {
        let row: Option<(Vec<u8>, i64)> = self
            .conn
            .prepare_cached("SELECT html, size FROM raw_pages WHERE article_id = ?1")
            .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
            .ctx(|| format!("raw_html {id}"))?;
        row.map(|(html, size)| inflate(id, &html, Some(size))).transpose()
    }

    fn previous_versions(&self, id: &str) -> Result<Vec<StoredArticle>> {
        let mut stmt = self
            .conn
            .prepare_cached(
                "SELECT v.article_id, v.article_json, a.first_seen, v.stored_at, v.version
                 FROM article_versions v JOIN articles a ON a.id = v.article_id
                 WHERE v.article_id = ?1 ORDER BY v.version",
            )
            .ctx(|| format!("previous_versions {id}: prepare"))?;
        let mut rows = stmt.query([id]).ctx(|| format!("previous_versions {id}"))?;
        let mut out = Vec::new();
        while let Some(row) = rows.next().ctx(|| format!("previous_versions {id}"))? {
            out.push(stored_from_row(row)?);
        }
        Ok(out)
    }

    fn changed_ids(&self, since: Option<DateTime<Utc>>) -> Result<Vec<String>> {
        // An update keeps its row (see `put_batch`), so the rowid is the
        // order in which each article was first stored. Two statements, so
        // that a catch-up with little to do walks `articles_by_change`.
        const ORDER: &str = "ORDER BY published_ts IS NULL, published_ts, rowid";
        let sql = match since {
            Some(_) => format!("SELECT id FROM articles WHERE last_changed >= ?1 {ORDER}"),
            None => format!("SELECT id FROM articles {ORDER}"),
        };
        let mut stmt = self.conn.prepare_cached(&sql).ctx(|| "changed_ids: prepare".into())?;
        let row = |r: &rusqlite::Row<'_>| r.get(0);
        let rows = match since.map(format_time) {
            Some(s) => stmt.query_map([s], row),
            None => stmt.query_map([], row),
        }
        .ctx(|| "changed_ids".into())?;
        rows.collect::<rusqlite::Result<_>>().ctx(|| "changed_ids: row".into())
    }

    fn scan(&self, query: &ListQuery, visit: &mut dyn FnMut(StoredArticle) -> Result<()>) -> Result<()> {
        // Four shapes of one statement, each cached by its text. The order
        // matches the indexes (NULL published_ts sorts last in DESC), so
        // SQLite walks an index instead of sorting the whole table.
        let mut sql = format!("SELECT {STORED_COLUMNS} FROM articles WHERE 1");
        if query.source.is_some() {
            sql.push_str(" AND site_key = :source");
        }
        if query.since.is_some() {
            // The range on published_ts lets the index skip older rows; the
            // day test is the exact one. A day in the source's zone starts
            // less than 24 hours (the largest offset) before that day in UTC.
            sql.push_str(" AND published_ts >= :since_ts AND published_day >= :since_day");
        }
        if query.changed_since.is_some() {
            sql.push_str(" AND last_changed >= :changed_since");
        }
        sql.push_str(" ORDER BY published_ts DESC, id LIMIT :limit");

        let source = query.source.as_deref().map(str::to_lowercase);
        let since_ts = query.since.map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp() - 24 * 3600);
        let since_day = query.since.map(|d| d.format("%Y-%m-%d").to_string());
        let limit = query.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
        let changed_since = query.changed_since.map(format_time);

        let mut stmt = self.conn.prepare_cached(&sql).ctx(|| "scan: prepare".into())?;
        let mut params: Vec<(&str, &dyn rusqlite::ToSql)> = vec![(":limit", &limit)];
        if let Some(s) = &source {
            params.push((":source", s));
        }
        if let (Some(ts), Some(day)) = (&since_ts, &since_day) {
            params.push((":since_ts", ts));
            params.push((":since_day", day));
        }
        if let Some(c) = &changed_since {
            params.push((":changed_since", c));
        }
        let mut rows = stmt.query(params.as_slice()).ctx(|| "scan".into())?;
        while let Some(row) = rows.next().ctx(|| "scan: next row".into())? {
            visit(stored_from_row(row)?)?;
        }
        Ok(())
    }

    fn stats(&self) -> Result<Stats> {
        let c = &self.conn;
        let mut s = Stats::default();
        (s.articles, s.words) = c
            .query_row("SELECT count(*), coalesce(sum(word_count), 0) FROM articles", [], |r| {
                Ok((count(r, 0)?, count(r, 1)?))
            })
            .ctx(|| "stats: articles".into())?;
        let previous = c
            .query_row("SELECT count(*) FROM article_versions", [], |r| count(r, 0))
            .ctx(|| "stats: versions".into())?;
        s.versions = s.articles + previous;
        (s.with_raw_html, s.raw_html_bytes) = c
            .query_row("SELECT count(*), coalesce(sum(stored_size), 0) FROM raw_pages", [], |r| {
                Ok((count(r, 0)?, count(r, 1)?))
            })
            .ctx(|| "stats: raw pages".into())?;
        let edge = |order: &str| {
            c.query_row(
                &format!(
                    "SELECT published FROM articles WHERE published_ts IS NOT NULL
                     ORDER BY {order} LIMIT 1"
                ),
                [],
                |r| r.get::<_, String>(0),
            )
            .optional()
            .ctx(|| "stats: published range".into())
        };
        // Both orders are the index's, forwards and backwards, so each is
        // one index probe rather than a sort of the table.
        s.oldest_published = edge("published_ts ASC, id DESC")?;
        s.newest_published = edge("published_ts DESC, id ASC")?;
        // Grouped by the folded name, so the counts agree with what a
        // case-insensitive `source` filter returns.
        s.sources = top(
            c,
            "SELECT min(site_name), count(*) AS n FROM articles WHERE site_key IS NOT NULL
             GROUP BY site_key ORDER BY n DESC, 1 LIMIT ?1",
        )
        .ctx(|| "stats: sources".into())?;
        s.languages = top(
            c,
            "SELECT language, count(*) AS n FROM articles WHERE language IS NOT NULL
             GROUP BY language ORDER BY n DESC, 1 LIMIT ?1",
        )
        .ctx(|| "stats: languages".into())?;
        Ok(s)
    }

    fn put_embeddings(&mut self, model: &str, batch: &[(&Article, &[f32])]) -> Result<()> {
        embeddings::put(&mut self.conn, model, batch)
    }

    fn embedding(&self, model: &str, id: &str) -> Result<Option<Vec<f32>>> {
        embeddings::get(&self.conn, model, id)
    }

    fn scan_embeddings(
        &self,
        model: &str,
        since: Option<DateTime<Utc>>,
        visit: &mut dyn FnMut(&str, Vec<f32>) -> Result<()>,
    ) -> Result<()> {
        embeddings::scan(&self.conn, model, since, visit)
    }

    fn unembedded_ids(&self, model: &str) -> Result<Vec<String>> {
        embeddings::unembedded(&self.conn, model)
    }

    fn embedding_count(&self, model: &str) -> Result<u64> {
        embeddings::count(&self.conn, model)
    }

    fn put_analyses(&mut self, analyzer: &str, batch: &[(&Article, &str)]) -> Result<()> {
        analyses::put(&mut self.conn, analyzer, batch)
    }

    fn analysis(&self, analyzer: &str, id: &str) -> Result<Option<String>> {
        analyses::get(&self.conn, analyzer, id)
    }

    fn unanalysed_ids(&self, analyzer: &str) -> Result<Vec<String>> {
        analyses::unanalysed(&self.conn, analyzer)
    }

    fn put_coverage(&mut self, update: &CoverageUpdate) -> Result<()> {
        coverage::put(&mut self.conn, update)
    }

    fn coverage_watermark(&self) -> Result<Option<DateTime<Utc>>> {
        coverage::watermark(&self.conn)
    }

    fn clear_coverage(&mut self) -> Result<()> {
        coverage::clear(&mut self.conn)
    }

    fn copy_keys(&self, last: usize, visit: &mut dyn FnMut(&str, Vec<u64>) -> Result<()>) -> Result<()> {
        coverage::keys(&self.conn, last, visit)
    }

    fn copy_group(&self, id: &str) -> Result<Option<CopyGroup>> {
        coverage::group(&self.conn, id)
    }

    fn story_of(&self, id: &str) -> Result<Option<StoryId>> {
        coverage::story_of(&self.conn, id)
    }

    fn story(&self, id: StoryId) -> Result<Option<StorySummary>> {
        coverage::story(&self.conn, id)
    }

    fn story_articles(&self, id: StoryId) -> Result<Vec<String>> {
        coverage::story_articles(&self.conn, id)
    }

    fn story_members(&self, id: StoryId, offset: usize, limit: usize) -> Result<Vec<StoryMember>> {
        coverage::story_members(&self.conn, id, offset, limit)
    }

    fn story_outlets(&self, id: StoryId) -> Result<Vec<StoryOutlet>> {
        coverage::story_outlets(&self.conn, id)
    }

    fn story_days(&self, id: StoryId) -> Result<Vec<(String, u64)>> {
        coverage::story_days(&self.conn, id)
    }

    fn stories(&self, query: &StoryQuery) -> Result<Vec<StorySummary>> {
        coverage::stories(&self.conn, query)
    }

    fn recent_stories(&self, window_secs: i64) -> Result<Vec<StoryId>> {
        coverage::recent(&self.conn, window_secs)
    }

    fn next_story_id(&self) -> Result<StoryId> {
        coverage::next_story_id(&self.conn)
    }
}

fn top(c: &Connection, sql: &str) -> rusqlite::Result<Vec<(String, u64)>> {
    let mut stmt = c.prepare(sql)?;
    let rows = stmt.query_map([TOP_N], |r| Ok((r.get(0)?, count(r, 1)?)))?;
    rows.collect()
}

/// SQLite integers are signed; counts and sums here never go negative.
fn count(r: &Row<'_>, i: usize) -> rusqlite::Result<u64> {
    r.get::<_, i64>(i).map(|n| n.max(0) as u64)
}
