//! URLs from untrusted documents: resolved, http(s) only, bounded.

use url::Url;

/// Longer URLs are dropped: no news article needs them, and they would bloat
/// the crawl queue.
pub(crate) const MAX_URL_LEN: usize = 8192;

/// `raw` resolved against `base`, when the result is an http(s) URL with a
/// host. `javascript:`, `data:`, `mailto:` and the like give `None`.
pub(crate) fn resolve_http(base: &Url, raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > MAX_URL_LEN {
        return None;
    }
    base.join(raw).ok().filter(is_http)
}

/// `raw` when it is already an absolute http(s) URL.
pub(crate) fn absolute_http(raw: &str) -> Option<Url> {
    let raw = raw.trim();
    if raw.is_empty() || raw.len() > MAX_URL_LEN {
        return None;
    }
    Url::parse(raw).ok().filter(is_http)
}

pub(crate) fn is_http(url: &Url) -> bool {
    matches!(url.scheme(), "http" | "https")
        && url.host_str().is_some_and(|h| !h.is_empty())
        && url.as_str().len() <= MAX_URL_LEN
}
