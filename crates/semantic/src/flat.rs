//! Exact nearest neighbours by brute force over vectors held in memory.

/// Unit-length vectors in one flat array, searched exhaustively. At 50,000
/// vectors of 384 floats a query is a few milliseconds on one core.
#[derive(Debug, Clone, Default)]
pub struct Flat {
    ids: Vec<String>,
    data: Vec<f32>,
    dim: usize,
}

/// `v` scaled to unit length (left as is when all zeros).
pub fn normalised(v: &[f32]) -> Vec<f32> {
    let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter().map(|x| x / norm).collect()
    } else {
        v.to_vec()
    }
}

pub(crate) fn dot(a: &[f32], b: &[f32]) -> f32 {
    // Eight independent sums let the compiler vectorise the loop.
    let mut acc = [0f32; 8];
    let (ca, cb) = (a.chunks_exact(8), b.chunks_exact(8));
    let tail: f32 = ca.remainder().iter().zip(cb.remainder()).map(|(x, y)| x * y).sum();
    for (x, y) in ca.zip(cb) {
        for i in 0..8 {
            acc[i] += x[i] * y[i];
        }
    }
    acc.iter().sum::<f32>() + tail
}

impl Flat {
    pub fn new() -> Flat {
        Flat::default()
    }

    /// Adds a vector (normalised here). Vectors of another length than the
    /// first one are refused: returns false.
    pub fn push(&mut self, id: &str, v: &[f32]) -> bool {
        if self.ids.is_empty() {
            self.dim = v.len();
        } else if v.len() != self.dim {
            return false;
        }
        self.ids.push(id.to_string());
        self.data.extend(normalised(v));
        true
    }

    pub fn len(&self) -> usize {
        self.ids.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// The vectors, as `(id, unit vector)`.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[f32])> {
        self.ids.iter().map(String::as_str).zip(self.data.chunks_exact(self.dim.max(1)))
    }

    /// The `k` vectors most similar to `query` (cosine, best first; ties by
    /// insertion order), leaving out those `skip` rejects.
    pub fn nearest(&self, query: &[f32], k: usize, skip: impl Fn(&str) -> bool) -> Vec<(String, f32)> {
        if k == 0 || query.len() != self.dim || self.is_empty() {
            return Vec::new();
        }
        let q = normalised(query);
        let mut scored: Vec<(usize, f32)> = self
            .data
            .chunks_exact(self.dim)
            .enumerate()
            .filter(|(i, _)| !skip(&self.ids[*i]))
            .map(|(i, v)| (i, dot(&q, v)))
            .collect();
        let order = |a: &(usize, f32), b: &(usize, f32)| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0));
        if scored.len() > k {
            scored.select_nth_unstable_by(k - 1, order);
            scored.truncate(k);
        }
        scored.sort_by(order);
        scored.into_iter().map(|(i, s)| (self.ids[i].clone(), s)).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nearest_is_exact_and_skips() {
        let mut f = Flat::new();
        assert!(f.push("x", &[1.0, 0.0]));
        assert!(f.push("y", &[0.0, 3.0]));
        assert!(f.push("xy", &[1.0, 1.0]));
        assert!(!f.push("bad", &[1.0]));
        let got = f.nearest(&[2.0, 0.1], 2, |_| false);
        assert_eq!(got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(), ["x", "xy"]);
        assert!((got[1].1 - (2.1 / (2.0f32 * 4.01).sqrt())).abs() < 1e-5);
        let got = f.nearest(&[2.0, 0.1], 5, |id| id == "x");
        assert_eq!(got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(), ["xy", "y"]);
        assert!(f.nearest(&[1.0], 3, |_| false).is_empty(), "wrong length");
    }

    #[test]
    fn dot_matches_naive() {
        let a: Vec<f32> = (0..389).map(|i| (i as f32).sin()).collect();
        let b: Vec<f32> = (0..389).map(|i| (i as f32 * 0.7).cos()).collect();
        let naive: f32 = a.iter().zip(&b).map(|(x, y)| x * y).sum();
        assert!((dot(&a, &b) - naive).abs() < 1e-3);
    }
}
