//! The attention page: how many articles matching a query appeared each
//! day, overall or per chosen outlet or country, as counts or as a share
//! of the day's articles; a chart, a data table and a CSV download.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};

use super::chart::{line_chart, Scale};
use super::{bad_request_page, href, page, user_error, HtmlError, Nav};
use crate::attention::{per_day, CoverageQuery, DayCounts, Series, MAX_SERIES};
use crate::params::Params;
use crate::{ServerError, ServerState};

/// Outlets and countries offered as lines (besides those already chosen).
const OFFERED: usize = 8;
/// Longer spans are left to the CSV: a table of thousands of rows helps no one.
const MAX_TABLE_ROWS: usize = 400;

/// What the form shows, as given.
struct Form {
    q: String,
    from: String,
    to: String,
    series: Vec<String>,
    scale: Scale,
    /// Filters from links (`source`, `lang`, `country`), kept as hidden fields.
    hidden: Vec<(&'static str, String)>,
}

impl Form {
    fn new(p: &Params) -> Form {
        let mut hidden: Vec<(&'static str, String)> = p.all("source").into_iter().map(|s| ("source", s)).collect();
        hidden.extend(p.get("lang").map(|l| ("lang", l.to_string())));
        hidden.extend(p.get("country").map(|c| ("country", c.to_string())));
        Form {
            q: p.get("q").unwrap_or("").to_string(),
            from: p.get("from").unwrap_or("").to_string(),
            to: p.get("to").unwrap_or("").to_string(),
            series: p.all("series"),
            scale: if p.get("scale") == Some("share") { Scale::Share } else { Scale::Absolute },
            hidden,
        }
    }

    /// The query string of the coverage API for the same counts.
    fn csv_href(&self) -> String {
        let mut pairs: Vec<(&str, &str)> = vec![("q", &self.q), ("from", &self.from), ("to", &self.to)];
        pairs.extend(self.hidden.iter().map(|(k, v)| (*k, v.as_str())));
        pairs.extend(self.series.iter().map(|s| ("series", s.as_str())));
        pairs.push(("format", "csv"));
        href("/api/v1/coverage", &pairs)
    }
}

pub(crate) async fn attention(State(state): State<ServerState>, p: Params) -> Result<Response, HtmlError> {
    let form = Form::new(&p);
    let parsed = check_scale(&p).and_then(|()| Ok((CoverageQuery::from_params(&state, &p)?, Series::from_params(&p)?)));
    let counted = match parsed {
        Ok((query, series)) => state.read(move |_, index| per_day(index, &query, &series)).await,
        Err(e) => Err(e),
    };
    match counted {
        Ok(counts) => {
            Ok(page("Attention over time", Nav::Attention, render(&form, Some(&counts), None)).into_response())
        }
        Err(e) => {
            let message = user_error(e)?;
            Ok(bad_request_page("Attention over time", Nav::Attention, render(&form, None, Some(&message))))
        }
    }
}

fn check_scale(p: &Params) -> crate::Result<()> {
    match p.get("scale") {
        None | Some("absolute" | "share") => Ok(()),
        Some(other) => Err(ServerError::bad("bad_parameter", format!("scale={other:?}: expected absolute or share"))),
    }
}

fn render(form: &Form, counts: Option<&DayCounts>, error: Option<&str>) -> Markup {
    html! {
        h1 { "Attention over time" }
        p { "How many articles matching a search appeared each day, for all outlets or for the ones you choose." }
        (form_html(form, counts))
        @if let Some(message) = error {
            div.error role="alert" { h2 { "Cannot draw this chart" } p { (message) } }
        }
        @if let Some(c) = counts { (results(form, c)) }
    }
}

fn form_html(form: &Form, counts: Option<&DayCounts>) -> Markup {
    let offered = |kind: &str, list: Option<&Vec<(String, u64)>>| -> Vec<(String, String, Option<u64>)> {
        let mut out: Vec<(String, String, Option<u64>)> = form
            .series
            .iter()
            .filter_map(|s| {
                s.strip_prefix(kind).and_then(|v| v.strip_prefix(':')).map(|v| (s.clone(), v.to_string(), None))
            })
            .collect();
        for (name, n) in list.into_iter().flatten().take(OFFERED) {
            let value = format!("{kind}:{name}");
            match out.iter_mut().find(|(v, _, _)| v.eq_ignore_ascii_case(&value)) {
                Some(o) => o.2 = Some(*n),
                None => out.push((value, name.clone(), Some(*n))),
            }
        }
        out
    };
    let outlets = offered("source", counts.map(|c| &c.sources));
    let countries = offered("country", counts.map(|c| &c.countries));
    let choice = |(value, label, n): &(String, String, Option<u64>)| {
        html! {
            li { label {
                input type="checkbox" name="series" value=(value) checked[form.series.contains(value)];
                " " (label) @if let Some(n) = n { " " span.meta { "(" (n) ")" } }
            } }
        }
    };
    html! {
        form.panel method="get" action="/attention" {
            div.field {
                label for="att-q" { "Words" }
                input #att-q type="search" name="q" value=(form.q) aria-describedby="att-q-hint";
                p #att-q-hint .hint { "Same syntax as " a href="/search" { "search" } "; empty counts every article." }
            }
            div.row {
                div.field { label for="att-from" { "From" } input #att-from type="date" name="from" value=(form.from); }
                div.field { label for="att-to" { "To" } input #att-to type="date" name="to" value=(form.to); }
            }
            fieldset {
                legend { "Lines" }
                p.hint { "Choose up to " (MAX_SERIES) " outlets or countries; none draws one line for all matches." }
                @if outlets.is_empty() && countries.is_empty() { p { "No outlets to choose from yet." } }
                @if !outlets.is_empty() {
                    h2.small { "Outlets" }
                    ul.choices { @for o in &outlets { (choice(o)) } }
                }
                @if !countries.is_empty() {
                    h2.small { "Countries" }
                    ul.choices { @for c in &countries { (choice(c)) } }
                }
            }
            fieldset {
                legend { "Scale" }
                label { input type="radio" name="scale" value="absolute" checked[form.scale == Scale::Absolute]; " Articles per day" }
                " "
                label { input type="radio" name="scale" value="share" checked[form.scale == Scale::Share]; " Share of the day's articles" }
            }
            @for (k, v) in &form.hidden { input type="hidden" name=(k) value=(v); }
            button type="submit" { "Draw" }
        }
    }
}

fn results(form: &Form, c: &DayCounts) -> Markup {
    let what = if c.query.is_empty() { "all articles".to_string() } else { format!("\u{201c}{}\u{201d}", c.query) };
    let days = c.series.first().map_or(0, |s| s.points.len());
    html! {
        section aria-labelledby="att-chart-h" {
            h2 #att-chart-h { "Articles per day for " (what) }
            p.count { strong { (c.total) } " matching articles" }
            @if days == 0 {
                p { "No dated article matches. Try other words or a wider date range." }
            } @else {
                figure.chart {
                    (line_chart(&c.series, form.scale, &what))
                    figcaption {
                        @if form.scale == Scale::Share { "Share of each day's articles (in the line's outlet or country) that match. " }
                        @else { "Matching articles per day. " }
                        "The numbers are in the " a href="#att-table" { "data table" } " below."
                    }
                }
            }
            p { a.button href=(form.csv_href()) download="coverage.csv" { "Download CSV" } }
            @if days > 0 { (table(c, form.scale)) }
        }
    }
}

fn table(c: &DayCounts, scale: Scale) -> Markup {
    let days = c.series.first().map_or(0, |s| s.points.len());
    html! {
        details #att-table {
            summary { "Data table" }
            @if days > MAX_TABLE_ROWS {
                p { (days) " days are too many for a table; download the CSV instead." }
            } @else {
                div.scroll {
                    table {
                        caption { "Matching articles per day (share of the day's articles in brackets)" }
                        thead { tr { th scope="col" { "Day" } @for s in &c.series { th scope="col" { (s.label) } } } }
                        tbody {
                            @for (k, first) in c.series.first().map_or(&[][..], |s| &s.points).iter().enumerate() {
                                tr {
                                    th scope="row" { (first.day) }
                                    @for point in c.series.iter().filter_map(|s| s.points.get(k)) {
                                        td {
                                            (point.count)
                                            @if scale == Scale::Share || point.count > 0 {
                                                " (" (format!("{:.1}%", point.share * 100.0)) ")"
                                            }
                                        }
                                    }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}
