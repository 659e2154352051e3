//! The words figures are made of, per language: scales, units and
//! currencies, written numbers, vague quantities (`lexicon.tsv`), and the
//! qualifiers, multi-word units and grammatical words that bound a counted
//! noun (`phrases.tsv`). Parsed once; keys are lower-case.

use crate::types::{Approx, Unit};
use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::LazyLock;

pub(crate) const EN: u8 = 1;
pub(crate) const DE: u8 = 2;
pub(crate) const FR: u8 = 4;
pub(crate) const ES: u8 = 8;
/// Safe in any language (symbols, ISO codes, SI units, unmistakable words).
pub(crate) const ANY: u8 = 16;

/// The lexicon bits for an article language (ISO 639-1, any case, region
/// suffix allowed); unknown or absent languages read as English.
pub(crate) fn lang_mask(lang: Option<&str>) -> u8 {
    let code = lang.and_then(|l| l.get(..2)).map(|l| l.to_ascii_lowercase());
    ANY | match code.as_deref() {
        Some("de") => DE,
        Some("fr") => FR,
        Some("es") => ES,
        _ => EN,
    }
}

/// Languages that write 3,5 for three and a half and 7.500 for seven
/// thousand five hundred.
pub(crate) fn comma_decimal(lang: Option<&str>) -> bool {
    let code = lang.and_then(|l| l.get(..2)).map(|l| l.to_ascii_lowercase());
    matches!(
        code.as_deref(),
        Some("de" | "fr" | "es" | "it" | "pt" | "nl" | "ru" | "pl" | "tr" | "sv" | "da" | "no" | "nb" | "fi" | "cs")
            | Some("ro" | "hu" | "el" | "uk" | "id" | "ca")
    )
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub(crate) enum Lex {
    /// Multiplies the number before it; `plural` ones ("millions",
    /// "Millionen") can also open a vague quantity.
    Scale {
        factor: f64,
        plural: bool,
    },
    /// A scale only straight after digits or a currency ("$5m", "50k").
    ShortScale(f64),
    Unit(Unit),
    /// Currency only after a scale word ("5 million pounds"), else the
    /// fallback measure if any ("5 pounds" is a weight).
    WeakCurrency(&'static str, Option<&'static str>),
    /// A written number ("two", "zwanzig"); `weak` ones ("one") are not a
    /// figure on their own.
    Number {
        value: f64,
        weak: bool,
    },
    /// "a", "an", "eine": one, but only before a scale, hundred or dozen.
    Article,
    /// "half a million"
    Half,
    Hundred,
    Dozen,
    /// "une centaine", "un millar": about that many.
    Roughly(f64),
    /// "dozens", "thousands", "Tausende": a vague quantity opener.
    Vague,
    /// "several", "einige": vague only before a scale ("several thousand").
    Several,
    Month,
    /// Words after a number that make it a time of day.
    Clock,
    /// Letters glued to a number that make it an ordinal ("3rd", "1er").
    Ordinal,
}

/// The word list, parsed once: lower-case word to its readings in order.
static LEXICON: LazyLock<FxHashMap<&'static str, Vec<(Lex, u8)>>> = LazyLock::new(|| {
    let mut map: FxHashMap<&'static str, Vec<(Lex, u8)>> = FxHashMap::default();
    for line in include_str!("lexicon.tsv")
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let mut cols = line.split('\t');
        let (Some(word), Some(kind), Some(arg), Some(langs)) = (cols.next(), cols.next(), cols.next(), cols.next())
        else {
            panic!("lexicon.tsv: four columns expected in {line:?}");
        };
        let mask = parse_mask(langs).unwrap_or_else(|| panic!("lexicon.tsv: bad languages in {line:?}"));
        let lex = parse_reading(kind, arg).unwrap_or_else(|| panic!("lexicon.tsv: bad reading in {line:?}"));
        map.entry(word).or_default().push((lex, mask));
    }
    map
});

fn parse_mask(langs: &str) -> Option<u8> {
    langs.split(' ').try_fold(0u8, |m, l| {
        Some(
            m | match l {
                "en" => EN,
                "de" => DE,
                "fr" => FR,
                "es" => ES,
                "any" => ANY,
                _ => return None,
            },
        )
    })
}

fn parse_reading(kind: &str, arg: &'static str) -> Option<Lex> {
    let number = || arg.parse::<f64>().ok();
    Some(match kind {
        "scale" => Lex::Scale { factor: number()?, plural: false },
        "plural" => Lex::Scale { factor: number()?, plural: true },
        "short" => Lex::ShortScale(number()?),
        "percent" => Lex::Unit(Unit::Percent),
        "points" => Lex::Unit(Unit::PercentagePoints),
        "basis" => Lex::Unit(Unit::BasisPoints),
        "currency" => Lex::Unit(Unit::Currency(arg)),
        "measure" => Lex::Unit(Unit::Measure(arg)),
        "weak" => match arg.split_once('/') {
            Some((code, fallback)) => Lex::WeakCurrency(code, Some(fallback)),
            None => Lex::WeakCurrency(arg, None),
        },
        "number" => Lex::Number { value: number()?, weak: false },
        "weaknumber" => Lex::Number { value: number()?, weak: true },
        "article" => Lex::Article,
        "half" => Lex::Half,
        "hundred" => Lex::Hundred,
        "dozen" => Lex::Dozen,
        "roughly" => Lex::Roughly(number()?),
        "vague" => Lex::Vague,
        "several" => Lex::Several,
        "month" => Lex::Month,
        "clock" => Lex::Clock,
        "ordinal" => Lex::Ordinal,
        _ => return None,
    })
}

/// The first reading of a lower-case word in the article's languages.
pub(crate) fn lookup(word: &str, mask: u8) -> Option<Lex> {
    LEXICON.get(word)?.iter().find(|(_, m)| m & mask != 0).map(|(lex, _)| *lex)
}

/// Whether any reading exists for the word in the article's languages.
pub(crate) fn lookup_where(word: &str, mask: u8, want: impl Fn(&Lex) -> bool) -> Option<Lex> {
    LEXICON.get(word)?.iter().find(|(lex, m)| m & mask != 0 && want(lex)).map(|(lex, _)| *lex)
}

/// Currency codes written as words ("USD 5 million", "5 Mrd. EUR").
pub(crate) fn iso_currency(word: &str) -> Option<&'static str> {
    const CODES: &[&str] = &[
        "USD", "EUR", "GBP", "JPY", "CNY", "CHF", "CAD", "AUD", "INR", "RUB", "BRL", "MXN", "KRW", "TRY", "ZAR", "SEK",
        "NOK", "DKK", "PLN", "HKD", "SGD", "NZD", "SAR", "AED", "ILS", "UAH", "NGN", "EGP", "ARS", "CLP", "COP", "IDR",
        "THB", "TWD", "PKR", "QAR", "KES", "CZK", "HUF", "RON",
    ];
    CODES.iter().find(|c| **c == word).copied()
}

/// Currency symbols, and the prefix letters that say which dollar.
pub(crate) fn currency_symbol(c: char) -> Option<&'static str> {
    Some(match c {
        '$' => "USD",
        '€' => "EUR",
        '£' => "GBP",
        '¥' => "JPY",
        '₹' => "INR",
        '₽' => "RUB",
        '₩' => "KRW",
        '₺' => "TRY",
        '₴' => "UAH",
        '₪' => "ILS",
        '₦' => "NGN",
        '₱' => "PHP",
        '₿' => "BTC",
        _ => return None,
    })
}

pub(crate) fn dollar_prefix(word: &str) -> Option<&'static str> {
    Some(match word {
        "US" | "U.S" => "USD",
        "C" | "CA" | "CAN" => "CAD",
        "A" | "AU" => "AUD",
        "NZ" => "NZD",
        "HK" => "HKD",
        "S" | "SG" => "SGD",
        "R" => "BRL",
        "MX" | "Mex" => "MXN",
        "NT" => "TWD",
        _ => return None,
    })
}

/// A multi-word unit or qualifier: its lower-case words and languages.
pub(crate) struct Phrase<T> {
    pub words: Vec<&'static str>,
    pub reading: T,
    pub mask: u8,
}

/// The phrases and word sets of `phrases.tsv`.
pub(crate) struct Grammar {
    pub units: Vec<Phrase<Unit>>,
    pub qualifiers: Vec<Phrase<Approx>>,
    /// Function words (and common verbs) that end a counted noun phrase.
    pub stop: FxHashSet<&'static str>,
    /// Words leading from a number or unit to what it counts ("of", "de").
    pub link: FxHashSet<&'static str>,
    /// Skipped between a link and the counted noun ("the", "les").
    pub determiner: FxHashSet<&'static str>,
    /// Before a four-digit number, make it a year ("in", "the", "fiscal").
    pub year_context: FxHashSet<&'static str>,
    /// Before a bare number, carry over the previous figure's noun ("from").
    pub connective: FxHashSet<&'static str>,
    /// Attach a following year to a figure as its period ("in", "for").
    pub period_prep: FxHashSet<&'static str>,
}

pub(crate) static GRAMMAR: LazyLock<Grammar> = LazyLock::new(|| {
    let mut g = Grammar {
        units: Vec::new(),
        qualifiers: Vec::new(),
        stop: FxHashSet::default(),
        link: FxHashSet::default(),
        determiner: FxHashSet::default(),
        year_context: FxHashSet::default(),
        connective: FxHashSet::default(),
        period_prep: FxHashSet::default(),
    };
    for line in include_str!("phrases.tsv")
        .lines()
        .map(|l| l.trim_end_matches('\r'))
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
    {
        let cols: Vec<&'static str> = line.split('\t').collect();
        match cols[..] {
            ["set", name, words] => {
                let set = match name {
                    "stop" => &mut g.stop,
                    "link" => &mut g.link,
                    "determiner" => &mut g.determiner,
                    "year_context" => &mut g.year_context,
                    "connective" => &mut g.connective,
                    "period_prep" => &mut g.period_prep,
                    _ => bad(line),
                };
                set.extend(words.split(' '));
            }
            [kind, words, reading, langs] => {
                let words = words.split(' ').collect();
                let mask = parse_mask(langs).unwrap_or_else(|| bad(line));
                if kind == "unit" {
                    let reading = parse_unit(reading).unwrap_or_else(|| bad(line));
                    g.units.push(Phrase { words, reading, mask });
                } else {
                    let reading = match reading {
                        "about" => Approx::About,
                        "over" => Approx::Over,
                        "under" => Approx::Under,
                        _ => bad(line),
                    };
                    g.qualifiers.push(Phrase { words, reading, mask });
                }
            }
            _ => bad(line),
        }
    }
    g
});

fn parse_unit(reading: &'static str) -> Option<Unit> {
    Some(match reading.split_once(':') {
        Some(("currency", code)) => Unit::Currency(code),
        Some(("measure", code)) => Unit::Measure(code),
        None if reading == "percent" => Unit::Percent,
        None if reading == "points" => Unit::PercentagePoints,
        None if reading == "basis" => Unit::BasisPoints,
        _ => return None,
    })
}

fn bad(line: &str) -> ! {
    panic!("phrases.tsv: bad line {line:?}")
}
