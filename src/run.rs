//! `brink run` and `brink models`: solve a crisis scenario and print its
//! report (text or JSON), with the lever table's intervals over parameter
//! draws, the sensitivity table and the lever and tornado charts on request.

use crate::analysis::Global;
use crate::args::{check_output, check_picture, parse_set, write_output, CrisisMethod};
use crate::progress::Shown;
use anyhow::{anyhow, Context, Result};
use brink_crisis::{library, Report, Scenario};
use brink_game::{Cancel, Watch};
use std::path::PathBuf;

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
    #[arg(long = "set", value_name = "NAME=VALUE", value_parser = parse_set)]
    pub set: Vec<(String, f64)>,
    /// Solution method.
    #[arg(long, value_enum, default_value_t)]
    pub method: CrisisMethod,
    /// Output format.
    #[arg(long, value_enum, default_value_t = Format::Text)]
    pub format: Format,
    /// Where to write the report (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
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
    #[arg(long, default_value_t = 0, value_parser = clap::value_parser!(u64).range(0..=1_000_000))]
    pub draws: u64,
    /// P(war) at each end of each parameter's range (a tornado table).
    #[arg(long)]
    pub sensitivity: bool,
    /// Draw the lever chart (change in P(war) and deaths per lever, with the
    /// intervals of `--draws`) to this file, PNG or SVG by its extension.
    #[arg(long, value_name = "FILE")]
    pub plot: Option<PathBuf>,
    /// Draw the tornado chart of `--sensitivity` to this file, PNG or SVG.
    #[arg(long, value_name = "FILE", requires = "sensitivity")]
    pub plot_sensitivity: Option<PathBuf>,
    /// Add the mediator row: the lowest P(war) over communication
    /// equilibria (confidential type reports, then plan recommendations that
    /// no type gains from lying about or disobeying), beside the baseline.
    #[arg(long)]
    pub mediator: bool,
    /// Cells of equal probability each continuous private type is cut into
    /// for `--mediator` (default 3 where the program can be tabulated, 2
    /// where it needs column generation).
    #[arg(long, value_name = "K",
          value_parser = clap::value_parser!(u64).range(1..=50), requires = "mediator")]
    pub mediator_grid: Option<u64>,
    /// Round limit of the mediator's column generation (used when the
    /// program is too large to tabulate); past it the row gives the best
    /// mechanism found and a lower bound, the same on every machine
    /// (default 80, `brink_crisis::mediator::DEFAULT_ROUNDS`).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(1..=100_000), requires = "mediator")]
    pub mediator_rounds: Option<u64>,
    /// Time limit in seconds of the mediator's column generation, none by
    /// default. A run it stops depends on the machine's speed and load, so
    /// two runs may differ; the round limit does not.
    #[arg(long, value_name = "S",
          value_parser = clap::value_parser!(u64).range(1..), requires = "mediator")]
    pub mediator_seconds: Option<u64>,
    /// Rounds of the bound phase that follows the round or time limit of
    /// the mediator's column generation (each a master and an exact search
    /// over every plan profile; 0 for none): more raise the lower bound
    /// (default 32, `brink_crisis::mediator::DEFAULT_BOUND_ROUNDS`; on the
    /// founding crisis 56 narrow its bracket, at about twice the time).
    #[arg(long, value_name = "N",
          value_parser = clap::value_parser!(u64).range(0..=10_000), requires = "mediator")]
    pub mediator_bound_rounds: Option<u64>,
}

/// Arguments of `brink models`.
#[derive(clap::Args, Debug, Clone, Default)]
pub struct ModelsArgs {
    /// Print the source of this model instead of the list.
    #[arg(long)]
    pub show: Option<String>,
}

/// Solves the scenario as the arguments ask: the report, with the levers,
/// their intervals and the sensitivity where asked.
pub fn report(args: &RunArgs, watch: &Watch) -> Result<Report> {
    let source = args.scenario.as_deref().unwrap_or(library::DEFAULT_MODEL);
    let s = Scenario::load(source)?.with_overrides(&args.set)?;
    let method = args.method.into();
    if args.all {
        return Ok(brink_crisis::solve_all_watched(
            &s,
            method,
            args.starts,
            args.seed,
            watch,
        )?);
    }
    let mut report = brink_crisis::run_scenario(&s, method)?;
    if args.draws > 0 {
        let u = brink_crisis::uncertainty::lever_uncertainty(
            &s,
            method,
            args.draws as usize,
            args.seed,
            watch,
        );
        report.uncertainty = Some(u?);
    }
    if args.sensitivity {
        report.sensitivity = brink_crisis::uncertainty::sensitivity(&s, method, watch)?;
    }
    if args.mediator {
        // A continuous choice at the root is held at the baseline's
        // equilibrium value: the mediator recommends the discrete plans.
        let chosen = brink_crisis::compile(&s)?.continuous.and_then(|c| {
            report
                .expected
                .iter()
                .find(|(k, _)| *k == c.var)
                .map(|x| x.1)
        });
        let game = brink_crisis::compile_at(&s, chosen, brink_crisis::compile::DEFAULT_MAX_NODES)?;
        report.mediator = Some(brink_crisis::mediator::mediator_with(
            &game,
            args.mediator_grid.map_or_else(
                || brink_crisis::mediator::default_grid(&game),
                |k| k as usize,
            ),
            mediator_limits(args),
            watch,
        )?);
    }
    Ok(report)
}

/// The limits of the mediator's column generation the arguments ask for,
/// the crisis's defaults otherwise.
fn mediator_limits(args: &RunArgs) -> brink_nash::communication::ColumnLimits {
    let defaults = brink_crisis::mediator::default_column_limits();
    brink_nash::communication::ColumnLimits {
        max_rounds: args
            .mediator_rounds
            .map_or(defaults.max_rounds, |n| n as usize),
        time_limit: args.mediator_seconds.map(std::time::Duration::from_secs),
        bound_rounds: args
            .mediator_bound_rounds
            .map_or(defaults.bound_rounds, |n| n as usize),
        ..defaults
    }
}

/// Runs `brink run`: prints the report of the scenario (the founding crisis
/// when none is given), and draws the charts asked for.
pub fn run_cli(args: &RunArgs, g: Global) -> Result<()> {
    for p in [&args.plot, &args.plot_sensitivity].into_iter().flatten() {
        check_picture(p, g.force)?;
    }
    if let Some(p) = &args.output {
        check_output(p, g.force)?;
    }
    let shown = Shown::new(g.quiet);
    let cancel = Cancel::new();
    let report = report(args, &Watch::new(&shown, &cancel))?;
    shown.finish();
    let text = match args.format {
        Format::Text => report.to_text_with(args.verbose),
        Format::Json => serde_json::to_string_pretty(&report.to_json())? + "\n",
    };
    write_output(args.output.as_deref(), text.as_bytes())?;
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
pub fn run_default(g: Global) -> Result<()> {
    run_cli(
        &RunArgs {
            seed: 1,
            ..RunArgs::default()
        },
        g,
    )
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

#[cfg(test)]
mod tests {
    use super::*;

    /// Each mediator limit asked for reaches column generation; the others
    /// keep the crisis's defaults.
    #[test]
    fn the_mediator_limits_asked_for_are_the_ones_used() {
        let defaults = brink_crisis::mediator::default_column_limits();
        let limits = mediator_limits(&RunArgs::default());
        assert_eq!(
            (limits.max_rounds, limits.bound_rounds, limits.time_limit),
            (defaults.max_rounds, defaults.bound_rounds, None)
        );
        let limits = mediator_limits(&RunArgs {
            mediator_rounds: Some(7),
            mediator_bound_rounds: Some(56),
            mediator_seconds: Some(9),
            ..RunArgs::default()
        });
        assert_eq!(
            (limits.max_rounds, limits.bound_rounds, limits.time_limit),
            (7, 56, Some(std::time::Duration::from_secs(9)))
        );
        assert_eq!(limits.per_type, defaults.per_type);
    }
}
