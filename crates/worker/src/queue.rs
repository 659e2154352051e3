//! The job queue: a JetStream stream, subject and durable pull consumer
//! per job kind. The stream is file-backed with work-queue
//! retention (a job is kept until a worker acks it, and then dropped), so a
//! restart of the server or of every worker loses nothing. A worker acks a
//! job only after its result is committed to the store; a worker that dies
//! holding jobs has them redelivered to another after `ack_wait`.
//! Back-pressure: the stream holds at most `max_jobs`; a scheduler that
//! fills it waits until workers have drained some.
//!
//! Capacity, `ack_wait` and `max_deliver` are the queue's, not one
//! process's: a setting given is applied to the queue (made or updated),
//! one left out keeps what the queue has, so a scheduler and workers started
//! with different flags, in any order, agree on one queue.

use std::collections::VecDeque;
use std::time::Duration;

use async_nats::jetstream::consumer::pull::Config as ConsumerConfig;
use async_nats::jetstream::consumer::{AckPolicy, FromConsumer, PullConsumer};
use async_nats::jetstream::context::{
    ConsumerInfoErrorKind, CreateStreamErrorKind, GetStreamErrorKind, PublishAckFuture,
};
use async_nats::jetstream::stream::{Config as StreamConfig, DiscardPolicy, RetentionPolicy, StorageType};
use async_nats::jetstream::ErrorCode;
use async_nats::jetstream::{self, Context};
use async_nats::HeaderMap;
use bytes::Bytes;
use serde::Deserialize;

use crate::error::{QueueContext, Result};
use crate::job::JobKind;

/// Where the queue is and how it behaves.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct QueueConfig {
    /// `nats://host:4222`.
    pub url: String,
    /// The queue's name: streams `NAME_extract` and `NAME_analyse`, subjects
    /// `NAME.extract` and `NAME.analyse`. Two names are two independent
    /// queues on one server.
    pub name: String,
    /// How long a worker may hold a job before it is given to another
    /// ([`DEFAULT_ACK_WAIT`] when the queue is made; `None` keeps the queue's).
    #[serde(with = "secs")]
    pub ack_wait: Option<Duration>,
    /// Deliveries of a job before it is given up (a page that crashes every
    /// worker must not stop the queue).
    pub max_deliver: Option<i64>,
    /// Jobs of one kind the queue holds at most before publishers wait
    /// ([`DEFAULT_MAX_JOBS`] when the queue is made).
    pub max_jobs: Option<i64>,
}

/// A new queue's redelivery delay.
pub const DEFAULT_ACK_WAIT: Duration = Duration::from_secs(60);
/// A new queue's deliveries of a job before it is given up.
pub const DEFAULT_MAX_DELIVER: i64 = 5;
/// A new queue's capacity per kind of job.
pub const DEFAULT_MAX_JOBS: i64 = 100_000;

mod secs {
    use std::time::Duration;

    use serde::{Deserialize, Deserializer};

    pub fn deserialize<'de, D: Deserializer<'de>>(d: D) -> Result<Option<Duration>, D::Error> {
        Ok(Option::<f64>::deserialize(d)?.map(Duration::from_secs_f64))
    }
}

impl Default for QueueConfig {
    fn default() -> Self {
        QueueConfig {
            url: "nats://127.0.0.1:4222".into(),
            name: "newsdesk".into(),
            ack_wait: None,
            max_deliver: None,
            max_jobs: None,
        }
    }
}

/// How long a process that did not make a stream waits for its maker to
/// add the consumer.
const MAKER_WAIT: Duration = Duration::from_secs(5);

/// Publishes in a window of this many unacknowledged jobs: one round trip
/// per job would cap a scheduler at a few thousand jobs a second.
const PUBLISH_WINDOW: usize = 512;

/// The queue on a connected server.
#[derive(Clone)]
pub struct JobQueue {
    client: async_nats::Client,
    js: Context,
    config: QueueConfig,
}

impl JobQueue {
    /// Connects and creates the stream and its consumers if they are missing.
    pub async fn connect(config: QueueConfig) -> Result<JobQueue> {
        let options = async_nats::ConnectOptions::new()
            .name("newsdesk")
            // Retry the first connection too: workers may start before the server.
            .retry_on_initial_connect()
            .connection_timeout(Duration::from_secs(5));
        let client = options.connect(&config.url).await.queue_ctx(&format!("connect to {}", config.url))?;
        let js = jetstream::new(client.clone());
        let queue = JobQueue { client, js, config };
        queue.ensure().await?;
        Ok(queue)
    }

    /// A stream per kind of job, each with its one durable consumer. Kinds
    /// have streams of their own so that each has its own room: an extract
    /// job publishes an analyse job before it is acked, which must not wait
    /// on room that only acked extract jobs would make.
    async fn ensure(&self) -> Result<()> {
        let c = &self.config;
        if c.name.is_empty() || !c.name.chars().all(|ch| ch.is_ascii_alphanumeric() || ch == '_' || ch == '-') {
            return Err(crate::WorkerError::Queue {
                what: format!("queue name {:?}", c.name),
                message: "use letters, digits, '_' and '-' only".into(),
            });
        }
        for kind in JobKind::ALL {
            let made = self.ensure_stream(kind).await?;
            self.ensure_consumer(kind, made).await?;
        }
        Ok(())
    }

    /// Makes `kind`'s stream, or applies the capacity asked for to the one
    /// there; true when this process made it. Two processes may try at once:
    /// the description names the maker, so no two configurations are the
    /// same and exactly one create succeeds (the server answers an identical
    /// create with success, which would leave two makers).
    async fn ensure_stream(&self, kind: JobKind) -> Result<bool> {
        let name = self.stream(kind);
        let what = format!("stream {name}");
        let existing = match self.js.get_stream(&name).await {
            Ok(mut stream) => stream.info().await.queue_ctx(&what)?.config.clone(),
            Err(e) if matches!(e.kind(), GetStreamErrorKind::JetStream(j) if j.error_code() == ErrorCode::STREAM_NOT_FOUND) =>
            {
                let maker = format!(
                    "newsdesk {} jobs, made {} by process {}",
                    kind.as_str(),
                    chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Nanos, true),
                    std::process::id()
                );
                let config = StreamConfig {
                    name: name.clone(),
                    description: Some(maker),
                    subjects: vec![self.subject(kind)],
                    retention: RetentionPolicy::WorkQueue,
                    storage: StorageType::File,
                    max_messages: self.config.max_jobs.unwrap_or(DEFAULT_MAX_JOBS),
                    discard: DiscardPolicy::New,
                    ..Default::default()
                };
                match self.js.create_stream(config).await {
                    Ok(_) => return Ok(true),
                    // Another process's create: by name, or (while the server is
                    // still making it) by its subject.
                    Err(e)
                        if matches!(e.kind(), CreateStreamErrorKind::JetStream(j)
                        if [ErrorCode::STREAM_NAME_EXIST, ErrorCode::STREAM_SUBJECT_OVERLAP].contains(&j.error_code())) =>
                    {
                        match self.made_by_another(&name).await {
                            Some(config) => config,
                            None => return Err(e).queue_ctx(&what),
                        }
                    }
                    Err(e) => return Err(e).queue_ctx(&what),
                }
            }
            Err(e) => return Err(e).queue_ctx(&what),
        };
        if let Some(max) = self.config.max_jobs.filter(|&max| max != existing.max_messages) {
            self.js
                .update_stream(StreamConfig { max_messages: max, ..existing })
                .await
                .queue_ctx(&format!("set the capacity of {what}"))?;
        }
        Ok(false)
    }

    /// The configuration of stream `name` that another process is making,
    /// once the server shows it; `None` when it never does (the subject is
    /// another stream's).
    async fn made_by_another(&self, name: &str) -> Option<StreamConfig> {
        let deadline = tokio::time::Instant::now() + Duration::from_secs(2);
        loop {
            if let Ok(stream) = self.js.get_stream(name).await {
                return Some(stream.cached_info().config.clone());
            }
            if tokio::time::Instant::now() >= deadline {
                return None;
            }
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
    }

    /// Makes `kind`'s durable consumer when this process made the stream;
    /// otherwise waits for the maker's and applies the settings asked for.
    /// Only the maker creates: servers before 2.10 treat every create as
    /// create-or-update, so a second creator with defaults would undo the
    /// settings of a worker that came first.
    async fn ensure_consumer(&self, kind: JobKind, made: bool) -> Result<()> {
        let c = &self.config;
        let what = format!("consumer {}", kind.as_str());
        let stream = self.js.get_stream_no_info(self.stream(kind)).await.queue_ctx(&what)?;
        let fresh = || ConsumerConfig {
            durable_name: Some(kind.as_str().into()),
            ack_policy: AckPolicy::Explicit,
            ack_wait: c.ack_wait.unwrap_or(DEFAULT_ACK_WAIT),
            max_deliver: c.max_deliver.unwrap_or(DEFAULT_MAX_DELIVER),
            max_ack_pending: 10_000,
            ..Default::default()
        };
        if made {
            stream.create_consumer(fresh()).await.queue_ctx(&what)?;
            return Ok(());
        }
        // The maker creates it right after the stream; a maker that died in
        // between leaves it to whoever comes next.
        let deadline = tokio::time::Instant::now() + MAKER_WAIT;
        let existing = loop {
            match stream.consumer_info(kind.as_str()).await {
                Ok(info) => break info.config,
                Err(e) if matches!(e.kind(), ConsumerInfoErrorKind::NotFound) => {
                    if tokio::time::Instant::now() >= deadline {
                        stream.create_consumer(fresh()).await.queue_ctx(&what)?;
                        return Ok(());
                    }
                    tokio::time::sleep(Duration::from_millis(20)).await;
                }
                Err(e) => return Err(e).queue_ctx(&what),
            }
        };
        let ack_wait = c.ack_wait.unwrap_or(existing.ack_wait);
        let max_deliver = c.max_deliver.unwrap_or(existing.max_deliver);
        if ack_wait != existing.ack_wait || max_deliver != existing.max_deliver {
            let config = ConsumerConfig::try_from_consumer_config(existing)
                .map_err(|e| crate::WorkerError::Queue { what: what.clone(), message: e.to_string() })?;
            stream
                .update_consumer(ConsumerConfig { ack_wait, max_deliver, ..config })
                .await
                .queue_ctx(&format!("update {what}"))?;
        }
        Ok(())
    }

    /// The stream of `kind`'s jobs: `NAME_extract`, `NAME_analyse`.
    fn stream(&self, kind: JobKind) -> String {
        format!("{}_{}", self.config.name, kind.as_str())
    }

    pub fn config(&self) -> &QueueConfig {
        &self.config
    }

    pub fn subject(&self, kind: JobKind) -> String {
        format!("{}.{}", self.config.name, kind.as_str())
    }

    /// The durable consumer of `kind`'s jobs, shared by every worker.
    pub async fn consumer(&self, kind: JobKind) -> Result<PullConsumer> {
        let name = self.stream(kind);
        let stream = self.js.get_stream(&name).await.queue_ctx(&format!("stream {name}"))?;
        stream.get_consumer(kind.as_str()).await.queue_ctx(&format!("consumer {}", kind.as_str()))
    }

    /// Jobs of `kind` not yet acked: waiting, or held by a worker.
    pub async fn outstanding(&self, kind: JobKind) -> Result<u64> {
        let mut consumer = self.consumer(kind).await?;
        let info = consumer.info().await.queue_ctx(&format!("consumer {} info", kind.as_str()))?;
        Ok(info.num_pending + info.num_ack_pending as u64)
    }

    /// A publisher that keeps a window of jobs in flight.
    pub fn publisher(&self) -> Publisher<'_> {
        Publisher { queue: self, in_flight: VecDeque::new(), published: 0 }
    }

    /// Deletes the streams with every job in them, and their consumers.
    pub async fn delete(self) -> Result<()> {
        for kind in JobKind::ALL {
            let name = self.stream(kind);
            self.js.delete_stream(&name).await.queue_ctx(&format!("delete stream {name}"))?;
        }
        Ok(())
    }

    /// Sends everything buffered (acks included) to the server.
    pub async fn flush(&self) -> Result<()> {
        self.client.flush().await.queue_ctx("flush")
    }
}

/// One unacknowledged publication, kept to publish again if refused.
struct Pending {
    kind: JobKind,
    headers: HeaderMap,
    payload: Bytes,
    ack: PublishAckFuture,
}

/// Publishes jobs with a window of unacknowledged ones, waiting (back-pressure)
/// while the stream is full.
pub struct Publisher<'q> {
    queue: &'q JobQueue,
    in_flight: VecDeque<Pending>,
    /// Jobs the server has confirmed stored.
    pub published: u64,
}

impl Publisher<'_> {
    pub async fn publish(&mut self, kind: JobKind, headers: HeaderMap, payload: Bytes) -> Result<()> {
        if self.in_flight.len() >= PUBLISH_WINDOW {
            self.settle_one().await?;
        }
        let ack = self.send(kind, headers.clone(), payload.clone()).await?;
        self.in_flight.push_back(Pending { kind, headers, payload, ack });
        Ok(())
    }

    async fn send(&self, kind: JobKind, headers: HeaderMap, payload: Bytes) -> Result<PublishAckFuture> {
        self.queue
            .js
            .publish_with_headers(self.queue.subject(kind), headers, payload)
            .await
            .queue_ctx(&format!("publish to {}", self.queue.subject(kind)))
    }

    /// Waits for the oldest publication's ack; a job refused because the
    /// stream is full is published again once workers made room.
    async fn settle_one(&mut self) -> Result<()> {
        let Some(mut p) = self.in_flight.pop_front() else { return Ok(()) };
        let mut pause = Duration::from_millis(20);
        loop {
            match p.ack.await {
                Ok(_) => {
                    self.published += 1;
                    return Ok(());
                }
                Err(e) if is_full(&e.to_string()) => {
                    tokio::time::sleep(pause).await;
                    pause = (pause * 2).min(Duration::from_secs(1));
                    p.ack = self.send(p.kind, p.headers.clone(), p.payload.clone()).await?;
                }
                Err(e) => return Err(e).queue_ctx(&format!("publish to {}", self.queue.subject(p.kind))),
            }
        }
    }

    /// Waits until every job published is confirmed stored.
    pub async fn finish(&mut self) -> Result<u64> {
        while !self.in_flight.is_empty() {
            self.settle_one().await?;
        }
        Ok(self.published)
    }
}

/// The server's refusal of a message to a full stream with the "new"
/// discard policy.
fn is_full(message: &str) -> bool {
    let m = message.to_ascii_lowercase();
    m.contains("maximum messages") || m.contains("maximum bytes") || m.contains("resource limits")
}
