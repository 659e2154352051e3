//! Candidate pairs from LSH bands, verification, union-find groups.

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

/// Similarity of two sketches: the larger of Jaccard and, when the smaller
/// body is big enough, containment, on the hashes both samples hold.
pub(crate) fn similarity(config: &Config, a: &Sketch, b: &Sketch) -> f64 {
    let (jaccard, containment) = overlap(config, a, b);
    jaccard.max(containment)
}

/// Jaccard and containment (0 when the smaller body is under
/// [`Config::min_contained`] shingles) of two sketches.
fn overlap(config: &Config, a: &Sketch, b: &Sketch) -> (f64, f64) {
    if a.is_empty() || b.is_empty() {
        return (0.0, 0.0);
    }
    let shift = a.shift.max(b.shift);
    let kept = |s: &Sketch| -> usize {
        if s.shift == shift {
            s.shingles.len()
        } else {
            s.shingles.partition_point(|&h| h <= u32::MAX >> shift)
        }
    };
    let (sa, sb) = (&a.shingles[..kept(a)], &b.shingles[..kept(b)]);
    if sa.is_empty() || sb.is_empty() {
        // No shingle of either falls below the common bound: no evidence of overlap.
        return (0.0, 0.0);
    }
    let inter = intersection(sa, sb) as f64;
    let jaccard = inter / ((sa.len() + sb.len()) as f64 - inter);
    if a.n.min(b.n) as usize >= config.min_contained {
        (jaccard, inter / sa.len().min(sb.len()) as f64)
    } else {
        (jaccard, 0.0)
    }
}

fn band_key(sig: &[u16]) -> u64 {
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

/// Earlier first: see [`crate::Doc::publication_order`].
fn precedes(a: &Entry, b: &Entry) -> bool {
    crate::publication_order((a.published, a.len, &a.id), (b.published, b.len, &b.id)) == Ordering::Less
}

/// Each article's canonical member (by index) and its similarity to it.
pub(crate) fn canonicals(config: &Config, entries: &[Entry]) -> Vec<(u32, f64)> {
    // (a, b, similarity, joined by containment alone)
    let accepted: Vec<(u32, u32, f64, bool)> = candidates(entries)
        .into_par_iter()
        .filter_map(|(a, b)| {
            let (j, c) = overlap(config, &entries[a as usize].sketch, &entries[b as usize].sketch);
            (j.max(c) >= config.threshold).then_some((a, b, j.max(c), j < config.threshold))
        })
        .collect();
    let mut uf = UnionFind((0..entries.len() as u32).collect());
    // A shorter text joined to a longer one by containment alone is a short
    // version of it, and a short version has one source: it joins only the
    // article it matches best (ties: the first added). Else a short version
    // of an article that shares a passage with another story (both quote the
    // same statement, say) would tie the two stories together.
    let mut best: Vec<Option<(f64, u32)>> = vec![None; entries.len()];
    let mut offer = |x: u32, y: u32, sim: f64| {
        let slot = &mut best[x as usize];
        let better = match *slot {
            None => true,
            Some((s, z)) => sim > s || (sim == s && y < z),
        };
        if better {
            *slot = Some((sim, y));
        }
    };
    for &(a, b, sim, _) in &accepted {
        offer(a, b, sim);
        offer(b, a, sim);
    }
    for &(a, b, sim, contained_only) in &accepted {
        if contained_only {
            let (na, nb) = (entries[a as usize].sketch.n, entries[b as usize].sketch.n);
            let (short, long) = if na < nb || (na == nb && a > b) { (a, b) } else { (b, a) };
            if best[short as usize] != Some((sim, long)) {
                continue;
            }
        }
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
            let c = canon[roots[i] as usize];
            let sim =
                if c as usize == i { 1.0 } else { entries[i].sketch.similarity(&entries[c as usize].sketch, config) };
            (c, sim)
        })
        .collect()
}

/// The verdict for article `i` whose canonical member is `c`.
pub(crate) fn assignment(entries: &[Entry], i: usize, (c, similarity): (u32, f64)) -> Assignment {
    let (e, ce) = (&entries[i], &entries[c as usize]);
    let is_canon = c as usize == i;
    Assignment {
        id: e.id.clone(),
        group: ce.id.clone(),
        canonical: is_canon,
        copy_of: (!is_canon).then(|| ce.id.clone()),
        similarity,
    }
}
