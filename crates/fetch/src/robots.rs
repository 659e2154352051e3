//! robots.txt: interpreted per RFC 9309 and cached per host.

use std::collections::HashMap;
use std::future::Future;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

use chrono::{DateTime, Utc};
use texting_robots::Robot;
use url::{Position, Url};

use crate::error::{FetchError, Result};

/// How long a host's robots.txt answer (rules, "allow all" or "unavailable") is kept.
pub(crate) const ROBOTS_TTL: Duration = Duration::from_secs(3600);
/// Bytes of robots.txt read; the rest is ignored (RFC 9309 asks for at least 500 KiB).
pub(crate) const ROBOTS_MAX_BYTES: u64 = 512 * 1024;
const PRUNE_ABOVE: usize = 10_000;

/// What a host's robots.txt says for our agent.
#[derive(Debug)]
pub(crate) enum Rules {
    /// No usable robots.txt (4xx, unparsable): everything is allowed.
    AllowAll,
    /// robots.txt could not be fetched (5xx, 429, network): nothing is allowed.
    Unavailable(String),
    Parsed(Box<Robot>),
}

impl Rules {
    /// Reads a robots.txt body for `agent`.
    pub(crate) fn parse(agent: &str, body: &[u8]) -> Rules {
        // the parser is third-party code fed untrusted bytes; a panic there
        // must not take the crawler down
        match std::panic::catch_unwind(|| Robot::new(agent, body)) {
            Ok(Ok(robot)) => Rules::Parsed(Box::new(robot)),
            _ => Rules::AllowAll,
        }
    }

    fn crawl_delay(&self) -> Option<Duration> {
        match self {
            Rules::Parsed(robot) => robot.delay.and_then(|d| Duration::try_from_secs_f32(d).ok()),
            _ => None,
        }
    }
}

#[derive(Debug)]
struct Cached {
    expires: Instant,
    until: DateTime<Utc>,
    rules: Rules,
}

type Slot = Arc<tokio::sync::Mutex<Option<Cached>>>;

/// robots.txt answers per host key (`scheme://host:port`).
#[derive(Debug, Default)]
pub(crate) struct RobotsCache {
    map: Mutex<HashMap<String, Slot>>,
}

/// The robots.txt URL for a page.
pub(crate) fn robots_url(url: &Url) -> Url {
    let mut robots = url.clone();
    robots.set_path("/robots.txt");
    robots.set_query(None);
    robots.set_fragment(None);
    robots
}

impl RobotsCache {
    fn slot(&self, key: &str) -> Slot {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = map.get(key) {
            return slot.clone();
        }
        if map.len() >= PRUNE_ABOVE {
            let now = Instant::now();
            map.retain(|_, s| match s.try_lock() {
                Ok(c) => c.as_ref().is_some_and(|c| c.expires > now),
                Err(_) => true,
            });
        }
        let slot = Slot::default();
        map.insert(key.to_string(), slot.clone());
        slot
    }

    /// Whether `url` may be fetched. `load` fetches and reads the host's
    /// robots.txt when no fresh answer is cached (one load per host at a time);
    /// an error from it (a refused address) is returned and not cached.
    /// `on_delay` receives the host's Crawl-delay on every check.
    pub(crate) async fn check<F, Fut>(
        &self,
        key: &str,
        url: &Url,
        agent: &str,
        load: F,
        on_delay: impl FnOnce(Option<Duration>),
    ) -> Result<()>
    where
        F: FnOnce() -> Fut,
        Fut: Future<Output = Result<Rules>>,
    {
        let slot = self.slot(key);
        let mut cached = slot.lock().await;
        let now = Instant::now();
        let cached = match &mut *cached {
            Some(c) if c.expires > now => c,
            stale => {
                let rules = load().await?;
                let until = Utc::now() + ROBOTS_TTL;
                stale.insert(Cached { expires: Instant::now() + ROBOTS_TTL, until, rules })
            }
        };
        on_delay(cached.rules.crawl_delay());
        match &cached.rules {
            Rules::AllowAll => Ok(()),
            Rules::Unavailable(reason) => {
                Err(FetchError::RobotsUnavailable { url: url.to_string(), reason: reason.clone(), until: cached.until })
            }
            Rules::Parsed(robot) => {
                if robot.allowed(&url[..Position::AfterQuery]) {
                    Ok(())
                } else {
                    Err(FetchError::RobotsDisallowed {
                        url: url.to_string(),
                        robots_url: robots_url(url).to_string(),
                        agent: agent.to_string(),
                    })
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TXT: &[u8] = b"User-agent: *\nDisallow: /\n\nUser-agent: NewsDesk\nDisallow: /private\nCrawl-delay: 2\n";

    #[tokio::test]
    async fn rules_for_our_agent_and_cache() {
        let cache = RobotsCache::default();
        let url = |s: &str| Url::parse(s).unwrap();
        let loads = std::cell::Cell::new(0);
        let load = || async {
            loads.set(loads.get() + 1);
            Ok(Rules::parse("newsdesk", TXT))
        };
        let mut delay = None;
        cache.check("k", &url("http://h/news/1"), "newsdesk", load, |d| delay = d).await.unwrap();
        assert_eq!(delay, Some(Duration::from_secs(2)));
        let err = cache.check("k", &url("http://h/private/x?y"), "newsdesk", load, |_| ()).await.unwrap_err();
        assert_eq!(err.kind(), "robots");
        assert!(err.to_string().contains("http://h/robots.txt"), "{err}");
        assert_eq!(loads.get(), 1, "robots.txt is loaded once per host");
        // another agent falls under `*`
        let other = Rules::parse("otherbot", TXT);
        assert!(matches!(&other, Rules::Parsed(r) if !r.allowed("/news/1")));
    }

    #[tokio::test]
    async fn unavailable_and_load_errors() {
        let cache = RobotsCache::default();
        let url = Url::parse("http://h/a").unwrap();
        let err = cache
            .check("k", &url, "newsdesk", || async { Ok(Rules::Unavailable("HTTP 503".into())) }, |_| ())
            .await
            .unwrap_err();
        assert_eq!(err.kind(), "robots_unavailable");
        assert!(err.is_retryable());
        let refused = || async { Err(FetchError::Network { url: "u".into(), message: "m".into() }) };
        assert!(cache.check("k2", &url, "newsdesk", refused, |_| ()).await.is_err());
        // not cached: the next check loads again
        cache.check("k2", &url, "newsdesk", || async { Ok(Rules::AllowAll) }, |_| ()).await.unwrap();
        assert!(matches!(Rules::parse("a", b"\xff\xfe garbage \0 \n Disallow"), Rules::Parsed(_) | Rules::AllowAll));
    }
}
