//! End-to-end tests of the `newsdesk` binary, split by topic.

mod analysis;
mod browse;
mod cluster;
mod crash;
mod crawl;
mod dedup;
mod extract;
mod ingest;
mod model;
mod scale;
mod search;
mod semantic;
mod serve;
mod stories;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root, where `samples/` lives.
pub fn repo() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

pub fn sample(rel: &str) -> PathBuf {
    repo().join("samples").join(rel)
}

/// The binary under test, with its data directory set.
pub fn newsdesk(data: &Path) -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_newsdesk"));
    c.arg("--data").arg(data).env_remove("NEWSDESK_DATA").env_remove("NEWSDESK_MODEL");
    c
}

pub fn run(cmd: &mut Command) -> Output {
    cmd.output().expect("newsdesk runs")
}

pub fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

pub fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

pub fn json_lines(o: &Output) -> Vec<serde_json::Value> {
    stdout(o).lines().map(|l| serde_json::from_str(l).unwrap_or_else(|e| panic!("bad JSON line {l:?}: {e}"))).collect()
}

/// A small but realistic article page with a distinct title and body.
pub fn article_page(n: usize, variant: &str) -> String {
    format!(
        r#"<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Council vote {n} - Test Gazette</title>
<link rel="canonical" href="https://gazette.example/2025/03/14/council-vote-{n}">
<meta property="article:published_time" content="2025-03-14T08:30:00+01:00"></head>
<body><nav><a href="/">Home</a> <a href="/politics">Politics</a> <a href="/sport">Sport</a></nav>
<article><h1>Council vote {n}</h1>
<p>The city council voted on proposal number {n} on Tuesday evening after a debate that lasted more than four hours and drew a crowd of residents to the chamber.</p>
<p>Supporters said the measure {variant} would ease traffic in the old town, while opponents warned that shop owners along the main street would lose customers during the works.</p>
<p>The mayor said the first phase of construction would begin in the autumn and that residents would be consulted again before the second phase starts next year.</p>
</article><footer><a href="/about">About us</a> <a href="/contact">Contact</a></footer></body></html>"#
    )
}
