//! Integration tests of newsdesk-fetch against local axum servers.

mod conditional;
mod limits;
mod politeness;
mod retries;
mod safety;
mod server;
