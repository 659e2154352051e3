use std::path::Path;

pub fn run(dir: &Path, _verbose: bool) -> anyhow::Result<()> {
    anyhow::bail!("not written yet: {}", dir.display())
}
