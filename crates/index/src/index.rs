//! [`ArticleIndex`]: writing articles into the tantivy index and searching it.

use std::collections::{BTreeMap, HashMap};
use std::path::Path;

use chrono::{Datelike, NaiveDate};
use newsdesk_model::Article;
use serde::{Deserialize, Serialize};
use tantivy::collector::{Count, TopDocs};
use tantivy::directory::MmapDirectory;
use tantivy::query::{BooleanQuery, ConstScoreQuery, MoreLikeThisQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, OwnedValue, Value};
use tantivy::snippet::{Snippet, SnippetGenerator};
use tantivy::{
    DocAddress, Index, IndexReader, IndexWriter, Order, ReloadPolicy, Searcher, TantivyDocument, TantivyError, Term,
};

use crate::analysis::{self, normalize_lang, GROUPS};
use crate::facets::{FacetCollector, Facets};
use crate::known::KnownIds;
use crate::presence::{day_number, DayPresence, PresenceCollector};
use crate::query::{self, Analyzers};
use crate::schema::{Fields, TS};
use crate::segment::{tantivy_document, SegmentWorker};
use crate::{IndexError, Result};

/// tantivy's writer only indexes updates (see [`ArticleIndex::add`]), deletes,
/// merges and commits here; new articles are written by [`SegmentWorker`]s.
/// So it gets one thread and the least memory tantivy allows.
const WRITER_MEMORY: usize = 15_000_000;
/// Articles are buffered until this much text is pending, then written as
/// one segment per thread: large segments merge less.
const FLUSH_BYTES: usize = 256 << 20;
/// Fewer pending articles than this make one segment, not one per thread.
const MIN_PARALLEL: usize = 2_000;
/// At most this many segment-writing threads (each keeps its vocabularies).
const MAX_THREADS: usize = 8;
/// Snippet length in bytes of body text.
const SNIPPET_CHARS: usize = 200;

/// How results are ordered.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Sort {
    /// BM25 score, headline matches weighted double.
    #[default]
    Relevance,
    /// Published time, newest first; undated articles last.
    Newest,
}

impl std::str::FromStr for Sort {
    type Err = String;
    fn from_str(s: &str) -> std::result::Result<Sort, String> {
        match s.to_ascii_lowercase().as_str() {
            "relevance" => Ok(Sort::Relevance),
            "newest" => Ok(Sort::Newest),
            other => Err(format!("unknown sort {other:?} (expected relevance or newest)")),
        }
    }
}

/// A search: the query (see [`QUERY_SYNTAX`](crate::QUERY_SYNTAX)) and filters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SearchRequest {
    /// Query text; empty matches every article.
    pub query: String,
    /// Outlets, any of them; case-insensitive exact names. Empty: all.
    pub sources: Vec<String>,
    /// ISO 639-1 code (`en`, `en-GB` is read as `en`).
    pub language: Option<String>,
    /// ISO 3166-1 alpha-2 code, any case.
    pub country: Option<String>,
    /// First published day, inclusive (in the source's own time zone).
    pub from: Option<NaiveDate>,
    /// Last published day, inclusive.
    pub to: Option<NaiveDate>,
    pub sort: Sort,
    /// Hits to return (0: only `total` and facets).
    pub limit: usize,
    /// Hits to skip first, for paging.
    pub offset: usize,
    /// Whether to count facets over all matches.
    pub facets: bool,
}

impl Default for SearchRequest {
    fn default() -> Self {
        SearchRequest {
            query: String::new(),
            sources: Vec::new(),
            language: None,
            country: None,
            from: None,
            to: None,
            sort: Sort::Relevance,
            limit: 10,
            offset: 0,
            facets: false,
        }
    }
}

impl SearchRequest {
    /// A request for `query` with the defaults (relevance, 10 hits, no filters).
    pub fn new(query: impl Into<String>) -> SearchRequest {
        SearchRequest { query: query.into(), ..Default::default() }
    }
}

/// The answer to a search.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SearchResults {
    /// Number of matching articles (all of them, not just `hits`).
    pub total: u64,
    pub hits: Vec<Hit>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub facets: Option<Facets>,
}

/// One matching article.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Hit {
    pub id: String,
    pub title: Option<String>,
    pub source: Option<String>,
    /// As the article gave it (RFC 3339, local time or day).
    pub published: Option<String>,
    /// BM25 score (0 when sorted by newest, where no score is computed).
    pub score: f32,
    /// Body excerpt, matched words wrapped in `**` (Markdown bold); newlines
    /// become spaces; `…` marks a cut. The first ~200 characters when no
    /// query word is in the body.
    pub snippet: String,
    /// The same excerpt as HTML: text escaped, matches in `<b></b>`.
    pub snippet_html: String,
}

/// The full-text index of articles. One process at a time may open an index
/// directory (tantivy holds a writer lock).
pub struct ArticleIndex {
    fields: Fields,
    /// `None` when opened with [`open_reader`](Self::open_reader).
    writer: Option<IndexWriter>,
    reader: IndexReader,
    known: KnownIds,
    /// Articles added but not yet written to a segment, each id once, and
    /// where each id sits in it.
    pending: Vec<Article>,
    pending_at: HashMap<String, usize>,
    pending_bytes: usize,
    /// [`FLUSH_BYTES`], smaller in tests.
    flush_bytes: usize,
    workers: Vec<SegmentWorker>,
    watermark: Option<String>,
    path: String,
}

impl std::fmt::Debug for ArticleIndex {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ArticleIndex").field("path", &self.path).field("watermark", &self.watermark).finish()
    }
}

impl ArticleIndex {
    /// Opens the index in `dir`, creating the directory and an empty index
    /// when there is none.
    pub fn open(dir: &Path) -> Result<ArticleIndex> {
        let (index, fields, path) = Self::open_dir(dir)?;
        Self::with_index(index, fields, path, true)
    }

    /// Opens the index in `dir` for searching only, without the writer lock,
    /// so that another process may write it meanwhile (a server next to
    /// `ingest` or `watch`). Commits made by any process become visible
    /// shortly after (tantivy watches the index's meta file). Writes fail with
    /// [`IndexError::ReadOnly`]; an index that does not exist yet is created
    /// empty.
    pub fn open_reader(dir: &Path) -> Result<ArticleIndex> {
        let (index, fields, path) = Self::open_dir(dir)?;
        Self::with_index(index, fields, path, false)
    }

    /// The index in `dir` (created empty when there is none), its fields and
    /// its path for messages.
    fn open_dir(dir: &Path) -> Result<(Index, Fields, String)> {
        let path = dir.display().to_string();
        std::fs::create_dir_all(dir).map_err(|source| IndexError::Io { path: path.clone(), source })?;
        let fields = Fields::new();
        let directory = MmapDirectory::open(dir).map_err(|e| IndexError::Tantivy(e.into()))?;
        let index = Index::open_or_create(directory, fields.schema.clone()).map_err(|e| match e {
            TantivyError::SchemaError(message) => IndexError::Incompatible { path: path.clone(), message },
            other => IndexError::Tantivy(other),
        })?;
        Ok((index, fields, path))
    }

    fn writer(&mut self) -> Result<&mut IndexWriter> {
        self.writer.as_mut().ok_or_else(|| IndexError::ReadOnly(self.path.clone()))
    }

    /// An index in memory, for tests and evaluations.
    pub fn open_in_ram() -> Result<ArticleIndex> {
        let fields = Fields::new();
        let index = Index::create_in_ram(fields.schema.clone());
        Self::with_index(index, fields, "(memory)".into(), true)
    }

    /// With `write`, takes the writer lock and reloads on this handle's own
    /// commits; without, follows commits made by any process.
    fn with_index(mut index: Index, fields: Fields, path: String, write: bool) -> Result<ArticleIndex> {
        // Analyzers are code, not data: they must be registered on every open.
        analysis::register(index.tokenizers());
        // Segments are searched in parallel, one thread per core: a search
        // over many matches takes the time of its largest share, not the sum.
        index.set_default_multithread_executor()?;
        let writer = if write {
            Some(index.writer_with_num_threads(1, WRITER_MEMORY).map_err(|e| match e {
                TantivyError::LockFailure(err, msg) => {
                    IndexError::Locked { path: path.clone(), message: msg.unwrap_or_else(|| format!("{err:?}")) }
                }
                other => IndexError::Tantivy(other),
            })?)
        } else {
            None
        };
        let policy = if write { ReloadPolicy::Manual } else { ReloadPolicy::OnCommitWithDelay };
        let reader = index.reader_builder().reload_policy(policy).try_into()?;
        let watermark = index.load_metas()?.payload;
        Ok(ArticleIndex {
            fields,
            writer,
            reader,
            known: KnownIds::default(),
            pending: Vec::new(),
            pending_at: HashMap::new(),
            pending_bytes: 0,
            flush_bytes: FLUSH_BYTES,
            workers: Vec::new(),
            watermark,
            path,
        })
    }

    /// Adds articles, replacing any indexed article with the same id (also
    /// within `articles`: the last one wins). Not searchable until [`commit`](Self::commit).
    pub fn add<'a>(&mut self, articles: impl IntoIterator<Item = &'a Article>) -> Result<()> {
        let searcher = self.reader.searcher();
        for a in articles {
            if let Some(&at) = self.pending_at.get(&a.id) {
                self.pending_bytes -= self.pending[at].text.len();
                self.pending_bytes += a.text.len();
                self.pending[at] = a.clone();
                continue;
            }
            let writer = self.writer.as_ref().ok_or_else(|| IndexError::ReadOnly(self.path.clone()))?;
            // Only ids the index may hold need a delete (deletes are costly
            // at commit). Such an update goes through tantivy's own writer,
            // where a delete applies to the documents added before it only:
            // a segment handed over with `add_segment` would also lose its
            // documents to any delete not yet flushed from tantivy's queue.
            if self.known.needs_delete(&searcher, self.fields.id, &a.id)? {
                writer.delete_term(Term::from_field_text(self.fields.id, &a.id));
                writer.add_document(tantivy_document(&self.fields, a))?;
                continue;
            }
            self.pending_at.insert(a.id.clone(), self.pending.len());
            self.pending_bytes += a.text.len();
            self.pending.push(a.clone());
            if self.pending_bytes >= self.flush_bytes {
                self.flush()?;
            }
        }
        Ok(())
    }

    /// Writes the pending articles as new segments, in parallel, and hands
    /// them to tantivy's writer (which merges them and commits them with
    /// the next commit).
    fn flush(&mut self) -> Result<()> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let pending = std::mem::take(&mut self.pending);
        self.pending_at.clear();
        self.pending_bytes = 0;
        let writer = self.writer.as_ref().ok_or_else(|| IndexError::ReadOnly(self.path.clone()))?;
        let index = writer.index();
        let threads = if pending.len() < MIN_PARALLEL {
            1
        } else {
            std::thread::available_parallelism().map_or(2, |n| n.get()).min(MAX_THREADS)
        };
        while self.workers.len() < threads {
            self.workers.push(SegmentWorker::new(index, &self.fields)?);
        }
        let articles: Vec<&Article> = pending.iter().collect();
        let fields = &self.fields;
        let written: Vec<tantivy::Result<tantivy::Segment>> = std::thread::scope(|scope| {
            let running: Vec<_> = self
                .workers
                .iter_mut()
                .zip(articles.chunks(articles.len().div_ceil(threads)))
                .map(|(worker, part)| {
                    let segment = writer.new_segment();
                    scope.spawn(move || worker.write(index, fields, segment, part))
                })
                .collect();
            running
                .into_iter()
                .map(|r| {
                    r.join()
                        .unwrap_or_else(|_| Err(TantivyError::ErrorInThread("a segment writer thread panicked".into())))
                })
                .collect()
        });
        for segment in written {
            writer.add_segment(segment?.meta().clone())?;
        }
        Ok(())
    }

    /// Makes everything added since the last commit durable and searchable,
    /// and records `watermark` with it (`None` records none). Store the
    /// position your feed reached: after a crash, [`watermark`](Self::watermark)
    /// tells where to resume.
    pub fn commit(&mut self, watermark: Option<&str>) -> Result<()> {
        self.flush()?;
        let mut prepared = self.writer()?.prepare_commit()?;
        if let Some(w) = watermark {
            prepared.set_payload(w);
        }
        prepared.commit()?;
        self.reader.reload()?;
        self.known.committed();
        self.watermark = watermark.map(str::to_string);
        Ok(())
    }

    /// The watermark of the last commit, as given to [`commit`](Self::commit).
    pub fn watermark(&self) -> Option<String> {
        self.watermark.clone()
    }

    /// Deletes every article (effective at the next commit), for a rebuild.
    pub fn clear(&mut self) -> Result<()> {
        let writer = self.writer()?;
        // Uncommitted work first: tantivy's delete-all spares documents still
        // in its indexing queue, and a queued delete would reach segments
        // added after the clear.
        writer.rollback()?;
        writer.delete_all_documents()?;
        self.pending.clear();
        self.pending_at.clear();
        self.pending_bytes = 0;
        self.known.cleared();
        Ok(())
    }

    /// Picks up commits made since the last look (by this or another
    /// process) now rather than when the file watcher notices them.
    pub fn refresh(&self) -> Result<()> {
        self.reader.reload()?;
        Ok(())
    }

    /// Number of committed articles.
    pub fn len(&self) -> u64 {
        self.reader.searcher().num_docs()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Which language groups have articles: queries skip the rest.
    fn present_groups(&self, searcher: &Searcher) -> Result<Vec<bool>> {
        GROUPS.iter().map(|g| Ok(searcher.doc_freq(&Term::from_field_text(self.fields.group, g.code))? > 0)).collect()
    }

    /// Runs a search. Malformed queries give [`IndexError::Query`].
    pub fn search(&self, req: &SearchRequest) -> Result<SearchResults> {
        let parsed = query::parse(&req.query)?;
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let mut an = Analyzers::new();
        let present = self.present_groups(&searcher)?;
        let main = parsed.to_query(f, &mut an, &present);

        let query = self.filtered(&*main, req, &mut an);

        let facets = req.facets.then_some(FacetCollector);
        let (top, total, facet_counts): (Vec<(f32, DocAddress)>, usize, _) = match req.sort {
            Sort::Relevance => {
                let top =
                    (req.limit > 0).then(|| TopDocs::with_limit(req.limit).and_offset(req.offset).order_by_score());
                let (top, total, facets) = searcher.search(&*query, &(top, Count, facets))?;
                (top.unwrap_or_default(), total, facets)
            }
            Sort::Newest => {
                let top = (req.limit > 0).then(|| {
                    TopDocs::with_limit(req.limit).and_offset(req.offset).order_by_fast_field::<i64>(TS, Order::Desc)
                });
                let (top, total, facets) = searcher.search(&*query, &(top, Count, facets))?;
                (top.unwrap_or_default().into_iter().map(|(_, addr)| (0.0, addr)).collect(), total, facets)
            }
        };

        let mut snippets = Snippets::new(&searcher, &*main, parsed.prefixes());
        let hits = top
            .into_iter()
            .map(|(score, addr)| self.hit(&searcher, addr, score, &mut snippets))
            .collect::<Result<_>>()?;
        Ok(SearchResults { total: total as u64, hits, facets: facet_counts.map(|c| c.into_facets()) })
    }

    /// Which outlets and countries published on each of `days`, for the
    /// days with any article, in one pass over the articles of those days'
    /// span (a search per day would cost the per-segment set-up of facets
    /// once for each).
    pub fn presence_on(&self, days: &[NaiveDate]) -> Result<BTreeMap<NaiveDate, DayPresence>> {
        let mut wanted: Vec<i64> = days.iter().map(|&d| day_number(d)).collect();
        wanted.sort_unstable();
        wanted.dedup();
        let (Some(&first), Some(&last)) = (wanted.first(), wanted.last()) else { return Ok(BTreeMap::new()) };
        let searcher = self.reader.searcher();
        // A run of days is one range; days spread over a long span are
        // looked up each, so the days between them are never read.
        let query: Box<dyn Query> = if last - first + 1 == wanted.len() as i64 {
            query::day_range(self.fields.day, Some(first), Some(last))
        } else {
            let any = wanted
                .iter()
                .map(|&d| {
                    let term = Term::from_field_i64(self.fields.day, d);
                    (Occur::Should, Box::new(TermQuery::new(term, IndexRecordOption::Basic)) as Box<dyn Query>)
                })
                .collect();
            Box::new(BooleanQuery::new(any))
        };
        let found = searcher.search(&*query, &PresenceCollector { days: wanted })?;
        Ok(found
            .into_iter()
            .filter_map(|(n, p)| Some((NaiveDate::from_num_days_from_ce_opt(i32::try_from(n).ok()?)?, p)))
            .collect())
    }

    /// `main` restricted by the request's filters (sources, language,
    /// country, days).
    fn filtered(&self, main: &dyn Query, req: &SearchRequest, an: &mut Analyzers) -> Box<dyn Query> {
        let f = &self.fields;
        // Filters match or not; a zero constant score keeps them out of ranking.
        let mut filters: Vec<Box<dyn Query>> = Vec::new();
        let exact = |an: &mut Analyzers, field, value: &str| -> Box<dyn Query> {
            Box::new(TermQuery::new(Term::from_field_text(field, &an.exact(value)), IndexRecordOption::Basic))
        };
        let sources: Vec<&String> = req.sources.iter().filter(|s| !s.trim().is_empty()).collect();
        if !sources.is_empty() {
            let any: Vec<(Occur, Box<dyn Query>)> =
                sources.iter().map(|s| (Occur::Should, exact(an, f.source, s))).collect();
            filters.push(Box::new(BooleanQuery::new(any)));
        }
        if let Some(l) = req.language.as_deref().and_then(normalize_lang) {
            filters.push(exact(an, f.lang, &l));
        }
        if let Some(c) = req.country.as_deref().filter(|c| !c.trim().is_empty()) {
            filters.push(exact(an, f.country, c));
        }
        if req.from.is_some() || req.to.is_some() {
            let day = |d: NaiveDate| i64::from(d.num_days_from_ce());
            filters.push(query::day_range(f.day, req.from.map(day), req.to.map(day)));
        }
        if filters.is_empty() {
            main.box_clone()
        } else {
            let mut clauses = vec![(Occur::Must, main.box_clone())];
            clauses.extend(filters.into_iter().map(|q| (Occur::Must, Box::new(ConstScoreQuery::new(q, 0.0)) as _)));
            Box::new(BooleanQuery::new(clauses))
        }
    }

    /// Calls `visit` with the id of every article matching `req` (its
    /// query and filters; `sort`, `limit`, `offset` and `facets` are
    /// ignored), newest first, undated last, without a cap: for exports.
    /// All matches are seen as of one commit. `visit` returns `false` to
    /// stop early. Returns how many ids were visited.
    pub fn visit_matches(&self, req: &SearchRequest, visit: &mut dyn FnMut(&str) -> Result<bool>) -> Result<u64> {
        let parsed = query::parse(&req.query)?;
        let searcher = self.reader.searcher();
        let mut an = Analyzers::new();
        let present = self.present_groups(&searcher)?;
        let main = parsed.to_query(&self.fields, &mut an, &present);
        let query = self.filtered(&*main, req, &mut an);
        // Only (timestamp, address) pairs are held: 16 bytes a match.
        let matches = searcher.search(&*query, &crate::matches::NewestMatches)?;
        let mut visited = 0;
        for (_, addr) in matches {
            let doc: TantivyDocument = searcher.doc(addr)?;
            let Some(id) = doc.get_first(self.fields.id).and_then(|v| v.as_str()) else { continue };
            visited += 1;
            if !visit(id)? {
                break;
            }
        }
        Ok(visited)
    }

    fn group_of_doc(&self, doc: &TantivyDocument) -> usize {
        let code = doc.get_first(self.fields.group).and_then(|v| v.as_str());
        GROUPS.iter().position(|g| Some(g.code) == code).unwrap_or(analysis::INTL)
    }

    fn hit(&self, searcher: &Searcher, addr: DocAddress, score: f32, snippets: &mut Snippets) -> Result<Hit> {
        let f = &self.fields;
        let doc: TantivyDocument = searcher.doc(addr)?;
        let text_of = |field| doc.get_first(field).and_then(|v| v.as_str()).map(str::to_string);
        let g = self.group_of_doc(&doc);
        let body = doc.get_first(f.body).and_then(|v| v.as_str()).unwrap_or("");
        let (snippet, snippet_html) = snippets.render(g, f.all[g], body)?;
        Ok(Hit {
            id: text_of(f.id).unwrap_or_default(),
            title: text_of(f.title[g]),
            source: text_of(f.source),
            published: text_of(f.published),
            score,
            snippet,
            snippet_html,
        })
    }

    /// Articles lexically like `id` (same language), best first, without
    /// `id` itself. [`IndexError::UnknownId`] when `id` is not indexed.
    pub fn similar(&self, id: &str, limit: usize) -> Result<Vec<Hit>> {
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let by_id = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let found = searcher.search(&by_id, &TopDocs::with_limit(1).order_by_score())?;
        let Some(&(_, addr)) = found.first() else { return Err(IndexError::UnknownId(id.to_string())) };
        if limit == 0 {
            return Ok(Vec::new());
        }
        let doc: TantivyDocument = searcher.doc(addr)?;
        let g = self.group_of_doc(&doc);
        let mut values = Vec::new();
        for (from, to) in [(f.title[g], f.title[g]), (f.body, f.all[g])] {
            if let Some(s) = doc.get_first(from).and_then(|v| v.as_str()) {
                values.push((to, vec![OwnedValue::Str(s.to_string())]));
            }
        }
        // Terms must occur in at least one other article (df >= 2) to be of
        // any use; news bodies are short, so a term counts from its first
        // occurrence. The title's terms go against the title field, where a
        // match says "same story" more strongly than in the body.
        let mlt = MoreLikeThisQuery::builder()
            .with_min_doc_frequency(2)
            .with_min_term_frequency(1)
            .with_max_query_terms(40)
            .with_min_word_length(2)
            .with_max_word_length(40)
            .with_document_fields(values);
        let query = BooleanQuery::new(vec![
            (Occur::Must, Box::new(mlt)),
            (Occur::MustNot, Box::new(crate::guard::GuardQuery(Box::new(by_id)))),
        ]);
        let top = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut snippets = Snippets::none(&searcher);
        top.into_iter().map(|(score, addr)| self.hit(&searcher, addr, score, &mut snippets)).collect()
    }
}

/// Snippet generators, one per language group met among the hits (each
/// knows the query terms of its group's body field).
struct Snippets<'a> {
    searcher: &'a Searcher,
    query: Option<&'a dyn Query>,
    /// Prefix words of the query (`evacu*`), whose expansions the query's
    /// terms do not list.
    prefixes: Vec<String>,
    generators: HashMap<usize, SnippetGenerator>,
}

/// Indexed words one prefix may light up in a snippet.
const MAX_HIGHLIGHT_EXPANSIONS: usize = 50;

/// Terms of `field` starting with `prefix`, from every segment, at most
/// [`MAX_HIGHLIGHT_EXPANSIONS`].
fn expansions(searcher: &Searcher, field: tantivy::schema::Field, prefix: &str) -> Result<Vec<String>> {
    let mut out = std::collections::BTreeSet::new();
    for segment in searcher.segment_readers() {
        let inverted = segment.inverted_index(field)?;
        let mut terms =
            inverted.terms().range().ge(prefix.as_bytes()).into_stream().map_err(tantivy::TantivyError::from)?;
        while out.len() < MAX_HIGHLIGHT_EXPANSIONS && terms.advance() {
            match std::str::from_utf8(terms.key()) {
                Ok(t) if t.starts_with(prefix) => {
                    out.insert(t.to_string());
                }
                _ => break,
            }
        }
    }
    Ok(out.into_iter().collect())
}

impl<'a> Snippets<'a> {
    fn new(searcher: &'a Searcher, query: &'a dyn Query, prefixes: Vec<String>) -> Snippets<'a> {
        Snippets { searcher, query: Some(query), prefixes, generators: HashMap::new() }
    }

    fn none(searcher: &'a Searcher) -> Snippets<'a> {
        Snippets { searcher, query: None, prefixes: Vec::new(), generators: HashMap::new() }
    }

    /// The query's terms in `field` with the weights tantivy's generator
    /// gives them (rarer terms weigh more), plus the words each prefix
    /// expands to.
    fn generator(&self, group: usize, field: tantivy::schema::Field) -> Result<SnippetGenerator> {
        let mut query_terms = Vec::new();
        if let Some(q) = self.query {
            q.query_terms(&mut |t, _| {
                if t.field() == field {
                    query_terms.push(t.clone());
                }
            });
        }
        if !self.prefixes.is_empty() {
            let mut analyzers = query::Analyzers::new();
            for prefix in &self.prefixes {
                if let Some(p) = analyzers.prefix_term(group, prefix) {
                    for t in expansions(self.searcher, field, &p)? {
                        query_terms.push(Term::from_field_text(field, &t));
                    }
                }
            }
        }
        let mut weights = std::collections::BTreeMap::new();
        for t in &query_terms {
            if let Some(text) = t.value().as_str() {
                let df = self.searcher.doc_freq(t)?;
                if df > 0 {
                    weights.insert(text.to_string(), 1.0 / (1.0 + df as f32));
                }
            }
        }
        let tokenizer = self.searcher.index().tokenizer_for_field(field)?;
        Ok(SnippetGenerator::new(weights, tokenizer, field, SNIPPET_CHARS))
    }

    fn render(&mut self, group: usize, field: tantivy::schema::Field, body: &str) -> Result<(String, String)> {
        if self.query.is_some() {
            if !self.generators.contains_key(&group) {
                let g = self.generator(group, field)?;
                self.generators.insert(group, g);
            }
            let generator = &self.generators[&group];
            let snippet = generator.snippet(body);
            if !snippet.highlighted().is_empty() {
                return Ok(format_snippet(&snippet, body.len()));
            }
        }
        Ok(lead_snippet(body))
    }
}

/// Merges overlapping highlight ranges (CJK bigrams overlap by a character).
fn merged(ranges: &[std::ops::Range<usize>]) -> Vec<std::ops::Range<usize>> {
    let mut v: Vec<_> = ranges.to_vec();
    v.sort_by_key(|r| r.start);
    let mut out: Vec<std::ops::Range<usize>> = Vec::with_capacity(v.len());
    for r in v {
        match out.last_mut() {
            Some(last) if r.start <= last.end => last.end = last.end.max(r.end),
            _ => out.push(r),
        }
    }
    out
}

fn format_snippet(snippet: &Snippet, body_len: usize) -> (String, String) {
    let frag = snippet.fragment();
    let range = snippet.fragment_range();
    let (mut plain, mut html) = (String::new(), String::new());
    if range.start > 0 {
        plain.push('…');
        html.push('…');
    }
    let mut at = 0;
    for r in merged(snippet.highlighted()) {
        push_text(&mut plain, &mut html, &frag[at..r.start]);
        plain.push_str("**");
        html.push_str("<b>");
        push_text(&mut plain, &mut html, &frag[r.clone()]);
        plain.push_str("**");
        html.push_str("</b>");
        at = r.end;
    }
    push_text(&mut plain, &mut html, &frag[at..]);
    if range.end < body_len {
        plain.push('…');
        html.push('…');
    }
    (plain, html)
}

/// Appends `s` to both renderings: whitespace runs as one space, HTML escaped.
fn push_text(plain: &mut String, html: &mut String, s: &str) {
    for c in s.chars() {
        let c = if c.is_whitespace() { ' ' } else { c };
        if c == ' ' && plain.ends_with(' ') {
            continue;
        }
        plain.push(c);
        match c {
            '<' => html.push_str("&lt;"),
            '>' => html.push_str("&gt;"),
            '&' => html.push_str("&amp;"),
            '"' => html.push_str("&quot;"),
            '\'' => html.push_str("&#39;"),
            c => html.push(c),
        }
    }
}

/// A snippet whose matches another engine marked (PostgreSQL's
/// `ts_headline`) between `start` and `stop`, in both renderings: `**`
/// around matches in the plain one, `<b></b>` in the escaped HTML one.
pub fn marked_snippet(marked: &str, start: char, stop: char) -> (String, String) {
    let (mut plain, mut html) = (String::new(), String::new());
    let mut rest = marked.trim();
    while let Some(i) = rest.find(start) {
        push_text(&mut plain, &mut html, &rest[..i]);
        let after = &rest[i + start.len_utf8()..];
        let end = after.find(stop).unwrap_or(after.len());
        let (mut p, mut h) = (String::new(), String::new());
        push_text(&mut p, &mut h, &after[..end]);
        plain.push_str(&format!("**{p}**"));
        html.push_str(&format!("<b>{h}</b>"));
        rest = after.get(end + stop.len_utf8()..).unwrap_or("");
    }
    push_text(&mut plain, &mut html, rest);
    (plain, html)
}

/// The start of `body` as a snippet where no query word is in it: about 200
/// characters, cut at a space, whitespace folded, and its escaped HTML twin.
pub fn lead_snippet(body: &str) -> (String, String) {
    let body = body.trim();
    let cut = body.char_indices().nth(SNIPPET_CHARS).map(|(i, _)| i);
    let (mut plain, mut html) = (String::new(), String::new());
    match cut {
        None => push_text(&mut plain, &mut html, body),
        Some(i) => {
            let head = &body[..i];
            // Back up to a word boundary unless that loses too much (CJK has no spaces).
            let head = match head.rfind(char::is_whitespace) {
                Some(sp) if sp > i / 2 => &head[..sp],
                _ => head,
            };
            push_text(&mut plain, &mut html, head.trim_end());
            plain.push('…');
            html.push('…');
        }
    }
    (plain, html)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, text: &str) -> Article {
        let mut a = Article::new(id.into());
        a.title = Some(format!("Title of {id}"));
        a.text = text.into();
        a.language = Some("en".into());
        a
    }

    fn ids(ix: &ArticleIndex, q: &str) -> Vec<String> {
        let mut found: Vec<String> =
            ix.search(&SearchRequest::new(q)).unwrap().hits.into_iter().map(|h| h.id).collect();
        found.sort();
        found
    }

    /// Regression: a segment handed to tantivy after a delete was queued lost
    /// its new version of the deleted id. Every article is flushed to its own
    /// segment here, updates interleaved with new articles before a commit.
    #[test]
    fn updates_between_flushes_keep_the_last_version_once() {
        let mut ix = ArticleIndex::open_in_ram().unwrap();
        ix.flush_bytes = 1;
        ix.add(&[article("a", "apples"), article("b", "bananas")]).unwrap();
        ix.add(&[article("a", "cherries"), article("c", "dates")]).unwrap();
        ix.add(&[article("a", "elderberries"), article("b", "figs")]).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 3);
        assert_eq!(ids(&ix, "elderberries"), ["a"]);
        assert_eq!(ids(&ix, "figs"), ["b"]);
        assert!(ids(&ix, "apples OR cherries OR bananas").is_empty());

        // After a commit: pending updates of committed articles, buffered
        // (not flushed) new ones, and a new article updated while buffered.
        ix.flush_bytes = usize::MAX;
        ix.add(&[article("b", "grapes"), article("d", "honeydew"), article("d", "kiwis"), article("a", "lemons")])
            .unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 4);
        assert_eq!(ids(&ix, "grapes OR kiwis OR lemons OR dates"), ["a", "b", "c", "d"]);
        assert!(ids(&ix, "honeydew OR figs OR elderberries").is_empty());
    }

    /// Regression: a clear spared an update still in tantivy's queue, and a
    /// delete queued before it could reach the articles added after it.
    #[test]
    fn clear_after_an_update_keeps_what_is_added_next() {
        let mut ix = ArticleIndex::open_in_ram().unwrap();
        ix.add(&[article("a", "apples"), article("b", "bananas")]).unwrap();
        ix.commit(None).unwrap();
        ix.add(&[article("a", "cherries")]).unwrap();
        ix.clear().unwrap();
        ix.add(&[article("a", "dates"), article("c", "figs")]).unwrap();
        ix.commit(None).unwrap();
        assert_eq!(ix.len(), 2);
        assert_eq!(ids(&ix, "dates OR figs"), ["a", "c"]);
        assert!(ids(&ix, "apples OR bananas OR cherries").is_empty());
    }
}
