//! Coverage updates written on a thread of their own, through a second store
//! connection, so that writing one batch's update overlaps working out the
//! next one's (the writes are about a third of the follower's time, and
//! mostly on one core).

use std::sync::mpsc::{sync_channel, Receiver, SyncSender};
use std::sync::{Arc, Mutex};
use std::thread::JoinHandle;

use newsdesk_store::{CoverageUpdate, Store};

use crate::{CoverageError, Result};

enum Message {
    Write(Box<CoverageUpdate>),
    /// Answered once every update sent before it is written.
    Flush(SyncSender<()>),
}

/// Writes updates in the order sent; at most one waits while another is
/// written, so a slow store holds the follower back instead of queueing.
pub(crate) struct UpdateWriter {
    tx: Option<SyncSender<Message>>,
    thread: Option<JoinHandle<()>>,
    /// The first failed write; the thread stops at it.
    failed: Arc<Mutex<Option<String>>>,
    /// Updates sent since the last flush.
    pending: bool,
}

impl UpdateWriter {
    pub(crate) fn spawn<W: Store + 'static>(store: W) -> std::io::Result<Self> {
        let (tx, rx) = sync_channel::<Message>(1);
        let failed = Arc::new(Mutex::new(None));
        let slot = Arc::clone(&failed);
        let thread =
            std::thread::Builder::new().name("coverage-writer".into()).spawn(move || write_all(store, &rx, &slot))?;
        Ok(UpdateWriter { tx: Some(tx), thread: Some(thread), failed, pending: false })
    }

    pub(crate) fn send(&mut self, update: CoverageUpdate) -> Result<()> {
        self.check()?;
        self.pending = true;
        let tx = self.tx.as_ref().expect("open until dropped");
        if tx.send(Message::Write(Box::new(update))).is_err() {
            return Err(self.stopped());
        }
        Ok(())
    }

    /// Waits until every update sent is written (or one failed).
    pub(crate) fn flush(&mut self) -> Result<()> {
        if !self.pending {
            return self.check();
        }
        let (ack_tx, ack_rx) = sync_channel(1);
        let tx = self.tx.as_ref().expect("open until dropped");
        if tx.send(Message::Flush(ack_tx)).is_err() || ack_rx.recv().is_err() {
            return Err(self.stopped());
        }
        self.pending = false;
        self.check()
    }

    pub(crate) fn pending(&self) -> bool {
        self.pending
    }

    fn check(&self) -> Result<()> {
        match self.failed.lock().map(|f| f.clone()) {
            Ok(None) => Ok(()),
            Ok(Some(e)) => Err(CoverageError::Writer(e)),
            Err(_) => Err(CoverageError::Writer("the writer thread panicked".into())),
        }
    }

    fn stopped(&self) -> CoverageError {
        match self.check() {
            Err(e) => e,
            Ok(()) => CoverageError::Writer("the writer thread stopped".into()),
        }
    }
}

impl Drop for UpdateWriter {
    /// Lets the updates already sent be written before the connection closes.
    fn drop(&mut self) {
        drop(self.tx.take());
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

fn write_all<W: Store>(mut store: W, rx: &Receiver<Message>, failed: &Mutex<Option<String>>) {
    for message in rx {
        match message {
            Message::Write(update) => {
                if let Err(e) = store.put_coverage(&update) {
                    if let Ok(mut f) = failed.lock() {
                        *f = Some(e.to_string());
                    }
                    return;
                }
            }
            Message::Flush(ack) => {
                let _ = ack.send(());
            }
        }
    }
}
