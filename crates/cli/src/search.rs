//! `search` and `similar`: reading the full-text index.

use std::io::Write;
use std::path::Path;
use std::process::ExitCode;

use newsdesk_dedup::{Doc, Sketch};
use newsdesk_index::{Hit, SearchRequest, Sort};
use newsdesk_store::Store;

use crate::browse::open_existing;
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

pub fn search(data: &Path, args: SearchArgs) -> anyhow::Result<ExitCode> {
    let store = open_existing(data)?;
    let index = index::open_current(data, &store)?;
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
    let results = match index.search(&request) {
        Ok(r) => r,
        Err(newsdesk_index::IndexError::Query { query, message }) => {
            eprintln!("newsdesk: bad query {query:?}: {message}");
            return Ok(ExitCode::from(2));
        }
        Err(e) => return Err(e.into()),
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
    data: &Path,
    id: &str,
    limit: usize,
    format: SearchFormat,
    model: Option<&Path>,
) -> anyhow::Result<ExitCode> {
    let mut store = open_existing(data)?;
    let Some(this) = store.get(id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let this = Sketch::new(&this.article.text, &newsdesk_dedup::Config::default());
    let model = model.map(semantic::open_model).transpose()?;
    let index = index::open_current(data, &store)?;
    // Syndicated copies are set apart, so look further than `limit` for
    // related coverage to fill the list with.
    let wanted = limit.saturating_mul(3).saturating_add(20);
    let blended = match &model {
        Some(model) => {
            semantic::catch_up_embeddings(&mut store, model)?;
            let space = semantic::open_space(data, &store, model, false)?;
            semantic::similar(&store, &index, &space, model, id, wanted)?
        }
        None => None,
    };
    let hits = match blended {
        Some(hits) => hits,
        None => {
            if model.is_some() {
                eprintln!("newsdesk: {id} has no embedding; lexical results only");
            }
            index.similar(id, wanted)?
        }
    };
    let (mut related, copies) = split_copies(&store, &this, hits)?;
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
    /// The stored copy and its sketch, for `newsdesk copies`.
    #[serde(skip)]
    article: newsdesk_model::Article,
    #[serde(skip)]
    sketch: Sketch,
}

/// Splits hits into related coverage and syndicated copies of the article
/// sketched as `this` (by the same test as `newsdesk dedup` at its default
/// threshold), keeping the order of each.
fn split_copies(store: &dyn Store, this: &Sketch, hits: Vec<Hit>) -> anyhow::Result<(Vec<Hit>, Vec<CopyHit>)> {
    let config = newsdesk_dedup::Config::default();
    let (mut related, mut copies) = (Vec::new(), Vec::new());
    for hit in hits {
        let Some(other) = store.get(&hit.id)? else {
            related.push(hit);
            continue;
        };
        let sketch = Sketch::new(&other.article.text, &config);
        let similarity = this.similarity(&sketch, &config);
        if similarity >= config.threshold {
            copies.push(CopyHit { hit, copy_similarity: similarity, article: other.article, sketch });
        } else {
            related.push(hit);
        }
    }
    Ok((related, copies))
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

/// One member of a copy group, as `newsdesk copies` prints it.
#[derive(serde::Serialize)]
struct CopyMember {
    id: String,
    published: Option<String>,
    source: Option<String>,
    title: Option<String>,
    url: Option<String>,
    /// The first published (the original, as far as the store knows).
    canonical: bool,
    copy_of: Option<String>,
    /// Similarity to the canonical member (1 for itself).
    similarity: f64,
}

/// `newsdesk copies ID`: the syndicated copies of an article and the article
/// itself, earliest published first (the provenance chain). Copies are
/// found among the article's lexical neighbours, looked for deeper while the
/// deepest ones are still copies.
pub fn copies(data: &Path, id: &str, format: SearchFormat) -> anyhow::Result<ExitCode> {
    let store = open_existing(data)?;
    let Some(this) = store.get(id)? else {
        eprintln!("newsdesk: no article with id {id}");
        return Ok(ExitCode::from(1));
    };
    let config = newsdesk_dedup::Config::default();
    let sketch = Sketch::new(&this.article.text, &config);
    let index = index::open_current(data, &store)?;
    let mut depth = 100;
    let found = loop {
        let hits = index.similar(id, depth)?;
        let fetched = hits.len();
        let (related, copies) = split_copies(&store, &sketch, hits)?;
        // Neighbours come best first: once some are not copies, deeper ones will not be.
        if fetched < depth || !related.is_empty() || depth >= 12_800 {
            break copies;
        }
        depth *= 4;
    };
    let mut members: Vec<(newsdesk_model::Article, Sketch)> = vec![(this.article, sketch)];
    members.extend(found.into_iter().map(|c| (c.article, c.sketch)));
    members.sort_by(|(a, _), (b, _)| Doc::from_article(a).publication_order(&Doc::from_article(b)));
    let first = members[0].0.id.clone();
    let canonical = members[0].1.clone();
    let rows: Vec<CopyMember> = members
        .into_iter()
        .enumerate()
        .map(|(k, (a, sketch))| CopyMember {
            similarity: if k == 0 { 1.0 } else { canonical.similarity(&sketch, &config) },
            canonical: k == 0,
            copy_of: (k > 0).then(|| first.clone()),
            published: a.published.as_ref().map(|p| p.to_string()),
            source: a.site_name,
            title: a.title,
            url: a.url,
            id: a.id,
        })
        .collect();
    let mut out = std::io::BufWriter::new(std::io::stdout().lock());
    match format {
        SearchFormat::Json => writeln!(out, "{}", serde_json::to_string_pretty(&rows)?)?,
        SearchFormat::Jsonl => {
            for r in &rows {
                writeln!(out, "{}", serde_json::to_string(r)?)?;
            }
        }
        SearchFormat::Table => {
            for r in &rows {
                writeln!(
                    out,
                    "{:<16}  {:<25}  {:<20}  {:>5.2}  {}",
                    r.id,
                    render::clip(r.published.as_deref().unwrap_or("(undated)"), 25),
                    render::clip(r.source.as_deref().unwrap_or(""), 20),
                    r.similarity,
                    render::clip(r.title.as_deref().unwrap_or("(untitled)"), 70)
                )?;
            }
            writeln!(out, "({} copies of {first}, the first published)", rows.len() - 1)?;
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}
