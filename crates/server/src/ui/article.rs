//! The article page: outlet, date, headline, byline, the summary on top,
//! the body with its headings, then quotes, claims, figures, places,
//! similar articles and the copies of its text.

use axum::extract::{Path, State};
use maud::{html, Markup};
use newsdesk_coverage::{copy_chain, CopyMember};
use newsdesk_index::Hit;
use serde_json::Value;

use super::layout::{article_href, day, external_link, page, Nav};
use super::PageResult;
use crate::view::{article_with_analysis, related};
use crate::ServerState;

/// Similar articles listed under an article.
const SIMILAR: usize = 6;

struct ArticlePage {
    article: Value,
    similar: Vec<Hit>,
    copies: Vec<CopyMember>,
}

pub(crate) async fn article(State(state): State<ServerState>, Path(id): Path<String>) -> PageResult {
    let ranking = state.similar();
    let data = state
        .read(move |store, index| {
            let article = article_with_analysis(store, &id)?;
            let text = article["text"].as_str().unwrap_or("");
            let similar = related(store, index, ranking.as_deref(), &id, text, SIMILAR)?.similar;
            let copies = copy_chain(store, &id)?.unwrap_or_default();
            Ok(ArticlePage { article, similar, copies })
        })
        .await?;
    let title = data.article["title"].as_str().unwrap_or("(untitled)").to_string();
    Ok(page(&title, Nav::None, render(&data)))
}

/// The non-blank string `key` of a JSON object.
pub(crate) fn s<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    v.get(key).and_then(Value::as_str).filter(|s| !s.trim().is_empty())
}

fn list<'a>(v: &'a Value, key: &str) -> &'a [Value] {
    v.get(key).and_then(Value::as_array).map(Vec::as_slice).unwrap_or(&[])
}

fn render(p: &ArticlePage) -> Markup {
    let a = &p.article;
    let an = &a["analysis"];
    let authors: Vec<&str> = list(a, "authors").iter().filter_map(Value::as_str).collect();
    let url = s(a, "canonical_url").or(s(a, "url"));
    html! {
        article.story lang=[s(a, "language")] {
            header {
                p.outlet {
                    (s(a, "site_name").unwrap_or("Unknown outlet"))
                    @if let Some(c) = s(a, "country") { " · " span.country { (c) } }
                    " · " time datetime=[s(a, "published")] { (day(s(a, "published"))) }
                }
                h1 { (s(a, "title").unwrap_or("(untitled)")) }
                @if !authors.is_empty() { p.byline { "By " (authors.join(", ")) } }
                @if url.is_some() { p.original { (external_link(url, "Read the original")) } }
            }
            @let summary = list(an, "summary");
            @if !summary.is_empty() {
                section.summary aria-labelledby="summary-h" {
                    h2 #summary-h { "Summary" }
                    ul { @for sentence in summary { li { (sentence.as_str().unwrap_or("")) } } }
                }
            }
            section.body aria-label="Article text" { (body(a)) }
            (quotes(an))
            (claims(an))
            (figures(an))
            (places(an))
            (similar(&p.similar))
            (copies(&p.copies, s(a, "id").unwrap_or("")))
        }
    }
}

/// The body from its blocks (headings as `h2`, quotes as blockquotes, list
/// items grouped), or its text split at blank lines for older records.
fn body(a: &Value) -> Markup {
    let blocks = list(a, "blocks");
    if blocks.is_empty() {
        let text = s(a, "text").unwrap_or("");
        return html! { @for para in text.split("\n\n").filter(|p| !p.trim().is_empty()) { p { (para) } } };
    }
    let mut items: Vec<&str> = Vec::new();
    let mut out = Vec::new();
    for b in blocks {
        let kind = s(b, "kind").unwrap_or("paragraph");
        let text = s(b, "text").unwrap_or("");
        if kind == "list_item" {
            items.push(text);
            continue;
        }
        if !items.is_empty() {
            out.push(html! { ul { @for i in items.drain(..) { li { (i) } } } });
        }
        out.push(match kind {
            "heading" => html! { h2 { (text) } },
            "quote" => html! { blockquote { p { (text) } } },
            "caption" => html! { p.caption { (text) } },
            _ => html! { p { (text) } },
        });
    }
    if !items.is_empty() {
        out.push(html! { ul { @for i in items.drain(..) { li { (i) } } } });
    }
    html! { @for m in out { (m) } }
}

fn quotes(an: &Value) -> Markup {
    let quotes = list(an, "quotes");
    if quotes.is_empty() {
        return html! {};
    }
    html! {
        section.quotes aria-labelledby="quotes-h" {
            h2 #quotes-h { "Quotes" }
            ul {
                @for q in quotes {
                    li {
                        @if q["direct"].as_bool().unwrap_or(false) {
                            q { (s(q, "content").unwrap_or("")) }
                        } @else {
                            span.reported { (s(q, "content").unwrap_or("")) }
                        }
                        " — " span.speaker { (s(q, "speaker_name").or(s(q, "speaker")).unwrap_or("unattributed")) }
                    }
                }
            }
        }
    }
}

fn claims(an: &Value) -> Markup {
    let claims = list(an, "claims");
    if claims.is_empty() {
        return html! {};
    }
    html! {
        section.claims aria-labelledby="claims-h" {
            h2 #claims-h { "Claims" }
            ul {
                @for c in claims { li { (claim_line(c)) } }
            }
        }
    }
}

/// A claim as the pages show it: claimant, the words, and a badge saying
/// whether the article backs it.
pub(crate) fn claim_line(c: &Value) -> Markup {
    let evidence = s(c, "evidence").unwrap_or("unstated");
    let label = match evidence {
        "cited" => "evidence cited",
        "contested" => "contested",
        "none_given" => "no evidence given",
        _ => "evidence not stated",
    };
    html! {
        span.claimant { (s(c, "claimant_name").or(s(c, "claimant")).unwrap_or("unattributed")) ": " }
        (s(c, "text").unwrap_or(""))
        " " span class={ "evidence evidence-" (evidence) } { (label) }
    }
}

fn figures(an: &Value) -> Markup {
    let key: Vec<&Value> = list(an, "figures").iter().filter(|f| f["key"].as_bool().unwrap_or(false)).take(8).collect();
    if key.is_empty() {
        return html! {};
    }
    html! {
        section.figures aria-labelledby="figures-h" {
            h2 #figures-h { "Key figures" }
            dl {
                @for f in key {
                    dt { (s(f, "text").unwrap_or("")) }
                    dd { (s(f, "counts").unwrap_or("")) @if let Some(p) = s(f, "period") { " (" (p) ")" } }
                }
            }
        }
    }
}

fn places(an: &Value) -> Markup {
    let countries = list(&an["places"], "countries");
    if countries.is_empty() {
        return html! {};
    }
    html! {
        section.places aria-labelledby="places-h" {
            h2 #places-h { "Places" }
            ul.inline {
                @for c in countries.iter().take(8) {
                    li { (s(c, "name").unwrap_or("")) " " span.code { "(" (s(c, "code").unwrap_or("")) ")" } }
                }
            }
        }
    }
}

fn similar(hits: &[Hit]) -> Markup {
    html! {
        section.similar aria-labelledby="similar-h" {
            h2 #similar-h { "Similar articles" }
            @if hits.is_empty() {
                p { "No similar articles yet." }
            } @else {
                ul {
                    @for h in hits {
                        li {
                            a href=(article_href(&h.id)) { (h.title.as_deref().unwrap_or("(untitled)")) }
                            " " span.meta { (h.source.as_deref().unwrap_or("")) " · " (day(h.published.as_deref())) }
                        }
                    }
                }
            }
        }
    }
}

fn copies(members: &[CopyMember], me: &str) -> Markup {
    if members.len() < 2 {
        return html! {};
    }
    html! {
        section.copies aria-labelledby="copies-h" {
            h2 #copies-h { "Copies of this story" }
            p { "The same text published by " (members.len()) " outlets; the first is the earliest published." }
            ol {
                @for m in members {
                    li {
                        @if m.id == me { strong { (m.source.as_deref().unwrap_or("(unknown outlet)")) " (this article)" } }
                        @else { a href=(article_href(&m.id)) { (m.source.as_deref().unwrap_or("(unknown outlet)")) } }
                        " · " (day(m.published.as_deref()))
                        @if m.canonical { " · " span.first { "first published" } }
                        @else { " · " (format!("{:.0}% same text", m.similarity * 100.0)) }
                    }
                }
            }
        }
    }
}
