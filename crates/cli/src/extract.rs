use std::io::Write;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::mpsc::sync_channel;

use newsdesk_extract::ArticleExtractor;
use newsdesk_ingest::{process, InputError, Processed, SourceOptions, Sources};
use newsdesk_model::Article;
use rayon::iter::{ParallelBridge, ParallelIterator};

use crate::progress::Progress;
use crate::{render, ExtractFormat};

enum Outcome {
    Done(String),
    Failed(String, InputError),
    Skipped,
}

/// `newsdesk extract`: every input on all cores, printed as it completes.
pub fn run(paths: Vec<PathBuf>, url: Option<String>, format: ExtractFormat) -> anyhow::Result<ExitCode> {
    let sources = Sources::new(paths, SourceOptions { containers_in_dirs: false, url });
    let extractor = ArticleExtractor::default();
    let (tx, rx) = sync_channel::<Outcome>(256);
    let mut progress = Progress::new("pages");
    let mut failed = 0u64;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    std::thread::scope(|scope| -> anyhow::Result<()> {
        scope.spawn(move || {
            sources.par_bridge().for_each_with(tx, |tx, item| {
                let outcome = match item.and_then(|input| process(&extractor, input)) {
                    Ok(Processed::Article { origin, record }) => {
                        Outcome::Done(render_result(&origin, &record.article, format))
                    }
                    Ok(Processed::Skipped { .. }) => Outcome::Skipped,
                    Err(e) => Outcome::Failed(render_error(&e, format), e),
                };
                let _ = tx.send(outcome);
            });
        });
        let mut write_result = Ok(());
        for outcome in rx {
            // Keep draining after a write error so the workers finish.
            if write_result.is_err() {
                continue;
            }
            write_result = match outcome {
                Outcome::Done(text) => out.write_all(text.as_bytes()),
                Outcome::Failed(text, e) => {
                    failed += 1;
                    progress.println(&e.to_string());
                    out.write_all(text.as_bytes())
                }
                Outcome::Skipped => Ok(()),
            };
            progress.inc();
        }
        write_result?;
        out.flush()?;
        Ok(())
    })?;
    progress.finish();
    Ok(if failed > 0 { ExitCode::from(1) } else { ExitCode::SUCCESS })
}

fn render_result(origin: &str, article: &Article, format: ExtractFormat) -> String {
    match format {
        ExtractFormat::Jsonl | ExtractFormat::Json => {
            let mut obj = serde_json::Map::new();
            obj.insert("path".into(), origin.into());
            if let Ok(serde_json::Value::Object(fields)) = serde_json::to_value(article) {
                obj.extend(fields);
            }
            json_line(serde_json::Value::Object(obj), format)
        }
        ExtractFormat::Text => format!("{}\n\n", render::text(article)),
        ExtractFormat::Markdown => format!("{}\n\n", render::markdown(article)),
    }
}

fn render_error(e: &InputError, format: ExtractFormat) -> String {
    match format {
        ExtractFormat::Jsonl | ExtractFormat::Json => {
            json_line(serde_json::json!({ "path": e.origin, "error": e.message }), format)
        }
        // Text outputs carry only articles; the error is on stderr.
        ExtractFormat::Text | ExtractFormat::Markdown => String::new(),
    }
}

fn json_line(v: serde_json::Value, format: ExtractFormat) -> String {
    let mut s = match format {
        ExtractFormat::Json => serde_json::to_string_pretty(&v),
        _ => serde_json::to_string(&v),
    }
    .unwrap_or_default();
    s.push('\n');
    s
}
