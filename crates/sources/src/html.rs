//! A linear scan for the start tags of an HTML page, with their attributes.
//! Feed discovery needs only `<base>` and `<link>`; a full HTML parser is
//! quadratic on deeply nested hostile pages, this is not.

/// A start tag: lowercase name and attributes (lowercase names, values with
/// the common character references decoded).
pub(crate) struct Tag {
    pub name: String,
    pub attrs: Vec<(String, String)>,
}

impl Tag {
    pub fn attr(&self, name: &str) -> Option<&str> {
        self.attrs.iter().find(|(k, _)| k == name).map(|(_, v)| v.as_str())
    }
}

/// Calls `f` on every start tag named in `wanted`, skipping comments and the
/// raw text of `script`, `style`, `textarea`, `title` and `template`.
pub(crate) fn scan_tags(html: &str, wanted: &[&str], mut f: impl FnMut(Tag)) {
    let b = html.as_bytes();
    let mut i = 0;
    while let Some(off) = b.get(i..).and_then(|rest| rest.iter().position(|&c| c == b'<')) {
        i += off + 1;
        if b.get(i..i + 3) == Some(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |j| j + 3);
            continue;
        }
        let name_end = b.get(i..).map_or(0, |r| r.iter().position(|c| !c.is_ascii_alphanumeric()).unwrap_or(r.len()));
        if name_end == 0 || !b.get(i).is_some_and(u8::is_ascii_alphabetic) {
            continue;
        }
        let name = String::from_utf8_lossy(b.get(i..i + name_end).unwrap_or_default()).to_ascii_lowercase();
        i += name_end;
        let (attrs, end) = attributes(b, i);
        i = end;
        if matches!(name.as_str(), "script" | "style" | "textarea" | "title" | "template") {
            let close = format!("</{name}");
            i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
        } else if wanted.contains(&name.as_str()) {
            f(Tag { name, attrs });
        }
    }
}

fn find(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(pat.len()).position(|w| w == pat).map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, pat: &[u8]) -> Option<usize> {
    b.get(from..)?.windows(pat.len()).position(|w| w.eq_ignore_ascii_case(pat)).map(|p| from + p)
}

/// Attributes from `i` to the end of the tag; returns them and the index after `>`.
fn attributes(b: &[u8], mut i: usize) -> (Vec<(String, String)>, usize) {
    let mut attrs = Vec::new();
    let at = |i: usize| b.get(i).copied();
    loop {
        while at(i).is_some_and(|c| c.is_ascii_whitespace() || c == b'/') {
            i += 1;
        }
        match at(i) {
            None => return (attrs, i),
            Some(b'>') => return (attrs, i + 1),
            _ => {}
        }
        let start = i;
        while at(i).is_some_and(|c| !c.is_ascii_whitespace() && !matches!(c, b'=' | b'>' | b'/')) {
            i += 1;
        }
        if i == start {
            i += 1;
            continue;
        }
        let key = String::from_utf8_lossy(b.get(start..i).unwrap_or_default()).to_ascii_lowercase();
        while at(i).is_some_and(|c| c.is_ascii_whitespace()) {
            i += 1;
        }
        let mut value = String::new();
        if at(i) == Some(b'=') {
            i += 1;
            while at(i).is_some_and(|c| c.is_ascii_whitespace()) {
                i += 1;
            }
            let (vs, ve, next) = match at(i) {
                Some(q @ (b'"' | b'\'')) => {
                    let end =
                        b.get(i + 1..).and_then(|r| r.iter().position(|&c| c == q)).map_or(b.len(), |p| i + 1 + p);
                    (i + 1, end, end + 1)
                }
                _ => {
                    let end = b
                        .get(i..)
                        .and_then(|r| r.iter().position(|c| c.is_ascii_whitespace() || *c == b'>'))
                        .map_or(b.len(), |p| i + p);
                    (i, end, end)
                }
            };
            value = decode_refs(&String::from_utf8_lossy(b.get(vs..ve).unwrap_or_default()));
            i = next;
        }
        // Bounded: a tag cannot hold more attributes than it has bytes, but keep few.
        if attrs.len() < 64 {
            attrs.push((key, value));
        }
    }
}

/// The character references that show up in URLs.
fn decode_refs(s: &str) -> String {
    if !s.contains('&') {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(p) = rest.find('&') {
        out.push_str(rest.get(..p).unwrap_or_default());
        rest = rest.get(p..).unwrap_or_default();
        let semi = rest.get(..rest.len().min(12)).and_then(|h| h.find(';'));
        let decoded = semi.and_then(|e| {
            let name = rest.get(1..e)?;
            let c = match name {
                "amp" => '&',
                "lt" => '<',
                "gt" => '>',
                "quot" => '"',
                "apos" => '\'',
                n if n.starts_with("#x") || n.starts_with("#X") => {
                    char::from_u32(u32::from_str_radix(n.get(2..)?, 16).ok()?)?
                }
                n if n.starts_with('#') => char::from_u32(n.get(1..)?.parse().ok()?)?,
                _ => return None,
            };
            Some((c, e + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = rest.get(len..).unwrap_or_default();
            }
            None => {
                out.push('&');
                rest = rest.get(1..).unwrap_or_default();
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tags(html: &str) -> Vec<(String, Vec<(String, String)>)> {
        let mut out = Vec::new();
        scan_tags(html, &["link", "base"], |t| out.push((t.name, t.attrs)));
        out
    }

    #[test]
    fn attributes_quoted_unquoted_bare() {
        let got = tags("<LINK Rel=alternate href='/a?x=1&amp;y=2' disabled type=\"t\"/><base href=/b>");
        assert_eq!(got.len(), 2);
        assert_eq!(
            got[0].1,
            [
                ("rel".into(), "alternate".into()),
                ("href".into(), "/a?x=1&y=2".into()),
                ("disabled".into(), String::new()),
                ("type".into(), "t".into())
            ]
        );
        assert_eq!(got[1].1, [("href".into(), "/b".into())]);
    }

    #[test]
    fn comments_and_raw_text_are_skipped() {
        let got = tags("<!-- <link href=a> --><script>var s = '<link href=b>';</script><title><link href=c></title><link href=d><link href=\"unterminated");
        let hrefs: Vec<_> = got.iter().map(|(_, a)| a[0].1.as_str()).collect();
        assert_eq!(hrefs, ["d", "unterminated"]);
    }
}
