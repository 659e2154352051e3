//! The sources page: every polled source with its health, as
//! `newsdesk sources list` prints it.

use axum::extract::State;
use axum::http::HeaderMap;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use newsdesk_store::{CrawlStore, SourceRecord};

use super::layout::external_link;
use super::{page, Nav, PageResult};
use crate::security::check_read;
use crate::ServerState;

pub(crate) async fn sources(State(state): State<ServerState>, headers: HeaderMap) -> PageResult {
    check_read(state.config(), &headers)?;
    let sources = state.read(|store, _| Ok(CrawlStore::sources(store)?)).await?;
    Ok(page("Sources", Nav::Sources, render(&sources)))
}

fn when(t: Option<DateTime<Utc>>) -> Markup {
    match t {
        Some(t) => html! { time datetime=(t.to_rfc3339()) { (t.format("%Y-%m-%d %H:%M UTC")) } },
        None => html! { "never" },
    }
}

fn render(sources: &[SourceRecord]) -> Markup {
    let failing = sources.iter().filter(|s| s.last_error.is_some()).count();
    html! {
        h1 { "Sources" }
        @if sources.is_empty() {
            section.empty aria-labelledby="src-empty-h" {
                h2 #src-empty-h { "No sources yet" }
                p { "Sources are the feeds, sitemaps or sites newsdesk polls for new articles. Add one from the command line:" }
                pre { code { "newsdesk sources add https://example.org/feed.xml" } }
                p { "A site's home page works too: its feed or news sitemap is found for you. Then run "
                    code { "newsdesk watch" } " to poll the sources and keep the collection up to date." }
            }
        } @else {
            p {
                (sources.len()) " sources"
                @if failing > 0 { ", " strong { (failing) " failing" } " (their last poll gave an error)" }
                "."
            }
            div.scroll {
                table.sources {
                    caption { "Sources, oldest first, with what polling them has shown" }
                    thead {
                        tr {
                            th scope="col" { "Source" }
                            th scope="col" { "Kind" }
                            th scope="col" { "Last success" }
                            th scope="col" { "Last error" }
                            th scope="col" { "URLs found" }
                            th scope="col" { "Fetched" }
                            th scope="col" { "Mean delay" }
                        }
                    }
                    tbody { @for s in sources { (row(s)) } }
                }
            }
        }
    }
}

fn row(s: &SourceRecord) -> Markup {
    let status = if s.last_error.is_some() {
        "failing"
    } else if s.last_success.is_some() {
        "ok"
    } else {
        "new"
    };
    html! {
        tr class={ "source-" (status) } {
            th scope="row" {
                (s.name.as_deref().unwrap_or("(unnamed)"))
                br;
                span.meta.url { (external_link(Some(&s.url), &s.url)) }
                @if s.country.is_some() || s.language.is_some() {
                    br;
                    span.meta { (s.country.as_deref().unwrap_or("")) " " (s.language.as_deref().unwrap_or("")) }
                }
            }
            td { (s.kind.as_deref().unwrap_or("not polled yet")) }
            td { (when(s.last_success)) }
            td {
                @match &s.last_error {
                    Some(e) => span.error-text { (e) },
                    None => "–",
                }
                @if s.failures > 0 { br; span.meta { (s.failures) " of " (s.polls) " polls failed" } }
            }
            td { (s.articles_found) }
            td { (s.fetched) }
            td { (s.mean_delay_secs.map_or("–".to_string(), delay)) }
        }
    }
}

/// Seconds as the largest sensible unit: `45 s`, `12 min`, `3.5 h`.
fn delay(secs: f64) -> String {
    if secs < 120.0 {
        format!("{secs:.0} s")
    } else if secs < 7200.0 {
        format!("{:.0} min", secs / 60.0)
    } else {
        format!("{:.1} h", secs / 3600.0)
    }
}
