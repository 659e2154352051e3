//! JSON-LD (`<script type="application/ld+json">`): tolerant parsing and the
//! choice of the object that describes the article.

use std::collections::HashMap;
use std::sync::LazyLock;

use regex::Regex;
use serde_json::Value;

/// Types that describe the article itself, most specific first. The rank
/// decides between several objects on one page (a `WebPage` wrapping a
/// `NewsArticle` wrapping nothing else).
const ARTICLE_TYPES: &[&str] = &[
    "newsarticle",
    "reportagenewsarticle",
    "analysisnewsarticle",
    "opinionnewsarticle",
    "backgroundnewsarticle",
    "reviewnewsarticle",
    "askpublicnewsarticle",
    "article",
    "blogposting",
    "liveblogposting",
    "socialmediaposting",
    "report",
    "scholarlyarticle",
    "techarticle",
    "satiricalarticle",
    "advertisercontentarticle",
    "videoobject",
];
const PAGE_TYPES: &[&str] = &["webpage", "itempage", "collectionpage", "aboutpage", "qapage", "profilepage"];

/// Parses one script's text, repairing the mistakes CMSs commonly make:
/// comment or CDATA wrappers, raw control characters inside strings,
/// trailing commas, and several objects written one after another.
pub(crate) fn parse_script(text: &str) -> Vec<Value> {
    let t = strip_wrappers(text);
    if t.is_empty() {
        return Vec::new();
    }
    if let Ok(v) = serde_json::from_str::<Value>(t) {
        return vec![v];
    }
    let repaired = repair(t);
    let mut out = Vec::new();
    for v in serde_json::Deserializer::from_str(&repaired).into_iter::<Value>() {
        match v {
            Ok(v) => out.push(v),
            Err(_) => break,
        }
    }
    out
}

fn strip_wrappers(text: &str) -> &str {
    let mut t = text.trim();
    for p in ["<!--", "//<![CDATA[", "/*<![CDATA[*/", "<![CDATA["] {
        t = t.strip_prefix(p).unwrap_or(t).trim_start();
    }
    for s in ["-->", "//]]>", "/*]]>*/", "]]>", ";"] {
        t = t.strip_suffix(s).unwrap_or(t).trim_end();
    }
    t
}

static TRAILING_COMMA: LazyLock<Regex> = LazyLock::new(|| Regex::new(r",(\s*[}\]])").unwrap());

fn repair(t: &str) -> String {
    // Control characters are never valid raw inside JSON strings and are
    // plain white space outside them, so a space is right in both places.
    let cleaned: String = t.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    TRAILING_COMMA.replace_all(&cleaned, "$1").into_owned()
}

/// The `@type` of an object, lower-cased (the first of an array that is known).
fn types(v: &Value) -> Vec<String> {
    match v.get("@type") {
        Some(Value::String(s)) => vec![s.to_ascii_lowercase()],
        Some(Value::Array(a)) => a.iter().filter_map(Value::as_str).map(str::to_ascii_lowercase).collect(),
        _ => Vec::new(),
    }
}

/// How well an object describes an article: lower is better, `None` when it
/// does not describe one.
fn rank(v: &Value) -> Option<usize> {
    let ts = types(v);
    let strip = |t: &str| t.rsplit([':', '/']).next().unwrap_or(t).to_string();
    let ts: Vec<String> = ts.iter().map(|t| strip(t)).collect();
    if let Some(r) = ts.iter().filter_map(|t| ARTICLE_TYPES.iter().position(|a| a == t)).min() {
        return Some(r);
    }
    if ts.iter().any(|t| PAGE_TYPES.contains(&t.as_str())) {
        return Some(ARTICLE_TYPES.len());
    }
    None
}

/// Whether the object is a media object (a video) rather than a text
/// article: its `uploadDate` is when the clip was filed, often a teaser's.
pub(crate) fn is_media(v: &Value) -> bool {
    types(v).iter().any(|t| t.ends_with("videoobject") || t.ends_with("audioobject"))
}

/// Every JSON-LD object on the page, flattened out of arrays, `@graph` and
/// nesting (`mainEntity`, `itemListElement`...), with an `@id` index so
/// references like `"author": {"@id": "#jane"}` can be resolved.
pub(crate) struct Graph {
    pub objects: Vec<Value>,
    ids: HashMap<String, usize>,
}

impl Graph {
    pub(crate) fn new(roots: Vec<Value>) -> Self {
        let mut objects = Vec::new();
        // Explicit stack: serde_json limits nesting to 128 levels, but walking
        // it recursively here is not needed either.
        let mut stack: Vec<Value> = roots.into_iter().rev().collect();
        while let Some(v) = stack.pop() {
            if objects.len() > 500 {
                break;
            }
            match v {
                Value::Array(a) => stack.extend(a.into_iter().rev()),
                Value::Object(mut o) => {
                    if let Some(g) = o.remove("@graph") {
                        stack.push(g);
                    }
                    for key in ["mainEntity", "mainEntityOfPage", "hasPart", "itemListElement", "item"] {
                        if let Some(child) = o.get(key) {
                            if child.is_object() || child.is_array() {
                                stack.push(child.clone());
                            }
                        }
                    }
                    if !o.is_empty() {
                        objects.push(Value::Object(o));
                    }
                }
                _ => {}
            }
        }
        let mut ids = HashMap::new();
        for (i, o) in objects.iter().enumerate() {
            if let Some(id) = o.get("@id").and_then(Value::as_str) {
                // A bare reference ({"@id": ...} and nothing else) must not
                // shadow the full object it points to.
                if o.as_object().is_some_and(|m| m.len() > 1) {
                    ids.entry(id.to_string()).or_insert(i);
                }
            }
        }
        Graph { objects, ids }
    }

    /// The object that describes the article, best-ranked first in page order.
    pub(crate) fn article(&self) -> Option<&Value> {
        self.objects.iter().filter_map(|o| rank(o).map(|r| (r, o))).min_by_key(|(r, _)| *r).map(|(_, o)| o)
    }

    /// Follows an `{"@id": ...}` reference to the full object, if the page has it.
    pub(crate) fn resolve<'a>(&'a self, v: &'a Value) -> &'a Value {
        match v.as_object() {
            Some(o) if o.len() == 1 => {
                o.get("@id").and_then(Value::as_str).and_then(|id| self.ids.get(id)).map_or(v, |&i| &self.objects[i])
            }
            _ => v,
        }
    }

    /// The name of the first object of one of `wanted` types (e.g. the
    /// `WebSite` or `Organization`), for the site name.
    pub(crate) fn name_of_type(&self, wanted: &[&str]) -> Option<&str> {
        self.objects
            .iter()
            .find(|o| types(o).iter().any(|t| wanted.contains(&t.as_str())))
            .and_then(|o| o.get("name"))
            .and_then(Value::as_str)
    }
}

/// A string field, or the first string of an array of them.
pub(crate) fn str_field<'a>(v: &'a Value, key: &str) -> Option<&'a str> {
    match v.get(key)? {
        Value::String(s) => Some(s.as_str()),
        Value::Array(a) => a.iter().find_map(Value::as_str),
        Value::Object(o) => o.get("@value").and_then(Value::as_str),
        _ => None,
    }
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// A URL held as a string, an object (`url`, `@id`, `contentUrl`) or an array of either.
pub(crate) fn url_field<'a>(g: &'a Graph, v: &'a Value) -> Option<&'a str> {
    let v = g.resolve(v);
    match v {
        Value::String(s) => Some(s.as_str()),
        Value::Array(a) => a.iter().find_map(|x| url_field(g, x)),
        Value::Object(o) => ["url", "contentUrl", "@id"].iter().find_map(|k| o.get(*k).and_then(Value::as_str)),
        _ => None,
    }
    .map(str::trim)
    .filter(|s| !s.is_empty())
}

/// Author names as the JSON-LD gives them: a string, a `Person` (or a
/// reference to one), or an array of either. Organizations are skipped: an
/// outlet is not a byline.
pub(crate) fn authors(g: &Graph, v: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut stack = vec![v];
    while let Some(v) = stack.pop() {
        let v = g.resolve(v);
        match v {
            Value::String(s) => out.push(s.clone()),
            Value::Array(a) => stack.extend(a.iter().rev()),
            Value::Object(o) => {
                let t = types(v);
                if t.iter().any(|t| t == "organization" || t == "newsmediaorganization" || t == "corporation") {
                    continue;
                }
                if let Some(n) = o.get("name") {
                    match n {
                        Value::String(s) => out.push(s.clone()),
                        Value::Array(a) => out.extend(a.iter().filter_map(Value::as_str).map(str::to_string)),
                        _ => {}
                    }
                } else if let (Some(gn), Some(fam)) =
                    (o.get("givenName").and_then(Value::as_str), o.get("familyName").and_then(Value::as_str))
                {
                    out.push(format!("{gn} {fam}"));
                }
            }
            _ => {}
        }
        if out.len() > 20 {
            break;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tolerates_trailing_commas_and_control_characters() {
        let v = parse_script("<!--\n{\"@type\": \"NewsArticle\", \"headline\": \"A\tB\nC\",}\n-->");
        assert_eq!(v.len(), 1);
        assert_eq!(str_field(&v[0], "headline"), Some("A B C"));
    }

    #[test]
    fn finds_the_article_in_a_graph() {
        let v = parse_script(
            r##"{"@context":"https://schema.org","@graph":[{"@type":"WebSite","name":"Site"},
            {"@type":"WebPage","name":"page"},{"@type":["NewsArticle"],"headline":"H","author":{"@id":"#p"}},
            {"@type":"Person","@id":"#p","name":"Ada Lind"}]}"##,
        );
        let g = Graph::new(v);
        let a = g.article().unwrap();
        assert_eq!(str_field(a, "headline"), Some("H"));
        assert_eq!(authors(&g, a.get("author").unwrap()), vec!["Ada Lind"]);
        assert_eq!(g.name_of_type(&["website"]), Some("Site"));
    }
}
