//! The sources page: every polled source with its health, as
//! `newsdesk sources list` prints it.

use axum::extract::State;
use chrono::{DateTime, Utc};
use maud::{html, Markup};
use newsdesk_store::{CrawlStore, SourceRecord};

use super::layout::external_link;
use super::{page, Nav, PageResult};
use crate::ServerState;

pub(crate) async fn sources(State(state): State<ServerState>) -> PageResult {
    let sources = state.read(|store, _| Ok(CrawlStore::sources(store)?)).await?;
    Ok(page("Sources", Nav::Sources, render(&sources)))
}

fn when(t: Option<DateTime<Utc>>) -> Markup {
    match t {
        Some(t) => {
            html! { time datetime=(t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)) { (t.format("%Y-%m-%d %H:%M UTC")) } }
        }
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

#[cfg(test)]
mod tests {
    use super::*;

    fn source(name: &str, url: &str, error: Option<&str>) -> SourceRecord {
        SourceRecord {
            id: 1,
            url: url.into(),
            name: Some(name.into()),
            country: Some("FR".into()),
            language: Some("fr".into()),
            kind: Some("feed".into()),
            poll_url: None,
            added_at: Utc::now(),
            last_polled: Some(Utc::now()),
            last_success: Some(Utc::now()),
            last_error: error.map(str::to_string),
            polls: 4,
            failures: u64::from(error.is_some()),
            articles_found: 12,
            fetched: 10,
            mean_delay_secs: Some(9000.0),
        }
    }

    #[test]
    fn health_is_shown_and_source_text_escaped() {
        let html = render(&[
            source("Le <b>Monde</b>", "https://lemonde.example/rss", None),
            source("Bad", "javascript:alert(1)", Some("http: 500 <script>")),
        ])
        .into_string();
        assert!(html.contains("2 sources") && html.contains("1 failing"), "{html}");
        assert!(html.contains("Le &lt;b&gt;Monde") && html.contains("500 &lt;script&gt;"), "{html}");
        assert!(html.contains("href=\"https://lemonde.example/rss\""), "{html}");
        assert!(!html.contains("href=\"javascript"), "{html}");
        assert!(html.contains("2.5 h") && html.contains("1 of 4 polls failed"), "{html}");
        assert!(!html.contains("No sources yet"));
        assert!(render(&[]).into_string().contains("newsdesk sources add"));
    }
}
