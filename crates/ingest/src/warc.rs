//! A streaming WARC reader (WARC 1.0/1.1, plain or gzipped per record).
//!
//! Only what ingestion needs: `response` records carrying an HTTP response
//! with an HTML body, and `resource` records with an HTML content type. Other
//! records are yielded as [`Input::Skipped`]. A corrupt record ends the file
//! with an error naming the record: a stream cannot be resynchronised safely.

use std::io::{BufRead, Read};

use chrono::{DateTime, Utc};
use flate2::read::{DeflateDecoder, GzDecoder};

use crate::{Input, InputError, Page};

/// Largest record block accepted; larger ones are reported, not allocated.
const MAX_BLOCK: u64 = 256 << 20;
const MAX_HEADER_LINES: usize = 1024;

/// Iterates over the records of one WARC stream.
pub struct WarcReader<R> {
    reader: R,
    origin: String,
    index: u64,
    done: bool,
}

impl<R: BufRead> WarcReader<R> {
    /// `reader` must already be decompressed (use `flate2::read::MultiGzDecoder`
    /// for `.warc.gz`); `origin` names the file in messages.
    pub fn new(reader: R, origin: impl Into<String>) -> Self {
        WarcReader { reader, origin: origin.into(), index: 0, done: false }
    }

    fn read_record(&mut self) -> Result<Option<Input>, String> {
        let mut line = Vec::new();
        // Skip blank lines between records; stop cleanly at EOF.
        loop {
            line.clear();
            let n = Read::take(&mut self.reader, 64 * 1024).read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
            if n == 0 {
                return Ok(None);
            }
            if !line.iter().all(u8::is_ascii_whitespace) {
                break;
            }
        }
        if !line.starts_with(b"WARC/") {
            return Err(format!("expected a WARC version line, found {:?}", preview(&line)));
        }
        let mut headers: Vec<(String, String)> = Vec::new();
        loop {
            line.clear();
            let n = Read::take(&mut self.reader, 64 * 1024).read_until(b'\n', &mut line).map_err(|e| e.to_string())?;
            if n == 0 {
                return Err("truncated record header".into());
            }
            let text = String::from_utf8_lossy(&line);
            let text = text.trim_end_matches(['\r', '\n']);
            if text.is_empty() {
                break;
            }
            if headers.len() >= MAX_HEADER_LINES {
                return Err("record header has too many lines".into());
            }
            if let Some((k, v)) = text.split_once(':') {
                headers.push((k.trim().to_ascii_lowercase(), v.trim().to_string()));
            }
        }
        let header = |name: &str| headers.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str());
        let len: u64 = header("content-length")
            .ok_or("record has no Content-Length")?
            .parse()
            .map_err(|_| "record has an invalid Content-Length".to_string())?;
        if len > MAX_BLOCK {
            return Err(format!("record block of {len} bytes exceeds the 256 MiB limit"));
        }
        let mut block = Vec::new();
        Read::take(&mut self.reader, len).read_to_end(&mut block).map_err(|e| e.to_string())?;
        if (block.len() as u64) < len {
            return Err(format!("truncated record: Content-Length {len} but only {} bytes follow", block.len()));
        }
        let origin = format!("{}#{}", self.origin, self.index);
        let warc_type = header("warc-type").unwrap_or("").to_ascii_lowercase();
        let uri = header("warc-target-uri").map(|u| u.trim_matches(['<', '>']).to_string());
        let fetched_at =
            header("warc-date").and_then(|d| DateTime::parse_from_rfc3339(d).ok()).map(|d| d.with_timezone(&Utc));
        let content_type = header("content-type").unwrap_or("").to_ascii_lowercase();
        let skipped = |reason: String| Ok(Some(Input::Skipped { origin: origin.clone(), reason }));
        match warc_type.as_str() {
            "response" if content_type.starts_with("application/http") => {
                let http = match parse_http_response(&block) {
                    Ok(h) => h,
                    Err(e) => return Err(format!("record {}: {e}", uri.as_deref().unwrap_or("?"))),
                };
                if !(200..300).contains(&http.status) {
                    return skipped(format!("HTTP status {}", http.status));
                }
                if !is_html(http.content_type.as_deref(), &http.body) {
                    return skipped(format!(
                        "not HTML ({})",
                        http.content_type.as_deref().unwrap_or("no content type")
                    ));
                }
                Ok(Some(Input::Page(Page {
                    origin,
                    bytes: http.body,
                    url: uri,
                    content_type: http.content_type,
                    fetched_at,
                    ..Default::default()
                })))
            }
            "resource" | "response" => {
                if !is_html(Some(&content_type), &block) {
                    return skipped(format!("not HTML ({content_type})"));
                }
                Ok(Some(Input::Page(Page {
                    origin,
                    bytes: block,
                    url: uri,
                    content_type: Some(content_type),
                    fetched_at,
                    ..Default::default()
                })))
            }
            other => skipped(format!("{} record", if other.is_empty() { "untyped" } else { other })),
        }
    }
}

impl<R: BufRead> Iterator for WarcReader<R> {
    type Item = Result<Input, InputError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.done {
            return None;
        }
        let result = self.read_record();
        self.index += 1;
        match result {
            Ok(Some(input)) => Some(Ok(input)),
            Ok(None) => {
                self.done = true;
                None
            }
            Err(message) => {
                self.done = true;
                let origin = format!("{}#{}", self.origin, self.index - 1);
                Some(Err(InputError::new(origin, format!("corrupt WARC record ({message}); rest of file skipped"))))
            }
        }
    }
}

struct HttpResponse {
    status: u16,
    content_type: Option<String>,
    body: Vec<u8>,
}

/// Splits a raw HTTP response into status, content type and the decoded body
/// (chunked transfer coding and gzip/deflate content coding undone).
fn parse_http_response(raw: &[u8]) -> Result<HttpResponse, String> {
    let (head_end, sep_len) = find(raw, b"\r\n\r\n")
        .map(|i| (i, 4))
        .or_else(|| find(raw, b"\n\n").map(|i| (i, 2)))
        .ok_or("HTTP response without end of headers")?;
    let head = String::from_utf8_lossy(&raw[..head_end]);
    let mut lines = head.lines();
    let status_line = lines.next().unwrap_or("");
    let status = status_line
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse::<u16>().ok())
        .ok_or_else(|| format!("bad HTTP status line {:?}", preview(status_line.as_bytes())))?;
    let mut content_type = None;
    let mut chunked = false;
    let mut encoding = String::new();
    for l in lines {
        if let Some((k, v)) = l.split_once(':') {
            let (k, v) = (k.trim().to_ascii_lowercase(), v.trim());
            match k.as_str() {
                "content-type" => content_type = Some(v.to_string()),
                "transfer-encoding" => chunked = v.to_ascii_lowercase().contains("chunked"),
                "content-encoding" => encoding = v.to_ascii_lowercase(),
                _ => {}
            }
        }
    }
    let mut body = raw[head_end + sep_len..].to_vec();
    if chunked {
        body = dechunk(&body).ok_or("malformed chunked body")?;
    }
    body = match encoding.as_str() {
        "" | "identity" => body,
        "gzip" | "x-gzip" => inflate(GzDecoder::new(&body[..]))?,
        "deflate" => inflate(DeflateDecoder::new(&body[..]))?,
        other => return Err(format!("unsupported Content-Encoding {other}")),
    };
    Ok(HttpResponse { status, content_type, body })
}

fn inflate(mut r: impl Read) -> Result<Vec<u8>, String> {
    let mut out = Vec::new();
    r.by_ref().take(MAX_BLOCK).read_to_end(&mut out).map_err(|e| format!("bad compressed body: {e}"))?;
    Ok(out)
}

fn dechunk(mut data: &[u8]) -> Option<Vec<u8>> {
    let mut out = Vec::with_capacity(data.len());
    loop {
        let eol = find(data, b"\r\n")?;
        let size_text = std::str::from_utf8(&data[..eol]).ok()?;
        let size = usize::from_str_radix(size_text.split(';').next()?.trim(), 16).ok()?;
        data = &data[eol + 2..];
        if size == 0 {
            return Some(out);
        }
        out.extend_from_slice(data.get(..size)?);
        data = data.get(size..)?;
        data = data.strip_prefix(b"\r\n").unwrap_or(data);
    }
}

fn is_html(content_type: Option<&str>, body: &[u8]) -> bool {
    match content_type.map(str::to_ascii_lowercase) {
        Some(ct) if !ct.trim().is_empty() => ct.contains("html"),
        _ => body.iter().find(|b| !b.is_ascii_whitespace()) == Some(&b'<'),
    }
}

fn find(hay: &[u8], needle: &[u8]) -> Option<usize> {
    hay.windows(needle.len()).position(|w| w == needle)
}

fn preview(b: &[u8]) -> String {
    String::from_utf8_lossy(&b[..b.len().min(40)]).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn record(kind: &str, uri: &str, ct: &str, block: &[u8]) -> Vec<u8> {
        let mut r = format!(
            "WARC/1.1\r\nWARC-Type: {kind}\r\nWARC-Target-URI: {uri}\r\nWARC-Date: 2025-03-14T08:00:00Z\r\nContent-Type: {ct}\r\nContent-Length: {}\r\n\r\n",
            block.len()
        )
        .into_bytes();
        r.extend_from_slice(block);
        r.extend_from_slice(b"\r\n\r\n");
        r
    }

    #[test]
    fn reads_html_responses_and_skips_the_rest() {
        let mut warc = record("warcinfo", "", "application/warc-fields", b"software: test\r\n");
        warc.extend(record(
            "request",
            "https://a.example/x",
            "application/http; msgtype=request",
            b"GET /x HTTP/1.1\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://a.example/x",
            "application/http; msgtype=response",
            b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=utf-8\r\nTransfer-Encoding: chunked\r\n\r\n5\r\n<p>hi\r\n5\r\n</p>\n\r\n0\r\n\r\n",
        ));
        warc.extend(record(
            "response",
            "https://a.example/y",
            "application/http; msgtype=response",
            b"HTTP/1.1 404 Not Found\r\n\r\ngone",
        ));
        let items: Vec<_> = WarcReader::new(&warc[..], "t.warc").collect();
        assert_eq!(items.len(), 4);
        match &items[2] {
            Ok(Input::Page(p)) => {
                assert_eq!(p.bytes, b"<p>hi</p>\n");
                assert_eq!(p.url.as_deref(), Some("https://a.example/x"));
                assert_eq!(p.fetched_at.unwrap().to_rfc3339(), "2025-03-14T08:00:00+00:00");
            }
            other => panic!("{other:?}"),
        }
        assert!(matches!(&items[3], Ok(Input::Skipped { reason, .. }) if reason.contains("404")));
    }

    #[test]
    fn truncated_record_is_an_error_naming_the_record() {
        let mut warc = record("resource", "https://a.example/x", "text/html", b"<p>ok</p>");
        warc.extend_from_slice(b"WARC/1.1\r\nWARC-Type: resource\r\nContent-Length: 999\r\n\r\nshort");
        let items: Vec<_> = WarcReader::new(&warc[..], "t.warc").collect();
        assert!(matches!(items[0], Ok(Input::Page(_))));
        let err = items[1].as_ref().unwrap_err();
        assert_eq!(err.origin, "t.warc#1");
        assert!(err.message.contains("truncated"), "{}", err.message);
    }
}
