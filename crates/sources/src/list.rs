//! Lists of sources to follow: OPML, or one URL per line.

use std::collections::HashSet;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;
use serde::Serialize;
use url::Url;

use crate::body::{decode, first_start, gunzip, Start};
use crate::urls::{absolute_http, MAX_URL_LEN};
use crate::{Result, MAX_ENTRIES};

/// A source to follow: a feed, sitemap or site URL, with what the list says about it.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct SourceSpec {
    pub url: Url,
    pub name: Option<String>,
    pub category: Option<String>,
}

/// A line of a list that could not be used, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ListProblem {
    /// 1-based.
    pub line: usize,
    pub message: String,
}

/// Folder outlines deeper than this do not name categories (no input-driven growth).
const MAX_FOLDERS: usize = 32;

/// Parses OPML (when the body starts with an XML element) or a plain list:
/// one URL per line, `#` comments and blank lines ignored, an optional name
/// after the first whitespace; a bare `host/path` is taken as https. Bad
/// lines (and malformed XML) come back as problems next to the good
/// entries; only an undecompressible body is an error. Duplicate URLs are
/// kept once; more than [`MAX_ENTRIES`] entries are cut with a problem.
pub fn parse_source_list(bytes: &[u8]) -> Result<(Vec<SourceSpec>, Vec<ListProblem>)> {
    let body = gunzip(bytes)?;
    let text = decode(&body);
    Ok(match first_start(&text) {
        Start::Element(_) => parse_opml(&text),
        _ => parse_plain(&text),
    })
}

struct Collector {
    seen: HashSet<Url>,
    specs: Vec<SourceSpec>,
    problems: Vec<ListProblem>,
}

impl Collector {
    /// False once full.
    fn push(&mut self, spec: SourceSpec, line: usize) -> bool {
        if !self.seen.insert(spec.url.clone()) {
            return true;
        }
        if self.specs.len() == MAX_ENTRIES {
            self.problems
                .push(ListProblem { line, message: format!("more than {MAX_ENTRIES} sources: the rest is ignored") });
            return false;
        }
        self.specs.push(spec);
        true
    }

    fn problem(&mut self, line: usize, message: String) {
        // Hostile lists could make a problem of every line: keep a bounded report.
        if self.problems.len() < MAX_ENTRIES {
            self.problems.push(ListProblem { line, message });
        }
    }
}

fn parse_plain(text: &str) -> (Vec<SourceSpec>, Vec<ListProblem>) {
    let mut c = Collector { seen: HashSet::new(), specs: Vec::new(), problems: Vec::new() };
    for (i, line) in text.lines().enumerate() {
        let line = line.trim_matches(|ch: char| ch.is_whitespace() || ch == '\u{feff}');
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (raw, name) = match line.split_once(|ch: char| ch.is_whitespace()) {
            Some((u, n)) => (u, Some(n.trim()).filter(|n| !n.is_empty())),
            None => (line, None),
        };
        match plain_url(raw) {
            Ok(url) => {
                let spec = SourceSpec { url, name: name.map(|n| n.chars().take(512).collect()), category: None };
                if !c.push(spec, i + 1) {
                    break;
                }
            }
            Err(message) => c.problem(i + 1, message),
        }
    }
    (c.specs, c.problems)
}

fn plain_url(raw: &str) -> Result<Url, String> {
    if raw.len() > MAX_URL_LEN {
        return Err(format!("URL longer than {MAX_URL_LEN} bytes"));
    }
    let shown: String = raw.chars().take(80).collect();
    match Url::parse(raw) {
        Ok(u) if crate::urls::is_http(&u) => Ok(u),
        Ok(u) => Err(format!("not an http(s) URL: {shown} (scheme {})", u.scheme())),
        Err(url::ParseError::RelativeUrlWithoutBase) if raw.contains('.') && !raw.starts_with(['/', '.']) => {
            absolute_http(&format!("https://{raw}")).ok_or_else(|| format!("not a URL: {shown}"))
        }
        Err(e) => Err(format!("not a URL: {shown} ({e})")),
    }
}

fn attr(e: &BytesStart<'_>, name: &str) -> Option<String> {
    e.attributes()
        .with_checks(false)
        .flatten()
        .find(|a| a.key.local_name().as_ref().eq_ignore_ascii_case(name))
        .and_then(|a| {
            let v = a.normalized_value(quick_xml::XmlVersion::Implicit1_0).ok()?;
            let v = v.trim();
            (!v.is_empty()).then(|| v.chars().take(MAX_URL_LEN).collect())
        })
}

fn parse_opml(text: &str) -> (Vec<SourceSpec>, Vec<ListProblem>) {
    let mut c = Collector { seen: HashSet::new(), specs: Vec::new(), problems: Vec::new() };
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = false;
    // Line numbers counted incrementally from the reader's position.
    let (mut counted_to, mut line) = (0usize, 1usize);
    let mut line_at = |pos: u64| {
        let pos = usize::try_from(pos).unwrap_or(usize::MAX).min(text.len());
        if pos > counted_to {
            line += text.as_bytes().get(counted_to..pos).unwrap_or_default().iter().filter(|&&b| b == b'\n').count();
            counted_to = pos;
        }
        line
    };
    // Open outlines: Some(name) for folders (outlines without a URL), None otherwise.
    let mut open: Vec<Option<String>> = Vec::new();
    let mut overflow = 0usize;
    let mut root_checked = false;
    loop {
        let start = reader.buffer_position();
        let event = match reader.read_event() {
            Ok(e) => e,
            Err(e) => {
                let l = line_at(reader.error_position());
                c.problem(l, format!("malformed XML: {e}"));
                break;
            }
        };
        let (e, empty) = match event {
            Event::Start(e) => (e, false),
            Event::Empty(e) => (e, true),
            Event::End(e) if e.local_name().as_ref() == "outline" => {
                if overflow > 0 {
                    overflow -= 1;
                } else {
                    open.pop();
                }
                continue;
            }
            Event::Eof => break,
            _ => continue,
        };
        if !root_checked {
            root_checked = true;
            if !e.local_name().as_ref().eq_ignore_ascii_case("opml") {
                c.problem(line_at(start), "not OPML: the root element is not <opml>".into());
                break;
            }
        }
        if e.local_name().as_ref() != "outline" {
            continue;
        }
        let name = attr(&e, "title").or_else(|| attr(&e, "text"));
        let raw = attr(&e, "xmlUrl").or_else(|| attr(&e, "htmlUrl")).or_else(|| attr(&e, "url"));
        let folder = if raw.is_none() { name.clone() } else { None };
        if let Some(raw) = raw {
            let l = line_at(start);
            match absolute_http(&raw) {
                Some(url) => {
                    let category = attr(&e, "category").or_else(|| open.iter().rev().flatten().next().cloned());
                    if !c.push(SourceSpec { url, name, category }, l) {
                        break;
                    }
                }
                None => c.problem(l, format!("not an http(s) URL: {}", raw.chars().take(80).collect::<String>())),
            }
        }
        if !empty {
            if open.len() < MAX_FOLDERS {
                open.push(folder);
            } else {
                overflow += 1;
            }
        }
    }
    (c.specs, c.problems)
}
