//! Near-duplicate detection: which articles are copies of the same text
//! (a wire story republished by many outlets), and which copy came first.
//!
//! Each body is normalised (boilerplate lines such as "Reporting by …" and a
//! leading dateline like `WASHINGTON (Reuters) -` dropped, lower-cased, quotes,
//! dashes and whitespace folded), cut into overlapping [`SHINGLE_WORDS`]-word
//! shingles and summarised by a [`NUM_PERM`]-value MinHash signature made by
//! one-permutation hashing with optimal densification (each shingle hashed
//! once into one of [`NUM_PERM`] bins; an empty bin borrows a non-empty
//! one's minimum on a fixed probe sequence; Shrivastava, ICML 2017), all
//! from fixed seeds. LSH banding ([`BANDS`] bands of [`ROWS`] rows) proposes
//! candidate pairs; each is verified on the shingle hashes (Jaccard, and
//! containment `|A∩B| / min(|A|,|B|)` so that a short version wholly inside
//! a longer one is caught); accepted pairs are joined by union-find, except
//! that a text joined to longer ones by containment alone (a short version)
//! joins only the article it matches best, so that a short version of one
//! story that quotes a passage of another does not tie the two stories
//! together. The canonical member of a group is the earliest published
//! (undated after dated; ties: the longest text, then the smallest id).
//!
//! ## Parameters and their trade-off
//!
//! A pair whose shingle sets have Jaccard similarity `s` becomes a candidate
//! with probability `1 - (1 - s^3)^42`. The curve's threshold
//! `(1/42)^(1/3)` is about 0.29:
//!
//! | Jaccard `s` | 0.05 | 0.1 | 0.2 | 0.3 | 0.4 | 0.5 | 0.6 | 0.8 |
//! | --- | --- | --- | --- | --- | --- | --- | --- | --- |
//! | P(candidate) | 0.005 | 0.041 | 0.29 | 0.68 | 0.93 | 0.996 | 1.000 | 1.000 |
//!
//! The threshold sits well below the default verification threshold (0.6) so
//! that lightly edited copies (Jaccard usually 0.7–0.95) are almost never
//! missed, and so that a short version (containment 1, Jaccard = its share of
//! the long one) is found when it is at least about a third of the long one.
//! More rows per band would cut the candidates to verify (speed) and miss more
//! short versions (recall); fewer rows the reverse. Precision comes from the
//! verification, not from the banding.
//!
//! A short version far smaller than a third of the long one (a wire story cut
//! to its first paragraphs) has a low Jaccard similarity with it, so the body
//! bands above rarely propose it. Such versions keep the *lead*: a second,
//! [`LEAD_PERM`]-value signature of the first [`LEAD_SHINGLES`] shingles in
//! text order, banded into [`LEAD_BANDS`] bands of [`LEAD_ROWS`] rows, proposes
//! pairs whose leads agree (lead Jaccard `s`: `1 - (1 - s^4)^6`, 0.98 at 0.8,
//! 0.33 at 0.5). It costs 24 hash functions and 6 bands more per article and
//! lifted recall on truncated copies from about 0.94 to above 0.99 (see
//! `eval/results/dedup.md`); the verification keeps precision, as two
//! different stories rarely share a lead. Containment counts only when the
//! smaller set has at least [`Config::min_contained`] shingles, so that a
//! one-sentence text is not a "copy" of every article quoting it.
//!
//! Verification is exact for bodies of fewer than 2 × [`VERIFY_SAMPLE`]
//! (256) distinct shingles, about 250 words. A longer body keeps only its
//! shingle hashes whose top `k` bits are zero, `k` the largest that leaves at
//! least [`VERIFY_SAMPLE`] of them (a consistent sample: the same hashes for
//! every body); two bodies are compared on the hashes both keep, so the
//! estimate rests on at least about [`VERIFY_SAMPLE`] shingles of the larger
//! one (standard error about 0.04 at similarity 0.6). That caps what an
//! article costs whatever its length, for a small error on borderline pairs
//! of long texts; a short text compared with a very long one is judged on
//! its share of the sample only. On both benchmarks (`bench/results/dedup.md`,
//! `eval/results/dedup.md`) a sample of 128 gave the same precision and
//! recall as 256 and as exact sets.
//!
//! Memory per article: the body signature ([`NUM_PERM`] × 2 bytes = 252
//! bytes: 16-bit values, which agree by chance with probability 2^-16 per
//! row), the lead signature ([`LEAD_PERM`] × 2 = 48 bytes), the shingle
//! hashes kept for verification (4 bytes each: all of them up to 255, else
//! 128 to 255; at most about 1 KB), the id; never the text. A whole
//! `newsdesk dedup` run holds about 1.4 KB per 500-word article (3.2 KB when
//! every shingle hash and 32-bit signatures were kept): about 13 GiB at 10M
//! articles (`bench/results/dedup.md`).
//!
//! ```
//! use newsdesk_dedup::{Config, Dedup, Doc};
//!
//! let wire = "WASHINGTON (Reuters) - The Senate passed the spending bill late on Tuesday \
//!             after a week of talks, sending it to the president who is expected to sign it.";
//! let copy = "The Senate passed the spending bill late on Tuesday after a week of talks, \
//!             sending it to the president who is expected to sign it.\nReporting by Jane Roe";
//! let other = "Heavy rain flooded the old town on Tuesday and the river rose above its banks.";
//! let mut d = Dedup::new(Config::default()).unwrap();
//! d.add_batch(&[
//!     Doc { id: "copy", published: Some(200), text: copy },
//!     Doc { id: "wire", published: Some(100), text: wire },
//!     Doc { id: "other", published: Some(100), text: other },
//! ]);
//! let out = d.finish();
//! assert_eq!(out[0].copy_of.as_deref(), Some("wire"));
//! assert!(out[1].canonical);
//! assert_eq!(out[2].group, "other");
//! ```

mod group;
mod minhash;
mod normalize;
#[cfg(test)]
mod tests;

pub use group::Assignment;
pub use minhash::{BANDS, LEAD_BANDS, LEAD_PERM, LEAD_ROWS, LEAD_SHINGLES, NUM_PERM, ROWS};
pub use normalize::{normalize, strip_dateline};

use rayon::prelude::*;

/// Words per shingle.
pub const SHINGLE_WORDS: usize = 5;

/// Why a configuration was refused.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum DedupError {
    #[error("threshold must be in (0, 1], got {0}")]
    Threshold(f64),
    #[error("shingle size must be at least 1 word")]
    ShingleSize,
}

/// Detection settings.
#[derive(Debug, Clone, PartialEq)]
pub struct Config {
    /// Least similarity (Jaccard, or containment for big enough texts) for two
    /// articles to be copies.
    pub threshold: f64,
    /// Words per shingle.
    pub shingle_words: usize,
    /// Least shingles the smaller text needs for containment to count.
    pub min_contained: usize,
}

impl Default for Config {
    fn default() -> Self {
        Config { threshold: 0.6, shingle_words: SHINGLE_WORDS, min_contained: 20 }
    }
}

impl Config {
    fn check(&self) -> Result<(), DedupError> {
        if !(self.threshold > 0.0 && self.threshold <= 1.0) {
            return Err(DedupError::Threshold(self.threshold));
        }
        if self.shingle_words == 0 {
            return Err(DedupError::ShingleSize);
        }
        Ok(())
    }
}

/// One input article: its id, publication instant (seconds, any consistent
/// epoch; see [`newsdesk_model::PubDate::timestamp`]) and body.
#[derive(Debug, Clone, Copy)]
pub struct Doc<'a> {
    pub id: &'a str,
    pub published: Option<i64>,
    pub text: &'a str,
}

impl<'a> Doc<'a> {
    /// An article's id, publication time ([`Doc::instant`]) and body.
    pub fn from_article(a: &'a newsdesk_model::Article) -> Self {
        Doc { id: &a.id, published: a.published.as_ref().map(Doc::instant), text: &a.text }
    }

    /// The order that picks a group's canonical member: dated before
    /// undated, earlier first, then the longer text, then the smaller id.
    pub fn publication_order(&self, other: &Doc<'_>) -> std::cmp::Ordering {
        publication_order((self.published, self.text.len(), self.id), (other.published, other.text.len(), other.id))
    }

    /// The instant a publication date counts as. A bare day counts as its
    /// last second, so that a copy with a time on that day ranks before it.
    pub fn instant(p: &newsdesk_model::PubDate) -> i64 {
        match p {
            newsdesk_model::PubDate::Day(_) => p.timestamp() + 86_399,
            _ => p.timestamp(),
        }
    }
}

/// [`Doc::publication_order`] of `(published, text length, id)`.
pub(crate) fn publication_order(a: (Option<i64>, usize, &str), b: (Option<i64>, usize, &str)) -> std::cmp::Ordering {
    let by_date = match (a.0, b.0) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => std::cmp::Ordering::Equal,
    };
    by_date.then(b.1.cmp(&a.1)).then(a.2.cmp(b.2))
}

/// Shingle hashes kept per article for verification: all of them up to
/// twice this many; past that a consistent sample (see [`Sketch::similarity`]).
pub const VERIFY_SAMPLE: usize = 128;

/// What detection keeps of a body (never the text): its MinHash signatures
/// and a consistent sample of its shingle hashes. Incremental users (the
/// store's copy index) keep the [`Sketch::band_keys`] of past articles and
/// compare a new one's sketch with the sketches of those sharing a key.
#[derive(Debug, Clone)]
pub struct Sketch {
    pub(crate) sig: [u16; NUM_PERM],
    pub(crate) lead: [u16; LEAD_PERM],
    /// The sorted, distinct shingle hashes whose top `shift` bits are zero.
    pub(crate) shingles: Box<[u32]>,
    /// Distinct shingles in the whole body.
    pub(crate) n: u32,
    pub(crate) shift: u8,
}

impl Sketch {
    /// Sketches a body with the shingle size of `config`.
    pub fn new(text: &str, config: &Config) -> Sketch {
        let (mut shingles, lead) = minhash::shingles_and_lead(text, config.shingle_words);
        let sig = minhash::signature(&shingles);
        let n = shingles.len();
        // The largest shift that still leaves about VERIFY_SAMPLE hashes.
        let shift = (n / VERIFY_SAMPLE).checked_ilog2().unwrap_or(0).min(31) as u8;
        shingles.truncate(shingles.partition_point(|&h| h <= u32::MAX >> shift));
        Sketch { sig, lead, shingles: shingles.into_boxed_slice(), n: n as u32, shift }
    }

    /// True for a body with no words: it is nobody's copy.
    pub fn is_empty(&self) -> bool {
        self.n == 0
    }

    /// The LSH bucket keys of this sketch, one per band (body bands, then
    /// lead bands); two sketches sharing any key are candidate copies. Empty
    /// for an empty body. Deterministic: the same text and shingle size give
    /// the same keys in every run and process.
    pub fn band_keys(&self) -> Vec<u64> {
        if self.is_empty() {
            return Vec::new();
        }
        (0..group::ALL_BANDS).map(|b| group::sketch_band_key(self, b)).collect()
    }

    /// The similarity that decides copies: Jaccard of the shingle sets, or
    /// containment when the smaller one has at least
    /// [`Config::min_contained`] shingles, whichever is larger. Exact when
    /// both bodies have fewer than 2 × [`VERIFY_SAMPLE`] distinct shingles;
    /// otherwise computed on the hashes below a bound both samples keep in
    /// full (the same hashes for both: a consistent sample of at least about
    /// [`VERIFY_SAMPLE`] of the larger body's shingles).
    pub fn similarity(&self, other: &Sketch, config: &Config) -> f64 {
        group::similarity(config, self, other)
    }
}

/// What is kept of an article: no text.
pub(crate) struct Entry {
    pub id: String,
    pub published: Option<i64>,
    pub len: usize,
    pub sketch: Sketch,
}

/// A near-duplicate detector: add articles (in any order), then [`Dedup::finish`].
pub struct Dedup {
    config: Config,
    entries: Vec<Entry>,
}

impl Dedup {
    pub fn new(config: Config) -> Result<Self, DedupError> {
        config.check()?;
        Ok(Dedup { config, entries: Vec::new() })
    }

    /// Articles added so far.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// Sketches a batch on all cores and keeps the sketches, in order.
    pub fn add_batch(&mut self, docs: &[Doc<'_>]) {
        let config = &self.config;
        let sketched: Vec<Entry> = docs.par_iter().map(|d| sketch(d, config)).collect();
        self.entries.extend(sketched);
    }

    /// Sketches one article.
    pub fn add(&mut self, doc: Doc<'_>) {
        self.entries.push(sketch(&doc, &self.config));
    }

    /// Groups everything added: one [`Assignment`] per article, in the order added.
    pub fn finish(self) -> Vec<Assignment> {
        let canon = group::canonicals(&self.config, &self.entries);
        canon.into_par_iter().enumerate().map(|(i, c)| group::assignment(&self.entries, i, c)).collect()
    }

    /// [`Dedup::finish`], handing each [`Assignment`] to `f` in the order
    /// added instead of collecting them (three strings an article), so that
    /// a large run writes its output without holding it; stops at the first
    /// error of `f`.
    pub fn finish_each<E>(self, mut f: impl FnMut(Assignment) -> Result<(), E>) -> Result<(), E> {
        let canon = group::canonicals(&self.config, &self.entries);
        for (i, c) in canon.into_iter().enumerate() {
            f(group::assignment(&self.entries, i, c))?;
        }
        Ok(())
    }
}

fn sketch(d: &Doc<'_>, config: &Config) -> Entry {
    Entry { id: d.id.to_owned(), published: d.published, len: d.text.len(), sketch: Sketch::new(d.text, config) }
}

/// Groups a slice of articles in one call.
pub fn dedup(docs: &[Doc<'_>], config: Config) -> Result<Vec<Assignment>, DedupError> {
    let mut d = Dedup::new(config)?;
    d.add_batch(docs);
    Ok(d.finish())
}
