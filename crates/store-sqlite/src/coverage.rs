//! Copy groups and stories (schema versions 4 and 7).

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveTime, Utc};
use newsdesk_store::{
    representative_title, CopyGroup, CoverageUpdate, Result, StoryId, StoryMember, StoryOutlet, StoryQuery,
    StorySummary, HEADLINE_AT, HEADLINE_TITLES, UNDATED_RECENT,
};
use rusqlite::{params, Connection, OptionalExtension, Row, TransactionBehavior};

use crate::codec::{format_time, parse_time};
use crate::error::{backend, Context};

/// What changed in a touched story, so that only what can have changed is
/// recomputed.
#[derive(Default, Clone, Copy)]
struct Touched {
    /// Articles that joined it in this update.
    joined: i64,
    /// A new (outlet, country) row, a merge or a recount: the outlet and
    /// country counts must be redone.
    outlets: bool,
    /// A merge or a recount: its headline must be picked again.
    rebuilt: bool,
}

impl Touched {
    /// A story merged into or recounted: everything is redone.
    const REBUILT: Touched = Touched { joined: 0, outlets: true, rebuilt: true };
}

/// `story_articles.sort_ts` of an undated article: after every dated one.
const UNDATED: &str = "9223372036854775807";

/// Adds an inserted `story_outlets` row to an existing one: counts summed,
/// the name and date of the earlier first article kept.
const ADD_TO_OUTLET: &str = "ON CONFLICT (story, outlet, country) DO UPDATE SET
    articles = articles + excluded.articles,
    name = iif(excluded.first_ts < first_ts, excluded.name, name),
    first_published = iif(excluded.first_ts < first_ts, excluded.first_published, first_published),
    first_ts = min(first_ts, excluded.first_ts)";

/// Adds an inserted summary row (`excluded`) to a story's existing one:
/// counts summed, the earlier first and the later last publication kept
/// (an undated side keeps the other's).
const ADD_TO_SUMMARY: &str = "ON CONFLICT (id) DO UPDATE SET
    articles = articles + excluded.articles,
    first_published = iif(excluded.first_ts < coalesce(first_ts, excluded.first_ts + 1),
                          excluded.first_published, first_published),
    first_ts = iif(excluded.first_ts < coalesce(first_ts, excluded.first_ts + 1), excluded.first_ts, first_ts),
    last_published = iif(excluded.last_ts > coalesce(last_ts, excluded.last_ts - 1),
                         excluded.last_published, last_published),
    last_ts = iif(excluded.last_ts > coalesce(last_ts, excluded.last_ts - 1), excluded.last_ts, last_ts)";

fn story_key(id: StoryId) -> Result<i64> {
    i64::try_from(id).map_err(|_| backend(format!("story id {id} out of range")))
}

pub(crate) fn put(conn: &mut Connection, u: &CoverageUpdate) -> Result<()> {
    let tx = conn.transaction_with_behavior(TransactionBehavior::Immediate).ctx(|| "put_coverage: begin".into())?;
    let mut touched: BTreeMap<i64, Touched> = BTreeMap::new();
    {
        let mut upsert = tx
            .prepare_cached(
                "INSERT INTO copies (article_id, copy_group, similarity, band_keys) VALUES (?1, 0, ?2, ?3)
                 ON CONFLICT (article_id) DO UPDATE SET similarity = excluded.similarity, band_keys = excluded.band_keys
                 RETURNING handle",
            )
            .ctx(|| "put_coverage: prepare".into())?;
        let mut set_group = tx
            .prepare_cached(
                "UPDATE copies SET copy_group = coalesce((SELECT copy_group FROM copies WHERE article_id = ?2), handle)
                 WHERE handle = ?1",
            )
            .ctx(|| "put_coverage: prepare".into())?;
        for c in &u.copies {
            let id = &c.article_id;
            let keys: Vec<u8> = c.band_keys.iter().flat_map(|k| k.to_le_bytes()).collect();
            let handle: i64 = upsert
                .query_row(params![id, c.similarity, keys], |r| r.get(0))
                .ctx(|| format!("put_coverage {id}: copy"))?;
            set_group
                .execute(params![handle, c.copy_of])
                .ctx(|| format!("put_coverage {id}: copy of {:?}", c.copy_of))?;
        }
        let mut place = tx
            .prepare_cached(&format!(
                "INSERT INTO story_articles (article_id, story, sort_ts)
                 SELECT id, ?2, coalesce(published_ts, {UNDATED}) FROM articles WHERE id = ?1
                 ON CONFLICT (article_id) DO UPDATE SET story = excluded.story, sort_ts = excluded.sort_ts
                 RETURNING sort_ts"
            ))
            .ctx(|| "put_coverage: prepare".into())?;
        let mut before = tx
            .prepare_cached("SELECT story, sort_ts FROM story_articles WHERE article_id = ?1")
            .ctx(|| "put_coverage: prepare".into())?;
        let mut join = tx
            .prepare_cached(
                &format!(
                    "INSERT INTO stories (id, first_ts, first_published, last_ts, last_published, articles, outlets, countries, headline)
                     SELECT ?2, published_ts, published, published_ts, published, 1, 0, '', title FROM articles WHERE id = ?1
                     {ADD_TO_SUMMARY}"
                ),
            )
            .ctx(|| "put_coverage: prepare".into())?;
        let mut outlet = tx
            .prepare_cached(&format!(
                "INSERT INTO story_outlets (story, outlet, country, articles, name, first_published, first_ts)
                 SELECT ?2, coalesce(site_key, ''), coalesce(country, ''), 1, site_name, published,
                        coalesce(published_ts, {UNDATED})
                 FROM articles WHERE id = ?1
                 {ADD_TO_OUTLET}
                 RETURNING articles"
            ))
            .ctx(|| "put_coverage: prepare".into())?;
        let mut day = tx
            .prepare_cached(
                "INSERT INTO story_days (story, day, articles)
                 SELECT ?2, published_day, 1 FROM articles WHERE id = ?1 AND published_day IS NOT NULL
                 ON CONFLICT (story, day) DO UPDATE SET articles = articles + 1",
            )
            .ctx(|| "put_coverage: prepare".into())?;
        // Stories whose summary must be recomputed from their articles.
        let mut recount: BTreeSet<i64> = BTreeSet::new();
        for (id, story) in &u.placements {
            let story = story_key(*story)?;
            let what = || format!("put_coverage {id}: story {story}");
            let old: Option<(i64, i64)> =
                before.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional().ctx(what)?;
            let Some(sort_ts) = place.query_row(params![id, story], |r| r.get::<_, i64>(0)).optional().ctx(what)?
            else {
                return Err(backend(format!("put_coverage: article {id} is not stored")));
            };
            match old {
                // Moved, or its date changed: both summaries are recounted below.
                Some((old, was)) if old != story || was != sort_ts => {
                    recount.insert(old);
                    recount.insert(story);
                }
                Some(_) => {}
                None => {
                    join.execute(params![id, story]).ctx(what)?;
                    day.execute(params![id, story]).ctx(what)?;
                    let rows: Option<i64> = outlet.query_row(params![id, story], |r| r.get(0)).optional().ctx(what)?;
                    let t = touched.entry(story).or_default();
                    t.joined += 1;
                    t.outlets |= rows == Some(1);
                }
            }
            touched.entry(story).or_default();
        }
        let now = format_time(Utc::now());
        for (from, into) in &u.story_merges {
            let (from, into) = (story_key(*from)?, story_key(*into)?);
            let what = || format!("put_coverage: merging story {from} into {into}");
            tx.execute("UPDATE story_articles SET story = ?2 WHERE story = ?1", params![from, into]).ctx(what)?;
            tx.execute("UPDATE story_merges SET into_story = ?2 WHERE into_story = ?1", params![from, into])
                .ctx(what)?;
            tx.execute(
                "INSERT OR REPLACE INTO story_merges (from_story, into_story, merged_at) VALUES (?1, ?2, ?3)",
                params![from, into, now],
            )
            .ctx(what)?;
            if recount.contains(&from) || recount.contains(&into) {
                recount.insert(from);
                recount.insert(into);
            } else {
                merge_summaries(&tx, from, into)?;
                touched.insert(into, Touched::REBUILT);
            }
            touched.remove(&from);
        }
        for &story in &recount {
            recount_story(&tx, story)?;
            touched.insert(story, Touched::REBUILT);
        }
    }
    for (story, what) in touched {
        finish_story(&tx, story, what)?;
    }
    if let Some(w) = u.watermark {
        tx.execute("INSERT OR REPLACE INTO coverage_state (key, value) VALUES ('watermark', ?1)", [format_time(w)])
            .ctx(|| "put_coverage: watermark".into())?;
    }
    tx.commit().ctx(|| "put_coverage: commit".into())
}

/// Recomputes a story's summary row and outlet counts from its articles
/// (after an article moved between stories; deletes them when it has none
/// left).
fn recount_story(tx: &Connection, story: i64) -> Result<()> {
    let what = || format!("put_coverage: recounting story {story}");
    tx.execute("DELETE FROM story_outlets WHERE story = ?1", [story]).ctx(what)?;
    // With one MIN(), SQLite takes the bare columns from the row holding it.
    tx.execute(
        "INSERT INTO story_outlets (story, outlet, country, articles, name, first_published, first_ts)
         SELECT ?1, coalesce(a.site_key, ''), coalesce(a.country, ''), COUNT(*), a.site_name, a.published,
                MIN(s.sort_ts)
         FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story = ?1
         GROUP BY 2, 3",
        [story],
    )
    .ctx(what)?;
    tx.execute("DELETE FROM story_days WHERE story = ?1", [story]).ctx(what)?;
    tx.execute(
        "INSERT INTO story_days (story, day, articles)
         SELECT ?1, a.published_day, COUNT(*)
         FROM story_articles s JOIN articles a ON a.id = s.article_id
         WHERE s.story = ?1 AND a.published_day IS NOT NULL
         GROUP BY 2",
        [story],
    )
    .ctx(what)?;
    let (first_ts, last_ts, articles): (Option<i64>, Option<i64>, i64) = tx
        .prepare_cached(
            "SELECT MIN(a.published_ts), MAX(a.published_ts), COUNT(*)
             FROM story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story = ?1",
        )
        .and_then(|mut s| s.query_row([story], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?))))
        .ctx(what)?;
    if articles == 0 {
        tx.execute("DELETE FROM stories WHERE id = ?1", [story]).ctx(what)?;
        return Ok(());
    }
    let published_at = |ts: Option<i64>| -> Result<Option<String>> {
        let Some(ts) = ts else { return Ok(None) };
        tx.prepare_cached(
            "SELECT a.published FROM story_articles s JOIN articles a ON a.id = s.article_id
             WHERE s.story = ?1 AND a.published_ts = ?2 ORDER BY a.id LIMIT 1",
        )
        .and_then(|mut s| s.query_row(params![story, ts], |r| r.get(0)).optional())
        .map(Option::flatten)
        .ctx(what)
    };
    let (first, last) = (published_at(first_ts)?, published_at(last_ts)?);
    tx.execute(
        "INSERT OR REPLACE INTO stories
             (id, first_ts, first_published, last_ts, last_published, articles, outlets, countries, headline)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, '', NULL)",
        params![story, first_ts, first, last_ts, last, articles],
    )
    .ctx(what)?;
    Ok(())
}

/// Adds story `from`'s summary and outlet counts to `into`'s and drops
/// `from`'s, without reading their articles.
fn merge_summaries(tx: &Connection, from: i64, into: i64) -> Result<()> {
    let what = || format!("put_coverage: merging the summary of story {from} into {into}");
    tx.execute(
        &format!(
            "INSERT INTO story_outlets (story, outlet, country, articles, name, first_published, first_ts)
             SELECT ?2, outlet, country, articles, name, first_published, first_ts
             FROM story_outlets WHERE story = ?1 AND true
             {ADD_TO_OUTLET}"
        ),
        params![from, into],
    )
    .ctx(what)?;
    tx.execute("DELETE FROM story_outlets WHERE story = ?1", [from]).ctx(what)?;
    tx.execute(
        "INSERT INTO story_days (story, day, articles)
         SELECT ?2, day, articles FROM story_days WHERE story = ?1 AND true
         ON CONFLICT (story, day) DO UPDATE SET articles = articles + excluded.articles",
        params![from, into],
    )
    .ctx(what)?;
    tx.execute("DELETE FROM story_days WHERE story = ?1", [from]).ctx(what)?;
    tx.execute(
        &format!("INSERT INTO stories (id, first_ts, first_published, last_ts, last_published, articles, outlets, countries, headline)
         SELECT ?2, first_ts, first_published, last_ts, last_published, articles, 0, '', headline
         FROM stories WHERE id = ?1 AND true
         {ADD_TO_SUMMARY}"),
        params![from, into],
    )
    .ctx(what)?;
    tx.execute("DELETE FROM stories WHERE id = ?1", [from]).ctx(what)?;
    Ok(())
}

/// Brings a touched story's outlet and country counts up to date (from
/// `story_outlets`, one row per outlet) when they can have changed and,
/// while it is small, its headline at the sizes in [`HEADLINE_AT`] (so a
/// story's headline settles once it has [`HEADLINE_TITLES`] articles, and
/// a batch never reads a long story's articles).
fn finish_story(tx: &Connection, story: i64, touched: Touched) -> Result<()> {
    let what = || format!("put_coverage: summary of story {story}");
    if touched.outlets {
        count_outlets(tx, story)?;
    }
    let small: Option<(i64, Option<String>)> = tx
        .prepare_cached("SELECT articles, headline FROM stories WHERE id = ?1")
        .and_then(|mut s| s.query_row([story], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(what)?;
    let Some((n, headline)) = small else { return Ok(()) };
    let crossed = |at: &i64| n - touched.joined < *at && *at <= n;
    let due = touched.rebuilt || headline.is_none() || HEADLINE_AT.iter().any(crossed);
    if n > HEADLINE_TITLES || !due {
        return Ok(());
    }
    let titles: Vec<String> = tx
        .prepare_cached(
            "SELECT a.title FROM story_articles s JOIN articles a ON a.id = s.article_id
             WHERE s.story = ?1 AND a.title IS NOT NULL
             ORDER BY a.published_ts IS NULL, a.published_ts, a.id LIMIT ?2",
        )
        .and_then(|mut s| s.query_map(params![story, HEADLINE_TITLES], |r| r.get(0))?.collect())
        .ctx(what)?;
    let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
    let headline = representative_title(&refs).map(|i| titles[i].as_str());
    tx.prepare_cached("UPDATE stories SET headline = ?2 WHERE id = ?1")
        .and_then(|mut s| s.execute(params![story, headline]))
        .ctx(what)?;
    Ok(())
}

/// Counts a story's outlets and lists its countries from `story_outlets`.
fn count_outlets(tx: &Connection, story: i64) -> Result<()> {
    let what = || format!("put_coverage: outlets of story {story}");
    let (outlets, countries): (i64, Option<String>) = tx
        .prepare_cached(
            "SELECT COUNT(DISTINCT nullif(outlet, '')),
                    (SELECT group_concat(c, ',') FROM (SELECT DISTINCT country AS c FROM story_outlets
                                                      WHERE story = ?1 AND country != '' ORDER BY 1))
             FROM story_outlets WHERE story = ?1",
        )
        .and_then(|mut s| s.query_row([story], |r| Ok((r.get(0)?, r.get(1)?))))
        .ctx(what)?;
    tx.prepare_cached("UPDATE stories SET outlets = ?2, countries = ?3 WHERE id = ?1")
        .and_then(|mut s| s.execute(params![story, outlets, countries.unwrap_or_default()]))
        .ctx(what)?;
    Ok(())
}

pub(crate) fn watermark(conn: &Connection) -> Result<Option<DateTime<Utc>>> {
    let v: Option<String> = conn
        .query_row("SELECT value FROM coverage_state WHERE key = 'watermark'", [], |r| r.get(0))
        .optional()
        .ctx(|| "coverage_watermark".into())?;
    v.map(|v| parse_time(&v).map_err(|e| backend(format!("coverage_watermark {v:?}: {e}")))).transpose()
}

pub(crate) fn clear(conn: &mut Connection) -> Result<()> {
    conn.execute_batch(
        "BEGIN IMMEDIATE;
         DELETE FROM copies; DELETE FROM story_articles; DELETE FROM stories;
         DELETE FROM story_merges; DELETE FROM story_outlets; DELETE FROM story_days;
         DELETE FROM coverage_state;
         COMMIT;",
    )
    .ctx(|| "clear_coverage".into())
}

pub(crate) fn keys(conn: &Connection, last: usize, visit: &mut dyn FnMut(&str, Vec<u64>) -> Result<()>) -> Result<()> {
    let limit = i64::try_from(last).unwrap_or(i64::MAX);
    let mut stmt = conn
        .prepare_cached("SELECT article_id, band_keys FROM copies ORDER BY handle DESC LIMIT ?1")
        .ctx(|| "copy_keys".into())?;
    let mut rows = stmt.query([limit]).ctx(|| "copy_keys".into())?;
    while let Some(row) = rows.next().ctx(|| "copy_keys: next row".into())? {
        let id: String = row.get(0).ctx(|| "copy_keys: id".into())?;
        let blob: Vec<u8> = row.get(1).ctx(|| format!("copy_keys {id}"))?;
        let chunks = blob.chunks_exact(8);
        if !chunks.remainder().is_empty() {
            return Err(newsdesk_store::StoreError::Corrupt {
                id,
                message: format!("{} bytes of bucket keys", blob.len()),
            });
        }
        let keys = chunks.map(|b| u64::from_le_bytes(b.try_into().expect("8 bytes"))).collect();
        visit(&id, keys)?;
    }
    Ok(())
}

pub(crate) fn group(conn: &Connection, id: &str) -> Result<Option<CopyGroup>> {
    let what = || format!("copy_group {id}");
    let group: Option<(i64, String)> = conn
        .prepare_cached(
            "SELECT c.copy_group, coalesce(f.article_id, c.article_id) FROM copies c
             LEFT JOIN copies f ON f.handle = c.copy_group WHERE c.article_id = ?1",
        )
        .and_then(|mut s| s.query_row([id], |r| Ok((r.get(0)?, r.get(1)?))).optional())
        .ctx(what)?;
    let Some((handle, name)) = group else { return Ok(None) };
    let members = conn
        .prepare_cached("SELECT article_id, similarity FROM copies WHERE copy_group = ?1 ORDER BY handle")
        .and_then(|mut s| s.query_map([handle], |r| Ok((r.get(0)?, r.get(1)?)))?.collect())
        .ctx(what)?;
    Ok(Some(CopyGroup { group: name, members }))
}

pub(crate) fn story_of(conn: &Connection, id: &str) -> Result<Option<StoryId>> {
    let s: Option<i64> = conn
        .prepare_cached("SELECT story FROM story_articles WHERE article_id = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .ctx(|| format!("story_of {id}"))?;
    Ok(s.map(|s| s as StoryId))
}

const SUMMARY_COLUMNS: &str = "id, headline, first_published, last_published, articles, outlets, countries";

fn summary_from_row(conn: &Connection, row: &Row<'_>) -> Result<StorySummary> {
    let id: i64 = row.get(0).ctx(|| "read story".into())?;
    let what = || format!("read story {id}");
    let countries: String = row.get(6).ctx(what)?;
    let merged_from = conn
        .prepare_cached("SELECT from_story FROM story_merges WHERE into_story = ?1 ORDER BY from_story")
        .and_then(|mut s| s.query_map([id], |r| r.get::<_, i64>(0))?.collect::<rusqlite::Result<Vec<i64>>>())
        .ctx(what)?;
    Ok(StorySummary {
        id: id as StoryId,
        headline: row.get(1).ctx(what)?,
        first_published: row.get(2).ctx(what)?,
        last_published: row.get(3).ctx(what)?,
        articles: row.get::<_, i64>(4).ctx(what)? as u64,
        outlets: row.get::<_, i64>(5).ctx(what)? as u64,
        countries: countries.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
        merged_from: merged_from.into_iter().map(|s| s as StoryId).collect(),
    })
}

pub(crate) fn story(conn: &Connection, id: StoryId) -> Result<Option<StorySummary>> {
    let mut id = story_key(id)?;
    let into: Option<i64> = conn
        .prepare_cached("SELECT into_story FROM story_merges WHERE from_story = ?1")
        .and_then(|mut s| s.query_row([id], |r| r.get(0)).optional())
        .ctx(|| format!("story {id}"))?;
    if let Some(into) = into {
        id = into;
    }
    let mut stmt = conn
        .prepare_cached(&format!("SELECT {SUMMARY_COLUMNS} FROM stories WHERE id = ?1"))
        .ctx(|| format!("story {id}"))?;
    let mut rows = stmt.query([id]).ctx(|| format!("story {id}"))?;
    match rows.next().ctx(|| format!("story {id}"))? {
        Some(row) => summary_from_row(conn, row).map(Some),
        None => Ok(None),
    }
}

pub(crate) fn story_articles(conn: &Connection, id: StoryId) -> Result<Vec<String>> {
    let id = story_key(id)?;
    conn.prepare_cached("SELECT article_id FROM story_articles WHERE story = ?1 ORDER BY sort_ts, article_id")
        .and_then(|mut s| s.query_map([id], |r| r.get(0))?.collect())
        .ctx(|| format!("story_articles {id}"))
}

pub(crate) fn story_members(conn: &Connection, id: StoryId, offset: usize, limit: usize) -> Result<Vec<StoryMember>> {
    let id = story_key(id)?;
    let (offset, limit) = (i64::try_from(offset).unwrap_or(i64::MAX), i64::try_from(limit).unwrap_or(-1));
    // Walks story_articles_in_order: the cost is the page's, not the story's.
    conn.prepare_cached(
        "SELECT a.id, a.published, a.site_name, a.country, a.title, a.url,
                CASE WHEN c.article_id IS NULL THEN NULL ELSE coalesce(f.article_id, c.article_id) END
         FROM story_articles s JOIN articles a ON a.id = s.article_id
         LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN copies f ON f.handle = c.copy_group
         WHERE s.story = ?1 ORDER BY s.sort_ts, s.article_id LIMIT ?2 OFFSET ?3",
    )
    .and_then(|mut s| {
        s.query_map(params![id, limit, offset], |r| {
            Ok(StoryMember {
                id: r.get(0)?,
                published: r.get(1)?,
                site_name: r.get(2)?,
                country: r.get(3)?,
                title: r.get(4)?,
                url: r.get(5)?,
                copy_group: r.get(6)?,
            })
        })?
        .collect()
    })
    .ctx(|| format!("story_members {id}"))
}

pub(crate) fn story_outlets(conn: &Connection, id: StoryId) -> Result<Vec<StoryOutlet>> {
    let id = story_key(id)?;
    conn.prepare_cached(
        "SELECT name, nullif(country, ''), articles, first_published FROM story_outlets
         WHERE story = ?1 ORDER BY first_ts, outlet, country",
    )
    .and_then(|mut s| {
        s.query_map([id], |r| {
            Ok(StoryOutlet {
                name: r.get(0)?,
                country: r.get(1)?,
                articles: r.get::<_, i64>(2)? as u64,
                first_published: r.get(3)?,
            })
        })?
        .collect()
    })
    .ctx(|| format!("story_outlets {id}"))
}

pub(crate) fn story_days(conn: &Connection, id: StoryId) -> Result<Vec<(String, u64)>> {
    let id = story_key(id)?;
    conn.prepare_cached("SELECT day, articles FROM story_days WHERE story = ?1 ORDER BY day")
        .and_then(|mut s| s.query_map([id], |r| Ok((r.get(0)?, r.get::<_, i64>(1)? as u64)))?.collect())
        .ctx(|| format!("story_days {id}"))
}

pub(crate) fn stories(conn: &Connection, q: &StoryQuery) -> Result<Vec<StorySummary>> {
    let since = q.since.map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
    let limit = q.limit.map_or(-1, |l| i64::try_from(l).unwrap_or(i64::MAX));
    let min = i64::try_from(q.min_articles).unwrap_or(i64::MAX);
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} FROM stories
         WHERE articles >= ?1 AND (?2 IS NULL OR last_ts >= ?2)
         ORDER BY last_ts IS NULL, last_ts DESC, id DESC LIMIT ?3"
    );
    let mut stmt = conn.prepare_cached(&sql).ctx(|| "stories".into())?;
    let mut rows = stmt.query(params![min, since, limit]).ctx(|| "stories".into())?;
    let mut out = Vec::new();
    while let Some(row) = rows.next().ctx(|| "stories: next row".into())? {
        out.push(summary_from_row(conn, row)?);
    }
    Ok(out)
}

pub(crate) fn recent(conn: &Connection, window_secs: i64) -> Result<Vec<StoryId>> {
    conn.prepare_cached(
        "SELECT id FROM stories WHERE last_ts >= (SELECT MAX(last_ts) FROM stories) - ?1
         UNION
         SELECT id FROM (SELECT id FROM stories WHERE last_ts IS NULL ORDER BY id DESC LIMIT ?2)",
    )
    .and_then(|mut s| s.query_map(params![window_secs, UNDATED_RECENT], |r| r.get::<_, i64>(0))?.collect())
    .map(|v: Vec<i64>| v.into_iter().map(|s| s as StoryId).collect())
    .ctx(|| "recent_stories".into())
}

pub(crate) fn next_story_id(conn: &Connection) -> Result<StoryId> {
    let max: Option<i64> = conn
        .query_row(
            "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM stories UNION ALL SELECT MAX(from_story) FROM story_merges
                                 UNION ALL SELECT MAX(story) FROM story_articles)",
            [],
            |r| r.get(0),
        )
        .ctx(|| "next_story_id".into())?;
    Ok(max.map_or(1, |m| m as StoryId + 1))
}
