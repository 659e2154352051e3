//! The web UI: server-rendered HTML (maud escapes every interpolated
//! value), one stylesheet, no script needed to read anything.

mod article;
mod attention;
mod blind;
mod chart;
mod claims;
mod home;
mod layout;
mod search;
mod sources;
mod story;

use axum::http::header;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;

use crate::{ServerError, ServerState};

pub(crate) use layout::{page, Nav};

pub(crate) fn routes() -> Router<ServerState> {
    Router::new()
        .route("/", get(home::home))
        .route("/article/{id}", get(article::article))
        .route("/story/{id}", get(story::story))
        .route("/search", get(search::search))
        .route("/attention", get(attention::attention))
        .route("/sources", get(sources::sources))
        .route("/claims", get(claims::claims))
        .route("/static/style.css", get(style))
        .route("/static/icon.svg", get(icon))
        // Browsers ask for it whatever the page names; the same icon.
        .route("/favicon.ico", get(icon))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLE)
        .into_response()
}

const STYLE: &str = include_str!("style.css");

async fn icon() -> Response {
    ([(header::CONTENT_TYPE, "image/svg+xml"), (header::CACHE_CONTROL, "max-age=86400")], ICON).into_response()
}

/// A newspaper-grey square with an "n".
const ICON: &str = "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 16 16\">\
<rect width=\"16\" height=\"16\" rx=\"3\" fill=\"#1b1b1b\"/>\
<path d=\"M4 12V5h2l4 5V5h2v7h-2L6 7v5z\" fill=\"#fff\"/></svg>";

/// An error shown as an HTML page with the right status.
pub(crate) struct HtmlError(pub ServerError);

impl<E: Into<ServerError>> From<E> for HtmlError {
    fn from(e: E) -> Self {
        HtmlError(e.into())
    }
}

impl IntoResponse for HtmlError {
    fn into_response(self) -> Response {
        let (status, _) = self.0.status_and_code();
        let title = status.canonical_reason().unwrap_or("Error");
        let body = maud::html! {
            h1 { (title) }
            p { (self.0.to_string()) }
            p { a href="/" { "Back to the front page" } }
        };
        (status, page(title, Nav::None, body)).into_response()
    }
}

/// `path` with `pairs` as its query string, values percent-encoded (empty
/// values left out).
pub(crate) fn href<K: AsRef<str>, V: AsRef<str>>(path: &str, pairs: &[(K, V)]) -> String {
    let query: Vec<String> = pairs
        .iter()
        .filter(|(_, v)| !v.as_ref().trim().is_empty())
        .map(|(k, v)| format!("{}={}", crate::params::encode(k.as_ref()), crate::params::encode(v.as_ref())))
        .collect();
    if query.is_empty() {
        path.to_string()
    } else {
        format!("{path}?{}", query.join("&"))
    }
}

/// A page that answers 400 with the form still there and the problem said
/// on it, for bad input a person typed.
pub(crate) fn bad_request_page(title: &str, nav: Nav, body: maud::Markup) -> Response {
    (axum::http::StatusCode::BAD_REQUEST, page(title, nav, body)).into_response()
}

/// The message of a request error, for pages that show it beside their
/// form; other errors go to the error page.
pub(crate) fn user_error(e: ServerError) -> Result<String, HtmlError> {
    match e {
        ServerError::BadRequest { message, .. } => Ok(message),
        other => Err(HtmlError(other)),
    }
}

/// `Result` of a page handler.
pub(crate) type PageResult = Result<maud::Markup, HtmlError>;
