//! `brink sweep`, `montecarlo`, `merge` and `tree`: the binary loads the
//! scenario or game; `brink-analysis` does the rest.

use anyhow::{anyhow, Result};
use brink_analysis::cli::{MergeArgs, MonteCarloArgs, SweepArgs, TreeArgs};
use brink_analysis::crisis::CrisisModel;
use brink_game::{Game, Profile};
use clap::Args;
use std::path::Path;

/// Arguments of `brink sweep`.
#[derive(Args, Debug)]
pub struct SweepCommand {
    /// A scenario file or a library model name (`brink models` lists them).
    scenario: String,
    /// Solution method for each point.
    #[arg(long, value_enum, default_value_t = brink_crisis::Method::Auto)]
    method: brink_crisis::Method,
    #[command(flatten)]
    args: SweepArgs,
}

/// Arguments of `brink montecarlo`.
#[derive(Args, Debug)]
pub struct MonteCarloCommand {
    /// A scenario file or a library model name.
    scenario: String,
    /// Solution method for each draw.
    #[arg(long, value_enum, default_value_t = brink_crisis::Method::Auto)]
    method: brink_crisis::Method,
    #[command(flatten)]
    args: MonteCarloArgs,
}

/// Arguments of `brink tree`.
#[derive(Args, Debug)]
pub struct TreeCommand {
    /// A scenario file, a library model name, or a Gambit .efg file.
    input: String,
    /// Override a scenario parameter: `--set name=value` (repeatable).
    #[arg(long = "set", value_name = "NAME=VALUE")]
    set: Vec<String>,
    /// Solution method whose equilibrium is drawn on the branches (scenarios).
    #[arg(long, value_enum, default_value_t = brink_crisis::Method::Auto)]
    method: brink_crisis::Method,
    #[command(flatten)]
    args: TreeArgs,
}

fn load_model(scenario: &str, method: brink_crisis::Method) -> Result<CrisisModel> {
    CrisisModel::load(scenario, method).map_err(|e| anyhow!("{e}"))
}

/// `brink sweep`.
pub fn run_sweep(cmd: &SweepCommand) -> Result<()> {
    let model = load_model(&cmd.scenario, cmd.method)?;
    brink_analysis::cli::run_sweep(&model, &cmd.args, &mut std::io::stdout())?;
    Ok(())
}

/// `brink montecarlo`.
pub fn run_montecarlo(cmd: &MonteCarloCommand) -> Result<()> {
    let model = load_model(&cmd.scenario, cmd.method)?;
    brink_analysis::cli::run_montecarlo(&model, &cmd.args, &mut std::io::stdout())?;
    Ok(())
}

/// `brink merge`.
pub fn run_merge(args: &MergeArgs) -> Result<()> {
    brink_analysis::cli::run_merge(args, &mut std::io::stdout())?;
    Ok(())
}

/// `brink tree`.
pub fn run_tree(cmd: &TreeCommand) -> Result<()> {
    let is_game_file = Path::new(&cmd.input)
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("efg") || e.eq_ignore_ascii_case("nfg"));
    let (game, profile): (_, Option<Profile<f64>>) = if is_game_file {
        if !cmd.set.is_empty() {
            anyhow::bail!("--set applies to scenarios, not to Gambit files");
        }
        match crate::info::load_game(Path::new(&cmd.input))? {
            Game::Extensive(g) => (g, None),
            Game::Strategic(_) => {
                anyhow::bail!("{} is a strategic game: it has no tree to draw", cmd.input)
            }
        }
    } else {
        let mut model = load_model(&cmd.input, cmd.method)?;
        let overrides = crate::run::parse_overrides(&cmd.set)?;
        model.scenario = model
            .scenario
            .with_overrides(&overrides)
            .map_err(|e| anyhow!("{e}"))?;
        model.tree_with_equilibrium().map_err(|e| anyhow!("{e}"))?
    };
    brink_analysis::cli::run_tree(&game, profile.as_ref(), &cmd.args, &mut std::io::stdout())?;
    Ok(())
}
