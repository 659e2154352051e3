//! Quotes and claims across the collection: `GET /quotes` and `GET /claims`
//! walk the articles matching a search, newest first, and list what their
//! stored analyses found, so a fact-checker can ask "which claims about X
//! came with no evidence?" or "what has this person been quoted saying?".

use axum::extract::State;
use axum::Json;
use newsdesk_index::{Hit, SearchRequest, Sort};
use serde_json::{json, Value};

use super::articles::{filters, json, next_cursor, page_limit, page_offset, query_text};
use crate::params::Params;
use crate::view::analysis;
use crate::{Result, ServerError, ServerState};

/// Articles one request reads at most: the cost limit of a selective
/// filter (a speaker rarely quoted). The cursor continues from there.
const MAX_SCAN: usize = 2_000;
/// Articles fetched from the index at a time.
const STEP: usize = 100;

/// Which part of the analyses is listed, and how one item is selected.
#[derive(Clone, Copy)]
pub(crate) enum Part {
    Quotes,
    Claims,
}

impl Part {
    fn key(self) -> &'static str {
        match self {
            Part::Quotes => "quotes",
            Part::Claims => "claims",
        }
    }
}

/// What an item must have: a person (speaker or claimant, any part of
/// the name, case-insensitive) and, for claims, an evidence flag.
pub(crate) struct Wanted {
    person: Option<String>,
    evidence: Option<String>,
}

impl Wanted {
    pub(crate) fn from(p: &Params, part: Part) -> Result<Wanted> {
        let person = match part {
            Part::Quotes => p.get("speaker"),
            Part::Claims => p.get("claimant"),
        }
        .map(str::to_lowercase);
        let evidence = p.get("evidence").map(str::to_string);
        if let Some(e) = &evidence {
            if !matches!(part, Part::Claims) {
                return Err(ServerError::bad("bad_parameter", "evidence= applies to /claims only"));
            }
            if !["cited", "contested", "none_given", "unstated"].contains(&e.as_str()) {
                return Err(ServerError::bad(
                    "bad_parameter",
                    format!("evidence={e:?}: expected cited, contested, none_given or unstated"),
                ));
            }
        }
        Ok(Wanted { person, evidence })
    }

    fn matches(&self, item: &Value, part: Part) -> bool {
        let names: [&str; 2] = match part {
            Part::Quotes => ["speaker_name", "speaker"],
            Part::Claims => ["claimant_name", "claimant"],
        };
        let person_ok = self.person.as_ref().is_none_or(|want| {
            names.iter().filter_map(|k| item[*k].as_str()).any(|n| n.to_lowercase().contains(want.as_str()))
        });
        let evidence_ok = self.evidence.as_ref().is_none_or(|e| item["evidence"].as_str() == Some(e.as_str()));
        person_ok && evidence_ok
    }
}

fn article_ref(hit: &Hit) -> Value {
    json!({ "id": hit.id, "title": hit.title, "source": hit.source, "published": hit.published })
}

/// A page of items and where it stopped.
pub(crate) struct Found {
    /// Each item with an `article` member ({id, title, source, published}).
    pub items: Vec<Value>,
    /// Articles read, from `start`.
    pub scanned: usize,
    /// Whether articles remain after those read.
    pub more: bool,
}

/// Reads the articles matching `request` (newest first) from the
/// `start`-th on, collecting their `part` items that `wanted` selects,
/// until `limit` items or [`MAX_SCAN`] articles; whole articles only, so a
/// cursor can resume after the last one read.
pub(crate) fn scan(
    store: &dyn newsdesk_store::Store,
    index: &dyn newsdesk_index::ArticleSearch,
    request: &SearchRequest,
    part: Part,
    wanted: &Wanted,
    limit: usize,
    start: usize,
) -> Result<Found> {
    let mut items = Vec::new();
    let mut scanned = 0;
    loop {
        let page = SearchRequest { limit: STEP, offset: start + scanned, sort: Sort::Newest, ..request.clone() };
        let found = index.search(&page)?;
        for hit in &found.hits {
            scanned += 1;
            let analysis = analysis(store, &hit.id, None)?;
            let article = article_ref(hit);
            for item in analysis[part.key()].as_array().into_iter().flatten() {
                if wanted.matches(item, part) {
                    let mut item = item.clone();
                    if let Value::Object(o) = &mut item {
                        o.insert("article".into(), article.clone());
                    }
                    items.push(item);
                }
            }
            if items.len() >= limit || scanned >= MAX_SCAN {
                break;
            }
        }
        let more = (start + scanned) < found.total as usize;
        if items.len() >= limit || scanned >= MAX_SCAN || found.hits.is_empty() || !more {
            return Ok(Found { items, scanned, more });
        }
    }
}

async fn list(state: ServerState, p: Params, part: Part) -> Result<Json<Value>> {
    let wanted = Wanted::from(&p, part)?;
    let limit = page_limit(&state, &p, 20)?;
    let start = page_offset(&p)?;
    let request = SearchRequest { query: query_text(&state, &p)?, sort: Sort::Newest, ..filters(&p)? };
    let found = state.read(move |store, index| scan(store, index, &request, part, &wanted, limit, start)).await?;
    let mut answer = json!({ "scanned": found.scanned, "next_cursor": next_cursor(start, found.scanned, found.more) });
    answer[part.key()] = json(&found.items)?;
    Ok(Json(answer))
}

/// `GET /quotes`: quotes in the matching articles (`speaker=` filters).
pub(crate) async fn quotes(State(state): State<ServerState>, p: Params) -> Result<Json<Value>> {
    list(state, p, Part::Quotes).await
}

/// `GET /claims`: claims in the matching articles (`claimant=`,
/// `evidence=` filter).
pub(crate) async fn claims(State(state): State<ServerState>, p: Params) -> Result<Json<Value>> {
    list(state, p, Part::Claims).await
}
