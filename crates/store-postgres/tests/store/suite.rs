//! The backend suite on a PostgreSQL schema of its own per test.

newsdesk_store_tests::store_suite!(super::pg::Pg::new());
