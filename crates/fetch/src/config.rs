//! Fetcher settings.

use std::time::Duration;

use serde::{Deserialize, Serialize};

use crate::error::{FetchError, Result};

/// How the [`Fetcher`](crate::Fetcher) behaves; every field has a default.
#[derive(Debug, Clone, Deserialize, Serialize)]
#[serde(deny_unknown_fields, default)]
pub struct FetchConfig {
    /// Sent as `User-Agent`; its product token (text before the first `/` or
    /// space, e.g. `newsdesk`) is the agent matched against robots.txt groups.
    pub user_agent: String,
    /// Limit on establishing a connection (DNS, TCP, TLS), seconds.
    pub connect_timeout_secs: f64,
    /// Limit on one whole request, from connecting to the last body byte, seconds.
    pub timeout_secs: f64,
    /// Largest accepted body after decompression, bytes.
    pub max_body_bytes: u64,
    /// Redirects followed before giving up.
    pub max_redirects: usize,
    /// Fetch loopback, private and reserved addresses too (tests, intranets).
    pub allow_private: bool,
    /// Hosts that may be fetched although they are private (an intranet
    /// CMS), as `name` or `name:port` (an IP literal too, IPv6 in brackets);
    /// every other private address stays refused, redirects included.
    pub private_hosts: Vec<String>,
    /// Minimum pause between the end of one request to a host and the start of
    /// the next, seconds; a larger robots.txt `Crawl-delay` (capped at 60 s) wins.
    pub host_delay_secs: f64,
    /// Requests in flight at once over all hosts (each host gets one at a time).
    pub max_in_flight: usize,
    /// Tries per request (first try included) on timeouts, network errors, 429 and 5xx.
    pub max_attempts: u32,
    /// Longest `Retry-After` we wait for; a longer one fails with `retry_later`.
    pub max_retry_after_secs: f64,
    /// Fetch and obey robots.txt (cached per host for an hour).
    pub respect_robots: bool,
}

/// The default `User-Agent`.
pub fn default_user_agent() -> String {
    format!("newsdesk/{} (+https://example.invalid/newsdesk)", env!("CARGO_PKG_VERSION"))
}

impl Default for FetchConfig {
    fn default() -> Self {
        FetchConfig {
            user_agent: default_user_agent(),
            connect_timeout_secs: 10.0,
            timeout_secs: 30.0,
            max_body_bytes: 10 * 1024 * 1024,
            max_redirects: 5,
            allow_private: false,
            private_hosts: Vec::new(),
            host_delay_secs: 1.0,
            max_in_flight: 64,
            max_attempts: 3,
            max_retry_after_secs: 120.0,
            respect_robots: true,
        }
    }
}

/// The configuration checked and turned into durations.
#[derive(Debug, Clone)]
pub(crate) struct Settings {
    pub user_agent: String,
    /// Lowercased product token of the user agent, for robots.txt.
    pub agent_token: String,
    pub connect_timeout: Duration,
    pub timeout: Duration,
    pub max_body_bytes: u64,
    pub max_redirects: usize,
    pub allow_private: bool,
    /// `private_hosts`, lower-cased.
    pub private_hosts: Vec<String>,
    pub host_delay: Duration,
    pub max_in_flight: usize,
    pub max_attempts: u32,
    pub max_retry_after: Duration,
    pub respect_robots: bool,
}

impl Settings {
    /// See [`FetchConfig::allows_private`].
    pub fn private_ok(&self, url: &url::Url) -> bool {
        private_ok(self.allow_private, &self.private_hosts, url)
    }
}

impl FetchConfig {
    /// Whether private addresses may be fetched for this URL: all of them
    /// (`allow_private`), or its host (with or without its port) is one of
    /// `private_hosts`. What [`check_url`](crate::check_url) is to be given.
    pub fn allows_private(&self, url: &url::Url) -> bool {
        let hosts: Vec<String> = self.private_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect();
        private_ok(self.allow_private, &hosts, url)
    }
}

fn private_ok(allow_private: bool, private_hosts: &[String], url: &url::Url) -> bool {
    if allow_private {
        return true;
    }
    let Some(host) = url.host_str() else { return false };
    let with_port = url.port_or_known_default().map(|p| format!("{host}:{p}"));
    private_hosts.iter().any(|h| h == host || with_port.as_deref() == Some(h.as_str()))
}

fn secs(name: &str, value: f64, allow_zero: bool) -> Result<Duration> {
    let d = Duration::try_from_secs_f64(value)
        .map_err(|_| FetchError::Config(format!("{name} must be a finite number of seconds >= 0, not {value}")))?;
    if d.is_zero() && !allow_zero {
        return Err(FetchError::Config(format!("{name} must be above 0")));
    }
    Ok(d)
}

/// The robots.txt agent for a user agent string: its product token.
pub(crate) fn product_token(user_agent: &str) -> String {
    let token = user_agent.split(|c: char| c == '/' || c.is_whitespace()).find(|t| !t.is_empty()).unwrap_or("newsdesk");
    token.to_ascii_lowercase()
}

impl FetchConfig {
    pub(crate) fn settings(&self) -> Result<Settings> {
        let ua = self.user_agent.trim();
        if ua.is_empty() || reqwest::header::HeaderValue::from_str(ua).is_err() {
            return Err(FetchError::Config(format!("user_agent {:?} is not a usable header value", self.user_agent)));
        }
        if self.max_in_flight == 0 {
            return Err(FetchError::Config("max_in_flight must be at least 1".into()));
        }
        if self.max_attempts == 0 {
            return Err(FetchError::Config("max_attempts must be at least 1".into()));
        }
        Ok(Settings {
            user_agent: ua.to_string(),
            agent_token: product_token(ua),
            connect_timeout: secs("connect_timeout_secs", self.connect_timeout_secs, false)?,
            timeout: secs("timeout_secs", self.timeout_secs, false)?,
            max_body_bytes: self.max_body_bytes,
            max_redirects: self.max_redirects,
            allow_private: self.allow_private,
            private_hosts: self.private_hosts.iter().map(|h| h.trim().to_ascii_lowercase()).collect(),
            host_delay: secs("host_delay_secs", self.host_delay_secs, true)?,
            // tokio's semaphore has an upper bound on permits
            max_in_flight: self.max_in_flight.min(1 << 20),
            max_attempts: self.max_attempts,
            max_retry_after: secs("max_retry_after_secs", self.max_retry_after_secs, true)?,
            respect_robots: self.respect_robots,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn token_and_validation() {
        assert_eq!(product_token("NewsDesk/0.1 (+https://x)"), "newsdesk");
        assert_eq!(product_token("  mybot"), "mybot");
        assert!(FetchConfig::default().settings().is_ok());
        let bad = FetchConfig { timeout_secs: -1.0, ..FetchConfig::default() };
        assert_eq!(bad.settings().unwrap_err().kind(), "config");
        let bad = FetchConfig { host_delay_secs: f64::NAN, ..FetchConfig::default() };
        assert!(bad.settings().is_err());
        let bad = FetchConfig { user_agent: "a\nb".into(), ..FetchConfig::default() };
        assert!(bad.settings().is_err());
        let parsed: FetchConfig = serde_json::from_str(r#"{"host_delay_secs": 2.5}"#).unwrap();
        assert_eq!(parsed.host_delay_secs, 2.5);
        assert_eq!(parsed.max_redirects, 5);
        assert!(serde_json::from_str::<FetchConfig>(r#"{"nope": 1}"#).is_err());
    }
}
