//! Reading the store: `show`, `list`, `export`, `stats`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use newsdesk_analysis::{ArticleAnalyzer, ANALYZER};
use newsdesk_store::{ListQuery, Store, StoreError, StoredArticle};
use newsdesk_store_sqlite::{SqliteStore, DB_FILE};

use crate::{render, ExportFormat, ListFormat, ShowFormat, StatsFormat};

/// `--data`, else `NEWSDESK_DATA` (clap reads both), else the platform data dir.
pub fn data_dir(given: Option<PathBuf>) -> anyhow::Result<PathBuf> {
    match given {
        Some(d) => Ok(d),
        None => dirs::data_dir()
            .map(|d| d.join("newsdesk"))
            .context("no data directory: pass --data DIR or set NEWSDESK_DATA"),
    }
}

/// Where the store is: the embedded one in a data directory, or a
/// PostgreSQL database shared by workers (`--store postgres://...`).
pub enum StoreAt {
    Dir(PathBuf),
    Postgres(String),
}

impl StoreAt {
    /// `--store` when given (it must be a PostgreSQL URL), else the data
    /// directory.
    pub fn resolve(data: Option<PathBuf>, store: Option<String>) -> anyhow::Result<StoreAt> {
        match store {
            Some(url) => Ok(StoreAt::Postgres(crate::scale::postgres_url(Some(&url), "--store")?)),
            None => data_dir(data).map(StoreAt::Dir),
        }
    }
}

/// Opens an existing store of either kind for reading commands.
pub fn open_reading(at: &StoreAt) -> anyhow::Result<Box<dyn Store>> {
    Ok(match at {
        StoreAt::Dir(d) => Box::new(open_existing(d)?),
        StoreAt::Postgres(url) => {
            Box::new(newsdesk_store_postgres::PgStore::connect(url).context("opening the PostgreSQL store")?)
        }
    })
}

/// Opens an existing store; reading commands never create an empty one.
pub fn open_existing(data: &Path) -> anyhow::Result<SqliteStore> {
    if !data.join(DB_FILE).exists() {
        bail!("no store in {} (run `newsdesk ingest` first, or pass --data DIR)", data.display());
    }
    SqliteStore::open(data).with_context(|| format!("opening the store in {}", data.display()))
}

pub fn show(at: &StoreAt, id: &str, format: ShowFormat) -> anyhow::Result<ExitCode> {
    let store = open_reading(at)?;
    let Some(stored) = store.get(id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let mut out = std::io::stdout().lock();
    match format {
        ShowFormat::Json => {
            // The stored analysis, or one made now for an article stored
            // before it was analysed (showing writes nothing).
            let analysis: serde_json::Value = match store.analysis(ANALYZER, id)? {
                Some(json) => serde_json::from_str(&json).with_context(|| format!("stored analysis of {id}"))?,
                None => serde_json::to_value(ArticleAnalyzer::default().analyze(&stored.article))?,
            };
            let mut value = serde_json::to_value(&stored)?;
            if let serde_json::Value::Object(o) = &mut value {
                o.insert("analysis".into(), analysis);
            }
            writeln!(out, "{}", serde_json::to_string_pretty(&value)?)?
        }
        ShowFormat::Text => writeln!(out, "{}", render::text(&stored.article))?,
        ShowFormat::Markdown => writeln!(out, "{}", render::markdown(&stored.article))?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn list(
    at: &StoreAt,
    source: Option<String>,
    since: Option<chrono::NaiveDate>,
    limit: usize,
    format: ListFormat,
) -> anyhow::Result<ExitCode> {
    let store = open_reading(at)?;
    let query = ListQuery { source, since, limit: Some(limit), ..Default::default() };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    if let ListFormat::Table = format {
        writeln!(out, "{:<16}  {:<10}  {:<20}  TITLE", "ID", "PUBLISHED", "SOURCE")?;
    }
    scan_with(&*store, &query, |a| match format {
        ListFormat::Table => {
            let art = &a.article;
            let day = art.published.map(|p| p.day().to_string()).unwrap_or_default();
            writeln!(
                out,
                "{:<16}  {:<10}  {:<20}  {}",
                art.id,
                day,
                render::clip(art.site_name.as_deref().unwrap_or(""), 20),
                render::clip(art.title.as_deref().unwrap_or("(untitled)"), 80)
            )
        }
        ListFormat::Jsonl => writeln!(out, "{}", serde_json::to_string(&a).unwrap_or_default()),
    })?;
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn export(at: &StoreAt, format: ExportFormat) -> anyhow::Result<ExitCode> {
    let store = open_reading(at)?;
    let query = ListQuery::default();
    let stdout = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        ExportFormat::Jsonl => {
            let mut out = stdout;
            scan_with(&*store, &query, |a| writeln!(out, "{}", serde_json::to_string(&a).unwrap_or_default()))?;
            out.flush()?;
        }
        ExportFormat::Csv => {
            let mut w = csv::Writer::from_writer(stdout);
            w.write_record(CSV_HEADER)?;
            scan_with(&*store, &query, |a| w.write_record(csv_row(&a)))?;
            w.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

const CSV_HEADER: [&str; 15] = [
    "id",
    "url",
    "canonical_url",
    "title",
    "authors",
    "published",
    "modified",
    "site_name",
    "language",
    "country",
    "word_count",
    "image",
    "first_seen",
    "last_changed",
    "text",
];

fn csv_row(s: &StoredArticle) -> [String; 15] {
    let a = &s.article;
    let opt = |o: &Option<String>| o.clone().unwrap_or_default();
    [
        a.id.clone(),
        opt(&a.url),
        opt(&a.canonical_url),
        opt(&a.title),
        a.authors.join("; "),
        a.published.map(|p| p.to_string()).unwrap_or_default(),
        a.modified.map(|p| p.to_string()).unwrap_or_default(),
        opt(&a.site_name),
        opt(&a.language),
        opt(&a.country),
        a.word_count.to_string(),
        opt(&a.image),
        s.first_seen.to_rfc3339(),
        s.last_changed.to_rfc3339(),
        a.text.clone(),
    ]
}

pub fn stats(at: &StoreAt, format: StatsFormat) -> anyhow::Result<ExitCode> {
    let store = open_reading(at)?;
    let s = store.stats()?;
    let mut out = std::io::stdout().lock();
    match format {
        StatsFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&s)?)?,
        StatsFormat::Text => {
            writeln!(out, "articles        {}", s.articles)?;
            writeln!(out, "versions        {}", s.versions)?;
            writeln!(out, "words           {}", s.words)?;
            writeln!(out, "raw pages       {} ({} bytes compressed)", s.with_raw_html, s.raw_html_bytes)?;
            if let (Some(o), Some(n)) = (&s.oldest_published, &s.newest_published) {
                writeln!(out, "published       {o} .. {n}")?;
            }
            for (title, rows) in [("sources", &s.sources), ("languages", &s.languages)] {
                writeln!(out, "{title}:")?;
                for (name, n) in rows {
                    writeln!(out, "  {n:>8}  {name}")?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Runs `visit` over a streamed scan, stopping at its first error and
/// returning that error itself (so a closed pipe is recognised as one rather
/// than reported as a store failure).
pub fn scan_with<E>(
    store: &dyn Store,
    query: &ListQuery,
    mut visit: impl FnMut(StoredArticle) -> Result<(), E>,
) -> anyhow::Result<()>
where
    E: std::error::Error + Send + Sync + 'static,
{
    let mut failure: Option<E> = None;
    let scanned = store.scan(query, &mut |a| {
        visit(a).map_err(|e| {
            let message = e.to_string();
            failure = Some(e);
            StoreError::Backend { backend: "output", message }
        })
    });
    match (scanned, failure) {
        (_, Some(e)) => Err(e.into()),
        (Err(e), None) => Err(e.into()),
        (Ok(()), None) => Ok(()),
    }
}
