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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_tags() {
        assert_eq!(normalize_tag("en-US").as_deref(), Some("en"));
        assert_eq!(normalize_tag("pt_BR").as_deref(), Some("pt"));
        assert_eq!(normalize_tag("deu").as_deref(), Some("de"));
        assert_eq!(normalize_tag("").as_deref(), None);
    }
}
