//! Candidate pairs from LSH bands, exact verification, union-find groups.

use std::cmp::Ordering;

use rayon::prelude::*;
use serde::Serialize;

use crate::minhash::{intersection, BANDS, LEAD_BANDS, LEAD_ROWS, ROWS};
use crate::{Config, Entry, Sketch};

/// Buckets bigger than this are not paired all-to-all: each member is paired
/// with the bucket's first member and its neighbour (union-find still joins
/// them), which keeps a wire story with thousands of copies linear.
const FULL_BUCKET: usize = 64;

/// The verdict for one article.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Assignment {
    pub id: String,
    /// The group's name: the canonical member's id.
    pub group: String,
    /// True for the earliest-published member (and for an article with no copy).
    pub canonical: bool,
    /// The canonical member's id, for the other members.
    pub copy_of: Option<String>,
    /// Similarity to the canonical member (1 for the canonical itself).
    pub similarity: f64,
}

/// Exact similarity of two shingle sets: the larger of Jaccard and, when the
/// smaller set is big enough, containment.
pub(crate) fn similarity(config: &Config, a: &[u32], b: &[u32]) -> f64 {
    if a.is_empty() || b.is_empty() {
        return 0.0;
    }
    let inter = intersection(a, b) as f64;
    let union = (a.len() + b.len()) as f64 - inter;
    let jaccard = inter / union;
    let small = a.len().min(b.len());
    if small >= config.min_contained {
        jaccard.max(inter / small as f64)
    } else {
        jaccard
    }
}

fn band_key(sig: &[u32]) -> u64 {
    sig.iter().fold(0xcbf2_9ce4_8422_2325u64, |h, &v| (h ^ u64::from(v)).wrapping_mul(0x0100_0000_01b3).rotate_left(23))
}

/// The key of band `band` of a sketch: bands `0..BANDS` cut the body
/// signature, the [`LEAD_BANDS`] after them the lead signature.
pub(crate) fn sketch_band_key(e: &Sketch, band: usize) -> u64 {
    if band < BANDS {
        band_key(&e.sig[band * ROWS..(band + 1) * ROWS])
    } else {
        let b = band - BANDS;
        band_key(&e.lead[b * LEAD_ROWS..(b + 1) * LEAD_ROWS])
    }
}

/// All bands, body and lead.
pub(crate) const ALL_BANDS: usize = BANDS + LEAD_BANDS;

fn candidates(entries: &[Entry]) -> Vec<(u32, u32)> {
    let mut pairs: Vec<(u32, u32)> = (0..ALL_BANDS)
        .into_par_iter()
        .flat_map_iter(|band| {
            let mut keys: Vec<(u64, u32)> = entries
                .iter()
                .enumerate()
                .filter(|(_, e)| !e.sketch.is_empty())
                .map(|(i, e)| (sketch_band_key(&e.sketch, band), i as u32))
                .collect();
            keys.sort_unstable();
            let mut out = Vec::new();
            for bucket in keys.chunk_by(|x, y| x.0 == y.0) {
                if bucket.len() <= FULL_BUCKET {
                    for (i, x) in bucket.iter().enumerate() {
                        for y in &bucket[i + 1..] {
                            out.push((x.1, y.1));
                        }
                    }
                } else {
                    for (i, x) in bucket.iter().enumerate().skip(1) {
                        out.push((bucket[0].1, x.1));
                        out.push((bucket[i - 1].1, x.1));
                    }
                }
            }
            out
        })
        .collect();
    pairs.par_sort_unstable();
    pairs.dedup();
    pairs
}

struct UnionFind(Vec<u32>);

impl UnionFind {
    fn find(&mut self, mut x: u32) -> u32 {
        while self.0[x as usize] != x {
            let p = self.0[x as usize];
            self.0[x as usize] = self.0[p as usize];
            x = p;
        }
        x
    }

    fn union(&mut self, a: u32, b: u32) {
        let (ra, rb) = (self.find(a), self.find(b));
        if ra != rb {
            self.0[ra.max(rb) as usize] = ra.min(rb);
        }
    }
}

/// Earlier first: dated before undated, then the longest text, then the smallest id.
fn precedes(a: &Entry, b: &Entry) -> bool {
    let by_date = match (a.published, b.published) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    };
    by_date.then(b.len.cmp(&a.len)).then(a.id.cmp(&b.id)) == Ordering::Less
}

pub(crate) fn assign(config: &Config, entries: &[Entry]) -> Vec<Assignment> {
    let accepted: Vec<(u32, u32)> = candidates(entries)
        .into_par_iter()
        .filter(|&(a, b)| {
            entries[a as usize].sketch.similarity(&entries[b as usize].sketch, config) >= config.threshold
        })
        .collect();
    let mut uf = UnionFind((0..entries.len() as u32).collect());
    for (a, b) in accepted {
        uf.union(a, b);
    }
    let roots: Vec<u32> = (0..entries.len() as u32).map(|i| uf.find(i)).collect();
    // The canonical member of each root's group.
    let mut canon: Vec<u32> = (0..entries.len() as u32).collect();
    for (i, &r) in roots.iter().enumerate() {
        let c = canon[r as usize];
        if precedes(&entries[i], &entries[c as usize]) {
            canon[r as usize] = i as u32;
        }
    }
    (0..entries.len())
        .into_par_iter()
        .map(|i| {
            let c = canon[roots[i] as usize] as usize;
            let (e, ce) = (&entries[i], &entries[c]);
            let is_canon = c == i;
            Assignment {
                id: e.id.clone(),
                group: ce.id.clone(),
                canonical: is_canon,
                copy_of: (!is_canon).then(|| ce.id.clone()),
                similarity: if is_canon { 1.0 } else { e.sketch.similarity(&ce.sketch, config) },
            }
        })
        .collect()
}
