//! The web UI: server-rendered HTML (maud escapes every interpolated
//! value), one stylesheet, no script needed to read anything.

mod article;
mod home;
mod layout;

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
        .route("/static/style.css", get(style))
}

async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8"), (header::CACHE_CONTROL, "max-age=3600")], STYLE)
        .into_response()
}

const STYLE: &str = include_str!("style.css");

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

/// `Result` of a page handler.
pub(crate) type PageResult = Result<maud::Markup, HtmlError>;
