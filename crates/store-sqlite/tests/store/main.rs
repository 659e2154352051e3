//! The SQLite store's tests: the behaviour suite every backend runs
//! (`newsdesk-store-tests`), then what is about SQLite itself (its file,
//! its schema version, rows damaged behind its back), then a measurement.

mod sqlite;
mod suite;
mod throughput;
