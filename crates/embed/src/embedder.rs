use std::path::{Path, PathBuf};

use candle_core::{DType, Device, Tensor, D};
use candle_nn::VarBuilder;
use candle_transformers::models::bert::{BertModel, Config};
use newsdesk_model::{Article, BlockKind};
use sha2::{Digest, Sha256};
use tokenizers::{Tokenizer, TruncationDirection, TruncationParams, TruncationStrategy};

use crate::error::{EmbedError, Result};

/// Longest input in tokens (special tokens included); the rest is cut off.
/// all-MiniLM-L6-v2 was trained on at most 256 (`sentence_bert_config.json`).
pub const MAX_TOKENS: usize = 256;

/// Texts run through the model this many at a time: big enough to keep the
/// matrix products efficient, small enough to bound memory and padding.
const BATCH: usize = 32;

/// Characters of article body given to [`article_text`], a little more than
/// 256 tokens of English prose.
const ARTICLE_CHARS: usize = 1500;

/// A loaded all-MiniLM-L6-v2 model and its tokenizer. Loading takes a fraction
/// of a second; keep one and share it (`embed` takes `&self`).
pub struct Embedder {
    model: BertModel,
    tokenizer: Tokenizer,
    device: Device,
    fingerprint: String,
}

impl std::fmt::Debug for Embedder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Embedder")
            .field("dim", &Self::DIM)
            .field("device", &self.device)
            .field("fingerprint", &self.fingerprint)
            .finish()
    }
}

impl Embedder {
    /// Length of every embedding.
    pub const DIM: usize = 384;

    /// Loads the model from `dir`, a directory in the sentence-transformers
    /// layout holding `model.safetensors`, `tokenizer.json` and `config.json`.
    pub fn load(dir: &Path) -> Result<Embedder> {
        let file = |name: &str| -> Result<PathBuf> {
            let path = dir.join(name);
            if path.is_file() {
                Ok(path)
            } else {
                Err(EmbedError::MissingFile(path))
            }
        };
        let (config_path, tokenizer_path, weights_path) =
            (file("config.json")?, file("tokenizer.json")?, file("model.safetensors")?);
        let read = |path: &Path| std::fs::read(path).map_err(|source| EmbedError::Io { path: path.into(), source });

        let config: Config = serde_json::from_slice(&read(&config_path)?)
            .map_err(|source| EmbedError::Config { path: config_path.clone(), source })?;
        if config.hidden_size != Self::DIM {
            return Err(EmbedError::Shape { what: "hidden_size", expected: Self::DIM, found: config.hidden_size });
        }
        if config.max_position_embeddings < MAX_TOKENS {
            return Err(EmbedError::Shape {
                what: "max_position_embeddings",
                expected: MAX_TOKENS,
                found: config.max_position_embeddings,
            });
        }

        let mut tokenizer = Tokenizer::from_file(&tokenizer_path)
            .map_err(|e| EmbedError::Tokenizer(format!("{}: {e}", tokenizer_path.display())))?;
        // Padding is done per batch below; truncation to the model's limit.
        tokenizer.with_padding(None);
        tokenizer
            .with_truncation(Some(TruncationParams {
                max_length: MAX_TOKENS,
                strategy: TruncationStrategy::LongestFirst,
                stride: 0,
                direction: TruncationDirection::Right,
            }))
            .map_err(|e| EmbedError::Tokenizer(e.to_string()))?;

        let weights = read(&weights_path)?;
        let fingerprint = fingerprint_of(&[&read(&config_path)?, &read(&tokenizer_path)?, &weights]);
        let device = Device::Cpu;
        let vb = VarBuilder::from_buffered_safetensors(weights, DType::F32, &device)?;
        let model = BertModel::load(vb, &config)?;
        Ok(Embedder { model, tokenizer, device, fingerprint })
    }

    /// The model's identity, as [`fingerprint`] gives it for its directory:
    /// vectors stored under one fingerprint are never mixed with another's.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// Embeds `texts`, one unit-length vector of [`Self::DIM`] floats each, in
    /// order. Texts are run in batches of similar length; an empty text gets
    /// the embedding of `[CLS] [SEP]`.
    pub fn embed(&self, texts: &[&str]) -> Result<Vec<Vec<f32>>> {
        let encodings =
            self.tokenizer.encode_batch(texts.to_vec(), true).map_err(|e| EmbedError::Tokenizer(e.to_string()))?;
        // Longest first, so each batch pads to nearly its own length.
        let mut order: Vec<usize> = (0..encodings.len()).collect();
        order.sort_by_key(|&i| std::cmp::Reverse(encodings[i].get_ids().len()));

        let mut out = vec![Vec::new(); texts.len()];
        for chunk in order.chunks(BATCH) {
            let len = chunk.iter().map(|&i| encodings[i].get_ids().len()).max().unwrap_or(0).max(1);
            let mut ids = vec![0u32; chunk.len() * len];
            let mut mask = vec![0u32; chunk.len() * len];
            for (row, &i) in chunk.iter().enumerate() {
                let e = &encodings[i];
                for (col, (&id, &m)) in e.get_ids().iter().zip(e.get_attention_mask()).enumerate() {
                    ids[row * len + col] = id;
                    mask[row * len + col] = m;
                }
            }
            let vectors = self.forward(ids, mask, chunk.len(), len)?;
            for (&i, v) in chunk.iter().zip(vectors) {
                out[i] = v;
            }
        }
        Ok(out)
    }

    /// One padded batch through the model: mean pooling under the mask, then
    /// L2 normalisation.
    fn forward(&self, ids: Vec<u32>, mask: Vec<u32>, rows: usize, len: usize) -> Result<Vec<Vec<f32>>> {
        let ids = Tensor::from_vec(ids, (rows, len), &self.device)?;
        let mask = Tensor::from_vec(mask, (rows, len), &self.device)?;
        let types = ids.zeros_like()?;
        let hidden = self.model.forward(&ids, &types, Some(&mask))?; // (rows, len, DIM)
        let (_, _, dim) = hidden.dims3()?;
        if dim != Self::DIM {
            return Err(EmbedError::Shape { what: "model output width", expected: Self::DIM, found: dim });
        }
        let mask = mask.to_dtype(DType::F32)?.unsqueeze(2)?; // (rows, len, 1)
        let summed = hidden.broadcast_mul(&mask)?.sum(1)?; // (rows, DIM)
        let counts = mask.sum(1)?.clamp(1e-9f32, f32::MAX)?; // (rows, 1)
        let mean = summed.broadcast_div(&counts)?;
        let norm = mean.sqr()?.sum_keepdim(D::Minus1)?.sqrt()?.clamp(1e-12f32, f32::MAX)?;
        Ok(mean.broadcast_div(&norm)?.to_vec2::<f32>()?)
    }
}

/// Identifies a model directory without loading the model: `minilm-l6-v2@`
/// and the first 16 hex digits of the SHA-256 of `config.json`,
/// `tokenizer.json` and `model.safetensors` (about 0.1 s for this model).
/// Two directories holding the same files get the same fingerprint; any
/// change to a file (another model, other weights) gives another.
pub fn fingerprint(dir: &Path) -> Result<String> {
    let mut parts = Vec::with_capacity(3);
    for name in ["config.json", "tokenizer.json", "model.safetensors"] {
        let path = dir.join(name);
        if !path.is_file() {
            return Err(EmbedError::MissingFile(path));
        }
        parts.push(std::fs::read(&path).map_err(|source| EmbedError::Io { path, source })?);
    }
    let refs: Vec<&[u8]> = parts.iter().map(Vec::as_slice).collect();
    Ok(fingerprint_of(&refs))
}

fn fingerprint_of(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for p in parts {
        // Lengths first, so moving bytes between files changes the hash.
        h.update((p.len() as u64).to_le_bytes());
        h.update(p);
    }
    let digest = h.finalize();
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    format!("minilm-l6-v2@{hex}")
}

/// The text to embed for an article: its title, then its first paragraphs
/// (headings, quotes and list items too, not captions) up to about 1500
/// characters, which is more than the model's 256 tokens. Falls back to the
/// start of `text` when the article has no blocks.
pub fn article_text(a: &Article) -> String {
    let mut out = String::new();
    if let Some(title) = a.title.as_deref().map(str::trim).filter(|t| !t.is_empty()) {
        out.push_str(title);
        // A full stop keeps the title from running into the first sentence.
        if !title.ends_with(['.', '!', '?', ':']) {
            out.push('.');
        }
    }
    let mut body = 0;
    let mut push = |out: &mut String, text: &str| {
        let text = text.trim();
        if text.is_empty() || body >= ARTICLE_CHARS {
            return;
        }
        if !out.is_empty() {
            out.push('\n');
        }
        let room = ARTICLE_CHARS - body;
        let take = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
        out.push_str(&text[..take]);
        body += text[..take].chars().count();
    };
    if a.blocks.is_empty() {
        for p in a.text.split("\n\n") {
            push(&mut out, p);
        }
    } else {
        for b in a.blocks.iter().filter(|b| b.kind != BlockKind::Caption) {
            push(&mut out, &b.text);
        }
    }
    out
}

/// Cosine similarity of two vectors (0 when either is all zeros). For
/// [`Embedder`] output, which is unit length, this is the dot product.
pub fn cosine(a: &[f32], b: &[f32]) -> f32 {
    let (mut dot, mut na, mut nb) = (0f32, 0f32, 0f32);
    for (x, y) in a.iter().zip(b) {
        dot += x * y;
        na += x * x;
        nb += y * y;
    }
    if na == 0.0 || nb == 0.0 {
        0.0
    } else {
        dot / (na.sqrt() * nb.sqrt())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use newsdesk_model::Block;

    #[test]
    fn cosine_of_vectors() {
        assert!((cosine(&[1.0, 0.0], &[1.0, 0.0]) - 1.0).abs() < 1e-6);
        assert!(cosine(&[1.0, 0.0], &[0.0, 2.0]).abs() < 1e-6);
        assert!((cosine(&[1.0, 1.0], &[-2.0, -2.0]) + 1.0).abs() < 1e-6);
        assert_eq!(cosine(&[0.0, 0.0], &[1.0, 0.0]), 0.0);
    }

    #[test]
    fn article_text_is_title_then_paragraphs_without_captions() {
        let mut a = Article::new("a".into());
        a.title = Some("Quake hits coast".into());
        a.blocks = vec![
            Block::new(BlockKind::Paragraph, "A strong quake struck."),
            Block::new(BlockKind::Caption, "Photo: rubble"),
            Block::new(BlockKind::Paragraph, "Thousands fled."),
        ];
        assert_eq!(article_text(&a), "Quake hits coast.\nA strong quake struck.\nThousands fled.");
    }

    #[test]
    fn article_text_is_bounded_and_falls_back_to_text() {
        let mut a = Article::new("a".into());
        a.text = format!("{}\n\n{}", "é".repeat(1000), "b".repeat(1000));
        let t = article_text(&a);
        assert_eq!(t.chars().count(), ARTICLE_CHARS + 1);
        assert!(t.starts_with('é') && t.ends_with('b'));
    }
}
