//! `GET /api/v1/coverage`: matching articles per day, outlet or country.
//!
//! Parameters: `q`, `source` (repeatable), `lang`, `country`, `from`, `to`
//! (the search), `by=day|source|country`, `series` (repeatable,
//! `source:NAME` or `country:CC`, only with `by=day`), `format=json|csv`.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};

use crate::attention::{self, By, CoverageQuery, Series};
use crate::params::Params;
use crate::{Result, ServerError, ServerState};

pub(crate) fn routes() -> Router<ServerState> {
    Router::new().route("/coverage", get(coverage))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Format {
    Json,
    Csv,
}

async fn coverage(State(state): State<ServerState>, p: Params) -> Result<Response> {
    let query = CoverageQuery::from_params(&state, &p)?;
    let format = match p.get("format").unwrap_or("json") {
        "json" => Format::Json,
        "csv" => Format::Csv,
        other => return Err(ServerError::bad("bad_parameter", format!("format={other:?}: expected json or csv"))),
    };
    let by = match p.get("by").unwrap_or("day") {
        "day" => None,
        "source" => Some(By::Source),
        "country" => Some(By::Country),
        other => {
            return Err(ServerError::bad("bad_parameter", format!("by={other:?}: expected day, source or country")))
        }
    };
    match by {
        None => {
            let series = Series::from_params(&p)?;
            let counts = state.read(move |_, index| attention::per_day(index, &query, &series)).await?;
            Ok(match format {
                Format::Json => Json(serde_json::json!({
                    "query": counts.query,
                    "by": "day",
                    "total": counts.total,
                    "series": counts.series,
                }))
                .into_response(),
                Format::Csv => csv_response(&day_csv(&counts)),
            })
        }
        Some(by) => {
            if !p.all("series").is_empty() {
                return Err(ServerError::bad("bad_parameter", "series only applies to by=day"));
            }
            let counts = state.read(move |_, index| attention::buckets(index, &query, by)).await?;
            let by_name = if by == By::Source { "source" } else { "country" };
            Ok(match format {
                Format::Json => Json(serde_json::json!({
                    "query": counts.query,
                    "by": by_name,
                    "total": counts.total,
                    "buckets": counts.buckets,
                }))
                .into_response(),
                Format::Csv => csv_response(&bucket_csv(by_name, &counts)),
            })
        }
    }
}

fn csv_response(body: &str) -> Response {
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (header::CONTENT_DISPOSITION, "attachment; filename=\"coverage.csv\""),
        ],
        body.to_string(),
    )
        .into_response()
}

/// `day,series,count,share`, one row per day and series.
pub(crate) fn day_csv(counts: &attention::DayCounts) -> String {
    let mut out = String::from("day,series,count,share\n");
    for s in &counts.series {
        for p in &s.points {
            out.push_str(&format!("{},{},{},{:.6}\n", p.day, csv_field(&s.name), p.count, p.share));
        }
    }
    out
}

fn bucket_csv(by: &str, counts: &attention::Buckets) -> String {
    let mut out = format!("{by},count\n");
    for b in &counts.buckets {
        out.push_str(&format!("{},{}\n", csv_field(&b.key), b.count));
    }
    out
}

/// A CSV field: quoted when it holds a separator, quote or line break, and
/// with a leading `'` when a spreadsheet would read it as a formula (outlet
/// names come from crawled pages).
fn csv_field(s: &str) -> String {
    let s = if s.starts_with(['=', '+', '-', '@', '\t', '\r']) { format!("'{s}") } else { s.to_string() };
    if s.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", s.replace('"', "\"\""))
    } else {
        s
    }
}

#[cfg(test)]
mod tests {
    use super::csv_field;

    #[test]
    fn csv_fields_are_quoted_and_defused() {
        assert_eq!(csv_field("source:Wire"), "source:Wire");
        assert_eq!(csv_field("source:A, B \"C\""), "\"source:A, B \"\"C\"\"\"");
        assert_eq!(csv_field("=cmd()"), "'=cmd()");
    }
}
