//! Quotes and reported speech on short articles written for these tests.

use newsdesk_attribution::{find_quotes, quote_records, Quote, QuoteRecord};

fn records(text: &str) -> Vec<QuoteRecord> {
    quote_records(text, &find_quotes(text))
}

fn slice<'a>(text: &'a str, r: &Option<std::ops::Range<usize>>) -> Option<&'a str> {
    r.as_ref().map(|r| &text[r.clone()])
}

/// The quote whose content contains `needle`.
fn quote_with<'a>(text: &str, quotes: &'a [Quote], needle: &str) -> &'a Quote {
    quotes
        .iter()
        .find(|q| text[q.content.clone()].contains(needle))
        .unwrap_or_else(|| panic!("no quote with {needle:?} in {quotes:?}"))
}

#[test]
fn direct_quote_with_postposed_speaker_resolves_surname() {
    let text = "VANCOUVER — Wally Oppal led the inquiry into the missing women.\n\n\
                “We were not told the truth,” Oppal said on Monday.";
    let q = find_quotes(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert_eq!(&text[q[0].content.clone()], "“We were not told the truth,”");
    assert_eq!(slice(text, &q[0].speaker), Some("Oppal"));
    assert_eq!(slice(text, &q[0].cue), Some("said"));
    assert!(q[0].direct);
    assert_eq!(q[0].speaker_name.as_deref(), Some("Wally Oppal"));
}

#[test]
fn inverted_and_preposed_frames() {
    let text = "\"The bridge will reopen in May,\" said Maria Lopez, the city engineer.\n\n\
                Councillor Tom Baker said: \"That is far too late.\"";
    let q = find_quotes(text);
    let a = quote_with(text, &q, "bridge");
    assert_eq!(slice(text, &a.speaker), Some("Maria Lopez, the city engineer"));
    assert_eq!(a.speaker_name.as_deref(), Some("Maria Lopez"));
    let b = quote_with(text, &q, "too late");
    assert_eq!(&text[b.content.clone()], "\"That is far too late.\"");
    assert_eq!(slice(text, &b.cue), Some("said:"));
    assert_eq!(b.speaker_name.as_deref(), Some("Tom Baker"));
}

#[test]
fn reported_speech_keeps_that_and_drops_the_full_stop() {
    let text = "The company said that profits fell sharply in the third quarter. \
                Analysts told reporters the decline was expected.";
    let q = find_quotes(text);
    let a = quote_with(text, &q, "profits");
    assert_eq!(&text[a.content.clone()], "that profits fell sharply in the third quarter");
    assert_eq!(slice(text, &a.speaker), Some("The company"));
    assert!(!a.direct);
    let b = quote_with(text, &q, "decline");
    assert_eq!(&text[b.content.clone()], "the decline was expected");
    assert_eq!(slice(text, &b.cue), Some("told"));
}

#[test]
fn according_to_before_and_after() {
    let text = "According to the fire department, three buildings were damaged. \
                Two people were hurt, according to police.";
    let q = find_quotes(text);
    let a = quote_with(text, &q, "buildings");
    assert_eq!(slice(text, &a.speaker), Some("the fire department"));
    assert_eq!(slice(text, &a.cue), Some("According to"));
    let b = quote_with(text, &q, "hurt");
    assert_eq!(&text[b.content.clone()], "Two people were hurt");
    assert_eq!(slice(text, &b.speaker), Some("police"));
}

#[test]
fn pronouns_titles_and_descriptions_resolve() {
    let text = "A State Department spokesperson said the embassy would stay open. \
                President Barack Obama met the families on Tuesday. \
                “We will not leave anyone behind,” the president said. \
                Jane Smith, the mayor, thanked the volunteers. She said the city owed them a debt. \
                Later the spokesperson said no decision had been made.";
    let q = find_quotes(text);
    assert_eq!(quote_with(text, &q, "embassy").speaker_name.as_deref(), Some("A State Department spokesperson"));
    assert_eq!(quote_with(text, &q, "leave anyone").speaker_name.as_deref(), Some("Barack Obama"));
    assert_eq!(quote_with(text, &q, "owed them").speaker_name.as_deref(), Some("Jane Smith"));
    assert_eq!(quote_with(text, &q, "no decision").speaker_name.as_deref(), Some("A State Department spokesperson"));
}

#[test]
fn split_and_follow_on_quotes_are_one_content() {
    let text = "“It was a hard year,” the coach said, “but we are proud of them.” \
                “Next season will be better.”";
    let q = find_quotes(text);
    assert_eq!(q.len(), 1, "{q:?}");
    assert!(text[q[0].content.clone()].starts_with("“It was"));
    assert!(text[q[0].content.clone()].ends_with("better.”"));
}

#[test]
fn multi_paragraph_quote_runs_on() {
    let text = "The judge said: “This court has heard enough.\n\n“The defendant will be sentenced on Friday.”\n\nThe hearing ended.";
    let q = find_quotes(text);
    let a = quote_with(text, &q, "heard enough");
    assert!(text[a.content.clone()].ends_with("Friday.”"), "{:?}", &text[a.content.clone()]);
    assert_eq!(a.speaker_name.as_deref(), Some("The judge"));
}

#[test]
fn scare_quotes_are_not_quotes() {
    let text = "The so-called “reform” package passed the senate on a close vote.";
    assert!(find_quotes(text).is_empty());
}

#[test]
fn records_use_character_offsets() {
    let text = "😀 Über-Café 東京. “Ça va très bien,” dit-il, said Zoë Müller.";
    let r = records(text);
    assert_eq!(r.len(), 1, "{r:?}");
    let chars: Vec<char> = text.chars().collect();
    let content: String = chars[r[0].content_start..r[0].content_end].iter().collect();
    assert_eq!(content, r[0].content);
    let (s, e) = (r[0].speaker_start.unwrap(), r[0].speaker_end.unwrap());
    assert_eq!(chars[s..e].iter().collect::<String>(), "Zoë Müller");
    let json = serde_json::to_string(&r[0]).unwrap();
    for field in ["content", "content_start", "speaker_end", "cue_start", "direct", "speaker_name"] {
        assert!(json.contains(&format!("\"{field}\"")), "{json}");
    }
}

/// Every range lies on char boundaries, in order, and records agree with them.
fn check_consistent(text: &str) {
    let (quotes, claims) = newsdesk_attribution::find_quotes_and_claims(text);
    for q in &quotes {
        for r in [Some(q.content.clone()), q.speaker.clone(), q.cue.clone()].into_iter().flatten() {
            assert!(r.start <= r.end && r.end <= text.len(), "{r:?}");
            assert!(text.is_char_boundary(r.start) && text.is_char_boundary(r.end));
        }
        assert!(!q.content.is_empty());
    }
    let chars: Vec<char> = text.chars().collect();
    for r in quote_records(text, &quotes) {
        assert_eq!(chars[r.content_start..r.content_end].iter().collect::<String>(), r.content);
    }
    for c in newsdesk_attribution::claim_records(text, &claims) {
        assert_eq!(chars[c.start..c.end].iter().collect::<String>(), c.text);
    }
}

#[test]
fn nasty_inputs_do_not_panic() {
    let one_word = "a".repeat(1 << 20);
    let quotes_only = "\"".repeat(1000) + &"“”".repeat(500) + &"''".repeat(300);
    let inputs = [
        "",
        " ",
        "\n\n\n",
        "\"",
        "“",
        "”",
        "''",
        "said",
        "he said",
        "said he",
        ", said",
        "according to",
        "according to ,",
        "“unclosed quote, he said.",
        "closing only” he said, “and again",
        "😀😀😀 “🎉,” 😀 said.",
        "东京的市长说：“我们准备好了。”他还说，城市很安全。",
        "قال المتحدث إن الوضع “مستقر” تماماً، حسب الشرطة.",
        "«Nous sommes prêts», a déclaré le maire. „Wir sind bereit“, sagte er.",
        "e\u{301}\u{301}\u{301} said “n\u{303}o\u{308}”, said Zoe\u{308}.",
        "no punctuation at all just words the minister said nothing of note",
        "PENCE:",
        "\"WALLACE: ",
        "Mr. Mrs. Dr. said: according to, told: “”",
        "He said that. That said. Said that, he said, “.”",
        &one_word,
        &quotes_only,
    ];
    for text in inputs {
        check_consistent(text);
    }
}

#[test]
fn long_article_is_linear_enough() {
    let para = "“We will rebuild the bridge,” Mayor Ann Lee said on Monday. Officials said that the cost \
                would reach $4 million, according to the city budget office. She told reporters the work \
                would start in spring.\n\n";
    let text = para.repeat(2000);
    let t = std::time::Instant::now();
    let q = find_quotes(&text);
    assert!(q.len() >= 6000, "{}", q.len());
    assert!(t.elapsed().as_secs_f64() < 10.0);
}
