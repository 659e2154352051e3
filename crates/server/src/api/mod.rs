//! The JSON API, `/api/v1/...`. Every handler checks read or write access
//! first, answers JSON, and fails with `{"error": {"code", "message"}}`.
//!
//! The routes of this module come from one table ([`handlers`]); the routes
//! other modules register ([`ELSEWHERE`]) are listed beside it, so that
//! [`route_table`] names every route of the API and a test can hold it to
//! the OpenAPI document.

pub(crate) mod articles;
pub(crate) mod collection;
pub(crate) mod coverage;
mod export;
mod openapi;
mod openapi_schemas;
mod stories;
pub(crate) mod write;

use axum::routing::{get, MethodRouter};
use axum::Router;

use crate::ServerState;

/// Routes registered by other modules: `GET /coverage` (api/coverage.rs),
/// and the writes (api/write.rs).
#[cfg(test)]
const ELSEWHERE: [(&str, &str); 3] = [("GET", "/coverage"), ("POST", "/ingest"), ("POST", "/sources")];

/// Method, path and handler of each route this module registers.
fn handlers() -> Vec<(&'static str, &'static str, MethodRouter<ServerState>)> {
    vec![
        ("GET", "/articles", get(articles::list)),
        ("GET", "/articles/{id}", get(articles::get_article)),
        ("GET", "/articles/{id}/similar", get(articles::similar)),
        ("GET", "/articles/{id}/copies", get(articles::copies)),
        ("GET", "/articles/{id}/quotes", articles::part_route("quotes")),
        ("GET", "/articles/{id}/claims", articles::part_route("claims")),
        ("GET", "/articles/{id}/figures", articles::part_route("figures")),
        ("GET", "/articles/{id}/places", articles::part_route("places")),
        ("GET", "/quotes", get(collection::quotes)),
        ("GET", "/claims", get(collection::claims)),
        ("GET", "/search", get(articles::search)),
        ("GET", "/export", get(export::export)),
        ("GET", "/stories", get(stories::list)),
        ("GET", "/stories/{id}", get(stories::get_story)),
        ("GET", "/sources", get(stories::sources)),
        ("GET", "/openapi.json", get(openapi::openapi)),
    ]
}

/// Every route of the API as (method, path under `/api/v1`).
#[cfg(test)]
pub(crate) fn route_table() -> Vec<(&'static str, &'static str)> {
    let mut table: Vec<_> = handlers().into_iter().map(|(method, path, _)| (method, path)).collect();
    table.extend(ELSEWHERE);
    table
}

pub(crate) fn routes() -> Router<ServerState> {
    handlers().into_iter().fold(Router::new(), |router, (_, path, handler)| router.route(path, handler))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;

    use super::{handlers, openapi, route_table};

    #[test]
    fn every_route_is_documented_and_every_documented_route_exists() {
        let doc = openapi::document(100);
        let mut documented = BTreeSet::new();
        for (path, item) in doc["paths"].as_object().expect("paths") {
            for method in item.as_object().expect("path item").keys() {
                documented.insert((method.to_ascii_uppercase(), path.clone()));
            }
        }
        let table: BTreeSet<(String, String)> =
            route_table().into_iter().map(|(m, p)| (m.to_string(), p.to_string())).collect();
        assert_eq!(table.len(), route_table().len(), "a route is listed twice");
        assert_eq!(table, documented, "routes and the OpenAPI document differ");
    }

    #[test]
    fn one_route_per_path_and_method() {
        let mut seen = BTreeSet::new();
        for (method, path, _) in handlers() {
            assert!(seen.insert((method, path)), "{method} {path} twice");
        }
    }

    #[test]
    fn every_reference_resolves() {
        let doc = openapi::document(100);
        let mut refs = Vec::new();
        collect_refs(&doc, &mut refs);
        assert!(!refs.is_empty());
        for r in refs {
            let pointer = r.strip_prefix('#').expect("local reference");
            assert!(doc.pointer(pointer).is_some(), "dangling {r}");
        }
    }

    fn collect_refs(v: &serde_json::Value, out: &mut Vec<String>) {
        match v {
            serde_json::Value::Object(o) => {
                if let Some(r) = o.get("$ref").and_then(|r| r.as_str()) {
                    out.push(r.to_string());
                }
                o.values().for_each(|v| collect_refs(v, out));
            }
            serde_json::Value::Array(a) => a.iter().for_each(|v| collect_refs(v, out)),
            _ => {}
        }
    }
}
