use std::fmt::Display;

use newsdesk_store::{Result, StoreError};

pub(crate) fn backend(message: String) -> StoreError {
    StoreError::Backend { backend: "postgres", message }
}

/// Attaches the operation (and the id it concerned) to a backend error, so a
/// failure in a 500-record batch says which record it was.
pub(crate) trait Context<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T> Context<T> for std::result::Result<T, postgres::Error> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        // postgres::Error's Display is only "db error"; the server's message
        // and detail live in its source.
        self.map_err(|e| match e.as_db_error() {
            Some(db) => backend(format!(
                "{}: {}{}",
                what(),
                db.message(),
                db.detail().map(|d| format!(" ({d})")).unwrap_or_default()
            )),
            None => backend(format!("{}: {e}", what())),
        })
    }
}

/// For the other errors met on the way (JSON, compression).
pub(crate) trait OtherContext<T> {
    fn other_ctx(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Display> OtherContext<T> for std::result::Result<T, E> {
    fn other_ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| backend(format!("{}: {e}", what())))
    }
}
