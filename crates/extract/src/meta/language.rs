//! Language: the page's declaration (`<html lang>`, `content-language`,
//! `og:locale`, JSON-LD `inLanguage`) checked against detection on the text.

use std::collections::HashMap;
use std::sync::LazyLock;

use whatlang::{Detector, Lang};

/// ISO 639-1 code from a declared tag: "en-US", "en_GB", "EN", "pt-br" → "en", "pt".
/// Three-letter codes that have a two-letter form are mapped too ("eng" → "en").
pub(crate) fn normalize_tag(tag: &str) -> Option<String> {
    let primary = tag.trim().split([',', ';']).next()?.trim();
    let primary = primary.split(['-', '_']).next()?.trim().to_ascii_lowercase();
    if primary.len() == 2 && primary.chars().all(|c| c.is_ascii_alphabetic()) {
        return Some(primary);
    }
    if primary.len() == 3 {
        if let Some(l) = Lang::from_code(&primary) {
            return iso639_1(l).map(str::to_string);
        }
    }
    None
}

/// Two-letter codes for whatlang's languages; `None` where ISO 639-1 has none
/// (whatlang's Akan is close enough to "ak"; Mandarin maps to "zh").
pub(crate) fn iso639_1(l: Lang) -> Option<&'static str> {
    use Lang::*;
    Some(match l {
        Epo => "eo",
        Eng => "en",
        Rus => "ru",
        Cmn => "zh",
        Spa => "es",
        Por => "pt",
        Ita => "it",
        Ben => "bn",
        Fra => "fr",
        Deu => "de",
        Ukr => "uk",
        Kat => "ka",
        Ara => "ar",
        Hin => "hi",
        Jpn => "ja",
        Heb => "he",
        Yid => "yi",
        Pol => "pl",
        Amh => "am",
        Jav => "jv",
        Kor => "ko",
        Nob => "nb",
        Dan => "da",
        Swe => "sv",
        Fin => "fi",
        Tur => "tr",
        Nld => "nl",
        Hun => "hu",
        Ces => "cs",
        Ell => "el",
        Bul => "bg",
        Bel => "be",
        Mar => "mr",
        Kan => "kn",
        Ron => "ro",
        Slv => "sl",
        Hrv => "hr",
        Srp => "sr",
        Mkd => "mk",
        Lit => "lt",
        Lav => "lv",
        Est => "et",
        Tam => "ta",
        Vie => "vi",
        Urd => "ur",
        Tha => "th",
        Guj => "gu",
        Uzb => "uz",
        Pan => "pa",
        Aze => "az",
        Ind => "id",
        Tel => "te",
        Pes => "fa",
        Mal => "ml",
        Ori => "or",
        Mya => "my",
        Nep => "ne",
        Sin => "si",
        Khm => "km",
        Tuk => "tk",
        Aka => "ak",
        Zul => "zu",
        Sna => "sn",
        Afr => "af",
        Lat => "la",
        Slk => "sk",
        Cat => "ca",
        Tgl => "tl",
        Hye => "hy",
        Cym => "cy",
        #[allow(unreachable_patterns)]
        _ => return None,
    })
}

/// Languages a detector cannot tell apart on short text; a declaration naming
/// the sibling is not contradicted ("no" page detected as Danish, "bs" page
/// detected as Croatian, "ms" page detected as Indonesian).
fn close(a: &str, b: &str) -> bool {
    const GROUPS: &[&[&str]] = &[
        &["no", "nb", "nn", "da", "sv"],
        &["hr", "sr", "bs", "sl", "mk"],
        &["id", "ms"],
        &["fa", "ur", "ar"],
        &["hi", "mr", "ne"],
        &["cs", "sk"],
        &["ru", "uk", "be", "bg"],
    ];
    GROUPS.iter().any(|g| g.contains(&a) && g.contains(&b))
}

/// Bytes of text given to the detector (about 600 characters of Latin
/// script, fewer of others).
const SAMPLE_BYTES: usize = 700;

/// The text's language (ISO 639-1). A declared language is trusted unless
/// detection is reliable, sure (confidence ≥ 0.9 on at least 200 characters)
/// and names a language that is not a close sibling.
pub(crate) fn detect(text: &str, declared: Option<&str>) -> Option<String> {
    let declared = declared.and_then(normalize_tag);
    // Detection on the first thousand or so characters is nearly as good as
    // on all of them and bounds the cost on long articles.
    let mut end = text.len().min(SAMPLE_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    let sample = &text[..end];
    // Function words settle most pages cheaply: detection is the costly part.
    let shares = function_word_shares(sample);
    match declared.as_deref() {
        Some(d) if declared_fits(shares.as_ref(), d) => return declared,
        None => {
            if let Some(lang) = dominant_language(shares.as_ref()) {
                return Some(lang.to_string());
            }
        }
        Some(_) => {}
    }
    let enough = sample.chars().filter(|c| c.is_alphabetic()).count() >= 200;
    let info = Detector::new().detect(sample);
    let detected = info.as_ref().and_then(|i| iso639_1(i.lang()).map(|c| (c, i.is_reliable(), i.confidence())));
    match (declared, detected) {
        (Some(d), Some((code, reliable, conf))) => {
            if code != d && reliable && conf >= 0.9 && enough && !close(code, &d) {
                Some(code.to_string())
            } else {
                Some(d)
            }
        }
        (Some(d), None) => Some(d),
        (None, Some((code, reliable, _))) if reliable || enough => Some(code.to_string()),
        (None, _) => None,
    }
}

/// Languages with a function-word list, in bit order.
const WORD_LANGS: [&str; 8] = ["en", "de", "fr", "es", "pt", "it", "nl", "ru"];

/// The commonest function words of those languages.
const FUNCTION_WORDS: [&[&str]; 8] = [
    &[
        "the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "said", "it", "as", "at", "by", "he",
        "from", "be", "has", "have", "are", "an", "this", "they",
    ],
    &[
        "der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem",
        "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus",
    ],
    &[
        "de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour", "qui", "dans", "par",
        "sur", "au", "pas", "plus", "il", "ce", "avec", "a", "sont",
    ],
    &[
        "de", "la", "que", "el", "en", "y", "a", "los", "del", "se", "las", "por", "un", "para", "con", "no", "una",
        "su", "al", "es", "lo", "como", "más", "pero", "sus",
    ],
    &[
        "de", "a", "o", "que", "e", "do", "da", "em", "um", "para", "é", "com", "não", "uma", "os", "no", "se", "na",
        "por", "mais", "as", "dos", "como", "mas", "ao",
    ],
    &[
        "di", "e", "il", "la", "che", "in", "a", "per", "un", "del", "non", "è", "della", "le", "si", "con", "una",
        "da", "sono", "al", "i", "gli", "nel", "alla", "anche",
    ],
    &[
        "de", "van", "het", "een", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die", "niet", "aan",
        "er", "om", "ook", "als", "bij", "worden", "door", "naar", "heeft",
    ],
    &[
        "и",
        "в",
        "не",
        "на",
        "что",
        "с",
        "по",
        "он",
        "как",
        "это",
        "к",
        "из",
        "за",
        "от",
        "о",
        "так",
        "его",
        "для",
        "был",
        "но",
        "же",
        "уже",
        "до",
        "при",
        "также",
    ],
];

/// Each function word with the set of languages (bits) it belongs to.
static WORD_BITS: LazyLock<HashMap<&'static str, u8>> = LazyLock::new(|| {
    let mut m = HashMap::new();
    for (bit, words) in FUNCTION_WORDS.iter().enumerate() {
        for w in *words {
            *m.entry(*w).or_insert(0) |= 1 << bit;
        }
    }
    m
});

/// Share (percent) of the sample's words that are function words of each
/// language in [`WORD_LANGS`]; `None` when the sample is too short to say.
/// Function words are a fifth to a third of running text; a text in another
/// language sharing a few of them ("a", "de") stays far below.
fn function_word_shares(sample: &str) -> Option<[usize; 8]> {
    let mut hits = [0usize; 8];
    let mut total = 0usize;
    let mut lower = String::new();
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        total += 1;
        let key = if w.chars().all(char::is_lowercase) {
            w
        } else {
            lower.clear();
            lower.extend(w.chars().flat_map(char::to_lowercase));
            lower.as_str()
        };
        if let Some(&bits) = WORD_BITS.get(key) {
            for (i, h) in hits.iter_mut().enumerate() {
                *h += usize::from(bits & (1 << i) != 0);
            }
        }
    }
    (total >= 40).then(|| hits.map(|h| h * 100 / total))
}

/// Whether the declared language's function words fit the sample.
fn declared_fits(shares: Option<&[usize; 8]>, lang: &str) -> bool {
    let Some(i) = WORD_LANGS.iter().position(|l| *l == lang) else { return false };
    shares.is_some_and(|s| s[i] >= 15)
}

/// The language whose function words clearly dominate the sample, if any.
fn dominant_language(shares: Option<&[usize; 8]>) -> Option<&'static str> {
    let s = shares?;
    let mut order: Vec<usize> = (0..8).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(s[i]));
    let (best, second) = (s[order[0]], s[order[1]]);
    (best >= 20 && 2 * best >= 3 * second && best >= second + 8).then(|| WORD_LANGS[order[0]])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_is_checked_against_function_words() {
        let en = "The council said on Tuesday that the new bridge would open in the spring, and that work on the road to the harbour was on schedule. It is the largest project the city has started in a decade, and the mayor said it was worth the wait for the people who live by the river.";
        let es = "El ayuntamiento aprobó este martes un decreto de restricciones de agua que entrará en vigor el próximo lunes, después de que el embalse, del que se abastece la ciudad, cayera por debajo del nivel más bajo registrado en enero desde hace una década en la región.";
        let (en_s, es_s) = (function_word_shares(en), function_word_shares(es));
        assert!(declared_fits(en_s.as_ref(), "en"));
        assert!(!declared_fits(es_s.as_ref(), "en"));
        assert!(declared_fits(es_s.as_ref(), "es"));
        assert_eq!(dominant_language(en_s.as_ref()), Some("en"));
        assert_eq!(dominant_language(es_s.as_ref()), Some("es"), "{es_s:?}");
        assert_eq!(detect(es, Some("en")).as_deref(), Some("es"));
        assert_eq!(detect(es, None).as_deref(), Some("es"));
    }

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_tag("deu").as_deref(), Some("de"));
        assert_eq!(normalize_tag("").as_deref(), None);
    }
}
