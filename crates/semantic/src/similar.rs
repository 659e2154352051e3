//! The blended "similar articles" list, as `newsdesk similar --model` shows
//! it and the similar eval scores it.

use newsdesk_embed::cosine;
use newsdesk_index::{ArticleSearch, Hit};
use newsdesk_store::Store;

use crate::blend::{blend, BLEND_W, CANDIDATES};
use crate::error::Result;
use crate::space::VectorSpace;

/// A blended ranking and the lexical hits it drew on.
#[derive(Debug, Clone)]
pub struct Blended {
    /// `(id, final score)`, best first, at most the `limit` asked for.
    pub ranked: Vec<(String, f32)>,
    /// The lexical top [`CANDIDATES`] (titles, snippets), best first.
    pub lexical: Vec<Hit>,
}

/// Articles like `id`: the lexical top [`CANDIDATES`] from `index` and the
/// semantic top [`CANDIDATES`] from `space` blended by [`blend`] with
/// [`BLEND_W`], each candidate's cosine taken from its current vector in
/// `store` under `model`. `None` when `id` has no current vector.
pub fn similar(
    store: &dyn Store,
    index: &dyn ArticleSearch,
    space: &VectorSpace,
    model: &str,
    id: &str,
    limit: usize,
) -> Result<Option<Blended>> {
    let Some(query) = store.embedding(model, id)? else { return Ok(None) };
    let wide = CANDIDATES.max(limit);
    let lexical_hits = index.similar(id, wide)?;
    let lexical: Vec<(String, f32)> = lexical_hits.iter().map(|h| (h.id.clone(), h.score)).collect();
    let semantic: Vec<String> = space.nearest(&query, wide, id).into_iter().map(|(k, _)| k).collect();
    let mut failed = None;
    let cos = |k: &String| match store.embedding(model, k) {
        Ok(v) => v.map(|v| cosine(&query, &v)),
        Err(e) => {
            failed.get_or_insert(e);
            None
        }
    };
    let mut ranked = blend(&lexical, &semantic, cos, BLEND_W);
    if let Some(e) = failed {
        return Err(e.into());
    }
    ranked.truncate(limit);
    Ok(Some(Blended { ranked, lexical: lexical_hits }))
}
