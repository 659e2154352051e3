//! Copy groups and stories kept in a real SQLite store across batches,
//! restarts and crashes.

use newsdesk_coverage::{Coverage, CoverageConfig};
use newsdesk_model::{Article, PubDate};
use newsdesk_store::{Follower, PageRecord, Store, StoryQuery};
use newsdesk_store_sqlite::SqliteStore;

const QUAKE: &str =
    "A strong earthquake of magnitude 6.1 struck off the coast of Sumatra, Indonesia, on Tuesday morning, \
    the United States Geological Survey said. There were no immediate reports of damage or casualties, and no tsunami \
    warning was issued by the Indonesian meteorology agency. Residents of Padang said they felt the shaking for about \
    twenty seconds and many ran out of their homes into the streets.";
const REHAB: &str = "Actress Tara Reid has checked into the Promises Treatment Center in Malibu, her publicist Jack \
    Ketsoyan told People magazine on Friday. The 33-year-old star of American Pie entered the facility earlier this \
    week, the publicist said, and asked for privacy for her and her family during her treatment in California.";
const RATES: &str = "The European Central Bank raised its main interest rate by a quarter point on Thursday, citing \
    persistent inflation in services and a tight labour market across the euro area. President Christine Lagarde told \
    reporters in Frankfurt that further increases could not be ruled out if price pressures did not ease soon.";

fn article(id: &str, site: &str, country: &str, date: &str, title: &str, text: &str) -> PageRecord {
    let mut a = Article::new(id.into());
    a.title = Some(title.into());
    a.text = text.into();
    a.site_name = Some(site.into());
    a.country = Some(country.into());
    a.published = Some(PubDate::parse(date).unwrap());
    PageRecord::new(a)
}

fn ingest(store: &mut SqliteStore, coverage: &mut Coverage<SqliteStore>, batch: &[PageRecord]) {
    store.put_batch(batch).unwrap();
    coverage.committed(batch, chrono::Utc::now()).unwrap();
}

fn open(dir: &std::path::Path) -> (SqliteStore, Coverage<SqliteStore>) {
    let store = SqliteStore::open(dir).unwrap();
    let coverage = Coverage::new(SqliteStore::open(dir).unwrap(), CoverageConfig::default()).unwrap();
    (store, coverage)
}

#[test]
fn copies_share_a_group_and_a_story_across_batches() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    ingest(
        &mut store,
        &mut cov,
        &[
            article("wire", "Reuters", "GB", "2024-03-05T08:00:00Z", "Quake strikes off Sumatra", QUAKE),
            article("rehab", "People", "US", "2024-03-05T09:00:00Z", "Tara Reid enters rehab", REHAB),
        ],
    );
    let copy = format!("JAKARTA (Reuters) - {QUAKE} Reporting by Jane Doe; editing by John Roe.");
    ingest(
        &mut store,
        &mut cov,
        &[
            article("copy", "Daily", "AU", "2024-03-05T10:00:00Z", "Magnitude 6.1 quake hits Indonesia", &copy),
            article("rates", "FT", "GB", "2024-03-05T11:00:00Z", "ECB raises rates", RATES),
        ],
    );
    let group = store.copy_group("copy").unwrap().unwrap();
    let mut members: Vec<&str> = group.members.iter().map(|(id, _)| id.as_str()).collect();
    members.sort();
    assert_eq!(members, ["copy", "wire"]);
    assert_eq!(group.group, "wire");
    assert_eq!(store.copy_group("rates").unwrap().unwrap().members.len(), 1);

    let quake = store.story_of("wire").unwrap().unwrap();
    assert_eq!(store.story_of("copy").unwrap(), Some(quake));
    assert_ne!(store.story_of("rehab").unwrap(), Some(quake));
    assert_ne!(store.story_of("rates").unwrap(), Some(quake));

    let s = store.story(quake).unwrap().unwrap();
    assert_eq!(s.articles, 2);
    assert_eq!(s.outlets, 2);
    assert_eq!(s.countries, ["AU", "GB"]);
    assert_eq!(s.first_published.as_deref(), Some("2024-03-05T08:00:00Z"));
    assert_eq!(s.last_published.as_deref(), Some("2024-03-05T10:00:00Z"));
    assert!(s.headline.is_some());
    assert_eq!(store.story_articles(quake).unwrap(), ["wire", "copy"]);
    let stats = cov.stats();
    assert_eq!((stats.articles, stats.copies), (4, 1));

    let listed = store.stories(&StoryQuery { min_articles: 2, ..Default::default() }).unwrap();
    assert_eq!(listed.iter().map(|s| s.id).collect::<Vec<_>>(), [quake]);
    assert_eq!(store.stories(&StoryQuery::default()).unwrap().len(), 3);
}

#[test]
fn a_restarted_follower_keeps_stories_and_ids() {
    let dir = tempfile::tempdir().unwrap();
    let first = {
        let (mut store, mut cov) = open(dir.path());
        ingest(
            &mut store,
            &mut cov,
            &[
                article("q1", "Reuters", "GB", "2024-03-05T08:00:00Z", "Quake strikes off Sumatra", QUAKE),
                article("r1", "People", "US", "2024-03-05T09:00:00Z", "Tara Reid enters rehab", REHAB),
            ],
        );
        store.story_of("q1").unwrap().unwrap()
    };
    let (mut store, mut cov) = open(dir.path());
    // A rewrite (not a copy) of the quake story joins it through the
    // clusterer rebuilt from the store; a new subject gets a fresh id.
    let rewrite = "Indonesia was shaken on Tuesday by a magnitude 6.1 earthquake off Sumatra, the Geological Survey \
        reported. Padang residents ran into the streets; no damage and no tsunami warning were reported.";
    ingest(
        &mut store,
        &mut cov,
        &[
            article(
                "q2",
                "Jakarta Post",
                "ID",
                "2024-03-05T12:00:00Z",
                "Earthquake of magnitude 6.1 shakes Sumatra",
                rewrite,
            ),
            article("e1", "FT", "GB", "2024-03-05T13:00:00Z", "ECB raises rates", RATES),
        ],
    );
    assert!(cov.stats().restored >= 2);
    assert_eq!(store.story_of("q2").unwrap(), Some(first));
    // The window of candidate originals was reloaded too.
    ingest(&mut store, &mut cov, &[article("q3", "Daily", "AU", "2024-03-05T14:00:00Z", "Quake copy", QUAKE)]);
    assert_eq!(store.copy_group("q3").unwrap().unwrap().group, "q1");
    let rates = store.story_of("e1").unwrap().unwrap();
    assert!(rates > store.story_of("r1").unwrap().unwrap());
}

#[test]
fn a_copy_rejoins_a_closed_story() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    ingest(&mut store, &mut cov, &[article("wire", "Reuters", "GB", "2024-03-01T08:00:00Z", "Quake", QUAKE)]);
    // Two weeks later (the story closed after three idle days), a reprint.
    ingest(&mut store, &mut cov, &[article("rates", "FT", "GB", "2024-03-15T08:00:00Z", "ECB raises rates", RATES)]);
    ingest(&mut store, &mut cov, &[article("late", "Weekly", "NZ", "2024-03-15T09:00:00Z", "Looking back", QUAKE)]);
    assert_eq!(store.story_of("late").unwrap(), store.story_of("wire").unwrap());
    let s = store.story(store.story_of("wire").unwrap().unwrap()).unwrap().unwrap();
    assert_eq!(s.articles, 2);
}

#[test]
fn catch_up_covers_what_the_store_got_without_coverage() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    ingest(&mut store, &mut cov, &[article("a", "Reuters", "GB", "2024-03-05T08:00:00Z", "Quake", QUAKE)]);
    // The process died between the store's commit and the follower's.
    store
        .put_batch(&[
            article("b", "Daily", "AU", "2024-03-05T09:00:00Z", "Quake copy", QUAKE),
            article("c", "People", "US", "2024-03-05T09:30:00Z", "Rehab", REHAB),
        ])
        .unwrap();
    drop(cov);
    assert_eq!(store.story_of("b").unwrap(), None);
    let (store, mut cov) = open(dir.path());
    let mut calls = 0;
    assert_eq!(cov.catch_up(&mut |_, _| calls += 1).unwrap(), 2);
    assert_eq!(calls, 1);
    assert_eq!(store.story_of("b").unwrap(), store.story_of("a").unwrap());
    assert!(store.story_of("c").unwrap().is_some());
    assert_eq!(store.copy_group("b").unwrap().unwrap().group, "a");
    // Nothing left: a second catch-up reads nothing.
    assert_eq!(cov.catch_up(&mut |_, _| {}).unwrap(), 0);
}

#[test]
fn rebuild_replays_in_publication_order() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    // Stored newest first: the later copy founded the group.
    ingest(&mut store, &mut cov, &[article("late", "Daily", "AU", "2024-03-05T10:00:00Z", "Quake", QUAKE)]);
    ingest(&mut store, &mut cov, &[article("early", "Reuters", "GB", "2024-03-05T08:00:00Z", "Quake", QUAKE)]);
    assert_eq!(store.copy_group("early").unwrap().unwrap().group, "late");
    assert_eq!(cov.rebuild(&mut |_, _| {}).unwrap(), 2);
    assert_eq!(store.copy_group("late").unwrap().unwrap().group, "early");
    assert_eq!(store.story_of("late").unwrap(), store.story_of("early").unwrap());
}

/// Undated articles were caught up in id order: on a rebuild, the copy
/// stored last could found the group. They are taken in the order stored.
#[test]
fn rebuild_takes_undated_articles_in_the_order_stored() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    let mut undated = |id: &str| {
        let mut r = article(id, "Wire", "", "2024-03-05", "Quake", QUAKE);
        r.article.published = None;
        ingest(&mut store, &mut cov, &[r]);
    };
    undated("z-first");
    undated("a-second");
    assert_eq!(store.copy_group("a-second").unwrap().unwrap().group, "z-first");
    assert_eq!(cov.rebuild(&mut |_, _| {}).unwrap(), 2);
    assert_eq!(store.copy_group("a-second").unwrap().unwrap().group, "z-first");
}

#[test]
fn bad_input_is_covered_without_failing() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    let mut empty = PageRecord::new(Article::new("empty".into()));
    empty.article.title = None;
    let mut undated = article("undated", "X", "", "2024-03-05", "Quake", QUAKE);
    undated.article.published = None;
    let one = article("one", "Y", "", "2024-03-05T08:00:00Z", "Word", "Word");
    let han = article(
        "han",
        "Z",
        "CN",
        "2024-03-05T08:00:00Z",
        "印尼苏门答腊岛附近发生6.1级地震",
        "印尼苏门答腊岛附近海域发生6.1级地震，暂无伤亡报告。",
    );
    // The same id twice in one batch: the last one counts.
    let dup = article("one", "Y", "", "2024-03-05T08:00:00Z", "Word", "Another word");
    ingest(&mut store, &mut cov, &[empty, undated, one, han, dup]);
    for id in ["empty", "undated", "one", "han"] {
        assert!(store.story_of(id).unwrap().is_some(), "{id} has a story");
        assert!(store.copy_group(id).unwrap().is_some(), "{id} has a copy group");
    }
    assert_eq!(cov.stats().articles, 4);
}

#[test]
fn copies_are_looked_for_among_the_last_copy_window_articles() {
    let dir = tempfile::tempdir().unwrap();
    let store = SqliteStore::open(dir.path()).unwrap();
    let config = CoverageConfig { copy_window: 4, ..Default::default() };
    let mut cov = Coverage::new(SqliteStore::open(dir.path()).unwrap(), config).unwrap();
    let mut store = store;
    ingest(&mut store, &mut cov, &[article("wire", "Reuters", "GB", "2024-03-01T08:00:00Z", "Quake", QUAKE)]);
    ingest(&mut store, &mut cov, &[article("soon", "Daily", "AU", "2024-03-01T09:00:00Z", "Quake", QUAKE)]);
    assert_eq!(store.copy_group("soon").unwrap().unwrap().group, "wire");
    // Five other articles later, both have left the window.
    for i in 0..5 {
        let text = format!("{RATES} Item {i} of the day's market report.");
        let a = article(
            &format!("r{i}"),
            "FT",
            "GB",
            "2024-03-01T10:00:00Z",
            "Rates",
            &text.replace("quarter", &"x".repeat(i + 1)),
        );
        ingest(&mut store, &mut cov, &[a]);
    }
    ingest(&mut store, &mut cov, &[article("late", "Weekly", "NZ", "2024-03-01T12:00:00Z", "Quake", QUAKE)]);
    assert_eq!(store.copy_group("late").unwrap().unwrap().group, "late", "beyond the window: a group of its own");
}

/// Writing on a second connection's thread (as `newsdesk ingest` does) gives
/// the same groups and stories as writing in line, closed stories and copies
/// of their articles included.
#[test]
fn a_writer_thread_gives_the_same_coverage() {
    let texts = [QUAKE, REHAB, RATES];
    let batches: Vec<Vec<PageRecord>> = (0..12)
        .map(|b| {
            (0..4)
                .map(|k| {
                    let i = b * 4 + k;
                    let day = 1 + i / 3;
                    let date = format!("2024-03-{day:02}T{:02}:00:00Z", 8 + k);
                    // Every fourth a copy: of the batch before's first article, or of the very first one
                    // (whose story has closed by then).
                    let text = match (k, b) {
                        (3, b) if b % 3 == 2 => format!("LONDON (AP) - {QUAKE}"),
                        (3, b) if b > 0 => format!("{} Reporting by Jane Doe.", batch_text(&texts, (b - 1) * 4)),
                        _ => batch_text(&texts, i),
                    };
                    article(&format!("a{i}"), &format!("site{}", i % 5), "GB", &date, &format!("Title {i}"), &text)
                })
                .collect()
        })
        .collect();
    let run = |writer: bool| {
        let dir = tempfile::tempdir().unwrap();
        let (mut store, mut cov) = open(dir.path());
        if writer {
            cov = cov.with_writer(SqliteStore::open(dir.path()).unwrap()).unwrap();
        }
        for b in &batches {
            ingest(&mut store, &mut cov, b);
        }
        cov.flush().unwrap();
        let read = cov.store();
        batches
            .iter()
            .flatten()
            .map(|r| {
                let id = &r.article.id;
                (read.story_of(id).unwrap(), read.copy_group(id).unwrap().map(|g| g.group))
            })
            .collect::<Vec<_>>()
    };
    let in_line = run(false);
    assert!(in_line.iter().all(|(s, g)| s.is_some() && g.is_some()));
    assert!(in_line.iter().filter(|(_, g)| g.as_deref() == Some("a0")).count() >= 4, "{in_line:?}");
    assert_eq!(run(true), in_line);
}

fn batch_text(texts: &[&str], i: usize) -> String {
    format!("{} Item {i} of the day's news, with detail number {}.", texts[i % 3], i * 7)
}

/// Regression: a batch in which only a few articles carry a date (an archive
/// dated from some URLs) was ordered by those dates, and the jump from one
/// to the next closed the quake story, so that its later reports opened new
/// stories. Fewer than half dated: input order, all undated.
#[test]
fn sparse_dates_do_not_split_a_story() {
    let dir = tempfile::tempdir().unwrap();
    let (mut store, mut cov) = open(dir.path());
    let undated = |id: &str, title: &str, text: &str| {
        let mut r = article(id, "Wire", "", "2024-03-05", title, text);
        r.article.published = None;
        r
    };
    let batch = [
        undated("q1", "Quake strikes off Sumatra", QUAKE),
        article("rates", "FT", "GB", "2020-01-09T11:00:00Z", "ECB raises rates", RATES),
        undated(
            "q2",
            "Sumatra earthquake: Padang residents flee homes",
            "Residents of Padang, Indonesia, ran into the streets when a magnitude 6.1 earthquake shook \
             Sumatra on Tuesday. The Indonesian meteorology agency issued no tsunami warning, and the US \
             Geological Survey placed the quake off the western coast. Officials reported no damage.",
        ),
        article("rehab", "People", "US", "2023-06-02T09:00:00Z", "Tara Reid enters rehab", REHAB),
        undated(
            "q3",
            "No tsunami after Sumatra earthquake, Indonesia says",
            "Indonesia's meteorology agency said the magnitude 6.1 earthquake off Sumatra on Tuesday posed no \
             tsunami threat. The Geological Survey in the United States recorded the quake at sea; people in \
             Padang felt it for seconds and left their homes, but no casualties were reported.",
        ),
    ];
    ingest(&mut store, &mut cov, &batch);
    let story = |id: &str| store.story_of(id).unwrap().unwrap();
    assert_eq!(story("q1"), story("q2"));
    assert_eq!(story("q1"), story("q3"));
    assert_ne!(story("q1"), story("rates"));
    assert_ne!(story("q1"), story("rehab"));
    for id in ["q2", "q3"] {
        assert_eq!(store.copy_group(id).unwrap().unwrap().group, id, "{id} is not a copy: the story is not by copies");
    }
}
