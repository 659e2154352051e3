//! A served data directory with known articles, shared by every topic.

use std::net::SocketAddr;

use newsdesk_analysis::{AnalysisFollower, ArticleAnalyzer};
use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_index::ArticleIndex;
use newsdesk_model::{Article, Block, BlockKind, PubDate};
use newsdesk_server::{ServerConfig, ServerState};
use newsdesk_store::{Follower, PageRecord, Store};
use newsdesk_store_sqlite::SqliteStore;

/// A running server over a temporary data directory.
pub struct Served {
    pub addr: SocketAddr,
    pub client: reqwest::Client,
    _dir: tempfile::TempDir,
    _runtime: tokio::runtime::Runtime,
}

impl Served {
    /// The served data directory, to change behind the server's back.
    pub fn data(&self) -> &std::path::Path {
        self._dir.path()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.addr)
    }

    /// GET `path`: status and body.
    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.expect("request");
        (r.status().as_u16(), r.text().await.expect("body"))
    }
}

/// An article: `id`, outlet, country, ISO date, title, body paragraphs.
pub fn article(id: &str, source: &str, country: &str, date: &str, title: &str, paragraphs: &[&str]) -> Article {
    let mut a = Article::new(id.to_string());
    a.url = Some(format!("https://{}.example/{id}", source.to_lowercase().replace(' ', "-")));
    a.site_name = Some(source.into());
    a.country = Some(country.into());
    a.language = Some("en".into());
    a.published = Some(date.parse::<PubDate>().expect("date"));
    a.title = Some(title.into());
    a.blocks = paragraphs.iter().map(|p| Block::new(BlockKind::Paragraph, *p)).collect();
    a.text = paragraphs.join("\n\n");
    a.word_count = a.text.split_whitespace().count();
    a
}

/// The articles every topic can count on: a flood story covered by three
/// outlets (one of them a wire copy), a rate decision, and a hostile page.
pub fn corpus() -> Vec<Article> {
    let flood = [
        "Heavy rain flooded the old town of Riverton on Monday, forcing hundreds of residents to leave their homes \
         as the river rose two metres above its usual level.",
        "\"We have never seen water this high,\" said Mayor Anna Berg, who asked residents to stay away from the \
         banks until the weekend.",
        "The regional government said 40 million euros would go to repairs, citing its own damage report.",
    ];
    vec![
        article(
            "flood-wire",
            "Wire Service",
            "GB",
            "2025-03-03T08:00:00+00:00",
            "River floods Riverton old town",
            &flood,
        ),
        article("flood-copy", "Daily Echo", "IE", "2025-03-03T11:00:00+00:00", "Floods hit Riverton", &flood),
        article(
            "flood-own",
            "Valley Times",
            "DE",
            "2025-03-04T09:00:00+00:00",
            "Riverton counts the cost of the flood",
            &[
                "Riverton began clearing mud from its flooded old town on Tuesday after the river fell back below \
                 its banks, leaving damaged shops and homes behind.",
                "Mayor Anna Berg said the town would need months to recover from the flood and that insurers had \
                 been slow to answer.",
            ],
        ),
        article(
            "rates",
            "Wire Service",
            "GB",
            "2025-03-05T10:00:00+00:00",
            "Central bank holds interest rates",
            &[
                "The central bank kept its main interest rate unchanged at 3.5 percent on Wednesday, saying \
                 inflation in services was still too high to cut.",
                "Governor Maria Costa said the bank would cut rates when the data allowed, without giving a date.",
            ],
        ),
        article(
            "hostile",
            "Evil <b>Outlet</b>",
            "US",
            "2025-03-05T12:00:00+00:00",
            "<script>alert('title')</script> Hostile headline <img src=x onerror=alert(1)>",
            &[
                "A paragraph with <script>alert('body')</script> and <svg onload=alert(2)></svg> inside it, \
                 about the flood in Riverton.",
                "Click <a href=\"javascript:alert(3)\">here</a> for more on the river.",
            ],
        ),
    ]
}

/// Stores `articles` with coverage, analyses and the index, as `ingest`
/// would, and serves the directory with `config`.
pub fn serve_with(articles: Vec<Article>, config: ServerConfig) -> Served {
    serve_state(articles, config, |state| state)
}

/// [`serve_with`], the state given to `customize` before serving.
pub fn serve_state(
    articles: Vec<Article>,
    config: ServerConfig,
    customize: impl FnOnce(ServerState) -> ServerState,
) -> Served {
    let dir = tempfile::tempdir().expect("temp dir");
    let data = dir.path();
    let mut store = SqliteStore::open(data).expect("store");
    let mut hostile = articles.iter().find(|a| a.id == "hostile").cloned();
    if let Some(h) = hostile.as_mut() {
        h.url = Some("javascript:alert('url')".into());
    }
    let batch: Vec<PageRecord> = articles
        .into_iter()
        .map(|a| if a.id == "hostile" { hostile.clone().expect("hostile") } else { a })
        .map(PageRecord::new)
        .collect();
    store.put_batch(&batch).expect("put");
    let mut analysis = AnalysisFollower::new(SqliteStore::open(data).expect("store"), ArticleAnalyzer::default());
    analysis.committed(&batch, chrono::Utc::now()).expect("analysis");
    let mut coverage = Coverage::new(store, CoverageConfig::default()).expect("coverage");
    coverage.catch_up(&mut |_, _| {}).expect("coverage catch-up");
    let mut index = ArticleIndex::open(&data.join("index")).expect("index");
    index.add(batch.iter().map(|r| &r.article)).expect("index add");
    index.commit(Some("test")).expect("commit");
    drop(index);
    drop(coverage);

    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let state = customize(ServerState::open(data, config).expect("state"));
    let listener = runtime.block_on(tokio::net::TcpListener::bind("127.0.0.1:0")).expect("bind");
    let addr = listener.local_addr().expect("addr");
    runtime.spawn(async move { newsdesk_server::serve(listener, state).await });
    Served { addr, client: reqwest::Client::new(), _dir: dir, _runtime: runtime }
}

pub fn serve() -> Served {
    serve_with(corpus(), ServerConfig::default())
}

/// Runs an async test body on its own runtime.
pub fn run<F: std::future::Future>(f: F) -> F::Output {
    tokio::runtime::Builder::new_current_thread().enable_all().build().expect("runtime").block_on(f)
}
