//! [`SegmentWorker`]: writes a batch of articles as one tantivy segment
//! without tantivy's `SegmentWriter`.
//!
//! The files are tantivy's own, written through its public serializers
//! (`InvertedIndexSerializer`, `FieldNormsWriter`, `FastFieldsWriter`,
//! `StoreWriter`), and the segment joins the index through
//! `IndexWriter::add_segment`, so merges, deletes and search are tantivy's.
//! Only the inversion differs: the analysed text fields (the bulk of the
//! tokens) are inverted by sorting term ids ([`IdPostings`]) rather than by a
//! hash-table lookup per token. A test holds the result to the segment
//! tantivy writes for the same articles, term by term.

use chrono::Datelike;
use newsdesk_model::Article;
use tantivy::directory::TerminatingWrite;
use tantivy::fastfield::FastFieldsWriter;
use tantivy::fieldnorm::{FieldNormReaders, FieldNormsSerializer, FieldNormsWriter};
use tantivy::index::SegmentComponent;
use tantivy::postings::InvertedIndexSerializer;
use tantivy::schema::Field;
use tantivy::store::StoreWriter;
use tantivy::tokenizer::{TextAnalyzer, TokenStream, MAX_TOKEN_LEN};
use tantivy::{DocId, Index, Segment, TantivyDocument};

use crate::analysis::{group_of, normalize_lang, GROUPS};
use crate::inverter::{IdPostings, TermPostings};
use crate::schema::Fields;
use crate::terms::GroupTerms;

/// What one writer thread keeps between segments: each group's vocabulary
/// and memo (warm across batches) and the small fields' analyzers.
pub(crate) struct SegmentWorker {
    groups: Vec<GroupTerms>,
    raw: TextAnalyzer,
    raw_lower: TextAnalyzer,
    plain: TextAnalyzer,
}

/// Token positions across a field's values in one document, as tantivy's
/// `index_text` gives them: each value starts one position past the end of
/// the previous one.
#[derive(Default)]
struct Positions {
    /// Where the current value starts.
    base: u32,
    /// End of the current value's furthest token.
    end: u32,
    /// Tokens so far: the field norm.
    tokens: u32,
}

impl Positions {
    /// The position in the document of a token at `position` (spanning
    /// `length`) in the current value.
    fn token(&mut self, position: u32, length: u32) -> u32 {
        let start = self.base + position;
        self.end = self.end.max(start + length);
        self.tokens += 1;
        start
    }

    fn end_value(&mut self) {
        self.base = self.end + 1;
        self.end = self.base;
    }
}

/// What one article's fields are indexed under: its language group and its
/// non-blank title, outlet and country, as both writers see them.
struct Normalized<'a> {
    lang: Option<String>,
    group: usize,
    title: Option<&'a str>,
    source: Option<&'a str>,
    country: Option<String>,
}

impl Normalized<'_> {
    fn of(a: &Article) -> Normalized<'_> {
        let lang = a.language.as_deref().and_then(normalize_lang);
        Normalized {
            group: group_of(lang.as_deref()),
            lang,
            title: a.title.as_deref().filter(|t| !t.trim().is_empty()),
            source: a.site_name.as_deref().map(str::trim).filter(|s| !s.is_empty()),
            country: a.country.as_deref().map(str::trim).filter(|c| !c.is_empty()).map(str::to_ascii_uppercase),
        }
    }
}

impl SegmentWorker {
    pub(crate) fn new(index: &Index, fields: &Fields) -> tantivy::Result<SegmentWorker> {
        Ok(SegmentWorker {
            groups: GROUPS.iter().map(GroupTerms::new).collect(),
            raw: index.tokenizer_for_field(fields.id)?,
            raw_lower: index.tokenizer_for_field(fields.source)?,
            plain: index.tokenizer_for_field(fields.author)?,
        })
    }

    /// Writes `articles` (ids already unique) into `segment`, returned with
    /// its document count set.
    pub(crate) fn write(
        &mut self,
        index: &Index,
        fields: &Fields,
        segment: Segment,
        articles: &[&Article],
    ) -> tantivy::Result<Segment> {
        let schema = index.schema();
        let settings = index.settings();
        let mut store = StoreWriter::new(
            segment.open_write(SegmentComponent::Store)?,
            settings.docstore_compression,
            settings.docstore_blocksize,
            settings.docstore_compress_dedicated_thread,
        )?;
        let mut fast =
            FastFieldsWriter::from_schema_and_tokenizer_manager(&schema, index.fast_field_tokenizer().clone())?;
        let mut norms = FieldNormsWriter::for_schema(&schema);
        let record =
            |field: Field| schema.get_field_entry(field).field_type().index_record_option().expect("indexed field");
        let mut titles: Vec<IdPostings> = fields.title.iter().map(|&f| IdPostings::new(f, record(f))).collect();
        let mut alls: Vec<IdPostings> = fields.all.iter().map(|&f| IdPostings::new(f, record(f))).collect();
        let small = [
            fields.id,
            fields.group,
            fields.author,
            fields.source,
            fields.source_text,
            fields.lang,
            fields.country,
            fields.day,
        ];
        let mut smalls: Vec<TermPostings> = small.iter().map(|&f| TermPostings::new(f, record(f))).collect();
        let [id_p, group_p, author_p, source_p, source_text_p, lang_p, country_p, day_p] = &mut smalls[..] else {
            unreachable!("eight small fields")
        };
        for g in &mut self.groups {
            g.start_segment();
        }

        for (doc, a) in articles.iter().enumerate() {
            let doc = doc as DocId;
            let n = Normalized::of(a);
            let g = n.group;

            let mut text = |p: &mut TermPostings, an: &mut TextAnalyzer, values: &[&str]| {
                if !values.is_empty() {
                    let tokens = index_text(p, an, doc, values);
                    norms.record(doc, p.field, tokens);
                }
            };
            text(id_p, &mut self.raw, &[&a.id]);
            text(group_p, &mut self.raw, &[GROUPS[g].code]);
            let authors: Vec<&str> = a.authors.iter().map(String::as_str).collect();
            text(author_p, &mut self.plain, &authors);
            if let Some(s) = n.source {
                text(source_p, &mut self.raw_lower, &[s]);
                text(source_text_p, &mut self.plain, &[s]);
            }
            if let Some(l) = &n.lang {
                text(lang_p, &mut self.raw_lower, &[l]);
            }
            if let Some(c) = &n.country {
                text(country_p, &mut self.raw_lower, &[c]);
            }
            let day = a.published.as_ref().map(|p| i64::from(p.day().num_days_from_ce()));
            if let Some(day) = day {
                day_p.push(&tantivy::i64_to_u64(day).to_be_bytes(), doc, 0);
                norms.record(doc, fields.day, 1);
            }

            // The title twice, then the body (see `Fields::all`).
            let terms = &mut self.groups[g];
            if let Some(t) = n.title {
                let tokens = index_ids(&mut titles[g], terms, doc, &[t]);
                norms.record(doc, fields.title[g], tokens);
            }
            let all: Vec<&str> = match n.title {
                Some(t) if !a.text.is_empty() => vec![t, t, &a.text],
                Some(t) => vec![t, t],
                None if !a.text.is_empty() => vec![&a.text],
                None => Vec::new(),
            };
            if !all.is_empty() {
                let tokens = index_ids(&mut alls[g], terms, doc, &all);
                norms.record(doc, fields.all[g], tokens);
            }

            let stored = stored_document(fields, a, &n);
            fast.add_document(&stored)?;
            store.store(&stored, &schema)?;
        }
        let max_doc = articles.len() as DocId;

        norms.fill_up_to_max_doc(max_doc);
        norms.serialize(FieldNormsSerializer::from_write(segment.open_write(SegmentComponent::FieldNorms)?)?, None)?;
        let norm_readers = FieldNormReaders::open(segment.open_read(SegmentComponent::FieldNorms)?)?;
        let mut postings = InvertedIndexSerializer::open(&segment)?;
        // Fields in schema order, as tantivy writes them.
        for (field, _) in schema.fields() {
            let norms = norm_readers.get_field(field)?;
            if let Some(g) = fields.title.iter().position(|&f| f == field) {
                if !titles[g].is_empty() {
                    titles[g].serialize(&self.groups[g].vocab, &mut postings, norms)?;
                }
            } else if let Some(g) = fields.all.iter().position(|&f| f == field) {
                if !alls[g].is_empty() {
                    alls[g].serialize(&self.groups[g].vocab, &mut postings, norms)?;
                }
            } else if let Some(p) = smalls.iter().find(|p| p.field == field) {
                if !p.is_empty() {
                    p.serialize(&mut postings, norms)?;
                }
            }
        }
        postings.close()?;
        let mut write = segment.open_write(SegmentComponent::FastFields)?;
        fast.serialize(&mut write, None)?;
        write.terminate()?;
        store.close()?;
        Ok(segment.with_max_doc(max_doc))
    }
}

/// Indexes one document's `values` of a small text field; returns the
/// number of tokens (its field norm). Positions as tantivy's `index_text`.
fn index_text(p: &mut TermPostings, analyzer: &mut TextAnalyzer, doc: DocId, values: &[&str]) -> u32 {
    let mut at = Positions::default();
    for value in values {
        let mut stream = analyzer.token_stream(value);
        while stream.advance() {
            let t = stream.token();
            if t.text.len() <= MAX_TOKEN_LEN {
                p.push(t.text.as_bytes(), doc, at.token(t.position as u32, t.position_length as u32));
            }
        }
        at.end_value();
    }
    at.tokens
}

/// Indexes one document's `values` of a group's title or `all` field.
fn index_ids(p: &mut IdPostings, terms: &mut GroupTerms, doc: DocId, values: &[&str]) -> u32 {
    let mut at = Positions::default();
    for value in values {
        terms.analyze(value, |id, position, length| p.push(id, at.token(position, length)));
        at.end_value();
    }
    p.end_doc(doc);
    at.tokens
}

/// The stored and fast fields of an article's document (the indexed
/// text is inverted by the segment writer).
fn stored_document(f: &Fields, a: &Article, n: &Normalized) -> TantivyDocument {
    let g = n.group;
    let mut d = TantivyDocument::new();
    d.add_text(f.id, &a.id);
    d.add_text(f.group, GROUPS[g].code);
    if let Some(t) = n.title {
        d.add_text(f.title[g], t);
    }
    if !a.text.is_empty() {
        d.add_text(f.body, &a.text);
    }
    if let Some(s) = n.source {
        d.add_text(f.source, s);
    }
    if let Some(l) = &n.lang {
        d.add_text(f.lang, l);
    }
    if let Some(c) = &n.country {
        d.add_text(f.country, c);
    }
    match &a.published {
        Some(p) => {
            d.add_i64(f.day, i64::from(p.day().num_days_from_ce()));
            d.add_i64(f.ts, p.timestamp());
            d.add_text(f.published, p.to_string());
        }
        None => d.add_i64(f.ts, i64::MIN),
    }
    d
}

/// The whole document for tantivy's own writer, which indexes the updates
/// (see `ArticleIndex::add`): every field, the text fields to be analysed
/// by tantivy. [`SegmentWorker::write`] writes what tantivy writes for it.
pub(crate) fn tantivy_document(f: &Fields, a: &Article) -> TantivyDocument {
    let n = Normalized::of(a);
    let g = n.group;
    let stored = stored_document(f, a, &n);
    let mut d = TantivyDocument::new();
    for (field, value) in stored.field_values() {
        let value: tantivy::schema::OwnedValue = value.into();
        d.add_field_value(field, &value);
        if field == f.title[g] {
            d.add_text(f.all[g], n.title.unwrap_or_default());
            d.add_text(f.all[g], n.title.unwrap_or_default());
        }
        if field == f.body {
            d.add_text(f.all[g], &a.text);
        }
        if field == f.source {
            d.add_text(f.source_text, n.source.unwrap_or_default());
        }
    }
    for author in &a.authors {
        d.add_text(f.author, author);
    }
    d
}

/// Writes `articles` (the last of each id) once with [`SegmentWorker`] and
/// once with tantivy's own writer, and compares the two segments file by
/// file. `Err` names the first file that differs. The segment writer must
/// never differ; this is its test oracle, public for the fuzz target.
#[doc(hidden)]
pub fn same_segment_as_tantivy(articles: &[Article]) -> Result<(), String> {
    let mut last = std::collections::HashMap::new();
    for (i, a) in articles.iter().enumerate() {
        last.insert(a.id.as_str(), i);
    }
    let articles: Vec<&Article> =
        articles.iter().enumerate().filter(|(i, a)| last[a.id.as_str()] == *i).map(|(_, a)| a).collect();
    if articles.is_empty() {
        return Ok(());
    }
    let fields = Fields::new();
    let empty_index = || {
        let index = Index::create_in_ram(fields.schema.clone());
        crate::analysis::register(index.tokenizers());
        index
    };
    let e = |e: tantivy::TantivyError| e.to_string();

    let theirs = empty_index();
    let mut writer: tantivy::IndexWriter = theirs.writer_with_num_threads(1, 200_000_000).map_err(e)?;
    for a in &articles {
        writer.add_document(tantivy_document(&fields, a)).map_err(e)?;
    }
    writer.commit().map_err(e)?;
    let expected = segment_files(&theirs)?;

    let ours = empty_index();
    let mut writer: tantivy::IndexWriter = ours.writer_with_num_threads(1, 15_000_000).map_err(e)?;
    let mut worker = SegmentWorker::new(&ours, &fields).map_err(e)?;
    // Twice through the same worker: the second segment is written with
    // the vocabulary and memo warm from the first.
    for round in 1..=2 {
        let segment = worker.write(&ours, &fields, writer.new_segment(), &articles).map_err(e)?;
        writer.add_segment(segment.meta().clone()).map_err(e)?;
        writer.commit().map_err(e)?;
        for ((component, bytes), (_, their_bytes)) in segment_files(&ours)?.iter().zip(&expected) {
            if bytes != their_bytes {
                return Err(format!(
                    "segment {round}: {component} differs ({} bytes, tantivy's {})",
                    bytes.len(),
                    their_bytes.len()
                ));
            }
        }
        writer.delete_all_documents().map_err(e)?;
        writer.commit().map_err(e)?;
    }
    Ok(())
}

/// Every file of the index's single segment.
fn segment_files(index: &Index) -> Result<Vec<(String, Vec<u8>)>, String> {
    let metas = index.searchable_segment_metas().map_err(|e| e.to_string())?;
    let [meta] = &metas[..] else { return Err(format!("{} segments, expected one", metas.len())) };
    let segment = index.segment(meta.clone());
    [
        SegmentComponent::Postings,
        SegmentComponent::Positions,
        SegmentComponent::FastFields,
        SegmentComponent::FieldNorms,
        SegmentComponent::Terms,
        SegmentComponent::Store,
    ]
    .into_iter()
    .map(|c| {
        let file = segment.open_read(c.clone()).map_err(|e| format!("{c:?}: {e}"))?;
        let bytes = file.read_bytes().map_err(|e| format!("{c:?}: {e}"))?;
        Ok((format!("{c:?}"), bytes.as_slice().to_vec()))
    })
    .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn article(id: &str, lang: Option<&str>, title: Option<&str>, text: &str) -> Article {
        let mut a = Article::new(id.into());
        a.language = lang.map(str::to_string);
        a.title = title.map(str::to_string);
        a.text = text.into();
        a
    }

    fn articles() -> Vec<Article> {
        let b24 = "b".repeat(24);
        let b25 = "b".repeat(25);
        let c40 = "c".repeat(40);
        let c41 = "c".repeat(41);
        let boundaries = format!("{b24} {b25} {c40} {c41} {b24} {c41} é{b24} ü{c40}");
        let mut all = vec![
            article("en-1", Some("en"), Some("The Elections: a landslide"), "The elections were held. The ELECTIONS, elections! Electing electors; co-operation 3.5% x² naïve café."),
            article("en-2", Some("en-GB"), Some("Floods"), "River floods the old town; the river flooded the old town overnight and the town's floods receded."),
            article("de-1", Some("de"), Some("Wahlen in Berlin"), "Die Wahlen in Berlin wurden verschoben. Straße und Häuser, die Wählerinnen und Wähler."),
            article("fr-1", Some("fr"), Some("Élections"), "Les élections ont eu lieu; l'élection présidentielle, les électeurs."),
            article("ru-1", Some("ru"), Some("Выборы"), "Москва выборы выборах в Москве прошли спокойно."),
            article("zh-1", Some("zh"), Some("東京都の選挙"), "東京都で選挙が行われた。 Tokyo 選挙 2024 年"),
            article("ja-1", Some("ja"), None, "京都 東京 東京都"),
            article("none-1", None, Some("No language"), "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa word wordwordwordwordwordword123 end."),
            article("empty-text", Some("en"), Some("Only a headline here"), ""),
            article("empty-all", Some("en"), None, ""),
            article("blank-title", Some("es"), Some("   "), "Las elecciones se celebraron en Madrid."),
            // Nasty input: what tantivy does with it, the segment writer must do.
            article(&"x".repeat(70_000), Some("en"), Some("An id longer than a term may be"), "Still indexed."),
            article("punct", Some("en"), Some("!!! ??? ..."), "... --- !!!"),
            article("control", Some("en"), Some("tab\there"), "\u{0}\u{1} tab\tnew\nline \u{7f} zero\u{200b}width"),
            article("emoji", Some("en"), Some("naïve 👍🏽"), "naïve vs nai\u{308}ve 👍🏽 family 👨‍👩‍👧 end"),
            article("tr", Some("tr"), Some("İSTANBUL"), "İSTANBUL ıstanbul Istanbul İstanbul'da seçimler"),
            article("de-2", Some("de"), Some("STRASSE"), "STRASSE straße Straße STRAßE"),
            article("ar", Some("ar"), Some("الانتخابات"), "أجريت الانتخابات في القاهرة"),
            article("el", Some("el"), Some("Εκλογές"), "Οι εκλογές έγιναν στην Αθήνα ΕΚΛΟΓΕΣ"),
            article("boundaries", Some("en"), Some(&boundaries), &boundaries),
            article("long-doc", Some("en"), Some("word"), &"word other ".repeat(40_000)),
            article("ko", Some("ko"), Some("서울 선거"), "서울에서 선거가 열렸다 a 서"),
        ];
        all[0].authors = vec!["Jane Doe".into(), "John Smith-Jones".into()];
        all[0].site_name = Some(" The Guardian ".into());
        all[0].country = Some("gb".into());
        all[0].published = Some("2024-03-01T10:00:00+01:00".parse().expect("a date"));
        all[2].site_name = Some("Der Spiegel".into());
        all[2].country = Some("DE".into());
        all[2].published = Some("2023-12-31".parse().expect("a day"));
        all[5].authors = vec!["山田 太郎".into()];
        all[11].site_name = Some("   ".into());
        all[11].country = Some("  ".into());
        all[12].authors = vec![String::new(), "  ".into(), "Ann".into()];
        all[12].language = Some("EN_us".into());
        all[13].language = Some("".into());
        // Many documents, so that terms span several postings blocks.
        for i in 0..700 {
            let mut a = article(
                &format!("bulk-{i}"),
                Some(if i % 3 == 0 { "de" } else { "en" }),
                Some(&format!("Report number {i} on the elections")),
                &format!("The {i} report covers elections, floods and the economy {}; Die Wahlen {}.", i % 7, i % 11),
            );
            a.site_name = Some(format!("Outlet {}", i % 5));
            a.country = Some(["us", "de", "fr"][i % 3].into());
            if i % 4 != 0 {
                a.published = Some(format!("2024-01-{:02}", 1 + i % 28).parse().expect("a day"));
            }
            all.push(a);
        }
        all
    }

    /// Regression guard for the segment writer: for the same articles it
    /// must write, byte for byte, the segment tantivy's own writer writes
    /// (terms, postings, positions, field norms, fast fields, stored docs).
    #[test]
    fn writes_the_segment_tantivy_writes() {
        same_segment_as_tantivy(&articles()).unwrap();
    }
}
