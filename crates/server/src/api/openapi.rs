//! `GET /openapi.json`: the API described as OpenAPI 3.1, written by hand
//! next to the route table (a test holds the two to each other).

use axum::extract::State;
use axum::Json;
use serde_json::{json, Map, Value};

use super::openapi_schemas::components;
use crate::{Result, ServerState};

pub(crate) async fn openapi(State(state): State<ServerState>) -> Result<Json<Value>> {
    Ok(Json(document(state.config().max_page_size)))
}

/// The whole document; `max_page` is the configured largest page.
pub(crate) fn document(max_page: usize) -> Value {
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "newsdesk API",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Read the articles, stories, sources and coverage newsdesk has gathered, search and \
                export them, and add pages and sources. Reads are open unless the server sets `private_reads`; \
                then they need the bearer token, as writes always do. Every error is \
                `{\"error\": {\"code\", \"message\"}}`; `code` is stable, `message` is for people.",
            "license": { "name": "MIT OR Apache-2.0" }
        },
        "servers": [{ "url": "/api/v1" }],
        // No token, or the bearer token on a server with private reads.
        "security": [{}, { "bearer": [] }],
        "paths": tagged(paths()),
        "components": components(max_page),
    })
}

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn param(name: &str) -> Value {
    json!({ "$ref": format!("#/components/parameters/{name}") })
}

fn path_id(what: &str) -> Value {
    json!({ "name": "id", "in": "path", "required": true, "description": format!("The {what}'s id."),
            "schema": { "type": "string" } })
}

/// An operation answering `ok` with JSON `schema`, or with the errors named.
fn op(id: &str, summary: &str, params: Vec<Value>, ok: (&str, Value), errors: &[&str]) -> Value {
    let mut responses = Map::new();
    responses.insert(
        ok.0.to_string(),
        json!({ "description": "Success.", "content": { "application/json": { "schema": ok.1 } } }),
    );
    for e in errors.iter().chain(&["401", "500"]) {
        responses.insert(e.to_string(), json!({ "$ref": format!("#/components/responses/{}", error_name(e)) }));
    }
    json!({ "operationId": id, "summary": summary, "parameters": params, "responses": responses })
}

fn error_name(status: &str) -> &'static str {
    match status {
        "400" => "BadRequest",
        "401" => "Unauthorized",
        "403" => "Forbidden",
        "404" => "NotFound",
        _ => "Internal",
    }
}

/// A write: bearer token required, a JSON body, several success answers.
fn write_op(id: &str, summary: &str, body: &str, answers: Vec<(&str, &str, Value)>) -> Value {
    let mut responses = Map::new();
    for (status, description, schema) in answers {
        responses.insert(
            status.to_string(),
            json!({ "description": description, "content": { "application/json": { "schema": schema } } }),
        );
    }
    for e in ["400", "401", "403", "500"] {
        responses.insert(e.to_string(), json!({ "$ref": format!("#/components/responses/{}", error_name(e)) }));
    }
    json!({
        "operationId": id,
        "summary": summary,
        "security": [{ "bearer": [] }],
        "requestBody": { "required": true, "content": { "application/json": { "schema": r(body) } } },
        "responses": responses,
    })
}

fn filters() -> Vec<Value> {
    ["source", "lang", "country", "from", "to"].map(param).to_vec()
}

fn analysis_part(part: &str, schema: Value) -> Value {
    op(
        &format!("article_{part}"),
        &format!("The {part} found in an article by its stored analysis."),
        vec![path_id("article")],
        (
            "200",
            json!({ "type": "object", "required": ["id", part],
                         "properties": { "id": { "type": "string" }, part: schema } }),
        ),
        &["404"],
    )
}

/// Each operation tagged by its path's first segment (`articles`,
/// `stories`, ...), which is how documentation tools group them.
fn tagged(mut paths: Value) -> Value {
    if let Value::Object(items) = &mut paths {
        for (path, item) in items.iter_mut() {
            let tag = path.trim_start_matches('/').split(['/', '.']).next().unwrap_or("api").to_string();
            if let Value::Object(operations) = item {
                for operation in operations.values_mut() {
                    operation["tags"] = json!([tag]);
                }
            }
        }
    }
    paths
}

fn paths() -> Value {
    let mut search_params = vec![param("q")];
    search_params.extend(filters());
    search_params.push(json!({ "name": "sort", "in": "query", "description": "Order of the hits.",
                               "schema": { "type": "string", "enum": ["relevance", "newest"], "default": "relevance" } }));
    search_params.extend([param("limit"), param("cursor")]);
    let mut list_params = filters();
    list_params.extend([param("limit"), param("cursor")]);
    let mut export_params = vec![param("q")];
    export_params.extend(filters());
    export_params.push(json!({ "name": "format", "in": "query", "description": "The file's format.",
                               "schema": { "type": "string", "enum": ["jsonl", "csv"], "default": "jsonl" } }));
    let mut coverage_params = vec![param("q")];
    coverage_params.extend(filters());
    coverage_params.extend([
        json!({ "name": "by", "in": "query", "description": "Count per day, per outlet or per country.",
                "schema": { "type": "string", "enum": ["day", "source", "country"], "default": "day" } }),
        json!({ "name": "series", "in": "query", "style": "form", "explode": true,
                "description": "With by=day: a line per `source:NAME` or `country:CC` (repeatable, at most \
                                10); without any, one line of all matches.",
                "schema": { "type": "array", "items": { "type": "string", "pattern": "^(source|country):.+$" } } }),
        json!({ "name": "format", "in": "query", "schema": { "type": "string", "enum": ["json", "csv"], "default": "json" } }),
    ]);
    let mut export =
        op("export", "Every matching article as one file, streamed.", export_params, ("200", json!({})), &["400"]);
    export["responses"]["200"] = json!({
        "description": "Every match, newest first, without a cap. JSON Lines: one stored article (the \
                        Article schema without `analysis`) a line. CSV: a header row, then \
                        id,published,source,country,language,title,url,authors (authors joined by `; `; \
                        a cell starting with = + - @ gets a leading ').",
        "headers": { "Content-Disposition": { "schema": { "type": "string" },
                     "description": "attachment; filename=\"newsdesk-export-YYYY-MM-DD.jsonl\" (or .csv)" } },
        "content": {
            "application/x-ndjson": { "schema": { "type": "string" } },
            "text/csv": { "schema": { "type": "string" } }
        }
    });
    let mut coverage = op(
        "coverage",
        "Matching articles per day (absolute, and as a share of all articles that \
                                       day), or per outlet or country.",
        coverage_params,
        ("200", r("Coverage")),
        &["400"],
    );
    coverage["responses"]["200"]["content"]["text/csv"] = json!({ "schema": { "type": "string",
        "description": "by=day: day,series,count,share; otherwise source|country,count" } });
    let collection = |part: &str, person: &str, item: &str, extra: Vec<Value>| {
        let mut params = vec![param("q")];
        params.extend(filters());
        params.push(json!({ "name": person, "in": "query",
            "description": "Only items whose resolved or mentioned name contains this (case-insensitive).",
            "schema": { "type": "string" } }));
        params.extend(extra);
        params.extend([param("limit"), param("cursor")]);
        op(
            &format!("collection_{part}"),
            &format!(
                "The {part} of the articles matching a search, newest article first. At most 2,000 articles \
                     are read per request (`scanned`); `next_cursor` continues after the last one read."
            ),
            params,
            (
                "200",
                json!({ "type": "object", "required": [part, "scanned", "next_cursor"], "properties": {
               part: { "type": "array", "items": { "allOf": [r(item), { "type": "object", "required": ["article"],
                   "properties": { "article": r("ArticleRef") } }] } },
               "scanned": { "type": "integer", "description": "Articles read for this page." },
               "next_cursor": { "type": ["string", "null"] } } }),
            ),
            &["400"],
        )
    };
    let evidence = json!({ "name": "evidence", "in": "query", "description": "Only claims with this evidence flag.",
        "schema": { "type": "string", "enum": ["cited", "contested", "none_given", "unstated"] } });
    let mut similar_params = vec![path_id("article")];
    similar_params.push(param("limit"));
    json!({
        "/articles": { "get": op("list_articles", "Articles matching the filters, newest first, a page at a time.",
                                 list_params, ("200", r("ArticleList")), &["400"]) },
        "/articles/{id}": { "get": op("get_article", "A stored article with its analysis.",
                                      vec![path_id("article")], ("200", r("Article")), &["404"]) },
        "/articles/{id}/similar": { "get": op("similar_articles",
            "Articles lexically like this one; syndicated copies of its text met among them are listed apart.",
            similar_params, ("200", r("Similar")), &["400", "404"]) },
        "/articles/{id}/copies": { "get": op("article_copies",
            "The article's copy group (the same text republished), earliest published first.",
            vec![path_id("article")], ("200", json!({ "type": "object", "required": ["id", "copies"],
                "properties": { "id": { "type": "string" }, "copies": { "type": "array", "items": r("CopyMember") } } })),
            &["404"]) },
        "/articles/{id}/quotes": { "get": analysis_part("quotes", json!({ "type": "array", "items": r("Quote") })) },
        "/articles/{id}/claims": { "get": analysis_part("claims", json!({ "type": "array", "items": r("Claim") })) },
        "/articles/{id}/figures": { "get": analysis_part("figures", json!({ "type": "array", "items": r("Figure") })) },
        "/articles/{id}/places": { "get": analysis_part("places", r("Places")) },
        "/quotes": { "get": collection("quotes", "speaker", "Quote", vec![]) },
        "/claims": { "get": collection("claims", "claimant", "Claim", vec![evidence]) },
        "/search": { "get": op("search", "Full-text search with snippets, facet counts and paging.",
                               search_params, ("200", r("SearchResults")), &["400"]) },
        "/export": { "get": export },
        "/coverage": { "get": coverage },
        "/stories": { "get": op("list_stories", "Stories (one event across outlets), most recently active first.",
            vec![
                json!({ "name": "since", "in": "query", "description": "Only stories with an article published on or after this day.",
                        "schema": { "type": "string", "format": "date" } }),
                json!({ "name": "min_articles", "in": "query", "description": "Only stories with at least this many articles.",
                        "schema": { "type": "integer", "minimum": 0, "default": 0 } }),
                param("limit"), param("cursor"),
            ],
            ("200", r("StoryList")), &["400"]) },
        "/stories/{id}": { "get": op("get_story",
            "A story's outlets and timeline (over all its articles) and its articles in publication order, a page \
             at a time (a merged story answers with the story it went into).",
            vec![path_id("story"), param("limit"), param("cursor")], ("200", r("StoryPage")), &["400", "404"]) },
        "/sources": {
            "get": op("list_sources", "Every source the crawler polls, with its health.", vec![],
                      ("200", json!({ "type": "object", "required": ["sources"],
                                      "properties": { "sources": { "type": "array", "items": r("Source") } } })), &[]),
            "post": write_op("add_source", "Adds a feed, sitemap or site for the crawler to poll.", "NewSource", vec![
                ("201", "Added.", r("SourceAdded")),
                ("200", "Already there; left as it was.", r("SourceAdded")),
            ]),
        },
        "/ingest": { "post": write_op("ingest",
            "Stores a page now (`html` given) or queues a URL for the watcher to fetch (`url` only).",
            "IngestRequest", vec![
                ("201", "Stored as a new article.", r("IngestReceipt")),
                ("200", "Stored over an existing article, unchanged, or skipped (not an article).", r("IngestReceipt")),
                ("202", "Queued for the watcher.", json!({ "type": "object", "required": ["url", "state"],
                    "properties": { "url": { "type": "string" },
                                    "state": { "type": "string", "enum": ["queued", "known"] } } })),
            ]) },
        "/openapi.json": { "get": op("openapi", "This document.", vec![],
                                     ("200", json!({ "type": "object" })), &[]) },
    })
}
