//! Quotes and reported speech with their speakers and cues, and attributed
//! claims with an evidence flag, found by rules over English news prose.
//!
//! [`find_quotes`] returns direct quotations (`“...,” she said`) and reported
//! speech (`X said that ...`, `according to X, ...`, `X told reporters ...`)
//! as byte ranges into the text, each with its speaker mention, its cue and
//! the speaker's name resolved to the fullest form given earlier in the
//! article. [`quote_records`] turns them into serialisable records with
//! character offsets, as the CLI prints them. [`find_claims`] keeps the
//! attributed assertions among them (not "called for", "wants to" or
//! questions) and flags what the article says about their support:
//! [`Evidence::Cited`], [`Evidence::Contested`], [`Evidence::NoneGiven`] or
//! [`Evidence::Unstated`]; [`find_quotes_and_claims`] does both in one pass.
//! Text in other languages yields few or no quotes; no input makes it panic.
//!
//! ```
//! use newsdesk_attribution::{find_claims, find_quotes, Evidence};
//!
//! let text = "Wally Oppal led the inquiry. “We were not told,” Oppal said on Monday.";
//! let quotes = find_quotes(text);
//! assert_eq!(quotes.len(), 1);
//! let q = &quotes[0];
//! assert_eq!(&text[q.content.clone()], "“We were not told,”");
//! assert_eq!(q.cue.clone().map(|c| &text[c]), Some("said"));
//! assert_eq!(q.speaker_name.as_deref(), Some("Wally Oppal"));
//! assert!(q.direct);
//!
//! let text = "The minister claimed, without evidence, that the vote was rigged.";
//! let claims = find_claims(text);
//! assert_eq!(&text[claims[0].span.clone()], "the vote was rigged");
//! assert_eq!(claims[0].evidence, Evidence::NoneGiven);
//! ```

mod claims;
mod content;
mod doc;
mod frames;
mod lexicon;
mod np;
mod record;
mod speaker;
mod tokens;

pub use claims::{Claim, Evidence};
pub use record::{CharOffsets, ClaimRecord, QuoteRecord};

use std::ops::Range;

/// A quotation or reported statement. Ranges are byte offsets into the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Quote {
    /// What is attributed: a quotation with its marks (and the punctuation
    /// inside them), or a reported clause with its "that" and without the
    /// sentence's final full stop. A quotation split by its frame
    /// (`“A,” he said, “B.”`) is one range from A to B.
    pub content: Range<usize>,
    /// The speaker as mentioned ("he", "Mr. Oppal", "Phil Smith, a spokesman
    /// for the union,"); `None` for a quotation continuing the previous one.
    pub speaker: Option<Range<usize>>,
    /// The attribution verb group ("said", "has also said", "according to").
    pub cue: Option<Range<usize>>,
    /// The content is one quotation, marks included.
    pub direct: bool,
    /// The speaker's fullest name or description given up to here.
    pub speaker_name: Option<String>,
}

impl Quote {
    /// This quote as a record with character offsets into `text` (for many
    /// quotes of one text, [`quote_records`] shares one offset table).
    pub fn to_record(&self, text: &str) -> QuoteRecord {
        self.record(&CharOffsets::new(text))
    }

    fn record(&self, offsets: &CharOffsets) -> QuoteRecord {
        let (content, content_start, content_end) = offsets.span(&self.content);
        let (speaker, speaker_start, speaker_end) = record::optional(offsets, &self.speaker);
        let (cue, cue_start, cue_end) = record::optional(offsets, &self.cue);
        QuoteRecord {
            content,
            content_start,
            content_end,
            speaker,
            speaker_start,
            speaker_end,
            cue,
            cue_start,
            cue_end,
            direct: self.direct,
            speaker_name: self.speaker_name.clone(),
        }
    }
}

/// Records with character offsets for quotes found in `text`.
pub fn quote_records(text: &str, quotes: &[Quote]) -> Vec<QuoteRecord> {
    let offsets = CharOffsets::new(text);
    quotes.iter().map(|q| q.record(&offsets)).collect()
}

/// Direct quotations and reported speech in `text`, in text order.
pub fn find_quotes(text: &str) -> Vec<Quote> {
    find_quotes_and_claims(text).0
}

/// Attributed claims in `text`, in text order, each with its evidence flag.
pub fn find_claims(text: &str) -> Vec<Claim> {
    find_quotes_and_claims(text).1
}

/// Quotes and claims of `text` from one analysis (cheaper than both calls).
pub fn find_quotes_and_claims(text: &str) -> (Vec<Quote>, Vec<Claim>) {
    let d = doc::Doc::new(text);
    let found = frames::find(&d);
    let quotes = quotes_of(&d, &found);
    let names: Vec<Option<String>> = quotes.iter().map(|q| q.speaker_name.clone()).collect();
    let direct: Vec<bool> = quotes.iter().map(|q| q.direct).collect();
    let claims = claims::claims(&d, &found, &names, &direct);
    (quotes, claims)
}

impl Claim {
    /// This claim as a record with character offsets into `text` (for many
    /// claims of one text, [`claim_records`] shares one offset table).
    pub fn to_record(&self, text: &str) -> ClaimRecord {
        record::claim_record(self, &CharOffsets::new(text))
    }
}

/// Records with character offsets for claims found in `text`.
pub fn claim_records(text: &str, claims: &[Claim]) -> Vec<ClaimRecord> {
    let offsets = CharOffsets::new(text);
    claims.iter().map(|c| record::claim_record(c, &offsets)).collect()
}

fn quotes_of(d: &doc::Doc, found: &[frames::Found]) -> Vec<Quote> {
    let mut resolver = speaker::Resolver::new(d);
    let mut previous: Option<String> = None;
    let mut out = Vec::with_capacity(found.len());
    for f in found {
        let speaker_name = match &f.source {
            Some(s) => resolver.resolve(d, s, previous.as_deref()),
            None => previous.clone(),
        };
        if speaker_name.is_some() {
            previous.clone_from(&speaker_name);
        }
        let direct = d.is_open_quote(f.content.start) && d.close_of(f.content.start) == Some(f.content.end - 1);
        out.push(Quote {
            content: d.bytes(&f.content),
            speaker: f.source.as_ref().map(|s| d.bytes(s)),
            cue: f.cue.as_ref().map(|c| d.bytes(c)),
            direct,
            speaker_name,
        });
    }
    out
}
