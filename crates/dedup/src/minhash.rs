//! Word shingles, their hashes and MinHash signatures.

use crate::normalize::words;

/// Number of hash functions in a signature (= [`BANDS`] × [`ROWS`]).
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
/// `a_i` odd: the body signature's functions, then the lead signature's.
fn family() -> &'static [(u64, u64); NUM_PERM + LEAD_PERM] {
    static FAMILY: std::sync::LazyLock<[(u64, u64); NUM_PERM + LEAD_PERM]> = std::sync::LazyLock::new(|| {
        let mut s = SEED;
        std::array::from_fn(|_| (splitmix(&mut s) | 1, splitmix(&mut s)))
    });
    &FAMILY
}

/// A stable 64-bit hash of a word (FNV-1a, then mixed).
fn word_hash(w: &str) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in w.bytes() {
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
pub fn shingles_and_lead(text: &str, k: usize) -> (Vec<u32>, [u32; LEAD_PERM]) {
    let hashes: Vec<u64> = words(text).iter().map(|w| word_hash(w)).collect();
    let mut out: Vec<u32> = if hashes.is_empty() {
        Vec::new()
    } else if hashes.len() < k {
        vec![combine(&hashes)]
    } else {
        hashes.windows(k).map(combine).collect()
    };
    let lead = min_hashes::<LEAD_PERM>(&out[..out.len().min(LEAD_SHINGLES)], &family()[NUM_PERM..]);
    out.sort_unstable();
    out.dedup();
    (out, lead)
}

fn combine(ws: &[u64]) -> u32 {
    let h = ws.iter().fold(0x243f_6a88_85a3_08d3u64, |acc, &w| mix(acc.rotate_left(17) ^ w));
    (h >> 32) as u32
}

/// The MinHash signature of a shingle set: for each hash function the least
/// value it takes over the set (high 32 bits kept). An empty set gives all `u32::MAX`.
pub fn signature(shingles: &[u32]) -> Box<[u32; NUM_PERM]> {
    Box::new(min_hashes::<NUM_PERM>(shingles, &family()[..NUM_PERM]))
}

fn min_hashes<const N: usize>(shingles: &[u32], fam: &[(u64, u64)]) -> [u32; N] {
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
    std::array::from_fn(|i| (sig[i] >> 32) as u32)
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
