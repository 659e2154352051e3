//! Reads shared by the API and the UI.

use newsdesk_analysis::{ArticleAnalyzer, ANALYZER};
use newsdesk_coverage::split_copies;
use newsdesk_index::{ArticleSearch, Hit, IndexError};
use newsdesk_model::Article;
use newsdesk_store::Store;
use serde_json::Value;

use crate::{Result, ServerError, SimilarArticles};

/// The stored article as JSON with an `analysis` member: the one kept in
/// the store, or one made now for an article stored before analyses were
/// kept.
pub(crate) fn article_with_analysis(store: &dyn Store, id: &str) -> Result<Value> {
    let Some(stored) = store.get(id)? else { return Err(ServerError::NotFound(format!("no article with id {id:?}"))) };
    let analysis = analysis(store, id, Some(&stored.article))?;
    let mut value = serde_json::to_value(&stored).map_err(|e| ServerError::Internal(format!("article {id}: {e}")))?;
    if let Value::Object(o) = &mut value {
        o.insert("analysis".into(), analysis);
    }
    Ok(value)
}

/// The analysis of `id` kept in the store, or one made now for an article
/// stored before analyses were kept (`article`, else read from the store);
/// `null` when there is no such article.
pub(crate) fn analysis(store: &dyn Store, id: &str, article: Option<&Article>) -> Result<Value> {
    let internal = |e: serde_json::Error| ServerError::Internal(format!("analysis of {id}: {e}"));
    if let Some(json) = store.analysis(ANALYZER, id)? {
        return serde_json::from_str(&json).map_err(internal);
    }
    let loaded;
    let article = match article {
        Some(a) => a,
        None => match store.get(id)? {
            Some(s) => {
                loaded = s.article;
                &loaded
            }
            None => return Ok(Value::Null),
        },
    };
    serde_json::to_value(ArticleAnalyzer::default().analyze(article)).map_err(internal)
}

/// Articles like one article, split in two: syndicated copies of its text,
/// and the rest.
pub(crate) struct Related {
    /// At most the `limit` asked, best first, copies left out.
    pub similar: Vec<Hit>,
    /// Copies met among the hits looked at, with their text's similarity.
    pub copies: Vec<(Hit, f64)>,
}

/// The articles like `id` (whose text is `text`), by `ranking` when it has
/// a list for `id`, else by the index's lexical more-like-this. Copies
/// would crowd out the rest, so more hits than `limit` are looked at. An
/// article stored but not yet indexed (an ingest in progress) has none.
pub(crate) fn related(
    store: &dyn Store,
    index: &dyn ArticleSearch,
    ranking: Option<&dyn SimilarArticles>,
    id: &str,
    text: &str,
    limit: usize,
) -> Result<Related> {
    let wanted = limit * 3 + 20;
    let ranked = match ranking {
        Some(r) => r.similar(store, index, id, wanted)?,
        None => None,
    };
    let hits = match ranked {
        Some(h) => h,
        None => match index.similar(id, wanted) {
            Ok(h) => h,
            Err(IndexError::UnknownId(_)) => Vec::new(),
            Err(e) => return Err(e.into()),
        },
    };
    let (mut similar, copies) = split_copies(store, text, hits, |h| h.id.as_str())?;
    similar.truncate(limit);
    Ok(Related { similar, copies })
}

/// A story id from a URL: a number the store can hold (stories are
/// numbered from 1 in a signed 64-bit column); anything else is no story.
pub(crate) fn story_number(id: &str) -> Option<u64> {
    id.trim().parse::<u64>().ok().filter(|n| i64::try_from(*n).is_ok())
}
