use std::time::Duration;

use newsdesk_store::Result;
use tokio_postgres::types::ToSql;
use tokio_postgres::{Client, NoTls};

use crate::error::Context;
use crate::store::redact;

/// Each host's next request, kept in the database so that workers on
/// several machines fetching from one host keep one pace between them (the
/// clock is the database's, so the machines' clocks need not agree).
///
/// Unlike [`PgStore`](crate::PgStore) it is async, as the fetcher books
/// from its tasks, on a connection of its own. The table comes with the
/// schema: connect a `PgStore` to the database first.
pub struct PgHostPace {
    client: Client,
    shown: String,
}

impl std::fmt::Debug for PgHostPace {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgHostPace").field("url", &self.shown).finish_non_exhaustive()
    }
}

impl PgHostPace {
    /// Connects to the database at `url`; the connection runs as a task of
    /// the current tokio runtime.
    pub async fn connect(url: &str) -> Result<PgHostPace> {
        let shown = redact(url);
        let (client, connection) = tokio_postgres::connect(url, NoTls).await.ctx(|| format!("connect to {shown}"))?;
        // Its error, if the server goes away, is met again by the next call,
        // which says what it was doing.
        tokio::spawn(async move { drop(connection.await) });
        Ok(PgHostPace { client, shown })
    }

    /// Whether the connection is gone (connect again).
    pub fn is_closed(&self) -> bool {
        self.client.is_closed()
    }

    /// Books `host`'s next request, `spacing` after the start of the last
    /// one booked (or now, if that is later), and returns how long to wait
    /// for it. Concurrent bookings of a host queue on its row.
    pub async fn book(&self, host: &str, spacing: Duration) -> Result<Duration> {
        let row = self
            .client
            .query_one(
                "INSERT INTO host_pace AS p (host, next_at) \
                 VALUES ($1, clock_timestamp() + make_interval(secs => $2::float8)) \
                 ON CONFLICT (host) DO UPDATE \
                 SET next_at = greatest(p.next_at, clock_timestamp()) + make_interval(secs => $2::float8) \
                 RETURNING greatest(0.0, extract(epoch FROM p.next_at - clock_timestamp())::float8 - $2::float8)",
                &[&host as &(dyn ToSql + Sync), &spacing.as_secs_f64()],
            )
            .await
            .ctx(|| format!("booking a request to {host}"))?;
        Ok(Duration::from_secs_f64(row.get::<_, f64>(0)))
    }

    /// No request to `host` is booked to start within `wait` from now.
    pub async fn hold_off(&self, host: &str, wait: Duration) -> Result<()> {
        self.client
            .execute(
                "INSERT INTO host_pace AS p (host, next_at) \
                 VALUES ($1, clock_timestamp() + make_interval(secs => $2::float8)) \
                 ON CONFLICT (host) DO UPDATE SET next_at = greatest(p.next_at, EXCLUDED.next_at)",
                &[&host as &(dyn ToSql + Sync), &wait.as_secs_f64()],
            )
            .await
            .ctx(|| format!("holding requests to {host} off"))?;
        Ok(())
    }
}
