//! Raw bytes to text: gzip by magic bytes with a cap, charset, and a look past
//! the XML prolog at the root element.

use std::borrow::Cow;
use std::io::Read;

use flate2::read::MultiGzDecoder;

use crate::{Result, SourceError, MAX_DECOMPRESSED_BYTES};

pub(crate) fn is_gzip(bytes: &[u8]) -> bool {
    bytes.starts_with(&[0x1f, 0x8b])
}

/// The body, decompressed when it starts with the gzip magic bytes. More than
/// [`MAX_DECOMPRESSED_BYTES`] out is an error, never an allocation.
pub(crate) fn gunzip(bytes: &[u8]) -> Result<Cow<'_, [u8]>> {
    if !is_gzip(bytes) {
        return Ok(Cow::Borrowed(bytes));
    }
    let limit = MAX_DECOMPRESSED_BYTES;
    let mut out = Vec::new();
    MultiGzDecoder::new(bytes).take(limit + 1).read_to_end(&mut out).map_err(|e| SourceError::Gzip(e.to_string()))?;
    if out.len() as u64 > limit {
        return Err(SourceError::TooLarge { limit });
    }
    Ok(Cow::Owned(out))
}

/// At most `n` bytes from the start of the (possibly gzipped) body; a
/// truncated or corrupt stream just gives what came out before the damage.
pub(crate) fn head(bytes: &[u8], n: usize) -> Cow<'_, [u8]> {
    if !is_gzip(bytes) {
        return Cow::Borrowed(bytes.get(..n).unwrap_or(bytes));
    }
    let mut out = Vec::new();
    let mut dec = MultiGzDecoder::new(bytes).take(n as u64);
    let mut buf = [0u8; 8192];
    loop {
        match dec.read(&mut buf) {
            Ok(0) | Err(_) => break,
            Ok(k) => out.extend_from_slice(buf.get(..k).unwrap_or_default()),
        }
    }
    Cow::Owned(out)
}

/// Text of an XML-ish or plain document: a BOM wins, then the `encoding` of
/// the XML declaration, else UTF-8 (invalid sequences replaced).
pub(crate) fn decode(bytes: &[u8]) -> Cow<'_, str> {
    let enc = declared_encoding(bytes).unwrap_or(encoding_rs::UTF_8);
    // `decode` sniffs a BOM first and strips it.
    enc.decode(bytes).0
}

fn declared_encoding(bytes: &[u8]) -> Option<&'static encoding_rs::Encoding> {
    let head = bytes.get(..bytes.len().min(256)).unwrap_or(bytes);
    let head = std::str::from_utf8(head)
        .unwrap_or_else(|e| std::str::from_utf8(head.get(..e.valid_up_to()).unwrap_or_default()).unwrap_or_default());
    let decl = head.trim_start_matches('\u{feff}').trim_start();
    let decl = decl.strip_prefix("<?xml")?;
    let decl = decl.get(..decl.find("?>")?)?;
    let rest = decl.get(decl.find("encoding")? + "encoding".len()..)?;
    let rest = rest.trim_start().strip_prefix('=')?.trim_start();
    let quote = rest.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let label = rest.get(1..)?;
    let label = label.get(..label.find(quote)?)?;
    let enc = encoding_rs::Encoding::for_label(label.trim().as_bytes())?;
    // A UTF-16 label on bytes we could read as ASCII is a lie; keep UTF-8.
    (enc.is_ascii_compatible()).then_some(enc)
}

/// What comes first after the BOM, XML declaration, processing instructions,
/// comments, doctype and whitespace.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Start<'a> {
    /// A start tag: its local name (prefix dropped) as written.
    Element(&'a str),
    /// `<!DOCTYPE html ...>`.
    HtmlDoctype,
    /// `{` or `[`: JSON.
    Json,
    /// Anything else (text, nothing, an unterminated construct).
    Other,
}

pub(crate) fn first_start(text: &str) -> Start<'_> {
    let mut s = text.trim_start_matches('\u{feff}');
    loop {
        s = s.trim_start();
        if s.starts_with('{') || s.starts_with('[') {
            return Start::Json;
        }
        let Some(after) = s.strip_prefix('<') else {
            return Start::Other;
        };
        let skip_to = |s: &'_ str, end: &str| s.find(end).map(|i| i + end.len());
        let next = if after.starts_with('?') {
            skip_to(s, "?>")
        } else if after.starts_with("!--") {
            skip_to(s, "-->")
        } else if after.get(..8).is_some_and(|d| d.eq_ignore_ascii_case("!doctype")) {
            let decl = after.get(8..).unwrap_or_default().trim_start();
            if decl.get(..4).is_some_and(|n| n.eq_ignore_ascii_case("html")) {
                return Start::HtmlDoctype;
            }
            // An internal subset holds `>` characters: skip past its `]` first.
            match (s.find('['), s.find('>')) {
                (Some(b), Some(g)) if b < g => s.get(b..).and_then(|t| skip_to(t, "]")).and_then(|i| {
                    let j = b + i;
                    s.get(j..).and_then(|t| skip_to(t, ">")).map(|k| j + k)
                }),
                (_, g) => g.map(|g| g + 1),
            }
        } else {
            let end = after.find(|c: char| c.is_whitespace() || c == '>' || c == '/').unwrap_or(after.len());
            let name = after.get(..end).unwrap_or_default();
            let local = name.rsplit(':').next().unwrap_or(name);
            return if local.is_empty() { Start::Other } else { Start::Element(local) };
        };
        match next.and_then(|i| s.get(i..)) {
            Some(rest) => s = rest,
            None => return Start::Other,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prolog_is_skipped() {
        let doc = "\u{feff}<?xml version=\"1.0\"?>\n<!-- a > b --><?xml-stylesheet href=\"x\"?>\n<!DOCTYPE x [<!ENTITY a \"<b>\">]>\n <ns:urlset xmlns:ns=\"x\">";
        assert_eq!(first_start(doc), Start::Element("urlset"));
        assert_eq!(first_start("<!doctype HTML><html>"), Start::HtmlDoctype);
        assert_eq!(first_start("  {\"a\":1}"), Start::Json);
        assert_eq!(first_start("<!-- never closed"), Start::Other);
        assert_eq!(first_start("hello"), Start::Other);
    }

    #[test]
    fn declared_latin1_is_decoded() {
        let bytes = b"<?xml version='1.0' encoding='ISO-8859-1'?><t>caf\xe9</t>";
        assert!(decode(bytes).contains("caf\u{e9}"));
        assert!(decode(b"\xff\xfe<\x00a\x00>\x00").starts_with("<a>"));
    }
}
