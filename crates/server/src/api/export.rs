//! `GET /export`: every article matching a search, streamed as JSON Lines
//! or CSV. A blocking task walks the matches and feeds the response body
//! through a small channel, so memory stays flat whatever the number of
//! articles and a client that goes away stops the walk.

use std::io::{self, Write};

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Response};
use newsdesk_index::{ArticleSearch, SearchRequest};
use newsdesk_store::StoredArticle;
use tokio::sync::mpsc;

use super::articles::{filters, query_text};
use crate::params::Params;
use crate::{Result, ServerError, ServerState};

/// Bytes gathered before a piece of the body is sent.
const CHUNK: usize = 64 * 1024;
/// Pieces waiting for the client at most: a slow client slows the walk.
const QUEUED: usize = 4;

/// The columns of a CSV export, in order.
pub(crate) const CSV_COLUMNS: [&str; 8] =
    ["id", "published", "source", "country", "language", "title", "url", "authors"];

#[derive(Debug, Clone, Copy)]
enum Format {
    Jsonl,
    Csv,
}

pub(crate) async fn export(State(state): State<ServerState>, p: Params) -> Result<Response> {
    let format = match p.get("format").unwrap_or("jsonl") {
        "jsonl" => Format::Jsonl,
        "csv" => Format::Csv,
        other => {
            return Err(ServerError::bad("bad_parameter", format!("format={other:?}: expected jsonl or csv")));
        }
    };
    let request = SearchRequest { query: query_text(&state, &p)?, ..filters(&p)? };
    // A bad query must be a 400, not a broken download: try it first.
    let check = SearchRequest { limit: 0, ..request.clone() };
    state.read(move |_, index| Ok(index.search(&check)?)).await?;

    let (tx, mut rx) = mpsc::channel::<io::Result<Bytes>>(QUEUED);
    let (walker, failed) = (state.clone(), tx.clone());
    tokio::spawn(async move {
        let walked = walker.read(move |store, index| walk(store, index, &request, format, tx)).await;
        if let Err(e) = walked {
            // The status is sent already: failing the body tells the
            // client the file is cut short.
            let _ = failed.send(Err(io::Error::other(e.to_string()))).await;
        }
    });
    let body = Body::from_stream(futures_util::stream::poll_fn(move |cx| rx.poll_recv(cx)));

    let (kind, ext) = match format {
        Format::Jsonl => ("application/x-ndjson; charset=utf-8", "jsonl"),
        Format::Csv => ("text/csv; charset=utf-8", "csv"),
    };
    let name = format!("attachment; filename=\"newsdesk-export-{}.{ext}\"", chrono::Utc::now().format("%Y-%m-%d"));
    let disposition = HeaderValue::from_str(&name)
        .map_err(|e| ServerError::Internal(format!("content-disposition {name:?}: {e}")))?;
    Ok(([(header::CONTENT_TYPE, HeaderValue::from_static(kind)), (header::CONTENT_DISPOSITION, disposition)], body)
        .into_response())
}

/// Writes every match of `request` into the channel.
fn walk(
    store: &dyn crate::ServedStore,
    index: &dyn ArticleSearch,
    request: &SearchRequest,
    format: Format,
    tx: mpsc::Sender<io::Result<Bytes>>,
) -> Result<()> {
    let mut out = Chunks { buf: Vec::with_capacity(CHUNK), tx };
    let mut failed: Option<ServerError> = None;
    match format {
        Format::Jsonl => {
            index.visit_matches(request, &mut |id| {
                let line = stored(store, id).and_then(|a| {
                    let Some(a) = a else { return Ok(()) };
                    serde_json::to_writer(&mut out, &a).map_err(|e| io_error(e.into()))?;
                    out.write_all(b"\n").map_err(io_error)
                });
                Ok(keep_going(line, &mut failed))
            })?;
            out.flush().map_err(io_error)?;
        }
        Format::Csv => {
            let mut csv = csv::Writer::from_writer(&mut out);
            csv.write_record(CSV_COLUMNS).map_err(csv_error)?;
            index.visit_matches(request, &mut |id| {
                let row = stored(store, id).and_then(|a| match a {
                    Some(a) => csv.write_record(csv_row(&a)).map_err(csv_error),
                    None => Ok(()),
                });
                Ok(keep_going(row, &mut failed))
            })?;
            csv.flush().map_err(io_error)?;
        }
    }
    failed.map_or(Ok(()), Err)
}

/// The stored article `id`; `None` when it left the store after the index
/// saw it.
fn stored(store: &dyn crate::ServedStore, id: &str) -> Result<Option<StoredArticle>> {
    Ok(store.get(id)?)
}

/// Whether to walk on after `step`; its error is kept to be reported.
fn keep_going(step: Result<()>, failed: &mut Option<ServerError>) -> bool {
    match step {
        Ok(()) => true,
        Err(e) => {
            *failed = Some(e);
            false
        }
    }
}

fn io_error(e: io::Error) -> ServerError {
    ServerError::Internal(format!("writing the export: {e}"))
}

fn csv_error(e: csv::Error) -> ServerError {
    ServerError::Internal(format!("writing the export: {e}"))
}

/// One CSV row. A cell that a spreadsheet would run as a formula (`=`,
/// `+`, `-`, `@` first) gets a leading `'`: titles come from anywhere.
pub(crate) fn csv_row(s: &StoredArticle) -> [String; 8] {
    let a = &s.article;
    let cell = |v: Option<&str>| {
        let v = v.unwrap_or("");
        if v.starts_with(['=', '+', '-', '@', '\t', '\r']) {
            format!("'{v}")
        } else {
            v.to_string()
        }
    };
    [
        cell(Some(&a.id)),
        a.published.as_ref().map(|p| p.to_string()).unwrap_or_default(),
        cell(a.site_name.as_deref()),
        cell(a.country.as_deref()),
        cell(a.language.as_deref()),
        cell(a.title.as_deref()),
        cell(a.url.as_deref()),
        cell(Some(&a.authors.join("; "))),
    ]
}

/// Gathers written bytes and sends them on in pieces of [`CHUNK`].
struct Chunks {
    buf: Vec<u8>,
    tx: mpsc::Sender<io::Result<Bytes>>,
}

impl Chunks {
    fn send(&mut self) -> io::Result<()> {
        let piece = Bytes::from(std::mem::replace(&mut self.buf, Vec::with_capacity(CHUNK)));
        self.tx
            .blocking_send(Ok(piece))
            .map_err(|_| io::Error::new(io::ErrorKind::BrokenPipe, "the client closed the connection"))
    }
}

impl Write for Chunks {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CHUNK {
            self.send()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        self.send()
    }
}

#[cfg(test)]
mod tests {
    use chrono::Utc;
    use newsdesk_model::Article;
    use newsdesk_store::StoredArticle;

    use super::{csv_row, CSV_COLUMNS};

    #[test]
    fn csv_cells_a_spreadsheet_would_run_are_defused() {
        let mut a = Article::new("a1".into());
        a.title = Some("=HYPERLINK(\"https://evil.example\")".into());
        a.site_name = Some("@outlet".into());
        a.authors = vec!["Ann Lee".into(), "Bo Chen".into()];
        let now = Utc::now();
        let row = csv_row(&StoredArticle { article: a, first_seen: now, last_changed: now, versions: 1 });
        assert_eq!(row.len(), CSV_COLUMNS.len());
        assert_eq!(row[0], "a1");
        assert_eq!(row[1], "", "no date");
        assert_eq!(row[2], "'@outlet");
        assert_eq!(row[5], "'=HYPERLINK(\"https://evil.example\")");
        assert_eq!(row[7], "Ann Lee; Bo Chen");
    }
}
