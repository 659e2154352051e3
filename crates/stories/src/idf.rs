//! Document frequencies over the stream so far, in bounded memory: a
//! count-min sketch (two rows of 2^20 counters, 8 MiB) keyed by feature hash.
//! A collision can only raise a count, so a rare term may look a little
//! commoner than it is (a lower idf), never the reverse; with two rows the
//! minimum is exact for all but a tiny share of terms even with tens of
//! millions of distinct features.

const BITS: u32 = 20;

pub(crate) struct DocFreq {
    rows: [Box<[u32]>; 2],
    docs: u64,
}

impl DocFreq {
    pub fn new() -> Self {
        let n = 1usize << BITS;
        DocFreq { rows: [vec![0u32; n].into_boxed_slice(), vec![0u32; n].into_boxed_slice()], docs: 0 }
    }

    fn slots(h: u64) -> (usize, usize) {
        let mask = (1u64 << BITS) - 1;
        ((h & mask) as usize, ((h >> 32) & mask) as usize)
    }

    /// Counts one document holding the given (distinct) feature hashes.
    pub fn add_doc(&mut self, hashes: impl Iterator<Item = u64>) {
        self.docs += 1;
        for h in hashes {
            let (a, b) = Self::slots(h);
            self.rows[0][a] = self.rows[0][a].saturating_add(1);
            self.rows[1][b] = self.rows[1][b].saturating_add(1);
        }
    }

    pub fn df(&self, h: u64) -> u32 {
        let (a, b) = Self::slots(h);
        self.rows[0][a].min(self.rows[1][b])
    }

    /// Smoothed idf `ln(1 + N / df)`: never zero (a term in every document
    /// still counts a little), about `ln N` for a term seen once.
    pub fn idf(&self, h: u64) -> f32 {
        let df = self.df(h).max(1) as f64;
        (1.0 + self.docs.max(1) as f64 / df).ln() as f32
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_and_idf() {
        let mut d = DocFreq::new();
        d.add_doc([1u64, 2].into_iter());
        d.add_doc([1u64].into_iter());
        assert_eq!(d.df(1), 2);
        assert_eq!(d.df(2), 1);
        assert_eq!(d.df(3), 0);
        assert!(d.idf(2) > d.idf(1));
        assert!(d.idf(1) > 0.0);
    }
}
