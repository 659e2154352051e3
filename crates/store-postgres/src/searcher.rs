//! The PostgreSQL store as an [`ArticleSearch`]: the server and the reading
//! commands search it in place, as they search the embedded index.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use newsdesk_index::{parse_query, ArticleSearch, DayPresence, Hit, IndexError, SearchRequest, SearchResults};
use newsdesk_store::StoreError;

use crate::search::hit_of;
use crate::store::PgStore;

/// Ids read per round trip while visiting every match.
const VISIT_CHUNK: i32 = 1000;

/// Terms of an article that "more like this" looks for in the others.
const SIMILAR_TERMS: i64 = 30;

fn index_error(e: StoreError) -> IndexError {
    IndexError::Backend { backend: "PostgreSQL", message: e.to_string() }
}

fn sql_error(what: &str, e: postgres::Error) -> IndexError {
    IndexError::Backend { backend: "PostgreSQL", message: format!("{what}: {e}") }
}

impl ArticleSearch for PgStore {
    fn search(&self, req: &SearchRequest) -> newsdesk_index::Result<SearchResults> {
        // A malformed query is the index's own error, as the embedded one gives.
        parse_query(&req.query)?;
        PgStore::search(self, req).map_err(index_error)
    }

    fn visit_matches(
        &self,
        req: &SearchRequest,
        visit: &mut dyn FnMut(&str) -> newsdesk_index::Result<bool>,
    ) -> newsdesk_index::Result<u64> {
        parse_query(&req.query)?;
        let plan = self.plan(req).map_err(index_error)?;
        let mut c = self.conn().map_err(index_error)?;
        // A portal in a transaction: all matches as of one snapshot, read a
        // chunk at a time.
        let mut tx = c.transaction().map_err(|e| sql_error("export: begin", e))?;
        let sql = format!("SELECT id FROM articles WHERE {} ORDER BY published_ts DESC NULLS LAST, id", plan.filter);
        let portal = tx.bind(sql.as_str(), &plan.params()).map_err(|e| sql_error("export: matches", e))?;
        let mut visited = 0;
        loop {
            let rows = tx.query_portal(&portal, VISIT_CHUNK).map_err(|e| sql_error("export: matches", e))?;
            if rows.is_empty() {
                return Ok(visited);
            }
            for r in &rows {
                let id: String = r.get(0);
                visited += 1;
                if !visit(&id)? {
                    return Ok(visited);
                }
            }
        }
    }

    /// The article's most frequent lexemes (title ones counted three
    /// times), at most [`SIMILAR_TERMS`], any of them matched in articles of
    /// the same text search configuration, ranked by `ts_rank`: the
    /// embedded index's "more like this" ranks by BM25, so the lists
    /// differ in order, not in kind.
    fn similar(&self, id: &str, limit: usize) -> newsdesk_index::Result<Vec<Hit>> {
        let mut c = self.conn().map_err(index_error)?;
        let exists =
            c.query_opt("SELECT 1 FROM articles WHERE id = $1", &[&id]).map_err(|e| sql_error("similar", e))?.is_some();
        if !exists {
            return Err(IndexError::UnknownId(id.to_string()));
        }
        if limit == 0 {
            return Ok(Vec::new());
        }
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let rows = c
            .query(
                "WITH me AS (SELECT id, ts_config, search FROM articles WHERE id = $1),
                 terms AS (
                     SELECT t.lexeme FROM me, unnest(me.search) AS t
                     WHERE length(t.lexeme) BETWEEN 2 AND 40
                     ORDER BY (CASE WHEN 'A' = ANY(t.weights) THEN 3 ELSE 1 END) * cardinality(t.positions) DESC,
                              t.lexeme
                     LIMIT $3),
                 q AS (SELECT string_agg(quote_literal(lexeme), ' | ')::tsquery AS q FROM terms)
                 SELECT a.id, a.title, a.site_name, a.published,
                        ts_rank('{0.1, 0.2, 0.5, 1.0}', a.search, q.q) AS rank,
                        a.article_json::json->>'text', NULL::text
                 FROM articles a, q, me
                 WHERE q.q IS NOT NULL AND a.search @@ q.q AND a.id <> me.id AND a.ts_config = me.ts_config
                 ORDER BY rank DESC, a.published_ts DESC NULLS LAST, a.id
                 LIMIT $2",
                &[&id, &limit, &SIMILAR_TERMS],
            )
            .map_err(|e| sql_error("similar", e))?;
        Ok(rows.iter().map(hit_of).collect())
    }

    fn presence_on(&self, days: &[NaiveDate]) -> newsdesk_index::Result<BTreeMap<NaiveDate, DayPresence>> {
        let wanted: Vec<String> = days.iter().map(|d| d.format("%Y-%m-%d").to_string()).collect();
        let rows = self
            .conn()
            .map_err(index_error)?
            .query(
                "SELECT published_day,
                        array_remove(array_agg(DISTINCT site_name), NULL),
                        array_remove(array_agg(DISTINCT country), NULL)
                 FROM articles WHERE published_day = ANY($1) GROUP BY published_day",
                &[&wanted],
            )
            .map_err(|e| sql_error("presence", e))?;
        let mut out = BTreeMap::new();
        for r in &rows {
            let day: String = r.get(0);
            let Ok(day) = NaiveDate::parse_from_str(&day, "%Y-%m-%d") else { continue };
            let sources: Vec<String> = r.get(1);
            let countries: Vec<String> = r.get(2);
            out.insert(
                day,
                DayPresence { sources: sources.into_iter().collect(), countries: countries.into_iter().collect() },
            );
        }
        Ok(out)
    }

    fn len(&self) -> newsdesk_index::Result<u64> {
        let n: i64 = self
            .conn()
            .map_err(index_error)?
            .query_one("SELECT count(*) FROM articles", &[])
            .map_err(|e| sql_error("count", e))?
            .get(0);
        Ok(n.max(0) as u64)
    }
}
