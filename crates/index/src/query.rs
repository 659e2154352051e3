//! The query language: a small hand-written parser (so that every malformed
//! query gets a precise message instead of tantivy's lenient guesses) and the
//! translation of its tree into tantivy queries, once per language group.

use std::ops::Bound;

use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, EmptyQuery, Occur, PhrasePrefixQuery, PhraseQuery, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::tokenizer::TextAnalyzer;
use tantivy::Term;

use crate::analysis::{self, tokens, GROUPS};
use crate::guard::GuardQuery;
use crate::schema::Fields;
use crate::IndexError;

/// The query language, as help text (the CLI prints it for `--help`).
pub const QUERY_SYNTAX: &str = "\
Query syntax
  flood warning        both words (the default operator is AND)
  flood OR storm       either word (OR binds looser than AND: a b OR c = (a b) OR c)
  flood AND storm      explicit AND, same as a space
  flood NOT storm      flood without storm; -storm is the same as NOT storm
  (flood OR storm) -drill
                       parentheses group
  \"state of emergency\" a phrase: the words in this order, next to each other
  evacu*               prefix: words starting with evacu (at least 2 characters)
  \"heavy rai\"*         phrase whose last word is a prefix
  title:flood          in the headline only; title:(flood OR storm), title:\"red alert\"
  author:smith         byline words; author:\"jane smith\"
  source:guardian      outlet name words; source:\"the guardian\"
  lang:de              article language (ISO 639-1)
  country:fr           outlet country (ISO 3166-1 alpha-2)
Operators are uppercase (and, or, not are ordinary words). Words are matched
after stemming in the article's language (floods finds flooded; stop words
such as 'the' are ignored), case and accents do not matter. Chinese, Japanese,
Korean and Thai text matches any substring of two or more characters.
Punctuation inside a word splits it into a phrase (covid-19 = \"covid 19\").
Put words with a colon in quotes (\"10:30\"). An empty query matches everything.";

/// Where a leaf searches.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum QField {
    Title,
    Author,
    Source,
    Lang,
    Country,
}

const FIELD_NAMES: &[(&str, QField)] = &[
    ("title", QField::Title),
    ("author", QField::Author),
    ("source", QField::Source),
    ("lang", QField::Lang),
    ("country", QField::Country),
];

#[derive(Debug, Clone, PartialEq)]
enum Leaf {
    Word(String),
    Phrase(String),
    /// Text before a trailing `*` (a word or a phrase).
    Prefix(String),
}

#[derive(Debug, Clone, PartialEq)]
enum Node {
    /// `field` None: title and body.
    Leaf(Option<QField>, Leaf),
    And(Vec<Node>),
    Or(Vec<Node>),
    Not(Box<Node>),
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Open,
    Close,
    And,
    Or,
    Not,
    Field(QField),
    Leaf(Leaf),
}

/// A token and its 1-based character column in the query.
type Spanned = (Tok, usize);

fn describe(t: &Tok) -> String {
    match t {
        Tok::Open => "'('".into(),
        Tok::Close => "')'".into(),
        Tok::And => "'AND'".into(),
        Tok::Or => "'OR'".into(),
        Tok::Not => "'NOT'".into(),
        Tok::Field(f) => format!("'{}:'", FIELD_NAMES.iter().find(|(_, x)| x == f).map(|(n, _)| *n).unwrap_or("?")),
        Tok::Leaf(Leaf::Word(w)) | Tok::Leaf(Leaf::Prefix(w)) => format!("'{w}'"),
        Tok::Leaf(Leaf::Phrase(p)) => format!("\"{p}\""),
    }
}

fn is_special(c: char) -> bool {
    c.is_whitespace() || matches!(c, '(' | ')' | '"')
}

fn lex(query: &str) -> Result<Vec<Spanned>, String> {
    let chars: Vec<char> = query.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let col = i + 1;
        match c {
            c if c.is_whitespace() => i += 1,
            '(' => {
                out.push((Tok::Open, col));
                i += 1;
            }
            ')' => {
                out.push((Tok::Close, col));
                i += 1;
            }
            '"' => {
                let Some(len) = chars[i + 1..].iter().position(|&c| c == '"') else {
                    return Err(format!("unbalanced quote: the phrase opened at column {col} is never closed"));
                };
                let text: String = chars[i + 1..i + 1 + len].iter().collect();
                i += len + 2;
                if text.trim().is_empty() {
                    return Err(format!("empty phrase \"\" at column {col}"));
                }
                if chars.get(i) == Some(&'*') {
                    i += 1;
                    out.push((Tok::Leaf(Leaf::Prefix(text)), col));
                } else {
                    out.push((Tok::Leaf(Leaf::Phrase(text)), col));
                }
            }
            // A leading '-' negates what follows; '+' (required) is what AND
            // already means. Alone between spaces both are punctuation, not
            // operators ("floods - live updates"), and are skipped.
            '-' | '+' => {
                let next = chars.get(i + 1).copied();
                if c == '-' && next.is_some_and(|n| !n.is_whitespace() && n != ')') {
                    out.push((Tok::Not, col));
                }
                i += 1;
            }
            _ => {
                let start = i;
                while i < chars.len() && !is_special(chars[i]) {
                    // `name:` where name is letters is a field; anything else with
                    // a colon (10:30, a URL) is an ordinary word.
                    if chars[i] == ':' && i > start && chars[start..i].iter().all(|c| c.is_ascii_alphabetic()) {
                        let name: String = chars[start..i].iter().collect::<String>().to_ascii_lowercase();
                        let Some(&(_, f)) = FIELD_NAMES.iter().find(|(n, _)| *n == name) else {
                            let known: Vec<&str> = FIELD_NAMES.iter().map(|(n, _)| *n).collect();
                            return Err(format!(
                                "unknown field '{name}:' at column {col} (known fields: {}; quote the text to search \
                                 for it literally)",
                                known.join(", ")
                            ));
                        };
                        out.push((Tok::Field(f), col));
                        i += 1;
                        if i >= chars.len() || chars[i].is_whitespace() || chars[i] == ')' {
                            return Err(format!("field '{name}:' at column {col} has no value after the colon"));
                        }
                        break;
                    }
                    i += 1;
                }
                if out.last().is_some_and(|(t, c)| matches!(t, Tok::Field(_)) && *c == col) {
                    continue;
                }
                let word: String = chars[start..i].iter().collect();
                let tok = match word.as_str() {
                    "AND" | "&&" => Tok::And,
                    "OR" | "||" => Tok::Or,
                    "NOT" => Tok::Not,
                    _ => match word.strip_suffix('*') {
                        Some(stem) => {
                            let stem = stem.trim_end_matches('*');
                            if stem.chars().filter(|c| c.is_alphanumeric()).count() < 2 {
                                return Err(format!(
                                    "prefix '{word}' at column {col} is too short: give at least 2 characters before \
                                     '*'"
                                ));
                            }
                            Tok::Leaf(Leaf::Prefix(stem.to_string()))
                        }
                        None => Tok::Leaf(Leaf::Word(word)),
                    },
                };
                out.push((tok, col));
            }
        }
    }
    Ok(out)
}

struct Parser {
    toks: Vec<Spanned>,
    pos: usize,
    /// Column where the query ends, for "nothing after" messages.
    end: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.pos).map(|(t, _)| t)
    }

    fn col(&self) -> usize {
        self.toks.get(self.pos).map(|(_, c)| *c).unwrap_or(self.end)
    }

    /// True where an operand must start but cannot: end, ')', a binary operator.
    fn at_operand_end(&self) -> bool {
        matches!(self.peek(), None | Some(Tok::Close) | Some(Tok::And) | Some(Tok::Or))
    }

    fn dangling(&self, op: &str, col: usize) -> String {
        match self.peek() {
            None => format!("dangling operator '{op}' at column {col}: nothing follows it"),
            Some(t) => {
                format!("operator '{op}' at column {col} is followed by {} instead of a search term", describe(t))
            }
        }
    }

    fn or_expr(&mut self, field: Option<QField>) -> Result<Node, String> {
        let mut parts = vec![self.and_expr(field)?];
        while let Some(Tok::Or) = self.peek() {
            let col = self.col();
            self.pos += 1;
            if self.at_operand_end() {
                return Err(self.dangling("OR", col));
            }
            parts.push(self.and_expr(field)?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Node::And(Vec::new())) } else { Node::Or(parts) })
    }

    fn and_expr(&mut self, field: Option<QField>) -> Result<Node, String> {
        if let Some(t @ (Tok::And | Tok::Or)) = self.peek() {
            let op = if *t == Tok::And { "AND" } else { "OR" };
            return Err(format!("operator '{op}' at column {} has no search term before it", self.col()));
        }
        let mut parts = vec![self.unary(field)?];
        loop {
            match self.peek() {
                None | Some(Tok::Close) | Some(Tok::Or) => break,
                Some(Tok::And) => {
                    let col = self.col();
                    self.pos += 1;
                    if self.at_operand_end() {
                        return Err(self.dangling("AND", col));
                    }
                }
                _ => {}
            }
            parts.push(self.unary(field)?);
        }
        Ok(if parts.len() == 1 { parts.pop().unwrap_or(Node::And(Vec::new())) } else { Node::And(parts) })
    }

    fn unary(&mut self, field: Option<QField>) -> Result<Node, String> {
        if let Some(Tok::Not) = self.peek() {
            let col = self.col();
            self.pos += 1;
            if self.at_operand_end() {
                return Err(self.dangling("NOT", col));
            }
            return Ok(Node::Not(Box::new(self.unary(field)?)));
        }
        self.primary(field)
    }

    fn primary(&mut self, field: Option<QField>) -> Result<Node, String> {
        let col = self.col();
        let Some((tok, _)) = self.toks.get(self.pos).cloned() else {
            return Err(format!("the query ends at column {col} where a search term was expected"));
        };
        self.pos += 1;
        match tok {
            Tok::Open => {
                if let Some(Tok::Close) = self.peek() {
                    return Err(format!("empty parentheses at column {col}"));
                }
                let inner = self.or_expr(field)?;
                match self.peek() {
                    Some(Tok::Close) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(format!("unbalanced parenthesis: '(' at column {col} is never closed")),
                }
            }
            Tok::Close => Err(format!("unbalanced parenthesis: ')' at column {col} has no matching '('")),
            Tok::Field(f) => {
                if field.is_some() {
                    return Err(format!(
                        "field {} at column {col} is inside another field's parentheses",
                        describe(&tok)
                    ));
                }
                match self.peek() {
                    Some(Tok::Open) | Some(Tok::Leaf(_)) => self.primary(Some(f)),
                    Some(Tok::Not) => Err(format!(
                        "put the negation before the field: NOT {}value (column {col})",
                        describe(&tok).trim_matches('\'')
                    )),
                    _ => Err(format!("field {} at column {col} has no value", describe(&tok))),
                }
            }
            Tok::Leaf(leaf) => {
                if matches!(field, Some(QField::Lang | QField::Country)) && matches!(leaf, Leaf::Prefix(_)) {
                    return Err(format!("lang: and country: take a whole code, not a prefix (column {col})"));
                }
                Ok(Node::Leaf(field, leaf))
            }
            Tok::And | Tok::Or | Tok::Not => Err(self.dangling(&describe(&tok).replace('\'', ""), col)),
        }
    }
}

/// A parsed query; `None` inside means the empty query (match everything).
#[derive(Debug, Clone)]
pub(crate) struct ParsedQuery(Option<Node>);

pub(crate) fn parse(query: &str) -> Result<ParsedQuery, IndexError> {
    let err = |message: String| IndexError::Query { query: query.to_string(), message };
    let toks = lex(query).map_err(err)?;
    if toks.is_empty() {
        return Ok(ParsedQuery(None));
    }
    let mut p = Parser { toks, pos: 0, end: query.chars().count() + 1 };
    let node = p.or_expr(None).map_err(err)?;
    if let Some((t, col)) = p.toks.get(p.pos) {
        let message = match t {
            Tok::Close => format!("unbalanced parenthesis: ')' at column {col} has no matching '('"),
            other => format!("unexpected {} at column {col}", describe(other)),
        };
        return Err(err(message));
    }
    Ok(ParsedQuery(Some(node)))
}

/// A query of [`QUERY_SYNTAX`] as a tree, for a backend that runs it
/// itself (the PostgreSQL store translates it to SQL), so that the language
/// is parsed in one place.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueryTree {
    /// Text to find: in title and body (`field` `None`) or in one field.
    Term {
        field: Option<QueryField>,
        kind: TermKind,
        text: String,
    },
    And(Vec<QueryTree>),
    Or(Vec<QueryTree>),
    Not(Box<QueryTree>),
}

/// The field a term names (`title:`, `author:`, ...).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QueryField {
    Title,
    Author,
    Source,
    Lang,
    Country,
}

/// What kind of text a term is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TermKind {
    Word,
    /// Words in this order, next to each other.
    Phrase,
    /// A word, or a phrase whose last word, given by its start.
    Prefix,
}

/// Parses a query; `None` for the empty query (everything). Malformed
/// queries give [`IndexError::Query`] with the column of the problem.
pub fn parse_query(query: &str) -> Result<Option<QueryTree>, IndexError> {
    fn tree(node: &Node) -> QueryTree {
        match node {
            Node::Leaf(field, leaf) => {
                let field = field.map(|f| match f {
                    QField::Title => QueryField::Title,
                    QField::Author => QueryField::Author,
                    QField::Source => QueryField::Source,
                    QField::Lang => QueryField::Lang,
                    QField::Country => QueryField::Country,
                });
                let (kind, text) = match leaf {
                    Leaf::Word(t) => (TermKind::Word, t),
                    Leaf::Phrase(t) => (TermKind::Phrase, t),
                    Leaf::Prefix(t) => (TermKind::Prefix, t),
                };
                QueryTree::Term { field, kind, text: text.clone() }
            }
            Node::And(v) => QueryTree::And(v.iter().map(tree).collect()),
            Node::Or(v) => QueryTree::Or(v.iter().map(tree).collect()),
            Node::Not(n) => QueryTree::Not(Box::new(tree(n))),
        }
    }
    Ok(parse(query)?.0.as_ref().map(tree))
}

/// Analyzers for one query translation (they need `&mut`, and building one is
/// cheap next to a search).
pub(crate) struct Analyzers {
    group: Vec<TextAnalyzer>,
    prefix: Vec<TextAnalyzer>,
    plain: TextAnalyzer,
    raw_lower: TextAnalyzer,
}

impl Analyzers {
    pub fn new() -> Analyzers {
        Analyzers {
            group: GROUPS.iter().map(analysis::group_analyzer).collect(),
            prefix: GROUPS.iter().map(analysis::prefix_analyzer).collect(),
            plain: analysis::plain_analyzer(),
            raw_lower: analysis::raw_lower_analyzer(),
        }
    }

    /// The last word of `prefix` as a group's prefix query looks it up.
    pub fn prefix_term(&mut self, g: usize, prefix: &str) -> Option<String> {
        tokens(&mut self.prefix[g], prefix).pop().map(|(_, t)| t)
    }

    /// The indexed form of an exact-match value (source, lang, country).
    pub fn exact(&mut self, value: &str) -> String {
        tokens(&mut self.raw_lower, value.trim()).pop().map(|(_, t)| t).unwrap_or_default()
    }
}

/// Largest number of terms one prefix expands to: bounds the cost of `ab*`.
const MAX_PREFIX_EXPANSIONS: u32 = 200;

impl ParsedQuery {
    /// The words before a `*` in leaves that search title and body, as typed
    /// (snippets highlight the words they expand to).
    pub fn prefixes(&self) -> Vec<String> {
        fn walk(node: &Node, out: &mut Vec<String>) {
            match node {
                Node::Leaf(None, Leaf::Prefix(text)) => out.push(text.clone()),
                Node::Leaf(..) => {}
                Node::And(v) | Node::Or(v) => v.iter().for_each(|n| walk(n, out)),
                Node::Not(_) => {}
            }
        }
        let mut out = Vec::new();
        if let Some(n) = &self.0 {
            walk(n, &mut out);
        }
        out
    }

    /// Whether any leaf searches the language-specific title/body fields.
    fn grouped(node: &Node) -> bool {
        match node {
            Node::Leaf(f, _) => matches!(f, None | Some(QField::Title)),
            Node::And(v) | Node::Or(v) => v.iter().any(Self::grouped),
            Node::Not(n) => Self::grouped(n),
        }
    }

    /// The tantivy query. `present` tells which groups have documents: the
    /// tree is translated once per such group, each translation restricted to
    /// that group's articles, so a stop word dropped in English still counts
    /// in German, and `-flood` excludes by the article's own analyzer.
    pub fn to_query(&self, fields: &Fields, an: &mut Analyzers, present: &[bool]) -> Box<dyn Query> {
        let Some(node) = &self.0 else { return Box::new(AllQuery) };
        if !Self::grouped(node) {
            return build(node, fields, an, 0).map(|(q, _)| q).unwrap_or_else(|| Box::new(EmptyQuery));
        }
        let mut per_group: Vec<Box<dyn Query>> = Vec::new();
        for (g, group) in GROUPS.iter().enumerate() {
            if !present[g] {
                continue;
            }
            let Some((q, pure)) = build(node, fields, an, g) else { continue };
            // A translation whose every match needs a word of the group's own
            // title or body fields only matches that group's articles: the
            // group filter would just cost time.
            if pure {
                per_group.push(q);
                continue;
            }
            let only_group: Box<dyn Query> = Box::new(ConstScoreQuery::new(
                Box::new(TermQuery::new(Term::from_field_text(fields.group, group.code), IndexRecordOption::Basic)),
                0.0,
            ));
            per_group.push(Box::new(BooleanQuery::new(vec![(Occur::Must, q), (Occur::Must, only_group)])));
        }
        union(per_group)
    }
}

/// The union of `queries`, with nested unions opened up. Scores are the
/// same (a union sums its clauses' scores either way), but a flat union of
/// term queries lets tantivy skip whole posting blocks that cannot reach the
/// top hits (block-max WAND), where nested unions score every match.
fn union(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    fn open(q: Box<dyn Query>, out: &mut Vec<(Occur, Box<dyn Query>)>) {
        if let Some(b) = q.downcast_ref::<BooleanQuery>() {
            let clauses = b.clauses();
            if b.get_minimum_number_should_match() <= 1 && clauses.iter().all(|(o, _)| *o == Occur::Should) {
                clauses.iter().for_each(|(_, c)| open(c.box_clone(), out));
                return;
            }
        }
        out.push((Occur::Should, q));
    }
    let mut clauses = Vec::with_capacity(queries.len());
    queries.into_iter().for_each(|q| open(q, &mut clauses));
    match clauses.len() {
        0 => Box::new(EmptyQuery),
        1 => clauses.pop().map(|(_, q)| q).unwrap_or_else(|| Box::new(EmptyQuery)),
        _ => Box::new(BooleanQuery::new(clauses)),
    }
}

/// Translates `node` for group `g`; `None` when nothing is left of it (only
/// stop words or punctuation), which the parent then leaves out. The flag
/// says whether every match needs a term of the group's title or body fields
/// (so only the group's articles can match).
fn build(node: &Node, fields: &Fields, an: &mut Analyzers, g: usize) -> Option<(Box<dyn Query>, bool)> {
    match node {
        Node::Leaf(field, leaf) => {
            let grouped = matches!(field, None | Some(QField::Title));
            leaf_query(*field, leaf, fields, an, g).map(|q| (q, grouped))
        }
        Node::Or(children) => {
            let mut built: Vec<(Box<dyn Query>, bool)> =
                children.iter().filter_map(|c| build(c, fields, an, g)).collect();
            match built.len() {
                0 => None,
                1 => built.pop(),
                _ => {
                    let pure = built.iter().all(|(_, p)| *p);
                    Some((union(built.into_iter().map(|(q, _)| q).collect()), pure))
                }
            }
        }
        Node::And(children) => {
            let mut clauses = Vec::new();
            let (mut positive, mut pure) = (0, false);
            for c in children {
                let (occur, inner) = match c {
                    Node::Not(n) => (Occur::MustNot, &**n),
                    other => (Occur::Must, other),
                };
                if let Some((q, p)) = build(inner, fields, an, g) {
                    if occur == Occur::Must {
                        positive += 1;
                        pure |= p;
                    }
                    let q = if occur == Occur::MustNot { Box::new(GuardQuery(q)) } else { q };
                    clauses.push((occur, q));
                }
            }
            if clauses.is_empty() {
                return None;
            }
            if positive == 0 {
                // Only exclusions: everything else matches.
                clauses.push((Occur::Must, Box::new(AllQuery)));
            }
            if clauses.len() == 1 && positive == 1 {
                return clauses.pop().map(|(_, q)| (q, pure));
            }
            Some((Box::new(BooleanQuery::new(clauses)), pure))
        }
        Node::Not(inner) => {
            let (q, _) = build(inner, fields, an, g)?;
            let q = Box::new(GuardQuery(q));
            Some((Box::new(BooleanQuery::new(vec![(Occur::Must, Box::new(AllQuery)), (Occur::MustNot, q)])), false))
        }
    }
}

fn leaf_query(
    field: Option<QField>,
    leaf: &Leaf,
    fields: &Fields,
    an: &mut Analyzers,
    g: usize,
) -> Option<Box<dyn Query>> {
    match field {
        None => text_query(leaf, fields.all[g], &mut an.group[g], &mut an.prefix[g]),
        Some(QField::Title) => text_query(leaf, fields.title[g], &mut an.group[g], &mut an.prefix[g]),
        Some(QField::Author) => {
            let mut prefix = an.plain.clone();
            text_query(leaf, fields.author, &mut an.plain, &mut prefix)
        }
        Some(QField::Source) => {
            let mut prefix = an.plain.clone();
            text_query(leaf, fields.source_text, &mut an.plain, &mut prefix)
        }
        Some(f @ (QField::Lang | QField::Country)) => {
            let (Leaf::Word(v) | Leaf::Phrase(v) | Leaf::Prefix(v)) = leaf;
            let v = if f == QField::Lang { analysis::normalize_lang(v).unwrap_or_default() } else { v.clone() };
            let term = an.exact(&v);
            let field = if f == QField::Lang { fields.lang } else { fields.country };
            Some(Box::new(TermQuery::new(Term::from_field_text(field, &term), IndexRecordOption::Basic)))
        }
    }
}

/// A word, phrase or prefix against one analyzed field.
fn text_query(
    leaf: &Leaf,
    field: Field,
    analyzer: &mut TextAnalyzer,
    prefix_analyzer: &mut TextAnalyzer,
) -> Option<Box<dyn Query>> {
    match leaf {
        Leaf::Word(text) | Leaf::Phrase(text) => {
            let toks = tokens(analyzer, text);
            match toks.len() {
                0 => None,
                1 => Some(Box::new(TermQuery::new(
                    Term::from_field_text(field, &toks[0].1),
                    IndexRecordOption::WithFreqs,
                ))),
                _ => {
                    let first = toks[0].0;
                    let terms = toks
                        .into_iter()
                        .map(|(p, t)| (p.wrapping_sub(first), Term::from_field_text(field, &t)))
                        .collect();
                    Some(Box::new(PhraseQuery::new_with_offset(terms)))
                }
            }
        }
        Leaf::Prefix(text) => {
            // Unstemmed words; all but the last are then stemmed as whole words
            // (stop words among them leave a gap, as at index time).
            let raw = tokens(prefix_analyzer, text);
            let ((last_pos, last), init) = raw.split_last()?;
            let mut terms = Vec::with_capacity(raw.len());
            for (pos, word) in init {
                if let Some((_, stemmed)) = tokens(analyzer, word).pop() {
                    terms.push((*pos, Term::from_field_text(field, &stemmed)));
                }
            }
            terms.push((*last_pos, Term::from_field_text(field, last)));
            let first = terms[0].0;
            let terms = terms.into_iter().map(|(p, t)| (p.wrapping_sub(first), t)).collect();
            let mut q = PhrasePrefixQuery::new_with_offset(terms);
            q.set_max_expansions(MAX_PREFIX_EXPANSIONS);
            Some(Box::new(q))
        }
    }
}

/// Inclusive range of day numbers.
pub(crate) fn day_range(field: Field, from: Option<i64>, to: Option<i64>) -> Box<dyn Query> {
    let lower = from.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(field, d)));
    let upper = to.map_or(Bound::Unbounded, |d| Bound::Included(Term::from_field_i64(field, d)));
    Box::new(tantivy::query::RangeQuery::new(lower, upper))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn msg(q: &str) -> String {
        match parse(q) {
            Err(IndexError::Query { message, .. }) => message,
            other => panic!("{q}: expected a query error, got {other:?}"),
        }
    }

    #[test]
    fn precedence_and_defaults() {
        let ParsedQuery(Some(n)) = parse("a b OR c").unwrap() else { panic!() };
        assert!(matches!(n, Node::Or(ref v) if v.len() == 2 && matches!(v[0], Node::And(_))));
        let ParsedQuery(Some(n)) = parse("-a b").unwrap() else { panic!() };
        assert!(matches!(n, Node::And(ref v) if matches!(v[0], Node::Not(_))));
        assert!(parse("  ").unwrap().0.is_none());
        assert!(parse("floods - live").is_ok());
        assert!(parse("10:30 covid-19").is_ok());
    }

    #[test]
    fn errors_name_the_problem() {
        assert!(msg("\"red alert").contains("column 1"));
        assert!(msg("(flood OR storm").contains("'(' at column 1"));
        assert!(msg("flood)").contains("')' at column 6"));
        assert!(msg("flood AND").contains("'AND' at column 7"));
        assert!(msg("OR flood").contains("'OR' at column 1"));
        assert!(msg("flood NOT").contains("'NOT'"));
        assert!(msg("titel:flood").contains("unknown field 'titel:'"));
        assert!(msg("title:").contains("no value"));
        assert!(msg("a*").contains("too short"));
        assert!(msg("()").contains("empty parentheses"));
        assert!(msg("flood OR OR storm").contains("'OR' at column 7"));
    }
}
