//! The front page: the biggest stories of the last day and week.

use axum::extract::State;
use chrono::{Duration, Utc};
use maud::{html, Markup};
use newsdesk_store::{StoryQuery, StorySummary};

use super::layout::{day, page, Nav};
use super::PageResult;
use crate::params::Params;
use crate::ServerState;

/// Stories shown per list.
const SHOWN: usize = 20;

pub(crate) async fn home(State(state): State<ServerState>, p: Params) -> PageResult {
    let week = p.get("period") == Some("week");
    let (day_list, latest) = state
        .read(move |store, _| {
            // "Last day" counts back from the newest story, so an archive
            // or a paused crawl still shows something sensible.
            let latest = store
                .stories(&StoryQuery { limit: Some(1), ..Default::default() })?
                .first()
                .and_then(|s| s.last_published.as_deref().and_then(|d| d.get(..10)).map(str::to_string));
            let end = latest
                .as_deref()
                .and_then(|d| chrono::NaiveDate::parse_from_str(d, "%Y-%m-%d").ok())
                .unwrap_or_else(|| Utc::now().date_naive());
            let since = end - Duration::days(if week { 6 } else { 0 });
            let mut stories = store.stories(&StoryQuery { since: Some(since), ..Default::default() })?;
            stories.sort_by(|a, b| b.outlets.cmp(&a.outlets).then(b.articles.cmp(&a.articles)));
            stories.truncate(SHOWN);
            Ok((stories, latest))
        })
        .await?;
    let body = html! {
        h1 { "Biggest stories" }
        nav.tabs aria-label="Period" {
            a href="/" aria-current=[(!week).then_some("page")] { "Last day" }
            " "
            a href="/?period=week" aria-current=[week.then_some("page")] { "Last week" }
        }
        @if let Some(l) = &latest { p.meta { "Up to " (l) ", ranked by the number of outlets covering each story." } }
        (story_list(&day_list))
    };
    Ok(page("Biggest stories", Nav::Home, body))
}

pub(crate) fn story_list(stories: &[StorySummary]) -> Markup {
    html! {
        @if stories.is_empty() {
            p { "No stories yet. Ingest articles (" code { "newsdesk ingest" } ") or add sources to watch." }
        } @else {
            ol.stories {
                @for s in stories {
                    li {
                        a href={ "/story/" (s.id) } { (s.headline.as_deref().unwrap_or("(untitled)")) }
                        p.meta {
                            (s.articles) " articles · " (s.outlets) " outlets"
                            @if !s.countries.is_empty() { " · " (s.countries.join(", ")) }
                            " · " (day(s.first_published.as_deref())) " – " (day(s.last_published.as_deref()))
                        }
                    }
                }
            }
        }
    }
}
