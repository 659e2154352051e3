use serde::{Deserialize, Serialize};
use std::ops::Range;

/// One figure found in a text. All ranges are byte ranges into that text.
#[derive(Clone, Debug, PartialEq)]
pub struct Figure {
    /// The figure phrase: qualifier, currency, number, scale, unit and the
    /// counted noun ("more than $3.2 billion", "dozens of embassies").
    pub span: Range<usize>,
    /// The value with scale words applied ("3.2 billion" is 3.2e9, "sieben
    /// Mio." 7e6); `None` for vague quantities ("dozens of").
    pub value: Option<f64>,
    pub unit: Option<Unit>,
    /// The head of what the figure counts ("refugees" in "7,500 Syrian
    /// refugees", "voters" in "40 percent of voters"). It may lie before
    /// the figure when carried over from the previous figure of the same
    /// sentence ("7,500 refugees, down from 100,000").
    pub counts: Option<Range<usize>>,
    /// The period right after the figure ("fiscal 2026" in "7,500 refugees
    /// for fiscal 2026", "2024" in "40 percent in 2024").
    pub period: Option<Range<usize>>,
    /// "about", "more than", "nearly" and their German, French and Spanish
    /// equivalents; "une centaine" is `About` 100.
    pub approx: Option<Approx>,
    /// A quantity without a number: "dozens of", "thousands of", "several
    /// thousand", "des milliers de", "Tausende".
    pub vague: bool,
    /// The sentence the figure is in (from `newsdesk_text::sentences`).
    pub sentence: Range<usize>,
    /// 0.25 for a bare number, 1.0 with a unit, a counted noun or a vague
    /// quantity, plus 0.25 for a percentage or currency, 0.25 for a
    /// magnitude of at least a thousand (or a vague quantity) and 0.5 in the
    /// first two sentences.
    pub score: f32,
    /// A figure with a unit, counted noun or vague quantity scoring at
    /// least 1.25: the ones worth listing about an article.
    pub key: bool,
}

/// What a figure is measured in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Unit {
    Percent,
    PercentagePoints,
    BasisPoints,
    /// An ISO 4217 code ("USD", "EUR"); "BTC" for bitcoin.
    Currency(&'static str),
    /// "km", "m", "mi", "km2", "kg", "t", "lb", "l", "bbl", "ha", "deg",
    /// "°C", "MW", "years", "days", ...
    Measure(&'static str),
}

impl Unit {
    /// "percent", "percentage_points", "basis_points", the currency code or
    /// the measure.
    pub fn code(&self) -> &'static str {
        match self {
            Unit::Percent => "percent",
            Unit::PercentagePoints => "percentage_points",
            Unit::BasisPoints => "basis_points",
            Unit::Currency(c) | Unit::Measure(c) => c,
        }
    }

    /// "percent", "currency" or "measure".
    pub fn kind(&self) -> &'static str {
        match self {
            Unit::Percent | Unit::PercentagePoints | Unit::BasisPoints => "percent",
            Unit::Currency(_) => "currency",
            Unit::Measure(_) => "measure",
        }
    }
}

/// How a figure's value relates to the real quantity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Approx {
    /// "about", "around", "some", "an estimated", "rund", "environ", "unos".
    About,
    /// A lower bound: "more than", "over", "at least", "mehr als", "plus de".
    Over,
    /// An upper bound or just below: "less than", "up to", "nearly",
    /// "almost", "knapp", "près de", "casi".
    Under,
}
