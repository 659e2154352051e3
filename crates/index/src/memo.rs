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

use rustc_hash::FxHashMap;
use tantivy::tokenizer::{TextAnalyzer, Token, TokenStream, Tokenizer};

/// Distinct spellings remembered before the memo starts over: bounds memory
/// (about 80 bytes an entry) on text with an unbounded vocabulary.
const MEMO_CAP: usize = 1 << 18;

/// Splits text into runs of alphanumeric characters (as `SimpleTokenizer`)
/// and maps each through a per-word analyzer, memoised.
#[derive(Clone)]
pub(crate) struct MemoWordTokenizer {
    /// The per-word analyzer: a `RawTokenizer` and filters, so the whole word
    /// goes in as one token and at most one term comes out.
    chain: TextAnalyzer,
    /// Spelling → term; `None` when the chain drops the word (stop word, too long).
    memo: FxHashMap<Box<str>, Option<Box<str>>>,
    token: Token,
}

impl MemoWordTokenizer {
    pub(crate) fn new(chain: TextAnalyzer) -> MemoWordTokenizer {
        MemoWordTokenizer { chain, memo: FxHashMap::default(), token: Token::default() }
    }
}

pub(crate) struct MemoWordStream<'a> {
    text: &'a str,
    cursor: usize,
    chain: &'a mut TextAnalyzer,
    memo: &'a mut FxHashMap<Box<str>, Option<Box<str>>>,
    token: &'a mut Token,
}

impl Tokenizer for MemoWordTokenizer {
    type TokenStream<'a> = MemoWordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> MemoWordStream<'a> {
        self.token.reset();
        if self.memo.len() > MEMO_CAP {
            self.memo.clear();
        }
        MemoWordStream { text, cursor: 0, chain: &mut self.chain, memo: &mut self.memo, token: &mut self.token }
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

/// Runs one word through the chain: its term, or `None` when dropped.
fn analyze(chain: &mut TextAnalyzer, word: &str) -> Option<Box<str>> {
    let mut stream = chain.token_stream(word);
    stream.advance().then(|| stream.token().text.as_str().into())
}

impl TokenStream for MemoWordStream<'_> {
    fn advance(&mut self) -> bool {
        while let Some((from, to)) = next_word(self.text, &mut self.cursor) {
            // Dropped words keep their position, as in a filter chain, so a
            // phrase across a stop word still needs the gap.
            self.token.position = self.token.position.wrapping_add(1);
            let word = &self.text[from..to];
            let term = match self.memo.get(word) {
                Some(term) => term.as_deref(),
                None => {
                    let term = analyze(self.chain, word);
                    self.memo.entry(word.into()).or_insert(term).as_deref()
                }
            };
            if let Some(term) = term {
                self.token.text.clear();
                self.token.text.push_str(term);
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
