//! The HTTP layer of newsdesk's crawler: a [`Fetcher`] that fetches one URL at a
//! time politely and safely, for many hosts at once.
//!
//! - **Politeness**: robots.txt is fetched once per host (`scheme://host:port`),
//!   cached for an hour and obeyed for the user agent's product token (e.g.
//!   `newsdesk`), Crawl-delay included (capped at 60 s). Each host gets one
//!   request at a time and a pause between requests (default 1 s); at most
//!   `max_in_flight` requests run at once over all hosts. Processes crawling
//!   together share each host's pause through a [`SharedPace`]
//!   ([`Fetcher::with_shared_pace`]).
//! - **Safety**: only http(s), no credentials in URLs, and no loopback, private,
//!   link-local or reserved addresses (IPv4-mapped and NAT64 forms included),
//!   checked on IP literals and again on every address DNS returns, on every
//!   redirect hop, so the address connected to is the one checked.
//! - **Robustness**: connect and whole-response timeouts, a body limit enforced
//!   while streaming decompressed bytes, manual redirects (default 5), retries
//!   with exponential backoff and jitter, `Retry-After` honoured for 429/503.
//! - **Conditional GET**: [`Validators`] in, [`Fetched::NotModified`] out on 304.
//!
//! Errors are typed ([`FetchError`]) with a short stable [`FetchError::kind`]
//! and [`FetchError::is_retryable`].
//!
//! ```no_run
//! use newsdesk_fetch::{FetchConfig, Fetched, Fetcher, Validators};
//!
//! # async fn demo() -> newsdesk_fetch::Result<()> {
//! let fetcher = Fetcher::new(FetchConfig { user_agent: "newsdesk/0.1 (+https://example.org/bot)".into(), ..FetchConfig::default() })?;
//! match fetcher.fetch("https://example.org/news/1", &Validators::default()).await {
//!     Ok(Fetched::Body(page)) => println!("{} bytes of {:?}, etag {:?}", page.body.len(), page.content_type, page.validators.etag),
//!     Ok(Fetched::NotModified { final_url }) => println!("{final_url} unchanged"),
//!     Err(e) => eprintln!("{} ({}, retry later: {})", e, e.kind(), e.is_retryable()),
//! }
//! # Ok(())
//! # }
//! ```

mod config;
mod error;
mod exchange;
mod fetcher;
mod politeness;
mod retry;
mod robots;
mod safety;
mod stats;

pub use config::{default_user_agent, FetchConfig};
pub use error::{FetchError, Result};
pub use fetcher::{Fetched, Fetcher, Response, Validators};
pub use politeness::{PaceFuture, SharedPace};
pub use safety::{check_url, is_refused_ip};
pub use stats::{FetchStats, HostStats};
