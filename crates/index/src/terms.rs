//! [`GroupTerms`]: a language group's analysis for the segment writer, with
//! every term turned into a dense id.
//!
//! tantivy's own indexer looks each token up in a term hash table that holds
//! the whole segment's vocabulary: one chain of dependent cache misses per
//! token, the largest cost of indexing. Here a word's spelling is memoised
//! straight to a term id (one prefetched lookup, as in [`MemoWordTokenizer`]),
//! so the inverter only appends `(id, position)` pairs and sorts them once per
//! segment. The ids, terms and positions are exactly those of the group's
//! registered analyzer (tested against it).
//!
//! [`MemoWordTokenizer`]: crate::memo::MemoWordTokenizer

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, TokenStream};

use crate::analysis::{group_analyzer, word_chain, Group};
use crate::memo::{analyze, hashed_words, MemoTable, Word};

/// The vocabulary is dropped between segments once it holds this many terms,
/// which bounds memory on text with an unbounded vocabulary (ids only need to
/// stay stable within one segment).
const MAX_TERMS: usize = 1 << 21;

/// Term bytes ↔ dense id.
#[derive(Default)]
pub(crate) struct Vocab {
    ids: FxHashMap<Box<[u8]>, u32>,
    terms: Vec<Box<[u8]>>,
}

impl Vocab {
    pub(crate) fn id(&mut self, term: &[u8]) -> u32 {
        if let Some(&id) = self.ids.get(term) {
            return id;
        }
        let id = u32::try_from(self.terms.len()).expect("fewer than 2^32 terms in a vocabulary");
        self.terms.push(term.into());
        self.ids.insert(term.into(), id);
        id
    }

    pub(crate) fn term(&self, id: u32) -> &[u8] {
        &self.terms[id as usize]
    }

    pub(crate) fn len(&self) -> usize {
        self.terms.len()
    }
}

enum Analysis {
    /// Stemmed languages: words split as `SimpleTokenizer` does, each
    /// spelling run through the chain once.
    Words { chain: TextAnalyzer, memo: MemoTable, words: Vec<Word>, term: String },
    /// The catch-all group (CJK bigrams): the analyzer itself, its terms
    /// looked up in the vocabulary.
    Analyzer(TextAnalyzer),
}

/// One language group's analysis with term ids; one per writer thread.
pub(crate) struct GroupTerms {
    analysis: Analysis,
    pub(crate) vocab: Vocab,
}

impl GroupTerms {
    pub(crate) fn new(group: &Group) -> GroupTerms {
        let analysis = match group.stemmer {
            Some(lang) => Analysis::Words {
                chain: word_chain(lang),
                memo: MemoTable::new(),
                words: Vec::new(),
                term: String::new(),
            },
            None => Analysis::Analyzer(group_analyzer(group)),
        };
        GroupTerms { analysis, vocab: Vocab::default() }
    }

    /// Called before a segment starts: forgets the vocabulary when it has
    /// grown past [`MAX_TERMS`].
    pub(crate) fn start_segment(&mut self) {
        if self.vocab.len() > MAX_TERMS {
            self.vocab = Vocab::default();
            if let Analysis::Words { memo, .. } = &mut self.analysis {
                memo.clear();
            }
        }
    }

    /// Calls `emit(term id, position, position length)` for each term of
    /// `text`, positions counted from 0 as the group's analyzer counts them.
    pub(crate) fn analyze(&mut self, text: &str, mut emit: impl FnMut(u32, u32, u32)) {
        let vocab = &mut self.vocab;
        match &mut self.analysis {
            Analysis::Words { chain, memo, words, term } => {
                hashed_words(memo, text, words);
                // Dropped words keep their position (see `MemoWordStream`).
                for (position, &Word { from, to, hash }) in words.iter().enumerate() {
                    let word = &text.as_bytes()[from..to];
                    let id = match memo.get_id(word, hash) {
                        Some(id) => id,
                        None => {
                            let id = analyze(chain, &text[from..to], term).then(|| vocab.id(term.as_bytes()));
                            memo.insert_id(word, hash, id);
                            id
                        }
                    };
                    if let Some(id) = id {
                        emit(id, position as u32, 1);
                    }
                }
            }
            Analysis::Analyzer(analyzer) => {
                let mut stream = analyzer.token_stream(text);
                while stream.advance() {
                    let t = stream.token();
                    emit(vocab.id(t.text.as_bytes()), t.position as u32, t.position_length as u32);
                }
            }
        }
    }
}
