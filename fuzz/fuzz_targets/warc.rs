//! Any bytes as a WARC stream (gzipped when they start with the gzip magic):
//! every record is read or reported, never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_ingest::{process, WarcReader};

fuzz_target!(|data: &[u8]| {
    let extractor = newsdesk_extract::ArticleExtractor::default();
    let mut handle = |item: Result<newsdesk_ingest::Input, newsdesk_ingest::InputError>| {
        if let Ok(input) = item {
            let _ = process(&extractor, input);
        }
    };
    if data.starts_with(&[0x1f, 0x8b]) {
        let gz = std::io::BufReader::new(flate2::read::MultiGzDecoder::new(data));
        WarcReader::new(gz, "fuzz.warc.gz").take(64).for_each(&mut handle);
    } else {
        WarcReader::new(data, "fuzz.warc").take(64).for_each(&mut handle);
    }
});
