//! The crawler's state: sources with health, the URL queue and its
//! outcomes, kept across reopening the store (what makes `watch` resumable).

use chrono::{Duration, TimeZone, Utc};
use newsdesk_store::{
    CrawlStore, DocValidators, FoundUrl, NewSource, PageRecord, PollRecord, Store, UrlOutcome, UrlState,
};

use crate::Backend;

fn found(url: &str, source: Option<i64>) -> FoundUrl {
    FoundUrl { url: url.into(), source, published: None }
}

pub fn sources_are_added_once_listed_and_removed_by_id_or_url<B: Backend>(b: &B) {
    let mut s = b.open();
    let feed = NewSource { url: "https://a.example/feed".into(), name: Some("A".into()), ..Default::default() };
    let (id, new) = s.add_source(&feed).unwrap();
    assert!(new);
    assert_eq!(s.add_source(&feed).unwrap(), (id, false));
    let (id2, _) = s.add_source(&NewSource { url: "https://b.example/".into(), ..Default::default() }).unwrap();
    assert_ne!(id, id2);
    let listed = s.sources().unwrap();
    assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [id, id2], "oldest first");
    assert_eq!((listed[0].url.as_str(), listed[0].name.as_deref()), ("https://a.example/feed", Some("A")));
    assert!(s.remove_source(&id.to_string()).unwrap());
    assert!(s.remove_source("https://b.example/").unwrap());
    assert!(!s.remove_source("https://b.example/").unwrap());
    assert!(s.sources().unwrap().is_empty());
}

pub fn poll_health_and_articles_found_are_counted<B: Backend>(b: &B) {
    let mut s = b.open();
    let (id, _) = s.add_source(&NewSource { url: "https://a.example/".into(), ..Default::default() }).unwrap();
    let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    s.record_poll(id, &PollRecord { at: t, outcome: Err("timeout: no answer".into()) }).unwrap();
    let r = &s.sources().unwrap()[0];
    assert_eq!(
        (r.polls, r.failures, r.last_error.as_deref(), r.last_success),
        (1, 1, Some("timeout: no answer"), None)
    );
    let ok = Ok(("site".to_string(), "https://a.example/rss".to_string()));
    s.record_poll(id, &PollRecord { at: t + Duration::minutes(5), outcome: ok }).unwrap();
    let urls = [found("https://a.example/1", Some(id)), found("https://a.example/2", Some(id))];
    assert_eq!(s.enqueue(&urls, t).unwrap(), 2);
    assert_eq!(s.enqueue(&urls, t).unwrap(), 0, "known URLs are not queued again");
    let later = t + Duration::seconds(30);
    s.record_outcomes(&[UrlOutcome::Stored { url: urls[0].url.clone(), article_id: "x".into(), at: later }]).unwrap();
    let r = &s.sources().unwrap()[0];
    assert_eq!((r.polls, r.failures, r.last_error.as_deref()), (2, 1, None));
    assert_eq!((r.last_polled, r.last_success), (Some(t + Duration::minutes(5)), Some(t + Duration::minutes(5))));
    assert_eq!((r.kind.as_deref(), r.poll_url.as_deref()), (Some("site"), Some("https://a.example/rss")));
    assert_eq!((r.articles_found, r.fetched), (2, 1));
    assert!((r.mean_delay_secs.unwrap() - 30.0).abs() < 0.01, "{:?}", r.mean_delay_secs);
}

pub fn failed_urls_wait_for_their_retry_time_and_permanent_failures_leave_the_queue<B: Backend>(b: &B) {
    let mut s = b.open();
    let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    let urls: Vec<_> = (0..4).map(|i| found(&format!("https://a.example/{i}"), None)).collect();
    s.enqueue(&urls, t).unwrap();
    let due: Vec<_> = s.due_urls(t, 10).unwrap().into_iter().map(|u| u.url).collect();
    assert_eq!(due.len(), 4);
    let retry = t + Duration::minutes(10);
    s.record_outcomes(&[
        UrlOutcome::Failed { url: due[0].clone(), reason: "timeout: slow".into(), at: t, retry_at: Some(retry) },
        UrlOutcome::Failed { url: due[1].clone(), reason: "status_404: gone".into(), at: t, retry_at: None },
        UrlOutcome::Skipped { url: due[2].clone(), reason: "not HTML".into(), at: t },
    ])
    .unwrap();
    assert_eq!(s.due_urls(t, 10).unwrap().len(), 1, "only the untried one is due now");
    assert_eq!(s.next_retry(t).unwrap(), Some(retry));
    let again = s.due_urls(retry, 10).unwrap();
    assert_eq!(again.len(), 2);
    let r = s.url_record(&due[0]).unwrap().unwrap();
    assert_eq!((r.state, r.attempts, r.last_error.as_deref()), (UrlState::Queued, 1, Some("timeout: slow")));
    assert_eq!(r.next_attempt, Some(retry));
    assert_eq!(s.url_record(&due[1]).unwrap().unwrap().state, UrlState::Failed);
    let c = s.crawl_counts().unwrap();
    assert_eq!((c.queued, c.fetched, c.skipped, c.failed), (2, 0, 1, 1));
}

pub fn a_url_fetched_directly_is_recorded_without_being_queued_first<B: Backend>(b: &B) {
    let mut s = b.open();
    let at = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    s.record_outcomes(&[UrlOutcome::Stored { url: "https://c.example/x".into(), article_id: "id1".into(), at }])
        .unwrap();
    let r = s.url_record("https://c.example/x").unwrap().unwrap();
    assert_eq!((r.state, r.article_id.as_deref(), r.fetched_at), (UrlState::Fetched, Some("id1"), Some(at)));
    assert!(s.url_record("https://c.example/other").unwrap().is_none());
}

pub fn queue_and_validators_survive_reopening<B: Backend>(b: &B) {
    {
        let mut s = b.open();
        s.enqueue(&[found("https://a.example/1", None)], Utc::now()).unwrap();
        let v =
            DocValidators { etag: Some("\"v1\"".into()), last_modified: Some("Tue, 01 Dec 2026 10:00:00 GMT".into()) };
        s.set_validators("https://a.example/feed", &v).unwrap();
    }
    let s = b.open();
    assert_eq!(s.due_urls(Utc::now(), 10).unwrap().len(), 1);
    assert_eq!(s.validators("https://a.example/feed").unwrap().etag.as_deref(), Some("\"v1\""));
    assert_eq!(s.validators("https://other.example/").unwrap(), DocValidators::default());
}

pub fn queued_urls_whose_article_was_stored_before_a_crash_are_settled_as_fetched<B: Backend>(b: &B) {
    let mut s = b.open();
    let t = Utc::now();
    s.enqueue(&[found("https://a.example/1", None), found("https://a.example/2", None)], t).unwrap();
    let mut a = newsdesk_model::Article::new("canonical-id".into());
    a.url = Some("https://a.example/1".into());
    s.put_batch(&[PageRecord::new(a)]).unwrap();
    assert_eq!(s.settle_stored(t).unwrap(), 1);
    let r = s.url_record("https://a.example/1").unwrap().unwrap();
    assert_eq!((r.state, r.article_id.as_deref()), (UrlState::Fetched, Some("canonical-id")));
    assert_eq!(s.due_urls(t, 10).unwrap().len(), 1, "the other is still queued");
    assert_eq!(s.settle_stored(t).unwrap(), 0);
}

pub fn leased_urls_are_not_due_until_the_lease_ends<B: Backend>(b: &B) {
    let mut s = b.open();
    let t = Utc.with_ymd_and_hms(2026, 12, 1, 10, 0, 0).unwrap();
    s.enqueue(&[found("https://x.example/a", None), found("https://x.example/b", None)], t).unwrap();
    let until = t + Duration::minutes(10);
    s.lease_urls(&["https://x.example/a".into(), "https://x.example/unknown".into()], until).unwrap();
    let due: Vec<String> = s.due_urls(t, 10).unwrap().into_iter().map(|r| r.url).collect();
    assert_eq!(due, ["https://x.example/b"]);
    assert_eq!(s.next_retry(t).unwrap(), Some(until));
    let a = s.url_record("https://x.example/a").unwrap().unwrap();
    assert_eq!((a.state, a.attempts, a.last_error), (UrlState::Queued, 0, None), "a lease is not an attempt");
    assert_eq!(s.due_urls(until, 10).unwrap().len(), 2, "due again once the lease ends");
    // A URL fetched meanwhile keeps its state.
    let stored = UrlOutcome::Stored { url: "https://x.example/b".into(), article_id: "id-b".into(), at: t };
    s.record_outcomes(&[stored]).unwrap();
    s.lease_urls(&["https://x.example/b".into()], until).unwrap();
    assert_eq!(s.url_record("https://x.example/b").unwrap().unwrap().state, UrlState::Fetched);
    assert!(s.url_record("https://x.example/unknown").unwrap().is_none(), "leasing adds nothing");
}
