//! [`MemoWordTokenizer`]: word tokenization with each distinct spelling
//! analysed once.
//!
//! Indexing spends most of its analysis time lowercasing, looking up stop
//! words and stemming, and news text repeats a small vocabulary (Zipf's
//! law): the same few thousand spellings make up almost every token. So each
//! spelling as written ("Elections", "elections") is run through the
//! language's filter chain once and the resulting term (or its removal) is
//! remembered; later occurrences cost one hash lookup. The terms, positions
//! and offsets are exactly those of `SimpleTokenizer` followed by the chain.

use std::hash::Hasher;

use rustc_hash::FxHasher;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Slots of the memo table at most (64 bytes each: 16 MiB); when it is half
/// full the memo starts over, which bounds memory on text with an unbounded
/// vocabulary.
const MAX_SLOTS: usize = 1 << 18;
const FIRST_SLOTS: usize = 1 << 12;
/// Longest spelling and term kept in a slot, in bytes; longer words (rare)
/// go through the chain every time.
const INLINE: usize = 24;
/// `term_len` of a word the chain drops.
const DROPPED: u8 = u8::MAX;

/// One remembered spelling, key and term inline so that a lookup reads one
/// cache line and follows no pointer.
#[derive(Clone, Copy)]
#[repr(align(64))]
struct Slot {
    hash: u64,
    /// The term's id in the segment writer's vocabulary (unused by the
    /// query-side tokenizer).
    id: u32,
    /// 0: empty slot.
    key_len: u8,
    term_len: u8,
    key: [u8; INLINE],
    term: [u8; INLINE],
}

const EMPTY: Slot = Slot { hash: 0, id: 0, key_len: 0, term_len: 0, key: [0; INLINE], term: [0; INLINE] };

/// Spelling → term, open addressing with linear probing.
#[derive(Clone)]
pub(crate) struct MemoTable {
    slots: Vec<Slot>,
    len: usize,
}

impl MemoTable {
    /// Empty, with no slots until the first insert: analyzers are cloned
    /// for every query and every snippet, and most of those clones never
    /// see enough words to pay for a table.
    pub(crate) fn new() -> MemoTable {
        MemoTable { slots: Vec::new(), len: 0 }
    }

    fn hash(word: &[u8]) -> u64 {
        let mut h = FxHasher::default();
        h.write(word);
        h.finish()
    }

    fn padded(word: &[u8]) -> [u8; INLINE] {
        let mut key = [0; INLINE];
        key[..word.len()].copy_from_slice(word);
        key
    }

    /// The slot holding `word`, or the empty slot where it would go.
    fn find(&self, word: &[u8], hash: u64) -> usize {
        let mask = self.slots.len() - 1;
        let mut i = hash as usize & mask;
        loop {
            let s = &self.slots[i];
            if s.key_len == 0 || (s.hash == hash && s.key.get(..usize::from(s.key_len)) == Some(word)) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /// Asks the CPU to load the slot for `hash` into cache. A body's words
    /// are all hashed and prefetched before the first lookup: with a news
    /// vocabulary the table is megabytes and most lookups would otherwise
    /// wait for memory one after the other (more than half of the memo's
    /// time, measured), while prefetches overlap.
    #[inline]
    fn prefetch(&self, hash: u64) {
        if self.slots.is_empty() {
            return;
        }
        let slot = &self.slots[hash as usize & (self.slots.len() - 1)];
        // SAFETY: a prefetch is a hint that never faults and reads nothing
        // into the program; SSE is part of every x86_64 target.
        #[cfg(target_arch = "x86_64")]
        unsafe {
            std::arch::x86_64::_mm_prefetch::<{ std::arch::x86_64::_MM_HINT_T0 }>((slot as *const Slot).cast())
        };
        #[cfg(not(target_arch = "x86_64"))]
        let _ = slot;
    }

    /// The slot remembering `word`, if any.
    fn slot(&self, word: &[u8], hash: u64) -> Option<&Slot> {
        if word.is_empty() || word.len() > INLINE || self.slots.is_empty() {
            return None;
        }
        Some(&self.slots[self.find(word, hash)]).filter(|s| s.key_len != 0)
    }

    /// `Some(term)` (`None` inside: dropped) when `word` is remembered.
    fn get(&self, word: &[u8], hash: u64) -> Option<Option<&[u8]>> {
        self.slot(word, hash).map(|s| (s.term_len != DROPPED).then(|| &s.term[..usize::from(s.term_len)]))
    }

    /// `Some(id)` (`None` inside: dropped) when `word` is remembered by
    /// [`insert_id`](Self::insert_id).
    pub(crate) fn get_id(&self, word: &[u8], hash: u64) -> Option<Option<u32>> {
        self.slot(word, hash).map(|s| (s.term_len != DROPPED).then_some(s.id))
    }

    /// Remembers `word` → term id `id` (`None`: dropped) when `word` fits a slot.
    pub(crate) fn insert_id(&mut self, word: &[u8], hash: u64, id: Option<u32>) {
        self.insert_slot(word, hash, if id.is_some() { Some(&[]) } else { None }, id.unwrap_or(0));
    }

    /// Forgets every word.
    pub(crate) fn clear(&mut self) {
        self.slots = Vec::new();
        self.len = 0;
    }

    /// Remembers `word` → `term` when both fit a slot.
    fn insert(&mut self, word: &[u8], hash: u64, term: Option<&[u8]>) {
        self.insert_slot(word, hash, term, 0)
    }

    fn insert_slot(&mut self, word: &[u8], hash: u64, term: Option<&[u8]>, id: u32) {
        if word.is_empty() || word.len() > INLINE || term.is_some_and(|t| t.len() > INLINE) {
            return;
        }
        if self.slots.is_empty() {
            self.slots = vec![EMPTY; FIRST_SLOTS];
        } else if 2 * (self.len + 1) > self.slots.len() {
            if self.slots.len() >= MAX_SLOTS {
                self.slots.fill(EMPTY);
                self.len = 0;
            } else {
                let grown = vec![EMPTY; self.slots.len() * 2];
                let old = std::mem::replace(&mut self.slots, grown);
                for s in old.into_iter().filter(|s| s.key_len != 0) {
                    let i = self.find(&s.key[..usize::from(s.key_len)], s.hash);
                    self.slots[i] = s;
                }
            }
        }
        let i = self.find(word, hash);
        let (term_len, term) = match term {
            Some(t) => (t.len() as u8, Self::padded(t)),
            None => (DROPPED, [0; INLINE]),
        };
        if self.slots[i].key_len == 0 {
            self.len += 1;
        }
        self.slots[i] = Slot { hash, id, key_len: word.len() as u8, term_len, key: Self::padded(word), term };
    }
}

/// Splits text into runs of alphanumeric characters (as `SimpleTokenizer`)
/// and maps each through a per-word analyzer, memoised.
#[derive(Clone)]
pub(crate) struct MemoWordTokenizer {
    /// The per-word analyzer: a `RawTokenizer` and filters, so the whole word
    /// goes in as one token and at most one term comes out.
    chain: TextAnalyzer,
    /// Spelling → term, or dropped by the chain (stop word, too long).
    memo: MemoTable,
    token: Token,
    /// The words of the text being tokenized, found and hashed up front.
    words: Vec<Word>,
}

/// A word of the text: byte range and memo hash.
#[derive(Clone, Copy)]
pub(crate) struct Word {
    pub from: usize,
    pub to: usize,
    pub hash: u64,
}

/// Fills `words` with the words of `text`, hashed, and asks the CPU to load
/// each one's memo slot (see [`MemoTable::prefetch`]) before any lookup.
pub(crate) fn hashed_words(memo: &MemoTable, text: &str, words: &mut Vec<Word>) {
    words.clear();
    let mut cursor = 0;
    while let Some((from, to)) = next_word(text, &mut cursor) {
        let hash = MemoTable::hash(&text.as_bytes()[from..to]);
        memo.prefetch(hash);
        words.push(Word { from, to, hash });
    }
}

impl MemoWordTokenizer {
    pub(crate) fn new(chain: TextAnalyzer) -> MemoWordTokenizer {
        MemoWordTokenizer { chain, memo: MemoTable::new(), token: Token::default(), words: Vec::new() }
    }
}

pub(crate) struct MemoWordStream<'a> {
    text: &'a str,
    words: std::slice::Iter<'a, Word>,
    chain: &'a mut TextAnalyzer,
    memo: &'a mut MemoTable,
    token: &'a mut Token,
}

impl Tokenizer for MemoWordTokenizer {
    type TokenStream<'a> = MemoWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoWordStream<'a> {
        self.token.reset();
        hashed_words(&self.memo, text, &mut self.words);
        MemoWordStream {
            text,
            words: self.words.iter(),
            chain: &mut self.chain,
            memo: &mut self.memo,
            token: &mut self.token,
        }
    }
}

/// The next run of alphanumeric characters at or after `*cursor`, as a byte
/// range; ASCII is classified byte by byte, the rest by `char::is_alphanumeric`.
fn next_word(text: &str, cursor: &mut usize) -> Option<(usize, usize)> {
    let bytes = text.as_bytes();
    let mut i = *cursor;
    // Skip to the start of a word.
    let start = loop {
        let &b = bytes.get(i)?;
        if b < 0x80 {
            if b.is_ascii_alphanumeric() {
                break i;
            }
            i += 1;
        } else {
            let c = text[i..].chars().next()?;
            if c.is_alphanumeric() {
                break i;
            }
            i += c.len_utf8();
        }
    };
    // Find its end.
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !b.is_ascii_alphanumeric() {
                break;
            }
            i += 1;
        } else {
            match text[i..].chars().next() {
                Some(c) if c.is_alphanumeric() => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    *cursor = i;
    Some((start, i))
}

/// Runs one word through the chain into `out`; false when dropped.
pub(crate) fn analyze(chain: &mut TextAnalyzer, word: &str, out: &mut String) -> bool {
    let mut stream = chain.token_stream(word);
    if !stream.advance() {
        return false;
    }
    out.clear();
    out.push_str(&stream.token().text);
    true
}

impl TokenStream for MemoWordStream<'_> {
    fn advance(&mut self) -> bool {
        for &Word { from, to, hash } in self.words.by_ref() {
            // Dropped words keep their position, as in a filter chain, so a
            // phrase across a stop word still needs the gap.
            self.token.position = self.token.position.wrapping_add(1);
            let word = &self.text[from..to];
            let kept = match self.memo.get(word.as_bytes(), hash) {
                Some(Some(term)) => {
                    self.token.text.clear();
                    // Terms are whole chain outputs: valid UTF-8.
                    self.token.text.push_str(std::str::from_utf8(term).unwrap_or_default());
                    true
                }
                Some(None) => false,
                None => {
                    let kept = analyze(self.chain, word, &mut self.token.text);
                    self.memo.insert(word.as_bytes(), hash, kept.then_some(self.token.text.as_bytes()));
                    kept
                }
            };
            if kept {
                self.token.offset_from = from;
                self.token.offset_to = to;
                return true;
            }
        }
        false
    }

    fn token(&self) -> &Token {
        &*self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut *self.token
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{
        AsciiFoldingFilter, Language, LowerCaser, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    };

    use super::*;

    fn collect(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, usize, usize, String)> {
        let mut out = Vec::new();
        let mut stream = analyzer.token_stream(text);
        while stream.advance() {
            let t = stream.token();
            out.push((t.position, t.offset_from, t.offset_to, t.text.clone()));
        }
        out
    }

    /// The memo must not change a single term, position or offset compared
    /// with the plain filter chain it replaces.
    #[test]
    fn same_tokens_as_the_plain_chain() {
        for lang in [Language::English, Language::French, Language::German, Language::Russian, Language::Turkish] {
            let plain = TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .dynamic();
            let plain = match StopWordFilter::new(lang) {
                Some(stop) => plain.filter_dynamic(stop),
                None => plain,
            };
            let mut plain = plain.filter_dynamic(Stemmer::new(lang)).filter_dynamic(AsciiFoldingFilter).build();
            let mut memo = crate::analysis::group_analyzer(&crate::analysis::Group { code: "x", stemmer: Some(lang) });
            let text = "The Élections were held; the elections, ELECTIONS! Straße İstanbul 東京 \
                        café's naïve co-operation 3.5% x²  Москва выборы выборах \
                        aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa end.";
            // Twice, so the second pass is served from the memo.
            for _ in 0..2 {
                assert_eq!(collect(&mut memo, text), collect(&mut plain, text), "{lang:?}");
            }
        }
    }

    /// Past the first table size the memo grows and rehashes; every term
    /// must survive that.
    #[test]
    fn many_spellings_survive_growth() {
        let chain = || {
            TextAnalyzer::builder(SimpleTokenizer::default())
                .filter(RemoveLongFilter::limit(40))
                .filter(LowerCaser)
                .filter(StopWordFilter::new(Language::English).expect("stop words"))
                .filter(Stemmer::new(Language::English))
                .build()
        };
        let mut plain = chain();
        let mut memo =
            crate::analysis::group_analyzer(&crate::analysis::Group { code: "x", stemmer: Some(Language::English) });
        let text: String = (0..6000).map(|i| format!("Walking{i}s the running{} ", i % 97)).collect();
        for _ in 0..2 {
            assert_eq!(collect(&mut memo, &text), collect(&mut plain, &text));
        }
    }

    #[test]
    fn words_split_like_simple_tokenizer() {
        let mut cursor = 0;
        let text = "  a1-b²\u{00a0}日本, ";
        let mut words = Vec::new();
        while let Some((f, t)) = next_word(text, &mut cursor) {
            words.push(&text[f..t]);
        }
        assert_eq!(words, ["a1", "b²", "日本"]);
    }
}
