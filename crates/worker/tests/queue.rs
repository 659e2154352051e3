//! The job queue on a NATS JetStream server: run when `NEWSDESK_TEST_NATS`
//! (a server URL) is set, skipped otherwise.

use std::time::Duration;

use newsdesk_worker::{JobKind, JobQueue, QueueConfig};

fn server(test: &str) -> Option<String> {
    match std::env::var("NEWSDESK_TEST_NATS") {
        Ok(url) => Some(url),
        Err(_) => {
            eprintln!("skipping {test}: set NEWSDESK_TEST_NATS=nats://... to run it");
            None
        }
    }
}

fn unique(prefix: &str) -> String {
    let nanos = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).unwrap().as_nanos();
    format!("{prefix}_{}_{nanos}", std::process::id())
}

/// The capacity and redelivery delay the server holds for `kind`.
async fn settings(url: &str, queue: &str, kind: JobKind) -> (i64, Duration) {
    let js = async_nats::jetstream::new(async_nats::connect(url).await.unwrap());
    let mut stream = js.get_stream(format!("{queue}_{}", kind.as_str())).await.unwrap();
    let max = stream.info().await.unwrap().config.max_messages;
    let consumer = stream.consumer_info(kind.as_str()).await.unwrap();
    (max, consumer.config.ack_wait)
}

/// Regression: a worker (no capacity of its own) and a scheduler given
/// `--queue-capacity` that made the queue at the same moment failed with
/// "stream name already in use with a different configuration".
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn processes_that_make_the_queue_at_once_agree_on_the_settings_given() {
    let Some(url) = server("processes_that_make_the_queue_at_once_agree_on_the_settings_given") else { return };
    for round in 0..8 {
        let name = unique(&format!("race{round}"));
        let scheduler = QueueConfig { url: url.clone(), name: name.clone(), max_jobs: Some(20), ..Default::default() };
        let worker = QueueConfig {
            url: url.clone(),
            name: name.clone(),
            ack_wait: Some(Duration::from_secs(2)),
            ..Default::default()
        };
        let plain = QueueConfig { url: url.clone(), name: name.clone(), ..Default::default() };
        let (a, b, c) = tokio::join!(JobQueue::connect(scheduler), JobQueue::connect(worker), JobQueue::connect(plain));
        let queue = a.expect("scheduler connects");
        b.expect("worker connects");
        c.expect("a process without settings connects");
        for kind in JobKind::ALL {
            assert_eq!(settings(&url, &name, kind).await, (20, Duration::from_secs(2)), "round {round}, {kind:?}");
        }
        queue.delete().await.unwrap();
    }
}

#[tokio::test]
async fn settings_left_out_keep_the_queues_and_settings_given_change_them() {
    let Some(url) = server("settings_left_out_keep_the_queues_and_settings_given_change_them") else { return };
    let name = unique("settings");
    let config = |max_jobs, ack_wait| QueueConfig {
        url: url.clone(),
        name: name.clone(),
        max_jobs,
        ack_wait,
        ..Default::default()
    };
    JobQueue::connect(config(None, None)).await.unwrap();
    assert_eq!(settings(&url, &name, JobKind::Extract).await, (100_000, Duration::from_secs(60)), "defaults when made");
    JobQueue::connect(config(Some(30), Some(Duration::from_secs(5)))).await.unwrap();
    JobQueue::connect(config(None, None)).await.unwrap();
    assert_eq!(settings(&url, &name, JobKind::Analyse).await, (30, Duration::from_secs(5)), "kept when left out");
    let queue = JobQueue::connect(config(Some(40), None)).await.unwrap();
    assert_eq!(settings(&url, &name, JobKind::Extract).await, (40, Duration::from_secs(5)), "capacity changed alone");
    queue.delete().await.unwrap();
}
