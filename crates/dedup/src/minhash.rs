//! Word shingles, their hashes and MinHash signatures.

use crate::normalize::for_each_word;

/// Values in the body signature, one per one-permutation bin (= [`BANDS`] × [`ROWS`]).
pub const NUM_PERM: usize = BANDS * ROWS;
/// LSH bands.
pub const BANDS: usize = 42;
/// Signature rows per band.
pub const ROWS: usize = 3;
/// Leading shingles (in text order) summarised by the lead signature.
pub const LEAD_SHINGLES: usize = 24;
/// LSH bands over the lead signature.
pub const LEAD_BANDS: usize = 6;
/// Lead-signature rows per band.
pub const LEAD_ROWS: usize = 4;
/// Hash functions in the lead signature.
pub const LEAD_PERM: usize = LEAD_BANDS * LEAD_ROWS;
/// The seed of the hash family: fixed so that signatures are stable across runs.
const SEED: u64 = 0x6e65_7773_6465_736b; // "newsdesk"

fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9e37_79b9_7f4a_7c15);
    mix(*state)
}

/// The splitmix64 finaliser: a bijection of `u64` with full avalanche.
fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The fixed `(a, b)` pairs of the family `h_i(x) = a_i·x + b_i (mod 2^64)`,
/// `a_i` odd: the lead signature's functions.
fn family() -> &'static [(u64, u64); LEAD_PERM] {
    static FAMILY: std::sync::LazyLock<[(u64, u64); LEAD_PERM]> = std::sync::LazyLock::new(|| {
        let mut s = SEED;
        std::array::from_fn(|_| (splitmix(&mut s) | 1, splitmix(&mut s)))
    });
    &FAMILY
}

/// A stable 64-bit hash of a word (FNV-1a, then mixed).
fn word_hash(w: &[u8]) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for &b in w {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    mix(h)
}

/// The sorted, distinct 32-bit hashes of the `k`-word shingles of a body. A
/// body shorter than `k` words (but not empty) is one shingle.
#[cfg(test)]
pub fn shingles(text: &str, k: usize) -> Vec<u32> {
    shingles_and_lead(text, k).0
}

/// [`shingles`], and the MinHash signature of the first [`LEAD_SHINGLES`]
/// shingles in text order: the part a shortened version keeps.
pub fn shingles_and_lead(text: &str, k: usize) -> (Vec<u32>, [u16; LEAD_PERM]) {
    let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 5);
    for_each_word(text, |w| hashes.push(word_hash(w)));
    let mut out: Vec<u32> = if hashes.is_empty() {
        Vec::new()
    } else if hashes.len() < k {
        vec![combine(&hashes)]
    } else {
        hashes.windows(k).map(combine).collect()
    };
    let lead = min_hashes::<LEAD_PERM>(&out[..out.len().min(LEAD_SHINGLES)], &family()[..]);
    out.sort_unstable();
    out.dedup();
    (out, lead)
}

fn combine(ws: &[u64]) -> u32 {
    let h = ws.iter().fold(0x243f_6a88_85a3_08d3u64, |acc, &w| mix(acc.rotate_left(17) ^ w));
    (h >> 32) as u32
}

/// Seeds of the one-permutation hash and of the densification probes.
const OPH_SEED: u64 = 0x6f6e_6570_6572_6d31; // "oneperm1"
const PROBE_SEED: u64 = 0x6465_6e73_6966_7931; // "densify1"

/// The body signature of a shingle set by one-permutation hashing with
/// optimal densification (Shrivastava, ICML 2017): each shingle is hashed
/// once, the hash's high bits pick one of [`NUM_PERM`] bins and its low bits
/// compete for that bin's minimum; an empty bin borrows the value of the
/// first non-empty bin on its own fixed probe sequence, which keeps the
/// chance that two sets agree on a bin equal to their Jaccard similarity.
/// This replaces [`NUM_PERM`] hash functions per shingle (k-permutation
/// MinHash) with one. Values are kept to 16 bits: two different minima
/// agree by chance with probability 2^-16 per row, 2^-48 per band.
/// An empty set gives all `u16::MAX`.
pub fn signature(shingles: &[u32]) -> [u16; NUM_PERM] {
    let mut sig = [u32::MAX; NUM_PERM];
    let mut filled: u128 = 0;
    const _: () = assert!(NUM_PERM <= 128);
    for &s in shingles {
        let x = mix(u64::from(s) ^ OPH_SEED);
        let bin = (((x >> 32) * NUM_PERM as u64) >> 32) as usize;
        let v = x as u32;
        filled |= 1 << bin;
        if v < sig[bin] {
            sig[bin] = v;
        }
    }
    if filled != 0 && filled.count_ones() as usize != NUM_PERM {
        for i in 0..NUM_PERM {
            if filled & (1 << i) != 0 {
                continue;
            }
            for attempt in 1u64.. {
                let p = mix(PROBE_SEED ^ ((i as u64) << 32 | attempt));
                let j = (((p >> 32) * NUM_PERM as u64) >> 32) as usize;
                if filled & (1 << j) != 0 {
                    sig[i] = sig[j];
                    break;
                }
            }
        }
    }
    std::array::from_fn(|i| (sig[i] >> 16) as u16)
}

/// k-permutation MinHash: for each hash function the least value it takes
/// over the set (high 16 bits kept). Used for the lead, whose 24 shingles
/// are too few for one-permutation bins.
fn min_hashes<const N: usize>(shingles: &[u32], fam: &[(u64, u64)]) -> [u16; N] {
    let mut sig = [u64::MAX; N];
    for &s in shingles {
        let x = mix(u64::from(s));
        for (m, &(a, b)) in sig.iter_mut().zip(fam.iter()) {
            let v = a.wrapping_mul(x).wrapping_add(b);
            if v < *m {
                *m = v;
            }
        }
    }
    std::array::from_fn(|i| (sig[i] >> 48) as u16)
}

/// `|A∩B|` of two sorted, distinct sets.
pub fn intersection(a: &[u32], b: &[u32]) -> usize {
    let (mut i, mut j, mut n) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                n += 1;
                i += 1;
                j += 1;
            }
        }
    }
    n
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn signature_agreement_estimates_jaccard() {
        let a: Vec<u32> = (0..1000u32).map(|i| (mix(u64::from(i)) >> 32) as u32).collect();
        let mut a = a;
        a.sort_unstable();
        let mut b: Vec<u32> = a[..600].to_vec();
        b.extend((5000..5400u32).map(|i| (mix(u64::from(i)) >> 32) as u32));
        b.sort_unstable();
        let j = intersection(&a, &b) as f64 / (a.len() + b.len() - intersection(&a, &b)) as f64;
        let (sa, sb) = (signature(&a), signature(&b));
        let est = sa.iter().zip(sb.iter()).filter(|(x, y)| x == y).count() as f64 / NUM_PERM as f64;
        assert!((est - j).abs() < 0.12, "estimate {est} vs exact {j}");
    }

    #[test]
    fn short_and_empty_texts() {
        assert!(shingles("", 5).is_empty());
        assert!(shingles(" \n ", 5).is_empty());
        assert_eq!(shingles("one two", 5).len(), 1);
        assert_eq!(shingles("a b c d e f", 5).len(), 2);
    }
}
