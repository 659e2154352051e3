//! Listing, scanning and what changed since an instant: selection and the
//! orders the trait documents.

use chrono::{NaiveDate, Utc};
use newsdesk_model::Article;
use newsdesk_store::{ListQuery, PageRecord, Store, StoreError};

use crate::fixtures::{clock_moves_on, dated, ids, put};
use crate::Backend;

fn sample<B: Backend>(b: &B) -> B::Store {
    let mut store = b.open();
    put(
        &mut store,
        &[
            dated("d1", Some("Daily"), Some("2024-03-01")),
            dated("d2", Some("daily"), Some("2024-03-06T08:00:00Z")),
            dated("d3", Some("DAILY"), None),
            // The 5th in its own zone, still the 4th in UTC.
            dated("z1", Some("Zeitung"), Some("2024-03-05T01:00:00+05:00")),
            dated("o2", Some("Other"), Some("2024-03-06T08:00:00Z")),
            dated("o1", Some("Other"), Some("2024-03-06T08:00:00Z")),
            dated("n1", None, None),
            dated("s1", Some("Süddeutsche"), Some("2024-03-02")),
        ],
    );
    store
}

fn list<S: Store>(store: &S, source: Option<&str>, since: Option<&str>, limit: Option<usize>) -> Vec<String> {
    let q = ListQuery {
        source: source.map(Into::into),
        since: since.map(|d| NaiveDate::parse_from_str(d, "%Y-%m-%d").unwrap()),
        limit,
        ..Default::default()
    };
    ids(&store.list(&q).unwrap()).into_iter().map(String::from).collect()
}

pub fn changed_since_selects_what_was_written_after_an_instant<B: Backend>(b: &B) {
    let mut store = b.open();
    store.put_batch(&[PageRecord::new(Article::new("old".into()))]).unwrap();
    clock_moves_on();
    let mark = Utc::now();
    store.put_batch(&[PageRecord::new(Article::new("new".into()))]).unwrap();
    let q = ListQuery { changed_since: Some(mark), ..Default::default() };
    assert_eq!(ids(&store.list(&q).unwrap()), vec!["new"]);
    let all = ListQuery { changed_since: Some(mark - chrono::Duration::seconds(60)), ..Default::default() };
    assert_eq!(store.list(&all).unwrap().len(), 2);
}

pub fn changed_ids_are_oldest_first_then_undated_as_stored<B: Backend>(b: &B) {
    let mut store = b.open();
    put(
        &mut store,
        &[
            dated("zu", None, None),
            dated("late", None, Some("2024-03-06T08:00:00Z")),
            dated("au", None, None),
            dated("early", None, Some("2024-03-05T08:00:00Z")),
        ],
    );
    clock_moves_on();
    let mark = Utc::now();
    put(&mut store, &[dated("mu", None, None)]);
    assert_eq!(store.changed_ids(None).unwrap(), ["early", "late", "zu", "au", "mu"]);
    assert_eq!(store.changed_ids(Some(mark)).unwrap(), ["mu"]);
    // An update keeps the article's place among the undated.
    let mut zu = dated("zu", None, None);
    zu.text.push_str(" Corrected.");
    put(&mut store, &[zu]);
    assert_eq!(store.changed_ids(None).unwrap(), ["early", "late", "zu", "au", "mu"]);
}

pub fn newest_first_undated_last_ties_by_id<B: Backend>(b: &B) {
    let store = sample(b);
    assert_eq!(list(&store, None, None, None), ["d2", "o1", "o2", "z1", "s1", "d1", "d3", "n1"]);
}

pub fn source_is_case_insensitive<B: Backend>(b: &B) {
    let store = sample(b);
    assert_eq!(list(&store, Some("dAiLy"), None, None), ["d2", "d1", "d3"]);
    assert_eq!(list(&store, Some("SÜDDEUTSCHE"), None, None), ["s1"]);
    assert!(list(&store, Some("Dail"), None, None).is_empty());
}

pub fn since_is_the_publication_day_in_the_source_zone<B: Backend>(b: &B) {
    let store = sample(b);
    assert_eq!(list(&store, None, Some("2024-03-05"), None), ["d2", "o1", "o2", "z1"]);
    assert_eq!(list(&store, None, Some("2024-03-06"), None), ["d2", "o1", "o2"]);
    assert_eq!(list(&store, Some("daily"), Some("2024-03-02"), None), ["d2"]);
    assert!(list(&store, None, Some("2030-01-01"), None).is_empty());
}

pub fn limit_cuts_after_ordering<B: Backend>(b: &B) {
    let store = sample(b);
    assert_eq!(list(&store, None, None, Some(2)), ["d2", "o1"]);
    assert_eq!(list(&store, Some("other"), None, Some(1)), ["o1"]);
    assert!(list(&store, None, None, Some(0)).is_empty());
}

pub fn a_visitor_error_stops_the_scan<B: Backend>(b: &B) {
    let store = sample(b);
    let mut seen = 0;
    let err = store
        .scan(&ListQuery::default(), &mut |_| {
            seen += 1;
            if seen == 3 {
                return Err(StoreError::Backend { backend: "test", message: "enough".into() });
            }
            Ok(())
        })
        .unwrap_err();
    assert_eq!(seen, 3);
    assert!(err.to_string().contains("enough"));
}

pub fn streams_many_rows_in_order<B: Backend>(b: &B) {
    let mut store = b.open();
    let start = NaiveDate::from_ymd_opt(2020, 1, 1).unwrap();
    let all: Vec<_> = (0..5000)
        .map(|i| {
            let day = start + chrono::Days::new(i % 1500);
            dated(&format!("id{i:05}"), Some(["A", "B", "C"][i as usize % 3]), Some(&day.to_string()))
        })
        .collect();
    for chunk in all.chunks(500) {
        put(&mut store, chunk);
    }
    let mut count = 0;
    let mut last: Option<(i64, String)> = None;
    store
        .scan(&ListQuery::default(), &mut |s| {
            let key = (-s.article.published.unwrap().timestamp(), s.article.id.clone());
            if let Some(prev) = &last {
                assert!(prev < &key, "{prev:?} before {key:?}");
            }
            last = Some(key);
            count += 1;
            Ok(())
        })
        .unwrap();
    assert_eq!(count, 5000);
    let q = ListQuery { source: Some("b".into()), ..Default::default() };
    assert_eq!(store.list(&q).unwrap().len(), 1667);
}
