//! Copy groups and stories as the store keeps them: bringing them up to
//! date, and `copies`, `stories`, `story`.

use std::collections::{BTreeMap, HashMap};
use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_dedup::{Doc, Sketch};
use newsdesk_model::Article;
use newsdesk_store::{Store, StoryQuery, StorySummary};
use newsdesk_store_sqlite::SqliteStore;
use serde::Serialize;

use crate::browse::open_existing;
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

/// The store in `data`, its copy groups and stories brought up to date.
fn open_covered(data: &Path) -> anyhow::Result<SqliteStore> {
    Ok(open_current(open_existing(data)?)?.into_store())
}

/// One member of a copy group, as `newsdesk copies` prints it.
#[derive(Serialize)]
struct CopyMember {
    id: String,
    published: Option<String>,
    source: Option<String>,
    title: Option<String>,
    url: Option<String>,
    /// The first published (the original, as far as the store knows).
    canonical: bool,
    copy_of: Option<String>,
    /// Similarity to the canonical member (1 for itself).
    similarity: f64,
}

/// `newsdesk copies ID`: the article's copy group as stored at ingest,
/// earliest published first (the provenance chain).
pub fn copies(data: &Path, id: &str, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(data)?;
    let Some(group) = store.copy_group(id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let mut members: Vec<Article> = Vec::with_capacity(group.members.len());
    for (member, _) in &group.members {
        if let Some(s) = store.get(member)? {
            members.push(s.article);
        }
    }
    members.sort_by(|a, b| Doc::from_article(a).publication_order(&Doc::from_article(b)));
    let config = newsdesk_dedup::Config::default();
    let canonical = Sketch::new(&members[0].text, &config);
    let first = members[0].id.clone();
    let rows: Vec<CopyMember> = members
        .into_iter()
        .enumerate()
        .map(|(k, a)| CopyMember {
            similarity: if k == 0 { 1.0 } else { canonical.similarity(&Sketch::new(&a.text, &config), &config) },
            canonical: k == 0,
            copy_of: (k > 0).then(|| first.clone()),
            published: a.published.as_ref().map(|p| p.to_string()),
            source: a.site_name,
            title: a.title,
            url: a.url,
            id: a.id,
        })
        .collect();
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
pub fn stories(data: &Path, query: &StoryQuery, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(data)?;
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

#[derive(Serialize)]
struct StoryArticle {
    id: String,
    published: Option<String>,
    source: Option<String>,
    country: Option<String>,
    title: Option<String>,
    url: Option<String>,
    /// The earliest-published article of the story with the same text, when
    /// this one is a syndicated copy of it.
    copy_of: Option<String>,
}

#[derive(Serialize)]
struct Outlet {
    name: String,
    articles: u64,
    first_published: Option<String>,
}

#[derive(Serialize)]
struct StoryPage {
    story: StorySummary,
    articles: Vec<StoryArticle>,
    /// Outlets by their first article in the story.
    outlets: Vec<Outlet>,
    /// Articles per day (in each source's own time zone).
    timeline: Vec<(String, u64)>,
}

/// `newsdesk story ID`: a story's articles in publication order, its
/// outlets and its timeline.
pub fn story(data: &Path, id: u64, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_covered(data)?;
    let Some(summary) = store.story(id)? else {
        eprintln!("newsdesk: no story with id {id}");
        return Ok(ExitCode::from(1));
    };
    if summary.id != id {
        eprintln!("story {id} was merged into story {}", summary.id);
    }
    let mut articles = Vec::new();
    // The first member seen (earliest published) of each copy group.
    let mut first_of_group: HashMap<String, String> = HashMap::new();
    let mut outlets: Vec<Outlet> = Vec::new();
    let mut timeline: BTreeMap<String, u64> = BTreeMap::new();
    for member in store.story_articles(summary.id)? {
        let Some(s) = store.get(&member)? else { continue };
        let a = s.article;
        let copy_of = match store.copy_group(&a.id)? {
            Some(g) => match first_of_group.get(&g.group) {
                Some(first) => Some(first.clone()),
                None => {
                    first_of_group.insert(g.group, a.id.clone());
                    None
                }
            },
            None => None,
        };
        let published = a.published.as_ref().map(|p| p.to_string());
        if let Some(p) = &a.published {
            *timeline.entry(p.day().to_string()).or_default() += 1;
        }
        let name = a.site_name.clone().unwrap_or_else(|| "(unknown outlet)".into());
        match outlets.iter_mut().find(|o| o.name == name) {
            Some(o) => o.articles += 1,
            None => outlets.push(Outlet { name, articles: 1, first_published: published.clone() }),
        }
        articles.push(StoryArticle {
            id: a.id,
            published,
            source: a.site_name,
            country: a.country,
            title: a.title,
            url: a.url,
            copy_of,
        });
    }
    let page = StoryPage { story: summary, articles, outlets, timeline: timeline.into_iter().collect() };
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
