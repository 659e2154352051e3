//! Content terms of sentences: lower-cased words without the language's
//! function words, Snowball-stemmed where the language has a stemmer, and
//! character bigrams for scripts written without spaces.

use std::borrow::Cow;

use frostem::Stemmer;
use rustc_hash::FxHashMap;

/// Interns the terms of one article, stemming each distinct word once. Keys
/// borrow from the article where they can: most words are already lower
/// case and many stems equal their word.
pub(crate) struct Terms<'t> {
    lang: Option<&'t str>,
    stemmer: Option<Stemmer>,
    /// Word as written -> term id, `None` for a function word.
    words: FxHashMap<&'t str, Option<u32>>,
    /// Stem -> term id.
    stems: FxHashMap<Cow<'t, str>, u32>,
}

impl<'t> Terms<'t> {
    pub(crate) fn new(lang: Option<&'t str>) -> Self {
        let stemmer = lang.and_then(|code| {
            let primary = code.split(['-', '_']).next().unwrap_or("");
            Stemmer::try_from_name(primary).ok()
        });
        Terms { lang, stemmer, words: FxHashMap::default(), stems: FxHashMap::default() }
    }

    /// How many distinct terms have been seen.
    pub(crate) fn len(&self) -> usize {
        self.stems.len()
    }

    /// Appends the term ids of `text` to `out` (repeats kept).
    pub(crate) fn extract(&mut self, text: &'t str, out: &mut Vec<u32>) {
        for word in text.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()) {
            if !word.is_ascii() && word.chars().any(is_unspaced_script) {
                self.bigrams(word, out);
                continue;
            }
            if let Some(id) = self.word(word) {
                out.push(id);
            }
        }
    }

    fn word(&mut self, word: &'t str) -> Option<u32> {
        if let Some(&id) = self.words.get(word) {
            return id;
        }
        let lower: Cow<'t, str> =
            if word.chars().any(char::is_uppercase) { Cow::Owned(word.to_lowercase()) } else { Cow::Borrowed(word) };
        let single_letter = lower.chars().nth(1).is_none();
        let id = if single_letter || newsdesk_text::is_stop_word(&lower, self.lang) {
            None
        } else {
            let stem = match (&self.stemmer, lower) {
                (Some(stemmer), Cow::Borrowed(w)) => stemmer.stem(w),
                (Some(stemmer), Cow::Owned(w)) => Cow::Owned(stemmer.stem(&w).into_owned()),
                (None, lower) => lower,
            };
            Some(self.intern(stem))
        };
        self.words.insert(word, id);
        id
    }

    fn intern(&mut self, term: Cow<'t, str>) -> u32 {
        let next = self.stems.len() as u32;
        *self.stems.entry(term).or_insert(next)
    }

    /// Chinese, Japanese, Thai and the like: overlapping character pairs
    /// stand in for words (a lone character counts as itself).
    fn bigrams(&mut self, run: &'t str, out: &mut Vec<u32>) {
        let chars: Vec<char> = run.chars().collect();
        if chars.len() == 1 {
            let id = self.intern(Cow::Borrowed(run));
            out.push(id);
            return;
        }
        for pair in chars.windows(2) {
            let id = self.intern(Cow::Owned(pair.iter().collect()));
            out.push(id);
        }
    }
}

fn is_unspaced_script(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF // Hiragana, Katakana
        | 0x3400..=0x4DBF // CJK extension A
        | 0x4E00..=0x9FFF // CJK unified ideographs
        | 0xF900..=0xFAFF // CJK compatibility ideographs
        | 0x0E00..=0x0E7F // Thai
        | 0x0E80..=0x0EFF // Lao
        | 0x1000..=0x109F // Myanmar
        | 0x1780..=0x17FF // Khmer
        | 0x20000..=0x2FA1F // CJK extensions B-F
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn terms(text: &str, lang: Option<&str>) -> Vec<u32> {
        let mut t = Terms::new(lang);
        let mut out = Vec::new();
        t.extract(text, &mut out);
        out
    }

    #[test]
    fn stop_words_dropped_and_stems_shared() {
        let ids = terms("The kidneys and a kidney", Some("en"));
        assert_eq!(ids.len(), 2);
        assert_eq!(ids[0], ids[1]);
        let de = terms("Die Regierungen und der Regierung", Some("de"));
        assert_eq!(de.len(), 2);
        assert_eq!(de[0], de[1]);
    }

    #[test]
    fn unspaced_scripts_and_unknown_languages() {
        assert_eq!(terms("東京都", Some("ja")).len(), 2);
        assert_eq!(terms("中", None).len(), 1);
        let greek = terms("Ελλάδα και Ελλάδα", Some("xx"));
        assert_eq!(greek.len(), 3);
        assert_eq!(greek[0], greek[2]);
        assert!(terms("", Some("en")).is_empty());
        assert!(terms("… — 🎉", Some("en")).is_empty());
    }
}
