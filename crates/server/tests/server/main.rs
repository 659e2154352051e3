//! The server end to end: a data directory filled with known articles,
//! `serve` on 127.0.0.1:0, real HTTP requests.

mod api;
mod browser;
mod common;
mod pages;
mod ui;
