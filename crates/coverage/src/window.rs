//! The recent articles a new one may be a copy of, by LSH bucket key.

use std::collections::{HashMap, VecDeque};

/// Generations the window is split into: the oldest is dropped whole, so
/// the window holds between 3/4 and all of its capacity.
const GENERATIONS: usize = 4;

/// An in-memory index from LSH bucket key to the last articles stored (at
/// most `capacity`): the candidate originals of a new article. Keys are
/// folded to 32 bits (a collision only adds a candidate, which is then
/// verified) and each key remembers only its latest holder, since copies
/// sharing a key are in one group already. About 400-550 bytes an article.
pub(crate) struct BucketWindow {
    capacity: usize,
    /// Keys of the generation being filled, to their latest slot.
    current: HashMap<u32, u32>,
    current_len: usize,
    /// Older generations, oldest first, with their article counts.
    frozen: VecDeque<(Frozen, usize)>,
    /// Ids of the slots still held, oldest first; `base` is the first's slot.
    ids: VecDeque<String>,
    base: u32,
}

fn fold(k: u64) -> u32 {
    (k ^ (k >> 32)) as u32
}

impl BucketWindow {
    pub fn new(capacity: usize) -> Self {
        BucketWindow {
            capacity: capacity.max(GENERATIONS),
            current: HashMap::new(),
            current_len: 0,
            frozen: VecDeque::new(),
            ids: VecDeque::new(),
            base: 0,
        }
    }

    #[cfg(test)]
    pub fn len(&self) -> usize {
        self.ids.len()
    }

    /// Adds an article as the newest.
    pub fn insert(&mut self, id: &str, keys: &[u64]) {
        if self.current_len >= self.capacity / GENERATIONS {
            self.rotate();
        }
        let slot = self.base.wrapping_add(self.ids.len() as u32);
        self.ids.push_back(id.to_owned());
        self.current_len += 1;
        for &k in keys {
            self.current.insert(fold(k), slot);
        }
    }

    fn rotate(&mut self) {
        let gen = Frozen::new(self.current.drain().collect());
        self.frozen.push_back((gen, self.current_len));
        self.current_len = 0;
        if self.frozen.len() >= GENERATIONS {
            if let Some((_, n)) = self.frozen.pop_front() {
                self.ids.drain(..n);
                self.base = self.base.wrapping_add(n as u32);
            }
        }
    }

    /// Ids of the held articles sharing at least one key, most keys shared
    /// first (ties: newest first), at most `limit`.
    pub fn candidates(&self, keys: &[u64], limit: usize) -> Vec<&str> {
        let mut hits: HashMap<u32, u32> = HashMap::new();
        for &k in keys {
            let k = fold(k);
            if let Some(&slot) = self.current.get(&k) {
                *hits.entry(slot).or_default() += 1;
            }
            for (gen, _) in &self.frozen {
                if let Some(slot) = gen.get(k) {
                    *hits.entry(slot).or_default() += 1;
                }
            }
        }
        let mut ranked: Vec<(u32, u32)> = hits.into_iter().collect();
        let age = |slot: u32| slot.wrapping_sub(self.base);
        ranked.sort_unstable_by(|a, b| b.1.cmp(&a.1).then(age(b.0).cmp(&age(a.0))));
        ranked
            .into_iter()
            .filter_map(|(slot, _)| self.ids.get(age(slot) as usize).map(String::as_str))
            .take(limit)
            .collect()
    }
}

/// A generation's (key, slot) pairs sorted by key, with the start of each
/// run of keys sharing their top 16 bits: a lookup searches a few dozen
/// neighbouring entries, not the whole array (a cache miss per step).
struct Frozen {
    pairs: Vec<(u32, u32)>,
    starts: Vec<u32>,
}

impl Frozen {
    fn new(mut pairs: Vec<(u32, u32)>) -> Frozen {
        pairs.sort_unstable();
        pairs.shrink_to_fit();
        let mut starts = vec![0u32; (1 << 16) + 1];
        for &(k, _) in &pairs {
            starts[(k >> 16) as usize + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        Frozen { pairs, starts }
    }

    fn get(&self, k: u32) -> Option<u32> {
        let top = (k >> 16) as usize;
        let run = &self.pairs[self.starts[top] as usize..self.starts[top + 1] as usize];
        let at = run.partition_point(|&(g, _)| g < k);
        run.get(at).filter(|&&(g, _)| g == k).map(|&(_, slot)| slot)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_shared_keys_and_forgets_the_oldest_generation() {
        let mut w = BucketWindow::new(8);
        w.insert("a", &[1, 2, 3]);
        w.insert("b", &[3, 4]);
        assert_eq!(w.candidates(&[1, 2, 3], 10), ["a", "b"]);
        assert_eq!(w.candidates(&[4], 10), ["b"]);
        assert!(w.candidates(&[9], 10).is_empty());
        // Two a generation: the window keeps 6 to 8 articles.
        for i in 0..6 {
            w.insert(&format!("x{i}"), &[100 + i]);
        }
        assert_eq!(w.len(), 8);
        assert_eq!(w.candidates(&[1], 10), ["a"]);
        w.insert("y", &[200]);
        assert_eq!(w.len(), 7);
        assert!(w.candidates(&[1, 2], 10).is_empty(), "a's generation was dropped");
        assert_eq!(w.candidates(&[100, 105, 200], 2), ["y", "x5"]);
    }

    #[test]
    fn frozen_lookup_matches_a_linear_search() {
        let pairs: Vec<(u32, u32)> = (0..5000u32).map(|i| (i.wrapping_mul(2_654_435_761) ^ (i << 7), i)).collect();
        let f = Frozen::new(pairs.clone());
        for &(k, slot) in &pairs {
            assert_eq!(f.get(k), Some(slot));
        }
        assert_eq!(f.get(u32::MAX).is_some(), pairs.iter().any(|&(k, _)| k == u32::MAX));
        assert_eq!(Frozen::new(Vec::new()).get(7), None);
    }
}
