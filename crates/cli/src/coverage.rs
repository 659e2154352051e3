//! Copy groups and stories as the store keeps them: bringing them up to
//! date, and `copies`, `stories`, `story`.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_coverage::{copy_chain, story_page, Coverage, CoverageConfig, StoryPage};
use newsdesk_store::{Store, StoryQuery};
use newsdesk_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::browse::{open_existing, open_reading, StoreAt};
use crate::progress::Progress;
use crate::{render, SearchFormat};

/// Gives coverage to any article of `store` still without it (after a
/// crash, or a store written before coverage existed) and returns the
/// follower, which owns the connection.
pub fn open_current(store: SqliteStore) -> anyhow::Result<Coverage<SqliteStore>> {
    let (coverage, n) = with_progress(store, false)?;
    if n > 0 {
        eprintln!("coverage: {n} stored articles given their copy group and story");
    }
    Ok(coverage)
}

/// Drops copy groups and stories and rebuilds them from every stored
/// article in publication order.
pub fn rebuild(data: &Path) -> anyhow::Result<u64> {
    Ok(with_progress(open_existing(data)?, true)?.1)
}

/// Catches up (or, with `rebuild`, rebuilds) with a progress bar.
fn with_progress(store: SqliteStore, rebuild: bool) -> anyhow::Result<(Coverage<SqliteStore>, u64)> {
    let mut coverage = Coverage::new(store, CoverageConfig::default())?;
    let mut progress = Progress::new("articles grouped into copies and stories");
    let mut tick = |done, _| progress.set(done);
    let n = if rebuild {
        coverage.rebuild(&mut tick).context("rebuilding copy groups and stories")?
    } else {
        coverage.catch_up(&mut tick).context("bringing copy groups and stories up to date")?
    };
    progress.finish();
    Ok((coverage, n))
}

/// The store, its copy groups and stories brought up to date. A PostgreSQL
/// store is kept up to date by the worker holding the clustering lock.
fn open_covered(at: &StoreAt) -> anyhow::Result<Box<dyn Store>> {
    match at {
        StoreAt::Dir(data) => Ok(Box::new(open_current(open_existing(data)?)?.into_store())),
        StoreAt::Postgres(_) => open_reading(at),
    }
}

/// `newsdesk copies ID`: the article's copy group as stored at ingest,
/// earliest published first (the provenance chain).
pub fn copies(at: &StoreAt, id: &str, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(at)?;
    let Some(rows) = copy_chain(&*store, id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let first = rows[0].id.clone();
    write_rows(format, &rows, |out| {
        for r in &rows {
            writeln!(
                out,
                "{:<16}  {:<25}  {:<20}  {:>5.2}  {}",
                r.id,
                render::clip(r.published.as_deref().unwrap_or("(undated)"), 25),
                render::clip(r.source.as_deref().unwrap_or(""), 20),
                r.similarity,
                render::clip(r.title.as_deref().unwrap_or("(untitled)"), 70)
            )?;
        }
        writeln!(out, "({} copies of {first}, the first published)", rows.len() - 1)
    })
}

/// Writes `rows` as one JSON array, as JSON lines, or as `table` draws them.
fn write_rows<T: Serialize>(
    format: SearchFormat,
    rows: &[T],
    table: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
) -> anyhow::Result<ExitCode> {
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        SearchFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(rows)?)?,
        SearchFormat::Jsonl => {
            for r in rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        SearchFormat::Table => table(&mut out)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// `newsdesk stories`: stories, most recently active first.
pub fn stories(at: &StoreAt, query: &StoryQuery, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(at)?;
    let stories = store.stories(query)?;
    write_rows(format, &stories, |out| {
        for s in &stories {
            writeln!(
                out,
                "{:>8}  {:<10}  {:<10}  {:>5} art  {:>4} outlets  {}",
                s.id,
                day(s.first_published.as_deref()),
                day(s.last_published.as_deref()),
                s.articles,
                s.outlets,
                render::clip(s.headline.as_deref().unwrap_or("(untitled)"), 80)
            )?;
        }
        writeln!(out, "({} stories)", stories.len())
    })
}

fn day(published: Option<&str>) -> &str {
    published.map(|p| p.get(..10).unwrap_or(p)).unwrap_or("(undated)")
}

/// `newsdesk story ID`: a story's articles in publication order, its
/// outlets and its timeline.
pub fn story(at: &StoreAt, id: u64, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(at)?;
    let Some(page) = story_page(&*store, id, 0, usize::MAX)? else {
        eprintln!("newsdesk: no story with id {id}");
        return Ok(ExitCode::from(1));
    };
    if page.story.id != id {
        eprintln!("story {id} was merged into story {}", page.story.id);
    }
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        SearchFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&page)?)?,
        SearchFormat::Jsonl => {
            for a in &page.articles {
                writeln!(out, "{}", serde_json::to_string(a)?)?;
            }
        }
        SearchFormat::Table => write_story(&mut out, &page)?,
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn write_story(out: &mut impl Write, page: &StoryPage) -> std::io::Result<()> {
    let s = &page.story;
    writeln!(out, "Story {}: {}", s.id, s.headline.as_deref().unwrap_or("(untitled)"))?;
    writeln!(
        out,
        "{} articles from {} outlets, {} to {}{}",
        s.articles,
        s.outlets,
        day(s.first_published.as_deref()),
        day(s.last_published.as_deref()),
        if s.countries.is_empty() { String::new() } else { format!("; countries: {}", s.countries.join(", ")) }
    )?;
    if !s.merged_from.is_empty() {
        let merged: Vec<String> = s.merged_from.iter().map(u64::to_string).collect();
        writeln!(out, "merged from stories {}", merged.join(", "))?;
    }
    writeln!(out, "\nArticles (earliest first; copies marked):")?;
    for a in &page.articles {
        let mark = a.copy_of.as_deref().map(|c| format!("  [copy of {c}]")).unwrap_or_default();
        writeln!(
            out,
            "{:<16}  {:<25}  {:<20}  {}{mark}",
            a.id,
            render::clip(a.published.as_deref().unwrap_or("(undated)"), 25),
            render::clip(a.source.as_deref().unwrap_or(""), 20),
            render::clip(a.title.as_deref().unwrap_or("(untitled)"), 70)
        )?;
    }
    writeln!(out, "\nOutlets (by first article):")?;
    for o in &page.outlets {
        writeln!(out, "{:<30}  {:>4}  {}", render::clip(&o.name, 30), o.articles, day(o.first_published.as_deref()))?;
    }
    writeln!(out, "\nTimeline:")?;
    let most = page.timeline.iter().map(|(_, n)| *n).max().unwrap_or(1);
    for (d, n) in &page.timeline {
        let bar = "#".repeat(((*n * 40).div_ceil(most)) as usize);
        writeln!(out, "{d}  {n:>5}  {bar}")?;
    }
    Ok(())
}
