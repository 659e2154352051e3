//! Security headers on every response, and the checks that decide whether
//! a URL taken from an article may become a link.

use axum::extract::Request;
use axum::http::HeaderValue;
use axum::middleware::Next;
use axum::response::Response;

/// No script but the server's own files, no inline script or style from
/// anywhere (article text is escaped, but a policy is the second lock),
/// no plugins, no framing, no `<base>` tricks, forms post only here.
const CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
                   object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'";

pub(crate) async fn headers(request: Request, next: Next) -> Response {
    let mut response = next.run(request).await;
    let h = response.headers_mut();
    h.insert("content-security-policy", HeaderValue::from_static(CSP));
    h.insert("x-content-type-options", HeaderValue::from_static("nosniff"));
    h.insert("referrer-policy", HeaderValue::from_static("no-referrer"));
    h.insert("x-frame-options", HeaderValue::from_static("DENY"));
    response
}

/// `url` when it is an absolute `http` or `https` URL that is safe to put
/// in an `href`; `javascript:`, `data:`, relative and odd URLs give `None`
/// (and are shown as text, if at all).
pub(crate) fn safe_link(url: &str) -> Option<&str> {
    let url = url.trim();
    let lower = url.get(..8).unwrap_or(url).to_ascii_lowercase();
    let ok = (lower.starts_with("http://") || lower.starts_with("https://"))
        && !url.chars().any(|c| c.is_control() || c.is_whitespace() || c == '"' || c == '<' || c == '>');
    ok.then_some(url)
}

/// Whether `headers` carry `Authorization: Bearer <token>`, compared in
/// constant time.
fn has_token(headers: &axum::http::HeaderMap, token: &str) -> bool {
    let Some(given) = headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
    else {
        return false;
    };
    let (a, b) = (given.trim().as_bytes(), token.as_bytes());
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// Writes need the configured token; without one configured, writes are off.
pub(crate) fn check_write(config: &crate::ServerConfig, headers: &axum::http::HeaderMap) -> crate::Result<()> {
    match &config.token {
        None => Err(crate::ServerError::Forbidden(
            "writes are disabled: set `token` in the [server] table of newsdesk.toml".into(),
        )),
        Some(t) if has_token(headers, t) => Ok(()),
        Some(_) => Err(crate::ServerError::Unauthorized("this endpoint needs `Authorization: Bearer TOKEN`".into())),
    }
}

/// Layered on every read route of the API: reads are checked here, once,
/// so no handler can forget to.
pub(crate) async fn api_read_access(
    axum::extract::State(state): axum::extract::State<crate::ServerState>,
    request: Request,
    next: Next,
) -> Response {
    read_access(&state, request, next, axum::response::IntoResponse::into_response).await
}

/// The same for the UI's pages, answering with an HTML page.
pub(crate) async fn page_read_access(
    axum::extract::State(state): axum::extract::State<crate::ServerState>,
    request: Request,
    next: Next,
) -> Response {
    read_access(&state, request, next, |e| axum::response::IntoResponse::into_response(crate::ui::HtmlError(e))).await
}

async fn read_access(
    state: &crate::ServerState,
    request: Request,
    next: Next,
    refuse: impl FnOnce(crate::ServerError) -> Response,
) -> Response {
    match check_read(state.config(), request.headers()) {
        Ok(()) => next.run(request).await,
        Err(e) => refuse(e),
    }
}

/// Reads are open unless `private_reads` is set, then they need the token.
pub(crate) fn check_read(config: &crate::ServerConfig, headers: &axum::http::HeaderMap) -> crate::Result<()> {
    if !config.private_reads {
        return Ok(());
    }
    match &config.token {
        Some(t) if has_token(headers, t) => Ok(()),
        _ => Err(crate::ServerError::Unauthorized("reads on this server need `Authorization: Bearer TOKEN`".into())),
    }
}

#[cfg(test)]
mod tests {
    use super::safe_link;

    #[test]
    fn only_http_urls_become_links() {
        assert_eq!(safe_link("https://example.org/a?b=1"), Some("https://example.org/a?b=1"));
        assert_eq!(safe_link(" HTTP://x.org "), Some("HTTP://x.org"));
        for bad in [
            "javascript:alert(1)",
            "JaVaScRiPt:alert(1)",
            "data:text/html,<script>",
            "//evil.org",
            "/local",
            "https://x.org/\"onmouseover=\"x",
            "https://x.org/a\nb",
            "vbscript:x",
            "",
        ] {
            assert_eq!(safe_link(bad), None, "{bad}");
        }
    }
}
