//! Ingestion: turns files, directories, WARC archives and JSONL streams into
//! stored articles.
//!
//! [`Sources`] walks the inputs and yields one [`Input`] per page or record
//! (streaming: a WARC or JSONL file is never loaded whole). [`process`] turns an
//! input into a [`PageRecord`] through the extractor, and [`Ingester`] runs both
//! over all cores and writes the results to a [`Store`] in atomic batches, so
//! one bad page is reported and skipped while the rest are stored.
//!
//! ```no_run
//! use newsdesk_ingest::{Ingester, SourceOptions, Sources};
//! # fn demo(store: &mut dyn newsdesk_store::Store) {
//! let sources = Sources::new(vec!["samples/pages".into()], SourceOptions::for_ingest());
//! let summary = Ingester::default().run(sources, store, None, &mut |_event| {}).unwrap();
//! println!("{} new articles", summary.stored.inserted);
//! # }
//! ```

mod input;
mod jsonl;
mod pipeline;
mod process;
mod sources;
mod warc;

pub use input::{Input, InputError, Page, SourceHints};
pub use pipeline::{IngestError, IngestEvent, IngestSummary, Ingester};
pub use process::{process, Processed};
pub use sources::{SourceOptions, Sources};
pub use warc::WarcReader;
