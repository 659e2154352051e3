//! Text analysis: which analyzer an article's text goes through, chosen by its
//! language, and the character-bigram tokenizer for scripts written without
//! spaces.

use tantivy::tokenizer::{
    AsciiFoldingFilter, Language, LowerCaser, RawTokenizer, RemoveLongFilter, SimpleTokenizer, Stemmer, StopWordFilter,
    TextAnalyzer, Token, TokenStream, Tokenizer, TokenizerManager,
};

use crate::memo::MemoWordTokenizer;

/// Tokens longer than this are URLs, hashes or glued garbage: not worth a term.
const MAX_TOKEN_LEN: usize = 40;

/// A language group: the articles whose text shares one analyzer and one pair
/// of `title_*` / `text_*` fields. Keeping languages in separate fields means
/// each field's terms and BM25 statistics come from one language only.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Group {
    /// Field-name suffix and the value of the `group` field.
    pub code: &'static str,
    /// Snowball stemmer (and stop words where tantivy has a list); `None` is the
    /// catch-all group: no stemming, CJK bigrams.
    pub stemmer: Option<Language>,
}

/// Every group; the last one (`intl`) takes every language without a stemmer,
/// articles without a language, and the CJK languages.
pub(crate) const GROUPS: &[Group] = &[
    Group { code: "en", stemmer: Some(Language::English) },
    Group { code: "de", stemmer: Some(Language::German) },
    Group { code: "fr", stemmer: Some(Language::French) },
    Group { code: "es", stemmer: Some(Language::Spanish) },
    Group { code: "pt", stemmer: Some(Language::Portuguese) },
    Group { code: "it", stemmer: Some(Language::Italian) },
    Group { code: "nl", stemmer: Some(Language::Dutch) },
    Group { code: "ru", stemmer: Some(Language::Russian) },
    Group { code: "sv", stemmer: Some(Language::Swedish) },
    Group { code: "da", stemmer: Some(Language::Danish) },
    Group { code: "no", stemmer: Some(Language::Norwegian) },
    Group { code: "fi", stemmer: Some(Language::Finnish) },
    Group { code: "hu", stemmer: Some(Language::Hungarian) },
    Group { code: "ro", stemmer: Some(Language::Romanian) },
    Group { code: "tr", stemmer: Some(Language::Turkish) },
    Group { code: "el", stemmer: Some(Language::Greek) },
    Group { code: "ar", stemmer: Some(Language::Arabic) },
    Group { code: "intl", stemmer: None },
];

/// Index into [`GROUPS`] of the catch-all group.
pub(crate) const INTL: usize = GROUPS.len() - 1;

/// The group for an ISO 639-1 code (already normalised by [`normalize_lang`]).
pub(crate) fn group_of(lang: Option<&str>) -> usize {
    let Some(lang) = lang else { return INTL };
    let lang = match lang {
        "nb" | "nn" => "no",
        other => other,
    };
    GROUPS.iter().position(|g| g.code == lang && g.stemmer.is_some()).unwrap_or(INTL)
}

/// `en-US`, `EN`, `en_GB` → `en`: the primary subtag, lowercase.
pub(crate) fn normalize_lang(lang: &str) -> Option<String> {
    let primary = lang.trim().split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    (!primary.is_empty()).then_some(primary)
}

/// Tokenizer names registered on the index.
pub(crate) const PLAIN: &str = "nd_plain";
pub(crate) const RAW_LOWER: &str = "nd_raw_lower";

pub(crate) fn analyzer_name(group: &Group) -> String {
    format!("nd_{}", group.code)
}

/// The analyzer that a group's fields are indexed and queried with.
pub(crate) fn group_analyzer(group: &Group) -> TextAnalyzer {
    match group.stemmer {
        Some(lang) => TextAnalyzer::from(MemoWordTokenizer::new(word_chain(lang))),
        None => TextAnalyzer::builder(CjkBigramTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

/// What one word of a stemmed language goes through: long-word removal,
/// lowercasing, stop words (where tantivy has a list), stemming, then folding.
/// Folding comes after stemming: the stemmers expect accents ("élections" →
/// "élect"), but researchers often type without them; folding both the
/// index and the query side makes "election" find "élection".
pub(crate) fn word_chain(lang: Language) -> TextAnalyzer {
    let base = TextAnalyzer::builder(RawTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .dynamic();
    let base = match StopWordFilter::new(lang) {
        Some(stop) => base.filter_dynamic(stop),
        None => base,
    };
    base.filter_dynamic(Stemmer::new(lang)).filter_dynamic(AsciiFoldingFilter).build()
}

/// The analyzer for the word before a prefix `*`: the group's analyzer without
/// stop words and stemming (a prefix is not a word, stemming it would cut it
/// further), so `elect*` still reaches the stemmed term `elect`.
pub(crate) fn prefix_analyzer(group: &Group) -> TextAnalyzer {
    match group.stemmer {
        Some(_) => plain_analyzer(),
        None => TextAnalyzer::builder(CjkBigramTokenizer::default())
            .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
            .filter(LowerCaser)
            .filter(AsciiFoldingFilter)
            .build(),
    }
}

/// Words, lowercased and folded: authors and source names.
pub(crate) fn plain_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(MAX_TOKEN_LEN))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// The whole value as one lowercase term: case-insensitive exact match.
pub(crate) fn raw_lower_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(RawTokenizer::default()).filter(LowerCaser).build()
}

pub(crate) fn register(manager: &TokenizerManager) {
    for g in GROUPS {
        manager.register(&analyzer_name(g), group_analyzer(g));
    }
    manager.register(PLAIN, plain_analyzer());
    manager.register(RAW_LOWER, raw_lower_analyzer());
}

/// Runs `text` through `analyzer`: (position, term text) pairs.
pub(crate) fn tokens(analyzer: &mut TextAnalyzer, text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    let mut stream = analyzer.token_stream(text);
    while stream.advance() {
        let t = stream.token();
        out.push((t.position, t.text.clone()));
    }
    out
}

/// Scripts written without spaces between words (Han, kana, Thai, Lao, Khmer,
/// Myanmar) and Hangul, whose space-separated units carry particles: a word
/// tokenizer would make a whole clause one term, so these get bigrams.
pub fn is_cjk(c: char) -> bool {
    matches!(c as u32,
        0x0E00..=0x0EFF      // Thai, Lao
        | 0x1000..=0x109F    // Myanmar
        | 0x1100..=0x11FF    // Hangul Jamo
        | 0x1780..=0x17FF    // Khmer
        | 0x3040..=0x30FF    // Hiragana, Katakana
        | 0x3130..=0x318F    // Hangul compatibility Jamo
        | 0x31F0..=0x31FF    // Katakana phonetic extensions
        | 0x3400..=0x4DBF    // CJK extension A
        | 0x4E00..=0x9FFF    // CJK unified ideographs
        | 0xAC00..=0xD7AF    // Hangul syllables
        | 0xF900..=0xFAFF    // CJK compatibility ideographs
        | 0xFF66..=0xFF9F    // half-width Katakana
        | 0x20000..=0x2FA1F  // CJK extensions B..F, compatibility supplement
    )
}

/// Words for alphabetic text, overlapping character bigrams for runs of
/// [`is_cjk`] characters (a run of one character is a unigram). `東京都` gives
/// `東京`, `京都` at consecutive positions, so a query for any substring of two
/// or more characters becomes a phrase of bigrams and finds it.
#[derive(Clone, Default)]
pub(crate) struct CjkBigramTokenizer {
    token: Token,
}

pub(crate) struct CjkBigramStream<'a> {
    text: &'a str,
    /// Byte offset of the next unread character.
    cursor: usize,
    /// Inside a CJK run: byte range of the previous character, and whether the
    /// run has produced a bigram yet.
    prev: Option<(usize, usize, bool)>,
    token: &'a mut Token,
}

impl Tokenizer for CjkBigramTokenizer {
    type TokenStream<'a> = CjkBigramStream<'a>;
    fn token_stream<'a>(&'a mut self, text: &'a str) -> CjkBigramStream<'a> {
        self.token.reset();
        CjkBigramStream { text, cursor: 0, prev: None, token: &mut self.token }
    }
}

impl CjkBigramStream<'_> {
    fn emit(&mut self, from: usize, to: usize) -> bool {
        self.token.text.clear();
        self.token.text.push_str(&self.text[from..to]);
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        true
    }
}

impl TokenStream for CjkBigramStream<'_> {
    fn advance(&mut self) -> bool {
        loop {
            let next = self.text[self.cursor..].chars().next();
            if let Some((pstart, pend, emitted)) = self.prev {
                match next {
                    Some(c) if is_cjk(c) => {
                        let end = self.cursor + c.len_utf8();
                        self.prev = Some((self.cursor, end, true));
                        self.cursor = end;
                        return self.emit(pstart, end);
                    }
                    _ => {
                        self.prev = None;
                        if !emitted {
                            return self.emit(pstart, pend);
                        }
                        continue;
                    }
                }
            }
            let Some(c) = next else { return false };
            let start = self.cursor;
            self.cursor += c.len_utf8();
            if is_cjk(c) {
                self.prev = Some((start, self.cursor, false));
            } else if c.is_alphanumeric() {
                let rest = &self.text[self.cursor..];
                let len = rest.find(|c: char| !c.is_alphanumeric() || is_cjk(c)).unwrap_or(rest.len());
                self.cursor += len;
                return self.emit(start, self.cursor);
            }
        }
    }

    fn token(&self) -> &Token {
        &*self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut *self.token
    }
}
