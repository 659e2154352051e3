//! Every analysis on hostile text: no panic, offsets within the text.

use newsdesk_analysis::ArticleAnalyzer;
use newsdesk_model::Article;

fn nasty_texts() -> Vec<String> {
    let mut v: Vec<String> = [
        "",
        " ",
        "\n\n\n",
        "word",
        "\"",
        "“unclosed quote said the minister",
        "\"\"\"\"\"\"",
        "said said said, according to according to.",
        "Mr. Dr. Gen. U.S. U.K. Jan. No. St.",
        "$ € £ ¥ % 1,2,3,4 1.2.3.4 3,5 % 1e309 99999999999999999999999999 -0 .5",
        "🙂🙂🙂 \"🙂,\" said 🙂. 👩‍👩‍👧 ñ é\u{301} \u{200f}مرحبا\u{200e} שלום",
        "北京 は 東京 と 会談した。「問題ない」と首相は述べた。",
        "Москва заявила, что 40 процентов… «Нет», — сказал он.",
        "WASHINGTON (Reuters) -",
        "(CNN)",
        "Paris Paris Paris Georgia Jordan Chad Nice Turkey",
    ]
    .iter()
    .map(|s| s.to_string())
    .collect();
    v.push("word ".repeat(200_000));
    v.push("\"".repeat(10_000) + " said he");
    v.push("1".repeat(100_000));
    v.push("A. ".repeat(50_000));
    v
}

#[test]
fn hostile_text_never_panics_and_offsets_stay_in_the_text() {
    let analyzer = ArticleAnalyzer::default();
    for text in nasty_texts() {
        let chars = text.chars().count();
        for lang in [None, Some("en"), Some("de"), Some("fr"), Some("es"), Some("zz")] {
            let mut a = Article::new("nasty".into());
            a.title = text.lines().next().map(str::to_owned);
            a.language = lang.map(str::to_owned);
            a.text = text.clone();
            let got = analyzer.analyze(&a);
            let what = || format!("{lang:?} {:?}", text.chars().take(40).collect::<String>());
            for s in &got.summary {
                assert!(text.contains(s.as_str()), "summary sentence not from the text: {}", what());
            }
            for q in &got.quotes {
                assert!(q.content_start <= q.content_end && q.content_end <= chars, "{}", what());
            }
            for f in &got.figures {
                assert!(f.start <= f.end && f.end <= chars, "{}", what());
            }
        }
    }
}
