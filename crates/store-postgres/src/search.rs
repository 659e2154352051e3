//! Full-text search in PostgreSQL, so that every worker's articles are
//! searchable from any machine. Each article's title (weight A) and body
//! (weight B) are analysed with the text search configuration of its
//! language (`ts_config`) into `search`, under a GIN index. A query of
//! newsdesk's language ([`newsdesk_index::QUERY_SYNTAX`], parsed by
//! [`parse_query`]) is translated once per configuration present in the
//! store and each translation is tried on that configuration's articles
//! only, as the embedded index does per language: a word is stemmed the
//! article's way, and a stop word of one language is dropped there (the
//! tsquery operators ignore an empty operand) while it still counts in
//! another. Ranking is `ts_rank` with the title weighted twice the body.
//! Chinese, Japanese, Korean and Thai runs are stored and queried as
//! overlapping character bigrams, as the embedded index splits them.
//!
//! Text inlined into the SQL is only ever letters and digits (query words
//! are split at anything else, as the embedded index splits them) or a
//! configuration name read from the server; filters go as parameters.

use std::borrow::Cow;

use newsdesk_index::{
    is_cjk, lead_snippet, marked_snippet, parse_query, Facets, Hit, QueryField, QueryTree, SearchRequest,
    SearchResults, Sort, TermKind,
};
use newsdesk_model::Article;
use newsdesk_store::{Result, StoreError};
use postgres::types::ToSql;

use crate::error::Context;
use crate::PgStore;

/// Languages with a text search configuration in PostgreSQL, by ISO 639-1
/// code; any other language is analysed by `simple` (no stemming).
const CONFIGS: &[(&str, &str)] = &[
    ("ar", "arabic"),
    ("hy", "armenian"),
    ("eu", "basque"),
    ("ca", "catalan"),
    ("da", "danish"),
    ("nl", "dutch"),
    ("en", "english"),
    ("fi", "finnish"),
    ("fr", "french"),
    ("de", "german"),
    ("el", "greek"),
    ("hi", "hindi"),
    ("hu", "hungarian"),
    ("id", "indonesian"),
    ("ga", "irish"),
    ("it", "italian"),
    ("lt", "lithuanian"),
    ("ne", "nepali"),
    ("no", "norwegian"),
    ("nb", "norwegian"),
    ("nn", "norwegian"),
    ("pt", "portuguese"),
    ("ro", "romanian"),
    ("ru", "russian"),
    ("sr", "serbian"),
    ("es", "spanish"),
    ("sv", "swedish"),
    ("ta", "tamil"),
    ("tr", "turkish"),
    ("yi", "yiddish"),
];

/// The body text analysed, at most this many bytes: a tsvector is limited
/// to 1 MB, and the first 100 kB of an article hold what a search needs.
const SEARCH_TEXT_BYTES: usize = 100_000;

/// Marks around matches in `ts_headline`'s output; control characters never
/// appear in stored article text.
const START: char = '\u{1}';
const STOP: char = '\u{2}';

/// The text search configuration for an article language.
fn ts_config(language: Option<&str>) -> &'static str {
    let code = language.map(base_language).unwrap_or_default();
    CONFIGS.iter().find(|(c, _)| *c == code).map_or("simple", |(_, name)| name)
}

/// The configurations of [`CONFIGS`] the server has (older servers lack
/// some), read once per connection.
#[derive(Debug, Default)]
pub(crate) struct Configs(std::collections::HashSet<String>);

impl Configs {
    pub(crate) fn read(client: &mut postgres::Client) -> Result<Configs> {
        let rows =
            client.query("SELECT cfgname::text FROM pg_ts_config", &[]).ctx(|| "text search configurations".into())?;
        Ok(Configs(rows.iter().map(|r| r.get(0)).collect()))
    }

    /// The configuration an article in `language` is analysed with.
    pub(crate) fn pick(&self, language: Option<&str>) -> &'static str {
        let name = ts_config(language);
        if self.0.contains(name) {
            name
        } else {
            "simple"
        }
    }
}

/// `en-GB` -> `en`.
fn base_language(code: &str) -> String {
    code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase()
}

/// The body as analysed for search: its first [`SEARCH_TEXT_BYTES`], CJK
/// runs as bigrams.
pub(crate) fn search_text(a: &Article) -> Cow<'_, str> {
    let text = a.text.as_str();
    let mut end = text.len().min(SEARCH_TEXT_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    cjk_bigrams(&text[..end])
}

/// Letters-and-digits runs of `text`, as the embedded index splits words:
/// runs of scripts written without spaces ([`is_cjk`]) become overlapping
/// bigrams, so that a query word of them is a phrase of bigrams.
fn words(text: &str) -> Vec<String> {
    plain_words(&cjk_bigrams(text))
}

/// Letters-and-digits runs, CJK runs whole: the words of a byline or an
/// outlet name as `to_tsvector('simple', ...)` splits them in a query.
fn plain_words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_lowercase).collect()
}

/// `text` with every run of [`is_cjk`] characters replaced by its
/// overlapping bigrams, space separated (`東京都` -> ` 東京 京都 `; a lone
/// character stays), as the embedded index's tokenizer splits them:
/// PostgreSQL's parser would make the whole run one word.
pub(crate) fn cjk_bigrams(text: &str) -> Cow<'_, str> {
    if !text.chars().any(is_cjk) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() * 2);
    let mut run: Vec<char> = Vec::new();
    let flush = |run: &mut Vec<char>, out: &mut String| {
        match run.len() {
            0 => return,
            1 => {
                out.push(' ');
                out.push(run[0]);
            }
            _ => {
                for pair in run.windows(2) {
                    out.push(' ');
                    out.push(pair[0]);
                    out.push(pair[1]);
                }
            }
        }
        out.push(' ');
        run.clear();
    };
    for c in text.chars() {
        if is_cjk(c) {
            run.push(c);
        } else {
            flush(&mut run, &mut out);
            out.push(c);
        }
    }
    flush(&mut run, &mut out);
    Cow::Owned(out)
}

/// A term as `to_tsquery` input: words joined as a phrase, the last one a
/// prefix for a prefix term, each labelled with `weight` (title: `A`).
fn term_text(kind: TermKind, text: &str, weight: &str) -> Option<String> {
    phrase(kind, words(text), weight)
}

fn phrase(kind: TermKind, w: Vec<String>, weight: &str) -> Option<String> {
    let last = w.len().checked_sub(1)?;
    let parts: Vec<String> = w
        .iter()
        .enumerate()
        .map(|(i, word)| {
            let star = if kind == TermKind::Prefix && i == last { "*" } else { "" };
            if star.is_empty() && weight.is_empty() {
                word.clone()
            } else {
                format!("{word}:{star}{weight}")
            }
        })
        .collect();
    Some(parts.join(" <-> "))
}

fn literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

fn is_text(field: Option<QueryField>) -> bool {
    matches!(field, None | Some(QueryField::Title))
}

/// The tsquery of the tree's title and body terms under configuration
/// `config`; other terms are left out (they are SQL conditions).
fn tsquery(tree: &QueryTree, config: &str) -> Option<String> {
    match tree {
        QueryTree::Term { field, kind, text } if is_text(*field) => {
            let weight = if *field == Some(QueryField::Title) { "A" } else { "" };
            term_text(*kind, text, weight).map(|t| format!("to_tsquery({}, {})", literal(config), literal(&t)))
        }
        QueryTree::Term { .. } => None,
        QueryTree::And(v) | QueryTree::Or(v) => {
            let op = if matches!(tree, QueryTree::And(_)) { " && " } else { " || " };
            let parts: Vec<String> = v.iter().filter_map(|n| tsquery(n, config)).collect();
            (!parts.is_empty()).then(|| format!("({})", parts.join(op)))
        }
        QueryTree::Not(n) => tsquery(n, config).map(|q| format!("(!! {q})")),
    }
}

fn only_text(tree: &QueryTree) -> bool {
    match tree {
        QueryTree::Term { field, .. } => is_text(*field),
        QueryTree::And(v) | QueryTree::Or(v) => v.iter().all(only_text),
        QueryTree::Not(n) => only_text(n),
    }
}

fn has_text(tree: &QueryTree) -> bool {
    match tree {
        QueryTree::Term { field, .. } => is_text(*field),
        QueryTree::And(v) | QueryTree::Or(v) => v.iter().any(has_text),
        QueryTree::Not(n) => has_text(n),
    }
}

/// The tree as an SQL condition for articles of configuration `config`.
fn condition(tree: &QueryTree, config: &str) -> String {
    if only_text(tree) {
        return match tsquery(tree, config) {
            Some(q) => format!("search @@ {q}"),
            None => "FALSE".into(),
        };
    }
    match tree {
        QueryTree::Term { field: Some(f), kind, text } if !is_text(Some(*f)) => match f {
            QueryField::Author | QueryField::Source => {
                let column = if *f == QueryField::Author { "authors" } else { "site_name" };
                match phrase(*kind, plain_words(text), "") {
                    Some(t) => format!(
                        "to_tsvector('simple', coalesce({column}, '')) @@ to_tsquery('simple', {})",
                        literal(&t)
                    ),
                    None => "FALSE".into(),
                }
            }
            QueryField::Lang => format!("language = {}", literal(&base_language(text))),
            _ => format!("upper(country) = {}", literal(&text.trim().to_ascii_uppercase())),
        },
        QueryTree::Term { .. } => condition_of_text(tree, config),
        QueryTree::And(v) => format!("({})", v.iter().map(|n| condition(n, config)).collect::<Vec<_>>().join(" AND ")),
        QueryTree::Or(v) => format!("({})", v.iter().map(|n| condition(n, config)).collect::<Vec<_>>().join(" OR ")),
        QueryTree::Not(n) => format!("NOT ({})", condition(n, config)),
    }
}

fn condition_of_text(tree: &QueryTree, config: &str) -> String {
    match tsquery(tree, config) {
        Some(q) => format!("search @@ {q}"),
        // Only stop words in this language: no condition here.
        None => "TRUE".into(),
    }
}

/// A query's WHERE clause and its parameters.
pub(crate) struct Plan {
    pub(crate) filter: String,
    params: Vec<Box<dyn ToSql + Sync>>,
    /// The ranking tsquery per configuration, as a CASE over `ts_config`.
    rank_query: Option<String>,
}

impl Plan {
    pub(crate) fn params(&self) -> Vec<&(dyn ToSql + Sync)> {
        self.params.iter().map(|p| &**p as &(dyn ToSql + Sync)).collect()
    }

    pub(crate) fn push(&mut self, value: impl ToSql + Sync + 'static) -> String {
        self.params.push(Box::new(value));
        format!("${}", self.params.len())
    }
}

impl PgStore {
    /// Searches the store's articles as [`newsdesk_index::ArticleIndex::search`]
    /// searches its index. A malformed query is an error naming the problem.
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let plan = self.plan(req)?;
        let mut c = self.conn()?;
        let total: i64 = c
            .query_one(&format!("SELECT count(*) FROM articles WHERE {}", plan.filter), &plan.params())
            .ctx(|| format!("search {:?}: count", req.query))?
            .get(0);
        let hits = if req.limit == 0 { Vec::new() } else { self.hits(&mut c, req, &plan)? };
        let facets = if req.facets { Some(facets(&mut c, &plan)?) } else { None };
        Ok(SearchResults { total: total.max(0) as u64, hits, facets })
    }

    /// The request's query and filters as SQL over `articles`.
    pub(crate) fn plan(&self, req: &SearchRequest) -> Result<Plan> {
        let tree =
            parse_query(&req.query).map_err(|e| StoreError::Backend { backend: "query", message: e.to_string() })?;
        let configs = self.configs_present()?;
        let mut plan = Plan { filter: String::new(), params: Vec::new(), rank_query: None };
        let mut clauses: Vec<String> = Vec::new();
        if let Some(tree) = &tree {
            if has_text(tree) {
                let per_config: Vec<String> = configs
                    .iter()
                    .map(|c| format!("(ts_config = {}::regconfig AND {})", literal(c), condition(tree, c)))
                    .collect();
                clauses.push(if per_config.is_empty() {
                    "FALSE".into()
                } else {
                    format!("({})", per_config.join(" OR "))
                });
                let arms: Vec<String> = configs
                    .iter()
                    .filter_map(|c| tsquery(tree, c).map(|q| format!("WHEN {} THEN {q}", literal(c))))
                    .collect();
                if !arms.is_empty() {
                    plan.rank_query = Some(format!("CASE ts_config::text {} END", arms.join(" ")));
                }
            } else {
                clauses.push(condition(tree, "simple"));
            }
        }
        if !req.sources.is_empty() {
            let keys: Vec<String> = req.sources.iter().map(|s| s.trim().to_lowercase()).collect();
            let p = plan.push(keys);
            clauses.push(format!("site_key = ANY({p})"));
        }
        if let Some(l) = &req.language {
            let p = plan.push(base_language(l));
            clauses.push(format!("language = {p}"));
        }
        if let Some(c) = &req.country {
            let p = plan.push(c.trim().to_ascii_uppercase());
            clauses.push(format!("upper(country) = {p}"));
        }
        if let Some(d) = req.from {
            let p = plan.push(d.format("%Y-%m-%d").to_string());
            clauses.push(format!("published_day >= {p}"));
        }
        if let Some(d) = req.to {
            let p = plan.push(d.format("%Y-%m-%d").to_string());
            clauses.push(format!("published_day <= {p}"));
        }
        plan.filter = if clauses.is_empty() { "TRUE".into() } else { clauses.join(" AND ") };
        Ok(plan)
    }

    pub(crate) fn hits(&self, c: &mut postgres::Client, req: &SearchRequest, plan: &Plan) -> Result<Vec<Hit>> {
        let rank = match (&plan.rank_query, req.sort) {
            (Some(q), Sort::Relevance) => format!("ts_rank('{{0.1, 0.2, 0.5, 1.0}}', search, {q})"),
            _ => "0::real".into(),
        };
        let order = match req.sort {
            Sort::Relevance => "rank DESC, published_ts DESC NULLS LAST, id",
            Sort::Newest => "published_ts DESC NULLS LAST, id",
        };
        let headline = match &plan.rank_query {
            Some(q) => format!(
                "ts_headline(h.ts_config, left(h.body, {SEARCH_TEXT_BYTES}), {}, 'StartSel={START}, StopSel={STOP}, \
                 MaxWords=35, MinWords=15, MaxFragments=1')",
                q.replace("ts_config", "h.ts_config")
            ),
            None => "NULL::text".into(),
        };
        let sql = format!(
            "SELECT h.id, h.title, h.site_name, h.published, h.rank, h.body, {headline}
             FROM (SELECT id, title, site_name, published, published_ts, ts_config,
                          article_json::json->>'text' AS body, {rank} AS rank
                   FROM articles WHERE {} ORDER BY {order} LIMIT {} OFFSET {}) h
             ORDER BY {}",
            plan.filter,
            req.limit,
            req.offset,
            order.replace("rank", "h.rank").replace("published_ts", "h.published_ts").replace(", id", ", h.id")
        );
        let rows = c.query(&sql, &plan.params()).ctx(|| format!("search {:?}", req.query))?;
        Ok(rows.iter().map(hit_of).collect())
    }

    /// The text search configurations of the stored articles, read along
    /// their index one value at a time (a loose index scan).
    fn configs_present(&self) -> Result<Vec<String>> {
        let rows = self
            .conn()?
            .query(
                "WITH RECURSIVE c AS (
                     (SELECT ts_config FROM articles ORDER BY ts_config LIMIT 1)
                     UNION ALL
                     SELECT (SELECT a.ts_config FROM articles a WHERE a.ts_config > c.ts_config
                             ORDER BY a.ts_config LIMIT 1)
                     FROM c WHERE c.ts_config IS NOT NULL)
                 SELECT ts_config::text FROM c WHERE ts_config IS NOT NULL",
                &[],
            )
            .ctx(|| "search: configurations".into())?;
        Ok(rows.iter().map(|r| r.get(0)).collect())
    }
}

/// A hit from a row of (id, title, site_name, published, rank, body, the
/// body with the matches marked or NULL).
pub(crate) fn hit_of(r: &postgres::Row) -> Hit {
    let body: Option<String> = r.get(5);
    let marked: Option<String> = r.get(6);
    let (snippet, snippet_html) = match marked {
        Some(m) if m.contains(START) => marked_snippet(&m, START, STOP),
        _ => lead_snippet(body.as_deref().unwrap_or("")),
    };
    Hit { id: r.get(0), title: r.get(1), source: r.get(2), published: r.get(3), score: r.get(4), snippet, snippet_html }
}

fn facets(c: &mut postgres::Client, plan: &Plan) -> Result<Facets> {
    let mut count = |column: &str, group: &str, order: &str| -> Result<Vec<(String, u64)>> {
        let rows = c
            .query(
                &format!(
                    "SELECT {column}, count(*) AS n FROM articles WHERE {} AND {group} IS NOT NULL
                     GROUP BY {group} ORDER BY {order}",
                    plan.filter
                ),
                &plan.params(),
            )
            .ctx(|| format!("search: facet {group}"))?;
        Ok(rows.iter().map(|r| (r.get(0), r.get::<_, i64>(1).max(0) as u64)).collect())
    };
    Ok(Facets {
        sources: count("min(site_name COLLATE \"C\")", "site_key", "n DESC, 1")?,
        languages: count("language", "language", "n DESC, 1")?,
        countries: count("country", "country", "n DESC, 1")?,
        days: count("published_day", "published_day", "1")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terms_become_tsquery_text_of_words_only() {
        assert_eq!(term_text(TermKind::Word, "Floods", "").as_deref(), Some("floods"));
        assert_eq!(term_text(TermKind::Word, "covid-19", "").as_deref(), Some("covid <-> 19"));
        assert_eq!(term_text(TermKind::Phrase, "red alert", "A").as_deref(), Some("red:A <-> alert:A"));
        assert_eq!(term_text(TermKind::Prefix, "heavy rai", "").as_deref(), Some("heavy <-> rai:*"));
        assert_eq!(term_text(TermKind::Word, "')--;", ""), None);
        assert_eq!(ts_config(Some("en-GB")), "english");
        assert_eq!(ts_config(Some("zh")), "simple");
        let server = Configs(["english".to_string(), "simple".to_string()].into());
        assert_eq!(server.pick(Some("en")), "english");
        assert_eq!(server.pick(Some("hy")), "simple");
    }

    #[test]
    fn cjk_runs_become_bigrams_in_text_and_queries() {
        assert_eq!(cjk_bigrams("東京都で"), " 東京 京都 都で ");
        assert_eq!(cjk_bigrams("in 東 town"), "in  東  town");
        assert!(matches!(cjk_bigrams("plain text"), Cow::Borrowed(_)));
        assert_eq!(term_text(TermKind::Word, "東京都", "A").as_deref(), Some("東京:A <-> 京都:A"));
        assert_eq!(plain_words("東京都 Shimbun"), ["東京都", "shimbun"], "bylines and outlets stay whole");
    }

    #[test]
    fn stop_words_are_dropped_per_configuration_not_for_the_whole_query() {
        let tree = parse_query("flood -storm title:alert").unwrap().unwrap();
        let q = tsquery(&tree, "english").unwrap();
        assert_eq!(
            q,
            "(to_tsquery('english', 'flood') && (!! to_tsquery('english', 'storm')) && to_tsquery('english', 'alert:A'))"
        );
        let mixed = parse_query("flood source:guardian").unwrap().unwrap();
        let sql = condition(&mixed, "english");
        assert!(sql.contains("search @@ to_tsquery('english', 'flood')"), "{sql}");
        assert!(sql.contains("to_tsquery('simple', 'guardian')"), "{sql}");
    }
}
