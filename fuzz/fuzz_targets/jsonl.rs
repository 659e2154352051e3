//! Any bytes as JSONL: each line becomes an article or an error, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::{process, Input};
use newsdesk_model::InputRecord;

fuzz_target!(|data: &[u8]| {
    let extractor = newsdesk_extract::ArticleExtractor::default();
    for (n, line) in data.split(|&b| b == b'\n').enumerate().take(64) {
        if let Ok(record) = InputRecord::from_json(line) {
            let input = Input::Record { origin: format!("fuzz:{n}"), record: Box::new(record) };
            let _ = process(&extractor, input);
        }
    }
});
