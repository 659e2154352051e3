//! Shared coverage counts (per day, outlet, country) for the API and the
//! attention page, all read from the index's facets: a search with
//! `facets: true, limit: 0` counts every match per day, outlet and country
//! without fetching a document, and the same search with an empty query
//! counts every article, which is what a share is taken of.

use chrono::{Duration, NaiveDate};
use newsdesk_index::{ArticleSearch, Facets, SearchRequest};
use serde::Serialize;

use crate::api::articles::{filters, query_text};
use crate::params::Params;
use crate::{Result, ServerError, ServerState};

/// Most series one request may ask for: more lines are unreadable and each
/// costs two searches.
pub(crate) const MAX_SERIES: usize = 10;

/// Most days counted per request (ten years): an article with a wrong date
/// far in the past would otherwise make millions of zero points.
pub(crate) const MAX_DAYS: i64 = 3660;

/// The search whose coverage is counted: query text and filters.
#[derive(Debug, Clone, Default)]
pub(crate) struct CoverageQuery {
    pub query: String,
    pub sources: Vec<String>,
    pub language: Option<String>,
    pub country: Option<String>,
    pub from: Option<NaiveDate>,
    pub to: Option<NaiveDate>,
}

impl CoverageQuery {
    /// `q`, `source` (repeatable), `lang`, `country`, `from`, `to` (as every
    /// article selection reads them), `from` not after `to`.
    pub fn from_params(state: &ServerState, p: &Params) -> Result<CoverageQuery> {
        let query = query_text(state, p)?;
        let f = filters(p)?;
        if let (Some(from), Some(to)) = (f.from, f.to) {
            if from > to {
                return Err(ServerError::bad("bad_parameter", format!("from={from} is after to={to}")));
            }
        }
        Ok(CoverageQuery {
            query,
            sources: f.sources,
            language: f.language,
            country: f.country,
            from: f.from,
            to: f.to,
        })
    }

    /// Counts only (no hits), over every match.
    fn request(&self, query: &str) -> SearchRequest {
        SearchRequest {
            query: query.to_string(),
            sources: self.sources.clone(),
            language: self.language.clone(),
            country: self.country.clone(),
            from: self.from,
            to: self.to,
            limit: 0,
            facets: true,
            ..Default::default()
        }
    }

    /// The request narrowed to `series`; `None` when the filters already
    /// exclude it (a series of an outlet the `source` filter leaves out).
    fn narrowed(&self, series: &Series) -> Option<CoverageQuery> {
        let mut q = self.clone();
        match series {
            Series::All => {}
            Series::Source(name) => {
                if !q.sources.is_empty() && !q.sources.iter().any(|s| s.eq_ignore_ascii_case(name)) {
                    return None;
                }
                q.sources = vec![name.clone()];
            }
            Series::Country(code) => {
                if q.country.as_deref().is_some_and(|c| !c.eq_ignore_ascii_case(code)) {
                    return None;
                }
                q.country = Some(code.clone());
            }
        }
        Some(q)
    }
}

/// One line of the chart.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Series {
    /// Every match.
    All,
    /// The matches of one outlet (`source:NAME`).
    Source(String),
    /// The matches of one outlet country (`country:CC`).
    Country(String),
}

impl Series {
    /// `source:NAME` or `country:CC`.
    pub fn parse(s: &str) -> Result<Series> {
        let bad = |why: &str| ServerError::bad("bad_series", format!("series={s:?}: {why}"));
        match s.split_once(':') {
            Some(("source", name)) if !name.trim().is_empty() => Ok(Series::Source(name.trim().to_string())),
            Some(("country", code)) => {
                let code = code.trim();
                if code.len() == 2 && code.bytes().all(|b| b.is_ascii_alphabetic()) {
                    Ok(Series::Country(code.to_ascii_uppercase()))
                } else {
                    Err(bad("a country is a two-letter ISO 3166-1 code, as in country:FR"))
                }
            }
            _ => Err(bad("expected source:NAME (an outlet) or country:CC (a two-letter country code)")),
        }
    }

    /// Every `series` parameter, at most [`MAX_SERIES`]; none means one
    /// line for every match.
    pub fn from_params(p: &Params) -> Result<Vec<Series>> {
        let given = p.all("series");
        if given.len() > MAX_SERIES {
            return Err(ServerError::bad(
                "too_many_series",
                format!("{} series asked for; at most {MAX_SERIES} lines are drawn", given.len()),
            ));
        }
        let mut series: Vec<Series> = Vec::new();
        for s in &given {
            let parsed = Series::parse(s)?;
            if !series.contains(&parsed) {
                series.push(parsed);
            }
        }
        if series.is_empty() {
            series.push(Series::All);
        }
        Ok(series)
    }

    /// As the `series` parameter spells it (`all` for every match).
    pub fn name(&self) -> String {
        match self {
            Series::All => "all".into(),
            Series::Source(n) => format!("source:{n}"),
            Series::Country(c) => format!("country:{c}"),
        }
    }

    /// For people: the outlet's name, the country, or all matches.
    pub fn label(&self) -> String {
        match self {
            Series::All => "All matching articles".into(),
            Series::Source(n) => n.clone(),
            Series::Country(c) => format!("Country {c}"),
        }
    }
}

/// One day of a series.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Point {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub count: u64,
    /// `count` over all articles of that day in the series' scope (same
    /// filters and outlet or country, any text); 0 on a day without any.
    pub share: f64,
}

/// A series' points, one per day of the common span.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DaySeries {
    pub name: String,
    #[serde(skip)]
    pub label: String,
    /// Matches of the series, dated or not.
    pub total: u64,
    pub points: Vec<Point>,
}

/// Matches per day of each series, every series over the same days.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct DayCounts {
    pub query: String,
    /// Matches of the query with its filters (not narrowed to a series).
    pub total: u64,
    pub series: Vec<DaySeries>,
    /// Matches per outlet and per country, most first: the series one
    /// could draw next.
    #[serde(skip)]
    pub sources: Vec<(String, u64)>,
    #[serde(skip)]
    pub countries: Vec<(String, u64)>,
}

/// Counts per day for each of `series`. The days run from the first to the
/// last with a match (of the query or of any series), widened to
/// `from`/`to` when given and the span stays within [`MAX_DAYS`], with the
/// days between present as zeros so lines stay continuous.
pub(crate) fn per_day(index: &dyn ArticleSearch, q: &CoverageQuery, series: &[Series]) -> Result<DayCounts> {
    let (total, base) = facets(index, q, &q.query)?;
    // Every match's days frame the chart, so that choosing other lines
    // keeps the same dates.
    let base_days: Vec<NaiveDate> = base.days.iter().filter_map(|(d, _)| parse_day(d)).collect();
    let (sources, countries) = (base.sources, base.countries);
    let mut counted = Vec::with_capacity(series.len());
    for s in series {
        let (matches, all) = match q.narrowed(s) {
            Some(narrow) => (facets(index, &narrow, &narrow.query)?, facets(index, &narrow, "")?),
            None => ((0, Facets::default()), (0, Facets::default())),
        };
        counted.push((s, matches, all));
    }
    let series_days = counted.iter().flat_map(|(_, (_, m), _)| m.days.iter()).filter_map(|(d, _)| parse_day(d));
    let days: Vec<NaiveDate> = series_days.chain(base_days).collect();
    let (Some(&first), Some(&last)) = (days.iter().min(), days.iter().max()) else {
        let series = counted
            .iter()
            .map(|(s, (n, _), _)| DaySeries { name: s.name(), label: s.label(), total: *n, points: Vec::new() })
            .collect();
        return Ok(DayCounts { query: q.query.clone(), total, series, sources, countries });
    };
    let span = (last - first).num_days() + 1;
    if span > MAX_DAYS {
        return Err(ServerError::bad(
            "span_too_long",
            format!(
                "the matching articles span {span} days ({first} to {last}); at most {MAX_DAYS} are counted: \
                 narrow the dates with from and to"
            ),
        ));
    }
    // The asked-for dates frame the chart when they fit.
    let (wide_first, wide_last) = (q.from.map_or(first, |f| f.min(first)), q.to.map_or(last, |t| t.max(last)));
    let (first, span) = match (wide_last - wide_first).num_days() + 1 {
        wide if wide <= MAX_DAYS => (wide_first, wide),
        _ => (first, span),
    };
    let series = counted
        .into_iter()
        .map(|(s, (n, matches), (_, all))| {
            let (matches, all) = (day_map(&matches), day_map(&all));
            let points = (0..span)
                .map(|k| {
                    let day = first + Duration::days(k);
                    let count = matches.get(&day).copied().unwrap_or(0);
                    let of = all.get(&day).copied().unwrap_or(0);
                    let share = if of == 0 { 0.0 } else { count as f64 / of as f64 };
                    Point { day: day.to_string(), count, share }
                })
                .collect();
            DaySeries { name: s.name(), label: s.label(), total: n, points }
        })
        .collect();
    Ok(DayCounts { query: q.query.clone(), total, series, sources, countries })
}

/// Matches per outlet or per country, most first.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Buckets {
    pub query: String,
    pub total: u64,
    pub buckets: Vec<Bucket>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub(crate) struct Bucket {
    pub key: String,
    pub count: u64,
}

/// What [`buckets`] counts by.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum By {
    Source,
    Country,
}

pub(crate) fn buckets(index: &dyn ArticleSearch, q: &CoverageQuery, by: By) -> Result<Buckets> {
    let (total, f) = facets(index, q, &q.query)?;
    let counts = match by {
        By::Source => f.sources,
        By::Country => f.countries,
    };
    let buckets = counts.into_iter().map(|(key, count)| Bucket { key, count }).collect();
    Ok(Buckets { query: q.query.clone(), total, buckets })
}

/// Total and facets of `query` under `q`'s filters.
fn facets(index: &dyn ArticleSearch, q: &CoverageQuery, query: &str) -> Result<(u64, Facets)> {
    let found = index.search(&q.request(query))?;
    Ok((found.total, found.facets.unwrap_or_default()))
}

fn parse_day(d: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(d, "%Y-%m-%d").ok()
}

fn day_map(f: &Facets) -> std::collections::HashMap<NaiveDate, u64> {
    f.days.iter().filter_map(|(d, n)| Some((parse_day(d)?, *n))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn series_names_parse_and_are_checked() {
        assert_eq!(Series::parse("source:Le Monde").unwrap(), Series::Source("Le Monde".into()));
        assert_eq!(Series::parse("country:fr").unwrap(), Series::Country("FR".into()));
        for bad in ["country:France", "source:", "outlet:x", "x", "country:1a"] {
            assert!(Series::parse(bad).is_err(), "{bad}");
        }
        let many = (0..=MAX_SERIES).map(|k| format!("series=country:A{}", (b'A' + k as u8) as char));
        let p = Params::parse(Some(&many.collect::<Vec<_>>().join("&")));
        assert!(Series::from_params(&p).is_err());
        assert_eq!(Series::from_params(&Params::parse(None)).unwrap(), [Series::All]);
    }

    #[test]
    fn a_series_outside_the_filters_is_empty() {
        let q = CoverageQuery { sources: vec!["A".into()], country: Some("fr".into()), ..Default::default() };
        assert!(q.narrowed(&Series::Source("B".into())).is_none());
        assert_eq!(q.narrowed(&Series::Source("a".into())).unwrap().sources, ["a"]);
        assert!(q.narrowed(&Series::Country("DE".into())).is_none());
        assert!(q.narrowed(&Series::Country("FR".into())).is_some());
    }
}
