//! The semantic neighbours of stored vectors: exact search for small
//! collections, an HNSW graph saved under `DATA/vectors/` for large ones,
//! kept in step with the store (which holds the vectors and stays the source
//! of truth: the graph can always be deleted and rebuilt).

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use chrono::{DateTime, TimeDelta, Utc};
use newsdesk_store::Store;
use serde::{Deserialize, Serialize};

use crate::ann::Ann;
use crate::error::{Result, SemanticError};
use crate::flat::{normalised, Flat};

/// Collections with at least this many current vectors are searched through
/// an HNSW graph; smaller ones exactly. Below it an exact search reads every
/// vector from the store (about 0.2 s at 20,000) and costs a few ms; above
/// it, reading them all for each query grows linearly while the graph's
/// query stays near a millisecond (bench/results/ann.md).
pub const ANN_THRESHOLD: u64 = 20_000;

/// The graph is rebuilt once the vectors stored since its build (searched
/// exactly meanwhile) exceed this share of it, or [`REBUILD_MIN`].
pub const REBUILD_FRACTION: f64 = 0.10;
pub const REBUILD_MIN: usize = 2_000;

/// Vectors stored this long before a graph's build started are read again
/// as new: a transaction stamps its rows when it starts, and may commit
/// after the build's scan began.
const OVERLAP: TimeDelta = TimeDelta::seconds(60);

/// The graph's layer draw is seeded, so a rebuild is reproducible.
const SEED: u64 = 0x6e65_7773_6465_736b;

#[derive(Debug, Serialize, Deserialize)]
struct Manifest {
    model: String,
    vectors: usize,
    /// When the scan the graph was built from started.
    built_from: DateTime<Utc>,
}

/// How a [`VectorSpace`] answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    /// Every vector compared (small collections).
    Exact,
    /// The HNSW graph, plus an exact pass over vectors stored since it was built.
    Hnsw,
}

/// What opening a space did, for the caller to report.
#[derive(Debug, Clone, Default)]
pub struct OpenReport {
    /// The graph was (re)built over this many vectors, taking this long.
    pub built: Option<(usize, Duration)>,
    /// Why a saved graph could not be used, if one could not.
    pub discarded: Option<String>,
}

/// Nearest stored vectors for one model.
#[derive(Debug)]
pub struct VectorSpace {
    ann: Option<Ann>,
    /// Every vector (exact method) or those newer than the graph.
    exact: Flat,
    newer: HashSet<String>,
}

fn files(dir: &Path, model: &str) -> (PathBuf, PathBuf) {
    let safe: String = model.chars().map(|c| if c.is_ascii_alphanumeric() || c == '-' { c } else { '_' }).collect();
    (dir.join(format!("{safe}.hnsw")), dir.join(format!("{safe}.json")))
}

fn scan_flat(store: &dyn Store, model: &str, since: Option<DateTime<Utc>>) -> Result<Flat> {
    let mut flat = Flat::new();
    let mut bad = None;
    store.scan_embeddings(model, since, &mut |id, v| {
        if !flat.push(id, &v) && bad.is_none() {
            bad = Some(SemanticError::Dimension { id: id.to_string(), expected: flat.dim(), found: v.len() });
        }
        Ok(())
    })?;
    bad.map_or(Ok(flat), Err)
}

/// Vectors stored since `since` that the graph lacks or holds another
/// vector for.
fn scan_newer(store: &dyn Store, model: &str, since: DateTime<Utc>, ann: &Ann) -> Result<Flat> {
    let in_graph: HashMap<&str, &[f32]> = ann.points().collect();
    let mut flat = Flat::new();
    let mut bad = None;
    store.scan_embeddings(model, Some(since), &mut |id, v| {
        let unit = normalised(&v);
        let same = in_graph
            .get(id)
            .is_some_and(|g| g.len() == unit.len() && g.iter().zip(&unit).all(|(a, b)| (a - b).abs() < 1e-6));
        if !same && !flat.push(id, &unit) && bad.is_none() {
            bad = Some(SemanticError::Dimension { id: id.to_string(), expected: flat.dim(), found: v.len() });
        }
        Ok(())
    })?;
    bad.map_or(Ok(flat), Err)
}

impl VectorSpace {
    /// Opens the vectors of `model` in `store`, with the graph (when there
    /// are [`ANN_THRESHOLD`] vectors or more) kept in `dir`: loaded, rebuilt
    /// when missing, unreadable, of another model or too far behind.
    pub fn open(dir: &Path, store: &dyn Store, model: &str) -> Result<(VectorSpace, OpenReport)> {
        Self::open_with(dir, store, model, ANN_THRESHOLD, false)
    }

    /// [`VectorSpace::open`] with another threshold, or a forced rebuild.
    pub fn open_with(
        dir: &Path,
        store: &dyn Store,
        model: &str,
        threshold: u64,
        rebuild: bool,
    ) -> Result<(VectorSpace, OpenReport)> {
        let mut report = OpenReport::default();
        if store.embedding_count(model)? < threshold {
            let space = VectorSpace { ann: None, exact: scan_flat(store, model, None)?, newer: HashSet::new() };
            return Ok((space, report));
        }
        let (graph, manifest) = files(dir, model);
        if !rebuild {
            match Self::load(&graph, &manifest, model) {
                Ok((ann, built_from)) => {
                    let exact = scan_newer(store, model, built_from - OVERLAP, &ann)?;
                    if exact.len() <= REBUILD_MIN.max((ann.len() as f64 * REBUILD_FRACTION) as usize) {
                        let newer = exact.iter().map(|(id, _)| id.to_string()).collect();
                        return Ok((VectorSpace { ann: Some(ann), exact, newer }, report));
                    }
                }
                Err(e) if graph.exists() => report.discarded = Some(e.to_string()),
                Err(_) => {}
            }
        }
        let started = Instant::now();
        let built_from = Utc::now();
        let mut items = Vec::new();
        store.scan_embeddings(model, None, &mut |id, v| {
            items.push((id.to_string(), v));
            Ok(())
        })?;
        let ann = Ann::build(items, SEED)?;
        std::fs::create_dir_all(dir).map_err(|source| SemanticError::Io { path: dir.to_path_buf(), source })?;
        ann.save(&graph)?;
        let m = Manifest { model: model.to_string(), vectors: ann.len(), built_from };
        let json = serde_json::to_vec_pretty(&m)
            .map_err(|e| SemanticError::Snapshot { path: manifest.clone(), message: e.to_string() })?;
        std::fs::write(&manifest, json).map_err(|source| SemanticError::Io { path: manifest.clone(), source })?;
        report.built = Some((ann.len(), started.elapsed()));
        Ok((VectorSpace { ann: Some(ann), exact: Flat::new(), newer: HashSet::new() }, report))
    }

    fn load(graph: &Path, manifest: &Path, model: &str) -> Result<(Ann, DateTime<Utc>)> {
        let bad = |message: String| SemanticError::Snapshot { path: manifest.to_path_buf(), message };
        let text =
            std::fs::read(manifest).map_err(|source| SemanticError::Io { path: manifest.to_path_buf(), source })?;
        let m: Manifest = serde_json::from_slice(&text).map_err(|e| bad(e.to_string()))?;
        if m.model != model {
            return Err(bad(format!("built for model {}, not {model}", m.model)));
        }
        let ann = Ann::load(graph)?;
        if ann.len() != m.vectors {
            return Err(bad(format!("graph holds {} vectors, manifest says {}", ann.len(), m.vectors)));
        }
        Ok((ann, m.built_from))
    }

    pub fn method(&self) -> Method {
        if self.ann.is_some() {
            Method::Hnsw
        } else {
            Method::Exact
        }
    }

    /// Vectors searchable (those in the graph plus the newer ones).
    pub fn len(&self) -> usize {
        self.ann.as_ref().map_or(0, |a| a.len()) + self.exact.len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// Up to `k` ids nearest to `query` with their cosine, best first,
    /// `exclude` (the query article) left out.
    pub fn nearest(&self, query: &[f32], k: usize, exclude: &str) -> Vec<(String, f32)> {
        let mut out = self.exact.nearest(query, k, |id| id == exclude);
        if let Some(ann) = &self.ann {
            // A graph entry with a newer vector is answered by `exact`.
            out.extend(ann.nearest(query, k, |id| id == exclude || self.newer.contains(id)));
            out.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            let mut seen = HashSet::new();
            out.retain(|(id, _)| seen.insert(id.clone()));
            out.truncate(k);
        }
        out
    }
}
