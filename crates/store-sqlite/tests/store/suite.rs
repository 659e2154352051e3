//! The backend suite on a SQLite store in a temporary directory of its own
//! per test; opening the directory again gives another handle on it.

use newsdesk_store::Result;
use newsdesk_store_sqlite::SqliteStore;
use newsdesk_store_tests::Backend;

pub struct Sqlite(tempfile::TempDir);

impl Sqlite {
    pub fn new() -> Sqlite {
        Sqlite(tempfile::tempdir().unwrap())
    }
}

impl Backend for Sqlite {
    type Store = SqliteStore;

    fn open(&self) -> SqliteStore {
        SqliteStore::open(self.0.path()).unwrap()
    }

    fn version_raw_html(store: &SqliteStore, id: &str, version: u32) -> Result<Option<Vec<u8>>> {
        store.version_raw_html(id, version)
    }
}

newsdesk_store_tests::store_suite!(Sqlite::new());
