use postgres::{Client, NoTls};

use newsdesk_store::Result;

use crate::error::Context;

/// A named lock held by one process at a time across every machine using
/// the database: a PostgreSQL session advisory lock on a connection of its
/// own, released when dropped or when its holder dies (the server ends the
/// session), so another process can take over.
pub struct PgLock {
    /// Only held: the lock lives as long as this session.
    _session: Client,
    name: String,
}

impl std::fmt::Debug for PgLock {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("PgLock").field("name", &self.name).finish_non_exhaustive()
    }
}

impl PgLock {
    /// Takes the lock `name` if no one holds it; `None` if someone does.
    pub fn try_acquire(url: &str, name: &str) -> Result<Option<PgLock>> {
        let mut client = Client::connect(url, NoTls).ctx(|| format!("lock {name}: connect"))?;
        let key = format!("{name}:{}", current_schema(&mut client)?);
        let taken: bool = client
            .query_one("SELECT pg_try_advisory_lock(hashtext($1))", &[&key])
            .ctx(|| format!("lock {name}"))?
            .get(0);
        Ok(taken.then(|| PgLock { _session: client, name: name.to_string() }))
    }
}

/// Locks are per schema, like the store they guard.
fn current_schema(client: &mut Client) -> Result<String> {
    Ok(client.query_one("SELECT current_schema()", &[]).ctx(|| "current_schema".into())?.get(0))
}
