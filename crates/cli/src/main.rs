//! The `newsdesk` command line: parses arguments and dispatches to the
//! library crates. Each subcommand lives in its own module.

use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand, ValueEnum};

mod analyze;
mod browse;
mod cluster;
mod coverage;
mod crawl;
mod dedup;
mod extract;
mod index;
mod ingest;
mod jsonl;
mod progress;
mod render;
mod scale;
mod search;
mod semantic;
mod serve;

#[derive(Parser)]
#[command(name = "newsdesk", version, about = "News-intelligence engine: extract, store and browse news articles")]
struct Cli {
    /// Data directory of the embedded store [default: the platform data dir, e.g. ~/.local/share/newsdesk]
    #[arg(long, global = true, env = "NEWSDESK_DATA", value_name = "DIR")]
    data: Option<PathBuf>,
    /// A PostgreSQL store shared by many workers (postgres://user@host/db), instead
    /// of the embedded one in --data: `worker`, `ingest --nats`, `watch --nats`, `migrate`,
    /// `sources`, and the reading commands `show`, `list`, `export`, `stats`, `search`,
    /// `copies`, `stories`, `story`
    #[arg(long, global = true, env = "NEWSDESK_STORE", value_name = "URL")]
    store: Option<String>,
    /// NATS JetStream server of the work queue (nats://host:4222): `ingest` and `watch`
    /// then only queue work (pages; URLs to fetch) for `newsdesk worker` processes
    #[arg(long, global = true, env = "NEWSDESK_NATS", value_name = "URL")]
    nats: Option<String>,
    /// The work queue's name on the NATS server (its JetStream stream)
    #[arg(long, global = true, default_value = "newsdesk", value_name = "NAME")]
    queue: String,
    /// Jobs of one kind the work queue holds before `ingest --nats` waits for the
    /// workers; applied to the queue when given, else it keeps its own (100000 when made)
    #[arg(long, global = true, value_name = "N")]
    queue_capacity: Option<i64>,
    /// Seconds a worker may hold a job before it is redelivered to another;
    /// applied to the queue when given, else it keeps its own (60 when made)
    #[arg(long, global = true, value_name = "SECS")]
    ack_wait: Option<f64>,
    /// all-MiniLM-L6-v2 directory (model.safetensors, tokenizer.json, config.json):
    /// `ingest` and `reindex` also embed articles, `similar` blends semantic and lexical
    #[arg(long, global = true, env = "NEWSDESK_MODEL", value_name = "DIR")]
    model: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Extract articles from HTML files, directories, WARC or JSONL (stdin when no path or `-`).
    ///
    /// Prints one result per input; a failed input prints `{"path", "error"}`
    /// (and `PATH: reason` on stderr). Exits 1 if any input failed.
    Extract {
        /// The page's URL (for a single file or stdin): resolves links, dates in the URL.
        #[arg(long)]
        url: Option<String>,
        #[arg(long, value_enum, default_value_t = ExtractFormat::Jsonl)]
        format: ExtractFormat,
        /// Files or directories (recursively: .html, .htm, .xhtml, also gzipped); `-` is stdin.
        paths: Vec<PathBuf>,
    },
    /// Store articles from HTML files, directories, WARC (.warc, .warc.gz) and JSONL.
    ///
    /// Idempotent: an unchanged page is stored once; a changed one replaces the
    /// stored version and keeps the previous one. Exits 1 if any input failed
    /// (the others are stored).
    Ingest {
        /// Pages per transaction.
        #[arg(long, default_value_t = 512)]
        batch_size: usize,
        #[arg(required = true)]
        paths: Vec<PathBuf>,
    },
    /// Take jobs (fetch, extract, analyse) from the NATS queue into the PostgreSQL store.
    ///
    /// Run any number, on any machines, with the same --store and --nats; queue
    /// work with `newsdesk --store URL --nats URL ingest PATHS` (pages, files) or
    /// `... watch` (the sources' new URLs, as fetch jobs). A job is acked
    /// only after its result is committed: a worker killed midway loses nothing
    /// (its jobs go to another after --ack-wait) and stores nothing twice. One
    /// worker at a time (held by a PostgreSQL lock) also keeps copy groups and
    /// stories, which need one view of the active stories.
    Worker {
        /// Jobs per store transaction.
        #[arg(long, default_value_t = 256)]
        batch_size: usize,
        /// Kinds of job to take.
        #[arg(long, value_delimiter = ',', default_value = "fetch,extract,analyse")]
        jobs: Vec<String>,
        /// Never keep copy groups and stories (leave it to other workers).
        #[arg(long)]
        no_cluster: bool,
        /// Exit once the queue has been empty this many seconds and no job is held.
        #[arg(long, value_name = "SECS")]
        exit_when_drained: Option<f64>,
        /// How fetch jobs are fetched (also the `[crawl]` table of DATA/newsdesk.toml).
        #[command(flatten)]
        http: HttpFlags,
    },
    /// Move the embedded store into a PostgreSQL one (resumable: run it again after
    /// an interruption; what is there already is passed over).
    ///
    /// Moves articles with every version, raw page and date, analyses, embeddings,
    /// sources and the crawl queue; copy groups and stories are then formed there.
    Migrate {
        /// Data directory of the embedded store [default: --data]
        #[arg(long, value_name = "DIR")]
        from: Option<PathBuf>,
        /// The PostgreSQL store [default: --store]
        #[arg(long, value_name = "URL")]
        to: Option<String>,
        #[arg(long, default_value_t = 500)]
        batch_size: usize,
    },
    /// Full-text search over stored articles (BM25, title boosted).
    #[command(after_help = newsdesk_index::QUERY_SYNTAX)]
    Search {
        /// The query; see the syntax below.
        query: String,
        /// Only these outlets (repeatable).
        #[arg(long = "source")]
        sources: Vec<String>,
        /// Only this language (ISO 639-1).
        #[arg(long)]
        lang: Option<String>,
        /// Only this country (ISO 3166-1 alpha-2).
        #[arg(long)]
        country: Option<String>,
        /// Published on or after this day (YYYY-MM-DD).
        #[arg(long)]
        from: Option<chrono::NaiveDate>,
        /// Published on or before this day (YYYY-MM-DD).
        #[arg(long)]
        to: Option<chrono::NaiveDate>,
        #[arg(long, value_enum, default_value_t = SortOrder::Relevance)]
        sort: SortOrder,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, default_value_t = 0)]
        offset: usize,
        /// `json` adds the total and facet counts by source, language, country and day.
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// Articles related to one stored article (the "Similar articles" list).
    ///
    /// Lexical (BM25 more-like-this) by default; with --model, the blend of
    /// the lexical and semantic top 50 (0.3 * BM25/top BM25 + 0.7 * cosine),
    /// embedding first any stored article that has no vector yet.
    ///
    /// Syndicated copies of the article's text (as `newsdesk dedup` finds
    /// them) are listed apart, after the related articles: in `json` under
    /// `copies` (the rest under `similar`), in `jsonl` as lines with a
    /// `copy_similarity` field.
    Similar {
        id: String,
        #[arg(long, default_value_t = 10)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// Syndicated copies of a stored article, earliest published first: who
    /// published the text first, and who republished it.
    ///
    /// Copy groups are found at ingest as `newsdesk dedup` finds them
    /// (similarity >= 0.6): each article joins the group of its best match
    /// among the articles stored before it. The similarity printed is each
    /// member's with the first published.
    Copies {
        id: String,
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// Stories (events) in the store, the most recently active first.
    ///
    /// Stories are formed at ingest, as `newsdesk cluster` forms them: each
    /// article joins a story or opens one, in publication order; copies
    /// share their original's story. Each has a representative headline
    /// (the title most like its earliest articles'), first and last
    /// publication, article and outlet counts, countries.
    Stories {
        /// Only stories with an article published on or after this day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        /// Only stories with at least this many articles.
        #[arg(long, default_value_t = 1)]
        min_articles: u64,
        #[arg(long, default_value_t = 50)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// One story: its articles in publication order (copies marked), its
    /// outlets and its timeline. A story merged into another shows that one.
    Story {
        id: u64,
        /// `json`: summary, articles, outlets, timeline; `jsonl`: the articles.
        #[arg(long, value_enum, default_value_t = SearchFormat::Table)]
        format: SearchFormat,
    },
    /// Rebuild the full-text index, the copy groups and the stories from the
    /// store; with --model, also embed articles without a vector and rebuild
    /// the vector index.
    Reindex,
    /// Show one stored article.
    Show {
        id: String,
        #[arg(long, value_enum, default_value_t = ShowFormat::Text)]
        format: ShowFormat,
    },
    /// List stored articles, newest first.
    List {
        /// Only this outlet (site name), case-insensitive.
        #[arg(long)]
        source: Option<String>,
        /// Only articles published on or after this day (YYYY-MM-DD).
        #[arg(long)]
        since: Option<chrono::NaiveDate>,
        #[arg(long, default_value_t = 20)]
        limit: usize,
        #[arg(long, value_enum, default_value_t = ListFormat::Table)]
        format: ListFormat,
    },
    /// Write every stored article to stdout, streamed.
    Export {
        #[arg(long, value_enum, default_value_t = ExportFormat::Jsonl)]
        format: ExportFormat,
    },
    /// Group near-duplicates (syndicated copies) in JSONL articles (stdin when no --input or `-`).
    ///
    /// Prints `{id, group, canonical, copy_of, similarity}` per article, in input order;
    /// the canonical member is the earliest published (ties: the longest text, then the id).
    /// A bad line is reported with its number and skipped; exits 1 if any was.
    Dedup {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        /// Least similarity (Jaccard, or containment of a short version) between copies.
        #[arg(long, default_value_t = 0.6)]
        threshold: f64,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Extractive summary of each JSONL article (stdin when no --input or `-`), in its language.
    ///
    /// Prints `{id, summary: [sentence, ...]}` per article, in input order: the
    /// sentences that best stand for the article (lead, centrality, title),
    /// in text order. A bad line is reported with its number and skipped; exits 1 if any was.
    Summarize {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        /// Sentences per summary.
        #[arg(long, default_value_t = newsdesk_analysis::SUMMARY_SENTENCES)]
        sentences: usize,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Quotes and reported speech with their speakers in JSONL articles (stdin when no --input or `-`).
    ///
    /// Prints `{id, quotes: [{content, content_start, content_end, speaker, speaker_start,
    /// speaker_end, cue, cue_start, cue_end, direct, speaker_name}]}` per article; offsets count
    /// characters of `text`; `speaker_name` is the fullest name or description the article gave
    /// the speaker. A bad line is reported with its number and skipped; exits 1 if any was.
    Quotes {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Claims attributed to a speaker in JSONL articles (stdin when no --input or `-`), with an evidence flag.
    ///
    /// Prints `{id, claims: [...]}` per article: each claim's span, who claims it (as mentioned and
    /// resolved to a name), its cue, and `evidence`: `cited` (the article gives support: a number
    /// with a source, a named study, report or document), `contested` (it reports contrary
    /// evidence), `none_given` (it says none was offered) or `unstated`. Offsets count characters
    /// of `text`. A bad line is reported with its number and skipped; exits 1 if any was.
    Claims {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Key figures in JSONL articles (stdin when no --input or `-`): numbers with what they count.
    ///
    /// Prints `{id, figures: [{text, start, end, value, unit, unit_kind, counts, period, approx,
    /// vague, key, score, sentence, sentence_start, sentence_end}]}` per article; offsets count
    /// characters of `text`. A bad line is reported with its number and skipped; exits 1 if any was.
    Figures {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Places in JSONL articles (stdin when no --input or `-`) and the countries they are about.
    ///
    /// Prints `{id, places: {mentions, countries, regions, dateline_country, outlet_country}}` per
    /// article: each mention with its character offsets, kind and ISO 3166 country (or region);
    /// countries weighted (the dateline, title and lead count more). A record's `country` is
    /// the outlet's. A bad line is reported with its number and skipped; exits 1 if any was.
    Places {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// Group JSONL articles into stories (events), as a stream in publication order (stdin when no --input or `-`).
    ///
    /// Prints `{id, story}` per article, in input order; a story merged into
    /// another is reported under the one it lives on in. Syndicated copies
    /// (as `newsdesk dedup` finds them, anywhere in the input: there is no
    /// time window) always share their original's story.
    ///
    /// Dated articles are processed by date, and an article without a date
    /// after the dated article before it in the input. When fewer than half
    /// of the articles carry a date, the dates cannot order the stream: all
    /// articles are processed in input order as undated (text years still
    /// count) and no story is closed for idleness, unless --idle-days is
    /// given. A bad line is reported with its number and skipped; exits 1 if
    /// any was.
    Cluster {
        #[arg(long, value_name = "FILE.jsonl")]
        input: Option<PathBuf>,
        /// Least cosine between an article and a story for it to join
        /// [default: 0.22 for an undated article, 0.19 for a dated one
        /// (idle closing keeps events far apart in time from meeting)]; when
        /// given, for both
        #[arg(long)]
        threshold: Option<f64>,
        /// Days without a new article after which a story stops taking
        /// articles [default: 3; none when fewer than half of the articles
        /// are dated, unless given]
        #[arg(long)]
        idle_days: Option<f64>,
        /// Least similarity between syndicated copies (see `dedup`); a copy
        /// is found however far apart in time it is from its original.
        #[arg(long, default_value_t = 0.6)]
        copy_threshold: f64,
        /// Do not look for copies: every article is scored on its own.
        #[arg(long)]
        no_copies: bool,
        /// Add why each article joined its story: top shared terms and their
        /// weight, the score, the threshold, the runner-up story.
        #[arg(long)]
        explain: bool,
        #[arg(long, value_enum, default_value_t = DedupFormat::Jsonl)]
        format: DedupFormat,
    },
    /// News sources that `watch` polls: feeds (RSS, Atom, JSON Feed), news
    /// sitemaps and sitemap indexes, or a site's page whose feed is found
    /// from its `<link rel="alternate">` or the usual feed paths.
    Sources {
        #[command(subcommand)]
        action: SourcesAction,
    },
    /// Fetch, extract and store articles by URL (a URL already stored is not
    /// fetched again unless --refetch). Exits 1 if any failed.
    ///
    /// Polite and safe like `watch`: robots.txt, one request at a time per
    /// host, no private or loopback addresses unless allowed. HTTP settings
    /// come from the `[crawl.fetch]` table of DATA/newsdesk.toml.
    Fetch {
        #[arg(required = true)]
        urls: Vec<String>,
        /// Fetch URLs already fetched again.
        #[arg(long)]
        refetch: bool,
        #[command(flatten)]
        http: HttpFlags,
    },
    /// Poll the sources and fetch, extract and store their new articles
    /// (with copy groups, stories, analyses and the index, as `ingest`).
    ///
    /// Resumable: the queue and each URL's state are in the store, and a URL
    /// counts as fetched once its article is stored, so a killed `watch`
    /// started again loses nothing and fetches no stored URL twice. Failed
    /// fetches that may pass (timeouts, 5xx) are retried later with growing
    /// pauses, three times in all. Settings: the `[crawl]` table of
    /// DATA/newsdesk.toml (e.g. `poll_interval_secs`, `[crawl.fetch]`
    /// `user_agent`, `host_delay_secs`, `allow_private`).
    Watch {
        /// Poll every source once, fetch what is due, and exit.
        #[arg(long)]
        once: bool,
        /// Time between polls of one source (e.g. 90s, 15m, 2h) [default: 15m].
        #[arg(long, value_parser = crawl::parse_duration, value_name = "DUR")]
        interval: Option<f64>,
        #[command(flatten)]
        http: HttpFlags,
    },
    /// Serve the JSON API (/api/v1) and the web UI from the data directory.
    ///
    /// Reads only: `ingest` and `watch` may write the same directory
    /// meanwhile, and what they store shows up within a second. With
    /// `--watch` the sources are polled in the background as `watch` does.
    /// With `--model`, "Similar articles" blends lexical and semantic
    /// scores as `similar --model` does, and stored pages are embedded.
    /// Settings: the `[server]` table of DATA/newsdesk.toml (`token` for
    /// write endpoints, `private_reads`, `max_page_size`, `max_query_len`).
    Serve {
        /// Address to listen on (port 0: any free port, printed at start).
        #[arg(long, default_value = "127.0.0.1:8080")]
        addr: String,
        /// Also poll the sources and fetch their new articles.
        #[arg(long)]
        watch: bool,
        #[command(flatten)]
        http: HttpFlags,
    },
    /// Counts over the store.
    Stats {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
}

#[derive(Subcommand)]
enum SourcesAction {
    /// Add a feed, sitemap or site by URL.
    Add {
        url: String,
        /// The outlet's name, given to its articles that do not name it.
        #[arg(long)]
        name: Option<String>,
        /// ISO 3166-1 alpha-2 country, given to its articles.
        #[arg(long)]
        country: Option<String>,
        /// ISO 639-1 language, for its articles whose language is not found.
        #[arg(long)]
        language: Option<String>,
    },
    /// Add the sources of an OPML file or of a list of URLs (one per line,
    /// `#` comments, an optional name after the URL).
    Import { file: PathBuf },
    /// Sources with their health: last success, last error, article URLs
    /// found and fetched, mean delay from finding a URL to fetching it.
    List {
        #[arg(long, value_enum, default_value_t = StatsFormat::Text)]
        format: StatsFormat,
    },
    /// Remove a source by id or URL (its stored articles stay).
    Remove { source: String },
}

/// HTTP settings of `fetch` and `watch` that override DATA/newsdesk.toml.
#[derive(clap::Args)]
struct HttpFlags {
    /// Also fetch loopback, private and link-local addresses (intranets, tests).
    #[arg(long)]
    allow_private: bool,
    /// The User-Agent sent, whose first word robots.txt rules are matched against.
    #[arg(long, value_name = "UA")]
    user_agent: Option<String>,
    /// Seconds between two requests to one host [default: 1].
    #[arg(long, value_name = "SECS")]
    host_delay: Option<f64>,
}

impl HttpFlags {
    fn flags(&self) -> crawl::CrawlFlags {
        crawl::CrawlFlags {
            allow_private: self.allow_private,
            user_agent: self.user_agent.clone(),
            host_delay_secs: self.host_delay,
        }
    }
}

#[derive(Clone, Copy, ValueEnum)]
enum ExtractFormat {
    Json,
    Jsonl,
    Text,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum SearchFormat {
    Table,
    Json,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum SortOrder {
    Relevance,
    Newest,
}

#[derive(Clone, Copy, ValueEnum)]
enum ShowFormat {
    Json,
    Text,
    Markdown,
}

#[derive(Clone, Copy, ValueEnum)]
enum ListFormat {
    Table,
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum ExportFormat {
    Jsonl,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
enum DedupFormat {
    Jsonl,
}

#[derive(Clone, Copy, ValueEnum)]
enum StatsFormat {
    Text,
    Json,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    let data = || match &cli.store {
        // Only `ingest`, `fetch` and `watch` without --nats get here with a
        // shared store: its articles are written by workers, one of which
        // keeps the stories, so these queue their work for them.
        Some(_) => anyhow::bail!(
            "with a PostgreSQL store (--store), this command queues its work for `newsdesk worker` processes: \
             pass --nats nats://... too (or set NEWSDESK_NATS)"
        ),
        None => browse::data_dir(cli.data.clone()),
    };
    let at = || browse::StoreAt::resolve(cli.data.clone(), cli.store.clone());
    // The work queue the global flags name.
    let queue_args = |nats: &str| scale::QueueArgs {
        nats: nats.to_string(),
        name: cli.queue.clone(),
        ack_wait_secs: cli.ack_wait,
        capacity: cli.queue_capacity,
    };
    let result = match cli.command {
        Command::Extract { url, format, paths } => extract::run(paths, url, format),
        Command::Ingest { batch_size, paths } => match &cli.nats {
            Some(nats) => scale::postgres_url(cli.store.as_deref(), "ingest --nats")
                .and_then(|_| scale::schedule_inputs(queue_args(nats), paths)),
            None => data().and_then(|d| ingest::run(&d, paths, batch_size, cli.model.as_deref())),
        },
        Command::Worker { batch_size, jobs, no_cluster, exit_when_drained, http } => {
            scale::postgres_url(cli.store.as_deref(), "worker").and_then(|store| {
                let crawl = crawl::load_config_from(browse::data_dir(cli.data.clone()).ok().as_deref(), &http.flags())?;
                let nats =
                    cli.nats.clone().context("worker needs a queue: pass --nats nats://... or set NEWSDESK_NATS")?;
                scale::worker(scale::WorkerArgs {
                    store,
                    queue: queue_args(&nats),
                    batch_size,
                    jobs,
                    cluster: !no_cluster,
                    exit_when_drained,
                    crawl,
                })
            })
        }
        Command::Migrate { from, to, batch_size } => {
            let from = match from {
                Some(f) => Ok(f),
                None => browse::data_dir(cli.data.clone()),
            };
            from.and_then(|from| {
                let to = scale::postgres_url(to.as_deref().or(cli.store.as_deref()), "migrate --to")?;
                scale::migrate(&from, &to, batch_size)
            })
        }
        Command::Search { query, sources, lang, country, from, to, sort, limit, offset, format } => {
            let args = search::SearchArgs {
                query,
                sources,
                lang,
                country,
                from,
                to,
                newest: matches!(sort, SortOrder::Newest),
                limit,
                offset,
                format,
            };
            at().and_then(|d| search::search(&d, args))
        }
        Command::Similar { id, limit, format } => {
            let cache = browse::data_dir(cli.data.clone()).ok();
            at().and_then(|d| search::similar(&d, &id, limit, format, cli.model.as_deref(), cache.as_deref()))
        }
        Command::Copies { id, format } => at().and_then(|d| coverage::copies(&d, &id, format)),
        Command::Stories { since, min_articles, limit, format } => {
            let query = newsdesk_store::StoryQuery { since, min_articles, limit: Some(limit) };
            at().and_then(|d| coverage::stories(&d, &query, format))
        }
        Command::Story { id, format } => at().and_then(|d| coverage::story(&d, id, format)),
        Command::Reindex => match &cli.store {
            Some(url) => scale::postgres_url(Some(url), "reindex --store").and_then(|url| {
                let model = match &cli.model {
                    Some(dir) => Some((dir.as_path(), browse::data_dir(cli.data.clone())?)),
                    None => None,
                };
                scale::reindex(&url, model.as_ref().map(|(m, d)| (*m, d.as_path())))
            }),
            None => data().and_then(|d| ingest::reindex(&d, cli.model.as_deref())),
        },
        Command::Show { id, format } => at().and_then(|d| browse::show(&d, &id, format)),
        Command::List { source, since, limit, format } => {
            at().and_then(|d| browse::list(&d, source, since, limit, format))
        }
        Command::Export { format } => at().and_then(|d| browse::export(&d, format)),
        Command::Summarize { input, sentences, format: DedupFormat::Jsonl } => {
            analyze::stream(input, analyze::Part::Summary { sentences })
        }
        Command::Quotes { input, format: DedupFormat::Jsonl } => analyze::stream(input, analyze::Part::Quotes),
        Command::Claims { input, format: DedupFormat::Jsonl } => analyze::stream(input, analyze::Part::Claims),
        Command::Figures { input, format: DedupFormat::Jsonl } => analyze::stream(input, analyze::Part::Figures),
        Command::Places { input, format: DedupFormat::Jsonl } => analyze::stream(input, analyze::Part::Places),
        Command::Dedup { input, threshold, format } => dedup::run(input, threshold, format),
        Command::Cluster { input, threshold, idle_days, copy_threshold, no_copies, explain, format: _ } => {
            let mut config = newsdesk_stories::StoryConfig::default();
            if let Some(t) = threshold {
                config.threshold = t;
                config.dated_threshold = t;
                config.merge_threshold = config.merge_threshold.max(t);
            }
            if let Some(d) = idle_days {
                config.idle_close_secs = (d * 86_400.0).round() as i64;
            }
            cluster::run(cluster::ClusterArgs {
                input,
                config,
                idle_days_set: idle_days.is_some(),
                copy_threshold: (!no_copies).then_some(copy_threshold),
                explain,
            })
        }
        Command::Stats { format } => at().and_then(|d| browse::stats(&d, format)),
        Command::Sources { action } => at().and_then(|d| match action {
            SourcesAction::Add { url, name, country, language } => {
                crawl::add(&d, newsdesk_store::NewSource { url, name, country, language })
            }
            SourcesAction::Import { file } => crawl::import(&d, &file),
            SourcesAction::List { format } => crawl::list(&d, format),
            SourcesAction::Remove { source } => crawl::remove(&d, &source),
        }),
        Command::Fetch { urls, refetch, http } => match &cli.nats {
            Some(nats) => scale::postgres_url(cli.store.as_deref(), "fetch --nats").and_then(|store| {
                let config =
                    crawl::load_config_from(browse::data_dir(cli.data.clone()).ok().as_deref(), &http.flags())?;
                let queue = queue_args(nats);
                scale::schedule_urls(queue, &store, config, &urls, refetch)
            }),
            None => data().and_then(|d| crawl::fetch(&d, &urls, refetch, &http.flags(), cli.model.as_deref())),
        },
        Command::Serve { addr, watch, http } => match &cli.store {
            Some(url) => scale::postgres_url(Some(url), "serve --store").and_then(|url| {
                let data = browse::data_dir(cli.data.clone()).ok();
                let scheduler = match (watch, &cli.nats) {
                    (false, _) => None,
                    (true, Some(nats)) => {
                        Some((queue_args(nats), crawl::load_config_from(data.as_deref(), &http.flags())?))
                    }
                    (true, None) => anyhow::bail!(
                        "serve --watch on a PostgreSQL store hands the crawl to workers: pass --nats nats://... too"
                    ),
                };
                scale::serve(&url, data.as_deref(), &addr, cli.model.as_deref(), scheduler)
            }),
            None => data().and_then(|d| serve::run(&d, &addr, watch.then(|| http.flags()), cli.model.clone())),
        },
        Command::Watch { once, interval, http } => match &cli.nats {
            Some(nats) => scale::postgres_url(cli.store.as_deref(), "watch --nats").and_then(|store| {
                let mut config =
                    crawl::load_config_from(browse::data_dir(cli.data.clone()).ok().as_deref(), &http.flags())?;
                if let Some(i) = interval {
                    config.poll_interval_secs = i;
                }
                let queue = queue_args(nats);
                scale::schedule_crawl(queue, &store, config, once)
            }),
            None => data().and_then(|d| crawl::watch(&d, once, interval, &http.flags(), cli.model.as_deref())),
        },
    };
    match result {
        Ok(code) => code,
        Err(e) => {
            if is_broken_pipe(&e) {
                return ExitCode::SUCCESS;
            }
            eprintln!("newsdesk: {e:#}");
            ExitCode::from(2)
        }
    }
}

/// `newsdesk export | head` closes stdout early; that is not an error.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| c.downcast_ref::<std::io::Error>().is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe))
}
