//! The crawler: polls news sources (feeds, news sitemaps, sites whose feed
//! it discovers) into a URL queue kept in the store, and fetches the queued
//! articles into the ingest pipeline, politely and safely (through
//! `newsdesk-fetch`) and resumably: every source's health and every URL's
//! state (queued, fetched, skipped, failed with reason and attempts) is in
//! the store, and a URL counts as fetched only once its article is stored.
//!
//! A crawl round is [`Crawler::poll`] (sources into the queue), then
//! [`Crawler::harvest`] over [`Crawler::due`] URLs, whose batches go to
//! [`newsdesk_ingest::Ingester::run_batches`] with the returned
//! [`CrawlFollower`] among the store's followers.
//!
//! ```no_run
//! use chrono::Utc;
//! use newsdesk_crawl::{CrawlConfig, Crawler};
//! use newsdesk_ingest::Ingester;
//! use newsdesk_store::{CrawlStore, NewSource};
//! use newsdesk_store_sqlite::SqliteStore;
//!
//! # fn main() -> Result<(), Box<dyn std::error::Error>> {
//! let dir = std::path::Path::new("data");
//! let mut state = SqliteStore::open(dir)?;
//! state.add_source(&NewSource { url: "https://news.example/rss".into(), ..Default::default() })?;
//! let crawler = Crawler::new(state, CrawlConfig::default())?;
//! crawler.poll(true, Utc::now())?;
//! let (batches, mut follower) = crawler.harvest(crawler.due(Utc::now())?)?;
//! let mut store = SqliteStore::open(dir)?;
//! Ingester::default().run_batches(batches, &mut store, Some(&mut follower), &mut |_| {})?;
//! # Ok(())
//! # }
//! ```

mod config;
mod crawler;
mod error;
mod harvest;
mod poll;

pub use config::CrawlConfig;
pub use crawler::{BadUrl, Crawler, PollReport};
pub use error::{CrawlError, Result};
pub use harvest::{fetch_outcome, source_hints, CrawlFollower, FetchOutcome, Harvest, Tally};
