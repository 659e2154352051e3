//! The `components` of the OpenAPI document: shared parameters, error
//! answers, the security scheme, and the shape of every answer.

use serde_json::{json, Value};

fn r(name: &str) -> Value {
    json!({ "$ref": format!("#/components/schemas/{name}") })
}

fn s() -> Value {
    json!({ "type": "string" })
}

fn opt_s() -> Value {
    json!({ "type": ["string", "null"] })
}

fn int() -> Value {
    json!({ "type": "integer", "minimum": 0 })
}

fn num() -> Value {
    json!({ "type": "number" })
}

fn list(items: Value) -> Value {
    json!({ "type": "array", "items": items })
}

/// `[name, count]` pairs, most first.
fn counts() -> Value {
    json!({ "type": "array", "items": { "type": "array", "prefixItems": [s(), int()], "minItems": 2, "maxItems": 2 } })
}

fn cursor() -> Value {
    json!({ "type": ["string", "null"], "description": "Pass as `cursor` for the next page; null on the last." })
}

fn error_response(description: &str) -> Value {
    json!({ "description": description, "content": { "application/json": { "schema": r("Error") } } })
}

pub(crate) fn components(max_page: usize) -> Value {
    json!({
        "securitySchemes": {
            "bearer": { "type": "http", "scheme": "bearer",
                        "description": "The `token` of the `[server]` table of newsdesk.toml." }
        },
        "parameters": parameters(max_page),
        "responses": {
            "BadRequest": error_response("A bad parameter (code `bad_parameter`, `bad_query`, `bad_cursor`, \
                                          `limit_too_large`, `query_too_long`, `too_deep`, `bad_body`, `bad_url`)."),
            "Unauthorized": error_response("No or a wrong bearer token (code `unauthorized`)."),
            "Forbidden": error_response("The action is switched off on this server (code `forbidden`)."),
            "NotFound": error_response("No such article or story (code `not_found`)."),
            "Internal": error_response("The store or the index failed (code `store`, `index`, `coverage`, `internal`)."),
        },
        "schemas": schemas(),
    })
}

fn parameters(max_page: usize) -> Value {
    let query = |name: &str, description: &str, schema: Value| json!({ "name": name, "in": "query", "description": description, "schema": schema });
    let day = json!({ "type": "string", "format": "date" });
    json!({
        "q": query("q", "Query text: words, \"phrases\", -exclusions, OR, prefix*, title:, source:; empty \
                         matches every article.", s()),
        "source": { "name": "source", "in": "query", "style": "form", "explode": true,
                    "description": "Only these outlets (repeatable; exact names, any case).", "schema": list(s()) },
        "lang": query("lang", "Only this language (ISO 639-1).", s()),
        "country": query("country", "Only outlets of this country (ISO 3166-1 alpha-2).", s()),
        "from": query("from", "First published day, inclusive (YYYY-MM-DD).", day.clone()),
        "to": query("to", "Last published day, inclusive (YYYY-MM-DD).", day),
        "limit": query("limit", "Results per page (default 10 for search and similar articles, 20 for lists); past the \
                       maximum answers 400 `limit_too_large`.",
                       json!({ "type": "integer", "minimum": 0, "maximum": max_page })),
        "cursor": query("cursor", "The `next_cursor` of the previous page (opaque). Pages count from the top: \
                                   articles stored while paging can shift what a later page starts with.", s()),
    })
}

fn schemas() -> Value {
    let hit = json!({ "type": "object", "required": ["id", "score", "snippet", "snippet_html"], "properties": {
        "id": s(), "title": opt_s(), "source": opt_s(),
        "published": { "type": ["string", "null"], "description": "As the article gave it (RFC 3339 or a day)." },
        "score": { "type": "number", "description": "BM25; 0 when sorted by newest." },
        "snippet": { "type": "string", "description": "Matched words in **bold** (Markdown)." },
        "snippet_html": { "type": "string", "description": "Escaped HTML, matches in <b>." },
    }});
    let mut all = serde_json::Map::new();
    let mut add = |name: &str, schema: Value| {
        all.insert(name.to_string(), schema);
    };
    add(
        "Error",
        json!({ "type": "object", "required": ["error"], "properties": { "error": {
            "type": "object", "required": ["code", "message"], "properties": { "code": s(), "message": s() } } } }),
    );
    add("Hit", hit);
    add(
        "Facets",
        json!({ "type": "object", "properties": {
            "sources": counts(), "languages": counts(), "countries": counts(),
            "days": { "description": "Per published day, ascending.", "allOf": [counts()] } } }),
    );
    add(
        "SearchResults",
        json!({ "type": "object", "required": ["total", "hits", "next_cursor"], "properties": {
            "total": int(), "hits": list(r("Hit")), "facets": r("Facets"), "next_cursor": cursor() } }),
    );
    add(
        "ArticleList",
        json!({ "type": "object", "required": ["total", "articles", "next_cursor"], "properties": {
            "total": int(), "articles": list(r("Hit")), "next_cursor": cursor() } }),
    );
    add(
        "Block",
        json!({ "type": "object", "required": ["kind", "text"], "properties": {
            "kind": { "type": "string", "examples": ["paragraph", "heading", "quote", "list_item", "caption"] },
            "text": s() } }),
    );
    add(
        "Article",
        json!({ "type": "object", "required": ["id", "text", "first_seen", "last_changed", "versions"],
            "additionalProperties": true, "properties": {
            "id": s(), "url": s(), "canonical_url": s(), "title": s(), "authors": list(s()),
            "published": s(), "modified": s(), "site_name": { "type": "string", "description": "The outlet." },
            "language": s(), "country": s(), "text": s(), "blocks": list(r("Block")), "image": s(),
            "word_count": int(), "extraction": { "type": "object" },
            "first_seen": { "type": "string", "format": "date-time" },
            "last_changed": { "type": "string", "format": "date-time" },
            "versions": int(), "analysis": r("Analysis") } }),
    );
    add(
        "Analysis",
        json!({ "type": "object", "properties": {
            "summary": list(s()), "quotes": list(r("Quote")), "claims": list(r("Claim")),
            "figures": list(r("Figure")), "places": r("Places") } }),
    );
    add(
        "ArticleRef",
        json!({ "type": "object", "required": ["id"], "properties": {
            "id": s(), "title": opt_s(), "source": opt_s(), "published": opt_s() } }),
    );
    add(
        "Quote",
        json!({ "type": "object", "required": ["content", "direct"], "properties": {
            "content": s(), "content_start": int(), "content_end": int(), "speaker": opt_s(),
            "speaker_name": opt_s(), "cue": opt_s(), "direct": { "type": "boolean" } } }),
    );
    add(
        "Claim",
        json!({ "type": "object", "required": ["text", "evidence"], "properties": {
            "text": s(), "start": int(), "end": int(), "claimant": opt_s(), "claimant_name": opt_s(), "cue": opt_s(),
            "evidence": { "type": "string", "enum": ["cited", "contested", "none_given", "unstated"] } } }),
    );
    add(
        "Figure",
        json!({ "type": "object", "required": ["text"], "properties": {
            "text": s(), "start": int(), "end": int(), "value": { "type": ["number", "null"] }, "unit": opt_s(),
            "unit_kind": opt_s(), "counts": opt_s(), "period": opt_s(), "vague": { "type": "boolean" },
            "key": { "type": "boolean" }, "score": num(), "sentence": s() } }),
    );
    add(
        "Places",
        json!({ "type": "object", "properties": {
            "mentions": list(json!({ "type": "object", "properties": { "field": s(), "start": int(), "end": int(),
                "text": s(), "name": s(), "kind": s(), "country": opt_s(), "region": opt_s() } })),
            "countries": list(json!({ "type": "object", "properties": { "code": s(), "name": s(), "weight": num(),
                "share": num(), "mentions": int() } })),
            "regions": list(json!({ "type": "object", "properties": { "code": s(), "name": s(), "weight": num(),
                "mentions": int() } })),
            "dateline_country": opt_s(), "outlet_country": opt_s() } }),
    );
    add(
        "CopyMember",
        json!({ "type": "object", "required": ["id", "canonical", "similarity"], "properties": {
            "id": s(), "published": opt_s(), "source": opt_s(), "country": opt_s(), "title": opt_s(), "url": opt_s(),
            "canonical": { "type": "boolean", "description": "The earliest published: the original." },
            "copy_of": opt_s(), "similarity": num() } }),
    );
    add(
        "Similar",
        json!({ "type": "object", "required": ["id", "similar", "copies"], "properties": {
            "id": s(), "similar": list(r("Hit")),
            "copies": list(json!({ "allOf": [r("Hit"), { "type": "object", "required": ["copy_similarity"],
                "properties": { "copy_similarity": num() } }] })) } }),
    );
    add(
        "StorySummary",
        json!({ "type": "object", "required": ["id", "articles", "outlets"], "properties": {
            "id": int(), "headline": opt_s(), "first_published": opt_s(), "last_published": opt_s(),
            "articles": int(), "outlets": int(), "countries": list(s()), "merged_from": list(int()) } }),
    );
    add(
        "StoryList",
        json!({ "type": "object", "required": ["stories", "next_cursor"], "properties": {
            "stories": list(r("StorySummary")), "next_cursor": cursor() } }),
    );
    add(
        "StoryPage",
        json!({ "type": "object", "required": ["story", "articles", "outlets", "timeline", "next_cursor"], "properties": {
            "story": r("StorySummary"),
            "next_cursor": cursor(),
            "articles": list(json!({ "type": "object", "required": ["id"], "properties": {
                "id": s(), "published": opt_s(), "source": opt_s(), "country": opt_s(), "title": opt_s(),
                "url": opt_s(), "copy_of": opt_s() } })),
            "outlets": list(json!({ "type": "object", "required": ["name", "articles"], "properties": {
                "name": s(), "country": opt_s(), "articles": int(), "first_published": opt_s() } })),
            "timeline": counts() } }),
    );
    add(
        "Source",
        json!({ "type": "object", "required": ["id", "url", "health"], "properties": {
            "id": int(), "url": s(), "name": opt_s(), "country": opt_s(), "language": opt_s(),
            "kind": { "type": ["string", "null"], "enum": ["feed", "sitemap", "sitemap_index", "site", null] },
            "poll_url": opt_s(), "added_at": { "type": "string", "format": "date-time" },
            "last_polled": { "type": ["string", "null"], "format": "date-time" },
            "last_success": { "type": ["string", "null"], "format": "date-time" },
            "last_error": opt_s(), "polls": int(), "failures": int(), "articles_found": int(), "fetched": int(),
            "mean_delay_secs": { "type": ["number", "null"] },
            "health": { "type": "string", "enum": ["new", "ok", "failing"],
                        "description": "new: never polled; failing: the last poll failed." } } }),
    );
    add(
        "NewSource",
        json!({ "type": "object", "required": ["url"], "additionalProperties": false, "properties": {
            "url": { "type": "string", "description": "A feed, a sitemap or a site's home page (http or https)." },
            "name": s(), "country": s(), "language": s() } }),
    );
    add(
        "SourceAdded",
        json!({ "type": "object", "required": ["id", "url", "new"], "properties": {
            "id": int(), "url": s(), "new": { "type": "boolean" } } }),
    );
    add(
        "IngestRequest",
        json!({ "type": "object", "additionalProperties": false, "properties": {
            "url": s(), "html": { "type": "string", "description": "The page; without it `url` is queued." },
            "source": s(), "country": s(), "language": s() } }),
    );
    add(
        "IngestReceipt",
        json!({ "type": "object", "required": ["status"], "properties": {
            "id": opt_s(), "status": { "type": "string", "enum": ["new", "updated", "unchanged", "skipped"] },
            "message": s() } }),
    );
    add(
        "Coverage",
        json!({ "type": "object", "required": ["query", "by", "total"], "properties": {
            "query": s(), "by": { "type": "string", "enum": ["day", "source", "country"] },
            "total": { "type": "integer", "description": "Matches of the query with its filters." },
            "series": { "description": "by=day: one per series, every series over the same days.",
                "type": "array", "items": { "type": "object", "properties": {
                "name": s(), "total": int(), "points": list(json!({ "type": "object", "properties": {
                    "day": { "type": "string", "format": "date" }, "count": int(),
                    "share": { "type": "number", "description": "count over all articles of that day in the \
                                                                series' scope" } } })) } } },
            "buckets": { "description": "by=source or by=country, most first.", "type": "array",
                "items": { "type": "object", "properties": { "key": s(), "count": int() } } } } }),
    );
    Value::Object(all)
}
