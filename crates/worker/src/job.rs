//! Jobs as queue messages. A page travels as its raw bytes with what is
//! known about it in headers (the bytes are not always UTF-8: the extractor
//! detects the encoding), a JSONL record as its JSON, an analyse job as the
//! ids of stored articles, one a line.

use async_nats::HeaderMap;
use bytes::Bytes;
use chrono::{DateTime, Utc};
use newsdesk_ingest::{Input, InputError, Page, SourceHints};
use newsdesk_model::InputRecord;

/// What a job asks for; each kind has its own subject and durable consumer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum JobKind {
    /// Fetch a URL of the crawl queue, then extract and store it.
    Fetch,
    /// Extract a page or record and store its article.
    Extract,
    /// Analyse stored articles (summary, quotes, claims, figures, places).
    Analyse,
}

impl JobKind {
    pub const ALL: [JobKind; 3] = [JobKind::Fetch, JobKind::Extract, JobKind::Analyse];

    pub fn as_str(self) -> &'static str {
        match self {
            JobKind::Fetch => "fetch",
            JobKind::Extract => "extract",
            JobKind::Analyse => "analyse",
        }
    }

    pub fn parse(s: &str) -> Option<JobKind> {
        JobKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

const KIND: &str = "Newsdesk-Input";
const ORIGIN: &str = "Newsdesk-Origin";
const URL: &str = "Newsdesk-Url";
const CONTENT_TYPE: &str = "Newsdesk-Content-Type";
const FETCHED_AT: &str = "Newsdesk-Fetched-At";
const SITE: &str = "Newsdesk-Site";
const COUNTRY: &str = "Newsdesk-Country";
const LANGUAGE: &str = "Newsdesk-Language";

/// Header values are single lines; a value read from an input (a path, a
/// URL) with a line break in it has it replaced.
fn put(headers: &mut HeaderMap, name: &'static str, value: Option<&str>) {
    if let Some(v) = value {
        let clean: String = v.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
        headers.insert(name, clean.as_str());
    }
}

fn get(headers: Option<&HeaderMap>, name: &str) -> Option<String> {
    headers.and_then(|h| h.get(name)).map(|v| v.as_str().to_string())
}

/// An input as an extract job; `None` for one passed over by its source.
pub fn encode_input(input: Input) -> Result<Option<(HeaderMap, Bytes)>, InputError> {
    let mut h = HeaderMap::new();
    match input {
        Input::Skipped { .. } => Ok(None),
        Input::Page(p) => {
            put(&mut h, KIND, Some("page"));
            put(&mut h, ORIGIN, Some(&p.origin));
            put(&mut h, URL, p.url.as_deref());
            put(&mut h, CONTENT_TYPE, p.content_type.as_deref());
            put(&mut h, FETCHED_AT, p.fetched_at.map(|t| t.to_rfc3339()).as_deref());
            put(&mut h, SITE, p.source_hints.site_name.as_deref());
            put(&mut h, COUNTRY, p.source_hints.country.as_deref());
            put(&mut h, LANGUAGE, p.source_hints.language.as_deref());
            Ok(Some((h, Bytes::from(p.bytes))))
        }
        Input::Record { origin, record } => {
            let json = serde_json::to_vec(&record).map_err(|e| InputError::new(&origin, e))?;
            put(&mut h, KIND, Some("record"));
            put(&mut h, ORIGIN, Some(&origin));
            Ok(Some((h, Bytes::from(json))))
        }
    }
}

/// An extract job back as the input it was made from.
pub fn decode_input(headers: Option<&HeaderMap>, payload: &[u8]) -> Result<Input, InputError> {
    let origin = get(headers, ORIGIN).unwrap_or_else(|| "(queued job)".into());
    match get(headers, KIND).as_deref() {
        Some("page") => {
            let fetched_at = match get(headers, FETCHED_AT) {
                Some(t) => Some(
                    DateTime::parse_from_rfc3339(&t)
                        .map_err(|e| InputError::new(&origin, format!("bad {FETCHED_AT} {t:?}: {e}")))?
                        .with_timezone(&Utc),
                ),
                None => None,
            };
            Ok(Input::Page(Page {
                url: get(headers, URL),
                content_type: get(headers, CONTENT_TYPE),
                fetched_at,
                source_hints: SourceHints {
                    site_name: get(headers, SITE),
                    country: get(headers, COUNTRY),
                    language: get(headers, LANGUAGE),
                },
                bytes: payload.to_vec(),
                origin,
            }))
        }
        Some("record") => {
            let record: InputRecord =
                serde_json::from_slice(payload).map_err(|e| InputError::new(&origin, format!("bad record: {e}")))?;
            Ok(Input::Record { origin, record: Box::new(record) })
        }
        other => Err(InputError::new(origin, format!("not an extract job ({KIND}: {other:?})"))),
    }
}

/// Article ids as an analyse job.
pub fn encode_ids(ids: &[String]) -> Bytes {
    Bytes::from(ids.join("\n"))
}

pub fn decode_ids(payload: &[u8]) -> Vec<String> {
    String::from_utf8_lossy(payload).lines().filter(|l| !l.is_empty()).map(str::to_string).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_survives_the_queue() {
        let page = Page {
            origin: "dir/a\nb.html".into(),
            bytes: vec![0xff, b'<', b'p', b'>'],
            url: Some("https://news.example/a".into()),
            content_type: Some("text/html; charset=latin1".into()),
            fetched_at: Some(Utc::now()),
            source_hints: SourceHints { site_name: Some("Daily".into()), country: Some("PT".into()), language: None },
        };
        let (h, body) = encode_input(Input::Page(page.clone())).unwrap().unwrap();
        let Input::Page(back) = decode_input(Some(&h), &body).unwrap() else { panic!("not a page") };
        assert_eq!(back.origin, "dir/a b.html");
        assert_eq!(back.bytes, page.bytes);
        assert_eq!((back.url, back.content_type), (page.url, page.content_type));
        assert_eq!(back.source_hints, page.source_hints);
        assert_eq!(back.fetched_at.map(|t| t.timestamp_micros()), page.fetched_at.map(|t| t.timestamp_micros()));
    }

    #[test]
    fn a_record_survives_the_queue() {
        let record: InputRecord =
            serde_json::from_str(r#"{"id":"r1","text":"Body.","source":"Wire","extra_field":[1,2]}"#).unwrap();
        let (h, body) =
            encode_input(Input::Record { origin: "f.jsonl:3".into(), record: Box::new(record) }).unwrap().unwrap();
        let Input::Record { origin, record } = decode_input(Some(&h), &body).unwrap() else { panic!("not a record") };
        assert_eq!(origin, "f.jsonl:3");
        assert_eq!(record.source.as_deref(), Some("Wire"));
        assert_eq!(record.extra.get("extra_field"), Some(&serde_json::json!([1, 2])));
    }

    #[test]
    fn a_foreign_message_is_an_error_naming_its_origin() {
        let err = decode_input(None, b"hello").unwrap_err();
        assert!(err.to_string().contains("not an extract job"), "{err}");
        assert_eq!(decode_ids(b"a\n\nb"), ["a", "b"]);
    }
}
