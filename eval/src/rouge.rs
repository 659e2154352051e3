//! ROUGE-1, ROUGE-2 and ROUGE-Lsum F1 as Google's `rouge-score` 0.1.2
//! computes them with `use_stemmer=True`: lower-case, every run of
//! characters other than `[a-z0-9]` a separator, NLTK's Porter stemmer on
//! tokens longer than three characters; Lsum is the summary-level union LCS
//! over sentences split on newlines, with each token counted at most as
//! often as it occurs on both sides. `eval/rouge-check.sh` compares these
//! figures with the Python package.

mod porter;

use std::hash::{Hash, Hasher};

use rustc_hash::FxHashMap;

/// F1 of one summary against one reference, as fractions (not x100).
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rouge {
    pub rouge1: f64,
    pub rouge2: f64,
    pub rouge_lsum: f64,
}

impl Rouge {
    pub fn add(&mut self, other: &Rouge) {
        self.rouge1 += other.rouge1;
        self.rouge2 += other.rouge2;
        self.rouge_lsum += other.rouge_lsum;
    }

    pub fn scaled(&self, factor: f64) -> Rouge {
        Rouge { rouge1: self.rouge1 * factor, rouge2: self.rouge2 * factor, rouge_lsum: self.rouge_lsum * factor }
    }
}

/// A token: the 64-bit hash of its stem, so that tokenizers on different
/// threads agree without sharing a vocabulary (a collision among a few
/// hundred thousand stems has odds near 1e-9).
pub type Token = u64;

/// Tokens with a cache of stems, so that scoring many candidate summaries
/// does not stem the same words again.
#[derive(Default)]
pub struct Tokenizer {
    stems: FxHashMap<String, Token>,
}

impl Tokenizer {
    /// The stemmed tokens of `text` as ids.
    pub fn tokenize(&mut self, text: &str) -> Vec<Token> {
        let lower = text.to_lowercase();
        let mut out = Vec::new();
        for raw in lower.split(|c: char| !(c.is_ascii_lowercase() || c.is_ascii_digit())).filter(|t| !t.is_empty()) {
            let id = match self.stems.get(raw) {
                Some(&id) => id,
                None => {
                    let stemmed = if raw.len() > 3 { porter::stem(raw) } else { raw.to_string() };
                    let id = hash(&stemmed);
                    self.stems.insert(raw.to_string(), id);
                    id
                }
            };
            out.push(id);
        }
        out
    }

    /// A text as `rouge-score` reads it for Lsum: its non-empty lines, each
    /// tokenized (a line may still yield no token).
    pub fn tokenize_lines(&mut self, text: &str) -> Vec<Vec<Token>> {
        text.split('\n').filter(|line| !line.is_empty()).map(|line| self.tokenize(line)).collect()
    }
}

fn hash(stem: &str) -> Token {
    let mut hasher = rustc_hash::FxHasher::default();
    stem.hash(&mut hasher);
    hasher.finish()
}

/// A tokenized text, whole and by line.
pub struct Tokenized {
    pub tokens: Vec<Token>,
    pub lines: Vec<Vec<Token>>,
}

impl Tokenized {
    pub fn new(tokenizer: &mut Tokenizer, text: &str) -> Tokenized {
        Tokenized { tokens: tokenizer.tokenize(text), lines: tokenizer.tokenize_lines(text) }
    }
}

/// ROUGE of `prediction` against `reference`.
pub fn score(reference: &Tokenized, prediction: &Tokenized) -> Rouge {
    Rouge {
        rouge1: rouge_n(&reference.tokens, &prediction.tokens, 1),
        rouge2: rouge_n(&reference.tokens, &prediction.tokens, 2),
        rouge_lsum: rouge_lsum(&reference.lines, &prediction.lines),
    }
}

fn f_measure(precision: f64, recall: f64) -> f64 {
    if precision + recall > 0.0 {
        2.0 * precision * recall / (precision + recall)
    } else {
        0.0
    }
}

fn ngram_counts(tokens: &[Token], n: usize) -> FxHashMap<&[Token], u32> {
    let mut counts = FxHashMap::default();
    for gram in tokens.windows(n) {
        *counts.entry(gram).or_insert(0) += 1;
    }
    counts
}

fn rouge_n(reference: &[Token], prediction: &[Token], n: usize) -> f64 {
    let reference_counts = ngram_counts(reference, n);
    let prediction_counts = ngram_counts(prediction, n);
    let overlap: u32 = reference_counts
        .iter()
        .map(|(gram, &count)| count.min(prediction_counts.get(gram).copied().unwrap_or(0)))
        .sum();
    let reference_total = reference.len().saturating_sub(n - 1).max(1);
    let prediction_total = prediction.len().saturating_sub(n - 1).max(1);
    f_measure(overlap as f64 / prediction_total as f64, overlap as f64 / reference_total as f64)
}

/// The reference positions of one longest common subsequence, read back
/// from the table the way `rouge-score` does (on ties it moves up).
fn lcs_positions(reference: &[Token], candidate: &[Token], out: &mut Vec<usize>) {
    let cols = candidate.len() + 1;
    let mut table = vec![0u32; (reference.len() + 1) * cols];
    for i in 1..=reference.len() {
        for j in 1..=candidate.len() {
            table[i * cols + j] = if reference[i - 1] == candidate[j - 1] {
                table[(i - 1) * cols + j - 1] + 1
            } else {
                table[(i - 1) * cols + j].max(table[i * cols + j - 1])
            };
        }
    }
    let (mut i, mut j) = (reference.len(), candidate.len());
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            out.push(i - 1);
            i -= 1;
            j -= 1;
        } else if table[i * cols + j - 1] > table[(i - 1) * cols + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

fn rouge_lsum(reference: &[Vec<Token>], prediction: &[Vec<Token>]) -> f64 {
    let reference_len: usize = reference.iter().map(Vec::len).sum();
    let prediction_len: usize = prediction.iter().map(Vec::len).sum();
    if reference_len == 0 || prediction_len == 0 {
        return 0.0;
    }
    let mut reference_left: FxHashMap<Token, u32> = FxHashMap::default();
    let mut prediction_left: FxHashMap<Token, u32> = FxHashMap::default();
    for &t in reference.iter().flatten() {
        *reference_left.entry(t).or_insert(0) += 1;
    }
    for &t in prediction.iter().flatten() {
        *prediction_left.entry(t).or_insert(0) += 1;
    }
    let mut hits = 0usize;
    let mut union = Vec::new();
    for sentence in reference {
        union.clear();
        for candidate in prediction {
            lcs_positions(sentence, candidate, &mut union);
        }
        union.sort_unstable();
        union.dedup();
        for &position in &union {
            let token = sentence[position];
            let (Some(r), Some(p)) = (reference_left.get_mut(&token), prediction_left.get_mut(&token)) else {
                continue;
            };
            if *r > 0 && *p > 0 {
                *r -= 1;
                *p -= 1;
                hits += 1;
            }
        }
    }
    f_measure(hits as f64 / prediction_len as f64, hits as f64 / reference_len as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rouge(reference: &str, prediction: &str) -> Rouge {
        let mut tokenizer = Tokenizer::default();
        let r = Tokenized::new(&mut tokenizer, reference);
        let p = Tokenized::new(&mut tokenizer, prediction);
        score(&r, &p)
    }

    #[test]
    fn tokenizer_matches_rouge_score() {
        let mut t = Tokenizer::default();
        let a = t.tokenize("The cats' owners, 3.5km away -- running!");
        let b = t.tokenize("the cat owner 3 5km away run");
        assert_eq!(a, b);
        // Python lower-cases "İ" to "i" plus a combining dot and the Kelvin
        // sign to "k"; other letters outside a-z become separators.
        assert_eq!(t.tokenize("Ünïcode — 中文 İstanbul \u{212a}elvin"), t.tokenize("n code i stanbul kelvin"));
    }

    #[test]
    fn figures_checked_with_the_python_package() {
        // rouge_score 0.1.2, RougeScorer(["rouge1", "rouge2", "rougeLsum"], use_stemmer=True)
        let got = rouge("the cat sat on the mat\nit was happy", "the cat was on the mat\nhappy it sat");
        assert!((got.rouge1 - 1.0).abs() < 1e-12, "{got:?}");
        assert!((got.rouge2 - 0.375).abs() < 1e-12, "{got:?}");
        assert!((got.rouge_lsum - 0.888_888_888_888_888_8).abs() < 1e-12, "{got:?}");
        assert_eq!(rouge("", "anything").rouge1, 0.0);
        assert_eq!(rouge("a b", "").rouge_lsum, 0.0);
    }
}
