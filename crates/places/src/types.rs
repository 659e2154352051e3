use serde::{Deserialize, Serialize};
use std::ops::Range;

/// What a gazetteer name stands for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PlaceKind {
    Country,
    Capital,
    City,
    /// A state, province or other area inside one country (US states,
    /// Bavaria, Crimea, the West Bank).
    State,
    /// A people or adjective ("French", "Deutsche", "américains").
    Demonym,
    /// A region of several countries ("the Middle East", "EU", "Gulf"):
    /// kept under its region id, not spread over countries.
    Region,
}

impl PlaceKind {
    pub fn as_str(&self) -> &'static str {
        match self {
            PlaceKind::Country => "country",
            PlaceKind::Capital => "capital",
            PlaceKind::City => "city",
            PlaceKind::State => "state",
            PlaceKind::Demonym => "demonym",
            PlaceKind::Region => "region",
        }
    }

    pub(crate) fn parse(s: &str) -> Option<PlaceKind> {
        Some(match s {
            "country" => PlaceKind::Country,
            "capital" => PlaceKind::Capital,
            "city" => PlaceKind::City,
            "state" => PlaceKind::State,
            "demonym" => PlaceKind::Demonym,
            "region" => PlaceKind::Region,
            _ => return None,
        })
    }

    /// How much one mention of this kind says about the article's country:
    /// a country or its capital most, a demonym least ("French wine").
    pub(crate) fn weight(&self) -> f32 {
        match self {
            PlaceKind::Country | PlaceKind::Region => 1.0,
            PlaceKind::Capital => 0.8,
            PlaceKind::City | PlaceKind::State => 0.7,
            PlaceKind::Demonym => 0.5,
        }
    }
}

/// Where in the article a mention is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Position {
    /// The dateline opening the text ("KYIV, Ukraine (AP) —").
    Dateline,
    Title,
    /// The first two sentences of the text.
    Lead,
    Body,
}

impl Position {
    pub(crate) fn weight(&self) -> f32 {
        match self {
            Position::Dateline => 3.0,
            Position::Title => 2.0,
            Position::Lead => 1.5,
            Position::Body => 1.0,
        }
    }
}

/// One place named in the title or the text.
#[derive(Clone, Debug, PartialEq)]
pub struct Mention {
    /// The mention is in the title (`span` indexes the title), else in the
    /// text.
    pub in_title: bool,
    /// Byte range of the name as written.
    pub span: Range<usize>,
    /// The place's canonical name ("Germany" for "Deutschland", "Kyiv" for
    /// "KIEV").
    pub name: &'static str,
    pub kind: PlaceKind,
    /// ISO 3166-1 alpha-2 code (XK for Kosovo); `None` for regions.
    pub country: Option<&'static str>,
    /// Region id ("middle-east", "eu") for regions.
    pub region: Option<&'static str>,
    pub position: Position,
    /// Kind weight times position weight: what this mention adds to its
    /// country's or region's weight.
    pub weight: f32,
}

/// A country an article is about.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct CountryScore {
    pub code: &'static str,
    pub name: &'static str,
    /// Sum of its mentions' weights.
    pub weight: f32,
    /// `weight` over the sum for all countries (0..=1).
    pub share: f32,
    pub mentions: usize,
}

/// A region an article names.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct RegionScore {
    pub code: &'static str,
    pub name: &'static str,
    pub weight: f32,
    pub mentions: usize,
}

/// The places of one article.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Places {
    /// Title mentions first, then text mentions, each in reading order.
    pub mentions: Vec<Mention>,
    /// Countries by weight, heaviest first.
    pub countries: Vec<CountryScore>,
    /// Regions by weight, heaviest first.
    pub regions: Vec<RegionScore>,
    /// The country of the dateline's place, when the text opens with one.
    pub dateline_country: Option<&'static str>,
    /// The outlet's country as given, when the gazetteer knows the code.
    pub outlet_country: Option<&'static str>,
}
