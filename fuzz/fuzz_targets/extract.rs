//! Any bytes as a page: extraction returns an article or an error, never panics.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_extract::{ArticleExtractor, PageInput};

fuzz_target!(|data: &[u8]| {
    let input = PageInput { url: Some("https://fuzz.example/2024/03/05/page"), ..Default::default() };
    let _ = ArticleExtractor::default().extract(data, &input);
});
