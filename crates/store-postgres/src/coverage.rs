//! Copy groups and stories (schema version 2): the PostgreSQL port of the
//! embedded store's `coverage.rs`, with the same summaries kept the same way
//! and read back in the same orders.
//!
//! Where the two SQL dialects differ: PostgreSQL sorts NULL as the largest
//! value (SQLite as the smallest), so orders say `NULLS FIRST`/`NULLS LAST`;
//! text is ordered `COLLATE "C"` (SQLite compares bytes); unqualified column
//! names in `ON CONFLICT ... DO UPDATE` would be ambiguous with `excluded`,
//! so they are qualified by their table.
//!
//! Round trips: the embedded store writes an update one article at a time,
//! which costs nothing there; over a network each statement is a round trip,
//! so an update is written here in a fixed number of set-based statements
//! over arrays (`unnest`, `= ANY`), whatever its size: sixteen round trips
//! for a batch of new articles, five more when stories merge, three when
//! stories are recounted. Where the embedded store's order of
//! writes decides a result (which of two equally early articles names an
//! outlet, which row a merged story keeps), the rows are folded in that
//! order (`array_agg(... ORDER BY ..., position)`), and what depends on
//! reading back earlier writes of the same update (copy groups, moves) is
//! worked out here, in memory, from the rows read at its start. Statements
//! are sent with their parameter types (`query_typed`), so each is one
//! round trip, not a prepare and an execute.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::{DateTime, NaiveTime, SecondsFormat, Utc};
use newsdesk_store::{
    representative_title, CopyGroup, CopyRecord, CoverageUpdate, Result, StoreError, StoryId, StoryMember, StoryOutlet,
    StoryQuery, StorySummary, HEADLINE_AT, HEADLINE_TITLES, UNDATED_RECENT,
};
use postgres::types::{ToSql, Type};
use postgres::{Client, Row, Transaction};

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

/// Serialises coverage writers of one schema, as SQLite's `BEGIN IMMEDIATE`
/// does: the summaries are maintained incrementally (read, then added to),
/// which two interleaved updates would get wrong.
const LOCK: &str = "SELECT pg_advisory_xact_lock(hashtext('newsdesk coverage:' || current_schema()))";

/// Adds an inserted `story_outlets` row to an existing one: counts summed,
/// the name and date of the earlier first article kept (the existing one on
/// a tie).
const ADD_TO_OUTLET: &str = "ON CONFLICT (story, outlet, country) DO UPDATE SET
    articles = story_outlets.articles + excluded.articles,
    name = CASE WHEN excluded.first_ts < story_outlets.first_ts THEN excluded.name ELSE story_outlets.name END,
    first_published = CASE WHEN excluded.first_ts < story_outlets.first_ts
                           THEN excluded.first_published ELSE story_outlets.first_published END,
    first_ts = LEAST(story_outlets.first_ts, excluded.first_ts)";

/// Adds an inserted summary row (`excluded`) to a story's existing one:
/// counts summed, the earlier first and the later last publication kept
/// (an undated side keeps the other's: a comparison with NULL is not true).
const ADD_TO_SUMMARY: &str = "ON CONFLICT (id) DO UPDATE SET
    articles = stories.articles + excluded.articles,
    first_published = CASE WHEN excluded.first_ts < coalesce(stories.first_ts, excluded.first_ts + 1)
                           THEN excluded.first_published ELSE stories.first_published END,
    first_ts = CASE WHEN excluded.first_ts < coalesce(stories.first_ts, excluded.first_ts + 1)
                    THEN excluded.first_ts ELSE stories.first_ts END,
    last_published = CASE WHEN excluded.last_ts > coalesce(stories.last_ts, excluded.last_ts - 1)
                          THEN excluded.last_published ELSE stories.last_published END,
    last_ts = CASE WHEN excluded.last_ts > coalesce(stories.last_ts, excluded.last_ts - 1)
                   THEN excluded.last_ts ELSE stories.last_ts END";

/// The columns of a story's summary tables, key columns first.
struct Table {
    name: &'static str,
    key: &'static [&'static str],
    values: &'static [&'static str],
}

const STORIES: Table = Table {
    name: "stories",
    key: &["id"],
    values: &[
        "first_ts",
        "first_published",
        "last_ts",
        "last_published",
        "articles",
        "outlets",
        "countries",
        "headline",
    ],
};
const STORY_OUTLETS: Table = Table {
    name: "story_outlets",
    key: &["story", "outlet", "country"],
    values: &["articles", "name", "first_published", "first_ts"],
};
const STORY_DAYS: Table = Table { name: "story_days", key: &["story", "day"], values: &["articles"] };

/// A statement that makes the rows `fresh` selects (all the table's
/// columns, by name) the rows of the stories in `$1` (a `bigint[]`): rows
/// it selects are written over, the stories' other rows deleted. The rows
/// deleted and the rows written are disjoint, so it does not matter in
/// which order PostgreSQL runs the two parts of the one statement.
fn replace_rows(table: &Table, fresh: &str) -> String {
    let name = table.name;
    let story = table.key[0];
    let columns = table.key.iter().chain(table.values).copied().collect::<Vec<_>>().join(", ");
    let same_key = table.key.iter().map(|k| format!("f.{k} = t.{k}")).collect::<Vec<_>>().join(" AND ");
    let key = table.key.join(", ");
    let set = table.values.iter().map(|v| format!("{v} = excluded.{v}")).collect::<Vec<_>>().join(", ");
    format!(
        "WITH fresh AS ({fresh}),
              stale AS (DELETE FROM {name} t WHERE t.{story} = ANY($1::bigint[])
                        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE {same_key}))
         INSERT INTO {name} ({columns}) SELECT {columns} FROM fresh
         ON CONFLICT ({key}) DO UPDATE SET {set}"
    )
}

fn story_key(id: StoryId) -> Result<i64> {
    i64::try_from(id).map_err(|_| backend(format!("story id {id} out of range")))
}

/// The watermark as text in `coverage_state`: the embedded store's format
/// (fixed-width UTC, to the microsecond), so a moved store reads it back.
fn format_time(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Micros, true)
}

/// A statement's parameter, with its type: sent with the statement, so the
/// statement needs no prepare (a round trip of its own).
type Param<'a> = (&'a (dyn ToSql + Sync), Type);

fn query(tx: &mut Transaction<'_>, sql: &str, params: &[Param<'_>], what: &str) -> Result<Vec<Row>> {
    tx.query_typed(sql, params).ctx(|| format!("put_coverage: {what}"))
}

fn execute(tx: &mut Transaction<'_>, sql: &str, params: &[Param<'_>], what: &str) -> Result<()> {
    tx.execute_typed(sql, params).map(drop).ctx(|| format!("put_coverage: {what}"))
}

pub(crate) fn put(client: &mut Client, u: &CoverageUpdate) -> Result<()> {
    let mut tx = client.transaction().ctx(|| "put_coverage: begin".into())?;
    // No parameters: sent as a simple query, one round trip.
    tx.batch_execute(LOCK).ctx(|| "put_coverage: lock".into())?;
    put_copies(&mut tx, &u.copies)?;
    let mut touched: BTreeMap<i64, Touched> = BTreeMap::new();
    // Stories whose summary must be recounted from their articles.
    let mut recount: BTreeSet<i64> = BTreeSet::new();
    place(&mut tx, &u.placements, &mut touched, &mut recount)?;
    merge(&mut tx, &u.story_merges, &mut touched, &mut recount)?;
    recount_stories(&mut tx, &recount)?;
    for &story in &recount {
        touched.insert(story, Touched::REBUILT);
    }
    finish_stories(&mut tx, &touched)?;
    if let Some(w) = u.watermark {
        execute(
            &mut tx,
            "INSERT INTO coverage_state (key, value) VALUES ('watermark', $1)
             ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            &[(&format_time(w), Type::TEXT)],
            "watermark",
        )?;
    }
    tx.commit().ctx(|| "put_coverage: commit".into())
}

/// Stores copy records, each joining the group of the article it copies.
///
/// Record by record, the embedded store gives a new record the next handle,
/// keeps an article's handle when it is given its copy again, and puts the
/// record in the group of the article it copies as that one stands at that
/// point (stored, or given earlier in the update), or in a group of its
/// own, named by its handle. The same is done here in three steps: the new
/// articles are given their handles (in the order they first appear), the
/// groups are worked out in memory in the records' order, and every
/// article's row is written once, with its last record.
fn put_copies(tx: &mut Transaction<'_>, copies: &[CopyRecord]) -> Result<()> {
    if copies.is_empty() {
        return Ok(());
    }
    let mut ids: Vec<&str> = Vec::new();
    let mut last: HashMap<&str, &CopyRecord> = HashMap::new();
    for c in copies {
        if last.insert(&c.article_id, c).is_none() {
            ids.push(&c.article_id);
        }
    }
    let mut looked_up = ids.clone();
    looked_up.extend(copies.iter().filter_map(|c| c.copy_of.as_deref()));

    // One statement: the new rows inserted (handles given in the order of
    // `ids`; the rest of the row is written below) and the stored ones read
    // as they were before.
    let found = query(
        tx,
        "WITH new AS (
             INSERT INTO copies (article_id, copy_group, similarity, band_keys)
             SELECT id, 0, 0, '' FROM unnest($1::text[]) WITH ORDINALITY AS u(id, n) ORDER BY n
             ON CONFLICT (article_id) DO NOTHING
             RETURNING article_id, handle)
         SELECT article_id, handle, copy_group, false FROM copies WHERE article_id = ANY($2::text[])
         UNION ALL
         SELECT article_id, handle, 0, true FROM new",
        &[(&ids, Type::TEXT_ARRAY), (&looked_up, Type::TEXT_ARRAY)],
        "copies",
    )?;
    // (handle, group) of each article with a row at this point of the
    // update; the handles of new ones, whose rows appear at their first
    // record (with group 0 until it is set, as in the embedded store).
    let mut rows: HashMap<String, (i64, i64)> = HashMap::new();
    let mut new: HashMap<String, i64> = HashMap::new();
    for r in &found {
        let read = |r: &Row| -> std::result::Result<(String, i64, i64, bool), postgres::Error> {
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
        };
        let (id, handle, group, is_new) = read(r).ctx(|| "put_coverage: copies".into())?;
        if is_new {
            new.insert(id, handle);
        } else {
            rows.insert(id, (handle, group));
        }
    }

    for c in copies {
        let id = c.article_id.as_str();
        let handle = match rows.get(id) {
            Some(&(handle, _)) => handle,
            None => {
                let handle = new[id];
                rows.insert(id.to_owned(), (handle, 0));
                handle
            }
        };
        let group = c.copy_of.as_deref().and_then(|of| rows.get(of)).map_or(handle, |&(_, g)| g);
        rows.insert(id.to_owned(), (handle, group));
    }

    let groups: Vec<i64> = ids.iter().map(|id| rows[*id].1).collect();
    let similarities: Vec<f64> = ids.iter().map(|id| last[id].similarity).collect();
    let keys: Vec<Vec<u8>> =
        ids.iter().map(|id| last[id].band_keys.iter().flat_map(|k| k.to_le_bytes()).collect()).collect();
    execute(
        tx,
        "UPDATE copies SET copy_group = u.copy_group, similarity = u.similarity, band_keys = u.band_keys
         FROM unnest($1::text[], $2::bigint[], $3::float8[], $4::bytea[]) AS u(article_id, copy_group, similarity, band_keys)
         WHERE copies.article_id = u.article_id",
        &[
            (&ids, Type::TEXT_ARRAY),
            (&groups, Type::INT8_ARRAY),
            (&similarities, Type::FLOAT8_ARRAY),
            (&keys, Type::BYTEA_ARRAY),
        ],
        "copy groups",
    )
}

/// Places articles in their stories. A new member is added to its story's
/// summary, outlet and day counts as it joins; one that moved or changed its
/// date puts both its stories in `recount`.
///
/// Where each article stood and its date are read first, in one statement;
/// the placements are then followed in order in memory (an article placed
/// twice is a member the second time), and their outcome written: the
/// articles' rows, then the joiners added to their stories' counts.
fn place(
    tx: &mut Transaction<'_>,
    placements: &[(String, StoryId)],
    touched: &mut BTreeMap<i64, Touched>,
    recount: &mut BTreeSet<i64>,
) -> Result<()> {
    if placements.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = placements.iter().map(|(id, _)| id.as_str()).collect::<BTreeSet<_>>().into_iter().collect();
    // Each stored article's sort_ts, and its (story, sort_ts) if placed.
    let mut sort_ts: HashMap<String, i64> = HashMap::new();
    let mut placed: HashMap<String, (i64, i64)> = HashMap::new();
    let rows = query(
        tx,
        &format!(
            "SELECT u.id, coalesce(a.published_ts, {UNDATED}), s.story, s.sort_ts
             FROM unnest($1::text[]) AS u(id) JOIN articles a ON a.id = u.id
             LEFT JOIN story_articles s ON s.article_id = u.id"
        ),
        &[(&ids, Type::TEXT_ARRAY)],
        "placements",
    )?;
    for r in &rows {
        let read = |r: &Row| -> std::result::Result<(String, i64, Option<i64>, Option<i64>), postgres::Error> {
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?, r.try_get(3)?))
        };
        let (id, ts, story, was) = read(r).ctx(|| "put_coverage: placements".into())?;
        if let (Some(story), Some(was)) = (story, was) {
            placed.insert(id.clone(), (story, was));
        }
        sort_ts.insert(id, ts);
    }
    let before = placed.clone();

    // New members, in order of placement.
    let mut joiners: Vec<(&str, i64)> = Vec::new();
    for (id, story) in placements {
        let story = story_key(*story)?;
        let Some(&ts) = sort_ts.get(id) else {
            return Err(backend(format!("put_coverage: article {id} is not stored")));
        };
        match placed.insert(id.clone(), (story, ts)) {
            // Moved, or its date changed: both summaries are recounted once
            // every article is placed.
            Some((old, was)) if old != story || was != ts => {
                recount.insert(old);
                recount.insert(story);
            }
            Some(_) => {}
            None => {
                joiners.push((id, story));
                touched.entry(story).or_default().joined += 1;
            }
        }
        touched.entry(story).or_default();
    }

    let changed: Vec<(&String, &(i64, i64))> = placed.iter().filter(|(id, p)| before.get(*id) != Some(p)).collect();
    if !changed.is_empty() {
        let ids: Vec<&str> = changed.iter().map(|(id, _)| id.as_str()).collect();
        let stories: Vec<i64> = changed.iter().map(|(_, p)| p.0).collect();
        let sort_ts: Vec<i64> = changed.iter().map(|(_, p)| p.1).collect();
        execute(
            tx,
            "INSERT INTO story_articles (article_id, story, sort_ts)
             SELECT * FROM unnest($1::text[], $2::bigint[], $3::bigint[])
             ON CONFLICT (article_id) DO UPDATE SET story = excluded.story, sort_ts = excluded.sort_ts",
            &[(&ids, Type::TEXT_ARRAY), (&stories, Type::INT8_ARRAY), (&sort_ts, Type::INT8_ARRAY)],
            "story_articles",
        )?;
    }
    for story in join(tx, &joiners)? {
        touched.entry(story).or_default().outlets = true;
    }
    Ok(())
}

/// The joiners of an update as statement parameters: `$1` their ids, `$2`
/// their stories, in order of placement (read back `WITH ORDINALITY` as
/// `j.n`, so that ties are settled as joining one by one settles them).
const JOINERS: &str = "unnest($1::text[], $2::bigint[]) WITH ORDINALITY AS j(id, story, n)
                       JOIN articles a ON a.id = j.id";

/// Adds new members to their stories' summaries, day and outlet counts, as
/// adding them one by one would (the first of equally early articles
/// names a story's first publication and an outlet; a new story is headed
/// by its first member's title). Returns the stories given a new (outlet,
/// country) row, whose outlet counts must be redone.
fn join(tx: &mut Transaction<'_>, joiners: &[(&str, i64)]) -> Result<BTreeSet<i64>> {
    if joiners.is_empty() {
        return Ok(BTreeSet::new());
    }
    let ids: Vec<&str> = joiners.iter().map(|j| j.0).collect();
    let stories: Vec<i64> = joiners.iter().map(|j| j.1).collect();
    let params: &[Param<'_>] = &[(&ids, Type::TEXT_ARRAY), (&stories, Type::INT8_ARRAY)];
    execute(
        tx,
        &format!(
            "INSERT INTO stories (id, first_ts, first_published, last_ts, last_published, articles, outlets, countries,
                                  headline)
             SELECT j.story,
                    MIN(a.published_ts), (array_agg(a.published ORDER BY a.published_ts ASC NULLS LAST, j.n))[1],
                    MAX(a.published_ts), (array_agg(a.published ORDER BY a.published_ts DESC NULLS LAST, j.n))[1],
                    COUNT(*), 0, '', (array_agg(a.title ORDER BY j.n))[1]
             FROM {JOINERS} GROUP BY j.story
             {ADD_TO_SUMMARY}"
        ),
        params,
        "joining stories",
    )?;
    execute(
        tx,
        &format!(
            "INSERT INTO story_days (story, day, articles)
             SELECT j.story, a.published_day, COUNT(*) FROM {JOINERS}
             WHERE a.published_day IS NOT NULL GROUP BY 1, 2
             ON CONFLICT (story, day) DO UPDATE SET articles = story_days.articles + excluded.articles"
        ),
        params,
        "story days",
    )?;
    // An (outlet, country) row that holds no more articles than joined it
    // now is new (rows hold at least one): the embedded store sees its
    // count at 1 after its first joiner.
    let rows = query(
        tx,
        &format!(
            "WITH joined AS (
                 SELECT j.story, coalesce(a.site_key, '') AS outlet, coalesce(a.country, '') AS country,
                        COUNT(*) AS articles,
                        (array_agg(a.site_name ORDER BY coalesce(a.published_ts, {UNDATED}), j.n))[1] AS name,
                        (array_agg(a.published ORDER BY coalesce(a.published_ts, {UNDATED}), j.n))[1] AS published,
                        MIN(coalesce(a.published_ts, {UNDATED})) AS first_ts
                 FROM {JOINERS} GROUP BY 1, 2, 3),
             counted AS (
                 INSERT INTO story_outlets (story, outlet, country, articles, name, first_published, first_ts)
                 SELECT story, outlet, country, articles, name, published, first_ts FROM joined
                 {ADD_TO_OUTLET}
                 RETURNING story_outlets.story, story_outlets.outlet, story_outlets.country, story_outlets.articles)
             SELECT DISTINCT c.story FROM counted c
             JOIN joined USING (story, outlet, country)
             WHERE c.articles = joined.articles"
        ),
        params,
        "story outlets",
    )?;
    rows.iter()
        .map(|r| r.try_get::<_, i64>(0))
        .collect::<std::result::Result<_, _>>()
        .ctx(|| "put_coverage: story outlets".into())
}

/// Merges stories, in order: each one's articles move to the story it is
/// merged into, stories merged into it earlier now live on there too, and
/// its summary is added to that story's (unless either is recounted, which
/// its merge partner then is too).
///
/// Done in three steps whatever the number of merges: where each story's
/// articles end up is followed through the merges in memory, and they are
/// moved there at once; `story_merges` is written likewise; and each
/// story's summary rows are replaced by the fold, in merge order, of the
/// summaries that end up in it.
fn merge(
    tx: &mut Transaction<'_>,
    merges: &[(StoryId, StoryId)],
    touched: &mut BTreeMap<i64, Touched>,
    recount: &mut BTreeSet<i64>,
) -> Result<()> {
    if merges.is_empty() {
        return Ok(());
    }
    let merges: Vec<(i64, i64)> =
        merges.iter().map(|&(from, into)| Ok((story_key(from)?, story_key(into)?))).collect::<Result<_>>()?;
    // The story that what is in `story` before merge `step` ends up in.
    let after = |mut story: i64, step: usize| {
        for &(from, into) in &merges[step..] {
            if story == from {
                story = into;
            }
        }
        story
    };
    // Only a story merged from can lose its articles (and merge records).
    let froms: BTreeSet<i64> = merges.iter().map(|m| m.0).collect();
    let (moved_from, moved_into): (Vec<i64>, Vec<i64>) =
        froms.iter().map(|&s| (s, after(s, 0))).filter(|(s, into)| s != into).unzip();

    // Each merged story's record, from its last merge: the story it went
    // into, or where that one went after.
    let mut last_merge: BTreeMap<i64, i64> = BTreeMap::new();
    for (step, &(from, into)) in merges.iter().enumerate() {
        last_merge.insert(from, after(into, step + 1));
    }
    let (merged, merged_into): (Vec<i64>, Vec<i64>) = last_merge.into_iter().unzip();
    if !moved_from.is_empty() {
        execute(
            tx,
            "UPDATE story_articles SET story = m.into_story
             FROM unnest($1::bigint[], $2::bigint[]) AS m(from_story, into_story)
             WHERE story_articles.story = m.from_story",
            &[(&moved_from, Type::INT8_ARRAY), (&moved_into, Type::INT8_ARRAY)],
            "moving merged articles",
        )?;
    }
    // The records of stories merged now are written over, the others
    // redirected: disjoint rows, so one statement.
    let now = Utc::now();
    execute(
        tx,
        "WITH redirected AS (
             UPDATE story_merges SET into_story = m.into_story
             FROM unnest($1::bigint[], $2::bigint[]) AS m(from_story, into_story)
             WHERE story_merges.into_story = m.from_story AND story_merges.from_story <> ALL($3::bigint[]))
         INSERT INTO story_merges (from_story, into_story, merged_at)
         SELECT from_story, into_story, $5 FROM unnest($3::bigint[], $4::bigint[]) AS n(from_story, into_story)
         ON CONFLICT (from_story) DO UPDATE SET into_story = excluded.into_story, merged_at = excluded.merged_at",
        &[
            (&moved_from, Type::INT8_ARRAY),
            (&moved_into, Type::INT8_ARRAY),
            (&merged, Type::INT8_ARRAY),
            (&merged_into, Type::INT8_ARRAY),
            (&now, Type::TIMESTAMPTZ),
        ],
        "recording merges",
    )?;

    // The summaries (as they were before the merges) that each story's
    // summary adds up, in order: a story's own first, then those merged
    // into it. A story merged away adds up none; merged into again, it
    // starts anew.
    let mut folds: BTreeMap<i64, Vec<i64>> = BTreeMap::new();
    for &(from, into) in &merges {
        // A story to be recounted anyway is not worth adding up: its merge
        // partner is recounted with it.
        if recount.contains(&from) || recount.contains(&into) {
            recount.insert(from);
            recount.insert(into);
        } else {
            let moving = folds.get(&from).cloned().unwrap_or_else(|| vec![from]);
            folds.entry(into).or_insert_with(|| vec![into]).extend(moving);
            folds.insert(from, Vec::new());
            touched.insert(into, Touched::REBUILT);
        }
        touched.remove(&from);
    }
    fold_summaries(tx, &folds)
}

/// Replaces the summary, outlet and day rows of the stories in `folds` by
/// the fold of the summaries listed for each (read as they stand), as
/// adding them one by one to the first does: counts summed, the earliest
/// (latest) publication and each outlet's first article kept from the
/// earlier summary in the list on a tie, the headline of the first. A
/// story's outlet and country counts stay its own (zero when it has none
/// of its own): they are redone once the update is written.
fn fold_summaries(tx: &mut Transaction<'_>, folds: &BTreeMap<i64, Vec<i64>>) -> Result<()> {
    if folds.is_empty() {
        return Ok(());
    }
    let stories: Vec<i64> = folds.keys().copied().collect();
    let (mut sources, mut targets, mut positions) = (Vec::new(), Vec::new(), Vec::new());
    for (&story, list) in folds {
        for (pos, &source) in list.iter().enumerate() {
            sources.push(source);
            targets.push(story);
            positions.push(pos as i64);
        }
    }
    let params: &[Param<'_>] = &[
        (&stories, Type::INT8_ARRAY),
        (&sources, Type::INT8_ARRAY),
        (&targets, Type::INT8_ARRAY),
        (&positions, Type::INT8_ARRAY),
    ];
    // `m.pos = 0 AND m.source = m.story`: the story's own summary, still in
    // place (the existing row the others are added to).
    const SOURCES: &str = "unnest($2::bigint[], $3::bigint[], $4::bigint[]) AS m(source, story, pos)";
    let fresh_outlets = format!(
        "SELECT m.story, o.outlet, o.country, SUM(o.articles)::bigint AS articles,
                (array_agg(o.name ORDER BY o.first_ts, m.pos))[1] AS name,
                (array_agg(o.first_published ORDER BY o.first_ts, m.pos))[1] AS first_published,
                MIN(o.first_ts) AS first_ts
         FROM {SOURCES} JOIN story_outlets o ON o.story = m.source
         GROUP BY m.story, o.outlet, o.country"
    );
    execute(tx, &replace_rows(&STORY_OUTLETS, &fresh_outlets), params, "merging story outlets")?;
    let fresh_days = format!(
        "SELECT m.story, d.day, SUM(d.articles)::bigint AS articles
         FROM {SOURCES} JOIN story_days d ON d.story = m.source
         GROUP BY m.story, d.day"
    );
    execute(tx, &replace_rows(&STORY_DAYS, &fresh_days), params, "merging story days")?;
    let fresh_summaries = format!(
        "SELECT m.story AS id,
                MIN(s.first_ts) AS first_ts,
                (array_agg(s.first_published ORDER BY s.first_ts ASC NULLS LAST, m.pos))[1] AS first_published,
                MAX(s.last_ts) AS last_ts,
                (array_agg(s.last_published ORDER BY s.last_ts DESC NULLS LAST, m.pos))[1] AS last_published,
                SUM(s.articles)::bigint AS articles,
                coalesce(MIN(s.outlets) FILTER (WHERE m.pos = 0 AND m.source = m.story), 0) AS outlets,
                coalesce(MIN(s.countries) FILTER (WHERE m.pos = 0 AND m.source = m.story), '') AS countries,
                (array_agg(s.headline ORDER BY m.pos))[1] AS headline
         FROM {SOURCES} JOIN stories s ON s.id = m.source
         GROUP BY m.story"
    );
    execute(tx, &replace_rows(&STORIES, &fresh_summaries), params, "merging story summaries")
}

/// Recomputes the summary rows, outlet and day counts of `stories` from
/// their articles (after an article moved between stories or changed its
/// date; deletes them when a story has none left).
fn recount_stories(tx: &mut Transaction<'_>, stories: &BTreeSet<i64>) -> Result<()> {
    if stories.is_empty() {
        return Ok(());
    }
    let stories: Vec<i64> = stories.iter().copied().collect();
    let params: &[Param<'_>] = &[(&stories, Type::INT8_ARRAY)];
    const MEMBERS: &str = "story_articles s JOIN articles a ON a.id = s.article_id WHERE s.story = ANY($1::bigint[])";
    // Each outlet is named after its first article: the earliest, ties to
    // the smallest id (what SQLite's bare columns beside MIN() take, the
    // rows being read along its (story, sort_ts, article_id) index).
    let fresh_outlets = format!(
        "SELECT s.story, coalesce(a.site_key, '') AS outlet, coalesce(a.country, '') AS country,
                COUNT(*) AS articles,
                (array_agg(a.site_name ORDER BY s.sort_ts, s.article_id COLLATE \"C\"))[1] AS name,
                (array_agg(a.published ORDER BY s.sort_ts, s.article_id COLLATE \"C\"))[1] AS first_published,
                MIN(s.sort_ts) AS first_ts
         FROM {MEMBERS} GROUP BY 1, 2, 3"
    );
    execute(tx, &replace_rows(&STORY_OUTLETS, &fresh_outlets), params, "recounting story outlets")?;
    let fresh_days = format!(
        "SELECT s.story, a.published_day AS day, COUNT(*) AS articles
         FROM {MEMBERS} AND a.published_day IS NOT NULL GROUP BY 1, 2"
    );
    execute(tx, &replace_rows(&STORY_DAYS, &fresh_days), params, "recounting story days")?;
    // The first (last) publication: the date, as stored, of the earliest
    // (latest) dated article, the smallest id among several. Outlets and
    // countries are counted, and the headline picked, by finish_stories.
    let fresh_summaries = format!(
        "SELECT s.story AS id,
                MIN(a.published_ts) AS first_ts,
                CASE WHEN MIN(a.published_ts) IS NOT NULL THEN
                    (array_agg(a.published ORDER BY a.published_ts ASC NULLS LAST, a.id COLLATE \"C\"))[1]
                END AS first_published,
                MAX(a.published_ts) AS last_ts,
                CASE WHEN MAX(a.published_ts) IS NOT NULL THEN
                    (array_agg(a.published ORDER BY a.published_ts DESC NULLS LAST, a.id COLLATE \"C\"))[1]
                END AS last_published,
                COUNT(*) AS articles, 0 AS outlets, '' AS countries, NULL::text AS headline
         FROM {MEMBERS} GROUP BY 1"
    );
    execute(tx, &replace_rows(&STORIES, &fresh_summaries), params, "recounting story summaries")
}

/// Brings touched stories' outlet and country counts up to date (from
/// `story_outlets`, one row per outlet) where they can have changed and,
/// while a story is small, its headline at the sizes in [`HEADLINE_AT`] (so
/// a story's headline settles once it has [`HEADLINE_TITLES`] articles, and
/// a batch never reads a long story's articles).
fn finish_stories(tx: &mut Transaction<'_>, touched: &BTreeMap<i64, Touched>) -> Result<()> {
    if touched.is_empty() {
        return Ok(());
    }
    let recounted: Vec<i64> = touched.iter().filter(|(_, t)| t.outlets).map(|(&s, _)| s).collect();
    count_outlets(tx, &recounted)?;
    let stories: Vec<i64> = touched.keys().copied().collect();
    let rows = query(
        tx,
        "SELECT id, articles, headline IS NULL FROM stories WHERE id = ANY($1::bigint[])",
        &[(&stories, Type::INT8_ARRAY)],
        "story sizes",
    )?;
    let mut due: Vec<i64> = Vec::new();
    for r in &rows {
        let read = |r: &Row| -> std::result::Result<(i64, i64, bool), postgres::Error> {
            Ok((r.try_get(0)?, r.try_get(1)?, r.try_get(2)?))
        };
        let (story, n, headless) = read(r).ctx(|| "put_coverage: story sizes".into())?;
        let t = touched[&story];
        let crossed = |at: &i64| n - t.joined < *at && *at <= n;
        if n <= HEADLINE_TITLES && (t.rebuilt || headless || HEADLINE_AT.iter().any(crossed)) {
            due.push(story);
        }
    }
    pick_headlines(tx, &due)
}

/// Counts stories' outlets and lists their countries from `story_outlets`.
fn count_outlets(tx: &mut Transaction<'_>, stories: &[i64]) -> Result<()> {
    if stories.is_empty() {
        return Ok(());
    }
    execute(
        tx,
        "UPDATE stories SET outlets = n.outlets, countries = n.countries
         FROM (SELECT t.id,
                      (SELECT COUNT(DISTINCT nullif(outlet, '')) FROM story_outlets WHERE story = t.id) AS outlets,
                      coalesce((SELECT string_agg(c, ',' ORDER BY c COLLATE \"C\")
                                FROM (SELECT DISTINCT country AS c FROM story_outlets
                                      WHERE story = t.id AND country <> '') d), '') AS countries
               FROM unnest($1::bigint[]) AS t(id)) n
         WHERE stories.id = n.id",
        &[(&stories, Type::INT8_ARRAY)],
        "story outlet counts",
    )
}

/// Picks the headlines of `stories`: the medoid of the titles of each one's
/// earliest [`HEADLINE_TITLES`] articles.
fn pick_headlines(tx: &mut Transaction<'_>, stories: &[i64]) -> Result<()> {
    if stories.is_empty() {
        return Ok(());
    }
    let rows = query(
        tx,
        "SELECT t.id, ARRAY(SELECT a.title FROM story_articles s JOIN articles a ON a.id = s.article_id
                            WHERE s.story = t.id AND a.title IS NOT NULL
                            ORDER BY a.published_ts ASC NULLS LAST, a.id COLLATE \"C\" LIMIT $2)
         FROM unnest($1::bigint[]) AS t(id)",
        &[(&stories, Type::INT8_ARRAY), (&HEADLINE_TITLES, Type::INT8)],
        "story titles",
    )?;
    let (mut ids, mut headlines): (Vec<i64>, Vec<Option<String>>) = (Vec::new(), Vec::new());
    for r in &rows {
        let read = |r: &Row| -> std::result::Result<(i64, Vec<String>), postgres::Error> {
            Ok((r.try_get(0)?, r.try_get(1)?))
        };
        let (story, titles) = read(r).ctx(|| "put_coverage: story titles".into())?;
        let refs: Vec<&str> = titles.iter().map(String::as_str).collect();
        ids.push(story);
        headlines.push(representative_title(&refs).map(|i| titles[i].clone()));
    }
    execute(
        tx,
        "UPDATE stories SET headline = u.headline FROM unnest($1::bigint[], $2::text[]) AS u(id, headline)
         WHERE stories.id = u.id",
        &[(&ids, Type::INT8_ARRAY), (&headlines, Type::TEXT_ARRAY)],
        "story headlines",
    )
}

pub(crate) fn watermark(client: &mut Client) -> Result<Option<DateTime<Utc>>> {
    let v: Option<String> = client
        .query_typed_opt("SELECT value FROM coverage_state WHERE key = 'watermark'", &[])
        .and_then(|r| r.map(|r| r.try_get(0)).transpose())
        .ctx(|| "coverage_watermark".into())?;
    v.map(|v| {
        DateTime::parse_from_rfc3339(&v)
            .map(|t| t.with_timezone(&Utc))
            .map_err(|e| backend(format!("coverage_watermark {v:?}: {e}")))
    })
    .transpose()
}

pub(crate) fn clear(client: &mut Client) -> Result<()> {
    let mut tx = client.transaction().ctx(|| "clear_coverage: begin".into())?;
    tx.batch_execute(LOCK).ctx(|| "clear_coverage: lock".into())?;
    // DELETE rather than TRUNCATE: readers of the old coverage are not
    // blocked, and the statement takes no lock stronger than a write's.
    tx.batch_execute(
        "DELETE FROM copies; DELETE FROM story_articles; DELETE FROM stories;
         DELETE FROM story_merges; DELETE FROM story_outlets; DELETE FROM story_days;
         DELETE FROM coverage_state;",
    )
    .ctx(|| "clear_coverage".into())?;
    tx.commit().ctx(|| "clear_coverage: commit".into())
}

/// The last `last` copy records by handle, newest first: (article id, band keys).
pub(crate) fn keys(client: &mut Client, last: usize) -> Result<Vec<(String, Vec<u64>)>> {
    let limit = i64::try_from(last).unwrap_or(i64::MAX);
    let rows = client
        .query_typed("SELECT article_id, band_keys FROM copies ORDER BY handle DESC LIMIT $1", &[(&limit, Type::INT8)])
        .ctx(|| "copy_keys".into())?;
    let mut out = Vec::with_capacity(rows.len());
    for row in &rows {
        let id: String = row.try_get(0).ctx(|| "copy_keys: id".into())?;
        let blob: Vec<u8> = row.try_get(1).ctx(|| format!("copy_keys {id}"))?;
        let chunks = blob.chunks_exact(8);
        if !chunks.remainder().is_empty() {
            return Err(StoreError::Corrupt { id, message: format!("{} bytes of bucket keys", blob.len()) });
        }
        let keys = chunks.map(|b| u64::from_le_bytes([b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7]])).collect();
        out.push((id, keys));
    }
    Ok(out)
}

pub(crate) fn group(client: &mut Client, id: &str) -> Result<Option<CopyGroup>> {
    let what = || format!("copy_group {id}");
    // One statement, so one snapshot: the group's name (its first stored
    // member, or the article itself when that one is gone) and its members
    // in store order. The article is a member of its own group, so no row
    // means it has no copy record.
    let rows = client
        .query_typed(
            "SELECT coalesce(f.article_id, c.article_id), m.article_id, m.similarity
             FROM copies c LEFT JOIN copies f ON f.handle = c.copy_group
             JOIN copies m ON m.copy_group = c.copy_group
             WHERE c.article_id = $1 ORDER BY m.handle",
            &[(&id, Type::TEXT)],
        )
        .ctx(what)?;
    let Some(first) = rows.first() else { return Ok(None) };
    let name: String = first.try_get(0).ctx(what)?;
    let members =
        rows.iter().map(|r| Ok((r.try_get(1)?, r.try_get(2)?))).collect::<std::result::Result<_, _>>().ctx(what)?;
    Ok(Some(CopyGroup { group: name, members }))
}

pub(crate) fn story_of(client: &mut Client, id: &str) -> Result<Option<StoryId>> {
    let s: Option<i64> = client
        .query_typed_opt("SELECT story FROM story_articles WHERE article_id = $1", &[(&id, Type::TEXT)])
        .and_then(|r| r.map(|r| r.try_get(0)).transpose())
        .ctx(|| format!("story_of {id}"))?;
    Ok(s.map(|s| s as StoryId))
}

/// What [`summary_from_row`] reads, the stories merged into each included
/// (so a summary is read in one statement: one round trip, one snapshot).
const SUMMARY_COLUMNS: &str = "id, headline, first_published, last_published, articles, outlets, countries,
    ARRAY(SELECT from_story FROM story_merges WHERE into_story = stories.id ORDER BY from_story)";

fn summary_from_row(row: &Row) -> Result<StorySummary> {
    let id: i64 = row.try_get(0).ctx(|| "read story".into())?;
    let what = || format!("read story {id}");
    let countries: String = row.try_get(6).ctx(what)?;
    let merged_from: Vec<i64> = row.try_get(7).ctx(what)?;
    Ok(StorySummary {
        id: id as StoryId,
        headline: row.try_get(1).ctx(what)?,
        first_published: row.try_get(2).ctx(what)?,
        last_published: row.try_get(3).ctx(what)?,
        articles: row.try_get::<_, i64>(4).ctx(what)? as u64,
        outlets: row.try_get::<_, i64>(5).ctx(what)? as u64,
        countries: countries.split(',').filter(|c| !c.is_empty()).map(str::to_owned).collect(),
        merged_from: merged_from.into_iter().map(|s| s as StoryId).collect(),
    })
}

pub(crate) fn story(client: &mut Client, id: StoryId) -> Result<Option<StorySummary>> {
    let id = story_key(id)?;
    // A merged story answers with the one it lives on in (story_merges
    // always points at the surviving one).
    let row = client
        .query_typed_opt(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM stories
                 WHERE id = coalesce((SELECT into_story FROM story_merges WHERE from_story = $1), $1)"
            ),
            &[(&id, Type::INT8)],
        )
        .ctx(|| format!("story {id}"))?;
    row.as_ref().map(summary_from_row).transpose()
}

pub(crate) fn story_articles(client: &mut Client, id: StoryId) -> Result<Vec<String>> {
    let id = story_key(id)?;
    client
        .query_typed(
            "SELECT article_id FROM story_articles WHERE story = $1 ORDER BY sort_ts, article_id COLLATE \"C\"",
            &[(&id, Type::INT8)],
        )
        .and_then(|rows| rows.iter().map(|r| r.try_get(0)).collect())
        .ctx(|| format!("story_articles {id}"))
}

pub(crate) fn story_members(client: &mut Client, id: StoryId, offset: usize, limit: usize) -> Result<Vec<StoryMember>> {
    let id = story_key(id)?;
    let (offset, limit) = (i64::try_from(offset).unwrap_or(i64::MAX), i64::try_from(limit).unwrap_or(i64::MAX));
    // Walks story_articles_in_order: the cost is the page's, not the story's.
    let rows = client
        .query_typed(
            "SELECT a.id, a.published, a.site_name, a.country, a.title, a.url,
                    CASE WHEN c.article_id IS NULL THEN NULL ELSE coalesce(f.article_id, c.article_id) END
             FROM story_articles s JOIN articles a ON a.id = s.article_id
             LEFT JOIN copies c ON c.article_id = a.id LEFT JOIN copies f ON f.handle = c.copy_group
             WHERE s.story = $1 ORDER BY s.sort_ts, s.article_id COLLATE \"C\" LIMIT $2 OFFSET $3",
            &[(&id, Type::INT8), (&limit, Type::INT8), (&offset, Type::INT8)],
        )
        .ctx(|| format!("story_members {id}"))?;
    rows.iter()
        .map(|r| {
            Ok(StoryMember {
                id: r.try_get(0)?,
                published: r.try_get(1)?,
                site_name: r.try_get(2)?,
                country: r.try_get(3)?,
                title: r.try_get(4)?,
                url: r.try_get(5)?,
                copy_group: r.try_get(6)?,
            })
        })
        .collect::<std::result::Result<_, _>>()
        .ctx(|| format!("story_members {id}"))
}

pub(crate) fn story_outlets(client: &mut Client, id: StoryId) -> Result<Vec<StoryOutlet>> {
    let id = story_key(id)?;
    let rows = client
        .query_typed(
            "SELECT name, nullif(country, ''), articles, first_published FROM story_outlets
             WHERE story = $1 ORDER BY first_ts, outlet COLLATE \"C\", country COLLATE \"C\"",
            &[(&id, Type::INT8)],
        )
        .ctx(|| format!("story_outlets {id}"))?;
    rows.iter()
        .map(|r| {
            Ok(StoryOutlet {
                name: r.try_get(0)?,
                country: r.try_get(1)?,
                articles: r.try_get::<_, i64>(2)? as u64,
                first_published: r.try_get(3)?,
            })
        })
        .collect::<std::result::Result<_, _>>()
        .ctx(|| format!("story_outlets {id}"))
}

pub(crate) fn story_days(client: &mut Client, id: StoryId) -> Result<Vec<(String, u64)>> {
    let id = story_key(id)?;
    client
        .query_typed(
            "SELECT day, articles FROM story_days WHERE story = $1 ORDER BY day COLLATE \"C\"",
            &[(&id, Type::INT8)],
        )
        .and_then(|rows| rows.iter().map(|r| Ok((r.try_get(0)?, r.try_get::<_, i64>(1)? as u64))).collect())
        .ctx(|| format!("story_days {id}"))
}

pub(crate) fn stories(client: &mut Client, q: &StoryQuery) -> Result<Vec<StorySummary>> {
    let since = q.since.map(|d| d.and_time(NaiveTime::MIN).and_utc().timestamp());
    // No limit: LIMIT NULL.
    let limit = q.limit.map(|l| i64::try_from(l).unwrap_or(i64::MAX));
    let min = i64::try_from(q.min_articles).unwrap_or(i64::MAX);
    // Most recently active first, undated stories last, newer ids first.
    let rows = client
        .query_typed(
            &format!(
                "SELECT {SUMMARY_COLUMNS} FROM stories
                 WHERE articles >= $1 AND ($2::bigint IS NULL OR last_ts >= $2)
                 ORDER BY last_ts DESC NULLS LAST, id DESC LIMIT $3"
            ),
            &[(&min, Type::INT8), (&since, Type::INT8), (&limit, Type::INT8)],
        )
        .ctx(|| "stories".into())?;
    rows.iter().map(summary_from_row).collect()
}

pub(crate) fn recent(client: &mut Client, window_secs: i64) -> Result<Vec<StoryId>> {
    // SQLite answers a UNION in ascending order (it dedups through a
    // B-tree); PostgreSQL is told to.
    client
        .query_typed(
            "SELECT id FROM stories WHERE last_ts >= (SELECT MAX(last_ts) FROM stories) - $1
             UNION
             SELECT id FROM (SELECT id FROM stories WHERE last_ts IS NULL ORDER BY id DESC LIMIT $2) u
             ORDER BY 1",
            &[(&window_secs, Type::INT8), (&UNDATED_RECENT, Type::INT8)],
        )
        .and_then(|rows| rows.iter().map(|r| r.try_get::<_, i64>(0).map(|s| s as StoryId)).collect())
        .ctx(|| "recent_stories".into())
}

pub(crate) fn next_story_id(client: &mut Client) -> Result<StoryId> {
    let max: Option<i64> = client
        .query_typed_one(
            "SELECT MAX(m) FROM (SELECT MAX(id) AS m FROM stories UNION ALL SELECT MAX(from_story) FROM story_merges
                                 UNION ALL SELECT MAX(story) FROM story_articles) ids",
            &[],
        )
        .and_then(|r| r.try_get(0))
        .ctx(|| "next_story_id".into())?;
    Ok(max.map_or(1, |m| m as StoryId + 1))
}

/// The embedded store's coverage tests, on PostgreSQL. Each test works in a
/// schema of its own, dropped when it passes. They need a server: set
/// `NEWSDESK_TEST_PG` to a database URL (`postgres://postgres@127.0.0.1:5432/test`).
#[cfg(test)]
mod tests {
    use newsdesk_model::{Article, Block, BlockKind, PubDate};
    use newsdesk_store::{PageRecord, Store};
    use postgres::NoTls;

    use super::*;
    use crate::PgStore;

    /// A schema of a test's own, dropped when the test ends (passed or not).
    struct Schema {
        admin: Client,
        name: String,
    }

    impl Drop for Schema {
        fn drop(&mut self) {
            if let Err(e) = self.admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.name)) {
                eprintln!("dropping schema {}: {e}", self.name);
            }
        }
    }

    /// A store in a fresh schema named after the test; `None` (and a
    /// message) without a server to test on.
    fn fresh(name: &str) -> Option<(PgStore, Schema)> {
        let Ok(base) = std::env::var("NEWSDESK_TEST_PG") else {
            eprintln!("skipping {name}: set NEWSDESK_TEST_PG to a PostgreSQL URL to run it");
            return None;
        };
        let name = format!("coverage_test_{name}_{}", std::process::id());
        let mut admin = Client::connect(&base, NoTls).expect("connect");
        admin.batch_execute(&format!("DROP SCHEMA IF EXISTS {name} CASCADE; CREATE SCHEMA {name}")).unwrap();
        let schema = Schema { admin, name };
        let sep = if base.contains('?') { '&' } else { '?' };
        let store = PgStore::connect(&format!("{base}{sep}options=-csearch_path%3D{}", schema.name)).expect("store");
        Some((store, schema))
    }

    fn dated(id: &str, site: Option<&str>, published: Option<&str>) -> Article {
        let mut a = Article::new(id.into());
        a.title = Some(format!("Title {id}"));
        a.blocks = vec![Block::new(BlockKind::Paragraph, format!("Body of {id}."))];
        a.finish_text();
        a.site_name = site.map(Into::into);
        a.published = published.map(|p| PubDate::parse(p).unwrap());
        a
    }

    fn put(store: &mut PgStore, articles: &[Article]) {
        let batch: Vec<_> = articles.iter().map(|a| PageRecord::new(a.clone())).collect();
        store.put_batch(&batch).unwrap();
    }

    fn copy(id: &str, of: Option<&str>, keys: &[u64]) -> CopyRecord {
        CopyRecord {
            article_id: id.into(),
            copy_of: of.map(Into::into),
            similarity: if of.is_some() { 0.8 } else { 1.0 },
            band_keys: keys.to_vec(),
        }
    }

    fn keys(store: &PgStore, last: usize) -> Vec<(String, Vec<u64>)> {
        let mut v = Vec::new();
        store
            .copy_keys(last, &mut |id, k| {
                v.push((id.to_owned(), k));
                Ok(())
            })
            .unwrap();
        v
    }

    /// What reading every member of a story says of its outlets and days:
    /// what the counts kept at ingest must say.
    fn counted_from_members(store: &PgStore, story: u64) -> (Vec<StoryOutlet>, Vec<(String, u64)>) {
        let members = store.story_members(story, 0, usize::MAX).unwrap();
        (newsdesk_store::outlets_of(&members), newsdesk_store::days_of(&members))
    }

    fn assert_counts_kept(store: &PgStore, stories: &[u64], when: &str) {
        for &s in stories {
            let kept = (store.story_outlets(s).unwrap(), store.story_days(s).unwrap());
            assert_eq!(kept, counted_from_members(store, s), "story {s} {when}");
        }
    }

    #[test]
    fn one_update_settles_as_record_by_record() {
        let Some((mut store, _schema)) = fresh("order") else { return };
        let arts = vec![
            dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
            dated("b", Some("Wire"), Some("2024-03-05T09:00:00+01:00")),
            dated("c", Some("Daily"), Some("2024-03-06T09:00:00Z")),
            dated("d", None, None),
        ];
        put(&mut store, &arts);
        store
            .put_coverage(&CoverageUpdate {
                copies: vec![
                    copy("b", Some("c"), &[1]),
                    copy("c", None, &[2]),
                    copy("d", Some("b"), &[3]),
                    copy("a", None, &[4]),
                    copy("b", Some("a"), &[5]),
                ],
                placements: vec![
                    ("a".into(), 1),
                    ("b".into(), 1),
                    ("c".into(), 2),
                    ("a".into(), 1),
                    ("d".into(), 2),
                    ("b".into(), 2),
                ],
                ..Default::default()
            })
            .unwrap();
        // "c" had no record yet when "b" named it: "b" opened a group of its
        // own, which "d" joined; "b" then went to "a"'s.
        let b = store.copy_group("b").unwrap().unwrap();
        assert_eq!((b.group.as_str(), b.members), ("a", vec![("b".to_owned(), 0.8), ("a".to_owned(), 1.0)]));
        let d = store.copy_group("d").unwrap().unwrap();
        assert_eq!((d.group.as_str(), d.members.len()), ("b", 1));
        assert_eq!(store.copy_group("c").unwrap().unwrap().group, "c");
        assert_eq!(keys(&store, 10).iter().map(|(id, _)| id.as_str()).collect::<Vec<_>>(), ["a", "d", "c", "b"]);
        assert_eq!(store.story_articles(1).unwrap(), ["a"]);
        assert_eq!(store.story_articles(2).unwrap(), ["b", "c", "d"]);
        assert_counts_kept(&store, &[1, 2], "after placing");
        let s2 = store.story(2).unwrap().unwrap();
        assert_eq!((s2.articles, s2.outlets), (3, 2));
        assert_eq!(s2.first_published.as_deref(), Some("2024-03-05T09:00:00+01:00"));

        // 2 into 3 into 1; then 1 into 4 and back: all in story 1.
        store.put_coverage(&CoverageUpdate { story_merges: vec![(2, 3), (3, 1)], ..Default::default() }).unwrap();
        assert_counts_kept(&store, &[1], "after a chain of merges");
        let s1 = store.story(1).unwrap().unwrap();
        assert_eq!((s1.articles, s1.outlets, s1.merged_from.clone()), (4, 2, vec![2, 3]));
        // The two equally early articles: the one in the story merged into
        // names its first publication.
        assert_eq!(s1.first_published.as_deref(), Some("2024-03-05T08:00:00Z"));
        store.put_coverage(&CoverageUpdate { story_merges: vec![(1, 4), (4, 1)], ..Default::default() }).unwrap();
        assert_counts_kept(&store, &[1, 4], "after merging away and back");
        let s1 = store.story(1).unwrap().unwrap();
        assert_eq!((s1.id, s1.articles, s1.outlets), (1, 4, 2));
        assert_eq!(s1.first_published.as_deref(), Some("2024-03-05T08:00:00Z"));
        assert!(store.story_outlets(4).unwrap().is_empty());
        assert_eq!(store.story_articles(1).unwrap().len(), 4);
    }

    /// Placing an article that is not stored fails, and the whole update
    /// with it.
    #[test]
    fn an_unknown_article_fails_the_update() {
        let Some((mut store, _schema)) = fresh("unknown") else { return };
        put(&mut store, &[dated("a", Some("Wire"), None)]);
        let update = CoverageUpdate {
            copies: vec![copy("a", None, &[1])],
            placements: vec![("a".into(), 1), ("ghost".into(), 1)],
            ..Default::default()
        };
        let err = store.put_coverage(&update).unwrap_err().to_string();
        assert!(err.contains("ghost"), "{err}");
        assert_eq!(store.story_of("a").unwrap(), None);
        assert!(keys(&store, 10).is_empty());
    }
}
