//! Sentence scores and the greedy choice of the summary.

use serde::{Deserialize, Serialize};

use crate::candidates::Candidate;
use crate::terms::Terms;

/// The few settings of the summarizer; the defaults were chosen on CNN
/// validation articles (see `eval/results/summary.md`).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryConfig {
    /// How fast the lead prior falls: the k-th eligible sentence (from 0)
    /// gets `1 / (1 + k / position_scale)`.
    pub position_scale: f64,
    /// Weight of the cosine between a sentence and the whole article.
    pub centrality_weight: f64,
    /// Weight of the cosine between a sentence and the title.
    pub title_weight: f64,
    /// Subtracted for each unit of cosine with an already chosen sentence.
    pub redundancy_weight: f64,
    /// Subtracted from sentences that open with a quotation mark.
    pub quote_penalty: f64,
    /// Subtracted from questions.
    pub question_penalty: f64,
    /// Sentences with fewer words (bylines, captions, fragments) are skipped.
    pub min_words: usize,
    /// Longer sentences (run-on lists, unsplit paragraphs) are skipped.
    pub max_words: usize,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig {
            position_scale: 1.0,
            centrality_weight: 0.5,
            title_weight: 0.3,
            redundancy_weight: 0.5,
            quote_penalty: 0.2,
            question_penalty: 0.2,
            min_words: 5,
            max_words: 80,
        }
    }
}

/// A sparse term vector: (term, weight) sorted by term, unit length.
type Vector = Vec<(u32, f32)>;

fn vector(mut terms: Vec<u32>) -> Vector {
    terms.sort_unstable();
    let mut out: Vector = Vec::with_capacity(terms.len());
    for t in terms {
        match out.last_mut() {
            Some((last, weight)) if *last == t => *weight += 1.0,
            _ => out.push((t, 1.0)),
        }
    }
    normalize(&mut out);
    out
}

fn normalize(v: &mut Vector) {
    let norm = v.iter().map(|(_, w)| w * w).sum::<f32>().sqrt();
    if norm > 0.0 {
        v.iter_mut().for_each(|(_, w)| *w /= norm);
    }
}

fn cosine(a: &Vector, b: &Vector) -> f32 {
    let (mut i, mut j, mut dot) = (0, 0, 0.0);
    while i < a.len() && j < b.len() {
        match a[i].0.cmp(&b[j].0) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                dot += a[i].1 * b[j].1;
                i += 1;
                j += 1;
            }
        }
    }
    dot
}

/// Indices into `candidates` of at most `count` sentences, in text order.
pub(crate) fn choose(
    config: &SummaryConfig,
    text: &str,
    candidates: &[Candidate],
    title: Option<&str>,
    lang: Option<&str>,
    count: usize,
) -> Vec<usize> {
    if count == 0 || candidates.is_empty() {
        return Vec::new();
    }
    let mut eligible: Vec<usize> = (0..candidates.len())
        .filter(|&i| {
            let c = &candidates[i];
            !c.boilerplate && (config.min_words..=config.max_words).contains(&c.words)
        })
        .collect();
    if eligible.is_empty() {
        // A short note or an odd layout: better any sentence than none.
        eligible = (0..candidates.len()).filter(|&i| !candidates[i].boilerplate).collect();
        if eligible.is_empty() {
            eligible = (0..candidates.len()).collect();
        }
    }
    let mut terms = Terms::new(lang);
    let mut buffer = Vec::new();
    let vectors: Vec<Vector> = eligible
        .iter()
        .map(|&i| {
            buffer.clear();
            terms.extract(&text[candidates[i].range.clone()], &mut buffer);
            vector(buffer.clone())
        })
        .collect();
    let document = {
        let mut dense = vec![0f32; terms.len()];
        for v in &vectors {
            for &(t, w) in v {
                dense[t as usize] += w;
            }
        }
        let mut sparse: Vector =
            dense.into_iter().enumerate().map(|(t, w)| (t as u32, w)).filter(|&(_, w)| w > 0.0).collect();
        normalize(&mut sparse);
        sparse
    };
    let title_vector = title.map(|t| {
        buffer.clear();
        terms.extract(t, &mut buffer);
        vector(buffer.clone())
    });
    let scores: Vec<f64> = eligible
        .iter()
        .enumerate()
        .map(|(k, &i)| {
            let c = &candidates[i];
            let mut score = 1.0 / (1.0 + k as f64 / config.position_scale.max(1e-6));
            score += config.centrality_weight * f64::from(cosine(&vectors[k], &document));
            if let Some(tv) = &title_vector {
                score += config.title_weight * f64::from(cosine(&vectors[k], tv));
            }
            if c.quote {
                score -= config.quote_penalty;
            }
            if c.question {
                score -= config.question_penalty;
            }
            score
        })
        .collect();
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    while chosen.len() < count.min(eligible.len()) {
        let best = (0..eligible.len())
            .filter(|k| !chosen.contains(k))
            .map(|k| {
                let overlap = chosen.iter().map(|&j| cosine(&vectors[k], &vectors[j])).fold(0f32, f32::max);
                (k, scores[k] - config.redundancy_weight * f64::from(overlap))
            })
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        match best {
            Some((k, _)) => chosen.push(k),
            None => break,
        }
    }
    let mut out: Vec<usize> = chosen.into_iter().map(|k| eligible[k]).collect();
    out.sort_unstable();
    out
}
