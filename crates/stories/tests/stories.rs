//! Behaviour of the streaming clusterer: copies, idle closing, merges, bad
//! input, duplicate ids, restore, and that closed stories leave the index.

use newsdesk_stories::{Reason, StoryClusterer, StoryConfig, StoryError, StoryInput};

const DAY: i64 = 86_400;

const REID_1: (&str, &str) = (
    "Tara Reid checks into Promises rehab",
    "Actress Tara Reid entered the Promises Treatment Center in Malibu, publicist Jack Ketsoyan said on Friday.",
);
const REID_2: (&str, &str) = (
    "Tara Reid enters Promises Treatment Center",
    "Jack Ketsoyan, the publicist of Tara Reid, confirmed the actress is at the Promises Treatment Center in Malibu.",
);
const QUAKE: (&str, &str) = (
    "Magnitude 6.1 earthquake strikes Sumatra",
    "A strong earthquake of magnitude 6.1 struck off the coast of Sumatra, Indonesia, early on Tuesday, the USGS said.",
);
const FLOOD: (&str, &str) = (
    "Floods hit Valencia after record rainfall",
    "Heavy rain flooded the streets of Valencia in eastern Spain, and emergency services rescued dozens of drivers.",
);

fn at<'a>(id: &'a str, t: Option<i64>, doc: (&'a str, &'a str)) -> StoryInput<'a> {
    StoryInput { id, published: t, title: doc.0, text: doc.1, language: Some("en"), copy_of: None }
}

fn clusterer() -> StoryClusterer {
    StoryClusterer::new(StoryConfig::default()).unwrap()
}

#[test]
fn same_event_joins_other_event_opens() {
    let mut c = clusterer();
    let a = c.push(&at("a", Some(0), REID_1));
    let b = c.push(&at("b", Some(60), REID_2));
    let q = c.push(&at("q", Some(120), QUAKE));
    assert!(a.opened);
    assert_eq!(b.story, a.story);
    assert!(!b.opened && b.score >= StoryConfig::default().threshold);
    assert_eq!(b.explain.reason, Reason::Joined);
    assert_eq!(b.explain.story_size, 1);
    assert!(!b.explain.shared_terms.is_empty());
    assert!(q.opened && q.story != a.story);
    assert_eq!(c.active_stories(), 2);
    assert_eq!(c.story_of("b"), Some(a.story));
    // the explanation serialises
    let json = serde_json::to_string(&b.explain).unwrap();
    assert!(json.contains("shared_terms") && json.contains("joined"));
}

#[test]
fn copies_join_their_canonical_story() {
    let mut c = clusterer();
    let a = c.push(&at("a", Some(0), REID_1));
    let _q = c.push(&at("q", Some(10), QUAKE));
    // a copy whose text alone would open a new story still joins
    let mut copy = at("copy", Some(20), FLOOD);
    copy.copy_of = Some("a");
    let p = c.push(&copy);
    assert_eq!(p.story, a.story);
    assert!(!p.opened);
    assert_eq!(p.explain.reason, Reason::Copy);
    // an unknown canonical: scored normally
    let mut stray =
        at("stray", Some(30), ("Snow closes Oslo airport", "Heavy snow closed the airport of Oslo on Monday."));
    stray.copy_of = Some("never-seen");
    assert!(c.push(&stray).opened);
}

#[test]
fn idle_stories_close_and_leave_memory_and_index() {
    let mut c = clusterer();
    let idle = StoryConfig::default().idle_close_secs;
    let a = c.push(&at("a", Some(0), REID_1));
    let q = c.push(&at("q", Some(DAY), QUAKE));
    assert_eq!(c.active_stories(), 2);
    assert!(c.indexed(a.story));
    let before = c.stats();
    // the Reid story is idle longer than idle_close_secs when this arrives
    let f = c.push(&at("f", Some(idle + 10), FLOOD));
    assert_eq!(c.active_stories(), 2, "reid closed, quake still active, flood opened");
    assert_eq!(c.story_of("a"), None);
    assert_eq!(c.story_of("q"), Some(q.story));
    assert!(!c.indexed(a.story), "a closed story is not a candidate any more");
    let s = c.stats();
    assert_eq!(s.closed, 1);
    assert!(s.active_articles < before.active_articles + 1);
    // a later Reid article opens a new story (the old one is closed)
    let b = c.push(&at("b", Some(idle + 20), REID_2));
    assert!(b.opened && b.story != a.story);
    // everything closes after a long gap
    c.push(&at("late", Some(100 * DAY), FLOOD));
    assert_eq!(c.active_stories(), 1);
    assert!(!c.indexed(q.story) && !c.indexed(f.story) && !c.indexed(b.story));
    assert_eq!(c.stats().active_articles, 1);
}

#[test]
fn a_bridging_article_merges_two_stories() {
    let config = StoryConfig { threshold: 0.2, merge_threshold: 0.2, ..Default::default() };
    let mut c = StoryClusterer::new(config).unwrap();
    let a = c.push(&at("a", Some(0), ("Tara Reid enters rehab", "Tara Reid entered rehab in Malibu.")));
    let b = c.push(&at(
        "b",
        Some(1),
        ("Promises Treatment Center admits actress", "The Promises Treatment Center admitted an actress."),
    ));
    assert_ne!(a.story, b.story);
    let bridge = c.push(&at(
        "bridge",
        Some(2),
        (
            "Tara Reid enters rehab at Promises Treatment Center",
            "Tara Reid entered rehab at the Promises Treatment Center in Malibu.",
        ),
    ));
    assert_eq!(bridge.merged.len(), 1, "{bridge:?}");
    let m = bridge.merged[0];
    assert_eq!(m.into, bridge.story);
    assert!([a.story, b.story].contains(&m.from) && [a.story, b.story].contains(&m.into));
    assert_eq!(c.active_stories(), 1);
    assert_eq!(c.story_of("a"), c.story_of("b"));
    assert!(!c.indexed(m.from));
    assert_eq!(c.stats().merges, 1);
}

#[test]
fn duplicate_id_returns_the_same_story() {
    let mut c = clusterer();
    let a = c.push(&at("a", Some(0), REID_1));
    let again = c.push(&at("a", Some(5), QUAKE));
    assert_eq!(again.story, a.story);
    assert!(!again.opened);
    assert_eq!(again.explain.reason, Reason::Duplicate);
    assert_eq!(c.active_stories(), 1);
    assert_eq!(c.stats().active_articles, 1);
    assert_eq!(c.stats().duplicates, 1);
    // also within one batch
    let out = c.push_batch(&[at("x", Some(6), QUAKE), at("x", Some(7), QUAKE)]);
    assert_eq!(out[0].story, out[1].story);
    assert_eq!(out[1].explain.reason, Reason::Duplicate);
}

#[test]
fn bad_input_does_not_panic() {
    let mut c = clusterer();
    let many = "word ".repeat(10_000);
    let inputs = [
        StoryInput::new("empty", "", ""),
        StoryInput::new("one", "", "word"),
        StoryInput::new("punct", "...", "—?!«»"),
        StoryInput {
            language: Some("ru"),
            ..StoryInput::new("ru", "Москва", "В Москве прошёл сильный снегопад, сообщили власти.")
        },
        StoryInput {
            language: Some("zh"), ..StoryInput::new("zh", "北京发生地震", "北京时间周五发生五级地震。")
        },
        StoryInput {
            language: Some("ar"), ..StoryInput::new("ar", "زلزال", "ضرب زلزال قوي المنطقة")
        },
        StoryInput { language: Some(""), ..StoryInput::new("emoji", "🔥🔥", "🌊 1 2 3") },
        StoryInput::new("long", "A", &many),
        StoryInput::new("", "", ""),
    ];
    for i in &inputs {
        let p = c.push(i);
        assert!(p.score.is_finite());
    }
    let e = c.push(&StoryInput::new("empty2", "", ""));
    assert!(e.opened, "an empty article opens its own story");
    assert_eq!(e.explain.reason, Reason::Empty);
    // the Chinese article finds its twin through character bigrams
    let zh = c.push(&StoryInput {
        language: Some("zh"),
        ..StoryInput::new("zh2", "北京发生地震", "北京时间周五发生五级地震。")
    });
    assert_eq!(Some(zh.story), c.story_of("zh"));
}

#[test]
fn missing_dates_use_the_stream_time_and_are_counted() {
    let mut c = clusterer();
    let idle = StoryConfig::default().idle_close_secs;
    let u = c.push(&at("u", None, QUAKE)); // before any date
    let a = c.push(&at("a", Some(1_000_000), REID_1));
    assert_eq!(c.active_stories(), 2, "the undated story takes the first date, it is not closed at once");
    let b = c.push(&at("b", None, REID_2));
    assert_eq!(b.story, a.story);
    assert_eq!(c.undated(), 2);
    c.push(&at("f", Some(1_000_000 + idle + 1), FLOOD));
    assert_eq!(c.story_of("u"), None);
    assert_ne!(u.story, a.story);
    assert_eq!(c.active_stories(), 1);
    // an out-of-order (older) date does not move the stream time back
    c.push(&at("old", Some(0), QUAKE));
    assert_eq!(c.stream_time(), Some(1_000_000 + idle + 1));
}

#[test]
fn restore_rebuilds_without_decisions_and_ids_continue() {
    let mut c = clusterer().with_next_id(100);
    c.restore(42, &at("a", Some(0), REID_1));
    c.restore(42, &at("q", Some(0), QUAKE)); // the store said so: no decision
    assert_eq!(c.story_of("a"), Some(42));
    assert_eq!(c.story_of("q"), Some(42));
    assert_eq!(c.active_stories(), 1);
    let b = c.push(&at("b", Some(10), REID_2));
    assert_eq!(b.story, 42);
    let f = c.push(&at("f", Some(20), FLOOD));
    assert!(f.opened);
    assert_eq!(f.story, 100);
    c.restore(7, &at("z", Some(20), FLOOD));
    assert_eq!(c.push(&at("g", Some(30), ("Snow in Oslo", "Heavy snow fell in Oslo on Monday."))).story, 101);
}

#[test]
fn push_batch_matches_push() {
    let docs = [REID_1, QUAKE, REID_2, FLOOD, QUAKE];
    let ids = ["a", "b", "c", "d", "e"];
    let inputs: Vec<StoryInput<'_>> =
        ids.iter().zip(docs).enumerate().map(|(i, (id, d))| at(id, Some(i as i64), d)).collect();
    let mut one = clusterer();
    let singles: Vec<u64> = inputs.iter().map(|i| one.push(i).story).collect();
    let mut batch = clusterer();
    let batched: Vec<u64> = batch.push_batch(&inputs).iter().map(|p| p.story).collect();
    assert_eq!(singles, batched);
}

#[test]
fn bad_configs_are_refused() {
    let bad = |c: StoryConfig| StoryClusterer::new(c).err().unwrap();
    assert_eq!(bad(StoryConfig { threshold: 0.0, ..Default::default() }), StoryError::Threshold(0.0));
    assert_eq!(bad(StoryConfig { dated_threshold: 1.5, ..Default::default() }), StoryError::Threshold(1.5));
    assert!(matches!(
        bad(StoryConfig { merge_threshold: 0.1, ..Default::default() }),
        StoryError::MergeThreshold { .. }
    ));
    assert_eq!(bad(StoryConfig { idle_close_secs: 0, ..Default::default() }), StoryError::IdleClose(0));
    assert!(matches!(bad(StoryConfig { entity_weight: f64::NAN, ..Default::default() }), StoryError::Weight { .. }));
    assert_eq!(bad(StoryConfig { probe_terms: 0, ..Default::default() }), StoryError::Zero("probe_terms"));
    // the config reads from JSON with defaults and refuses unknown fields
    let c: StoryConfig = serde_json::from_str(r#"{"threshold": 0.4}"#).unwrap();
    assert_eq!(c.threshold, 0.4);
    assert!(serde_json::from_str::<StoryConfig>(r#"{"thresold": 0.4}"#).is_err());
}

#[test]
fn cost_does_not_depend_on_closed_stories() {
    // many short-lived stories over a long stream: only the recent ones stay
    let mut c = clusterer();
    let idle = StoryConfig::default().idle_close_secs;
    let mut max_active = 0;
    for i in 0..2_000i64 {
        let title = format!("Event{i} Alpha{i} happens in Town{i}");
        let text = format!("Officials said Event{i} Alpha{i} affected Town{i} with {i} people.");
        let id = format!("a{i}");
        c.push(&StoryInput {
            id: &id,
            published: Some(i * DAY / 4),
            title: &title,
            text: &text,
            language: None,
            copy_of: None,
        });
        max_active = max_active.max(c.active_stories());
    }
    let s = c.stats();
    assert!(max_active as i64 <= 4 * idle / DAY + 2, "{max_active}");
    assert!(s.closed >= 1_900, "{s:?}");
    assert!(s.active_articles <= max_active);
    // the index holds only active stories' features
    assert!(s.index_entries <= s.active_stories * 2 * StoryConfig::default().centroid_terms);
    assert!(s.index_features < 2_000, "{s:?}");
}

/// Case mapping that changes byte length (İ, ẞ, ﬁ), combining marks, joiners,
/// RTL marks and numbers glued to letters, in every mix: features are cut at
/// word and character boundaries of the text as given, never of its lower case.
#[test]
fn text_whose_lower_case_changes_length_does_not_panic() {
    let parts = [
        "İstanbul",
        "İZMİR Valisi",
        "STRAẞE",
        "ﬁnancial ﬂows",
        "e\u{301}te\u{301}",
        "\u{301}",
        "👩\u{200d}👩\u{200d}👧",
        "\u{200f}שלום\u{200e}",
        "6.1-magnitude",
        "3.5km",
        "Σ ΣΑΣ",
        "Ǆemal",
        "\u{feff}",
        "Mr. Ǳ Ǉ",
        "١٢٣ كم",
    ];
    let mut c = clusterer();
    let mut state = 0x2545_f491_4f6c_dd1du64;
    for n in 0..400 {
        let mut text = String::new();
        let mut title = String::new();
        for k in 0..12 {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            let part = parts[(state % parts.len() as u64) as usize];
            let sep = [" ", "", ". ", "\n", ", "][(state >> 8) as usize % 5];
            if k < 3 {
                title.push_str(part);
                title.push_str(sep);
            }
            text.push_str(part);
            text.push_str(sep);
        }
        let id = format!("a{n}");
        let p = c.push(&StoryInput { published: Some(1_700_000_000 + n), ..StoryInput::new(&id, &title, &text) });
        assert!(p.score.is_finite(), "{title:?} / {text:?}");
    }
}

#[test]
fn text_years_raise_the_score_of_undated_articles_only() {
    let a = (
        "Klitschko stops Thompson to keep his titles",
        "Wladimir Klitschko stopped Tony Thompson in the sixth round on July 7, 2012 in Bern.",
    );
    let b = (
        "Klitschko beats Thompson in Bern",
        "In Bern on July 7, 2012, Wladimir Klitschko retained his heavyweight titles against Tony Thompson.",
    );
    let score = |bonus: f64, t: Option<i64>| {
        let mut c = StoryClusterer::new(StoryConfig { year_bonus: bonus, ..Default::default() }).unwrap();
        c.push(&at("a", t, a));
        c.push(&at("b", t, b)).score
    };
    // the same single year: the cosine doubles with the default bonus of 1
    let (with, without) = (score(1.0, None), score(0.0, None));
    assert!(without > 0.0 && (with / without - 2.0).abs() < 1e-3, "{with} {without}");
    // dated articles: the date does that work, the years change nothing
    assert_eq!(score(1.0, Some(0)), score(0.0, Some(0)));
}

#[test]
fn a_young_story_turns_a_doubtful_article_away_then_absorbs_it_when_grown() {
    // stories of one article are young: an undated article joining one needs 0.95
    let config = StoryConfig { young_size: 2, young_threshold: 0.95, ..Default::default() };
    let mut c = StoryClusterer::new(config.clone()).unwrap();
    let a = c.push(&at("a", None, REID_1));
    let d = c.push(&at("d", None, REID_2));
    assert!(d.opened, "{d:?}");
    assert_eq!(d.explain.reason, Reason::Opened);
    assert!(d.score >= config.threshold && d.score < 0.95, "{d:?}");
    assert_eq!(d.explain.threshold, 0.95, "the bar of the young story is reported");
    assert_eq!(d.explain.runner_up.map(|r| r.0), Some(a.story));
    // a second article (a copy of a, worded like d) grows the first story:
    // the one-article story next to it now reaches the bar and is merged
    let mut copy = at("copy", None, REID_2);
    copy.copy_of = Some("a");
    let p = c.push(&copy);
    assert_eq!(p.story, a.story);
    assert_eq!(p.merged, vec![newsdesk_stories::Merge { from: d.story, into: a.story }], "{p:?}");
    assert_eq!(c.story_of("d"), Some(a.story));
    assert!(!c.indexed(d.story));
    assert_eq!(c.active_stories(), 1);
    assert_eq!(c.stats().merges, 1);
    // the check runs once, when the story comes of age
    let b = c.push(&at("b", None, REID_1));
    assert_eq!(b.story, a.story);
    assert!(b.merged.is_empty());
}

/// Regression: the young bar split a dated story of three outlets' reports
/// (a wire story, its copy and an own report) in the server's story page
/// test. Dated articles are held to the dated threshold at any size.
#[test]
fn a_dated_article_joins_a_young_story_at_the_dated_threshold() {
    let config = StoryConfig { young_size: 2, young_threshold: 0.95, ..Default::default() };
    let mut c = StoryClusterer::new(config.clone()).unwrap();
    let a = c.push(&at("a", Some(0), REID_1));
    let d = c.push(&at("d", Some(1), REID_2));
    assert!(!d.opened && d.story == a.story, "{d:?}");
    assert_eq!(d.explain.threshold, config.dated_threshold);
}

/// Dated articles join at `dated_threshold`, undated ones at `threshold`.
#[test]
fn dated_and_undated_articles_have_their_own_threshold() {
    let config = StoryConfig {
        threshold: 0.9,
        dated_threshold: 0.2,
        merge_threshold: 0.95,
        young_size: 0,
        ..Default::default()
    };
    let place = |dated: bool| {
        let mut c = StoryClusterer::new(config.clone()).unwrap();
        let a = c.push(&at("a", dated.then_some(0), REID_1));
        let d = c.push(&at("d", dated.then_some(1), REID_2));
        (d.story == a.story, d.explain.threshold)
    };
    assert_eq!(place(true), (true, 0.2));
    assert_eq!(place(false), (false, 0.9));
}

#[test]
fn a_grown_story_leaves_distant_stories_alone() {
    let config = StoryConfig { young_size: 2, young_threshold: 0.75, ..Default::default() };
    let mut c = StoryClusterer::new(config).unwrap();
    let q = c.push(&at("q", Some(0), QUAKE));
    let a = c.push(&at("a", Some(1), REID_1));
    let b = c.push(&at("b", Some(2), REID_1));
    assert_eq!(b.story, a.story);
    assert!(b.merged.is_empty(), "{b:?}");
    assert_ne!(c.story_of("q"), Some(a.story));
    assert!(q.opened && c.indexed(q.story));
}
