//! Inputs that must not panic, and a timing check on a long article.

use newsdesk_figures::{figure_records, find_figures};
use std::time::Instant;

fn run_all(text: &str) {
    for lang in [None, Some("en"), Some("de"), Some("fr"), Some("es"), Some("x"), Some("")] {
        let figures = find_figures(text, lang);
        for f in &figures {
            assert!(text.get(f.span.clone()).is_some(), "span on a char boundary");
            assert!(text.get(f.sentence.clone()).is_some());
            assert!(f.counts.clone().is_none_or(|r| text.get(r).is_some()));
            assert!(f.period.clone().is_none_or(|r| text.get(r).is_some()));
        }
        let _ = figure_records(text, &figures);
    }
}

#[test]
fn nasty_inputs_do_not_panic() {
    let long_word = "a".repeat(1 << 20);
    let long_number = "9".repeat(100_000);
    let long_grouped = "1,000".repeat(20_000);
    let cases = [
        "",
        " ",
        "\n\n\n",
        "5",
        "$",
        "$5",
        "5$",
        "-",
        "-5",
        "5-",
        "5,",
        "5.",
        ",5",
        "5%",
        "%5",
        "°",
        "5°",
        "5 °C",
        "1,2,3,4,5",
        "1.2.3.4",
        "३४५ ٣٤٥ 12",
        "🎉5🎉 5🎉 🎉 5 million 🎉 people",
        "数百人 5,000人が 3 million 人",
        "שלום 5 מיליון עולם \u{202e}5 percent\u{202c}",
        "e\u{301}5 e\u{301} 5 cafe\u{301}s",
        "a dozen",
        "a",
        "two",
        "twenty-",
        "-twenty",
        "thousands of",
        "tens of",
        "dozens",
        "\"7,500 refugees",
        "« 3,5 % »",
        "d'",
        "5 d'",
        "5 of",
        "5 of the",
        "more than",
        "more than $",
        "fiscal",
        "5 in fiscal",
        "5 in FY",
        "FY",
        "5 km/",
        "5 km/h",
        "10 a.",
        "10 a.m",
        "3.",
        "3. März",
        "No.",
        "No. 5",
        "1 000 000 000 000 000 000 000 000 000",
        "\u{a0}5\u{a0}000\u{a0}",
        "5\u{202f}000 €",
        "1e308 1e309",
        &long_word,
        &long_number,
        &long_grouped,
    ];
    for text in cases {
        run_all(text);
    }
    let huge = "9".repeat(400);
    let f = find_figures(&huge, None);
    assert!(f.iter().all(|f| f.value.is_none_or(f64::is_finite)));
}

fn article() -> String {
    let paragraph = "The government said on Tuesday that it would admit a record low of 7,500 refugees in fiscal 2026, \
        down from 100,000 in fiscal 2024, a cut of more than 90 percent. Officials estimated the savings at $3.2 billion \
        over five years. Dozens of embassies have stopped processing visas, and about 40 percent of applicants were \
        turned away. In March, some 2,000 people protested in 12 cities, and two million people signed a petition. \
        Prices rose 3.5% in June, the fastest pace since 2022, while unemployment fell to 4.1 percent. \
        ";
    let mut text = String::new();
    while text.split_whitespace().count() < 800 {
        text.push_str(paragraph);
        text.push_str("\n\n");
    }
    text
}

/// `cargo test --release -p newsdesk-figures --test nasty -- --ignored --nocapture`
#[test]
#[ignore = "timing; run in release"]
fn speed_on_an_800_word_article() {
    let text = article();
    let rounds = 2000;
    let start = Instant::now();
    let mut n = 0;
    for _ in 0..rounds {
        n += find_figures(&text, Some("en")).len();
    }
    let per = start.elapsed() / rounds;
    println!(
        "figures: {} words, {} figures, {:?} per article",
        text.split_whitespace().count(),
        n / rounds as usize,
        per
    );
}
