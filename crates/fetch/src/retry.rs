//! Retry timing: `Retry-After` parsing and exponential backoff with full jitter.

use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

/// First backoff ceiling; doubled per further attempt.
const BACKOFF_BASE: Duration = Duration::from_millis(500);
/// Largest backoff ceiling.
const BACKOFF_MAX: Duration = Duration::from_secs(30);

/// The wait a `Retry-After` value asks for: delta-seconds or an HTTP-date
/// (a date in the past means now). `None` when it is neither.
pub(crate) fn parse_retry_after(value: &str, now: SystemTime) -> Option<Duration> {
    let value = value.trim();
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        // an absurdly long number of seconds is still "too long", not garbage
        return Some(Duration::from_secs(value.parse::<u64>().unwrap_or(u64::MAX)));
    }
    let at = httpdate::parse_http_date(value).ok()?;
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

/// Cheap thread-safe PRNG for jitter (splitmix64 over an atomic counter),
/// seeded from the clock: jitter only needs to differ between crawlers.
#[derive(Debug)]
pub(crate) struct Jitter {
    state: AtomicU64,
}

impl Jitter {
    pub(crate) fn from_time() -> Jitter {
        let nanos = SystemTime::now().duration_since(SystemTime::UNIX_EPOCH).map(|d| d.as_nanos() as u64).unwrap_or(1);
        Jitter { state: AtomicU64::new(nanos ^ (std::process::id() as u64).rotate_left(32)) }
    }

    pub(crate) fn next_u64(&self) -> u64 {
        let mut z = self.state.fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed).wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Full-jitter backoff before try number `attempt + 1` (`attempt` >= 1 tries
    /// made): uniform in [0, min(max, base * 2^(attempt-1))].
    pub(crate) fn backoff(&self, attempt: u32) -> Duration {
        let ceiling = BACKOFF_BASE.saturating_mul(1u32 << attempt.saturating_sub(1).min(16)).min(BACKOFF_MAX);
        let millis = ceiling.as_millis() as u64;
        Duration::from_millis(self.next_u64() % (millis + 1))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retry_after_forms() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000);
        assert_eq!(parse_retry_after(" 7 ", now), Some(Duration::from_secs(7)));
        assert_eq!(parse_retry_after("99999999999999999999999", now), Some(Duration::from_secs(u64::MAX)));
        let later = httpdate::fmt_http_date(now + Duration::from_secs(90));
        assert_eq!(parse_retry_after(&later, now), Some(Duration::from_secs(90)));
        let earlier = httpdate::fmt_http_date(now - Duration::from_secs(90));
        assert_eq!(parse_retry_after(&earlier, now), Some(Duration::ZERO));
        assert_eq!(parse_retry_after("soon", now), None);
        assert_eq!(parse_retry_after("-3", now), None);
    }

    #[test]
    fn backoff_is_bounded_and_varies() {
        let j = Jitter::from_time();
        let first: Vec<Duration> = (0..200).map(|_| j.backoff(1)).collect();
        assert!(first.iter().all(|d| *d <= BACKOFF_BASE));
        assert!(first.iter().any(|d| *d != first[0]), "jitter should vary");
        assert!((0..200).all(|_| j.backoff(3) <= BACKOFF_BASE * 4));
        assert!((0..50).all(|_| j.backoff(40) <= BACKOFF_MAX));
    }
}
