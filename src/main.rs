//! `brink`: the command-line front of brinkmanship. Thin by design: each
//! subcommand parses its arguments and hands over to a library crate.

mod analysis;
mod estimate;
mod info;
mod run;
mod serve;
mod solve;

use clap::{Parser, Subcommand};

// Game trees are many small allocations (labels, actions, information sets);
// mimalloc reads full tic-tac-toe markedly faster than the system allocator.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;
use std::process::ExitCode;

/// A laboratory for international crises: model a crisis as a game, solve it,
/// simulate it, estimate it from data.
#[derive(Parser, Debug)]
#[command(name = "brink", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Describe a game file: players, nodes, information sets, strategies, outcomes.
    Info(info::InfoArgs),
    /// Convert between Gambit formats (.efg to .nfg gives the reduced strategic form).
    Convert(info::ConvertArgs),
    /// Compute equilibria of a game file.
    Solve(solve::SolveArgs),
    /// Solve a crisis scenario (file or library model) and report war, costs and levers.
    Run(run::RunArgs),
    /// List the model library.
    Models(run::ModelsArgs),
    /// Fit a strategic model (egame12, egame122, egame123, ultimatum) to data.
    Estimate(brink_estimate::cli::EstimateArgs),
    /// Predict outcome probabilities from a fitted model for new data.
    Predict(brink_estimate::cli::PredictArgs),
    /// Comparative statics: solve a scenario over a grid of one or two parameters.
    Sweep(analysis::SweepCommand),
    /// Draw uncertain parameters, solve each draw, and summarise the outcomes.
    Montecarlo(analysis::MonteCarloCommand),
    /// Combine the shards of a sweep or Monte Carlo run exactly as one run.
    Merge(brink_analysis::cli::MergeArgs),
    /// Draw a game tree (TikZ with istgame, SVG or PNG) with its equilibrium.
    Tree(analysis::TreeCommand),
    /// Serve the web page (explore a crisis or a Gambit game) and its HTTP API.
    Serve(serve::ServeArgs),
}

fn main() -> ExitCode {
    // `brink ... | head` should end quietly, as Unix tools do, not panic on a
    // closed pipe: restore the default SIGPIPE action that Rust's runtime ignores.
    #[cfg(unix)]
    // SAFETY: called first thing in main, before any thread is started.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
    let cli = Cli::parse();
    let result = match cli.command {
        None => run::run_default(),
        Some(Command::Info(args)) => info::run_info(&args),
        Some(Command::Convert(args)) => info::run_convert(&args),
        Some(Command::Solve(args)) => solve::run_solve(&args),
        Some(Command::Run(args)) => run::run_cli(&args),
        Some(Command::Models(args)) => run::run_models(&args),
        Some(Command::Estimate(args)) => estimate::run_estimate(&args),
        Some(Command::Predict(args)) => brink_estimate::cli::run_predict(&args),
        Some(Command::Sweep(cmd)) => analysis::run_sweep(&cmd),
        Some(Command::Montecarlo(cmd)) => analysis::run_montecarlo(&cmd),
        Some(Command::Merge(args)) => analysis::run_merge(&args),
        Some(Command::Tree(cmd)) => analysis::run_tree(&cmd),
        Some(Command::Serve(args)) => serve::run_serve(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::from(1)
        }
    }
}
