//! `serve`: the HTTP server over the data directory, with the sources
//! watched in the background on request.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::Context;
use newsdesk_server::ServerState;

use crate::browse::open_existing;
use crate::crawl::{self, CrawlFlags};
use crate::{coverage, index};

pub fn run(data: &Path, addr: &str, watch: Option<CrawlFlags>, model: Option<PathBuf>) -> anyhow::Result<ExitCode> {
    let config = crawl::load_server_config(data)?;
    std::fs::create_dir_all(data).with_context(|| format!("creating {}", data.display()))?;
    if data.join(newsdesk_store_sqlite::DB_FILE).exists() {
        // Bring the derived index and coverage up to date once, then leave
        // the writing to whoever stores articles.
        let store = open_existing(data)?;
        drop(index::open_current(data, &store)?);
        drop(coverage::open_current(store)?);
    }
    let state = ServerState::open(data, config).with_context(|| format!("opening {}", data.display()))?;
    if let Some(flags) = watch {
        let data = data.to_path_buf();
        std::thread::spawn(move || match crawl::watch(&data, false, None, &flags, model.as_deref()) {
            Ok(_) => eprintln!("watch: stopped"),
            Err(e) => eprintln!("watch: {e:#}"),
        });
    }
    let runtime = tokio::runtime::Runtime::new().context("starting the async runtime")?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(addr).await.with_context(|| format!("listening on {addr}"))?;
        let local = listener.local_addr()?;
        eprintln!("serving {} on http://{local}/ (API under /api/v1)", data.display());
        newsdesk_server::serve(listener, state).await.context("serving")
    })?;
    Ok(ExitCode::SUCCESS)
}
