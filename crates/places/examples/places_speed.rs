//! Places of a text given on the command line or stdin as JSON, or with
//! `--speed`, the time per call on an 800-word article:
//! `cargo run --release -p newsdesk-places --example places_speed -- --speed`.

use std::io::Read;
use std::time::Instant;

const PARAGRAPH: &str = "KYIV, Ukraine (AP) — Russia launched dozens of drones at Kyiv and Kharkiv overnight, \
    Ukrainian officials said, as European leaders met in Brussels to discuss aid. The attack came days after \
    talks in Istanbul between Russian and Ukrainian delegations ended without agreement. In Washington, the \
    White House said the United States would keep supplying air defence systems, while Germany and France \
    pledged more support. Officials in Poland and the Baltic states warned that the war could spread. \
    Meanwhile, Turkey offered to host another round of talks, and China called for restraint. \
    Analysts in London and Paris said the Middle East and the Gulf were watching closely. ";

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.first().map(String::as_str) == Some("--speed") {
        let mut text = String::new();
        while text.split_whitespace().count() < 800 {
            text.push_str(PARAGRAPH);
            text.push_str("\n\n");
        }
        let gazetteer = newsdesk_places::Gazetteer::embedded();
        let rounds = 2000u32;
        let start = Instant::now();
        let mut mentions = 0;
        for _ in 0..rounds {
            mentions += gazetteer.places(Some("Russia strikes Kyiv"), &text, Some("US")).mentions.len();
        }
        let per = start.elapsed() / rounds;
        println!(
            "places: {} words, {} mentions, {:?} per article",
            text.split_whitespace().count(),
            mentions / rounds as usize,
            per
        );
        return;
    }
    let text = match args.first() {
        Some(t) => t.clone(),
        None => {
            let mut s = String::new();
            std::io::stdin().read_to_string(&mut s).expect("stdin");
            s
        }
    };
    let places = newsdesk_places::places(None, &text, None);
    let record = newsdesk_places::places_record(None, &text, &places);
    println!("{}", serde_json::to_string_pretty(&record).expect("json"));
}
