//! What every command shares: the crisis methods as flags, `--set`, the one
//! rule for output files, and usage errors (exit 2) apart from input errors
//! (exit 1).

use anyhow::Result;
use std::fs::OpenOptions;
use std::io::Write;
use std::path::Path;

/// A mistake in the command line itself: exits 2, as clap's own errors do.
#[derive(Debug)]
pub struct Usage(pub String);

impl std::fmt::Display for Usage {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Usage {}

/// A usage error as an `anyhow` error, for `?` and `bail!`-like returns.
pub fn usage(message: impl Into<String>) -> anyhow::Error {
    anyhow::Error::new(Usage(message.into()))
}

/// The crisis language's solution methods, as flags.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum CrisisMethod {
    /// Subgame perfect for perfect information without private types,
    /// otherwise a perfect Bayesian equilibrium in cut-point strategies.
    #[default]
    Auto,
    /// Perfect Bayesian equilibrium (cut-point best responses, Bayes' rule).
    Pbe,
    /// Subgame perfect equilibrium by backward induction (perfect information only).
    Spe,
}

impl From<CrisisMethod> for brink_crisis::Method {
    fn from(m: CrisisMethod) -> Self {
        match m {
            CrisisMethod::Auto => brink_crisis::Method::Auto,
            CrisisMethod::Pbe => brink_crisis::Method::Pbe,
            CrisisMethod::Spe => brink_crisis::Method::Spe,
        }
    }
}

/// `--set name=value`, for clap: the workspace's one parser, so that a
/// malformed value is a usage error in every command.
pub fn parse_set(s: &str) -> Result<(String, f64), String> {
    brink_game::assign::parse_assignment(s).map_err(|e| e.to_string())
}

/// The one rule for files a command writes (`-o`, `--plot`, `--probs-csv`):
/// checked before any work, and an existing file is replaced only with
/// `--force`.
pub fn check_output(path: &Path, force: bool) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        anyhow::bail!(
            "cannot write {}: there is no directory {}",
            path.display(),
            dir.display()
        );
    }
    if path.is_dir() {
        anyhow::bail!("cannot write {}: it is a directory", path.display());
    }
    if path.exists() {
        if !force {
            anyhow::bail!("{} exists; pass --force to replace it", path.display());
        }
        // Opened without truncating: the old file stays until the new one is ready.
        OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
    } else {
        OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(path)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", path.display()))?;
        // The probe must not leave an empty file behind if the work fails.
        let _ = std::fs::remove_file(path);
    }
    Ok(())
}

/// Writes `bytes` to `path`, or to standard output without one.
pub fn write_output(path: Option<&Path>, bytes: &[u8]) -> Result<()> {
    match path {
        Some(p) => std::fs::write(p, bytes)
            .map_err(|e| anyhow::anyhow!("cannot write {}: {e}", p.display())),
        None => {
            let mut out = std::io::stdout().lock();
            out.write_all(bytes)?;
            out.flush()?;
            Ok(())
        }
    }
}

/// Checks a picture's path before any work: a format we draw (a usage
/// error otherwise) and a place it can be written.
pub fn check_picture(path: &Path, force: bool) -> Result<()> {
    brink_analysis::plot::ImageFormat::of(path).map_err(|e| usage(e.to_string()))?;
    check_output(path, force)
}
