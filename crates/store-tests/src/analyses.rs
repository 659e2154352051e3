//! Analyses: opaque JSON per (analyzer, article), current while both are
//! unchanged.

use newsdesk_model::{Block, BlockKind};
use newsdesk_store::{Store, StoreError};

use crate::fixtures::{article, put};
use crate::Backend;

pub fn analyses_are_current_while_the_analyzer_and_the_article_are_unchanged<B: Backend>(b: &B) {
    let mut store = b.open();
    let arts = [article("a"), article("b")];
    put(&mut store, &arts);
    assert_eq!(store.unanalysed_ids("v1").unwrap(), ["a", "b"]);
    store.put_analyses("v1", &[(&arts[0], r#"{"summary":["A."]}"#)]).unwrap();
    assert_eq!(store.analysis("v1", "a").unwrap().as_deref(), Some(r#"{"summary":["A."]}"#));
    assert_eq!(store.analysis("v2", "a").unwrap(), None, "another analyzer's is not current");
    assert_eq!(store.unanalysed_ids("v1").unwrap(), ["b"]);
    assert_eq!(store.unanalysed_ids("v2").unwrap(), ["a", "b"]);

    // A changed article needs a new analysis.
    let mut changed = arts[0].clone();
    changed.blocks = vec![Block::new(BlockKind::Paragraph, "Another body.")];
    changed.finish_text();
    put(&mut store, &[changed]);
    assert_eq!(store.analysis("v1", "a").unwrap(), None);
    assert_eq!(store.unanalysed_ids("v1").unwrap(), ["a", "b"]);

    // An unknown id fails the batch, and nothing of it is written.
    let ghost = article("ghost");
    let err = store.put_analyses("v1", &[(&arts[1], "{}"), (&ghost, "{}")]).unwrap_err();
    assert!(matches!(err, StoreError::UnknownArticle(ref id) if id == "ghost"), "{err}");
    assert_eq!(store.analysis("v1", "b").unwrap(), None);
}
