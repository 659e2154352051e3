//! Reads shared by the API and the UI.

use newsdesk_analysis::{ArticleAnalyzer, ANALYZER};
use newsdesk_store::Store;
use serde_json::Value;

use crate::{Result, ServerError};

/// The stored article as JSON with an `analysis` member: the one kept in
/// the store, or one made now for an article stored before analyses were
/// kept.
pub(crate) fn article_with_analysis(store: &dyn Store, id: &str) -> Result<Value> {
    let Some(stored) = store.get(id)? else { return Err(ServerError::NotFound(format!("no article with id {id:?}"))) };
    let internal = |e: serde_json::Error| ServerError::Internal(format!("analysis of {id}: {e}"));
    let analysis: Value = match store.analysis(ANALYZER, id)? {
        Some(json) => serde_json::from_str(&json).map_err(internal)?,
        None => serde_json::to_value(ArticleAnalyzer::default().analyze(&stored.article)).map_err(internal)?,
    };
    let mut value = serde_json::to_value(&stored).map_err(internal)?;
    if let Value::Object(o) = &mut value {
        o.insert("analysis".into(), analysis);
    }
    Ok(value)
}
