//! Finding the article body in the DOM.

use newsdesk_model::{Block, BlockKind, Strategy};
use scraper::Html;

use crate::dom::{element_text, normalize_space};

/// What the metadata step already knows that helps find the body.
#[derive(Debug, Default)]
pub(crate) struct BodyHints<'a> {
    /// The headline, to drop a repeated title from the top of the body.
    pub title: Option<&'a str>,
    /// JSON-LD `articleBody`, when the page has one.
    pub json_ld_body: Option<&'a str>,
}

/// The extracted body.
#[derive(Debug)]
pub(crate) struct Body {
    pub blocks: Vec<Block>,
    pub strategy: Strategy,
    pub confidence: f32,
}

/// Finds the body. `None` when the page holds no article (home page, 404).
pub(crate) fn extract_body(doc: &Html, hints: &BodyHints<'_>) -> Option<Body> {
    // Placeholder until the real extractor lands: every <p> with enough text.
    let sel = scraper::Selector::parse("p").ok()?;
    let blocks: Vec<Block> = doc
        .select(&sel)
        .map(element_text)
        .filter(|t| t.split_whitespace().count() >= 8)
        .map(|t| Block::new(BlockKind::Paragraph, t))
        .collect();
    if blocks.is_empty() {
        let text = normalize_space(hints.json_ld_body?);
        return Some(Body {
            blocks: vec![Block::new(BlockKind::Paragraph, text)],
            strategy: Strategy::JsonLd,
            confidence: 0.5,
        });
    }
    Some(Body { blocks, strategy: Strategy::Density, confidence: 0.1 })
}
