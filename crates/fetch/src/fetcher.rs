//! The fetcher: safety checks, robots.txt, redirects and retries around single
//! HTTP exchanges (see `exchange.rs`).

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};

use chrono::{DateTime, Utc};
use url::Url;

use crate::config::{FetchConfig, Settings};
use crate::error::{FetchError, Result};
use crate::exchange::{host_key, Exchange, Overflow};
use crate::politeness::{Hosts, SharedPace};
use crate::retry::{parse_retry_after, Jitter};
use crate::robots::{robots_url, RobotsCache, Rules, ROBOTS_MAX_BYTES};
use crate::safety::{check_url, SafeResolver};
use crate::stats::{Counters, FetchStats};

/// Cache validators of a page: sent as `If-None-Match` / `If-Modified-Since`,
/// and returned from a response's `ETag` / `Last-Modified`.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

impl Validators {
    /// Whether there is anything to send.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// The outcome of a successful fetch.
// one value per fetch, moved once: boxing the body variant buys nothing
#[allow(clippy::large_enum_variant)]
#[derive(Debug)]
pub enum Fetched {
    /// A 2xx response with its body.
    Body(Response),
    /// 304: the page did not change since the validators were issued.
    NotModified { final_url: Url },
}

/// A fetched page.
#[derive(Debug)]
pub struct Response {
    /// The URL as requested.
    pub url: Url,
    /// The URL after redirects.
    pub final_url: Url,
    pub status: u16,
    /// The `Content-Type` header as sent (charset decoding is the caller's job).
    pub content_type: Option<String>,
    /// `ETag` and `Last-Modified` of this response, to send next time.
    pub validators: Validators,
    /// The body, decompressed (gzip, brotli).
    pub body: Vec<u8>,
    pub fetched_at: DateTime<Utc>,
    /// HTTP requests made for this page (retries and redirect hops; robots.txt not counted).
    pub attempts: u32,
    /// Time from the call to the end, waits for the host included.
    pub elapsed: Duration,
}

/// A polite, safe HTTP fetcher. Cheap to clone; clones share connections,
/// per-host state, the robots.txt cache and the counters.
#[derive(Clone)]
pub struct Fetcher {
    inner: Arc<Inner>,
}

impl std::fmt::Debug for Fetcher {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Fetcher").field("settings", &self.inner.settings).finish_non_exhaustive()
    }
}

pub(crate) struct Inner {
    pub(crate) settings: Settings,
    pub(crate) client: reqwest::Client,
    pub(crate) hosts: Hosts,
    robots: RobotsCache,
    jitter: Jitter,
    pub(crate) counters: Counters,
}

fn is_redirect(code: u16) -> bool {
    matches!(code, 301 | 302 | 303 | 307 | 308)
}

impl Fetcher {
    /// Builds a fetcher (and its HTTP client) from a checked configuration.
    pub fn new(config: FetchConfig) -> Result<Fetcher> {
        Self::build(config, None)
    }

    /// A fetcher whose pause between requests to a host holds across every
    /// process sharing `pace` (workers crawling one crawl), not only among
    /// this fetcher's clones.
    pub fn with_shared_pace(config: FetchConfig, pace: Arc<dyn SharedPace>) -> Result<Fetcher> {
        Self::build(config, Some(pace))
    }

    fn build(config: FetchConfig, pace: Option<Arc<dyn SharedPace>>) -> Result<Fetcher> {
        let settings = config.settings()?;
        let client = reqwest::Client::builder()
            .user_agent(settings.user_agent.clone())
            .connect_timeout(settings.connect_timeout)
            .timeout(settings.timeout)
            .redirect(reqwest::redirect::Policy::none())
            // a proxy would resolve names itself, out of reach of the address checks
            .no_proxy()
            .dns_resolver(Arc::new(SafeResolver {
                allow_private: settings.allow_private,
                // Names only: the resolver is not told the port.
                private_names: settings.private_hosts.iter().filter(|h| !h.contains(':')).cloned().collect(),
            }))
            .gzip(true)
            .brotli(true)
            .referer(false)
            .build()
            .map_err(|e| FetchError::Config(format!("cannot build the HTTP client: {e}")))?;
        let inner = Inner {
            hosts: Hosts::new(settings.host_delay, settings.max_in_flight, pace),
            settings,
            client,
            robots: RobotsCache::default(),
            jitter: Jitter::from_time(),
            counters: Counters::default(),
        };
        Ok(Fetcher { inner: Arc::new(inner) })
    }

    /// Fetches one URL: checks it, obeys robots.txt and the host's pace, follows
    /// redirects (each hop checked again), retries transient failures. Sends
    /// `validators` as conditional headers; a 304 gives [`Fetched::NotModified`].
    /// Any other non-2xx final status is a [`FetchError::Status`].
    pub async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched> {
        let c = &self.inner.counters;
        let result = self.inner.fetch(url, validators).await;
        match &result {
            Ok(Fetched::Body(_)) => Counters::add(&c.ok, 1),
            Ok(Fetched::NotModified { .. }) => Counters::add(&c.not_modified, 1),
            Err(e) => {
                Counters::add(&c.failed, 1);
                if matches!(
                    e,
                    FetchError::BadUrl { .. } | FetchError::PrivateAddress { .. } | FetchError::RobotsDisallowed { .. }
                ) {
                    Counters::add(&c.refused, 1);
                }
            }
        }
        result
    }

    /// A snapshot of the counters.
    pub fn stats(&self) -> FetchStats {
        self.inner.counters.snapshot(self.inner.hosts.stats())
    }

    /// The configured `User-Agent`.
    pub fn user_agent(&self) -> &str {
        &self.inner.settings.user_agent
    }
}

impl Inner {
    async fn fetch(&self, url: &str, validators: &Validators) -> Result<Fetched> {
        let started = Instant::now();
        let requested = Url::parse(url.trim())
            .map_err(|e| FetchError::BadUrl { url: url.to_string(), reason: format!("not a valid URL ({e})") })?;
        let mut current = requested.clone();
        current.set_fragment(None);
        let mut attempts = 0;
        let mut redirects = 0;
        loop {
            check_url(&current, self.settings.private_ok(&current))?;
            if self.settings.respect_robots {
                self.check_robots(&current).await?;
            }
            let (ex, tries) = self.request(&current, validators, self.settings.max_body_bytes, Overflow::Fail).await?;
            attempts += tries;
            match ex.status {
                code if is_redirect(code) => {
                    let next = self.redirect_target(&current, &ex)?;
                    redirects += 1;
                    if redirects > self.settings.max_redirects {
                        return Err(FetchError::Redirects {
                            url: requested.to_string(),
                            limit: self.settings.max_redirects,
                        });
                    }
                    current = next;
                }
                304 if !validators.is_empty() => return Ok(Fetched::NotModified { final_url: current }),
                200..=299 => {
                    return Ok(Fetched::Body(Response {
                        url: requested,
                        final_url: current,
                        status: ex.status,
                        content_type: ex.header(reqwest::header::CONTENT_TYPE),
                        validators: Validators {
                            etag: ex.header(reqwest::header::ETAG),
                            last_modified: ex.header(reqwest::header::LAST_MODIFIED),
                        },
                        body: ex.body,
                        fetched_at: Utc::now(),
                        attempts,
                        elapsed: started.elapsed(),
                    }))
                }
                code => return Err(FetchError::Status { url: current.to_string(), code }),
            }
        }
    }

    fn redirect_target(&self, from: &Url, ex: &Exchange) -> Result<Url> {
        let Some(location) = ex.header(reqwest::header::LOCATION) else {
            return Err(FetchError::Status { url: from.to_string(), code: ex.status });
        };
        let mut next = from.join(&location).map_err(|e| FetchError::BadUrl {
            url: location.clone(),
            reason: format!("redirect from {from} to an invalid URL ({e})"),
        })?;
        next.set_fragment(None);
        Ok(next)
    }

    /// One URL with retries: timeouts, network errors and 5xx back off
    /// exponentially with jitter; 429/503 with `Retry-After` wait as asked
    /// (through the host gate, so the whole host waits).
    async fn request(
        &self,
        url: &Url,
        validators: &Validators,
        limit: u64,
        overflow: Overflow,
    ) -> Result<(Exchange, u32)> {
        let mut attempt = 0u32;
        loop {
            attempt += 1;
            let result = self.exchange(url, validators, limit, overflow).await;
            let wait = match &result {
                Ok(ex) if ex.status == 429 || ex.status == 503 => {
                    match ex.header(reqwest::header::RETRY_AFTER).and_then(|v| parse_retry_after(&v, SystemTime::now()))
                    {
                        Some(after) if after > self.settings.max_retry_after => {
                            let at = chrono::Duration::from_std(after)
                                .ok()
                                .and_then(|d| Utc::now().checked_add_signed(d))
                                .unwrap_or(DateTime::<Utc>::MAX_UTC);
                            return Err(FetchError::RetryLater {
                                url: url.to_string(),
                                code: ex.status,
                                retry_after: after,
                                at,
                                max_wait: self.settings.max_retry_after,
                            });
                        }
                        Some(after) => {
                            self.hosts.defer(&host_key(url), after).await;
                            Some(Duration::ZERO)
                        }
                        None => Some(self.jitter.backoff(attempt)),
                    }
                }
                Ok(ex) if ex.status >= 500 => Some(self.jitter.backoff(attempt)),
                Ok(_) => None,
                Err(FetchError::Timeout { .. } | FetchError::Network { .. } | FetchError::Body { .. }) => {
                    Some(self.jitter.backoff(attempt))
                }
                Err(_) => None,
            };
            match wait {
                Some(wait) if attempt < self.settings.max_attempts => {
                    Counters::add(&self.counters.retries, 1);
                    tokio::time::sleep(wait).await;
                }
                _ => return result.map(|ex| (ex, attempt)),
            }
        }
    }

    async fn check_robots(&self, url: &Url) -> Result<()> {
        let key = host_key(url);
        let agent = &self.settings.agent_token;
        let load = || self.load_robots(url);
        let on_delay = |delay| self.hosts.set_crawl_delay(&key, delay);
        self.robots.check(&key, url, agent, load, on_delay).await
    }

    /// Fetches robots.txt for the host of `page` (RFC 9309: 2xx rules, 4xx allow
    /// all, 429/5xx/unreachable disallow all; up to five redirects followed).
    async fn load_robots(&self, page: &Url) -> Result<Rules> {
        let mut url = robots_url(page);
        for _ in 0..=5 {
            Counters::add(&self.counters.robots_fetches, 1);
            let result = self.request(&url, &Validators::default(), ROBOTS_MAX_BYTES, Overflow::Truncate).await;
            let ex = match result {
                Ok(ex) => ex.0,
                // the host itself is refused: say so rather than "robots unavailable"
                Err(e @ (FetchError::PrivateAddress { .. } | FetchError::BadUrl { .. }))
                    if url.host() == page.host() =>
                {
                    return Err(e)
                }
                Err(e @ (FetchError::Timeout { .. } | FetchError::Network { .. } | FetchError::Body { .. })) => {
                    return Ok(Rules::Unavailable(format!("{url}: {e}")))
                }
                Err(FetchError::RetryLater { code, .. }) => {
                    return Ok(Rules::Unavailable(format!("HTTP {code} for {url}")))
                }
                // a refused or broken redirect target: robots.txt counts as missing
                Err(_) => return Ok(Rules::AllowAll),
            };
            match ex.status {
                200..=299 => return Ok(Rules::parse(&self.settings.agent_token, &ex.body)),
                code if is_redirect(code) => {
                    let Ok(next) = self.redirect_target(&url, &ex) else { return Ok(Rules::AllowAll) };
                    if check_url(&next, self.settings.private_ok(&next)).is_err() {
                        return Ok(Rules::AllowAll);
                    }
                    url = next;
                }
                429 | 500..=599 => return Ok(Rules::Unavailable(format!("HTTP {} for {url}", ex.status))),
                _ => return Ok(Rules::AllowAll),
            }
        }
        Ok(Rules::AllowAll)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::{Exchange, Overflow};

    fn redirect_to(location: &str) -> Exchange {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(reqwest::header::LOCATION, location.parse().unwrap());
        Exchange { status: 302, headers, body: Vec::new() }
    }

    #[test]
    fn redirect_hops_are_checked_again() {
        let fetcher = Fetcher::new(FetchConfig::default()).unwrap();
        let from = Url::parse("https://news.example.com/a/b?c#d").unwrap();
        let hop = |loc: &str| {
            let next = fetcher.inner.redirect_target(&from, &redirect_to(loc))?;
            check_url(&next, false).map(|()| next)
        };
        assert_eq!(hop("../x#frag").unwrap().as_str(), "https://news.example.com/x");
        for loc in ["http://169.254.169.254/latest", "http://[::1]/", "http://10.0.0.8:8080/", "http://localhost/"] {
            assert_eq!(hop(loc).unwrap_err().kind(), "private_address", "{loc}");
        }
        assert_eq!(hop("file:///etc/passwd").unwrap_err().kind(), "bad_url");
        assert_eq!(hop("http://[bad").unwrap_err().kind(), "bad_url");
    }

    /// A name that slips past `check_url` is still refused when it resolves to a
    /// refused address: the resolver is what reqwest connects through.
    #[tokio::test]
    async fn resolver_refuses_at_connect_time() {
        let fetcher = Fetcher::new(FetchConfig { host_delay_secs: 0.0, ..FetchConfig::default() }).unwrap();
        let url = Url::parse("http://localhost:9/").unwrap();
        let err = fetcher.inner.exchange(&url, &Validators::default(), 10, Overflow::Fail).await.unwrap_err();
        assert_eq!(err.kind(), "private_address", "{err}");
        assert!(err.to_string().contains("loopback"), "{err}");
    }
}
