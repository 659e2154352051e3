//! Any text through every article analysis (summary, quotes, claims,
//! figures, places), in the languages with their own rules: never a panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use newsdesk_analysis::ArticleAnalyzer;
use newsdesk_model::Article;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    // The first line doubles as the title, as a page's headline would.
    let title = text.lines().next().map(str::to_owned);
    let analyzer = ArticleAnalyzer::default();
    for lang in [None, Some("en"), Some("de"), Some("fr"), Some("es")] {
        let mut a = Article::new("fuzz".into());
        a.title = title.clone();
        a.language = lang.map(str::to_owned);
        a.text = text.to_string();
        let _ = analyzer.analyze(&a);
    }
});
