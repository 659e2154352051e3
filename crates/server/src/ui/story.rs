//! The story page: who published first, the articles in publication order
//! with syndicated copies folded under their original, the outlets and
//! countries covering it, what was quoted by whom, and who usually reports
//! but is missing.

use std::collections::{HashMap, HashSet};

use axum::extract::{Path, State};
use axum::response::{IntoResponse, Redirect, Response};
use maud::{html, Markup};
use newsdesk_coverage::{story_page, StoryArticle, StoryPage};

use super::blind::{blind_spots, quotes_by_speaker, BlindSpots, Speaker, MAX_QUOTED_ARTICLES};
use super::layout::{article_href, day, external_link};
use super::{page, HtmlError, Nav};
use crate::{ServerError, ServerState};

struct StoryData {
    page: StoryPage,
    quotes: Vec<Speaker>,
    blind: Option<BlindSpots>,
}

pub(crate) async fn story(State(state): State<ServerState>, Path(id): Path<String>) -> Result<Response, HtmlError> {
    let missing = || ServerError::NotFound(format!("no story with id {id:?}"));
    let Some(story_id) = crate::view::story_number(&id) else { return Err(HtmlError(missing())) };
    let data = state
        .read(move |store, index| {
            let Some(page) = story_page(store, story_id, 0, MAX_ARTICLES)? else { return Ok(None) };
            // A merged story lives on in another: send readers there.
            if page.story.id != story_id {
                return Ok(Some(Err(page.story.id)));
            }
            let quotes = quotes_by_speaker(store, &page)?;
            let blind = blind_spots(index, &page)?;
            Ok(Some(Ok(StoryData { page, quotes, blind })))
        })
        .await?;
    match data {
        None => Err(HtmlError(missing())),
        Some(Err(surviving)) => Ok(Redirect::permanent(&format!("/story/{surviving}")).into_response()),
        Some(Ok(d)) => {
            let title = d.page.story.headline.clone().unwrap_or_else(|| format!("Story {story_id}"));
            Ok(page(&title, Nav::None, render(&d, &title)).into_response())
        }
    }
}

/// `2025-03-03 08:00` from a stored date (the day alone when it has no time).
fn when(published: Option<&str>) -> String {
    match published {
        Some(p) if p.len() >= 16 && p.as_bytes().get(10) == Some(&b'T') => {
            format!("{} {}", &p[..10], p.get(11..16).unwrap_or(""))
        }
        other => day(other).to_string(),
    }
}

fn render(d: &StoryData, title: &str) -> Markup {
    let s = &d.page.story;
    let first = d.page.articles.iter().find(|a| a.published.is_some()).or(d.page.articles.first());
    html! {
        article.story-page {
            header {
                h1 { (title) }
                p.meta {
                    (s.articles) " articles · " (s.outlets) " outlets"
                    @if !s.countries.is_empty() { " · " (s.countries.join(", ")) }
                    " · " (day(s.first_published.as_deref())) " – " (day(s.last_published.as_deref()))
                }
                @if !s.merged_from.is_empty() {
                    p.meta { "Includes merged stories " (s.merged_from.iter().map(|m| m.to_string()).collect::<Vec<_>>().join(", ")) "." }
                }
            }
            @if let Some(a) = first {
                section.first-publisher aria-labelledby="st-first-h" {
                    h2 #st-first-h { "First published" }
                    p {
                        strong.first { (a.source.as_deref().unwrap_or("Unknown outlet")) }
                        @if let Some(c) = &a.country { " (" (c) ")" }
                        " was first, at " time datetime=[a.published.as_deref()] { (when(a.published.as_deref())) } ": "
                        a href=(article_href(&a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
                    }
                }
            }
            (timeline(&d.page.articles, s.id, s.articles))
            (coverage(&d.page))
            (quotes(&d.quotes, s.articles))
            (blind(d.blind.as_ref()))
        }
    }
}

fn article_line(a: &StoryArticle) -> Markup {
    html! {
        time datetime=[a.published.as_deref()] { (when(a.published.as_deref())) }
        " · " span.outlet-name { (a.source.as_deref().unwrap_or("Unknown outlet")) }
        @if let Some(c) = &a.country { " " span.code { "(" (c) ")" } }
        " · " a href=(article_href(&a.id)) { (a.title.as_deref().unwrap_or("(untitled)")) }
        " " span.external { (external_link(a.url.as_deref(), "original")) }
    }
}

/// Lines the timeline shows at most (copies folded under them not
/// counted): a story of tens of thousands of articles stays one page.
const MAX_LINES: usize = 300;
/// Articles read for the timeline, its first lines and their copies: the
/// page's cost is this window's, whatever the story's size.
const MAX_ARTICLES: usize = 1000;

/// Articles in publication order; a copy appears folded under the earlier
/// article of the story it copies, not as a line of its own. `articles`
/// is the story's first [`MAX_ARTICLES`] of `total`.
fn timeline(articles: &[StoryArticle], story: u64, total: u64) -> Markup {
    let ids: HashSet<&str> = articles.iter().map(|a| a.id.as_str()).collect();
    let mut copies_of: HashMap<&str, Vec<&StoryArticle>> = HashMap::new();
    let mut lines: Vec<&StoryArticle> = Vec::new();
    for a in articles {
        match a.copy_of.as_deref().filter(|o| ids.contains(o)) {
            Some(original) => copies_of.entry(original).or_default().push(a),
            None => lines.push(a),
        }
    }
    let copies_at = |a: &StoryArticle| copies_of.get(a.id.as_str()).map(Vec::as_slice).unwrap_or(&[]);
    let shown: usize = lines.iter().take(MAX_LINES).map(|a| 1 + copies_at(a).len().min(MAX_LINES)).sum();
    let hidden = total.saturating_sub(shown as u64);
    html! {
        section.timeline aria-labelledby="st-timeline-h" {
            h2 #st-timeline-h { "Timeline" }
            ol.timeline {
                @for a in lines.iter().take(MAX_LINES) {
                    @let copies = copies_at(a);
                    li {
                        (article_line(a))
                        @if !copies.is_empty() {
                            details.copies {
                                summary {
                                    (copies.len()) @if copies.len() == 1 { " copy" } @else { " copies" }
                                    " of this text by other outlets"
                                }
                                ul { @for c in copies.iter().take(MAX_LINES) { li { (article_line(c)) } } }
                            }
                        }
                    }
                }
            }
            @if hidden > 0 {
                p.meta {
                    (shown) " of " (total) " articles shown; the " (hidden) " later ones are in "
                    a href={ "/api/v1/stories/" (story) "?limit=100" } { "the API" } "."
                }
            }
        }
    }
}

fn coverage(p: &StoryPage) -> Markup {
    html! {
        section.outlets aria-labelledby="st-outlets-h" {
            h2 #st-outlets-h { "Who covers it" }
            div.scroll {
                table {
                    caption { "Outlets in the order they first reported" }
                    thead { tr { th scope="col" { "Outlet" } th scope="col" { "Country" } th scope="col" { "Articles" } th scope="col" { "First article" } } }
                    tbody {
                        @for o in &p.outlets {
                            tr {
                                th scope="row" { (o.name) }
                                td { (o.country.as_deref().unwrap_or("–")) }
                                td { (o.articles) }
                                td { (when(o.first_published.as_deref())) }
                            }
                        }
                    }
                }
            }
            @if !p.story.countries.is_empty() {
                h3 { "Countries" }
                ul.inline { @for c in &p.story.countries { li { (c) } } }
            }
        }
    }
}

fn quotes(speakers: &[Speaker], articles: u64) -> Markup {
    html! {
        section.quotes aria-labelledby="st-quotes-h" {
            h2 #st-quotes-h { "Quotes by speaker" }
            @if speakers.is_empty() {
                p { "No attributed quotes found in this story's articles." }
            }
            @if articles > MAX_QUOTED_ARTICLES as u64 {
                p.meta { "From the first " (MAX_QUOTED_ARTICLES) " articles." }
            }
            @for s in speakers {
                section.speaker-group {
                    h3.speaker { (s.name) }
                    ul {
                        @for q in &s.quotes {
                            li {
                                @if q.direct { q { (unquoted(&q.content)) } } @else { span.reported { (q.content) } }
                                p.meta {
                                    "In "
                                    @for (k, (outlet, id)) in q.carried.iter().enumerate() {
                                        @if k > 0 { ", " }
                                        a href=(article_href(id)) { (outlet) }
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

/// A quotation without its own marks and closing comma: `<q>` adds marks.
fn unquoted(s: &str) -> &str {
    let marks: &[char] = &['"', '\u{201c}', '\u{201d}', '\u{201e}', '\u{ab}', '\u{bb}'];
    s.trim().trim_matches(marks).trim_end_matches([',', ' ']).trim()
}

fn blind(b: Option<&BlindSpots>) -> Markup {
    html! {
        section.blind-spots aria-labelledby="st-blind-h" {
            h2 #st-blind-h { "Blind spots" }
            @match b {
                None => p { "Too little dated coverage around this story to tell who usually reports." },
                Some(b) => {
                    p {
                        "Outlets and countries that published on most of the " (b.active_days)
                        " days with articles between " (b.from) " and " (b.to) ", but not on this story."
                    }
                    @if b.outlets.is_empty() && b.countries.is_empty() {
                        p { "None: every regular outlet and country covers it." }
                    }
                    @if !b.outlets.is_empty() {
                        h3 { "Outlets" }
                        ul { @for (name, n) in &b.outlets { li { (name) " " span.meta { "(published on " (n) " of " (b.active_days) " days)" } } } }
                    }
                    @if !b.countries.is_empty() {
                        h3 { "Countries" }
                        ul { @for (code, n) in &b.countries { li { (code) " " span.meta { "(" (n) " of " (b.active_days) " days)" } } } }
                    }
                }
            }
        }
    }
}
