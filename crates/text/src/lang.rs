//! Language codes as bits, so one table can serve every language and a
//! lookup is one mask test.

/// Languages with their own splitter or stop-word tables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Lang {
    En,
    De,
    Fr,
    Es,
    Pt,
    It,
    Nl,
    Ru,
    Sv,
    Da,
    No,
    Pl,
    Tr,
}

impl Lang {
    pub(crate) const fn bit(self) -> u32 {
        1 << self as u32
    }

    /// `"pt-BR"`, `"PT"`, `"pt_br"` and `"pt"` are all Portuguese; Norwegian
    /// Bokmål and Nynorsk share one entry.
    pub(crate) fn from_code(code: &str) -> Option<Lang> {
        let primary = code.split(['-', '_']).next().unwrap_or("");
        let lang = match primary.to_ascii_lowercase().as_str() {
            "en" => Lang::En,
            "de" => Lang::De,
            "fr" => Lang::Fr,
            "es" => Lang::Es,
            "pt" => Lang::Pt,
            "it" => Lang::It,
            "nl" => Lang::Nl,
            "ru" => Lang::Ru,
            "sv" => Lang::Sv,
            "da" => Lang::Da,
            "no" | "nb" | "nn" => Lang::No,
            "pl" => Lang::Pl,
            "tr" => Lang::Tr,
            _ => return None,
        };
        Some(lang)
    }
}

/// The bits a table entry must share with to apply: one language's bit when
/// it is known, every bit when it is not.
pub(crate) fn lang_mask(code: Option<&str>) -> u32 {
    match code.and_then(Lang::from_code) {
        Some(lang) => lang.bit(),
        None => u32::MAX,
    }
}

/// Languages that write ordinal numbers with a dot ("am 3. Oktober"), where
/// a number before a dot does not by itself end a sentence.
pub(crate) fn writes_ordinal_dots(code: Option<&str>) -> bool {
    let Some(code) = code else { return false };
    let primary = code.split(['-', '_']).next().unwrap_or("").to_ascii_lowercase();
    matches!(
        primary.as_str(),
        "de" | "da"
            | "no"
            | "nb"
            | "nn"
            | "fi"
            | "cs"
            | "sk"
            | "pl"
            | "hu"
            | "sl"
            | "hr"
            | "sr"
            | "bs"
            | "et"
            | "lv"
            | "lt"
            | "is"
            | "fo"
            | "tr"
    )
}
