//! `brink`: the command-line front of brinkmanship. Thin by design: each
//! subcommand parses its arguments and hands over to a library crate.

mod analysis;
mod args;
mod correlated;
mod estimate;
mod info;
mod progress;
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
    /// No progress bars or progress lines.
    #[arg(long, short = 'q', global = true)]
    quiet: bool,
    /// Replace output files that exist (`-o`, `--plot`, `--probs-csv`);
    /// without it, a command that would replace one stops before any work.
    #[arg(long, global = true)]
    force: bool,
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
    Estimate(Box<estimate::EstimateArgs>),
    /// Predict outcome probabilities from a fitted model for new data.
    Predict(estimate::PredictArgs),
    /// Comparative statics: solve a scenario over a grid of one or two parameters.
    Sweep(analysis::SweepCommand),
    /// Draw uncertain parameters, solve each draw, and summarise the outcomes.
    Montecarlo(analysis::MonteCarloCommand),
    /// Combine the shards of a sweep or Monte Carlo run exactly as one run.
    Merge(analysis::MergeArgs),
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
    progress::init_tracing();
    let g = analysis::Global {
        quiet: cli.quiet,
        force: cli.force,
    };
    let result = match cli.command {
        None => run::run_default(g),
        Some(Command::Info(args)) => info::run_info(&args, g),
        Some(Command::Convert(args)) => info::run_convert(&args, g),
        Some(Command::Solve(args)) => solve::run_solve(&args, g),
        Some(Command::Run(args)) => run::run_cli(&args, g),
        Some(Command::Models(args)) => run::run_models(&args),
        Some(Command::Estimate(args)) => estimate::run_estimate(&args, g),
        Some(Command::Predict(args)) => estimate::run_predict(&args, g),
        Some(Command::Sweep(cmd)) => analysis::run_sweep(&cmd, g),
        Some(Command::Montecarlo(cmd)) => analysis::run_montecarlo(&cmd, g),
        Some(Command::Merge(args)) => analysis::run_merge(&args, g),
        Some(Command::Tree(cmd)) => analysis::run_tree(&cmd, g),
        Some(Command::Serve(args)) => serve::run_serve(&args),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            // One line per link of the chain, each said once: a message that
            // already quotes its source does not repeat it.
            let mut text = String::new();
            for cause in e.chain() {
                let msg = cause.to_string();
                if !text.contains(&msg) {
                    if !text.is_empty() {
                        text.push_str(": ");
                    }
                    text.push_str(&msg);
                }
            }
            eprintln!("error: {text}");
            let is_usage = e.chain().any(|c| c.is::<args::Usage>());
            ExitCode::from(if is_usage { 2 } else { 1 })
        }
    }
}
