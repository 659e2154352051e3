use sha2::{Digest, Sha256};
use url::Url;

/// Query parameters that only track campaigns; they never change the page.
const TRACKING_PARAMS: &[&str] = &[
    "utm_source",
    "utm_medium",
    "utm_campaign",
    "utm_term",
    "utm_content",
    "utm_name",
    "fbclid",
    "gclid",
    "dclid",
    "mc_cid",
    "mc_eid",
    "ocid",
    "cmpid",
    "ito",
    "CMP",
    "ns_mchannel",
    "ns_source",
    "ns_campaign",
    "ns_linkname",
    "ns_fee",
    "rss",
    "rssfeed",
    "feedType",
    "ref",
    "ref_src",
    "smid",
    "taid",
    "guccounter",
];

/// Normalises a URL so that the same page reached through different links gets
/// the same id: lower-case scheme and host, no fragment, no default port, no
/// tracking parameters, no trailing `?`. Returns `None` for anything that is not
/// an absolute http(s) URL.
pub fn canonicalize_url(raw: &str) -> Option<String> {
    let mut url = Url::parse(raw.trim()).ok()?;
    if url.scheme() != "http" && url.scheme() != "https" {
        return None;
    }
    url.host_str()?;
    url.set_fragment(None);
    let kept: Vec<(String, String)> = url
        .query_pairs()
        .filter(|(k, _)| !TRACKING_PARAMS.iter().any(|t| t.eq_ignore_ascii_case(k)))
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    if kept.is_empty() {
        url.set_query(None);
    } else {
        url.query_pairs_mut().clear().extend_pairs(kept);
    }
    Some(url.to_string())
}

/// The stable article id: 16 hex digits of SHA-256 over the canonicalised URL,
/// or over title and text when there is no usable URL.
pub fn article_id(url: Option<&str>, title: &str, text: &str) -> String {
    let mut h = Sha256::new();
    match url.and_then(canonicalize_url) {
        Some(u) => {
            h.update(b"url\0");
            h.update(u.as_bytes());
        }
        None => {
            h.update(b"content\0");
            h.update(title.trim().as_bytes());
            h.update(b"\0");
            h.update(text.trim().as_bytes());
        }
    }
    let digest = h.finalize();
    digest[..8].iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_page_through_different_links_gets_one_id() {
        let a = article_id(Some("https://Example.com:443/news/a?utm_source=rss#top"), "", "");
        let b = article_id(Some("https://example.com/news/a"), "x", "y");
        assert_eq!(a, b);
        assert_eq!(a.len(), 16);
        assert_ne!(a, article_id(Some("https://example.com/news/b"), "", ""));
    }

    #[test]
    fn content_id_when_no_url() {
        assert_eq!(article_id(None, "T", "body"), article_id(Some("not a url"), "T", "body"));
        assert_ne!(article_id(None, "T", "body"), article_id(None, "T", "other"));
    }
}
