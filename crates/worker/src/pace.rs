//! The hosts' pace shared by the workers that fetch: each request to a host
//! is booked in the store (`newsdesk_store_postgres::PgHostPace`), so
//! that N workers crawling one host send it one request per pause, not N.

use std::sync::{Arc, Mutex, PoisonError};
use std::time::Duration;

use newsdesk_fetch::{PaceFuture, SharedPace};
use newsdesk_store::Result;
use newsdesk_store_postgres::PgHostPace;

/// A worker's side of the shared pace: connects when first asked, and
/// again after the connection is lost. A booking that fails waits one
/// pause (the worker's own pace still holds) and is reported with the
/// batch (`take_failure`).
pub(crate) struct WorkerPace {
    store: String,
    conn: tokio::sync::Mutex<Option<Arc<PgHostPace>>>,
    /// Bookings failed since last reported, and the last error.
    failed: Mutex<(u64, String)>,
}

impl WorkerPace {
    pub(crate) fn new(store: &str) -> WorkerPace {
        WorkerPace { store: store.to_string(), conn: tokio::sync::Mutex::default(), failed: Mutex::default() }
    }

    async fn conn(&self) -> Result<Arc<PgHostPace>> {
        let mut held = self.conn.lock().await;
        if let Some(conn) = held.as_ref().filter(|c| !c.is_closed()) {
            return Ok(Arc::clone(conn));
        }
        let conn = Arc::new(PgHostPace::connect(&self.store).await?);
        *held = Some(Arc::clone(&conn));
        Ok(conn)
    }

    fn note(&self, e: impl std::fmt::Display) {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        *failed = (failed.0 + 1, e.to_string());
    }

    /// What failed since last asked, said once.
    pub(crate) fn take_failure(&self) -> Option<String> {
        let mut failed = self.failed.lock().unwrap_or_else(PoisonError::into_inner);
        let (n, last) = std::mem::take(&mut *failed);
        (n > 0).then(|| {
            format!("sharing the hosts' pace: {n} bookings failed, so this worker kept its own (last: {last})")
        })
    }
}

impl SharedPace for WorkerPace {
    fn book<'a>(&'a self, host: &'a str, spacing: Duration) -> PaceFuture<'a, Duration> {
        Box::pin(async move {
            let booked = async { self.conn().await?.book(host, spacing).await };
            booked.await.unwrap_or_else(|e| {
                self.note(e);
                spacing
            })
        })
    }

    fn hold_off<'a>(&'a self, host: &'a str, wait: Duration) -> PaceFuture<'a, ()> {
        Box::pin(async move {
            let held = async { self.conn().await?.hold_off(host, wait).await };
            if let Err(e) = held.await {
                self.note(e);
            }
        })
    }
}
