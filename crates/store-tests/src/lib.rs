//! The behaviour suite every newsdesk store backend must pass: what
//! [`Store`] and [`CrawlStore`] promise (batches, versions, listing order,
//! statistics, embeddings, analyses, coverage, the crawl queue), written
//! once against the traits so that the embedded SQLite backend and the
//! PostgreSQL one are held to exactly the same assertions. A backend crate
//! implements [`Backend`] in its integration tests and invokes
//! [`store_suite!`], which expands into one `#[test]` per behaviour, so
//! `cargo test` lists (and reports) each behaviour separately per backend.
//! What is about one backend alone (its files, its schema bookkeeping, raw
//! SQL) stays in that backend's own tests, which may reuse [`fixtures`].
//!
//! ```ignore
//! struct Sqlite(tempfile::TempDir);
//!
//! impl newsdesk_store_tests::Backend for Sqlite {
//!     type Store = SqliteStore;
//!     fn open(&self) -> SqliteStore {
//!         SqliteStore::open(self.0.path()).unwrap()
//!     }
//!     fn version_raw_html(store: &SqliteStore, id: &str, version: u32) -> newsdesk_store::Result<Option<Vec<u8>>> {
//!         store.version_raw_html(id, version)
//!     }
//! }
//!
//! // One fresh backend per test; an `Option<Sqlite>` works too, `None` skipping the test.
//! newsdesk_store_tests::store_suite!(Sqlite(tempfile::tempdir().unwrap()));
//! ```

use newsdesk_store::{CrawlStore, Result, Store};

mod analyses;
mod articles;
mod coverage;
mod crawl;
mod embeddings;
pub mod fixtures;
mod listing;
mod stats;

pub use analyses::*;
pub use articles::*;
pub use coverage::*;
pub use crawl::*;
pub use embeddings::*;
pub use listing::*;
pub use stats::*;

/// One empty store for one test, however the backend keeps it.
pub trait Backend {
    type Store: Store + CrawlStore;

    /// A handle on this backend's store. Every call returns another handle
    /// on the *same* store (the same directory, the same database schema):
    /// the first call's store is empty, and a later handle sees what earlier
    /// ones committed, whether they are still open or were dropped (closed).
    /// Panics when the store cannot be opened.
    fn open(&self) -> Self::Store;

    /// The raw page of an earlier version of `id` (numbered from 1),
    /// decompressed: not part of [`Store`], but every backend keeps
    /// archived pages and the suite checks them.
    fn version_raw_html(store: &Self::Store, id: &str, version: u32) -> Result<Option<Vec<u8>>>;
}

/// What [`store_suite!`] accepts for a backend: the backend itself, or an
/// `Option` of one, `None` meaning "skip this test" (say why on stderr
/// before returning it).
pub trait IntoBackend {
    type Backend: Backend;
    fn into_backend(self) -> Option<Self::Backend>;
}

impl<B: Backend> IntoBackend for B {
    type Backend = B;
    fn into_backend(self) -> Option<B> {
        Some(self)
    }
}

impl<B: Backend> IntoBackend for Option<B> {
    type Backend = B;
    fn into_backend(self) -> Option<B> {
        self
    }
}

/// Expands into one `#[test]` per behaviour of the suite, grouped in one
/// module per topic (`articles`, `listing`, `stats`, `embeddings`,
/// `analyses`, `coverage`, `crawl`). The argument is an expression giving a
/// [`Backend`] or an `Option` of one ([`IntoBackend`]); it is evaluated
/// afresh in every test, so each test runs on a store of its own, and
/// `None` makes the test return at once (skipped). Invoke it once per
/// module: it also defines a function `__store_suite_backend` there.
///
/// ```ignore
/// newsdesk_store_tests::store_suite!(MyBackend::new());
/// newsdesk_store_tests::store_suite!(my_backend_if_configured()); // -> Option<MyBackend>
/// ```
#[macro_export]
macro_rules! store_suite {
    ($backend:expr $(,)?) => {
        fn __store_suite_backend() -> ::std::option::Option<impl $crate::Backend> {
            $crate::IntoBackend::into_backend($backend)
        }

        $crate::__store_suite_tests! {
            articles: [
                insert_then_get_keeps_every_field,
                missing_ids_are_none,
                empty_batch_is_a_no_op,
                same_article_again_is_unchanged_and_not_rewritten,
                changed_content_keeps_the_previous_version_with_its_page,
                metadata_change_alone_is_an_update,
                update_without_a_page_drops_the_current_page_but_not_the_archived_one,
                several_updates_come_back_oldest_first,
                a_repeated_id_in_a_batch_applies_in_order,
                a_second_handle_sees_the_first_ones_commits,
                reopening_keeps_everything,
            ],
            listing: [
                changed_since_selects_what_was_written_after_an_instant,
                changed_ids_are_oldest_first_then_undated_as_stored,
                newest_first_undated_last_ties_by_id,
                source_is_case_insensitive,
                since_is_the_publication_day_in_the_source_zone,
                limit_cuts_after_ordering,
                a_visitor_error_stops_the_scan,
                streams_many_rows_in_order,
            ],
            stats: [
                stats_of_an_empty_store,
                stats_count_everything,
                stats_list_the_top_twenty,
            ],
            embeddings: [
                vectors_round_trip_per_model,
                a_changed_article_needs_a_new_vector,
                bad_embeddings_are_refused_whole,
                since_selects_recent_vectors_and_they_survive_reopening,
            ],
            analyses: [
                analyses_are_current_while_the_analyzer_and_the_article_are_unchanged,
            ],
            coverage: [
                groups_candidates_and_story_merges,
                story_counts_follow_joins_moves_date_changes_and_merges,
                headline_follows_a_growing_story,
            ],
            crawl: [
                sources_are_added_once_listed_and_removed_by_id_or_url,
                poll_health_and_articles_found_are_counted,
                failed_urls_wait_for_their_retry_time_and_permanent_failures_leave_the_queue,
                a_url_fetched_directly_is_recorded_without_being_queued_first,
                queue_and_validators_survive_reopening,
                queued_urls_whose_article_was_stored_before_a_crash_are_settled_as_fetched,
                leased_urls_are_not_due_until_the_lease_ends,
            ],
        }
    };
}

/// The test functions [`store_suite!`] writes, one module per topic.
#[doc(hidden)]
#[macro_export]
macro_rules! __store_suite_tests {
    ($($topic:ident: [$($name:ident),* $(,)?]),* $(,)?) => {
        $(
            mod $topic {
                $(
                    #[test]
                    fn $name() {
                        if let ::std::option::Option::Some(backend) = super::__store_suite_backend() {
                            $crate::$name(&backend);
                        }
                    }
                )*
            }
        )*
    };
}

#[cfg(test)]
mod tests {
    /// Every suite function is listed in `store_suite!`, and every name
    /// listed is a suite function of the topic it is listed under: a test
    /// written but not listed would silently never run.
    #[test]
    fn the_macro_lists_every_suite_function() {
        let topics = [
            ("articles", include_str!("articles.rs")),
            ("listing", include_str!("listing.rs")),
            ("stats", include_str!("stats.rs")),
            ("embeddings", include_str!("embeddings.rs")),
            ("analyses", include_str!("analyses.rs")),
            ("coverage", include_str!("coverage.rs")),
            ("crawl", include_str!("crawl.rs")),
        ];
        let lib = include_str!("lib.rs");
        let start = lib.find("macro_rules! store_suite").unwrap();
        let body = &lib[start..start + lib[start..].find("\n}\n").unwrap()];
        for (topic, source) in topics {
            let defined: Vec<&str> = source
                .lines()
                .filter_map(|l| l.strip_prefix("pub fn "))
                .filter_map(|l| l.split_once("<B: Backend>").map(|(name, _)| name))
                .collect();
            let from = body.find(&format!("{topic}: [")).unwrap_or_else(|| panic!("no topic {topic}"));
            let listed: Vec<&str> = body[from..][..body[from..].find(']').unwrap()]
                .split_once('[')
                .unwrap()
                .1
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .collect();
            assert!(!defined.is_empty(), "{topic}");
            assert_eq!(listed, defined, "store_suite! must list the {topic} tests in their file's order");
        }
    }
}
