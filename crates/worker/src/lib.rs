//! Scale-out for newsdesk: many worker processes, on any number of
//! machines, share one PostgreSQL store and take their jobs from NATS
//! JetStream.
//!
//! A scheduler ([`schedule`], `newsdesk ingest --nats`) publishes one
//! extract job per page or record, and `newsdesk watch --nats` one fetch
//! job per URL due in the store's crawl queue ([`encode_url`]); workers
//! ([`Worker`], `newsdesk worker`) take jobs in batches from durable
//! consumers, fetch (politely, each host's pause kept between all the
//! workers through the store) and extract on all cores, store
//! each batch in one transaction and ack the jobs only then, so a worker
//! killed at any point loses nothing (its jobs are redelivered after
//! `ack_wait`) and stores nothing twice (the store's writes are idempotent
//! by content hash). Each stored batch becomes an analyse job that any
//! worker may take. Copy groups and stories need one view of the active
//! stories, so one worker at a time keeps them, chosen by a PostgreSQL lock
//! that passes to another when it dies; it follows the store as the
//! embedded pipeline's coverage follower does.
//!
//! ```no_run
//! use newsdesk_worker::{JobQueue, QueueConfig, Worker, WorkerConfig};
//!
//! # async fn demo() -> newsdesk_worker::Result<()> {
//! let queue = JobQueue::connect(QueueConfig::default()).await?;
//! let worker = Worker::new(queue, WorkerConfig::new("postgres://postgres@127.0.0.1/newsdesk"))?;
//! let report = worker.run(&mut |event| eprintln!("{event:?}")).await?;
//! println!("{} jobs done", report.jobs);
//! # Ok(())
//! # }
//! ```

mod error;
mod fetch;
mod job;
mod pace;
mod queue;
mod schedule;
mod worker;

pub use error::{Result, WorkerError};
pub use fetch::encode_url;
pub use job::{decode_ids, decode_input, encode_ids, encode_input, JobKind};
pub use queue::{JobQueue, Publisher, QueueConfig};
pub use schedule::{schedule, ScheduleReport};
pub use worker::{Worker, WorkerConfig, WorkerEvent, WorkerReport, CLUSTER_LOCK};
