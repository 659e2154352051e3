//! Articles: the list, one article with its analysis and its related
//! articles, search; and the parameter helpers every article selection shares.

use axum::extract::{Path, State};
use axum::routing::{get, MethodRouter};
use axum::Json;
use newsdesk_coverage::copy_chain;
use newsdesk_index::{SearchRequest, SearchResults, Sort};
use serde_json::{json, Value};

use crate::params::Params;
use crate::view::{article_with_analysis, related};
use crate::{Result, ServerError, ServerState};

/// `GET /articles/{id}`: the stored article and its analysis.
pub(crate) async fn get_article(State(state): State<ServerState>, Path(id): Path<String>) -> Result<Json<Value>> {
    let found = state.read(move |store, _| article_with_analysis(store, &id)).await?;
    Ok(Json(found))
}

/// A search request from query parameters: `q`, `source` (repeatable),
/// `lang`, `country`, `from`, `to`, `sort`, `limit`, `cursor`.
pub(crate) fn search_request(state: &ServerState, p: &Params) -> Result<SearchRequest> {
    let query = query_text(state, p)?;
    Ok(SearchRequest {
        query,
        sort: sort(p)?,
        limit: page_limit(state, p, 10)?,
        offset: cursor_offset(p)?,
        facets: true,
        ..filters(p)?
    })
}

/// The `sort` parameter: `relevance` (the default) or `newest`.
pub(crate) fn sort(p: &Params) -> Result<Sort> {
    match p.get("sort") {
        None => Ok(Sort::Relevance),
        Some(s) => s.parse().map_err(|e: String| ServerError::bad("bad_parameter", format!("sort: {e}"))),
    }
}

/// The `limit` parameter: `default` (or the configured largest page, when
/// smaller) when absent, a 400 past the largest page.
pub(crate) fn page_limit(state: &ServerState, p: &Params, default: usize) -> Result<usize> {
    let max = state.config().max_page_size;
    p.limit(default.min(max), max)
}

/// The `q` parameter, refused past the configured length.
pub(crate) fn query_text(state: &ServerState, p: &Params) -> Result<String> {
    let query = p.get("q").unwrap_or("").to_string();
    if query.len() > state.config().max_query_len {
        return Err(ServerError::bad(
            "query_too_long",
            format!("the query is {} bytes; at most {} are accepted", query.len(), state.config().max_query_len),
        ));
    }
    Ok(query)
}

/// The filters every article selection shares: `source` (repeatable),
/// `lang`, `country`, `from`, `to`; an empty query, newest first.
pub(crate) fn filters(p: &Params) -> Result<SearchRequest> {
    Ok(SearchRequest {
        query: String::new(),
        sources: p.all("source"),
        language: p.get("lang").map(str::to_string),
        country: p.get("country").map(str::to_string),
        from: p.date("from")?,
        to: p.date("to")?,
        sort: Sort::Newest,
        limit: 0,
        offset: 0,
        facets: false,
    })
}

/// The opaque cursor of search pages (an offset; at most 10,000 deep, as
/// ranking deeper is costly and useless to people).
pub(crate) fn cursor_offset(p: &Params) -> Result<usize> {
    let offset = page_offset(p)?;
    if offset > 10_000 {
        return Err(ServerError::bad("too_deep", "results past the 10,000th are not paged; narrow the query"));
    }
    Ok(offset)
}

/// The offset a `cursor` this server gave stands for (`o` and a number);
/// 0 without one.
pub(crate) fn page_offset(p: &Params) -> Result<usize> {
    let Some(c) = p.get("cursor") else { return Ok(0) };
    c.strip_prefix("o")
        .and_then(|n| n.parse().ok())
        .ok_or_else(|| ServerError::bad("bad_cursor", format!("cursor={c:?} is not one this server gave")))
}

/// The cursor of the page after `offset..offset + shown` when more remain.
pub(crate) fn next_cursor(offset: usize, shown: usize, more: bool) -> Value {
    if more && shown > 0 {
        Value::String(format!("o{}", offset + shown))
    } else {
        Value::Null
    }
}

/// `value` (an object) with `key` set.
pub(crate) fn with(mut value: Value, key: &str, member: Value) -> Value {
    if let Value::Object(o) = &mut value {
        o.insert(key.into(), member);
    }
    value
}

pub(crate) fn json<T: serde::Serialize>(v: &T) -> Result<Value> {
    serde_json::to_value(v).map_err(|e| ServerError::Internal(format!("encoding the answer: {e}")))
}

/// `GET /search`: hits with snippets, the total, facets, and the cursor of
/// the next page when there is one.
pub(crate) async fn search(State(state): State<ServerState>, p: Params) -> Result<Json<Value>> {
    let request = search_request(&state, &p)?;
    let offset = request.offset;
    let results: SearchResults = state.read(move |_, index| Ok(index.search(&request)?)).await?;
    let more = offset + results.hits.len() < results.total as usize;
    let next = next_cursor(offset, results.hits.len(), more);
    Ok(Json(with(json(&results)?, "next_cursor", next)))
}

/// `GET /articles`: the articles matching the filters, newest first, a
/// page at a time.
pub(crate) async fn list(State(state): State<ServerState>, p: Params) -> Result<Json<Value>> {
    let limit = page_limit(&state, &p, 20)?;
    let offset = page_offset(&p)?;
    let request = SearchRequest { limit, offset, ..filters(&p)? };
    let results = state
        .read(move |_, index| {
            // An offset past every article can only be empty; stopping here
            // also keeps a forged cursor from sizing the collector.
            if request.offset >= index.len()? as usize {
                let total = index.search(&SearchRequest { limit: 0, offset: 0, ..request })?.total;
                return Ok(SearchResults { total, hits: Vec::new(), facets: None });
            }
            Ok(index.search(&request)?)
        })
        .await?;
    let more = offset + results.hits.len() < results.total as usize;
    Ok(Json(json!({
        "total": results.total,
        "articles": json(&results.hits)?,
        "next_cursor": next_cursor(offset, results.hits.len(), more),
    })))
}

/// `GET /articles/{id}/similar`: articles like this one, and apart the
/// syndicated copies of its text met among them.
pub(crate) async fn similar(
    State(state): State<ServerState>,
    Path(id): Path<String>,
    p: Params,
) -> Result<Json<Value>> {
    let limit = page_limit(&state, &p, 10)?;
    let ranking = state.similar();
    let found = state
        .read(move |store, index| {
            let Some(stored) = store.get(&id)? else { return Err(not_found(&id)) };
            let related = related(store, index, ranking.as_deref(), &id, &stored.article.text, limit)?;
            let copies = related
                .copies
                .iter()
                .map(|(hit, s)| Ok(with(json(hit)?, "copy_similarity", json!(s))))
                .collect::<Result<Vec<Value>>>()?;
            Ok(json!({ "id": id, "similar": json(&related.similar)?, "copies": copies }))
        })
        .await?;
    Ok(Json(found))
}

fn not_found(id: &str) -> ServerError {
    ServerError::NotFound(format!("no article with id {id:?}"))
}

/// `GET /articles/{id}/copies`: its copy group, earliest published first.
pub(crate) async fn copies(State(state): State<ServerState>, Path(id): Path<String>) -> Result<Json<Value>> {
    let found = state
        .read(move |store, _| {
            // Not yet placed by the coverage follower: a group of its own.
            let chain = match copy_chain(store, &id)? {
                Some(chain) => chain,
                None if store.get(&id)?.is_some() => Vec::new(),
                None => return Err(not_found(&id)),
            };
            Ok(json!({ "id": id, "copies": json(&chain)? }))
        })
        .await?;
    Ok(Json(found))
}

/// `GET /articles/{id}/{part}`: one part of its analysis (`quotes`,
/// `claims`, `figures` or `places`).
pub(crate) async fn analysis_part(state: ServerState, id: String, part: &'static str) -> Result<Json<Value>> {
    let (id, mut article) = state
        .read(move |store, _| {
            let article = article_with_analysis(store, &id)?;
            Ok((id, article))
        })
        .await?;
    let found = article.get_mut("analysis").and_then(|a| a.get_mut(part)).map(Value::take).unwrap_or(Value::Null);
    Ok(Json(json!({ "id": id, part: found })))
}

/// The route of one [`analysis_part`].
pub(crate) fn part_route(part: &'static str) -> MethodRouter<ServerState> {
    get(move |State(state): State<ServerState>, Path(id): Path<String>| analysis_part(state, id, part))
}
