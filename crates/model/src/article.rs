use serde::{Deserialize, Serialize};

use crate::PubDate;

/// One extracted news article.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Article {
    /// Stable identifier: derived from the canonical URL (or the URL), or from the
    /// content when the page has no URL. A JSONL input's own `id` is kept instead.
    pub id: String,
    /// The URL the page was fetched from or given with (`--url`, WARC target URI).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    /// The URL the publisher declares as canonical (`<link rel=canonical>`,
    /// `og:url`, JSON-LD `url`), absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub canonical_url: Option<String>,
    /// The headline.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Byline: person names only, no outlets, job titles or handles.
    #[serde(default)]
    pub authors: Vec<String>,
    /// Publication time: RFC 3339 with the page's offset when it gives one,
    /// else a local time or a bare day (`2024-03-05`).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "date")]
    pub published: Option<PubDate>,
    /// Last modification time, same format as `published`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub modified: Option<PubDate>,
    /// The outlet (`og:site_name`, JSON-LD publisher, or the host name).
    #[serde(default, skip_serializing_if = "Option::is_none", alias = "source")]
    pub site_name: Option<String>,
    /// ISO 639-1 language code of the text.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub language: Option<String>,
    /// ISO 3166-1 alpha-2 country of the outlet, when an input record gives it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<String>,
    /// Body text: the texts of all blocks but captions, joined by a blank line.
    #[serde(default)]
    pub text: String,
    /// Body structure in reading order.
    #[serde(default)]
    pub blocks: Vec<Block>,
    /// Lead image URL, absolute.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub image: Option<String>,
    /// Number of `\w+` words in `text`.
    #[serde(default)]
    pub word_count: usize,
    /// How the body was found, for debugging extraction quality.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub extraction: Option<Extraction>,
    /// Fields of an input record that newsdesk does not know, passed through
    /// unchanged so users can join outputs to inputs.
    #[serde(flatten, default, skip_serializing_if = "serde_json::Map::is_empty")]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl Article {
    /// An empty article with the given id.
    pub fn new(id: String) -> Self {
        Article { id, ..Default::default() }
    }

    /// Recomputes `text` and `word_count` from `blocks`. Captions stay out
    /// of `text`: they describe pictures, not the story.
    pub fn finish_text(&mut self) {
        let mut text = String::new();
        for b in self.blocks.iter().filter(|b| b.kind != BlockKind::Caption) {
            if !text.is_empty() {
                text.push_str("\n\n");
            }
            text.push_str(&b.text);
        }
        self.word_count = crate::count_words(&text);
        self.text = text;
    }

    /// Fills `blocks` from `text` (paragraphs split on blank lines) when an input
    /// gave plain text only.
    pub fn blocks_from_text(&mut self) {
        self.blocks = self
            .text
            .split("\n\n")
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(|p| Block::new(BlockKind::Paragraph, p))
            .collect();
        self.word_count = crate::count_words(&self.text);
    }
}

/// A unit of the article body.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Block {
    pub kind: BlockKind,
    pub text: String,
}

impl Block {
    pub fn new(kind: BlockKind, text: impl Into<String>) -> Self {
        Block { kind, text: text.into() }
    }
}

/// What a block is, as a reader would see it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BlockKind {
    Heading,
    Paragraph,
    Quote,
    ListItem,
    Caption,
}

impl BlockKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BlockKind::Heading => "heading",
            BlockKind::Paragraph => "paragraph",
            BlockKind::Quote => "quote",
            BlockKind::ListItem => "list_item",
            BlockKind::Caption => "caption",
        }
    }
}

/// Extraction diagnostics.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Extraction {
    /// Which strategy produced the body.
    pub strategy: Strategy,
    /// 0..1: how sure the extractor is that `blocks` is the article body.
    pub confidence: f32,
}

/// The ways the extractor can find a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Strategy {
    /// A container the markup names as the article body (schema.org
    /// `articleBody`, `<article>`, well-known class names), then pruned.
    Semantic,
    /// The DOM subtree with the best text-density score.
    Density,
    /// JSON-LD `articleBody` when the DOM yields nothing better.
    JsonLd,
    /// Given as text by the input (JSONL), not extracted.
    Provided,
}
