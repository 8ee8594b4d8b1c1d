//! `brink run` and `brink models`: solve a crisis scenario and print its
//! report (text or JSON), with the lever table's intervals over parameter
//! draws, the sensitivity table and the lever and tornado charts on request.

use anyhow::{anyhow, bail, Context, Result};
use brink_crisis::{library, Method, Report, Scenario};
use indicatif::{ProgressBar, ProgressStyle};
use std::io::IsTerminal;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

/// Output format.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Format {
    /// Text for a terminal.
    #[default]
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `brink run`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct RunArgs {
    /// A scenario file or a library model name (default: the founding crisis).
    pub scenario: Option<String>,
    /// Override a parameter: `--set name=value` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_override)]
    pub set: Vec<(String, f64)>,
    /// Solution method.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    pub method: Method,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Print everything: every information set, every belief, the
    /// parameters and the method in full (the default report keeps to 80
    /// lines of 100 characters).
    #[arg(long, short)]
    pub verbose: bool,
    /// Also look for other equilibria, from `--starts` seeded random
    /// profiles (levers are then not solved).
    #[arg(long)]
    pub all: bool,
    /// Starts for `--all`, the first being the default solve.
    #[arg(long, default_value_t = 32, requires = "all")]
    pub starts: usize,
    /// Seed of the starts for `--all` and of the draws for `--draws`: the
    /// same seed gives the same answer.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
    /// Intervals for the lever table over this many draws of the
    /// parameters' declared distributions (0: none).
    #[arg(long, default_value_t = 0)]
    pub draws: usize,
    /// P(war) at each end of each parameter's range (a tornado table).
    #[arg(long)]
    pub sensitivity: bool,
    /// Draw the lever chart (change in P(war) and deaths per lever, with the
    /// intervals of `--draws`) to this file, PNG or SVG by its extension.
    #[arg(long, value_name = "FILE", value_parser = parse_picture)]
    pub plot: Option<PathBuf>,
    /// Draw the tornado chart of `--sensitivity` to this file, PNG or SVG.
    #[arg(long, value_name = "FILE", value_parser = parse_picture, requires = "sensitivity")]
    pub plot_sensitivity: Option<PathBuf>,
}

/// Arguments of `brink models`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelsArgs {
    /// Print the source of this model instead of the list.
    #[arg(long)]
    pub show: Option<String>,
}

/// One `name=value` override, for clap: a malformed one is a usage error.
pub fn parse_override(kv: &str) -> Result<(String, f64), String> {
    let (k, v) = kv
        .split_once('=')
        .ok_or_else(|| format!("`{kv}`: write name=value"))?;
    let x: f64 = v
        .trim()
        .parse()
        .map_err(|_| format!("`{v}` is not a number"))?;
    if !x.is_finite() {
        return Err(format!("`{v}` is not a finite number"));
    }
    Ok((k.trim().to_string(), x))
}

/// Parses `name=value` overrides (for commands that take them as strings).
pub fn parse_overrides(set: &[String]) -> Result<Vec<(String, f64)>> {
    set.iter()
        .map(|kv| parse_override(kv).map_err(|e| anyhow!("--set {e}")))
        .collect()
}

/// A picture path whose extension names a format we draw (checked before
/// any work: a usage error).
fn parse_picture(s: &str) -> Result<PathBuf, String> {
    let p = PathBuf::from(s);
    match p.extension().and_then(|e| e.to_str()) {
        Some(e) if e.eq_ignore_ascii_case("png") || e.eq_ignore_ascii_case("svg") => Ok(p),
        _ => Err(format!(
            "`{s}`: the picture's extension must be .png or .svg"
        )),
    }
}

/// Checks that a picture can be written where asked, before any work.
fn check_writable(path: &Path) -> Result<()> {
    let dir = match path.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if !dir.is_dir() {
        bail!(
            "cannot write {}: there is no directory {}",
            path.display(),
            dir.display()
        );
    }
    Ok(())
}

/// A progress callback for long work: a bar on a terminal, else a plain
/// line at every tenth of the work, so that logs show it too.
struct Progress {
    bar: Option<ProgressBar>,
    what: &'static str,
    tenth: AtomicUsize,
}

impl Progress {
    fn new(what: &'static str) -> Progress {
        let bar = std::io::stderr().is_terminal().then(|| {
            let b = ProgressBar::new(0);
            b.set_style(
                ProgressStyle::with_template("{msg} [{bar:40}] {pos}/{len} ({eta})")
                    .expect("a fixed template")
                    .progress_chars("=> "),
            );
            b.set_message(what);
            b
        });
        Progress {
            bar,
            what,
            tenth: AtomicUsize::new(0),
        }
    }

    /// Reports `done` of `total`.
    fn tick(&self, done: usize, total: usize) {
        if let Some(b) = &self.bar {
            b.set_length(total as u64);
            b.set_position(done as u64);
        } else if let Some(t) = (done * 10).checked_div(total) {
            // Only the call that moves the tenth prints it: threads race here.
            if self.tenth.fetch_max(t, Ordering::Relaxed) < t {
                eprintln!("{}: {done}/{total}", self.what);
            }
        }
    }

    fn finish(&self) {
        if let Some(b) = &self.bar {
            b.finish_and_clear();
        }
    }
}

/// Solves the scenario as the arguments ask: the report, with the levers,
/// their intervals and the sensitivity where asked.
pub fn report(args: &RunArgs) -> Result<Report> {
    let source = args.scenario.as_deref().unwrap_or(library::DEFAULT_MODEL);
    let s = Scenario::load(source)?.with_overrides(&args.set)?;
    if args.all {
        return Ok(brink_crisis::solve_all(
            &s,
            args.method,
            args.starts,
            args.seed,
        )?);
    }
    let mut report = brink_crisis::run_scenario(&s, args.method)?;
    if args.draws > 0 {
        let p = Progress::new("draws");
        let u = brink_crisis::uncertainty::lever_uncertainty(
            &s,
            args.method,
            args.draws,
            args.seed,
            &|d, t| p.tick(d, t),
        );
        p.finish();
        report.uncertainty = Some(u?);
    }
    if args.sensitivity {
        let p = Progress::new("sensitivity");
        let t = brink_crisis::uncertainty::sensitivity(&s, args.method, &|d, t| p.tick(d, t));
        p.finish();
        report.sensitivity = t?;
    }
    Ok(report)
}

/// Runs `brink run`: prints the report of the scenario (the founding crisis
/// when none is given), and draws the charts asked for.
pub fn run_cli(args: &RunArgs) -> Result<()> {
    for p in [&args.plot, &args.plot_sensitivity].into_iter().flatten() {
        check_writable(p)?;
    }
    let report = report(args)?;
    match args.format {
        Format::Text => print!("{}", report.to_text_with(args.verbose)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report.to_json())?),
    }
    if let Some(p) = &args.plot {
        brink_analysis::plot_levers(&report, p)
            .with_context(|| format!("drawing the lever chart to {}", p.display()))?;
    }
    if let Some(p) = &args.plot_sensitivity {
        brink_analysis::plot_sensitivity(&report, p)
            .with_context(|| format!("drawing the tornado chart to {}", p.display()))?;
    }
    Ok(())
}

/// The default run of `cargo run --release` with no arguments.
pub fn run_default() -> Result<()> {
    run_cli(&RunArgs {
        seed: 1,
        ..RunArgs::default()
    })
}

/// Runs `brink models`: one line per library model with its parameters.
pub fn run_models(args: &ModelsArgs) -> Result<()> {
    if let Some(name) = &args.show {
        let src = library::source(name)
            .ok_or_else(|| anyhow!("no model `{name}`; `brink models` lists them"))?;
        print!("{src}");
        return Ok(());
    }
    for (name, line, _) in library::MODELS {
        println!("{name:<22} {line}");
        let s = Scenario::from_library(name)?;
        let params: Vec<String> = s
            .parameters()?
            .iter()
            .map(|p| format!("{}={}", p.name, brink_crisis::report::num(p.value)))
            .collect();
        println!("{:<22} parameters: {}", "", params.join(" "));
    }
    Ok(())
}
