//! Typed fetch errors, each naming the URL and the problem.

use std::borrow::Cow;
use std::time::Duration;

use chrono::{DateTime, Utc};

/// `Result` with [`FetchError`] as the default error.
pub type Result<T, E = FetchError> = std::result::Result<T, E>;

/// Why a URL could not be fetched.
///
/// [`FetchError::kind`] gives a short stable code to store as a failure reason,
/// [`FetchError::is_retryable`] whether trying the same URL again later may help.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    /// The configuration cannot be used (a negative timeout, zero attempts...).
    #[error("invalid fetch configuration: {0}")]
    Config(String),
    /// Not an http(s) URL, credentials in it, no host, or an unusable redirect target.
    #[error("{url}: {reason}")]
    BadUrl { url: String, reason: String },
    /// The host is, or resolves only to, a loopback/private/reserved address.
    #[error("{url}: refused, {host} is {detail} (private and reserved addresses are not fetched)")]
    PrivateAddress { url: String, host: String, detail: String },
    /// robots.txt of the host disallows the URL for our user agent.
    #[error("{url}: disallowed by {robots_url} for user agent {agent:?}")]
    RobotsDisallowed { url: String, robots_url: String, agent: String },
    /// robots.txt could not be fetched (5xx, 429, network error): the whole host is
    /// treated as disallowed until the cached answer expires (RFC 9309).
    #[error("{url}: robots.txt unavailable ({reason}); host treated as disallowed until {until}")]
    RobotsUnavailable { url: String, reason: String, until: DateTime<Utc> },
    /// The body (after decompression) is larger than the configured limit.
    #[error("{url}: body larger than the limit of {limit} bytes{}", declared.map(|n| format!(" (Content-Length {n})")).unwrap_or_default())]
    TooLarge { url: String, limit: u64, declared: Option<u64> },
    /// Connecting or the whole response took longer than allowed.
    #[error("{url}: timed out after {:.1} s ({phase})", after.as_secs_f64())]
    Timeout { url: String, after: Duration, phase: &'static str },
    /// DNS, connection, TLS or protocol failure.
    #[error("{url}: network error: {message}")]
    Network { url: String, message: String },
    /// The body could not be read or decoded (truncated transfer, bad gzip...).
    #[error("{url}: reading the body failed: {message}")]
    Body { url: String, message: String },
    /// The final response status was not a success (after any retries).
    #[error("{url}: HTTP status {code}")]
    Status { url: String, code: u16 },
    /// The server asked to come back later than we are willing to wait.
    #[error("{url}: HTTP {code} asks to retry after {} s (at {at}), more than the {:.0} s we wait", retry_after.as_secs(), max_wait.as_secs_f64())]
    RetryLater { url: String, code: u16, retry_after: Duration, at: DateTime<Utc>, max_wait: Duration },
    /// More redirects than allowed.
    #[error("{url}: more than {limit} redirects")]
    Redirects { url: String, limit: usize },
}

impl FetchError {
    /// A short stable code: `config`, `bad_url`, `private_address`, `robots`,
    /// `robots_unavailable`, `too_large`, `timeout`, `network`, `body`,
    /// `status_NNN` (e.g. `status_404`), `retry_later`, `redirects`.
    pub fn kind(&self) -> Cow<'static, str> {
        Cow::Borrowed(match self {
            FetchError::Config(_) => "config",
            FetchError::BadUrl { .. } => "bad_url",
            FetchError::PrivateAddress { .. } => "private_address",
            FetchError::RobotsDisallowed { .. } => "robots",
            FetchError::RobotsUnavailable { .. } => "robots_unavailable",
            FetchError::TooLarge { .. } => "too_large",
            FetchError::Timeout { .. } => "timeout",
            FetchError::Network { .. } => "network",
            FetchError::Body { .. } => "body",
            FetchError::Status { code, .. } => return Cow::Owned(format!("status_{code}")),
            FetchError::RetryLater { .. } => "retry_later",
            FetchError::Redirects { .. } => "redirects",
        })
    }

    /// Whether fetching the same URL again later may succeed: network trouble,
    /// timeouts, 408/425/429/5xx, "retry later" and an unavailable robots.txt are;
    /// refusals, 4xx, size and redirect limits are not.
    pub fn is_retryable(&self) -> bool {
        match self {
            FetchError::Timeout { .. }
            | FetchError::Network { .. }
            | FetchError::Body { .. }
            | FetchError::RetryLater { .. }
            | FetchError::RobotsUnavailable { .. } => true,
            FetchError::Status { code, .. } => matches!(code, 408 | 425 | 429 | 500..=599),
            FetchError::Config(_)
            | FetchError::BadUrl { .. }
            | FetchError::PrivateAddress { .. }
            | FetchError::RobotsDisallowed { .. }
            | FetchError::TooLarge { .. }
            | FetchError::Redirects { .. } => false,
        }
    }

    /// The URL the error is about, when there is one.
    pub fn url(&self) -> Option<&str> {
        match self {
            FetchError::Config(_) => None,
            FetchError::BadUrl { url, .. }
            | FetchError::PrivateAddress { url, .. }
            | FetchError::RobotsDisallowed { url, .. }
            | FetchError::RobotsUnavailable { url, .. }
            | FetchError::TooLarge { url, .. }
            | FetchError::Timeout { url, .. }
            | FetchError::Network { url, .. }
            | FetchError::Body { url, .. }
            | FetchError::Status { url, .. }
            | FetchError::RetryLater { url, .. }
            | FetchError::Redirects { url, .. } => Some(url),
        }
    }
}
