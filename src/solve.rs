//! `brink solve`: one front for every solver, one output format for all.

use crate::info::load_game;
use anyhow::Result;
use brink_game::{Game, Solution};
use brink_nash::Method;
use clap::{Args, ValueEnum};
use serde_json::json;
use std::path::PathBuf;

/// Solution methods, named as Gambit names its tools.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum MethodArg {
    /// Every pure-strategy Nash equilibrium.
    Enumpure,
    /// Subgame-perfect equilibrium by backward induction (perfect information).
    Spe,
    /// All extreme equilibria of a two-player game, exactly.
    Enummixed,
    /// Lemke–Howson (strategic) or Lemke on the sequence form (extensive).
    Lcp,
    /// Two-player zero-sum games by linear programming.
    Lp,
}

/// Output format of `solve`.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum SolveFormat {
    /// Readable, with names.
    Text,
    /// JSON with names and regret.
    Json,
    /// One `NE,...` row per equilibrium, as Gambit's command-line tools print.
    Gambit,
}

/// Arguments of `brink solve`.
#[derive(Args, Debug)]
pub struct SolveArgs {
    /// A Gambit .efg or .nfg file.
    file: PathBuf,
    /// The solution method.
    #[arg(long, short, value_enum)]
    method: MethodArg,
    /// Floating-point arithmetic instead of exact rationals.
    #[arg(long)]
    float: bool,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SolveFormat::Text)]
    format: SolveFormat,
}

/// `brink solve`.
pub fn run_solve(args: &SolveArgs) -> Result<()> {
    let game = load_game(&args.file)?;
    let method = match args.method {
        MethodArg::Enumpure => Method::EnumPure,
        MethodArg::Spe => Method::Spe,
        MethodArg::Enummixed => Method::EnumMixed,
        MethodArg::Lcp => Method::Lcp,
        MethodArg::Lp => Method::Lp,
    };
    let solutions = brink_nash::solve(&game, method, args.float)?;
    let name = format!("{:?}", args.method).to_lowercase();
    print!("{}", render(&game, &name, &solutions, args.format)?);
    Ok(())
}

/// Renders checked solutions in the requested format.
pub fn render(
    game: &Game,
    method: &str,
    solutions: &[Solution],
    format: SolveFormat,
) -> Result<String> {
    Ok(match format {
        SolveFormat::Gambit => solutions
            .iter()
            .map(|s| s.gambit_row(game) + "\n")
            .collect(),
        SolveFormat::Json => {
            let eqs: Vec<_> = solutions.iter().map(|s| s.to_json(game)).collect();
            let max = solutions
                .iter()
                .map(Solution::regret_f64)
                .fold(0.0, f64::max);
            serde_json::to_string_pretty(&json!({
                "game": game.title(),
                "method": method,
                "equilibria": eqs,
                "max_regret": max,
            }))? + "\n"
        }
        SolveFormat::Text => text(game, method, solutions),
    })
}

fn text(game: &Game, method: &str, solutions: &[Solution]) -> String {
    let mut out = format!(
        "{}: {} equilibri{} by {method}\n",
        if game.title().is_empty() {
            "game"
        } else {
            game.title()
        },
        solutions.len(),
        if solutions.len() == 1 { "um" } else { "a" }
    );
    for (k, s) in solutions.iter().enumerate() {
        let j = s.to_json(game);
        out += &format!(
            "\nequilibrium {} (max regret {}):\n",
            k + 1,
            s.regret_text()
        );
        for player in j["players"].as_array().into_iter().flatten() {
            out += &format!("  {}\n", player["name"].as_str().unwrap_or(""));
            let line = |a: &serde_json::Value| {
                let p = a["exact"]
                    .as_str()
                    .map(str::to_string)
                    .unwrap_or_else(|| format!("{:.6}", a["prob"].as_f64().unwrap_or(f64::NAN)));
                format!("{}={}", display_label(a["label"].as_str().unwrap_or("")), p)
            };
            if let Some(strategies) = player["strategies"].as_array() {
                out += &format!(
                    "    {}\n",
                    strategies.iter().map(line).collect::<Vec<_>>().join("  ")
                );
            }
            for iset in player["infosets"].as_array().into_iter().flatten() {
                let actions: Vec<String> = iset["actions"]
                    .as_array()
                    .into_iter()
                    .flatten()
                    .map(line)
                    .collect();
                out += &format!(
                    "    infoset {} {}: {}\n",
                    iset["number"],
                    display_label(iset["label"].as_str().unwrap_or("")),
                    actions.join("  ")
                );
            }
        }
    }
    out
}

fn display_label(label: &str) -> String {
    if label.is_empty() {
        "\"\"".to_string()
    } else {
        label.to_string()
    }
}
