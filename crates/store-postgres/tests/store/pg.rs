//! One fresh schema per test in the database `NEWSDESK_TEST_PG` names.

use std::sync::atomic::{AtomicU64, Ordering};

use newsdesk_store::Result;
use newsdesk_store_postgres::PgStore;
use newsdesk_store_tests::Backend;
use postgres::{Client, NoTls};

/// The variable naming the test database.
pub const ENV: &str = "NEWSDESK_TEST_PG";

/// A schema of its own in the test database, created empty and dropped
/// (with everything in it) when this is dropped.
pub struct Pg {
    base: String,
    schema: String,
}

impl Pg {
    /// A new empty schema, or `None` (having said so) when `NEWSDESK_TEST_PG`
    /// is not set. Panics when it is set but the server cannot be used.
    pub fn new() -> Option<Pg> {
        let base = match std::env::var(ENV) {
            Ok(url) if !url.trim().is_empty() => url.trim().to_string(),
            _ => {
                eprintln!("skipping: set {ENV}=postgres://... to run the PostgreSQL tests");
                return None;
            }
        };
        static NEXT: AtomicU64 = AtomicU64::new(0);
        let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
        let schema = format!("nd_{}_{}_{:x}", std::process::id(), NEXT.fetch_add(1, Ordering::Relaxed), nanos);
        let mut admin = Client::connect(&base, NoTls).unwrap_or_else(|e| panic!("connect to {ENV}: {e}"));
        admin
            .batch_execute(&format!("CREATE SCHEMA {schema}"))
            .unwrap_or_else(|e| panic!("create schema {schema}: {e}"));
        Some(Pg { base, schema })
    }

    pub fn schema(&self) -> &str {
        &self.schema
    }

    /// The database URL with this schema as the search path.
    pub fn url(&self) -> String {
        let sep = if self.base.contains('?') { '&' } else { '?' };
        format!("{}{sep}options=-csearch_path%3D{}", self.base, self.schema)
    }

    /// A plain connection in this schema, to do what no newsdesk would.
    pub fn raw(&self) -> Client {
        Client::connect(&self.url(), NoTls).unwrap()
    }

    pub fn connect(&self) -> Result<PgStore> {
        PgStore::connect(&self.url())
    }
}

impl Drop for Pg {
    fn drop(&mut self) {
        let dropped = Client::connect(&self.base, NoTls)
            .and_then(|mut c| c.batch_execute(&format!("DROP SCHEMA IF EXISTS {} CASCADE", self.schema)));
        if let Err(e) = dropped {
            eprintln!("could not drop test schema {}: {e}", self.schema);
        }
    }
}

impl Backend for Pg {
    type Store = PgStore;

    fn open(&self) -> PgStore {
        self.connect().unwrap_or_else(|e| panic!("connect in schema {}: {e}", self.schema))
    }

    fn version_raw_html(store: &PgStore, id: &str, version: u32) -> Result<Option<Vec<u8>>> {
        store.version_raw_html(id, version)
    }
}
