//! The page shell every UI page shares: head, skip link, navigation with
//! the search box, main, footer.

use maud::{html, Markup, DOCTYPE};

use crate::security::safe_link;

/// Which navigation entry is the current page.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Nav {
    Home,
    Search,
    Attention,
    Claims,
    Sources,
    None,
}

pub(crate) fn page(title: &str, nav: Nav, body: Markup) -> Markup {
    let item = |href: &str, label: &str, me: Nav| {
        html! {
            li { a href=(href) aria-current=[(nav == me).then_some("page")] { (label) } }
        }
    };
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · newsdesk" }
                link rel="stylesheet" href="/static/style.css";
                link rel="icon" type="image/svg+xml" href="/static/icon.svg";
            }
            body {
                a.skip href="#main" { "Skip to content" }
                header.site {
                    nav aria-label="Main" {
                        ul {
                            li.brand { a href="/" { "newsdesk" } }
                            (item("/", "Stories", Nav::Home))
                            (item("/search", "Search", Nav::Search))
                            (item("/attention", "Attention", Nav::Attention))
                            (item("/claims", "Claims", Nav::Claims))
                            (item("/sources", "Sources", Nav::Sources))
                        }
                    }
                    form.quick role="search" action="/search" method="get" {
                        label.visually-hidden for="site-q" { "Search articles" }
                        input #site-q type="search" name="q" placeholder="Search articles";
                        button type="submit" { "Search" }
                    }
                }
                main #main { (body) }
                footer.site { p { "newsdesk — self-hosted news intelligence" } }
            }
        }
    }
}

/// The day part of a stored publication date (`2025-03-04T10:00:00+01:00`
/// → `2025-03-04`).
pub(crate) fn day(published: Option<&str>) -> &str {
    published.map(|p| p.get(..10).unwrap_or(p)).unwrap_or("undated")
}

/// `text` as a link to `url` when the URL is a safe http(s) one, else as
/// plain text.
pub(crate) fn external_link(url: Option<&str>, text: &str) -> Markup {
    match url.and_then(safe_link) {
        Some(href) => html! { a href=(href) rel="noopener noreferrer nofollow" { (text) } },
        None => html! { (text) },
    }
}

/// A link to an article page inside the UI.
pub(crate) fn article_href(id: &str) -> String {
    format!("/article/{}", crate::params::encode(id).replace('+', "%20"))
}
