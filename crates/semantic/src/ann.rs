//! Approximate nearest neighbours: an HNSW graph (the `instant-distance`
//! crate) over unit vectors, saved to and loaded from one file.

use std::io::Write;
use std::path::Path;

use instant_distance::{Builder, HnswMap, Search};
use serde::{Deserialize, Serialize};

use crate::error::{Result, SemanticError};
use crate::flat::{dot, normalised};

/// `ef` at build time (candidate list while linking a point).
pub const EF_CONSTRUCTION: usize = 100;
/// `ef` at search time: how many candidates a query keeps, so also the most
/// neighbours one query can return.
pub const EF_SEARCH: usize = 100;

/// A unit vector; the distance is `1 - cosine`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Unit(pub Vec<f32>);

impl instant_distance::Point for Unit {
    fn distance(&self, other: &Self) -> f32 {
        1.0 - dot(&self.0, &other.0)
    }
}

/// Tags the file format; bump when the layout changes.
const MAGIC: &[u8; 8] = b"NDHNSW01";

/// An HNSW graph over article vectors.
#[derive(Serialize, Deserialize)]
pub struct Ann {
    dim: usize,
    map: HnswMap<Unit, String>,
}

impl std::fmt::Debug for Ann {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Ann").field("dim", &self.dim).field("len", &self.len()).finish()
    }
}

impl Ann {
    /// Builds the graph (on all cores) over `(id, vector)` pairs, all of one
    /// length; vectors are normalised first. `seed` fixes the layer draw, so
    /// a build is reproducible.
    pub fn build(items: Vec<(String, Vec<f32>)>, seed: u64) -> Result<Ann> {
        let dim = items.first().map_or(0, |i| i.1.len());
        if let Some((id, v)) = items.iter().find(|(_, v)| v.len() != dim) {
            return Err(SemanticError::Dimension { id: id.clone(), expected: dim, found: v.len() });
        }
        let (ids, points): (Vec<String>, Vec<Unit>) =
            items.into_iter().map(|(id, v)| (id, Unit(normalised(&v)))).unzip();
        let map =
            Builder::default().ef_construction(EF_CONSTRUCTION).ef_search(EF_SEARCH).seed(seed).build(points, ids);
        Ok(Ann { dim, map })
    }

    pub fn len(&self) -> usize {
        self.map.values.len()
    }

    pub fn is_empty(&self) -> bool {
        self.map.values.is_empty()
    }

    pub fn dim(&self) -> usize {
        self.dim
    }

    /// Every `(id, unit vector)` in the graph.
    pub fn points(&self) -> impl Iterator<Item = (&str, &[f32])> {
        // `values` is in point order (HnswMap sorts it so).
        self.map.iter().zip(&self.map.values).map(|((_, p), id)| (id.as_str(), p.0.as_slice()))
    }

    /// Up to `k` (at most [`EF_SEARCH`]) approximate nearest neighbours of
    /// `query` as `(id, cosine)`, best first, leaving out those `skip` rejects.
    pub fn nearest(&self, query: &[f32], k: usize, skip: impl Fn(&str) -> bool) -> Vec<(String, f32)> {
        if query.len() != self.dim || self.is_empty() {
            return Vec::new();
        }
        let q = Unit(normalised(query));
        let mut search = Search::default();
        self.map
            .search(&q, &mut search)
            .filter(|item| !skip(item.value))
            .take(k)
            .map(|item| (item.value.clone(), 1.0 - item.distance))
            .collect()
    }

    /// Writes the graph to `path` through a temporary file and a rename, so
    /// a crash leaves the previous file or the new one, never half of one.
    pub fn save(&self, path: &Path) -> Result<()> {
        let io = |source| SemanticError::Io { path: path.to_path_buf(), source };
        let bytes = postcard::to_stdvec(self)
            .map_err(|e| SemanticError::Snapshot { path: path.to_path_buf(), message: format!("encoding: {e}") })?;
        let tmp = path.with_extension("tmp");
        let mut f = std::fs::File::create(&tmp).map_err(io)?;
        f.write_all(MAGIC).and_then(|_| f.write_all(&bytes)).and_then(|_| f.sync_all()).map_err(io)?;
        std::fs::rename(&tmp, path).map_err(io)
    }

    /// Reads a graph written by [`Ann::save`].
    pub fn load(path: &Path) -> Result<Ann> {
        let bytes = std::fs::read(path).map_err(|source| SemanticError::Io { path: path.to_path_buf(), source })?;
        let bad = |message: String| SemanticError::Snapshot { path: path.to_path_buf(), message };
        let body = bytes.strip_prefix(MAGIC.as_slice()).ok_or_else(|| bad("not a newsdesk HNSW file".into()))?;
        postcard::from_bytes(body).map_err(|e| bad(format!("decoding: {e}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_neighbours_and_survives_a_round_trip() {
        let items: Vec<(String, Vec<f32>)> = (0..200)
            .map(|i| {
                let a = i as f32 * 0.031;
                (format!("p{i}"), vec![a.cos(), a.sin(), 0.1])
            })
            .collect();
        let ann = Ann::build(items, 7).unwrap();
        let q = [(1.56f32).cos(), (1.56f32).sin(), 0.1];
        let got = ann.nearest(&q, 3, |id| id == "p50");
        assert_eq!(got.iter().map(|g| g.0.as_str()).collect::<Vec<_>>(), ["p51", "p49", "p52"]);
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("g.hnsw");
        ann.save(&path).unwrap();
        let back = Ann::load(&path).unwrap();
        assert_eq!(back.nearest(&q, 3, |id| id == "p50"), got);
        std::fs::write(&path, b"garbage").unwrap();
        assert!(matches!(Ann::load(&path), Err(SemanticError::Snapshot { .. })));
    }

    #[test]
    fn mixed_lengths_are_refused() {
        let items = vec![("a".to_string(), vec![1.0, 0.0]), ("b".to_string(), vec![1.0])];
        assert!(matches!(Ann::build(items, 1), Err(SemanticError::Dimension { .. })));
    }
}
