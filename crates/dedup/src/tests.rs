use crate::{dedup, Config, Doc};

const WIRE: &str = "WASHINGTON (Reuters) - The U.S. Senate on Tuesday passed a $95 billion spending bill that funds the government through September, sending the measure to President Smith, who is expected to sign it before a Friday deadline.

The vote was 68-31, with 17 Republicans joining Democrats to support the package after a week of negotiations that at times threatened to collapse over border funding and disaster relief for the Gulf Coast.

\"This is not the bill any of us would have written alone,\" said Senate Majority Leader Ann Carter. \"But it keeps the lights on and it keeps our promises to the people hit by the storms.\"

The bill includes $12 billion for disaster relief, $8 billion for border security and a 3% pay rise for federal workers, according to a summary released by the Appropriations Committee on Monday night.

Opponents said the package added too much to the deficit. Senator Tom Reyes of Arizona called it \"a credit card bill with no limit\" and said he would push for spending caps in next year's budget talks.

The House approved the same bill last week by a vote of 241-188. A government shutdown would have furloughed about 800,000 federal employees and closed national parks during the busiest travel season.

Reporting by Jane Roe; Editing by Bob Smith";

/// The wire story as an outlet republishes it: another dateline, curly
/// quotes and em dashes, a correction line, the last paragraph and the
/// credits dropped, whitespace changed.
fn syndicated() -> String {
    let paras: Vec<&str> = WIRE.split("\n\n").collect();
    let mut body = paras[..5].join("\n\n");
    body = body.replacen("WASHINGTON (Reuters) - ", "WASHINGTON (AP) — ", 1);
    body = body.replace("\"This", "“This").replace("alone,\"", "alone,”").replace(" \"But", " “But");
    body = body.replace("storms.\"", "storms.”").replace("68-31", "68–31").replace("  ", " ");
    body = body.replace(". ", ".  ");
    format!("This story has been corrected to fix the vote count.\n\n{body}\n\nCopyright 2025 The Associated Press.")
}

const SAME_TOPIC: &str = "The Senate approved a large government funding package on Tuesday night, ending weeks of uncertainty over whether federal agencies would shut down at the end of the week.

Lawmakers from both parties spent days arguing over money for the southern border and for communities on the Gulf Coast that were struck by hurricanes last autumn.

Majority Leader Ann Carter praised the compromise in a floor speech, while several conservative senators warned that the deficit would keep growing without strict limits on spending.

The president has said he will sign the legislation. Federal workers, who would have been sent home without pay in a shutdown, will also receive a modest raise under the plan.

Analysts said the agreement only postpones the fight over the budget until the next fiscal year, when the same disputes over border funding are likely to return.";

fn day(n: i64) -> Option<i64> {
    Some(1_700_000_000 + n * 3600)
}

#[test]
fn edited_copies_are_grouped_with_the_earliest_as_canonical() {
    let copy = syndicated();
    let docs = [
        Doc { id: "copy", published: day(3), text: &copy },
        Doc { id: "wire", published: day(1), text: WIRE },
        Doc { id: "other", published: day(0), text: SAME_TOPIC },
    ];
    let out = dedup(&docs, Config::default()).unwrap();
    assert_eq!(out.len(), 3);
    let (c, w, o) = (&out[0], &out[1], &out[2]);
    assert_eq!(w.id, "wire");
    assert!(w.canonical && w.copy_of.is_none() && w.group == "wire", "{w:?}");
    assert_eq!(c.copy_of.as_deref(), Some("wire"), "{c:?}");
    assert!(!c.canonical && c.group == "wire");
    assert!(c.similarity >= 0.8, "{c:?}");
    // The same event in other words is not a copy.
    assert!(o.canonical && o.group == "other" && o.copy_of.is_none(), "{o:?}");
}

#[test]
fn canonical_is_the_earliest_even_when_shorter_and_added_last() {
    let copy = syndicated();
    let docs = [
        Doc { id: "a-long", published: day(5), text: WIRE },
        Doc { id: "b-undated", published: None, text: WIRE },
        Doc { id: "z-first", published: day(2), text: &copy },
    ];
    let out = dedup(&docs, Config::default()).unwrap();
    assert!(out.iter().all(|a| a.group == "z-first"), "{out:?}");
    assert!(out[2].canonical);
    // Equal dates: the longest text wins, then the smaller id.
    let docs = [
        Doc { id: "b", published: day(1), text: WIRE },
        Doc { id: "a", published: day(1), text: WIRE },
        Doc { id: "short", published: day(1), text: &copy },
    ];
    let out = dedup(&docs, Config::default()).unwrap();
    assert!(out.iter().all(|a| a.group == "a"), "{out:?}");
}

#[test]
fn a_short_version_inside_a_longer_one_is_caught() {
    let paras: Vec<&str> = WIRE.split("\n\n").collect();
    let short = paras[..3].join("\n\n");
    let docs =
        [Doc { id: "long", published: day(1), text: WIRE }, Doc { id: "short", published: day(2), text: &short }];
    let out = dedup(&docs, Config::default()).unwrap();
    assert_eq!(out[1].copy_of.as_deref(), Some("long"), "{out:?}");
    assert!(out[1].similarity > 0.95, "{out:?}");
}

#[test]
fn tiny_empty_and_unrelated_texts_stay_alone() {
    let docs = [
        Doc { id: "e1", published: None, text: "" },
        Doc { id: "e2", published: None, text: "  " },
        Doc { id: "w", published: None, text: "Breaking" },
        Doc { id: "wire", published: None, text: WIRE },
        Doc { id: "quote", published: None, text: "The vote was 68-31, with 17 Republicans joining Democrats." },
        Doc { id: "jp", published: None, text: "東京で大雨が降り、川が氾濫した。" },
    ];
    let out = dedup(&docs, Config::default()).unwrap();
    for a in &out {
        assert!(a.canonical && a.group == a.id, "{a:?}");
    }
}

#[test]
fn many_copies_make_one_group() {
    let copies: Vec<String> = (0..200).map(|i| format!("{}\n\nRead more: outlet {i}", syndicated())).collect();
    let mut docs: Vec<Doc> =
        copies.iter().enumerate().map(|(i, t)| Doc { id: "", published: day(10 + i as i64), text: t }).collect();
    let ids: Vec<String> = (0..200).map(|i| format!("c{i:03}")).collect();
    for (d, id) in docs.iter_mut().zip(&ids) {
        d.id = id;
    }
    docs.push(Doc { id: "wire", published: day(1), text: WIRE });
    let out = dedup(&docs, Config::default()).unwrap();
    assert!(out.iter().all(|a| a.group == "wire"), "{:?}", out.iter().find(|a| a.group != "wire"));
}

#[test]
fn bad_config_is_refused() {
    assert!(dedup(&[], Config { threshold: 0.0, ..Config::default() }).is_err());
    assert!(dedup(&[], Config { threshold: 1.5, ..Config::default() }).is_err());
    assert!(dedup(&[], Config { shingle_words: 0, ..Config::default() }).is_err());
    assert!(dedup(&[], Config::default()).unwrap().is_empty());
}

#[test]
fn sketches_of_copies_share_a_band_key_and_pass_verification() {
    use crate::Sketch;
    let config = Config::default();
    let (wire, copy, other) =
        (Sketch::new(WIRE, &config), Sketch::new(&syndicated(), &config), Sketch::new(SAME_TOPIC, &config));
    let shared = |a: &Sketch, b: &Sketch| a.band_keys().iter().any(|k| b.band_keys().contains(k));
    assert!(shared(&wire, &copy));
    assert!(wire.similarity(&copy, &config) >= config.threshold);
    assert!(wire.similarity(&other, &config) < 0.2);
    assert_eq!(wire.band_keys().len(), crate::BANDS + crate::LEAD_BANDS);
    assert!(Sketch::new(" \n", &config).band_keys().is_empty());
}

/// A body of `n` distinct pseudo-words, one sentence per 12 words.
fn long_text(n: usize, seed: u64) -> String {
    let mut s = seed;
    let mut out = String::new();
    for i in 0..n {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        out.push_str(&format!("w{:x}", s % 100_000));
        out.push_str(if i % 12 == 11 { ".\n" } else { " " });
    }
    out
}

#[test]
fn sampled_similarity_of_long_bodies_is_close_to_exact() {
    use crate::minhash::{intersection, shingles};
    let config = Config::default();
    let long = long_text(3000, 7);
    // A copy without its last fifth and with another body appended: Jaccard
    // about 0.67, containment about 0.8.
    let cut = long.len() * 4 / 5;
    let copy = format!("{}\n{}", &long[..cut], long_text(400, 9));
    let (a, b) = (shingles(&long, 5), shingles(&copy, 5));
    let inter = intersection(&a, &b) as f64;
    let exact = (inter / ((a.len() + b.len()) as f64 - inter)).max(inter / a.len().min(b.len()) as f64);
    let (sa, sb) = (crate::Sketch::new(&long, &config), crate::Sketch::new(&copy, &config));
    assert!(sa.shingles.len() < a.len() / 4, "a sample, not the whole set");
    let est = sa.similarity(&sb, &config);
    assert!((est - exact).abs() < 0.08, "sampled {est} vs exact {exact}");
    // Unrelated long bodies stay far apart.
    let other = crate::Sketch::new(&long_text(3000, 11), &config);
    assert!(sa.similarity(&other, &config) < 0.05);
    // A short body wholly inside a long one is still found (containment).
    let short = crate::Sketch::new(&long[..long.len() / 6], &config);
    assert!(short.similarity(&sa, &config) > 0.9, "{}", short.similarity(&sa, &config));
}

#[test]
fn a_short_version_joins_only_the_story_it_comes_from() {
    let (shared, own, rest) = (long_text(150, 2), long_text(60, 1), long_text(300, 5));
    let (other, more) = (long_text(300, 3), long_text(200, 4));
    // Two stories opening with the same passage (a statement both quote), and
    // a short version of the first: 71% of it is inside the second story too.
    let story = format!("{shared}{own}{rest}");
    let short = format!("{shared}{own}");
    let second = format!("{shared}{other}{more}");
    let docs = [
        Doc { id: "story", published: day(1), text: &story },
        Doc { id: "second", published: day(0), text: &second },
        Doc { id: "short", published: day(2), text: &short },
    ];
    let config = Config::default();
    let s = |a: &str, b: &str| crate::Sketch::new(a, &config).similarity(&crate::Sketch::new(b, &config), &config);
    assert!(s(&short, &second) > 0.65 && s(&short, &story) > 0.95 && s(&story, &second) < 0.4);
    let out = dedup(&docs, config).unwrap();
    assert_eq!(out[2].copy_of.as_deref(), Some("story"), "{out:?}");
    assert!(out[1].canonical && out[1].group == "second", "{out:?}");
}
