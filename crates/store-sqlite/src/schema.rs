use rusqlite::{Connection, TransactionBehavior};

use newsdesk_store::{Result, StoreError};

use crate::error::Context;

/// The schema, as an ordered list of migrations. Entry `n` takes a database
/// from `user_version` `n` to `n + 1`. Never edit a released entry: stores in
/// the field already ran it. Append a new one instead.
const MIGRATIONS: &[&str] = &[
    // 1: articles, their raw pages and their earlier versions.
    r#"
    CREATE TABLE articles (
        id            TEXT PRIMARY KEY NOT NULL,
        url           TEXT,
        canonical_url TEXT,
        title         TEXT,
        site_name     TEXT,
        -- site_name lower-cased in Rust: SQLite's NOCASE folds ASCII only,
        -- and outlets are named in every script.
        site_key      TEXT,
        language      TEXT,
        country       TEXT,
        published     TEXT,
        -- Seconds since the epoch, for ordering; NULL sorts last in DESC.
        published_ts  INTEGER,
        -- The day in the source's own time zone, for `since`.
        published_day TEXT,
        word_count    INTEGER NOT NULL,
        content_hash  BLOB NOT NULL,
        version       INTEGER NOT NULL,
        first_seen    TEXT NOT NULL,
        last_changed  TEXT NOT NULL,
        fetched_at    TEXT,
        -- Large values go last in every table: reading a column means
        -- walking the overflow pages of all columns before it.
        article_json  TEXT NOT NULL
    );
    CREATE INDEX articles_by_published ON articles (published_ts DESC, id);
    CREATE INDEX articles_by_site ON articles (site_key, published_ts DESC, id);

    CREATE TABLE raw_pages (
        article_id  TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        size        INTEGER NOT NULL,
        stored_size INTEGER NOT NULL,
        -- Raw deflate (no zlib header) of the page as fetched.
        html        BLOB NOT NULL
    );

    CREATE TABLE article_versions (
        article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        version      INTEGER NOT NULL,
        content_hash BLOB NOT NULL,
        fetched_at   TEXT,
        -- When this version became current, and when a newer one replaced it.
        stored_at    TEXT NOT NULL,
        replaced_at  TEXT NOT NULL,
        html_size    INTEGER,
        article_json TEXT NOT NULL,
        html         BLOB,
        PRIMARY KEY (article_id, version)
    );
    "#,
    // 2: derived indexes catch up with the store by change time.
    r#"
    CREATE INDEX articles_by_change ON articles (last_changed);
    "#,
    // 3: sentence embeddings, per model, tied to the article content they
    // were computed from.
    r#"
    CREATE TABLE embeddings (
        model        TEXT NOT NULL,
        article_id   TEXT NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        -- articles.content_hash of the version embedded: the vector is
        -- current while the two are equal.
        content_hash BLOB NOT NULL,
        stored_at    TEXT NOT NULL,
        dim          INTEGER NOT NULL,
        -- dim little-endian f32s.
        vector       BLOB NOT NULL,
        PRIMARY KEY (model, article_id)
    );
    CREATE INDEX embeddings_by_time ON embeddings (model, stored_at);
    "#,
    // 4: coverage, derived from the articles at ingest: copy groups and stories.
    r#"
    CREATE TABLE copies (
        -- Increasing: the store order, for reloading the newest keys.
        handle      INTEGER PRIMARY KEY,
        article_id  TEXT NOT NULL UNIQUE REFERENCES articles (id) ON DELETE CASCADE,
        -- The handle of the group's first stored member.
        copy_group  INTEGER NOT NULL,
        similarity  REAL NOT NULL,
        -- The body's LSH bucket keys, little-endian u64s: reloaded into the
        -- follower's in-memory window of candidate originals on restart.
        band_keys   BLOB NOT NULL
    );
    CREATE INDEX copies_by_group ON copies (copy_group);

    CREATE TABLE story_articles (
        article_id TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        story      INTEGER NOT NULL
    ) WITHOUT ROWID;
    CREATE INDEX story_articles_by_story ON story_articles (story);

    -- Summaries, updated as articles join (recomputed from story_articles
    -- only after a merge).
    CREATE TABLE stories (
        id              INTEGER PRIMARY KEY,
        first_ts        INTEGER,
        first_published TEXT,
        last_ts         INTEGER,
        last_published  TEXT,
        articles        INTEGER NOT NULL,
        outlets         INTEGER NOT NULL,
        -- Distinct countries, sorted, comma-separated.
        countries       TEXT NOT NULL,
        headline        TEXT
    );
    CREATE INDEX stories_by_last ON stories (last_ts DESC, id);

    -- Articles per story, outlet (site_key, '' when unknown) and country
    -- ('' when unknown): outlet and country counts without reading the
    -- story's articles.
    CREATE TABLE story_outlets (
        story    INTEGER NOT NULL,
        outlet   TEXT NOT NULL,
        country  TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (story, outlet, country)
    ) WITHOUT ROWID;

    CREATE TABLE story_merges (
        from_story INTEGER PRIMARY KEY,
        -- Kept pointing at the surviving story when that one merges too.
        into_story INTEGER NOT NULL,
        merged_at  TEXT NOT NULL
    );
    CREATE INDEX story_merges_by_into ON story_merges (into_story);

    CREATE TABLE coverage_state (
        key   TEXT PRIMARY KEY NOT NULL,
        value TEXT NOT NULL
    );
    "#,
    // 5: article analyses (summary, quotes, claims, figures, places) as
    // JSON, tied to the analyzer version and the content analysed.
    r#"
    CREATE TABLE analyses (
        article_id   TEXT PRIMARY KEY NOT NULL REFERENCES articles (id) ON DELETE CASCADE,
        -- The analyzer's version: an analysis by another one is redone.
        analyzer     TEXT NOT NULL,
        -- articles.content_hash of the version analysed.
        content_hash BLOB NOT NULL,
        analysed_at  TEXT NOT NULL,
        body         TEXT NOT NULL
    ) WITHOUT ROWID;
    "#,
    // 6: the crawler's sources, the validators of the documents it polls,
    // and every article URL it found with its fetch state.
    r#"
    CREATE TABLE sources (
        id             INTEGER PRIMARY KEY AUTOINCREMENT,
        url            TEXT NOT NULL UNIQUE,
        name           TEXT,
        country        TEXT,
        language       TEXT,
        kind           TEXT,
        poll_url       TEXT,
        added_at       TEXT NOT NULL,
        last_polled    TEXT,
        last_success   TEXT,
        last_error     TEXT,
        polls          INTEGER NOT NULL DEFAULT 0,
        failures       INTEGER NOT NULL DEFAULT 0,
        articles_found INTEGER NOT NULL DEFAULT 0
    );

    CREATE TABLE doc_validators (
        url           TEXT PRIMARY KEY NOT NULL,
        etag          TEXT,
        last_modified TEXT
    ) WITHOUT ROWID;

    CREATE TABLE crawl_urls (
        url          TEXT PRIMARY KEY NOT NULL,
        -- No foreign key: removing a source keeps what it found.
        source       INTEGER,
        state        TEXT NOT NULL,
        found_at     TEXT NOT NULL,
        published    TEXT,
        attempts     INTEGER NOT NULL DEFAULT 0,
        next_attempt TEXT,
        last_error   TEXT,
        fetched_at   TEXT,
        article_id   TEXT
    ) WITHOUT ROWID;
    CREATE INDEX crawl_urls_due ON crawl_urls (state, next_attempt, found_at);
    CREATE INDEX crawl_urls_by_source ON crawl_urls (source, state);
    -- A page's article is found by the URL it was fetched from, when a
    -- crash came between storing it and recording the URL as fetched.
    CREATE INDEX articles_by_url ON articles (url);
    "#,
    // 7: what a story page shows of a story of any size, kept as articles
    // join: each member's place in publication order (so a page of members
    // is read along an index, not sorted out of the whole story), each
    // outlet's name and first article, and articles per day.
    r#"
    -- published_ts, or the largest integer when undated (undated last).
    ALTER TABLE story_articles ADD COLUMN sort_ts INTEGER NOT NULL DEFAULT 9223372036854775807;
    UPDATE story_articles SET sort_ts = coalesce(
        (SELECT published_ts FROM articles WHERE articles.id = story_articles.article_id), 9223372036854775807);
    DROP INDEX story_articles_by_story;
    CREATE INDEX story_articles_in_order ON story_articles (story, sort_ts);

    DROP TABLE story_outlets;
    CREATE TABLE story_outlets (
        story           INTEGER NOT NULL,
        outlet          TEXT NOT NULL,
        country         TEXT NOT NULL,
        articles        INTEGER NOT NULL,
        -- site_name, publication date and sort_ts of its first article.
        name            TEXT,
        first_published TEXT,
        first_ts        INTEGER NOT NULL,
        PRIMARY KEY (story, outlet, country)
    ) WITHOUT ROWID;
    -- With one MIN() in a query, SQLite takes the bare columns from the row
    -- holding the minimum.
    INSERT INTO story_outlets (story, outlet, country, articles, name, first_published, first_ts)
    SELECT s.story, coalesce(a.site_key, ''), coalesce(a.country, ''), COUNT(*), a.site_name, a.published,
           MIN(s.sort_ts)
    FROM story_articles s JOIN articles a ON a.id = s.article_id
    GROUP BY 1, 2, 3;

    CREATE TABLE story_days (
        story    INTEGER NOT NULL,
        -- articles.published_day
        day      TEXT NOT NULL,
        articles INTEGER NOT NULL,
        PRIMARY KEY (story, day)
    ) WITHOUT ROWID;
    INSERT INTO story_days (story, day, articles)
    SELECT s.story, a.published_day, COUNT(*)
    FROM story_articles s JOIN articles a ON a.id = s.article_id
    WHERE a.published_day IS NOT NULL
    GROUP BY 1, 2;
    "#,
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

fn user_version(conn: &Connection) -> rusqlite::Result<i64> {
    conn.query_row("PRAGMA user_version", [], |r| r.get(0))
}

/// Brings the schema up to [`SCHEMA_VERSION`], one transaction per migration
/// so a failure leaves the store at the last good version.
pub(crate) fn migrate(conn: &mut Connection) -> Result<()> {
    loop {
        // IMMEDIATE takes the write lock before reading the version, so two
        // processes opening a fresh store cannot both run the same migration.
        let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx(|| "migrate: begin".into())?;
        let found = user_version(&tx).ctx(|| "migrate: read user_version".into())?;
        if found > SCHEMA_VERSION {
            return Err(StoreError::SchemaTooNew { found, supported: SCHEMA_VERSION });
        }
        if found == SCHEMA_VERSION {
            return Ok(());
        }
        let next = found + 1;
        tx.execute_batch(MIGRATIONS[found as usize]).ctx(|| format!("migrate: schema version {next}"))?;
        // user_version lives in the database header, which is written inside
        // the transaction: the bump commits or rolls back with the DDL.
        tx.execute_batch(&format!("PRAGMA user_version = {next}"))
            .ctx(|| format!("migrate: set user_version {next}"))?;
        tx.commit().ctx(|| format!("migrate: commit schema version {next}"))?;
    }
}
