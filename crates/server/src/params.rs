//! Query-string parameters, repeated keys included (`?source=a&source=b`),
//! with errors that name the parameter and say what was expected.

use chrono::NaiveDate;

use crate::{Result, ServerError};

/// The decoded `name=value` pairs of a query string, in order.
#[derive(Debug, Default, Clone)]
pub(crate) struct Params(Vec<(String, String)>);

/// Handlers take the query string as `p: Params`.
impl<S: Send + Sync> axum::extract::FromRequestParts<S> for Params {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut axum::http::request::Parts, _: &S) -> Result<Params, Self::Rejection> {
        Ok(Params::parse(parts.uri.query()))
    }
}

impl Params {
    pub fn parse(raw: Option<&str>) -> Params {
        Params(raw.map(url_decode_pairs).unwrap_or_default())
    }

    /// The last non-empty value of `name`.
    pub fn get(&self, name: &str) -> Option<&str> {
        self.0.iter().rev().find(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim())
    }

    /// Every non-empty value of `name`.
    pub fn all(&self, name: &str) -> Vec<String> {
        self.0.iter().filter(|(k, v)| k == name && !v.trim().is_empty()).map(|(_, v)| v.trim().to_string()).collect()
    }

    pub fn usize(&self, name: &str, default: usize) -> Result<usize> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| ServerError::bad("bad_parameter", format!("{name}={v:?}: expected a whole number"))),
        }
    }

    /// A page size: `default` when absent, a 400 past `max`.
    pub fn limit(&self, default: usize, max: usize) -> Result<usize> {
        let n = self.usize("limit", default)?;
        if n > max {
            return Err(ServerError::bad("limit_too_large", format!("limit={n}: at most {max} per page")));
        }
        Ok(n)
    }

    pub fn date(&self, name: &str) -> Result<Option<NaiveDate>> {
        self.get(name)
            .map(|v| {
                NaiveDate::parse_from_str(v, "%Y-%m-%d")
                    .map_err(|_| ServerError::bad("bad_parameter", format!("{name}={v:?}: expected a date YYYY-MM-DD")))
            })
            .transpose()
    }
}

/// `application/x-www-form-urlencoded` pairs: `+` is a space, `%XX` a byte,
/// invalid UTF-8 replaced.
fn url_decode_pairs(query: &str) -> Vec<(String, String)> {
    query
        .split('&')
        .filter(|p| !p.is_empty())
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
            (decode(k), decode(v))
        })
        .collect()
}

fn decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                match std::str::from_utf8(&bytes[i + 1..i + 3]).ok().and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes `s` for a query-string value.
pub(crate) fn encode(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => out.push(b as char),
            b' ' => out.push('+'),
            _ => out.push_str(&format!("%{b:02X}")),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repeated_and_encoded_values() {
        let p = Params::parse(Some("q=%22rate+cut%22&source=BBC&source=Le%20Monde&limit=5&x=%zz&y=%4"));
        assert_eq!(p.get("q"), Some("\"rate cut\""));
        assert_eq!(p.all("source"), ["BBC", "Le Monde"]);
        assert_eq!(p.usize("limit", 10).unwrap(), 5);
        assert_eq!(p.get("x"), Some("%zz"));
        assert_eq!(p.get("y"), Some("%4"));
        assert!(p.limit(10, 3).is_err());
        assert!(Params::parse(Some("from=yesterday")).date("from").is_err());
        assert_eq!(decode(&encode("a b&c=d/é")), "a b&c=d/é");
    }
}
