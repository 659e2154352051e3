//! Integration tests of newsdesk-sources, one module per topic.

mod classify;
mod discover;
mod feeds;
mod lists;
mod nasty;
mod sitemaps;

use std::io::Write;

pub fn url(s: &str) -> url::Url {
    url::Url::parse(s).expect("test URL")
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::default());
    enc.write_all(bytes).expect("gzip");
    enc.finish().expect("gzip")
}
