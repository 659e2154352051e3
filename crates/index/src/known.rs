//! [`KnownIds`]: which article ids the index may already hold, so that adding
//! a new article skips the delete an upsert would otherwise need.
//!
//! tantivy runs every delete term against every segment at each commit and
//! segment flush: on a bulk load of new articles that is a term lookup per
//! article per segment, most of the commit time, for deletes that can match
//! nothing. A Bloom filter over the committed ids (built lazily from the id
//! term dictionaries, about 1.2 bytes an id) answers "certainly absent" for
//! almost every new id; a "maybe" is confirmed against the index itself, so
//! the filter never decides an upsert wrongly, it only saves work.

use rustc_hash::{FxHashSet, FxHasher};
use std::hash::Hasher;

use tantivy::schema::Field;
use tantivy::{Searcher, Term};

/// Bits per expected id (with [`HASHES`] probes: about 1% false positives).
const BITS_PER_ID: usize = 10;
const HASHES: u64 = 7;
/// The filter is sized for at least this many ids.
const MIN_CAPACITY: usize = 1 << 16;

/// Committed ids (a Bloom filter) plus the exact ids added since the last
/// commit.
#[derive(Debug, Default)]
pub(crate) struct KnownIds {
    committed: Option<Bloom>,
    pending: FxHashSet<Box<str>>,
}

impl KnownIds {
    /// Whether adding `id` needs a delete first: it may be committed, or was
    /// added since the last commit. Records `id` as pending.
    pub(crate) fn needs_delete(&mut self, searcher: &Searcher, id_field: Field, id: &str) -> tantivy::Result<bool> {
        if !self.pending.insert(id.into()) {
            return Ok(true);
        }
        let bloom = match self.committed.take() {
            Some(bloom) if !bloom.overfull() => bloom,
            _ => Bloom::from_index(searcher, id_field)?,
        };
        let maybe = bloom.may_contain(id);
        self.committed = Some(bloom);
        Ok(maybe && searcher.doc_freq(&Term::from_field_text(id_field, id))? > 0)
    }

    /// The pending ids are committed now.
    pub(crate) fn committed(&mut self) {
        match &mut self.committed {
            Some(bloom) => self.pending.drain().for_each(|id| bloom.insert(&id)),
            None => self.pending.clear(),
        }
    }

    /// Everything was deleted: no id is known any more.
    pub(crate) fn cleared(&mut self) {
        self.committed = Some(Bloom::with_capacity(0));
        self.pending.clear();
    }
}

#[derive(Debug)]
struct Bloom {
    bits: Vec<u64>,
    /// Ids inserted, and how many the filter was sized for.
    len: usize,
    capacity: usize,
}

fn hash(id: &str) -> (u64, u64) {
    let mut h = FxHasher::default();
    h.write(id.as_bytes());
    let a = h.finish();
    // A second, independent-enough hash for double hashing.
    let b = a.rotate_left(32).wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (a, b)
}

impl Bloom {
    fn with_capacity(ids: usize) -> Bloom {
        let capacity = ids.max(MIN_CAPACITY);
        let words = (capacity * BITS_PER_ID).div_ceil(64);
        Bloom { bits: vec![0; words], len: 0, capacity }
    }

    /// Every id in the committed segments, room for as many again.
    fn from_index(searcher: &Searcher, id_field: Field) -> tantivy::Result<Bloom> {
        let docs = searcher.segment_readers().iter().map(|s| s.max_doc() as usize).sum::<usize>();
        let mut bloom = Bloom::with_capacity(docs * 2);
        for segment in searcher.segment_readers() {
            let inverted = segment.inverted_index(id_field)?;
            let mut terms = inverted.terms().stream()?;
            while terms.advance() {
                if let Ok(id) = std::str::from_utf8(terms.key()) {
                    bloom.insert(id);
                }
            }
        }
        Ok(bloom)
    }

    fn overfull(&self) -> bool {
        self.len > self.capacity
    }

    fn probes(&self, id: &str) -> impl Iterator<Item = usize> {
        let (a, b) = hash(id);
        let m = (self.bits.len() * 64) as u64;
        (0..HASHES).map(move |i| (a.wrapping_add(i.wrapping_mul(b)) % m) as usize)
    }

    fn insert(&mut self, id: &str) {
        let probes: Vec<usize> = self.probes(id).collect();
        for bit in probes {
            self.bits[bit / 64] |= 1 << (bit % 64);
        }
        self.len += 1;
    }

    fn may_contain(&self, id: &str) -> bool {
        self.probes(id).all(|bit| self.bits[bit / 64] & (1 << (bit % 64)) != 0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bloom_has_no_false_negatives_and_few_false_positives() {
        let mut b = Bloom::with_capacity(10_000);
        for i in 0..10_000 {
            b.insert(&format!("id-{i}"));
        }
        assert!((0..10_000).all(|i| b.may_contain(&format!("id-{i}"))));
        let false_positives = (0..10_000).filter(|i| b.may_contain(&format!("other-{i}"))).count();
        // Sized for 65,536 ids, 10,000 in it: far under 1%.
        assert!(false_positives < 100, "{false_positives} false positives");
    }
}
