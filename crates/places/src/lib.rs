//! Places named in an article mapped to ISO 3166-1 alpha-2 country codes,
//! and the countries the article is about, weighted by where they are
//! named (dateline, title and lead count more), from a gazetteer kept in
//! the repository as data (`data/gazetteer.tsv`: every country and
//! territory with English, German, French and Spanish names, capitals, large
//! and often-datelined cities, US states and other subdivisions, demonyms,
//! and regions).
//!
//! ```
//! let places = newsdesk_places::places(
//!     Some("Refugee cap cut"),
//!     "WASHINGTON (AP) — The United States will admit fewer refugees, Germany and the EU said.",
//!     Some("us"),
//! );
//! assert_eq!(places.dateline_country, Some("US"));
//! assert_eq!(places.countries[0].code, "US");
//! assert_eq!(places.regions[0].code, "eu");
//! assert_eq!(places.outlet_country, Some("US"));
//! ```
//!
//! ## How names are read
//!
//! - One Aho-Corasick automaton over all names (leftmost-longest: "Papua
//!   New Guinea" before "Guinea", "New Mexico" before "Mexico"), matched
//!   case-sensitively as the gazetteer writes them, plus upper-case copies
//!   of names of four letters or more ("KYIV, Ukraine (AP) —"), on word
//!   boundaries. A glued genitive "s" is allowed on names of places
//!   ("Deutschlands"), not on demonyms.
//! - Names that are also people's names (flag `person`: Jordan, Chad,
//!   Georgia, Paris, Washington, Sydney...) are dropped next to another
//!   capitalised word that is not a function word, weekday, month or place
//!   ("Michael Jordan", "Mr. Jordan", "Paris Hilton"; "King Abdullah of
//!   Jordan" and "Atlanta Georgia" stay). Names that are also ordinary words
//!   (flag `common`: Nice, Jersey, Essen) are dropped when they open a
//!   sentence. Short all-capital names ("US", "EU") are dropped in shouted
//!   text ("TELL US"). One-dot state abbreviations ("Calif.", "Ill.") count
//!   only after a comma ("Springfield, Ill."). `ignore` lines shadow
//!   phrases like "Guinea pig", "French fries", "Native American".
//! - The same name on several lines (Georgia the country and the US state,
//!   Birmingham, Hyderabad, Tripoli, Congo, Punjab) becomes the one whose
//!   country the article's unambiguous names point to most; then the
//!   outlet's country; then the first line.
//! - Regions ("Europe", "the Middle East", "EU", "Gulf", "Southeast Asia",
//!   "Latin America") keep their own ids and weights in
//!   [`Places::regions`]; they are not spread over their countries.
//!
//! ## Weights
//!
//! A mention weighs its kind (country and region 1.0, capital 0.8, city and
//! state 0.7, demonym 0.5) times its position (dateline 3, title 2, the
//! text's first two sentences 1.5, elsewhere 1). A country's weight is the
//! sum over its mentions, and its share that weight over all countries'.
//!
//! Not handled: places outside the gazetteer (small towns, rivers,
//! mountains), addresses, lower-case German/French/Spanish adjectives
//! beyond the common forms listed, and metonyms ("the Kremlin").

mod gazetteer;
mod matching;
mod record;
mod resolve;
mod types;

pub use gazetteer::{Gazetteer, GazetteerError};
pub use record::{places_record, CountryRecord, MentionRecord, PlacesRecord, RegionRecord};
pub use types::{CountryScore, Mention, PlaceKind, Places, Position, RegionScore};

/// [`Gazetteer::places`] with the embedded gazetteer.
pub fn places(title: Option<&str>, text: &str, outlet_country: Option<&str>) -> Places {
    Gazetteer::embedded().places(title, text, outlet_country)
}
