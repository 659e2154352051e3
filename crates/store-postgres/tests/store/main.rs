//! The PostgreSQL store's tests: the behaviour suite every backend runs
//! (`newsdesk-store-tests`), then what is about PostgreSQL itself (many
//! writers at once, schemas, reconnecting).
//!
//! They need a server: set `NEWSDESK_TEST_PG` to a database URL whose user
//! may create schemas, e.g.
//! `NEWSDESK_TEST_PG=postgres://postgres@127.0.0.1:5432/test cargo test -p newsdesk-store-postgres`.
//! Each test then runs in a schema of its own, dropped afterwards; without
//! the variable every test says it is skipped and passes.

mod pg;
mod postgres_only;
mod search;
mod suite;
