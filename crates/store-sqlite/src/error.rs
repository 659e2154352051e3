use std::fmt::Display;

use newsdesk_store::{Result, StoreError};

pub(crate) fn backend(message: String) -> StoreError {
    StoreError::Backend { backend: "sqlite", message }
}

/// Attaches the operation (and the id it concerned) to a backend error, so a
/// failure in a 500-record batch says which record it was.
pub(crate) trait Context<T> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T>;
}

impl<T, E: Display> Context<T> for std::result::Result<T, E> {
    fn ctx(self, what: impl FnOnce() -> String) -> Result<T> {
        self.map_err(|e| backend(format!("{}: {e}", what())))
    }
}
