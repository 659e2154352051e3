//! Serialisable records with character (Unicode scalar) offsets, as the CLI
//! prints them, and the byte-to-character offset table behind them.

use serde::Serialize;
use std::ops::Range;

/// Byte offset to character offset, for many offsets of one text: character
/// counts are kept per 64-byte block, so each lookup scans at most one block.
pub struct CharOffsets<'a> {
    text: &'a str,
    blocks: Vec<usize>,
}

const BLOCK: usize = 64;

impl<'a> CharOffsets<'a> {
    pub fn new(text: &'a str) -> Self {
        let mut blocks = Vec::with_capacity(text.len() / BLOCK + 1);
        let mut chars = 0;
        for chunk in text.as_bytes().chunks(BLOCK) {
            blocks.push(chars);
            chars += chunk.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        }
        CharOffsets { text, blocks }
    }

    /// The character offset of byte offset `byte` (a char boundary of the text,
    /// or its length).
    pub fn char_at(&self, byte: usize) -> usize {
        let byte = byte.min(self.text.len());
        let block = byte / BLOCK;
        let Some(&base) = self.blocks.get(block) else {
            return self.text.chars().count();
        };
        base + self.text.as_bytes()[block * BLOCK..byte].iter().filter(|&&b| (b & 0xC0) != 0x80).count()
    }

    /// The text of a byte range and its character offsets.
    pub fn span(&self, r: &Range<usize>) -> (String, usize, usize) {
        (self.text[r.clone()].to_string(), self.char_at(r.start), self.char_at(r.end))
    }
}

/// One quotation or reported statement as the CLI prints it: character
/// offsets into the article text, end exclusive.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct QuoteRecord {
    pub content: String,
    pub content_start: usize,
    pub content_end: usize,
    pub speaker: Option<String>,
    pub speaker_start: Option<usize>,
    pub speaker_end: Option<usize>,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub direct: bool,
    pub speaker_name: Option<String>,
}

pub(crate) fn optional(
    offsets: &CharOffsets,
    r: &Option<Range<usize>>,
) -> (Option<String>, Option<usize>, Option<usize>) {
    match r {
        Some(r) => {
            let (s, a, b) = offsets.span(r);
            (Some(s), Some(a), Some(b))
        }
        None => (None, None, None),
    }
}

/// One claim as the CLI prints it: character offsets into the article text,
/// end exclusive; `evidence` is `cited`, `contested`, `none_given` or `unstated`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct ClaimRecord {
    pub text: String,
    pub start: usize,
    pub end: usize,
    pub claimant: Option<String>,
    pub claimant_start: Option<usize>,
    pub claimant_end: Option<usize>,
    pub claimant_name: Option<String>,
    pub cue: Option<String>,
    pub cue_start: Option<usize>,
    pub cue_end: Option<usize>,
    pub evidence: crate::Evidence,
}

pub(crate) fn claim_record(c: &crate::Claim, offsets: &CharOffsets) -> ClaimRecord {
    let (text, start, end) = offsets.span(&c.span);
    let (claimant, claimant_start, claimant_end) = optional(offsets, &c.claimant);
    let (cue, cue_start, cue_end) = optional(offsets, &c.cue);
    ClaimRecord {
        text,
        start,
        end,
        claimant,
        claimant_start,
        claimant_end,
        claimant_name: c.claimant_name.clone(),
        cue,
        cue_start,
        cue_end,
        evidence: c.evidence,
    }
}
