//! Stand-alone `estimate` / `predict` front end with the same arguments as
//! `brink estimate` and `brink predict` (used by bench/estimate_leblang.sh
//! when the `brink` binary is not available).
use clap::{Parser, Subcommand};

#[derive(Parser)]
struct Cli {
    #[command(subcommand)]
    cmd: Cmd,
}

#[derive(Subcommand)]
enum Cmd {
    /// Fit a strategic model.
    Estimate(Box<brink_estimate::cli::EstimateArgs>),
    /// Predict with a fitted model.
    Predict(brink_estimate::cli::PredictArgs),
}

fn main() {
    let cli = Cli::parse();
    let r = match &cli.cmd {
        Cmd::Estimate(a) => brink_estimate::cli::run_estimate(a),
        Cmd::Predict(a) => brink_estimate::cli::run_predict(a),
    };
    if let Err(e) = r {
        eprintln!("error: {e:#}");
        std::process::exit(1);
    }
}
