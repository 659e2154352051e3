//! Integration tests of newsdesk-crawl: the crawler driven the way the CLI
//! drives it (poll, due, harvest, ingest with the crawl follower) against
//! simulated sites on 127.0.0.1, checking what ends up in the store, the
//! URL states, source health and what the sites were asked for.

mod helpers;

mod failures;
mod formats;
mod politeness;
mod resume;
