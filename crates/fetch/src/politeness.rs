//! Per-host gates: one request at a time per host, a pause between requests to
//! the same host, and a global limit on requests in flight; with a
//! [`SharedPace`], the pause also holds between processes.

use std::collections::{BTreeMap, HashMap};
use std::future::Future;
use std::pin::Pin;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};
use std::time::{Duration, Instant};

use tokio::sync::{OwnedMutexGuard, OwnedSemaphorePermit, Semaphore};

use crate::stats::HostStats;

/// Longest robots.txt `Crawl-delay` obeyed.
pub(crate) const MAX_CRAWL_DELAY: Duration = Duration::from_secs(60);
/// Above this many known hosts, idle ones are forgotten.
const PRUNE_ABOVE: usize = 10_000;

/// What a [`SharedPace`] call returns.
pub type PaceFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;

/// A host's pace kept where every process fetching for one crawl sees it
/// (several workers on several machines): without it each process keeps
/// its own pause, and a host crawled by N workers gets N requests per pause.
///
/// Hosts are keyed `scheme://host:port`. Both calls are infallible: an
/// implementation that cannot reach its shared state answers as it sees fit
/// (the process's own pace still holds) and reports the failure itself.
pub trait SharedPace: Send + Sync {
    /// Books the host's next request, `spacing` after the start of the last
    /// one booked by any process (or now, if that is later), and returns how
    /// long to wait for the booked start.
    fn book<'a>(&'a self, host: &'a str, spacing: Duration) -> PaceFuture<'a, Duration>;

    /// No request to the host is booked to start within `wait` from now
    /// (it sent `Retry-After`).
    fn hold_off<'a>(&'a self, host: &'a str, wait: Duration) -> PaceFuture<'a, ()>;
}

#[derive(Debug, Default)]
struct Timing {
    /// Earliest start of the next request.
    next_allowed: Option<Instant>,
    /// Pause after each request: the configured delay or a larger Crawl-delay.
    delay: Duration,
    requests: u64,
    waited: Duration,
}

#[derive(Debug, Default)]
struct HostSlot {
    gate: Arc<tokio::sync::Mutex<()>>,
    timing: Mutex<Timing>,
}

impl HostSlot {
    fn timing(&self) -> MutexGuard<'_, Timing> {
        // the data stays consistent even if a holder panicked
        self.timing.lock().unwrap_or_else(PoisonError::into_inner)
    }
}

/// The right to send one request to a host; dropping it (also when the request
/// future is cancelled) starts the host's pause.
pub(crate) struct Turn {
    slot: Arc<HostSlot>,
    _gate: OwnedMutexGuard<()>,
    _permit: Option<OwnedSemaphorePermit>,
}

impl Drop for Turn {
    fn drop(&mut self) {
        let mut t = self.slot.timing();
        let next = Instant::now() + t.delay;
        t.next_allowed = Some(t.next_allowed.map_or(next, |n| n.max(next)));
    }
}

pub(crate) struct Hosts {
    map: Mutex<HashMap<String, Arc<HostSlot>>>,
    global: Arc<Semaphore>,
    base_delay: Duration,
    shared: Option<Arc<dyn SharedPace>>,
}

impl Hosts {
    pub(crate) fn new(base_delay: Duration, max_in_flight: usize, shared: Option<Arc<dyn SharedPace>>) -> Hosts {
        Hosts { map: Mutex::new(HashMap::new()), global: Arc::new(Semaphore::new(max_in_flight)), base_delay, shared }
    }

    fn slot(&self, key: &str) -> Arc<HostSlot> {
        let mut map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(slot) = map.get(key) {
            return slot.clone();
        }
        if map.len() >= PRUNE_ABOVE {
            let now = Instant::now();
            map.retain(|_, s| Arc::strong_count(s) > 1 || s.timing().next_allowed.is_some_and(|t| t > now));
        }
        let slot = Arc::new(HostSlot::default());
        slot.timing().delay = self.base_delay;
        map.insert(key.to_string(), slot.clone());
        slot
    }

    /// Waits until this host is free and its pause is over (here, then in
    /// the shared pace), then for a global slot.
    pub(crate) async fn turn(&self, key: &str) -> Turn {
        let asked = Instant::now();
        let slot = self.slot(key);
        let gate = slot.gate.clone().lock_owned().await;
        loop {
            // re-read: a Retry-After may push the time back while we sleep
            let next = slot.timing().next_allowed;
            match next {
                Some(t) if t > Instant::now() => tokio::time::sleep_until(t.into()).await,
                _ => break,
            }
        }
        let delay = slot.timing().delay;
        if let Some(shared) = self.shared.as_ref().filter(|_| !delay.is_zero()) {
            // Booked with the gate held, so this process books one request
            // of the host at a time.
            tokio::time::sleep(shared.book(key, delay).await).await;
        }
        // the semaphore is never closed, so this only fails in theory
        let permit = self.global.clone().acquire_owned().await.ok();
        {
            let mut t = slot.timing();
            t.requests += 1;
            t.waited += asked.elapsed();
        }
        Turn { slot, _gate: gate, _permit: permit }
    }

    /// Applies a robots.txt Crawl-delay: the host's pause becomes the larger of
    /// the configured delay and the Crawl-delay (capped at [`MAX_CRAWL_DELAY`]).
    pub(crate) fn set_crawl_delay(&self, key: &str, crawl_delay: Option<Duration>) {
        let delay = crawl_delay.map_or(self.base_delay, |c| self.base_delay.max(c.min(MAX_CRAWL_DELAY)));
        let slot = self.slot(key);
        let mut t = slot.timing();
        if delay > t.delay {
            // the pause already started (after the robots.txt request) grows too
            let extra = delay - t.delay;
            t.next_allowed = t.next_allowed.map(|n| n + extra);
        }
        t.delay = delay;
    }

    /// No request to the host within `wait` (the server sent Retry-After),
    /// from this process or, with a shared pace, any other.
    pub(crate) async fn defer(&self, key: &str, wait: Duration) {
        let until = Instant::now() + wait;
        {
            let slot = self.slot(key);
            let mut t = slot.timing();
            t.next_allowed = Some(t.next_allowed.map_or(until, |n| n.max(until)));
        }
        if let Some(shared) = &self.shared {
            shared.hold_off(key, wait).await;
        }
    }

    pub(crate) fn stats(&self) -> BTreeMap<String, HostStats> {
        let map = self.map.lock().unwrap_or_else(PoisonError::into_inner);
        map.iter()
            .map(|(host, slot)| {
                let t = slot.timing();
                let mean = if t.requests == 0 { 0.0 } else { t.waited.as_secs_f64() / t.requests as f64 };
                let stats = HostStats {
                    requests: t.requests,
                    waited_secs: t.waited.as_secs_f64(),
                    mean_wait_secs: mean,
                    delay_secs: t.delay.as_secs_f64(),
                };
                (host.clone(), stats)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn one_at_a_time_with_pause() {
        let hosts = Arc::new(Hosts::new(Duration::from_millis(40), 8, None));
        let started = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for _ in 0..3 {
            let (hosts, started) = (hosts.clone(), started.clone());
            tasks.push(tokio::spawn(async move {
                let _turn = hosts.turn("http://a:80").await;
                started.lock().unwrap().push(Instant::now());
                tokio::time::sleep(Duration::from_millis(10)).await;
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let times = started.lock().unwrap().clone();
        for w in times.windows(2) {
            assert!(w[1] - w[0] >= Duration::from_millis(50), "{:?}", w[1] - w[0]);
        }
        hosts.set_crawl_delay("http://a:80", Some(Duration::from_secs(3600)));
        hosts.set_crawl_delay("http://b:80", Some(Duration::from_millis(1)));
        let stats = hosts.stats();
        assert_eq!(stats["http://a:80"].delay_secs, 60.0);
        assert_eq!(stats["http://a:80"].requests, 3);
        assert!((stats["http://b:80"].delay_secs - 0.04).abs() < 1e-9);
    }

    /// Each host's next booked start, as a database would keep it.
    #[derive(Default)]
    struct Booked(Mutex<HashMap<String, Instant>>);

    impl SharedPace for Booked {
        fn book<'a>(&'a self, host: &'a str, spacing: Duration) -> PaceFuture<'a, Duration> {
            let now = Instant::now();
            let mut next = self.0.lock().unwrap();
            let start = next.get(host).map_or(now, |&t| t.max(now));
            next.insert(host.to_string(), start + spacing);
            Box::pin(std::future::ready(start - now))
        }

        fn hold_off<'a>(&'a self, host: &'a str, wait: Duration) -> PaceFuture<'a, ()> {
            let until = Instant::now() + wait;
            let mut next = self.0.lock().unwrap();
            let at = next.entry(host.to_string()).or_insert(until);
            *at = (*at).max(until);
            Box::pin(std::future::ready(()))
        }
    }

    /// Two processes' fetchers (two `Hosts`) sharing a pace: their requests
    /// to one host are spaced as one process's would be, and a Retry-After
    /// one of them heard holds the other back too.
    #[tokio::test]
    async fn a_shared_pace_spaces_requests_across_processes() {
        let pace: Arc<dyn SharedPace> = Arc::new(Booked::default());
        let delay = Duration::from_millis(60);
        let processes = [0, 1].map(|_| Arc::new(Hosts::new(delay, 8, Some(pace.clone()))));
        let started = Arc::new(Mutex::new(Vec::new()));
        let mut tasks = Vec::new();
        for hosts in processes.iter().cycle().take(6) {
            let (hosts, started) = (hosts.clone(), started.clone());
            tasks.push(tokio::spawn(async move {
                let _turn = hosts.turn("http://a:80").await;
                started.lock().unwrap().push(Instant::now());
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        let mut times = started.lock().unwrap().clone();
        times.sort();
        for w in times.windows(2) {
            // Unshared, the two would start together; the slack is the
            // timer's lateness on a busy machine.
            assert!(w[1] - w[0] >= delay - Duration::from_millis(15), "{:?}", w[1] - w[0]);
        }

        processes[0].defer("http://b:80", Duration::from_millis(150)).await;
        let asked = Instant::now();
        let _turn = processes[1].turn("http://b:80").await;
        assert!(asked.elapsed() >= Duration::from_millis(140), "{:?}", asked.elapsed());
    }
}
