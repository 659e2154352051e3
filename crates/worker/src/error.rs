use newsdesk_store::StoreError;

/// Why a worker or a scheduler stopped.
#[derive(Debug, thiserror::Error)]
pub enum WorkerError {
    /// The queue server could not be reached or refused an operation.
    #[error("NATS {what}: {message}")]
    Queue { what: String, message: String },
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("copy groups and stories: {0}")]
    Coverage(String),
    /// A setting that cannot be used.
    #[error("settings: {0}")]
    Config(String),
    #[error("analysis: {0}")]
    Analysis(String),
    /// A task of the worker's own panicked or was cancelled.
    #[error("worker task: {0}")]
    Task(String),
}

pub type Result<T, E = WorkerError> = std::result::Result<T, E>;

/// Names the queue operation that failed.
pub(crate) fn queue(what: impl Into<String>) -> impl FnOnce(String) -> WorkerError {
    let what = what.into();
    move |message| WorkerError::Queue { what, message }
}

pub(crate) trait QueueContext<T> {
    fn queue_ctx(self, what: &str) -> Result<T>;
}

impl<T, E: std::fmt::Display> QueueContext<T> for std::result::Result<T, E> {
    fn queue_ctx(self, what: &str) -> Result<T> {
        self.map_err(|e| queue(what)(e.to_string()))
    }
}
