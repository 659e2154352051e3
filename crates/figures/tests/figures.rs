//! Figures in sentences written for these tests.

use newsdesk_figures::{figure_records, find_figures, Approx, Figure, Unit};

struct Seen {
    text: String,
    value: Option<f64>,
    unit: Option<&'static str>,
    counts: Option<String>,
    period: Option<String>,
    approx: Option<Approx>,
    vague: bool,
    key: bool,
}

fn seen(text: &str, lang: Option<&str>) -> Vec<Seen> {
    let slice = |r: &Option<std::ops::Range<usize>>| r.clone().map(|r| text[r].to_string());
    find_figures(text, lang)
        .iter()
        .map(|f: &Figure| Seen {
            text: text[f.span.clone()].to_string(),
            value: f.value,
            unit: f.unit.map(|u| u.code()),
            counts: slice(&f.counts),
            period: slice(&f.period),
            approx: f.approx,
            vague: f.vague,
            key: f.key,
        })
        .collect()
}

fn values(text: &str, lang: Option<&str>) -> Vec<Option<f64>> {
    seen(text, lang).iter().map(|s| s.value).collect()
}

fn close(a: Option<f64>, b: f64) -> bool {
    a.is_some_and(|a| (a - b).abs() <= b.abs() * 1e-9)
}

#[test]
fn issue_examples() {
    let text =
        "The administration set a record low of 7,500 refugees for fiscal 2026, down from 100,000 in fiscal 2024.";
    let f = seen(text, Some("en"));
    assert_eq!(f.len(), 2);
    assert_eq!(f[0].value, Some(7500.0));
    assert_eq!(f[0].counts.as_deref(), Some("refugees"));
    assert_eq!(f[0].period.as_deref(), Some("fiscal 2026"));
    assert_eq!(f[1].value, Some(100_000.0));
    assert_eq!(f[1].period.as_deref(), Some("fiscal 2024"));
    assert_eq!(f[1].counts.as_deref(), Some("refugees"), "carried over after 'from'");
    assert!(f[0].key && f[1].key);

    let f = seen("The package is worth $3.2 billion.", None);
    assert_eq!(f[0].text, "$3.2 billion");
    assert!(close(f[0].value, 3.2e9));
    assert_eq!(f[0].unit, Some("USD"));

    let f = seen("Turnout rose to 40 percent of registered voters.", Some("en"));
    assert_eq!(f[0].value, Some(40.0));
    assert_eq!(f[0].unit, Some("percent"));
    assert_eq!(f[0].counts.as_deref(), Some("voters"));

    let f = seen("Dozens of embassies closed their doors.", Some("en"));
    assert_eq!(f.len(), 1);
    assert!(f[0].vague);
    assert_eq!(f[0].value, None);
    assert_eq!(f[0].counts.as_deref(), Some("embassies"));
    assert_eq!(f[0].text, "Dozens of embassies");
}

#[test]
fn scales_currencies_and_units() {
    let f = seen("Exports hit €4.5bn while imports were £300m and the deal was US$2 million.", None);
    let got: Vec<(Option<&str>, Option<f64>)> = f.iter().map(|s| (s.unit, s.value)).collect();
    assert_eq!(got.len(), 3);
    assert_eq!(got[0].0, Some("EUR"));
    assert!(close(got[0].1, 4.5e9));
    assert_eq!(got[1].0, Some("GBP"));
    assert!(close(got[1].1, 3e8));
    assert_eq!(got[2].0, Some("USD"));
    assert!(close(got[2].1, 2e6));

    let f = seen("The fund holds 12 billion Canadian dollars and 5 million pounds in cash.", Some("en"));
    assert_eq!(f[0].unit, Some("CAD"));
    assert_eq!(f[1].unit, Some("GBP"), "pounds after a scale word are money");
    let f = seen("The baby weighed 8 pounds at birth.", Some("en"));
    assert_eq!(f[0].unit, Some("lb"), "pounds without a scale are a weight");

    let f = seen("The storm dumped 30 cm of snow over 500 km of road; winds reached 120 km/h and 40°C.", None);
    let units: Vec<Option<&str>> = f.iter().map(|s| s.unit).collect();
    assert_eq!(units, [Some("cm"), Some("km"), Some("km/h"), Some("°C")]);
    assert_eq!(f[1].counts.as_deref(), Some("road"));

    let f = seen("Rates rose by 25 basis points, or 0.25 percentage points, and he got a 5-year sentence.", None);
    let units: Vec<Option<&str>> = f.iter().map(|s| s.unit).collect();
    assert_eq!(units, [Some("basis_points"), Some("percentage_points"), Some("years")]);

    let f = seen("Prices rose 3.5 per cent in June and 50k runners joined.", Some("en"));
    assert_eq!(f[0].unit, Some("percent"));
    assert_eq!(f[1].value, Some(50_000.0));
    assert_eq!(f[1].counts.as_deref(), Some("runners"));
}

#[test]
fn counted_noun_heads() {
    let f = seen("Officials said 100,000 Syrian refugees were waiting and 3,000 people died.", Some("en"));
    assert_eq!(f[0].counts.as_deref(), Some("refugees"));
    assert_eq!(f[1].counts.as_deref(), Some("people"));
    let f = seen("Police arrested 200 striking dock workers on Monday.", Some("en"));
    assert_eq!(f[0].counts.as_deref(), Some("workers"));
}

#[test]
fn written_numbers() {
    let f = seen(
        "Two million people fled and a dozen embassies shut; twenty-five soldiers and three hundred villagers left.",
        Some("en"),
    );
    let got: Vec<(Option<f64>, Option<String>)> = f.iter().map(|s| (s.value, s.counts.clone())).collect();
    assert_eq!(
        got,
        [
            (Some(2e6), Some("people".to_string())),
            (Some(12.0), Some("embassies".to_string())),
            (Some(25.0), Some("soldiers".to_string())),
            (Some(300.0), Some("villagers".to_string())),
        ]
    );
    assert!(seen("The two met in private and one of them left.", Some("en")).is_empty());
    assert_eq!(values("Half a million? No: a million voters.", Some("en")), [Some(5e5), Some(1e6)]);
}

#[test]
fn qualifiers() {
    let f = seen("About 40 people, more than 1,000 troops, nearly 5% and up to $3 million.", Some("en"));
    let got: Vec<Option<Approx>> = f.iter().map(|s| s.approx).collect();
    assert_eq!(got, [Some(Approx::About), Some(Approx::Over), Some(Approx::Under), Some(Approx::Under)]);
    assert_eq!(f[1].text, "more than 1,000 troops");
    let f = seen("Es kamen rund 500 Menschen und mehr als 3.000 Polizisten.", Some("de"));
    assert_eq!(f[0].approx, Some(Approx::About));
    assert_eq!(f[1].approx, Some(Approx::Over));
    assert_eq!(f[1].value, Some(3000.0));
}

#[test]
fn vague_quantities() {
    let cases = [
        ("Tens of thousands of people marched.", "en", Some("people")),
        ("Several thousand protesters gathered.", "en", Some("protesters")),
        ("Millions of dollars were lost.", "en", None),
        ("Des milliers de réfugiés sont arrivés.", "fr", Some("réfugiés")),
        ("Tausende Menschen demonstrierten.", "de", Some("Menschen")),
        ("Miles de personas protestaron.", "es", Some("personas")),
    ];
    for (text, lang, counts) in cases {
        let f = seen(text, Some(lang));
        assert_eq!(f.len(), 1, "{text}");
        assert!(f[0].vague && f[0].value.is_none(), "{text}");
        assert_eq!(f[0].counts.as_deref(), counts, "{text}");
    }
    assert_eq!(seen("Millions of dollars were lost.", Some("en"))[0].unit, Some("USD"));
    assert!(seen("They came by the thousands.", Some("en")).is_empty());
}

#[test]
fn german_french_spanish_formats() {
    let f =
        seen("Der Bund zahlt 1,5 Mio. Euro, die Inflation liegt bei 3,5 % und 7.500 Flüchtlinge kamen.", Some("de"));
    assert!(close(f[0].value, 1.5e6));
    assert_eq!(f[0].unit, Some("EUR"));
    assert_eq!(f[1].value, Some(3.5));
    assert_eq!(f[1].unit, Some("percent"));
    assert_eq!(f[2].value, Some(7500.0));
    assert_eq!(f[2].counts.as_deref(), Some("Flüchtlinge"));

    let f = seen("Le déficit atteint 3,2 milliards d'euros et 7 500 réfugiés syriens, soit 3,5 % de plus.", Some("fr"));
    assert!(close(f[0].value, 3.2e9));
    assert_eq!(f[0].unit, Some("EUR"));
    assert_eq!(f[1].value, Some(7500.0));
    assert_eq!(f[1].counts.as_deref(), Some("réfugiés"), "French heads come first");
    assert_eq!(f[2].value, Some(3.5));

    let f = seen("El Gobierno destinará 3.200 millones de dólares y 2,5 por ciento del PIB.", Some("es"));
    assert!(close(f[0].value, 3.2e9));
    assert_eq!(f[0].unit, Some("USD"));
    assert_eq!(f[1].value, Some(2.5));
    assert_eq!(f[1].unit, Some("percent"));

    let f = seen("Il y avait une centaine de manifestants.", Some("fr"));
    assert_eq!(f[0].value, Some(100.0));
    assert_eq!(f[0].approx, Some(Approx::About));

    assert_eq!(values("A 3,500-strong force and 3.500 tonnes.", Some("en"))[0], Some(3500.0));
    assert_eq!(values("Sie kauften 3.500 Tonnen.", Some("de")), [Some(3500.0)]);
    assert_eq!(
        values("Spain spent 2.000 million euros.", Some("en")),
        [Some(2e6)],
        "3 digits after a dot are decimals in English"
    );
    assert_eq!(values("Der Preis stieg um 2,75 Prozent.", Some("de")), [Some(2.75)]);
    let f = seen("Spanien gab 1 Billion Euro aus.", Some("de"));
    assert!(close(f[0].value, 1e12), "German Billion is 10^12");
}

#[test]
fn not_figures() {
    let nothing = [
        "In 2024 the party won again.",
        "The 2024 election was close.",
        "It happened on March 3 and again on 4 April.",
        "Es war der 3. März.",
        "Fue el 3 de marzo.",
        "We met at 10:30 and left at 10 a.m., then 14 Uhr.",
        "He finished 3rd in the 1990s.",
        "Apollo 11 and Boeing 737 jets flew after COVID-19 and the G7.",
        "World War II ended; World War 2 too.",
        "Call +1 202 555 0100 or (202) 555-0100.",
        "The score was 2-1 and the shop is open 24/7.",
        "He lives at No. 10 and wears number 7.",
    ];
    for text in nothing {
        let f = seen(text, None);
        assert!(f.is_empty(), "{text}: {:?}", f.iter().map(|s| &s.text).collect::<Vec<_>>());
    }
    // A year-like number counting something is a figure.
    assert_eq!(values("Troops arrested 1500 protesters.", Some("en")), [Some(1500.0)]);
    assert_eq!(values("Some 2000 people came.", Some("en")), [Some(2000.0)]);
}

#[test]
fn periods() {
    let f = seen("Revenue was $5 billion in fiscal year 2025 and $6 billion in FY2026, 40% in 2024-25.", None);
    let periods: Vec<Option<String>> = f.iter().map(|s| s.period.clone()).collect();
    assert_eq!(
        periods,
        [Some("fiscal year 2025".to_string()), Some("FY2026".to_string()), Some("2024-25".to_string())]
    );
}

#[test]
fn key_figures() {
    let text = "Officials said 7,500 people were evacuated.\n\nLater, 2 buses and two cars came. The fire covered 3 km. Prices were up 4 percent.";
    let f = seen(text, Some("en"));
    let keys: Vec<(String, bool)> = f.iter().map(|s| (s.text.clone(), s.key)).collect();
    assert_eq!(
        keys,
        [
            ("7,500 people".to_string(), true),
            ("2 buses".to_string(), true),
            ("two cars".to_string(), true),
            ("3 km".to_string(), false),
            ("4 percent".to_string(), true),
        ]
    );
}

#[test]
fn records_use_char_offsets() {
    let text = "Über 5 % der Wähler: 🎉 3,5 Mrd. € für 200 Schulen.";
    let figures = find_figures(text, Some("de"));
    let records = figure_records(text, &figures);
    assert_eq!(records.len(), figures.len());
    for r in &records {
        let by_chars: String = text.chars().skip(r.start).take(r.end - r.start).collect();
        assert_eq!(by_chars, r.text);
        let sentence: String = text.chars().skip(r.sentence_start).take(r.sentence_end - r.sentence_start).collect();
        assert_eq!(sentence, r.sentence);
    }
    let money = records.iter().find(|r| r.unit.as_deref() == Some("EUR")).expect("a euro figure");
    assert!(close(money.value, 3.5e9));
    let json = serde_json::to_string(&records[0]).unwrap();
    assert!(json.contains("\"unit_kind\":\"percent\""), "{json}");
    assert_eq!(records[0].approx, Some(Approx::Over));
    assert_eq!(Unit::Currency("EUR").kind(), "currency");
}
