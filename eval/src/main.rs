//! `newsdesk-eval`: scores newsdesk stages against gold-labelled datasets.
//!
//! Each subcommand takes the dataset directory (by default under
//! `../shared/data`) and prints the figures; results are recorded in
//! `eval/results/*.md` together with the command that reproduces them.

use std::path::PathBuf;

use clap::{Parser, Subcommand};

mod extraction;
mod pubdate;
mod similar;

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
    },
}

fn main() -> anyhow::Result<()> {
    match Cli::parse().command {
        Command::Extraction { dir, pages } => extraction::run(&dir, pages),
        Command::Pubdate { dir, misses } => pubdate::run(&dir, misses),
        Command::Similar { dir, limit, model } => similar::run(&dir, limit, model.as_deref()),
    }
}
