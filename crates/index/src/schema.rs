//! The tantivy schema: which article fields are indexed, stored and fast.

use tantivy::schema::{
    Field, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing, TextOptions, STORED, STRING,
};

use crate::analysis::{analyzer_name, GROUPS, PLAIN, RAW_LOWER};

/// Handles to every field, resolved once.
#[derive(Debug, Clone)]
pub(crate) struct Fields {
    pub schema: Schema,
    /// Article id: raw term (upserts delete by it), stored.
    pub id: Field,
    /// The language group code: restricts a group's query to its articles;
    /// stored, to pick the group's fields when reading an article back.
    pub group: Field,
    /// Per group (same order as `GROUPS`), analyzed by the group's analyzer:
    /// the title (stored; `title:` queries), and `all`, the title twice then
    /// the body (not stored). Plain words and phrases search `all` alone: one
    /// posting list per word, so AND intersects term postings directly (and
    /// tantivy can prune by block-max scores), and the repeated title makes a
    /// headline match count more, as a title boost would.
    pub title: Vec<Field>,
    pub all: Vec<Field>,
    /// The body text, stored only (snippets, `similar`).
    pub body: Field,
    pub author: Field,
    /// Outlet name: indexed lowercase whole (filter), fast as given (facets), stored.
    pub source: Field,
    /// Outlet name as words, for `source:guardian`.
    pub source_text: Field,
    /// Normalised ISO 639-1 code: indexed, fast.
    pub lang: Field,
    /// ISO 3166-1 alpha-2, uppercase: indexed, fast.
    pub country: Field,
    /// Published day (in the source's zone) as days since 0001-01-01 (CE):
    /// range filter and day facets.
    pub day: Field,
    /// Published instant, seconds; `i64::MIN` when undated so that newest-first
    /// sorts undated articles last.
    pub ts: Field,
    /// `published` as the article gave it, stored for display.
    pub published: Field,
}

pub(crate) const DAY: &str = "day";
pub(crate) const TS: &str = "ts";
pub(crate) const SOURCE: &str = "source";
pub(crate) const LANG: &str = "lang";
pub(crate) const COUNTRY: &str = "country";

impl Fields {
    pub fn new() -> Fields {
        let mut b = Schema::builder();
        let id = b.add_text_field("id", STRING | STORED);
        let group = b.add_text_field(
            "group",
            TextOptions::default()
                .set_indexing_options(
                    TextFieldIndexing::default()
                        .set_tokenizer("raw")
                        .set_index_option(IndexRecordOption::Basic)
                        .set_fieldnorms(false),
                )
                .set_stored(),
        );
        let positions = |tokenizer: &str| {
            TextFieldIndexing::default()
                .set_tokenizer(tokenizer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions)
        };
        let mut title = Vec::new();
        let mut all = Vec::new();
        for g in GROUPS {
            let name = analyzer_name(g);
            title.push(b.add_text_field(
                &format!("title_{}", g.code),
                TextOptions::default().set_indexing_options(positions(&name)).set_stored(),
            ));
            all.push(b.add_text_field(
                &format!("all_{}", g.code),
                TextOptions::default().set_indexing_options(positions(&name)),
            ));
        }
        let body = b.add_text_field("body", STORED);
        let author = b.add_text_field("author", TextOptions::default().set_indexing_options(positions(PLAIN)));
        let exact = |fast: bool, stored: bool| {
            let mut o = TextOptions::default().set_indexing_options(
                TextFieldIndexing::default()
                    .set_tokenizer(RAW_LOWER)
                    .set_index_option(IndexRecordOption::Basic)
                    .set_fieldnorms(false),
            );
            if fast {
                o = o.set_fast("raw");
            }
            if stored {
                o = o.set_stored();
            }
            o
        };
        let source = b.add_text_field(SOURCE, exact(true, true));
        let source_text =
            b.add_text_field("source_text", TextOptions::default().set_indexing_options(positions(PLAIN)));
        let lang = b.add_text_field(LANG, exact(true, false));
        let country = b.add_text_field(COUNTRY, exact(true, false));
        let day = b.add_i64_field(DAY, NumericOptions::default().set_indexed().set_fast());
        let ts = b.add_i64_field(TS, NumericOptions::default().set_fast());
        let published = b.add_text_field("published", STORED);
        Fields {
            schema: b.build(),
            id,
            group,
            title,
            all,
            body,
            author,
            source,
            source_text,
            lang,
            country,
            day,
            ts,
            published,
        }
    }
}
