//! Inputs that must not panic, and timing checks on a long article.

use newsdesk_places::{places, places_record};
use std::time::Instant;

fn run(title: Option<&str>, text: &str) {
    for outlet in [None, Some("US"), Some("x"), Some(""), Some("ü")] {
        let p = places(title, text, outlet);
        for m in &p.mentions {
            let source = if m.in_title { title.unwrap_or("") } else { text };
            assert!(source.get(m.span.clone()).is_some(), "span on a char boundary");
        }
        let _ = places_record(title, text, &p);
    }
}

#[test]
fn nasty_inputs_do_not_panic() {
    let long_word = "a".repeat(1 << 20);
    let long_places = "France ".repeat(50_000);
    let long_caps = "GEORGIA".repeat(10_000);
    let cases = [
        "",
        " ",
        "\n",
        "—",
        " — ",
        "(",
        ":",
        "France",
        "Frances",
        "France's",
        "'France",
        "Jordan",
        " Jordan ",
        "Mr. ",
        "Mr. Jordan",
        "Jordan Jordan Jordan",
        "US",
        "U.S",
        "U.S.",
        ", Ill.",
        "Ill.",
        "KYIV (",
        "KYIV —",
        "🇫🇷 France 🇩🇪 Deutschland 🎉",
        "東京 Tokyo 北京 Beijing",
        "ישראל Israel العراق Iraq \u{202e}Iran\u{202c}",
        "Franc\u{301}e e\u{301}France Pe\u{301}rou",
        "\"Paris",
        "« Paris",
        "Paris »",
        "Nice",
        "Nice,",
        &long_word,
        &long_places,
        &long_caps,
    ];
    for text in cases {
        run(None, text);
        run(Some(text), "France");
        run(Some(text), text);
    }
}

fn article() -> String {
    let paragraph = "KYIV, Ukraine (AP) — Russia launched dozens of drones at Kyiv and Kharkiv overnight, Ukrainian \
        officials said, as European leaders met in Brussels to discuss $3.2 billion in aid. The attack came days after \
        talks in Istanbul between Russian and Ukrainian delegations ended without agreement. In Washington, officials \
        said the United States would admit a record low of 7,500 refugees for fiscal 2026, down from 100,000 in fiscal \
        2024, while Germany and France pledged 40 percent more support. Officials in Poland and the Baltic states \
        warned that the war could spread. ";
    let mut text = String::new();
    while text.split_whitespace().count() < 800 {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text
}

/// `cargo test --release -p newsdesk-places --test nasty -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn speed_on_an_800_word_article() {
    let text = article();
    let rounds = 2000u32;
    let _ = places(None, "warm up", None);
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += places(Some("Russia strikes Kyiv"), &text, Some("US")).mentions.len();
    }
    let places_time = start.elapsed() / rounds;
    let start = Instant::now();
    for _ in 0..rounds {
        n += places(Some("Russia strikes Kyiv"), &text, Some("US")).mentions.len();
        n += newsdesk_figures::find_figures(&text, Some("en")).len();
    }
    let both = start.elapsed() / rounds;
    println!(
        "{} words: places {:?}, figures + places {:?} per article ({n} items)",
        text.split_whitespace().count(),
        places_time,
        both
    );
}
