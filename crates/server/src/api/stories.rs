//! Stories (articles about one event, across outlets) and the sources the
//! crawler polls.

use axum::extract::{Path, State};
use axum::Json;
use newsdesk_coverage::story_page;
use newsdesk_store::{SourceRecord, StoryQuery};
use serde_json::{json, Value};

use super::articles::{cursor_offset, json, next_cursor, page_limit, page_offset, with};
use crate::params::Params;
use crate::{Result, ServerError, ServerState};

/// `GET /stories`: most recently active first, `since` a day,
/// `min_articles`, paged by `limit` and `cursor`.
pub(crate) async fn list(State(state): State<ServerState>, p: Params) -> Result<Json<Value>> {
    let limit = page_limit(&state, &p, 20)?;
    let offset = cursor_offset(&p)?;
    let since = p.date("since")?;
    let min_articles = p.usize("min_articles", 0)? as u64;
    let mut stories = state
        .read(move |store, _| {
            // The store pages from the top only: one more than shown says
            // whether a next page exists.
            let query = StoryQuery { since, min_articles, limit: Some(offset + limit + 1) };
            Ok(store.stories(&query)?)
        })
        .await?;
    let page: Vec<_> = stories.drain(offset.min(stories.len())..).collect();
    let more = page.len() > limit;
    let page = &page[..limit.min(page.len())];
    Ok(Json(json!({ "stories": json(&page)?, "next_cursor": next_cursor(offset, page.len(), more) })))
}

/// `GET /stories/{id}`: the story's articles in publication order, its
/// outlets and its timeline. A story merged into another answers with
/// that one (compare `story.id`).
pub(crate) async fn get_story(
    State(state): State<ServerState>,
    Path(id): Path<String>,
    p: Params,
) -> Result<Json<Value>> {
    let missing = || ServerError::NotFound(format!("no story with id {id:?}"));
    let Some(number) = crate::view::story_number(&id) else { return Err(missing()) };
    let limit = page_limit(&state, &p, state.config().max_page_size)?;
    let offset = page_offset(&p)?;
    let Some(page) = state.read(move |store, _| Ok(story_page(store, number, offset, limit)?)).await? else {
        return Err(missing());
    };
    // Outlets and timeline count every article; the articles come a page
    // at a time, as a story can hold tens of thousands.
    let shown = page.articles.len();
    let more = shown == limit && (offset + shown) < usize::try_from(page.story.articles).unwrap_or(usize::MAX);
    let answer = with(json(&page)?, "next_cursor", next_cursor(offset, shown, more));
    Ok(Json(answer))
}

/// A source's health in a word: `new` (never polled), `failing` (its last
/// poll failed) or `ok`.
fn health(s: &SourceRecord) -> &'static str {
    match (s.last_polled, &s.last_error) {
        (None, _) => "new",
        (Some(_), Some(_)) => "failing",
        (Some(_), None) => "ok",
    }
}

/// `GET /sources`: every source the crawler polls, oldest first, with its
/// health counters.
pub(crate) async fn sources(State(state): State<ServerState>) -> Result<Json<Value>> {
    let sources = state.read(|store, _| Ok(store.sources()?)).await?;
    let listed = sources.iter().map(|s| Ok(with(json(s)?, "health", json!(health(s))))).collect::<Result<Vec<_>>>()?;
    Ok(Json(json!({ "sources": listed })))
}
