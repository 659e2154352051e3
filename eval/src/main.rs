//! `newsdesk-eval`: scores newsdesk stages against gold-labelled datasets.
//!
//! Each subcommand takes the dataset directory (by default under
//! `../shared/data`) and prints the figures; results are recorded in
//! `eval/results/*.md` together with the command that reproduces them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod cluster;
mod cluster_score;
mod dedup;
mod dedup_gen;
mod extraction;
mod pubdate;
mod quotes;
mod rouge;
mod similar;
mod summary;

#[derive(Parser)]
#[command(about = "Evaluate newsdesk stages on gold-labelled datasets")]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Body-text extraction: token 4-gram shingle precision/recall/F1.
    Extraction {
        /// Dataset directory with html/ and gold/ (extraction-dev layout).
        #[arg(default_value = "../shared/data/extraction-dev")]
        dir: PathBuf,
        /// Print per-page scores, worst first.
        #[arg(long)]
        pages: bool,
    },
    /// Publication dates: htmldate's P/R/accuracy/F1 at day level.
    Pubdate {
        /// Dataset directory with html/ and gold.jsonl (pubdate-dev layout).
        #[arg(default_value = "../shared/data/pubdate-dev")]
        dir: PathBuf,
        /// Print every miss.
        #[arg(long)]
        misses: bool,
    },
    /// "Similar articles": precision@k and MRR against gold events (ECB+).
    Similar {
        /// Dataset directory with ecbplus_traindev.jsonl (clustering-dev layout).
        #[arg(default_value = "../shared/data/clustering-dev")]
        dir: PathBuf,
        #[arg(long, default_value_t = 5)]
        limit: usize,
        /// all-MiniLM-L6-v2 directory (sentence-transformers layout): adds
        /// the semantic and blended figures.
        #[arg(long, env = "NEWSDESK_MINILM_DIR")]
        model: Option<PathBuf>,
        /// A PostgreSQL database (postgres://...): adds the figures of the
        /// shared store's `similar`, over the same articles stored in a
        /// schema of the run's own, dropped after.
        #[arg(long, value_name = "URL")]
        store: Option<String>,
    },
    /// Makes a labelled near-duplicate benchmark from a JSONL corpus: every
    /// article as is (`dup_group` = its id) plus edited copies of a random half.
    DedupGen {
        /// JSONL articles (`id`, `text`, optional `title`, `published`, `site_name`).
        input: PathBuf,
        /// Where to write the benchmark (JSONL).
        output: PathBuf,
        #[arg(long, default_value_t = 1)]
        seed: u64,
        /// Copies written for each article picked.
        #[arg(long, default_value_t = 2)]
        copies_per_article: usize,
        /// Keep sources whose text overlaps an earlier source (by default
        /// they are dropped: gold says sources are distinct).
        #[arg(long)]
        keep_overlapping_sources: bool,
    },
    /// Near-duplicates: pairwise precision/recall and ARI of `newsdesk dedup`
    /// groups against the `dup_group` labels of a dedup-gen benchmark.
    Dedup {
        /// Benchmark JSONL made by dedup-gen.
        data: PathBuf,
        #[arg(long, default_value_t = newsdesk_dedup::Config::default().threshold)]
        threshold: f64,
    },
    /// Story clustering: B-cubed and pairwise P/R/F1, ARI against gold
    /// events (`story`) and topics, file order and seeded shuffles, with the
    /// "each topic one story" baseline.
    Cluster {
        /// JSONL with id, title, text, story, topic, split (clustering-dev layout).
        #[arg(default_value = "../shared/data/clustering-dev/ecbplus_traindev.jsonl")]
        data: PathBuf,
        #[arg(long, value_delimiter = ',', default_value = "1,2,3,4,5")]
        shuffle_seeds: Vec<u64>,
        /// Overrides the default threshold.
        #[arg(long)]
        threshold: Option<f64>,
        /// Other settings as JSON (a `StoryConfig`, missing fields default).
        #[arg(long)]
        config: Option<String>,
        /// Only the file-order row and the shuffled mean/min.
        #[arg(long)]
        brief: bool,
    },
    /// Scores story assignments made elsewhere (`newsdesk cluster` JSONL:
    /// `{id, story}` lines) against gold events: the `cluster` metrics per
    /// split and overall, a row per PRED file, mean and min when several.
    ClusterScore {
        /// JSONL with id, story (gold event), optional topic and split.
        gold: PathBuf,
        /// `newsdesk cluster` output (extra fields ignored); one row each.
        #[arg(required = true)]
        pred: Vec<PathBuf>,
        /// Score a gold id missing from a PRED file as a story of its own
        /// (by default it is an error).
        #[arg(long)]
        allow_missing: bool,
    },
    /// Summaries: ROUGE-1/2/Lsum F1 with stemming (rouge-score compatible)
    /// of `newsdesk-summary` and of Lead-3 against reference highlights.
    Summary {
        /// JSONL with id, text, reference (summaries-dev layout).
        #[arg(default_value = "../shared/data/summaries-dev/cnndm_val_500.jsonl")]
        data: PathBuf,
        /// Sentences per summary (Lead-N takes as many).
        #[arg(long, default_value_t = 3)]
        sentences: usize,
        /// Summarizer settings as JSON (a `SummaryConfig`, missing fields default).
        #[arg(long)]
        config: Option<String>,
        /// Write each article's summaries and Rust scores as JSONL (for
        /// eval/rouge-check.sh).
        #[arg(long)]
        dump: Option<PathBuf>,
        /// Also tune a small settings grid on each half and score the other.
        #[arg(long)]
        two_fold: bool,
    },
    /// Quotes and attributions: exact-span and token-overlap P/R/F1 for
    /// source, cue and content against PolNeAR annotations.
    Quotes {
        /// JSONL with text and attributions (quotes-dev layout).
        #[arg(default_value = "../shared/data/quotes-dev/polnear_dev.jsonl")]
        data: PathBuf,
        /// Write fold A's predictions to this file (JSONL), for study.
        #[arg(long)]
        dump: Option<PathBuf>,
    },
    /// Story clustering speed: N synthetic articles streamed with dates;
    /// articles/s per 100,000, active stories, memory.
    ClusterSpeed {
        #[arg(default_value_t = 1_000_000)]
        count: usize,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Extraction { dir, pages } => extraction::run(&dir, pages),
        Command::Pubdate { dir, misses } => pubdate::run(&dir, misses),
        Command::Similar { dir, limit, model, store } => similar::run(&dir, limit, model.as_deref(), store.as_deref()),
        Command::DedupGen { input, output, seed, copies_per_article, keep_overlapping_sources } => {
            dedup_gen::run(&input, &output, seed, copies_per_article, keep_overlapping_sources)
        }
        Command::Dedup { data, threshold } => dedup::run(&data, threshold),
        Command::Cluster { data, shuffle_seeds, threshold, config, brief } => {
            let mut c: newsdesk_stories::StoryConfig = match config {
                Some(json) => serde_json::from_str(&json)?,
                None => Default::default(),
            };
            if let Some(t) = threshold {
                c.threshold = t;
                c.merge_threshold = c.merge_threshold.max(t);
            }
            cluster::run(&data, &shuffle_seeds, c, brief)
        }
        Command::ClusterScore { gold, pred, allow_missing } => cluster_score::run(&gold, &pred, allow_missing),
        Command::Summary { data, sentences, config, dump, two_fold } => {
            let config = match config {
                Some(json) => serde_json::from_str(&json)?,
                None => Default::default(),
            };
            summary::run(&data, &summary::Options { sentences, config, dump: dump.as_deref(), two_fold })
        }
        Command::Quotes { data, dump } => quotes::run(&data, dump.as_deref()),
        Command::ClusterSpeed { count, seed } => cluster::speed(count, seed),
    }
}
