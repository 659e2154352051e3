//! Language: the page's declaration (`<html lang>`, `content-language`,
//! `og:locale`, JSON-LD `inLanguage`) checked against detection on the text.

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
    const GROUPS: &[&[&str]] = &[&["no", "nb", "nn", "da", "sv"], &["hr", "sr", "bs", "sl", "mk"], &["id", "ms"], &["fa", "ur", "ar"], &["hi", "mr", "ne"], &["cs", "sk"], &["ru", "uk", "be", "bg"]];
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
    if declared.as_deref().is_some_and(|d| declared_fits(sample, d)) {
        // The page's own declaration agrees with its most common words:
        // detection could only confirm it, and it is the costly part.
        return declared;
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

/// The commonest function words of the languages most pages declare.
fn function_words(lang: &str) -> Option<&'static [&'static str]> {
    Some(match lang {
        "en" => &["the", "of", "and", "to", "in", "is", "that", "for", "on", "with", "was", "said", "it", "as", "at", "by", "he", "from", "be", "has", "have", "are", "an", "this", "they"],
        "de" => &["der", "die", "und", "in", "den", "von", "zu", "das", "mit", "sich", "des", "auf", "für", "ist", "im", "dem", "nicht", "ein", "eine", "als", "auch", "es", "an", "werden", "aus"],
        "fr" => &["de", "la", "le", "et", "les", "des", "en", "un", "du", "une", "que", "est", "pour", "qui", "dans", "par", "sur", "au", "pas", "plus", "il", "ce", "avec", "a", "sont"],
        "es" => &["de", "la", "que", "el", "en", "y", "a", "los", "del", "se", "las", "por", "un", "para", "con", "no", "una", "su", "al", "es", "lo", "como", "más", "pero", "sus"],
        "pt" => &["de", "a", "o", "que", "e", "do", "da", "em", "um", "para", "é", "com", "não", "uma", "os", "no", "se", "na", "por", "mais", "as", "dos", "como", "mas", "ao"],
        "it" => &["di", "e", "il", "la", "che", "in", "a", "per", "un", "del", "non", "è", "della", "le", "si", "con", "una", "da", "sono", "al", "i", "gli", "nel", "alla", "anche"],
        "nl" => &["de", "van", "het", "een", "en", "in", "is", "dat", "op", "te", "zijn", "voor", "met", "die", "niet", "aan", "er", "om", "ook", "als", "bij", "worden", "door", "naar", "heeft"],
        "ru" => &["и", "в", "не", "на", "что", "с", "по", "он", "как", "это", "к", "из", "за", "от", "о", "так", "его", "для", "был", "но", "же", "уже", "до", "при", "также"],
        _ => return None,
    })
}

/// Whether the declared language's function words make up a plausible share
/// of the sample (they are a fifth to a third of running text; a page in
/// another language sharing a few, like "a" or "de", stays far below).
fn declared_fits(sample: &str, lang: &str) -> bool {
    let Some(words) = function_words(lang) else { return false };
    let (mut total, mut hits) = (0usize, 0usize);
    for w in sample.split(|c: char| !c.is_alphabetic()).filter(|w| !w.is_empty()) {
        total += 1;
        let hit = if w.is_ascii() {
            words.iter().any(|f| f.eq_ignore_ascii_case(w))
        } else {
            words.contains(&w.to_lowercase().as_str())
        };
        hits += usize::from(hit);
    }
    total >= 40 && hits * 100 >= total * 15
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn declaration_is_checked_against_function_words() {
        let en = "The council said on Tuesday that the new bridge would open in the spring, and that work on the road to the harbour was on schedule. It is the largest project the city has started in a decade, and the mayor said it was worth the wait for the people who live by the river.";
        let es = "El ayuntamiento aprobó este martes un decreto de restricciones de agua que entrará en vigor el próximo lunes, después de que el embalse, del que se abastece la ciudad, cayera por debajo del nivel más bajo registrado en enero desde hace una década en la región.";
        assert!(declared_fits(en, "en"));
        assert!(!declared_fits(es, "en"));
        assert!(declared_fits(es, "es"));
        assert_eq!(detect(es, Some("en")).as_deref(), Some("es"));
    }

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_tag("deu").as_deref(), Some("de"));
        assert_eq!(normalize_tag("").as_deref(), None);
    }
}
