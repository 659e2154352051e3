//! One HTTP request and its response, under the host gate, the timeout and
//! the body limit.

use futures_util::StreamExt;
use reqwest::header::{HeaderMap, HeaderName, IF_MODIFIED_SINCE, IF_NONE_MATCH};
use url::Url;

use crate::error::{FetchError, Result};
use crate::fetcher::{Inner, Validators};
use crate::safety::find_refused;
use crate::stats::Counters;

/// Bytes reserved up front at most, whatever Content-Length claims.
const MAX_PREALLOC: u64 = 1024 * 1024;

/// The politeness key of a URL: scheme, host and port.
pub(crate) fn host_key(url: &Url) -> String {
    let host = url.host_str().unwrap_or("");
    match url.port_or_known_default() {
        Some(port) => format!("{}://{host}:{port}", url.scheme()),
        None => format!("{}://{host}", url.scheme()),
    }
}

/// What to do with a body over the limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Overflow {
    Fail,
    /// Keep the first `limit` bytes (robots.txt).
    Truncate,
}

/// A response; the body is read only for 2xx statuses.
#[derive(Debug)]
pub(crate) struct Exchange {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Exchange {
    /// A header as text (`None` when absent or not visible ASCII).
    pub(crate) fn header(&self, name: HeaderName) -> Option<String> {
        self.headers.get(name).and_then(|v| v.to_str().ok()).map(|s| s.trim().to_string())
    }
}

/// The error and its causes on one line (reqwest's own message is terse).
fn chain(err: &(dyn std::error::Error + 'static)) -> String {
    let mut out = err.to_string();
    let mut cur = err.source();
    for _ in 0..8 {
        let Some(e) = cur else { break };
        let text = e.to_string();
        if !out.contains(&text) {
            out.push_str(": ");
            out.push_str(&text);
        }
        cur = e.source();
    }
    out
}

impl Inner {
    pub(crate) fn map_error(&self, url: &Url, err: reqwest::Error) -> FetchError {
        let url_s = url.to_string();
        if let Some(refused) = find_refused(&err) {
            return FetchError::PrivateAddress {
                url: url_s,
                host: refused.host.clone(),
                detail: refused.detail.clone(),
            };
        }
        if err.is_timeout() {
            let (after, phase) = if err.is_connect() {
                (self.settings.connect_timeout, "connecting")
            } else {
                (self.settings.timeout, "whole response")
            };
            return FetchError::Timeout { url: url_s, after, phase };
        }
        if err.is_body() || err.is_decode() {
            return FetchError::Body { url: url_s, message: chain(&err) };
        }
        FetchError::Network { url: url_s, message: chain(&err) }
    }

    /// Sends one GET when the host's turn comes and reads a 2xx body, all
    /// within the response timeout.
    pub(crate) async fn exchange(
        &self,
        url: &Url,
        validators: &Validators,
        limit: u64,
        overflow: Overflow,
    ) -> Result<Exchange> {
        let _turn = self.hosts.turn(&host_key(url)).await;
        Counters::add(&self.counters.requests, 1);
        let mut request = self.client.get(url.clone());
        if let Some(etag) = &validators.etag {
            request = request.header(IF_NONE_MATCH, etag.as_str());
        }
        if let Some(date) = &validators.last_modified {
            request = request.header(IF_MODIFIED_SINCE, date.as_str());
        }
        let work = async {
            let response = request.send().await.map_err(|e| self.map_error(url, e))?;
            let status = response.status().as_u16();
            let headers = response.headers().clone();
            let body = if (200..300).contains(&status) {
                self.read_body(url, response, limit, overflow).await?
            } else {
                Vec::new()
            };
            Ok(Exchange { status, headers, body })
        };
        match tokio::time::timeout(self.settings.timeout, work).await {
            Ok(result) => result,
            Err(_) => {
                Err(FetchError::Timeout { url: url.to_string(), after: self.settings.timeout, phase: "whole response" })
            }
        }
    }

    /// Streams the (decompressed) body, stopping as soon as it passes `limit`.
    async fn read_body(
        &self,
        url: &Url,
        response: reqwest::Response,
        limit: u64,
        overflow: Overflow,
    ) -> Result<Vec<u8>> {
        let too_large = |declared| FetchError::TooLarge { url: url.to_string(), limit, declared };
        // reqwest hides Content-Length when it decompresses, so this is the
        // length of what we read
        let declared = response.content_length();
        if let Some(n) = declared {
            if n > limit && overflow == Overflow::Fail {
                return Err(too_large(Some(n)));
            }
        }
        let mut body = Vec::with_capacity(declared.unwrap_or(0).min(limit).min(MAX_PREALLOC) as usize);
        let mut stream = response.bytes_stream();
        while let Some(chunk) = stream.next().await {
            let chunk = chunk.map_err(|e| self.map_error(url, e))?;
            Counters::add(&self.counters.bytes, chunk.len() as u64);
            let room = limit.saturating_sub(body.len() as u64);
            if chunk.len() as u64 > room {
                match overflow {
                    Overflow::Fail => return Err(too_large(declared)),
                    Overflow::Truncate => {
                        body.extend_from_slice(chunk.get(..room as usize).unwrap_or(&chunk));
                        break;
                    }
                }
            }
            body.extend_from_slice(&chunk);
        }
        Ok(body)
    }
}
