//! Coverage: copy groups with their bucket keys, stories with the counts
//! and headline kept as articles join, move and merge, and the watermark.

use chrono::{NaiveDate, Utc};
use newsdesk_model::Article;
use newsdesk_store::{CopyRecord, CoverageUpdate, Store, StoryMember, StoryOutlet, StoryQuery};

use crate::fixtures::{dated, put};
use crate::Backend;

fn copy(id: &str, of: Option<&str>, keys: &[u64]) -> CopyRecord {
    CopyRecord {
        article_id: id.into(),
        copy_of: of.map(Into::into),
        similarity: if of.is_some() { 0.8 } else { 1.0 },
        band_keys: keys.to_vec(),
    }
}

fn keys<S: Store>(store: &S, last: usize) -> Vec<(String, Vec<u64>)> {
    let mut v = Vec::new();
    store
        .copy_keys(last, &mut |id, k| {
            v.push((id.to_owned(), k));
            Ok(())
        })
        .unwrap();
    v
}

pub fn groups_candidates_and_story_merges<B: Backend>(b: &B) {
    let mut store = b.open();
    let mut arts = vec![
        dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
        dated("b", Some("Daily"), Some("2024-03-05T09:00:00Z")),
        dated("c", Some("Daily"), Some("2024-03-06T09:00:00Z")),
        dated("d", Some("Weekly"), None),
    ];
    arts[1].country = Some("FR".into());
    arts[2].country = Some("DE".into());
    put(&mut store, &arts);
    assert_eq!(store.coverage_watermark().unwrap(), None);
    assert_eq!(store.next_story_id().unwrap(), 1);
    // Stored to the microsecond (truncating is safe: a catch-up re-reads a little more).
    let at = chrono::DateTime::from_timestamp_micros(Utc::now().timestamp_micros()).unwrap();
    store
        .put_coverage(&CoverageUpdate {
            copies: vec![
                copy("a", None, &[1, 2, 3]),
                copy("b", Some("a"), &[2, 3, 4]),
                copy("c", Some("b"), &[3, 9, u64::MAX]),
                copy("d", None, &[]),
            ],
            placements: vec![("a".into(), 1), ("b".into(), 1), ("c".into(), 2), ("d".into(), 3)],
            story_merges: vec![],
            watermark: Some(at),
        })
        .unwrap();
    assert_eq!(store.coverage_watermark().unwrap(), Some(at));
    let g = store.copy_group("c").unwrap().unwrap();
    assert_eq!(g.group, "a");
    let mut members: Vec<&str> = g.members.iter().map(|(id, _)| id.as_str()).collect();
    members.sort_unstable(); // "in no particular order"
    assert_eq!(members, ["a", "b", "c"]);
    assert_eq!(store.copy_group("d").unwrap().unwrap().members.len(), 1);
    assert_eq!(store.copy_group("zzz").unwrap(), None);
    // Newest first, keys round-trip.
    assert_eq!(keys(&store, 2), [("d".to_owned(), vec![]), ("c".to_owned(), vec![3, 9, u64::MAX])]);
    assert_eq!(keys(&store, 10).len(), 4);

    let s1 = store.story(1).unwrap().unwrap();
    assert_eq!((s1.articles, s1.outlets), (2, 2));
    assert_eq!(s1.countries, ["FR"]);
    assert_eq!(s1.first_published.as_deref(), Some("2024-03-05T08:00:00Z"));
    assert_eq!(store.story(3).unwrap().unwrap().first_published, None);

    // Story 2 converges with story 1.
    store.put_coverage(&CoverageUpdate { story_merges: vec![(2, 1)], watermark: None, ..Default::default() }).unwrap();
    assert_eq!(store.coverage_watermark().unwrap(), Some(at), "no watermark: unchanged");
    let merged = store.story(2).unwrap().unwrap();
    assert_eq!(merged.id, 1);
    assert_eq!(merged.merged_from, [2]);
    assert_eq!((merged.articles, merged.outlets), (3, 2));
    assert_eq!(merged.countries, ["DE", "FR"]);
    assert_eq!(merged.last_published.as_deref(), Some("2024-03-06T09:00:00Z"));
    assert_eq!(store.story_of("c").unwrap(), Some(1));
    assert_eq!(store.story_articles(1).unwrap(), ["a", "b", "c"]);
    // The one-query listing says what reading each article says.
    let members = store.story_members(1, 0, usize::MAX).unwrap();
    let expected: Vec<StoryMember> = ["a", "b", "c"]
        .iter()
        .map(|id| {
            let a = store.get(id).unwrap().unwrap().article;
            StoryMember {
                id: a.id.clone(),
                published: a.published.as_ref().map(|p| p.to_string()),
                site_name: a.site_name.clone(),
                country: a.country.clone(),
                title: a.title.clone(),
                url: a.url.clone(),
                copy_group: store.copy_group(id).unwrap().map(|g| g.group),
            }
        })
        .collect();
    assert_eq!(members, expected);
    assert_eq!(members[2].copy_group.as_deref(), Some("a"));
    assert!(store.story_members(99, 0, 10).unwrap().is_empty());
    assert_eq!(store.next_story_id().unwrap(), 4);
    let listed = store.stories(&StoryQuery::default()).unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [1, 3], "dated first, undated last");
    let q = StoryQuery { since: NaiveDate::from_ymd_opt(2024, 3, 6), ..Default::default() };
    assert_eq!(store.stories(&q).unwrap().len(), 1);
    let q = StoryQuery { min_articles: 2, ..Default::default() };
    assert_eq!(store.stories(&q).unwrap().len(), 1);
    assert_eq!(store.recent_stories(86_400).unwrap().len(), 2);

    store.clear_coverage().unwrap();
    assert_eq!(store.story_of("a").unwrap(), None);
    assert_eq!(store.coverage_watermark().unwrap(), None);
    assert!(keys(&store, 10).is_empty());
}

/// What reading every member of a story says of its outlets and days:
/// what the counts kept at ingest must say.
fn counted_from_members<S: Store>(store: &S, story: u64) -> (Vec<StoryOutlet>, Vec<(String, u64)>) {
    let members = store.story_members(story, 0, usize::MAX).unwrap();
    (newsdesk_store::outlets_of(&members), newsdesk_store::days_of(&members))
}

fn assert_counts_kept<S: Store>(store: &S, stories: &[u64], when: &str) {
    for &s in stories {
        let kept = (store.story_outlets(s).unwrap(), store.story_days(s).unwrap());
        assert_eq!(kept, counted_from_members(store, s), "story {s} {when}");
    }
}

/// A story page reads its outlets and days from counts kept as
/// articles join, move, change date and merge, and a window of its
/// members along an index; each must agree with reading the members.
pub fn story_counts_follow_joins_moves_date_changes_and_merges<B: Backend>(b: &B) {
    let mut store = b.open();
    let mut arts = vec![
        dated("a", Some("Wire"), Some("2024-03-05T08:00:00Z")),
        dated("b", Some("Daily"), Some("2024-03-05T09:00:00Z")),
        dated("c", Some("daily"), Some("2024-03-04T09:00:00Z")),
        dated("d", None, None),
        dated("e", Some("Wire"), Some("2024-03-07T10:00:00+02:00")),
        dated("f", Some("Weekly"), Some("2024-03-06")),
    ];
    arts[1].country = Some("FR".into());
    arts[2].country = Some("FR".into());
    put(&mut store, &arts);
    let place = |store: &mut B::Store, placed: &[(&str, u64)], merges: &[(u64, u64)]| {
        let update = CoverageUpdate {
            copies: placed.iter().map(|(id, _)| copy(id, None, &[])).collect(),
            placements: placed.iter().map(|(id, s)| ((*id).into(), *s)).collect(),
            story_merges: merges.to_vec(),
            watermark: None,
        };
        store.put_coverage(&update).unwrap();
    };
    place(&mut store, &[("a", 1), ("b", 1), ("c", 1), ("d", 1), ("e", 2), ("f", 2)], &[]);
    assert_counts_kept(&store, &[1, 2], "after joining");
    let outlets = store.story_outlets(1).unwrap();
    // "Daily" and "daily" are one outlet, named after its first article (c, a day earlier).
    assert_eq!(
        outlets[0],
        StoryOutlet {
            name: Some("daily".into()),
            country: Some("FR".into()),
            articles: 2,
            first_published: Some("2024-03-04T09:00:00Z".into()),
        }
    );
    assert_eq!(outlets.last().unwrap().name, None, "the undated one last");
    assert_eq!(store.story_days(2).unwrap(), [("2024-03-06".to_string(), 1), ("2024-03-07".to_string(), 1)]);

    // Paged along publication order, undated last.
    let page = |store: &B::Store, offset, limit| -> Vec<String> {
        store.story_members(1, offset, limit).unwrap().into_iter().map(|m| m.id).collect()
    };
    assert_eq!(page(&store, 0, 10), ["c", "a", "b", "d"]);
    assert_eq!(page(&store, 1, 2), ["a", "b"]);
    assert_eq!(page(&store, 3, 2), ["d"]);
    assert!(page(&store, 9, 2).is_empty());
    assert_eq!(store.story_articles(1).unwrap(), ["c", "a", "b", "d"]);

    // "b" moves to story 2, and "a" changes its date: recounted.
    arts[0].published = Some(newsdesk_model::PubDate::parse("2024-03-09T08:00:00Z").unwrap());
    put(&mut store, &arts[..1]);
    place(&mut store, &[("b", 2), ("a", 1)], &[]);
    assert_counts_kept(&store, &[1, 2], "after a move and a date change");
    assert_eq!(page(&store, 0, 10), ["c", "a", "d"]);

    // Story 2 merges into 1: counts added without reading articles.
    place(&mut store, &[], &[(2, 1)]);
    assert_counts_kept(&store, &[1], "after a merge");
    assert!(store.story_outlets(2).unwrap().iter().all(|o| o.articles > 0));
    assert_eq!(store.story(1).unwrap().unwrap().articles, 6);

    store.clear_coverage().unwrap();
    assert!(store.story_outlets(1).unwrap().is_empty());
    assert!(store.story_days(1).unwrap().is_empty());
}

/// The headline is picked again as a small story grows (at the sizes
/// it crosses, however many join in one update) and after a merge, not
/// at every update.
pub fn headline_follows_a_growing_story<B: Backend>(b: &B) {
    let mut store = b.open();
    let titled = |id: &str, title: &str, hour: u32| {
        let mut a = dated(id, Some(id), Some(&format!("2024-03-05T{hour:02}:00:00Z")));
        a.title = Some(title.into());
        a
    };
    let arts = vec![
        titled("a", "Odd one out", 1),
        titled("b", "Storm hits the coast of Chile", 2),
        titled("c", "Storm hits Chile coast", 3),
        titled("d", "Chile coast hit by storm", 4),
        titled("e", "Storm hits the coast of Chile, thousands evacuated", 5),
    ];
    put(&mut store, &arts);
    let place = |store: &mut B::Store, ids: &[&str], story| {
        let update = CoverageUpdate {
            copies: ids.iter().map(|id| copy(id, None, &[])).collect(),
            placements: ids.iter().map(|id| ((*id).into(), story)).collect(),
            ..Default::default()
        };
        store.put_coverage(&update).unwrap();
    };
    let headline = |store: &B::Store, id| store.story(id).unwrap().unwrap().headline;
    let medoid = |arts: &[Article]| {
        let titles: Vec<&str> = arts.iter().filter_map(|a| a.title.as_deref()).collect();
        newsdesk_store::representative_title(&titles).map(|i| titles[i].to_owned())
    };
    place(&mut store, &["a"], 1);
    assert_eq!(headline(&store, 1).as_deref(), Some("Odd one out"));
    // 1 -> 4 articles crosses the size 3: picked again.
    place(&mut store, &["b", "c", "d"], 1);
    assert_eq!(headline(&store, 1), medoid(&arts[..4]));
    assert_ne!(headline(&store, 1).as_deref(), Some("Odd one out"));
    // A story of its own, then merged in: picked again from all five.
    place(&mut store, &["e"], 2);
    store.put_coverage(&CoverageUpdate { story_merges: vec![(2, 1)], ..Default::default() }).unwrap();
    let s = store.story(1).unwrap().unwrap();
    assert_eq!((s.articles, s.outlets), (5, 5));
    assert_eq!(s.headline, medoid(&arts));
}
