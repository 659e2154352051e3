//! The lexical/semantic blend behind "similar articles".

use std::collections::HashMap;
use std::hash::Hash;

/// Weight of the normalised lexical score in the blend. Chosen by a sweep on
/// clustering-dev (ECB+): 0.2 and 0.3 tie (P@5 0.943, MRR@5 0.984); 0.3 sits
/// in the middle of the flat 0.2-0.4 plateau (eval/results/similar.md).
pub const BLEND_W: f32 = 0.3;

/// Candidates taken from each of the lexical and semantic rankings.
pub const CANDIDATES: usize = 50;

/// Blends a lexical ranking (`(key, BM25 score)`, best first, as
/// `ArticleIndex::similar` gives it) with a semantic one (keys, nearest
/// first). The candidates are the union of both lists; each scores
///
/// `final = w * lexical_norm + (1 - w) * cosine`
///
/// where `lexical_norm` is its BM25 score over the list's top score (0 when
/// it is not in the lexical list, or the top score is not positive) and
/// `cosine` is what `cosine(key)` says (0 for `None`: no vector). Returns
/// every candidate, best first; ties go to the smaller key, so the order is
/// deterministic. Pass at most [`CANDIDATES`] of each, and [`BLEND_W`] as `w`.
pub fn blend<K>(
    lexical: &[(K, f32)],
    semantic: &[K],
    mut cosine: impl FnMut(&K) -> Option<f32>,
    w: f32,
) -> Vec<(K, f32)>
where
    K: Clone + Ord + Hash,
{
    let top = lexical.first().map_or(0.0, |h| h.1);
    let lex: HashMap<&K, f32> = lexical.iter().map(|(k, s)| (k, if top > 0.0 { s / top } else { 0.0 })).collect();
    let mut candidates: Vec<&K> = lexical.iter().map(|(k, _)| k).chain(semantic).collect();
    candidates.sort_unstable();
    candidates.dedup();
    let mut scored: Vec<(K, f32)> = candidates
        .into_iter()
        .map(|k| {
            let l = lex.get(k).copied().unwrap_or(0.0);
            (k.clone(), w * l + (1.0 - w) * cosine(k).unwrap_or(0.0))
        })
        .collect();
    scored.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    scored
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn union_scored_by_the_formula() {
        let lexical = [("a", 10.0), ("b", 5.0)];
        let semantic = ["c", "b"];
        let cos = |k: &&str| match *k {
            "a" => Some(0.1),
            "b" => Some(0.8),
            "c" => Some(0.9),
            _ => None,
        };
        let out = blend(&lexical, &semantic, cos, 0.3);
        let keys: Vec<&str> = out.iter().map(|(k, _)| *k).collect();
        assert_eq!(keys, ["b", "c", "a"]);
        let b = 0.3 * 0.5 + 0.7 * 0.8;
        assert!((out[0].1 - b).abs() < 1e-6);
        assert!((out[1].1 - 0.7 * 0.9).abs() < 1e-6, "not lexical: lexical_norm 0");
        assert!((out[2].1 - (0.3 + 0.7 * 0.1)).abs() < 1e-6);
    }

    #[test]
    fn w_one_is_lexical_and_w_zero_is_semantic() {
        let lexical = [(1, 3.0), (2, 2.0), (3, 1.0)];
        let semantic = [3, 2, 1];
        let cos = |k: &i32| Some(*k as f32 / 10.0);
        let keys = |w| blend(&lexical, &semantic, cos, w).into_iter().map(|(k, _)| k).collect::<Vec<_>>();
        assert_eq!(keys(1.0), [1, 2, 3]);
        assert_eq!(keys(0.0), [3, 2, 1]);
    }

    #[test]
    fn missing_vectors_and_zero_scores_are_safe() {
        let out = blend(&[("x", 0.0)], &[], |_| None, BLEND_W);
        assert_eq!(out, [("x", 0.0)]);
        assert!(blend::<&str>(&[], &[], |_| None, BLEND_W).is_empty());
    }
}
