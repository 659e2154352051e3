//! Postings built in memory for one segment and handed to tantivy's postings
//! serializer: [`IdPostings`] for the analysed text fields (terms are
//! vocabulary ids, inverted by one counting sort per segment) and
//! [`TermPostings`] for the small fields (a hash map per field: a handful of
//! tokens per article).

use std::io;

use rustc_hash::FxHashMap;
use tantivy::fieldnorm::FieldNormReader;
use tantivy::postings::{FieldSerializer, InvertedIndexSerializer};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::DocId;

use crate::terms::Vocab;

/// Writes one term's postings: `entries` are its `(doc, position)` pairs in
/// document order, positions ascending within a document.
fn write_term(
    out: &mut FieldSerializer<'_>,
    term: &[u8],
    entries: &[(DocId, u32)],
    record: IndexRecordOption,
    deltas: &mut Vec<u32>,
) -> io::Result<()> {
    let has_freq = record.has_freq();
    // tantivy's doc-id-only recorder reports no document frequency.
    let doc_freq = if has_freq { entries.chunk_by(|a, b| a.0 == b.0).count() as u32 } else { 0 };
    out.new_term(term, doc_freq, has_freq)?;
    for doc in entries.chunk_by(|a, b| a.0 == b.0) {
        if !has_freq {
            out.write_doc(doc[0].0, 0, &[]);
            continue;
        }
        deltas.clear();
        if record.has_positions() {
            let mut previous = 0;
            for &(_, position) in doc {
                deltas.push(position - previous);
                previous = position;
            }
        }
        out.write_doc(doc[0].0, doc.len() as u32, deltas);
    }
    out.close_term()
}

/// Postings of a field whose terms are ids of one [`Vocab`]: tokens are
/// appended in document order and inverted at the end.
pub(crate) struct IdPostings {
    pub field: Field,
    record: IndexRecordOption,
    /// `(term id, position)` in document order.
    tokens: Vec<(u32, u32)>,
    /// Each document with tokens, and the end of its tokens in `tokens`.
    docs: Vec<(DocId, u32)>,
}

impl IdPostings {
    pub(crate) fn new(field: Field, record: IndexRecordOption) -> IdPostings {
        IdPostings { field, record, tokens: Vec::new(), docs: Vec::new() }
    }

    #[inline]
    pub(crate) fn push(&mut self, id: u32, position: u32) {
        self.tokens.push((id, position));
    }

    /// Closes document `doc`: the tokens pushed since the last call are its.
    pub(crate) fn end_doc(&mut self, doc: DocId) {
        let end = self.tokens.len() as u32;
        if self.docs.last().map_or(0, |d| d.1) < end {
            self.docs.push((doc, end));
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.tokens.is_empty()
    }

    /// Writes the field: terms in byte order, each with its documents.
    pub(crate) fn serialize(
        &self,
        vocab: &Vocab,
        serializer: &mut InvertedIndexSerializer,
        fieldnorms: Option<FieldNormReader>,
    ) -> io::Result<()> {
        let mut counts = vec![0u32; vocab.len()];
        for &(id, _) in &self.tokens {
            counts[id as usize] += 1;
        }
        let mut used: Vec<u32> = (0..vocab.len() as u32).filter(|&id| counts[id as usize] > 0).collect();
        used.sort_unstable_by(|&a, &b| vocab.term(a).cmp(vocab.term(b)));
        // Counting sort: each term's entries get a contiguous run, filled in
        // document order, so every run comes out sorted by document.
        let mut cursor = vec![0u32; vocab.len()];
        let mut offset = 0;
        for &id in &used {
            cursor[id as usize] = offset;
            offset += counts[id as usize];
        }
        let mut entries = vec![(0 as DocId, 0u32); self.tokens.len()];
        let mut from = 0;
        for &(doc, end) in &self.docs {
            for &(id, position) in &self.tokens[from as usize..end as usize] {
                let c = &mut cursor[id as usize];
                entries[*c as usize] = (doc, position);
                *c += 1;
            }
            from = end;
        }
        let mut out = serializer.new_field(self.field, self.tokens.len() as u64, fieldnorms)?;
        let mut deltas = Vec::new();
        for &id in &used {
            let end = cursor[id as usize] as usize;
            let run = &entries[end - counts[id as usize] as usize..end];
            write_term(&mut out, vocab.term(id), run, self.record, &mut deltas)?;
        }
        out.close()
    }
}

/// Postings of a field with few tokens per document, kept per term.
pub(crate) struct TermPostings {
    pub field: Field,
    record: IndexRecordOption,
    terms: FxHashMap<Box<[u8]>, Vec<(DocId, u32)>>,
}

impl TermPostings {
    pub(crate) fn new(field: Field, record: IndexRecordOption) -> TermPostings {
        TermPostings { field, record, terms: FxHashMap::default() }
    }

    pub(crate) fn push(&mut self, term: &[u8], doc: DocId, position: u32) {
        match self.terms.get_mut(term) {
            Some(entries) => entries.push((doc, position)),
            None => {
                self.terms.insert(term.into(), vec![(doc, position)]);
            }
        }
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.terms.is_empty()
    }

    pub(crate) fn serialize(
        &self,
        serializer: &mut InvertedIndexSerializer,
        fieldnorms: Option<FieldNormReader>,
    ) -> io::Result<()> {
        let mut terms: Vec<_> = self.terms.iter().collect();
        terms.sort_unstable_by(|a, b| a.0.cmp(b.0));
        let tokens = terms.iter().map(|(_, entries)| entries.len() as u64).sum();
        let mut out = serializer.new_field(self.field, tokens, fieldnorms)?;
        let mut deltas = Vec::new();
        for (term, entries) in terms {
            write_term(&mut out, term, entries, self.record, &mut deltas)?;
        }
        out.close()
    }
}
