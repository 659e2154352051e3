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
    /// Older generations, oldest first, as (key, slot) sorted by key, with
    /// their article counts.
    frozen: VecDeque<(Vec<(u32, u32)>, usize)>,
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
        let mut gen: Vec<(u32, u32)> = self.current.drain().collect();
        gen.sort_unstable();
        gen.shrink_to_fit();
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
                let at = gen.partition_point(|&(g, _)| g < k);
                if let Some(&(g, slot)) = gen.get(at) {
                    if g == k {
                        *hits.entry(slot).or_default() += 1;
                    }
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
}
