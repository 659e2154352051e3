//! The claims page: what speakers asserted across the articles matching a
//! search, with whether the text gave evidence, so a fact-checker can list
//! the claims about a subject that came with none.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use maud::{html, Markup};
use newsdesk_index::SearchRequest;

use super::article::{claim_line, s};
use super::layout::{article_href, day};
use super::{bad_request_page, href, page, user_error, HtmlError, Nav};
use crate::api::collection::{scan, Found, Part, Wanted};
use crate::params::Params;
use crate::{ServerError, ServerState};

/// Claims listed per page.
const PER_PAGE: usize = 30;

const FLAGS: [(&str, &str); 5] = [
    ("", "Any"),
    ("none_given", "No evidence given"),
    ("unstated", "Evidence not stated"),
    ("contested", "Contested"),
    ("cited", "Evidence cited"),
];

/// What the form asked for.
struct Asked {
    q: String,
    evidence: String,
    claimant: String,
    cursor: String,
}

pub(crate) async fn claims(State(state): State<ServerState>, p: Params) -> Result<Response, HtmlError> {
    let asked = Asked {
        q: p.get("q").unwrap_or("").to_string(),
        evidence: p.get("evidence").unwrap_or("").to_string(),
        claimant: p.get("claimant").unwrap_or("").to_string(),
        cursor: p.get("cursor").unwrap_or("").to_string(),
    };
    match find(&state, &p).await {
        Ok(found) => Ok(page("Claims", Nav::Claims, render(&asked, Some(&found), None)).into_response()),
        Err(e) => {
            let message = user_error(e)?;
            Ok(bad_request_page("Claims", Nav::Claims, render(&asked, None, Some(&message))))
        }
    }
}

async fn find(state: &ServerState, p: &Params) -> Result<Found, ServerError> {
    let wanted = Wanted::from(p, Part::Claims)?;
    let start = crate::api::articles::page_offset(p)?;
    let query = crate::api::articles::query_text(state, p)?;
    let request = SearchRequest { query, ..crate::api::articles::filters(p)? };
    state.read(move |store, index| scan(store, index, &request, Part::Claims, &wanted, PER_PAGE, start)).await
}

fn render(asked: &Asked, found: Option<&Found>, problem: Option<&str>) -> Markup {
    html! {
        h1 { "Claims" }
        p { "Assertions attributed to a speaker in the articles matching a search, newest article first, \
             with whether the article backs them." }
        form.filters method="get" action="/claims" {
            label for="claims-q" { "Words" }
            input #claims-q type="search" name="q" value=(asked.q);
            label for="claims-evidence" { "Evidence" }
            select #claims-evidence name="evidence" {
                @for (value, label) in FLAGS {
                    option value=(value) selected[asked.evidence == value] { (label) }
                }
            }
            label for="claims-claimant" { "Claimant" }
            input #claims-claimant type="text" name="claimant" value=(asked.claimant) placeholder="any";
            button type="submit" { "List claims" }
        }
        @if let Some(problem) = problem {
            p.error role="alert" { (problem) }
        }
        @if let Some(found) = found {
            (list(asked, found))
        }
    }
}

fn list(asked: &Asked, found: &Found) -> Markup {
    let next = found.more.then(|| {
        let offset = asked.cursor.strip_prefix('o').and_then(|n| n.parse::<usize>().ok()).unwrap_or(0);
        href(
            "/claims",
            &[
                ("q", asked.q.clone()),
                ("evidence", asked.evidence.clone()),
                ("claimant", asked.claimant.clone()),
                ("cursor", format!("o{}", offset + found.scanned)),
            ],
        )
    });
    html! {
        p.meta { (found.items.len()) " claims in " (found.scanned) " articles read" }
        @if found.items.is_empty() {
            p { "No claims here." }
        } @else {
            ul.claims {
                @for c in &found.items {
                    @let a = &c["article"];
                    li {
                        (claim_line(c))
                        p.meta {
                            a href=(article_href(s(a, "id").unwrap_or(""))) { (s(a, "title").unwrap_or("(untitled)")) }
                            " · " (s(a, "source").unwrap_or("")) " · " (day(s(a, "published")))
                        }
                    }
                }
            }
        }
        @if let Some(next) = next {
            p { a rel="next" href=(next) { "More claims" } }
        }
    }
}
