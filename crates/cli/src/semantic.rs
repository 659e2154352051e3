//! `--model`: embeddings kept in the store, and the blended "similar"
//! list (lexical BM25 + semantic cosine, `newsdesk_semantic::blend`).

use std::collections::HashMap;
use std::path::Path;

use anyhow::Context;
use newsdesk_index::{lead_snippet, ArticleSearch, Hit};
use newsdesk_model::Article;
use newsdesk_semantic::{catch_up, Model, VectorSpace};
use newsdesk_store::Store;

use crate::progress::Progress;

/// Where the HNSW graph of large collections is kept.
pub const VECTORS_DIR: &str = "vectors";

/// Checks and fingerprints the model directory (the model loads lazily).
pub fn open_model(dir: &Path) -> anyhow::Result<Model> {
    Model::open(dir).with_context(|| format!("--model {}: not a usable all-MiniLM-L6-v2 directory", dir.display()))
}

/// Embeds every stored article that has no current vector for `model`,
/// with a progress bar on a terminal.
pub fn catch_up_embeddings(store: &mut dyn Store, model: &Model) -> anyhow::Result<u64> {
    let mut progress = Progress::new("articles embedded");
    let n = catch_up(store, model, &mut |done, _total| progress.set(done))
        .with_context(|| format!("embedding stored articles with {}", model.dir().display()))?;
    progress.finish();
    if n > 0 {
        eprintln!("embeddings: {n} stored articles embedded ({})", model.fingerprint());
    }
    Ok(n)
}

/// Where the HNSW graph of a shared (PostgreSQL) store's vectors is kept on
/// this machine: under the data directory, a folder per store.
pub fn shared_cache(data: &Path, store_url: &str) -> std::path::PathBuf {
    let name: String = store_url.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).take(120).collect();
    data.join("shared").join(name)
}

/// The blended similar list of `id` on `store` with the model in
/// `model_dir`, its vectors caught up first; `None` when `id` has no vector
/// (said on stderr: the lexical list is used instead).
pub fn blended_similar(
    store: &mut dyn Store,
    search: &dyn ArticleSearch,
    cache: &Path,
    model_dir: &Path,
    id: &str,
    limit: usize,
) -> anyhow::Result<Option<Vec<Hit>>> {
    let model = open_model(model_dir)?;
    catch_up_embeddings(store, &model)?;
    let space = open_space(cache, store, &model, false)?;
    let blended = similar(store, search, &space, &model, id, limit)?;
    if blended.is_none() {
        eprintln!("newsdesk: {id} has no embedding; lexical results only");
    }
    Ok(blended)
}

/// Opens the nearest-vector search of `model`, (re)building the HNSW graph
/// under `DATA/vectors` when the collection is large and the graph is
/// missing, stale or `rebuild` is asked.
pub fn open_space(data: &Path, store: &dyn Store, model: &Model, rebuild: bool) -> anyhow::Result<VectorSpace> {
    let dir = data.join(VECTORS_DIR);
    let threshold = newsdesk_semantic::ANN_THRESHOLD;
    let (space, report) = VectorSpace::open_with(&dir, store, model.fingerprint(), threshold, rebuild)
        .with_context(|| format!("opening the vector index in {}", dir.display()))?;
    if let Some(why) = report.discarded {
        eprintln!("vectors: saved graph not usable ({why}); rebuilt");
    }
    if let Some((n, took)) = report.built {
        eprintln!("vectors: HNSW graph over {n} vectors built in {:.1}s", took.as_secs_f64());
    }
    Ok(space)
}

/// The blended similar list of `id` ([`newsdesk_semantic::similar`]) as
/// hits; `None` when `id` has no vector (the caller falls back to lexical).
pub fn similar(
    store: &dyn Store,
    index: &dyn ArticleSearch,
    space: &VectorSpace,
    model: &Model,
    id: &str,
    limit: usize,
) -> anyhow::Result<Option<Vec<Hit>>> {
    let Some(blended) = newsdesk_semantic::similar(store, index, space, model.fingerprint(), id, limit)? else {
        return Ok(None);
    };
    let mut by_id: HashMap<String, Hit> = blended.lexical.into_iter().map(|h| (h.id.clone(), h)).collect();
    let mut hits = Vec::with_capacity(blended.ranked.len());
    for (k, score) in blended.ranked {
        let hit = match by_id.remove(&k) {
            Some(h) => h,
            None => match store.get(&k)? {
                Some(stored) => hit_of(&stored.article),
                None => continue, // gone since its vector was read
            },
        };
        hits.push(Hit { score, ..hit });
    }
    Ok(Some(hits))
}

/// A hit for an article found only semantically, shaped like the index's
/// (its snippet is the start of the body, as for a lexical similar hit).
fn hit_of(a: &Article) -> Hit {
    let (snippet, snippet_html) = lead_snippet(&a.text);
    Hit {
        id: a.id.clone(),
        title: a.title.clone(),
        source: a.site_name.as_deref().map(str::trim).filter(|s| !s.is_empty()).map(str::to_string),
        published: a.published.as_ref().map(|p| p.to_string()),
        score: 0.0,
        snippet,
        snippet_html,
    }
}

#[cfg(test)]
mod tests {
    use newsdesk_index::lead_snippet as lead;

    #[test]
    fn lead_cuts_at_a_space_and_escapes() {
        let (p, h) = lead("  a <b>\n\nc  ");
        assert_eq!((p.as_str(), h.as_str()), ("a <b> c", "a &lt;b&gt; c"));
        let long = "word ".repeat(100);
        let (p, _) = lead(&long);
        assert!(p.ends_with("word…") && p.chars().count() <= 201, "{p}");
    }
}
