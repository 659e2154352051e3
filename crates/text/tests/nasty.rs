//! Hostile inputs: the splitter must not panic, must return trimmed,
//! non-empty, ordered ranges on character boundaries, and must stay linear.

use std::path::Path;
use std::time::{Duration, Instant};

use newsdesk_text::sentences;

const LANGS: [Option<&str>; 8] =
    [None, Some("en"), Some("de"), Some("fr"), Some("es"), Some("ru"), Some("zh"), Some("")];

#[track_caller]
fn check_invariants(text: &str, lang: Option<&str>) -> usize {
    let ranges = sentences(text, lang);
    let mut previous_end = 0;
    for r in &ranges {
        assert!(r.start < r.end, "empty range {r:?} in {text:?}");
        assert!(r.start >= previous_end, "overlap at {r:?} in {text:?}");
        assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end), "{r:?} in {text:?}");
        let s = &text[r.clone()];
        assert_eq!(s, s.trim(), "untrimmed {s:?}");
        previous_end = r.end;
    }
    // Everything outside the ranges is white space.
    let mut covered = 0;
    for r in &ranges {
        assert!(text[covered..r.start].trim().is_empty(), "text lost before {r:?} in {text:?}");
        covered = r.end;
    }
    assert!(text[covered..].trim().is_empty(), "text lost at the end of {text:?}");
    ranges.len()
}

#[test]
fn corpus_files() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus");
    let mut files = 0;
    for entry in std::fs::read_dir(&dir).expect("tests/corpus") {
        let path = entry.expect("corpus entry").path();
        let bytes = std::fs::read(&path).expect("corpus file");
        let text = String::from_utf8_lossy(&bytes);
        for lang in LANGS {
            check_invariants(&text, lang);
        }
        files += 1;
    }
    assert!(files >= 10, "corpus has only {files} files");
}

#[test]
fn empty_and_blank() {
    for text in ["", " ", "\n\n", "\t \r\n", ".", "...", "\u{2028}"] {
        check_invariants(text, Some("en"));
    }
    assert!(sentences("", None).is_empty());
    assert!(sentences(" \n \n ", None).is_empty());
    assert_eq!(sentences(".", None), vec![0..1]);
}

/// A splitter that rescans text for every candidate turns these quadratic.
#[test]
fn large_inputs_stay_linear() {
    let cases = [
        "x".repeat(1 << 20),
        "a. ".repeat(1 << 18),
        "U.S. ".repeat(1 << 17),
        "1. ".repeat(1 << 18),
        format!("{}1. 2. 3.", " ".repeat(1 << 20)),
        ".".repeat(1 << 20),
        "( ".repeat(1 << 18) + ".",
        format!("Mr.{}", " ".repeat(1 << 20)),
        "é".repeat(1 << 19),
        "。".repeat(1 << 18),
    ];
    for text in &cases {
        let t = Instant::now();
        check_invariants(text, None);
        check_invariants(text, Some("de"));
        // Debug build: a linear pass over 1 MB takes milliseconds, a
        // quadratic one hours.
        assert!(t.elapsed() < Duration::from_secs(20), "{} bytes took {:?}", text.len(), t.elapsed());
    }
}

/// Random strings over an alphabet of the characters the rules look at.
#[test]
fn random_mixtures() {
    let alphabet: Vec<char> = "aZ1 .!?…\"'“”„«»‹›()[]¿¡\n\r\t。？！é́🎉ÄЖ中-—.:, zBNrSrMUS".chars().collect();
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    let mut next = move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state
    };
    for _ in 0..3000 {
        let len = (next() % 60) as usize;
        let text: String = (0..len).map(|_| alphabet[(next() % alphabet.len() as u64) as usize]).collect();
        for lang in LANGS {
            check_invariants(&text, lang);
        }
    }
}
