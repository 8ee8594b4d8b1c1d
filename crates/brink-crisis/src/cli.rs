//! The `brink run` and `brink models` commands, for the binary to wire in.

use crate::{library, run, Method, Scenario};
use anyhow::{anyhow, Result};

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
    #[arg(long = "set", value_name = "NAME=VALUE")]
    pub set: Vec<String>,
    /// Solution method.
    #[arg(long, value_enum, default_value_t = Method::Auto)]
    pub method: Method,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Also look for other equilibria, from `--starts` seeded random
    /// profiles (levers are then not solved).
    #[arg(long)]
    pub all: bool,
    /// Starts for `--all`, the first being the default solve.
    #[arg(long, default_value_t = 32, requires = "all")]
    pub starts: usize,
    /// Seed of the starts for `--all`: the same seed finds the same equilibria.
    #[arg(long, default_value_t = 1, requires = "all")]
    pub seed: u64,
}

/// Arguments of `brink models`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelsArgs {
    /// Print the source of this model instead of the list.
    #[arg(long)]
    pub show: Option<String>,
}

/// Parses `name=value` overrides.
pub fn parse_overrides(set: &[String]) -> Result<Vec<(String, f64)>> {
    set.iter()
        .map(|kv| {
            let (k, v) = kv
                .split_once('=')
                .ok_or_else(|| anyhow!("--set {kv}: write --set name=value"))?;
            let x: f64 = v
                .trim()
                .parse()
                .map_err(|_| anyhow!("--set {kv}: `{v}` is not a number"))?;
            Ok((k.trim().to_string(), x))
        })
        .collect()
}

/// Runs `brink run`: prints the report of the scenario (the founding crisis
/// when none is given).
pub fn run_cli(args: &RunArgs) -> Result<()> {
    let overrides = parse_overrides(&args.set)?;
    let source = args.scenario.as_deref().unwrap_or(library::DEFAULT_MODEL);
    let report = if args.all {
        let s = Scenario::load(source)
            .and_then(|s| s.with_overrides(&overrides))
            .map_err(|e| anyhow!("{e}"))?;
        crate::solve_all(&s, args.method, args.starts, args.seed).map_err(|e| anyhow!("{e}"))?
    } else {
        run(source, &overrides, args.method).map_err(|e| anyhow!("{e}"))?
    };
    match args.format {
        Format::Text => print!("{}", report.to_text()),
        Format::Json => println!("{}", serde_json::to_string_pretty(&report.to_json())?),
    }
    Ok(())
}

/// The default run of `cargo run --release` with no arguments.
pub fn run_default() -> Result<()> {
    run_cli(&RunArgs::default())
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
        let s = Scenario::from_library(name).map_err(|e| anyhow!("{e}"))?;
        let params: Vec<String> = s
            .parameters()
            .map_err(|e| anyhow!("{e}"))?
            .iter()
            .map(|p| format!("{}={}", p.name, crate::report::num(p.value)))
            .collect();
        println!("{:<22} parameters: {}", "", params.join(" "));
    }
    Ok(())
}
