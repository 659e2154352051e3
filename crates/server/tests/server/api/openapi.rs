//! The OpenAPI document: every route documented is served, and answers
//! have the shapes it documents.

use std::collections::BTreeSet;

use newsdesk_server::ServerConfig;
use serde_json::Value;

use super::{assert_error, get_json};
use crate::common::{corpus, run, serve, serve_with};

#[test]
fn openapi_documents_every_route_and_each_is_served() {
    let s = serve();
    run(async {
        let (status, doc) = get_json(&s, "/api/v1/openapi.json").await;
        assert_eq!(status, 200);
        assert!(doc["openapi"].as_str().is_some_and(|v| v.starts_with("3.1")), "{doc}");
        assert_eq!(doc["servers"][0]["url"], "/api/v1");
        assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for (method, operation) in item.as_object().expect("path item") {
                assert!(operation["responses"].as_object().is_some_and(|r| !r.is_empty()), "{method} {path}");
                documented.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        for route in [
            ("GET", "/articles"),
            ("GET", "/articles/{id}/similar"),
            ("GET", "/search"),
            ("GET", "/coverage"),
            ("GET", "/export"),
            ("GET", "/stories/{id}"),
            ("GET", "/sources"),
            ("POST", "/sources"),
            ("POST", "/ingest"),
        ] {
            assert!(documented.contains(&(route.0.to_string(), route.1.to_string())), "{route:?} undocumented");
        }
        let writes = &doc["paths"]["/ingest"]["post"];
        assert_eq!(writes["security"], serde_json::json!([{ "bearer": [] }]));
        assert!(writes["responses"]["401"].is_object() && writes["responses"]["403"].is_object());

        // Each documented route is served: it answers, and a 404 is the
        // API's own (no such article), not the router's (no such route).
        for (method, path) in &documented {
            let url = s.url(&format!("/api/v1{}", path.replace("{id}", "flood-wire")));
            let request = match method.as_str() {
                "GET" => s.client.get(&url),
                "POST" => s.client.post(&url).json(&serde_json::json!({})),
                other => panic!("{other} {path}: unexpected method"),
            };
            let r = request.send().await.expect("request");
            let status = r.status().as_u16();
            assert_ne!(status, 405, "{method} {path} is not routed");
            if status == 404 {
                let body: Value = r.json().await.unwrap_or_else(|e| panic!("{method} {path}: no route ({e})"));
                assert_error(&body, "not_found");
            }
        }
    });
}

/// Checks `value` against `schema` of the OpenAPI document `doc`: types,
/// required members, enums, array items, `allOf` (what the document uses).
fn conforms(doc: &Value, schema: &Value, value: &Value, at: &str) {
    if let Some(r) = schema["$ref"].as_str() {
        let target = doc.pointer(r.trim_start_matches('#')).unwrap_or_else(|| panic!("dangling {r}"));
        return conforms(doc, target, value, at);
    }
    if let Some(all) = schema["allOf"].as_array() {
        all.iter().for_each(|s| conforms(doc, s, value, at));
    }
    let kind = match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_u64() || n.is_i64() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    };
    let allowed: Vec<&str> = match &schema["type"] {
        Value::String(t) => vec![t.as_str()],
        Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    };
    let fits = allowed.is_empty() || allowed.contains(&kind) || (kind == "integer" && allowed.contains(&"number"));
    assert!(fits, "{at}: {kind} where the document says {allowed:?}: {value}");
    if let Some(options) = schema["enum"].as_array() {
        assert!(options.contains(value), "{at}: {value} not in {options:?}");
    }
    match value {
        Value::Object(o) => {
            for name in schema["required"].as_array().into_iter().flatten().filter_map(Value::as_str) {
                assert!(o.contains_key(name), "{at}: `{name}` missing: {value}");
            }
            for (name, member) in o {
                if let Some(s) = schema["properties"].get(name) {
                    conforms(doc, s, member, &format!("{at}.{name}"));
                }
            }
        }
        Value::Array(items) => {
            if let Some(s) = schema.get("items") {
                for (i, item) in items.iter().enumerate() {
                    conforms(doc, s, item, &format!("{at}[{i}]"));
                }
            }
            for (i, s) in schema["prefixItems"].as_array().into_iter().flatten().enumerate() {
                if let Some(item) = items.get(i) {
                    conforms(doc, s, item, &format!("{at}[{i}]"));
                }
            }
        }
        _ => {}
    }
}

#[test]
fn answers_have_the_documented_shapes() {
    let s = serve_with(corpus(), ServerConfig { token: Some("secret".into()), ..Default::default() });
    run(async {
        let (_, doc) = get_json(&s, "/api/v1/openapi.json").await;
        let added = s
            .client
            .post(s.url("/api/v1/sources"))
            .bearer_auth("secret")
            .json(&serde_json::json!({ "url": "https://news.example/feed.xml" }))
            .send()
            .await
            .expect("post");
        let added: Value = added.json().await.expect("JSON");
        conforms(&doc, &doc["components"]["schemas"]["SourceAdded"], &added, "POST /sources");
        let (_, stories) = get_json(&s, "/api/v1/stories").await;
        let story = stories["stories"][0]["id"].to_string();
        for (path, url) in [
            ("/articles", "/articles?limit=3".to_string()),
            ("/articles/{id}", "/articles/flood-wire".into()),
            ("/articles/{id}/similar", "/articles/flood-copy/similar".into()),
            ("/articles/{id}/copies", "/articles/flood-copy/copies".into()),
            ("/articles/{id}/quotes", "/articles/flood-wire/quotes".into()),
            ("/articles/{id}/claims", "/articles/flood-wire/claims".into()),
            ("/articles/{id}/figures", "/articles/rates/figures".into()),
            ("/articles/{id}/places", "/articles/flood-own/places".into()),
            ("/search", "/search?q=flood".into()),
            ("/coverage", "/coverage?q=flood".into()),
            ("/coverage", "/coverage?q=flood&by=source".into()),
            ("/stories", "/stories".into()),
            ("/stories/{id}", format!("/stories/{story}")),
            ("/sources", "/sources".into()),
        ] {
            let (status, body) = get_json(&s, &format!("/api/v1{url}")).await;
            assert_eq!(status, 200, "{url}: {body}");
            let schema = &doc["paths"][path]["get"]["responses"]["200"]["content"]["application/json"]["schema"];
            assert!(schema.is_object(), "{path}: no documented answer");
            conforms(&doc, schema, &body, url.as_str());
        }
        let (status, body) = get_json(&s, "/api/v1/articles/nope").await;
        assert_eq!(status, 404);
        conforms(&doc, &doc["components"]["schemas"]["Error"], &body, "404");
    });
}

#[test]
#[should_panic(expected = "`code` missing")]
fn conforms_catches_a_missing_member() {
    let doc = serde_json::json!({ "components": { "schemas": { "E": {
        "type": "object", "required": ["error"], "properties": { "error": { "type": "object", "required": ["code"] } } } } } });
    conforms(&doc, &serde_json::json!({ "$ref": "#/components/schemas/E" }), &serde_json::json!({ "error": {} }), "x");
}
