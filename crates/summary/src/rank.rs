//! Sentence scores and the greedy choice of the summary.

use serde::{Deserialize, Serialize};

use crate::candidates::Candidate;
use crate::terms::Terms;

/// The few settings of the summarizer. A sentence's score is
///
/// `1 / (1 + k / position_scale)` (k: its rank among usable sentences)
/// `+ centrality_weight * cos(sentence, rest of the article)`
/// `+ title_weight * cos(sentence, title)`
/// `+ length_weight * min(words / long_words, 1)`
/// `- quote_penalty` (quotes, first-person asides) `- question_penalty`,
///
/// and each pick subtracts `redundancy_weight * cos(sentence, closest pick)`
/// from the rest. The defaults sit in the middle of the region that scored
/// best on CNN validation articles in both halves of a 2-fold split
/// (`eval/results/summary.md`); `title_weight` is untuned (that set has no
/// titles).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SummaryConfig {
    pub position_scale: f64,
    pub centrality_weight: f64,
    pub title_weight: f64,
    /// Negative: shorter sentences preferred (reference summaries are terse).
    pub length_weight: f64,
    pub long_words: usize,
    pub redundancy_weight: f64,
    pub quote_penalty: f64,
    pub question_penalty: f64,
    /// Sentences with fewer words (bylines, captions, fragments) are skipped.
    pub min_words: usize,
    /// Longer sentences (run-on lists, unsplit paragraphs) are skipped.
    pub max_words: usize,
}

impl Default for SummaryConfig {
    fn default() -> Self {
        SummaryConfig {
            position_scale: 1.5,
            centrality_weight: 1.25,
            title_weight: 0.5,
            length_weight: -0.5,
            long_words: 35,
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

/// The sum of the sentences' unit vectors, dense.
struct Centroid {
    weights: Vec<f32>,
    norm2: f32,
}

fn centroid(dims: usize, vectors: &[Vector]) -> Centroid {
    let mut weights = vec![0f32; dims];
    for v in vectors {
        for &(t, w) in v {
            weights[t as usize] += w;
        }
    }
    let norm2 = weights.iter().map(|w| w * w).sum();
    Centroid { weights, norm2 }
}

impl Centroid {
    /// Cosine between a member sentence and the centroid of the others, so
    /// that a sentence does not count its own words as shared.
    fn cosine_without(&self, v: &Vector) -> f64 {
        if v.is_empty() {
            return 0.0;
        }
        let dot: f32 = v.iter().map(|&(t, w)| w * self.weights[t as usize]).sum();
        let rest2 = self.norm2 - 2.0 * dot + 1.0;
        if rest2 > 1e-6 {
            f64::from((dot - 1.0) / rest2.sqrt())
        } else {
            0.0
        }
    }
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
    let document = centroid(terms.len(), &vectors);
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
            score += config.centrality_weight * document.cosine_without(&vectors[k]);
            score += config.length_weight * (c.words as f64 / config.long_words.max(1) as f64).min(1.0);
            if let Some(tv) = &title_vector {
                score += config.title_weight * f64::from(cosine(&vectors[k], tv));
            }
            if c.quote || c.first_person {
                score -= config.quote_penalty;
            }
            if c.question {
                score -= config.question_penalty;
            }
            score
        })
        .collect();
    if count >= eligible.len() {
        return eligible;
    }
    // Greedy picks; each pick lowers the others by their overlap with it,
    // kept as a running maximum so that a pick costs one pass.
    let mut chosen: Vec<usize> = Vec::with_capacity(count);
    let mut taken = vec![false; eligible.len()];
    let mut overlap = vec![0f32; eligible.len()];
    while chosen.len() < count {
        let best = (0..eligible.len())
            .filter(|&k| !taken[k])
            .map(|k| (k, scores[k] - config.redundancy_weight * f64::from(overlap[k])))
            .max_by(|a, b| a.1.total_cmp(&b.1).then(b.0.cmp(&a.0)));
        let Some((pick, _)) = best else { break };
        taken[pick] = true;
        chosen.push(pick);
        if config.redundancy_weight != 0.0 && chosen.len() < count {
            for k in (0..eligible.len()).filter(|&k| !taken[k]) {
                overlap[k] = overlap[k].max(cosine(&vectors[k], &vectors[pick]));
            }
        }
    }
    let mut out: Vec<usize> = chosen.into_iter().map(|k| eligible[k]).collect();
    out.sort_unstable();
    out
}
