//! Places in sentences written for these tests.

use newsdesk_places::{places, places_record, Gazetteer, PlaceKind, Places, Position};

/// (name as written, canonical name, country or region) of each mention.
fn named(title: Option<&str>, text: &str) -> Vec<(String, &'static str, &'static str)> {
    let p = places(title, text, None);
    p.mentions
        .iter()
        .map(|m| {
            let source = if m.in_title { title.unwrap_or("") } else { text };
            (source[m.span.clone()].to_string(), m.name, m.country.or(m.region).unwrap_or("?"))
        })
        .collect()
}

fn countries(p: &Places) -> Vec<&'static str> {
    p.countries.iter().map(|c| c.code).collect()
}

fn codes(text: &str) -> Vec<&'static str> {
    named(None, text).into_iter().map(|(_, _, code)| code).collect()
}

#[test]
fn issue_examples_regions_and_countries() {
    let text = "Dozens of embassies in Europe and the Middle East closed, EU officials said, as Americans and French \
                diplomats left Latin America, the Gulf and Southeast Asia.";
    let p = places(None, text, None);
    let regions: Vec<&str> = p.regions.iter().map(|r| r.code).collect();
    for region in ["europe", "middle-east", "eu", "latin-america", "gulf", "southeast-asia"] {
        assert!(regions.contains(&region), "{region} in {regions:?}");
    }
    assert_eq!(countries(&p), ["FR", "US"], "demonyms map to countries; equal weights rank by code");
    let demonyms = p.mentions.iter().filter(|m| m.kind == PlaceKind::Demonym).count();
    assert_eq!(demonyms, 2);
}

#[test]
fn countries_capitals_cities_states() {
    assert_eq!(
        named(None, "Talks in Beijing, Kyiv and São Paulo; protests in Texas and Bavaria."),
        [
            ("Beijing".to_string(), "Beijing", "CN"),
            ("Kyiv".to_string(), "Kyiv", "UA"),
            ("São Paulo".to_string(), "São Paulo", "BR"),
            ("Texas".to_string(), "Texas", "US"),
            ("Bavaria".to_string(), "Bavaria", "DE"),
        ]
    );
    assert_eq!(codes("Papua New Guinea, Guinea-Bissau, Equatorial Guinea and Guinea."), ["PG", "GW", "GQ", "GN"]);
    assert_eq!(
        codes("From Indiana to India, New Mexico to Mexico, South Sudan to Sudan."),
        ["US", "IN", "US", "MX", "SS", "SD"]
    );
    assert_eq!(codes("The U.S., the UK, the UAE and the DRC met in Washington, D.C."), ["US", "GB", "AE", "CD", "US"]);
}

#[test]
fn german_french_spanish_names() {
    assert_eq!(codes("Deutschland, Frankreich und die Vereinigten Staaten"), ["DE", "FR", "US"]);
    assert_eq!(
        codes("Die Vereinigte Staaten? Nein: Vereinigte Staaten und Russlands Präsident in Moskau."),
        ["US", "US", "RU", "RU"]
    );
    assert_eq!(codes("Les États-Unis et l'Allemagne, le président américain à Pékin."), ["US", "DE", "US", "CN"]);
    assert_eq!(
        codes("España y Estados Unidos; el Gobierno alemán en Bruselas con la UE."),
        ["ES", "US", "DE", "BE", "eu"]
    );
}

#[test]
fn people_and_words_are_not_places() {
    assert!(codes("Michael Jordan and Paris Hilton met Chad Smith, Mr. Jordan said.").is_empty());
    assert_eq!(codes("King Abdullah of Jordan met Chad's president in Paris on Monday."), ["JO", "TD", "FR"]);
    assert!(codes("Nice to meet you. She ordered turkey and fine china, reading a jersey.").is_empty());
    assert_eq!(codes("They flew to Nice. Nice, France, is sunny."), ["FR", "FR", "FR"]);
    assert!(codes("TELL US WHAT YOU THINK. Let us know.").is_empty());
    assert!(codes("Guinea pigs ate French fries with Native Americans near the North Pole.").is_empty());
    assert!(codes("Womanhood, Parisian style, Omanis? Omanis.").iter().all(|c| *c == "OM"));
    assert!(codes("the Romanian").iter().all(|c| *c == "RO"));
    assert!(codes("He attended Mass. Then he left.").is_empty(), "abbreviations need a comma");
    assert_eq!(codes("SPRINGFIELD, Ill. (AP) — The vote."), ["US"]);
}

#[test]
fn ambiguous_names_follow_the_article() {
    let us = places(None, "Voters in Georgia lined up in Atlanta and Savannah.", None);
    assert_eq!(us.mentions[0].country, Some("US"));
    assert_eq!(us.mentions[0].kind, PlaceKind::State);
    let ge = places(None, "Protesters in Georgia marched through Tbilisi against Russia.", None);
    assert_eq!(ge.mentions[0].country, Some("GE"));
    assert_eq!(ge.mentions[0].kind, PlaceKind::Country);

    let text = "Police in Birmingham made arrests.";
    assert_eq!(places(None, text, None).mentions[0].country, Some("GB"), "first line by default");
    assert_eq!(places(None, text, Some("us")).mentions[0].country, Some("US"), "the outlet breaks the tie");
    assert_eq!(places(None, "Birmingham, Alabama, saw storms.", Some("GB")).mentions[0].country, Some("US"));
    assert_eq!(places(None, "Fighting in Tripoli, Libya.", None).mentions[0].country, Some("LY"));
    assert_eq!(places(None, "Fighting in Tripoli near Beirut.", None).mentions[0].country, Some("LB"));
}

#[test]
fn datelines_titles_and_leads_weigh_more() {
    let text = "KYIV, Ukraine (AP) — Officials spoke.\nA second sentence. A third one mentions France and France.";
    let p = places(Some("Talks"), text, None);
    assert_eq!(p.dateline_country, Some("UA"));
    assert_eq!(p.mentions[0].position, Position::Dateline);
    assert_eq!(countries(&p), ["UA", "FR"], "two dateline mentions outweigh two body mentions");
    let fr = &p.countries[1];
    assert_eq!(fr.mentions, 2);
    assert!((p.countries.iter().map(|c| c.share).sum::<f32>() - 1.0).abs() < 1e-5);

    let p = places(Some("Germany votes"), "Polls opened early. Turnout was high in France. It rained.", None);
    assert_eq!(p.mentions[0].position, Position::Title);
    assert_eq!(p.mentions[1].position, Position::Lead);
    assert_eq!(countries(&p), ["DE", "FR"]);

    for (text, code) in [
        ("WASHINGTON — The Senate voted.", Some("US")),
        ("Berlin (dpa) - Die Regierung tagte.", Some("DE")),
        ("BEIRUT: Talks resumed.", Some("LB")),
        ("NEW DELHI, May 3 (Reuters) - Rains came.", Some("IN")),
        ("Rio de Janeiro - It was hot.", Some("BR")),
        ("The talks in Berlin - which failed - ended.", None),
    ] {
        assert_eq!(places(None, text, None).dateline_country, code, "{text}");
    }
}

#[test]
fn shouted_headlines_and_genitives() {
    assert_eq!(codes("FRANCE AND GERMANY AGREE ON UKRAINE"), ["FR", "DE", "UA"]);
    assert_eq!(codes("Deutschlands Wirtschaft und Frankreichs Präsident"), ["DE", "FR"]);
    assert_eq!(codes("Iran's and Israel’s leaders"), ["IR", "IL"]);
}

#[test]
fn outlet_country_is_normalised() {
    assert_eq!(places(None, "", Some("fr")).outlet_country, Some("FR"));
    assert_eq!(places(None, "", Some("UK")).outlet_country, Some("GB"));
    assert_eq!(places(None, "", Some("ZZ")).outlet_country, None);
    assert_eq!(places(None, "", None).outlet_country, None);
}

#[test]
fn records_use_char_offsets() {
    let title = "🎉 Crise à Genève";
    let text = "« Les Suisses » 😀 ont voté à Zürich, près de l'Allemagne.";
    let p = places(Some(title), text, Some("ch"));
    let record = places_record(Some(title), text, &p);
    assert_eq!(record.mentions.len(), p.mentions.len());
    assert!(record.mentions.len() >= 4);
    for m in &record.mentions {
        let source = if m.field == "title" { title } else { text };
        let by_chars: String = source.chars().skip(m.start).take(m.end - m.start).collect();
        assert_eq!(by_chars, m.text);
    }
    assert_eq!(record.countries[0].code, "CH");
    let json = serde_json::to_string(&record).unwrap();
    assert!(json.contains("\"kind\":\"capital\"") || json.contains("\"kind\":\"city\""), "{json}");
    assert!(json.contains("\"outlet_country\":\"CH\""));
}

#[test]
fn gazetteer_data_is_sound() {
    let g = Gazetteer::embedded();
    for code in ["US", "GB", "DE", "FR", "CN", "IN", "BR", "ZA", "XK", "PS", "TW", "AQ", "VA", "SS"] {
        assert!(g.country_name(code).is_some(), "{code}");
    }
    assert_eq!(g.country_name("DE"), Some("Germany"));
    assert_eq!(g.region_name("middle-east"), Some("Middle East"));
    assert!(Gazetteer::parse("country\tFR\tFrance\n").is_ok());
    assert!(Gazetteer::parse("# comment\r\ncountry\tFR\tFrance\tperson\r\n").is_ok(), "CRLF line ends");
    assert!(Gazetteer::parse("country\tfrance\tFrance\n").is_err(), "bad code");
    assert!(Gazetteer::parse("town\tFR\tLyon\n").is_err(), "bad kind");
    assert!(Gazetteer::parse("city\tFR\tLyon\tloud\n").is_err(), "bad flag");
    assert!(Gazetteer::parse("city\tFR\n").is_err(), "missing names");
    assert!(Gazetteer::parse("city\tFR\tLyon| Nice\n").is_err(), "padded name");
    let custom = Gazetteer::parse("country\tFR\tFrance\nregion\tmoon\tthe Moon|Moon\n").unwrap();
    let p = custom.places(None, "From France to the Moon.", None);
    assert_eq!(p.regions[0].code, "moon");
    assert_eq!(countries(&p), ["FR"]);
}
