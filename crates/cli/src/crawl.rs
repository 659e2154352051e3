//! `newsdesk sources`, `fetch` and `watch`: the crawler on the command line.

use std::path::Path;
use std::process::ExitCode;
use std::sync::atomic::Ordering;
use std::time::Instant;

use anyhow::Context;
use chrono::{DateTime, Utc};
use newsdesk_crawl::{CrawlConfig, CrawlFollower, Crawler, PollReport};
use newsdesk_ingest::{IngestEvent, IngestSummary, Ingester};
use newsdesk_store::{CrawlStore, Follower, NewSource, PageRecord, Store, UrlRecord};
use newsdesk_store_sqlite::SqliteStore;

use crate::browse::StoreAt;
use crate::index::Followers;
use crate::ingest::{settle, with_followers};
use crate::progress::Progress;
use crate::StatsFormat;

/// The settings file in the data directory; its `[crawl]` table is a
/// [`CrawlConfig`] (with `[crawl.fetch]` for HTTP).
pub const CONFIG_FILE: &str = "newsdesk.toml";

#[derive(serde::Deserialize, Default)]
#[serde(deny_unknown_fields)]
struct FileConfig {
    #[serde(default)]
    crawl: CrawlConfig,
    #[serde(default)]
    server: newsdesk_server::ServerConfig,
}

/// The settings file, or the defaults when there is none.
fn read_config_file(data: &Path) -> anyhow::Result<FileConfig> {
    let path = data.join(CONFIG_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) => toml::from_str::<FileConfig>(&text).with_context(|| format!("reading {}", path.display())),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(FileConfig::default()),
        Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
    }
}

/// The `[server]` table of the settings file.
pub fn load_server_config(data: &Path) -> anyhow::Result<newsdesk_server::ServerConfig> {
    Ok(read_config_file(data)?.server)
}

/// Command-line overrides of the crawl settings.
#[derive(Debug, Clone, Default)]
pub struct CrawlFlags {
    pub allow_private: bool,
    pub user_agent: Option<String>,
    pub host_delay_secs: Option<f64>,
}

/// The settings: defaults, then `newsdesk.toml`, then the flags.
pub fn load_config(data: &Path, flags: &CrawlFlags) -> anyhow::Result<CrawlConfig> {
    load_config_from(Some(data), flags)
}

/// [`load_config`] for a process that may have no data directory (a worker
/// or scheduler on a shared store): defaults and the flags then.
pub fn load_config_from(data: Option<&Path>, flags: &CrawlFlags) -> anyhow::Result<CrawlConfig> {
    let mut config = match data {
        Some(d) => read_config_file(d)?.crawl,
        None => CrawlConfig::default(),
    };
    config.fetch.allow_private |= flags.allow_private;
    if let Some(ua) = &flags.user_agent {
        config.fetch.user_agent = ua.clone();
    }
    if let Some(d) = flags.host_delay_secs {
        config.fetch.host_delay_secs = d;
    }
    Ok(config)
}

fn open_state(data: &Path) -> anyhow::Result<SqliteStore> {
    SqliteStore::open(data).with_context(|| format!("opening the store in {}", data.display()))
}

/// The sources and crawl queue of either store (`sources` edits the shared
/// one that `watch --nats` schedules from).
fn open_sources(at: &StoreAt) -> anyhow::Result<Box<dyn CrawlStore>> {
    Ok(match at {
        StoreAt::Dir(d) => Box::new(open_state(d)?),
        StoreAt::Postgres(url) => {
            Box::new(newsdesk_store_postgres::PgStore::connect(url).context("opening the PostgreSQL store")?)
        }
    })
}

/// `newsdesk sources add`.
pub fn add(at: &StoreAt, source: NewSource) -> anyhow::Result<ExitCode> {
    url::Url::parse(&source.url).with_context(|| format!("{}: not a URL", source.url))?;
    let (id, new) = open_sources(at)?.add_source(&source)?;
    if new {
        eprintln!("added source {id}: {}", source.url);
    } else {
        eprintln!("source {id} already has this URL: {}", source.url);
    }
    Ok(ExitCode::SUCCESS)
}

/// `newsdesk sources import FILE`: OPML or one URL per line.
pub fn import(at: &StoreAt, file: &Path) -> anyhow::Result<ExitCode> {
    let bytes = std::fs::read(file).with_context(|| format!("reading {}", file.display()))?;
    let (specs, problems) =
        newsdesk_sources::parse_source_list(&bytes).with_context(|| format!("reading {}", file.display()))?;
    for p in &problems {
        eprintln!("{}:{}: {}", file.display(), p.line, p.message);
    }
    let mut state = open_sources(at)?;
    let mut added = 0;
    for s in &specs {
        let source = NewSource { url: s.url.to_string(), name: s.name.clone(), ..Default::default() };
        added += u64::from(state.add_source(&source)?.1);
    }
    eprintln!(
        "imported {added} new sources from {} ({} already there, {} bad lines)",
        file.display(),
        specs.len() as u64 - added,
        problems.len()
    );
    Ok(if problems.is_empty() { ExitCode::SUCCESS } else { ExitCode::from(1) })
}

/// `newsdesk sources remove ID|URL`.
pub fn remove(at: &StoreAt, id_or_url: &str) -> anyhow::Result<ExitCode> {
    if open_sources(at)?.remove_source(id_or_url)? {
        eprintln!("removed source {id_or_url}");
        Ok(ExitCode::SUCCESS)
    } else {
        eprintln!("no source {id_or_url}");
        Ok(ExitCode::from(1))
    }
}

/// `newsdesk sources list`: each source with its health.
pub fn list(at: &StoreAt, format: StatsFormat) -> anyhow::Result<ExitCode> {
    let sources = open_sources(at)?.sources()?;
    if matches!(format, StatsFormat::Json) {
        println!("{}", serde_json::to_string_pretty(&sources)?);
        return Ok(ExitCode::SUCCESS);
    }
    let when = |t: Option<DateTime<Utc>>| t.map_or("-".to_string(), |t| t.format("%Y-%m-%d %H:%M").to_string());
    println!(
        "{:>4}  {:<20} {:<13} {:<16} {:>6} {:>7} {:>9}  {:<40} LAST ERROR",
        "ID", "NAME", "KIND", "LAST SUCCESS", "FOUND", "FETCHED", "DELAY", "URL"
    );
    for s in &sources {
        let delay = s.mean_delay_secs.map_or("-".to_string(), |d| format!("{d:.0}s"));
        println!(
            "{:>4}  {:<20} {:<13} {:<16} {:>6} {:>7} {:>9}  {:<40} {}",
            s.id,
            crate::render::clip(s.name.as_deref().unwrap_or("-"), 20),
            s.kind.as_deref().unwrap_or("-"),
            when(s.last_success),
            s.articles_found,
            s.fetched,
            delay,
            s.url,
            s.last_error.as_deref().unwrap_or("")
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// Both the store's followers and the crawler's, in that order: a URL is
/// marked fetched after everything derived from its article is written.
struct Chain<'a, 'b, S> {
    followers: &'a mut Followers<'b>,
    crawl: CrawlFollower<S>,
}

impl<S: CrawlStore> Follower for Chain<'_, '_, S> {
    fn committed(&mut self, batch: &[PageRecord], at: DateTime<Utc>) -> Result<(), String> {
        self.followers.committed(batch, at)?;
        self.crawl.committed(batch, at)
    }
}

/// What one harvest did.
#[derive(Default)]
struct Round {
    ingest: IngestSummary,
    fetched: u64,
    fetch_failed: u64,
}

/// Fetches `urls` through the ingest pipeline into the store.
fn harvest(
    crawler: &Crawler<SqliteStore>,
    urls: Vec<UrlRecord>,
    store: &mut SqliteStore,
    followers: &mut Followers<'_>,
    progress: &mut Progress,
) -> anyhow::Result<Round> {
    if urls.is_empty() {
        return Ok(Round::default());
    }
    let (batches, crawl) = crawler.harvest(urls)?;
    let tally = batches.tally();
    let mut chain = Chain { followers, crawl };
    let ingester = Ingester { batch_size: crawler.config().batch_size, ..Ingester::default() };
    let mut trouble: Option<anyhow::Error> = None;
    let ingest = ingester.run_batches(batches, store, Some(&mut chain), &mut |event| {
        let recorded = match event {
            IngestEvent::Failed(e) => {
                progress.println(&e.to_string());
                crawler.record_failed(&e.origin, &format!("extract: {}", e.message))
            }
            IngestEvent::Skipped { origin, reason } => crawler.record_skipped(origin, reason),
            IngestEvent::Progress { .. } => Ok(()),
        };
        if let Err(e) = recorded {
            trouble.get_or_insert(e.into());
        }
        for line in tally.take_messages() {
            progress.println(&line);
        }
        progress.set_message(format!("{} failed to fetch", tally.failed.load(Ordering::Relaxed)));
        progress.set(tally.fetched.load(Ordering::Relaxed));
    })?;
    for line in tally.take_messages() {
        progress.println(&line);
    }
    if let Some(e) = trouble {
        return Err(e.context("recording crawl state"));
    }
    settle(chain.followers)?;
    Ok(Round {
        ingest,
        fetched: tally.fetched.load(Ordering::Relaxed),
        fetch_failed: tally.failed.load(Ordering::Relaxed),
    })
}

fn round_line(r: &Round, secs: f64) -> String {
    let s = &r.ingest.stored;
    format!(
        "fetched {} pages in {secs:.1}s ({:.1}/s): {} new, {} updated, {} unchanged, {} not articles, {} failed to extract, {} failed to fetch",
        r.fetched,
        r.fetched as f64 / secs.max(1e-9),
        s.inserted,
        s.updated,
        s.unchanged,
        r.ingest.skipped,
        r.ingest.failed,
        r.fetch_failed
    )
}

/// Queues URLs given by hand and returns those to fetch (see
/// [`Crawler::add_urls`]), reporting the unusable ones (counted) and those
/// fetched already.
pub fn urls_to_fetch<S: Store + CrawlStore + 'static>(
    crawler: &Crawler<S>,
    urls: &[String],
    refetch: bool,
) -> anyhow::Result<(Vec<UrlRecord>, u64)> {
    let (todo, bad) = crawler.add_urls(urls, refetch)?;
    for b in &bad {
        eprintln!("{}: {}", b.url, b.reason);
    }
    let skipped = urls.len() - bad.len() - todo.len();
    if skipped > 0 {
        eprintln!("{skipped} URLs already fetched (--refetch fetches them again)");
    }
    Ok((todo, bad.len() as u64))
}

/// `newsdesk fetch URL...`: fetch, extract and store single articles.
pub fn fetch(
    data: &Path,
    urls: &[String],
    refetch: bool,
    flags: &CrawlFlags,
    model: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let crawler = Crawler::new(open_state(data)?, load_config(data, flags)?)?;
    let (todo, bad) = urls_to_fetch(&crawler, urls, refetch)?;
    let mut progress = Progress::new("pages");
    let started = Instant::now();
    let (round, report) =
        with_followers(data, model, |store, followers| harvest(&crawler, todo, store, followers, &mut progress))?;
    progress.finish();
    eprintln!("{}; {report}", round_line(&round, started.elapsed().as_secs_f64()));
    let failed = bad + round.fetch_failed + round.ingest.failed;
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

pub fn poll_line(reports: &[PollReport]) -> String {
    let failed = reports.iter().filter(|r| r.outcome.is_err()).count();
    let queued: u64 = reports.iter().map(|r| r.queued).sum();
    let unchanged: u32 = reports.iter().map(|r| r.not_modified).sum();
    format!(
        "polled {} sources ({failed} failed, {unchanged} documents unchanged): {queued} new article URLs queued",
        reports.len()
    )
}

/// `newsdesk watch`: poll the sources that are due, fetch what they list
/// and what is due for a retry, and (without `--once`) sleep until the
/// next source or retry is due. Killed at any point, it resumes.
/// One poll of the sources that are due (all of them with `all`), then
/// fetch rounds until nothing is due; returns the failures met.
pub fn watch_pass(
    crawler: &Crawler<SqliteStore>,
    all: bool,
    store: &mut SqliteStore,
    followers: &mut Followers<'_>,
    progress: &mut Progress,
) -> anyhow::Result<u64> {
    let mut failures = 0;
    let polls = crawler.poll(!all, Utc::now())?;
    for r in &polls {
        if let Err(e) = &r.outcome {
            progress.println(&format!("source {} ({}): {e}", r.source.id, r.source.url));
            failures += 1;
        }
    }
    if !polls.is_empty() {
        progress.println(&poll_line(&polls));
    }
    // Round after round until nothing is due: a round is a bounded slice.
    loop {
        let due = crawler.due(Utc::now())?;
        if due.is_empty() {
            break;
        }
        let started = Instant::now();
        let round = harvest(crawler, due, store, followers, progress)?;
        failures += round.fetch_failed + round.ingest.failed;
        progress.println(&round_line(&round, started.elapsed().as_secs_f64()));
        if round.fetched == 0 && round.fetch_failed == 0 {
            break;
        }
    }
    let counts = crawler.counts()?;
    progress.println(&format!(
        "queue: {} queued, {} fetched, {} not articles, {} failed",
        counts.queued, counts.fetched, counts.skipped, counts.failed
    ));
    Ok(failures)
}

/// How long to wait before the next pass: until a source or a retry is
/// due, at least a second, a minute when nothing is scheduled.
pub fn next_pause<S: Store + CrawlStore + 'static>(crawler: &Crawler<S>) -> anyhow::Result<std::time::Duration> {
    let wake = crawler.next_wake(Utc::now())?.unwrap_or_else(|| Utc::now() + chrono::Duration::seconds(60));
    Ok((wake - Utc::now()).to_std().unwrap_or_default().max(std::time::Duration::from_secs(1)))
}

/// The crawler over the data directory's sources and queue, with the
/// settings file and `flags`.
pub fn open_crawler(
    data: &Path,
    flags: &CrawlFlags,
    interval_secs: Option<f64>,
) -> anyhow::Result<Crawler<SqliteStore>> {
    let mut config = load_config(data, flags)?;
    if let Some(i) = interval_secs {
        config.poll_interval_secs = i;
    }
    Ok(Crawler::new(open_state(data)?, config)?)
}

pub fn watch(
    data: &Path,
    once: bool,
    interval_secs: Option<f64>,
    flags: &CrawlFlags,
    model: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let crawler = open_crawler(data, flags, interval_secs)?;
    if crawler.counts()?.queued == 0 && crawler.sources()?.is_empty() {
        anyhow::bail!(
            "no sources to watch: add some with `newsdesk sources add URL` or `newsdesk sources import FILE`"
        );
    }
    let mut progress = Progress::new("pages");
    let mut failures = 0;
    let ((), report) = with_followers(data, model, |store, followers| loop {
        failures += watch_pass(&crawler, once, store, followers, &mut progress)?;
        if once {
            return Ok(());
        }
        std::thread::sleep(next_pause(&crawler)?);
    })?;
    progress.finish();
    eprintln!("watch: {report}");
    Ok(if failures > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

/// Parses `90`, `90s`, `15m`, `2h` or `1d` into seconds.
pub fn parse_duration(s: &str) -> Result<f64, String> {
    let s = s.trim();
    let (num, unit) = match s.find(|c: char| c.is_ascii_alphabetic()) {
        Some(i) => s.split_at(i),
        None => (s, "s"),
    };
    let n: f64 = num.trim().parse().map_err(|_| format!("{s:?} is not a duration (e.g. 90s, 15m, 2h)"))?;
    let scale = match unit {
        "s" => 1.0,
        "m" => 60.0,
        "h" => 3600.0,
        "d" => 86_400.0,
        _ => return Err(format!("{s:?}: unknown unit {unit:?} (s, m, h or d)")),
    };
    if !n.is_finite() || n <= 0.0 {
        return Err(format!("{s:?}: a duration must be above 0"));
    }
    Ok(n * scale)
}
