//! The search page: the query with its syntax help, filters, facet lists
//! whose entries narrow the search, highlighted hits, paging and export
//! links.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup, PreEscaped};
use newsdesk_index::{SearchRequest, SearchResults, QUERY_SYNTAX};

use super::layout::{article_href, day};
use super::{bad_request_page, href, page, user_error, HtmlError, Nav};
use crate::attention::CoverageQuery;
use crate::params::Params;
use crate::{Result, ServerError, ServerState};

const PAGE_SIZE: usize = 20;
/// Deeper pages are not ranked (costly, and nobody reads them).
const MAX_OFFSET: usize = 10_000;
/// Entries shown per facet list.
const FACET_ENTRIES: usize = 10;

/// The search as the form and the links carry it.
#[derive(Clone, Default)]
struct Form {
    q: String,
    sources: Vec<String>,
    lang: String,
    country: String,
    from: String,
    to: String,
    sort: String,
    limit: Option<usize>,
}

impl Form {
    fn new(p: &Params) -> Form {
        let text = |k: &str| p.get(k).unwrap_or("").to_string();
        Form {
            q: text("q"),
            sources: p.all("source"),
            lang: text("lang"),
            country: text("country"),
            from: text("from"),
            to: text("to"),
            sort: text("sort"),
            limit: p.get("limit").and_then(|l| l.parse().ok()),
        }
    }

    /// The filters as query-string pairs (no paging, no sort).
    fn filters(&self) -> Vec<(&'static str, String)> {
        let mut pairs = vec![("q", self.q.clone())];
        pairs.extend(self.sources.iter().map(|s| ("source", s.clone())));
        pairs.extend([
            ("lang", self.lang.clone()),
            ("country", self.country.clone()),
            ("from", self.from.clone()),
            ("to", self.to.clone()),
        ]);
        pairs
    }

    /// This search's page at `offset`, or with `change` made to it (a new
    /// filter starts again at the first page).
    fn href(&self, offset: usize) -> String {
        let mut pairs = self.filters();
        pairs.push(("sort", self.sort.clone()));
        if let Some(l) = self.limit {
            pairs.push(("limit", l.to_string()));
        }
        if offset > 0 {
            pairs.push(("offset", offset.to_string()));
        }
        href("/search", &pairs)
    }

    fn with(&self, change: impl FnOnce(&mut Form)) -> String {
        let mut f = self.clone();
        change(&mut f);
        f.href(0)
    }

    fn export_href(&self, format: &str) -> String {
        let mut pairs = self.filters();
        pairs.push(("format", format.to_string()));
        href("/api/v1/export", &pairs)
    }
}

fn request(state: &ServerState, p: &Params) -> Result<SearchRequest> {
    let base = CoverageQuery::from_params(state, p)?;
    let sort = crate::api::articles::sort(p)?;
    let offset = p.usize("offset", 0)?;
    if offset > MAX_OFFSET {
        return Err(ServerError::bad("too_deep", "results past the 10,000th are not paged; narrow the search"));
    }
    Ok(SearchRequest {
        query: base.query,
        sources: base.sources,
        language: base.language,
        country: base.country,
        from: base.from,
        to: base.to,
        sort,
        limit: p.limit(PAGE_SIZE, state.config().max_page_size)?,
        offset,
        facets: true,
    })
}

pub(crate) async fn search(State(state): State<ServerState>, p: Params) -> Result<Response, HtmlError> {
    let form = Form::new(&p);
    let found = match request(&state, &p) {
        Ok(req) => state.read(move |_, index| Ok((index.search(&req)?, req.offset, req.limit))).await,
        Err(e) => Err(e),
    };
    let title = if form.q.is_empty() { "Search".to_string() } else { format!("{} – Search", form.q) };
    match found {
        Ok((results, offset, limit)) => {
            let body = html! { (form_html(&form, None)) (results_html(&form, &results, offset, limit)) };
            Ok(page(&title, Nav::Search, body).into_response())
        }
        Err(e) => {
            let message = user_error(e)?;
            Ok(bad_request_page(&title, Nav::Search, form_html(&form, Some(&message))))
        }
    }
}

fn form_html(form: &Form, error: Option<&str>) -> Markup {
    let sources: Vec<&str> =
        if form.sources.is_empty() { vec![""] } else { form.sources.iter().map(String::as_str).collect() };
    html! {
        h1 { "Search" }
        form.panel role="search" method="get" action="/search" {
            div.field {
                label for="s-q" { "Words" }
                input #s-q type="search" name="q" value=(form.q) aria-describedby="s-syntax";
            }
            details #s-syntax .syntax {
                summary { "Query syntax" }
                pre { (QUERY_SYNTAX) }
            }
            @if let Some(message) = error {
                div.error role="alert" { h2 { "This search did not run" } p { (message) } }
            }
            fieldset {
                legend { "Filters" }
                div.row {
                    @for (k, s) in sources.iter().enumerate() {
                        div.field {
                            label for={ "s-source-" (k) } { "Outlet" @if sources.len() > 1 { " " (k + 1) } }
                            input id={ "s-source-" (k) } type="text" name="source" value=(s);
                        }
                    }
                    div.field {
                        label for="s-lang" { "Language" }
                        input #s-lang type="text" name="lang" value=(form.lang) size="5" placeholder="en";
                    }
                    div.field {
                        label for="s-country" { "Country" }
                        input #s-country type="text" name="country" value=(form.country) size="5" placeholder="FR";
                    }
                }
                div.row {
                    div.field { label for="s-from" { "From" } input #s-from type="date" name="from" value=(form.from); }
                    div.field { label for="s-to" { "To" } input #s-to type="date" name="to" value=(form.to); }
                    div.field {
                        label for="s-sort" { "Order" }
                        select #s-sort name="sort" {
                            option value="relevance" selected[form.sort != "newest"] { "Best match" }
                            option value="newest" selected[form.sort == "newest"] { "Newest first" }
                        }
                    }
                }
            }
            button type="submit" { "Search" }
        }
    }
}

fn results_html(form: &Form, r: &SearchResults, offset: usize, limit: usize) -> Markup {
    let total = r.total as usize;
    let shown_to = (offset + r.hits.len()).min(total);
    html! {
        div.results-layout {
            section.results aria-labelledby="s-results-h" {
                h2 #s-results-h { "Results" }
                p.count {
                    strong { (r.total) } @if r.total == 1 { " article matches" } @else { " articles match" }
                    @if !r.hits.is_empty() { " · showing " (offset + 1) "–" (shown_to) }
                }
                p.export {
                    "Export all matches: "
                    a href=(form.export_href("jsonl")) { "JSON lines" } " · "
                    a href=(form.export_href("csv")) { "CSV" }
                }
                @if r.hits.is_empty() && total > 0 {
                    p { "This page is past the last result. " a href=(form.href(0)) { "Back to the first page" } }
                } @else if r.hits.is_empty() {
                    p { "Nothing matches. Try fewer words, a prefix (" code { "evacu*" } ") or remove a filter." }
                } @else {
                    ol.hits start=(offset + 1) {
                        @for h in &r.hits {
                            li {
                                h3 { a href=(article_href(&h.id)) { (h.title.as_deref().unwrap_or("(untitled)")) } }
                                p.meta { (h.source.as_deref().unwrap_or("Unknown outlet")) " · " (day(h.published.as_deref())) }
                                // The index escapes the excerpt and adds only <b> around matches.
                                p.snippet { (PreEscaped(&h.snippet_html)) }
                            }
                        }
                    }
                }
                (pager(form, total, offset, limit))
            }
            @if let Some(f) = &r.facets { (facets(form, f)) }
        }
    }
}

fn pager(form: &Form, total: usize, offset: usize, limit: usize) -> Markup {
    let previous = (offset > 0 && limit > 0).then(|| offset.saturating_sub(limit));
    let next = (limit > 0 && offset + limit < total && offset + limit <= MAX_OFFSET).then_some(offset + limit);
    html! {
        @if previous.is_some() || next.is_some() {
            nav.pager aria-label="Result pages" {
                @if let Some(o) = previous { a rel="prev" href=(form.href(o)) { "← Previous" } }
                " "
                @if let Some(o) = next { a rel="next" href=(form.href(o)) { "Next →" } }
            }
        }
    }
}

fn facets(form: &Form, f: &newsdesk_index::Facets) -> Markup {
    let sources = f.sources.iter().take(FACET_ENTRIES).map(|(name, n)| {
        let active = form.sources.iter().any(|s| s.eq_ignore_ascii_case(name));
        let link = form.with(|f| f.sources.push(name.clone()));
        let remove = form.with(|f| f.sources.retain(|s| !s.eq_ignore_ascii_case(name)));
        (name.as_str(), *n, active, if active { remove } else { link })
    });
    let languages = single_facet(form, &f.languages, &form.lang, |f, v| f.lang = v);
    let countries = single_facet(form, &f.countries, &form.country, |f, v| f.country = v);
    html! {
        aside.facets aria-labelledby="s-facets-h" {
            h2 #s-facets-h { "Narrow down" }
            (facet_list("Outlets", &sources.collect::<Vec<_>>()))
            (facet_list("Languages", &languages))
            (facet_list("Countries", &countries))
        }
    }
}

/// Entries of a facet with one value at a time (language, country): a
/// link sets it, or clears it when it is the current one.
fn single_facet<'a>(
    form: &Form,
    list: &'a [(String, u64)],
    current: &str,
    set: fn(&mut Form, String),
) -> Vec<(&'a str, u64, bool, String)> {
    list.iter()
        .take(FACET_ENTRIES)
        .map(|(v, n)| {
            let active = current.eq_ignore_ascii_case(v);
            let value = if active { String::new() } else { v.clone() };
            (v.as_str(), *n, active, form.with(|f| set(f, value)))
        })
        .collect()
}

/// A facet's entries: a link adding the filter, or for one in use a link
/// removing it.
fn facet_list(heading: &str, entries: &[(&str, u64, bool, String)]) -> Markup {
    html! {
        @if !entries.is_empty() {
            h3 { (heading) }
            ul.facet {
                @for (value, n, active, link) in entries {
                    li {
                        @if *active {
                            strong aria-current="true" { (value) } " (" (n) ") "
                            a.remove href=(link) aria-label={ "Remove the filter " (value) } { "remove" }
                        } @else {
                            a href=(link) { (value) } " " span.meta { "(" (n) ")" }
                        }
                    }
                }
            }
        }
    }
}
