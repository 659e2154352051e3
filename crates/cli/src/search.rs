//! `search` and `similar`: reading the full-text index.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use newsdesk_index::{ArticleSearch, Hit, SearchRequest, Sort};
use newsdesk_store::Store;

use anyhow::Context;

use crate::browse::{open_existing, StoreAt};
use crate::{index, render, semantic, SearchFormat};

/// Options of `newsdesk search` beyond the query.
pub struct SearchArgs {
    pub query: String,
    pub sources: Vec<String>,
    pub lang: Option<String>,
    pub country: Option<String>,
    pub from: Option<chrono::NaiveDate>,
    pub to: Option<chrono::NaiveDate>,
    pub newest: bool,
    pub limit: usize,
    pub offset: usize,
    pub format: SearchFormat,
}

pub fn search(at: &StoreAt, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let request = SearchRequest {
        query: args.query,
        sources: args.sources,
        language: args.lang,
        country: args.country,
        from: args.from,
        to: args.to,
        sort: if args.newest { Sort::Newest } else { Sort::Relevance },
        limit: args.limit,
        offset: args.offset,
        facets: matches!(args.format, SearchFormat::Json),
    };
    let results = match at {
        StoreAt::Dir(data) => {
            let store = open_existing(data)?;
            let index = index::open_current(data, &store)?;
            match index.search(&request) {
                Ok(r) => r,
                Err(newsdesk_index::IndexError::Query { query, message }) => {
                    eprintln!("newsdesk: bad query {query:?}: {message}");
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            }
        }
        // Searched in the database, over every worker's articles.
        StoreAt::Postgres(url) => {
            let store = newsdesk_store_postgres::PgStore::connect(url).context("opening the PostgreSQL store")?;
            match store.search(&request) {
                Ok(r) => r,
                Err(newsdesk_store::StoreError::Backend { backend: "query", message }) => {
                    eprintln!("newsdesk: bad query {:?}: {message}", request.query);
                    return Ok(ExitCode::from(2));
                }
                Err(e) => return Err(e.into()),
            }
        }
    };
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match args.format {
        SearchFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&results)?)?,
        SearchFormat::Jsonl => {
            for h in &results.hits {
                writeln!(out, "{}", serde_json::to_string(h)?)?;
            }
        }
        SearchFormat::Table => {
            write_table(&mut out, &results.hits)?;
            let shown = results.hits.len();
            writeln!(out, "({} of {} matches)", shown, results.total)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

pub fn similar(
    at: &StoreAt,
    id: &str,
    limit: usize,
    format: SearchFormat,
    model: Option<&Path>,
    cache: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    // Syndicated copies are set apart, so look further than `limit` for
    // related coverage to fill the list with.
    let wanted = limit.saturating_mul(3).saturating_add(20);
    let (store, search, blended): (Box<dyn Store>, Box<dyn ArticleSearch>, _) = match at {
        StoreAt::Dir(data) => {
            let mut store = open_existing(data)?;
            if store.get(id)?.is_none() {
                eprintln!("newsdesk: no article with id {id}");
                return Ok(ExitCode::from(1));
            }
            let index = index::open_current(data, &store)?;
            let blended = match model {
                Some(dir) => semantic::blended_similar(&mut store, &index, data, dir, id, wanted)?,
                None => None,
            };
            (Box::new(store), Box::new(index), blended)
        }
        // Ranked in the database, over every worker's articles; the vectors'
        // graph is kept on this machine.
        StoreAt::Postgres(url) => {
            let open = || newsdesk_store_postgres::PgStore::connect(url).context("opening the PostgreSQL store");
            let (mut store, search) = (open()?, open()?);
            let blended = match model {
                Some(dir) => {
                    let data = cache.context("similar --model on a PostgreSQL store keeps its vectors' graph in a data directory: pass --data DIR")?;
                    let cache = semantic::shared_cache(data, store.url());
                    semantic::blended_similar(&mut store, &search, &cache, dir, id, wanted)?
                }
                None => None,
            };
            (Box::new(store), Box::new(search), blended)
        }
    };
    let Some(this) = store.get(id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let hits = match blended {
        Some(hits) => hits,
        None => search.similar(id, wanted)?,
    };
    let (mut related, copies) = split_copies(&*store, &this.article.text, hits)?;
    related.truncate(limit);
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        SearchFormat::Json => {
            let both = serde_json::json!({ "similar": related, "copies": copies });
            writeln!(out, "{}", serde_json::to_string_pretty(&both)?)?
        }
        SearchFormat::Jsonl => {
            for h in &related {
                writeln!(out, "{}", serde_json::to_string(h)?)?;
            }
            for c in &copies {
                writeln!(out, "{}", serde_json::to_string(c)?)?;
            }
        }
        SearchFormat::Table => {
            write_table(&mut out, &related)?;
            if !copies.is_empty() {
                writeln!(out, "\nCopies of this text (syndicated; score = text similarity):")?;
                let shown: Vec<Hit> =
                    copies.iter().map(|c| Hit { score: c.copy_similarity as f32, ..c.hit.clone() }).collect();
                write_table(&mut out, &shown)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

/// A hit whose text is a near-duplicate of the article's.
#[derive(serde::Serialize)]
struct CopyHit {
    #[serde(flatten)]
    hit: Hit,
    /// Similarity of the two texts as `newsdesk dedup` measures it.
    copy_similarity: f64,
}

/// Splits hits into related coverage and syndicated copies of `text`,
/// keeping the order of each.
fn split_copies(store: &dyn Store, text: &str, hits: Vec<Hit>) -> anyhow::Result<(Vec<Hit>, Vec<CopyHit>)> {
    let (related, copies) = newsdesk_coverage::split_copies(store, text, hits, |h| h.id.as_str())?;
    Ok((related, copies.into_iter().map(|(hit, copy_similarity)| CopyHit { hit, copy_similarity }).collect()))
}

fn write_table(out: &mut impl Write, hits: &[Hit]) -> std::io::Result<()> {
    for h in hits {
        let day = h.published.as_deref().map(|p| p.get(..10).unwrap_or(p)).unwrap_or("");
        writeln!(
            out,
            "{:<16}  {:<10}  {:<20}  {:>6.2}  {}",
            h.id,
            day,
            render::clip(h.source.as_deref().unwrap_or(""), 20),
            h.score,
            render::clip(h.title.as_deref().unwrap_or("(untitled)"), 80)
        )?;
        if !h.snippet.is_empty() {
            writeln!(out, "{:<16}  {}", "", render::clip(&h.snippet, 160))?;
        }
    }
    Ok(())
}
