//! Articles: one with its analysis, and search.

use axum::extract::{Path, RawQuery, State};
use axum::http::HeaderMap;
use axum::Json;
use newsdesk_index::{SearchRequest, SearchResults, Sort};
use serde_json::Value;

use crate::params::Params;
use crate::security::check_read;
use crate::view::article_with_analysis;
use crate::{Result, ServerError, ServerState};

/// `GET /articles/{id}`: the stored article and its analysis.
pub(crate) async fn get_article(
    State(state): State<ServerState>,
    headers: HeaderMap,
    Path(id): Path<String>,
) -> Result<Json<Value>> {
    check_read(state.config(), &headers)?;
    let found = state.read(move |store, _| article_with_analysis(store, &id)).await?;
    Ok(Json(found))
}

/// A search request from query parameters: `q`, `source` (repeatable),
/// `lang`, `country`, `from`, `to`, `sort`, `limit`, `cursor`.
pub(crate) fn search_request(state: &ServerState, p: &Params) -> Result<SearchRequest> {
    let query = p.get("q").unwrap_or("").to_string();
    if query.len() > state.config().max_query_len {
        return Err(ServerError::bad(
            "query_too_long",
            format!("the query is {} bytes; at most {} are accepted", query.len(), state.config().max_query_len),
        ));
    }
    let sort = match p.get("sort") {
        None => Sort::Relevance,
        Some(s) => s.parse().map_err(|e: String| ServerError::bad("bad_parameter", format!("sort: {e}")))?,
    };
    Ok(SearchRequest {
        query,
        sources: p.all("source"),
        language: p.get("lang").map(str::to_string),
        country: p.get("country").map(str::to_string),
        from: p.date("from")?,
        to: p.date("to")?,
        sort,
        limit: p.limit(10, state.config().max_page_size)?,
        offset: cursor_offset(p)?,
        facets: true,
    })
}

/// The opaque cursor of search pages (an offset; at most 10,000 deep, as
/// ranking deeper is costly and useless to people).
pub(crate) fn cursor_offset(p: &Params) -> Result<usize> {
    let Some(c) = p.get("cursor") else { return Ok(0) };
    let offset: usize = c
        .strip_prefix("o")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ServerError::bad("bad_cursor", format!("cursor={c:?} is not one this server gave")))?;
    if offset > 10_000 {
        return Err(ServerError::bad("too_deep", "results past the 10,000th are not paged; narrow the query"));
    }
    Ok(offset)
}

/// `GET /search`: hits with snippets, the total, facets, and the cursor of
/// the next page when there is one.
pub(crate) async fn search(
    State(state): State<ServerState>,
    headers: HeaderMap,
    RawQuery(raw): RawQuery,
) -> Result<Json<Value>> {
    check_read(state.config(), &headers)?;
    let request = search_request(&state, &Params::parse(raw.as_deref()))?;
    let (offset, limit) = (request.offset, request.limit);
    let results: SearchResults = state.read(move |_, index| Ok(index.search(&request)?)).await?;
    let next = (offset + limit < results.total as usize && limit > 0).then(|| format!("o{}", offset + limit));
    let mut value = serde_json::to_value(&results).map_err(|e| ServerError::Internal(e.to_string()))?;
    if let Value::Object(o) = &mut value {
        o.insert("next_cursor".into(), next.map_or(Value::Null, Value::String));
    }
    Ok(Json(value))
}
