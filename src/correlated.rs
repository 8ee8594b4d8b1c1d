//! `brink solve --method ce|efce`: printing correlated equilibria, of the
//! strategic form or extensive-form ones of a tree, under the same keys.

use crate::solve::SolveFormat;
use anyhow::Result;
use brink_game::number::{format_f64, format_rational};
use brink_game::{Field, Game};
use brink_nash::ce::{ce, CeSolution, CorrelatedEquilibrium, Objective};
use brink_nash::efce::efce;
use serde_json::{json, Value};

/// Solves `game` for the correlated equilibrium optimising `objective`
/// (`welfare` when absent), extensive-form (`efce`) when `extensive`, and
/// appends it to `out` in `format`.
pub fn run_ce(
    game: &Game,
    extensive: bool,
    objective: Option<&str>,
    float: bool,
    format: SolveFormat,
    out: &mut String,
) -> Result<()> {
    let objective_text = objective.unwrap_or("welfare");
    let objective = Objective::parse(game, objective_text).map_err(anyhow::Error::msg)?;
    let (method, solution) = if extensive {
        if !matches!(game, Game::Extensive(_)) {
            anyhow::bail!(
                "method `efce` needs a game tree (.efg); on a strategic game extensive-form \
                 correlated equilibria are the correlated equilibria: use --method ce"
            );
        }
        ("efce", efce(game, &objective, float)?)
    } else {
        ("ce", ce(game, &objective, float)?)
    };
    let text = match &solution {
        CeSolution::Exact(e) => render(game, method, objective_text, e, format_rational, format),
        CeSolution::Float(e) => render(game, method, objective_text, e, |x| format_f64(*x), format),
    }?;
    out.push_str(&text);
    Ok(())
}

fn render<T: Field>(
    game: &Game,
    method: &str,
    objective: &str,
    e: &CorrelatedEquilibrium<T>,
    show: impl Fn(&T) -> String,
    format: SolveFormat,
) -> Result<String> {
    let labels = |profile: &[usize]| -> Vec<String> {
        profile
            .iter()
            .enumerate()
            .map(|(i, &s)| e.strategies[i][s].clone())
            .collect()
    };
    Ok(match format {
        SolveFormat::Json => {
            let exact = T::EXACT;
            let with_exact = |mut v: Value, x: &T| {
                if exact {
                    v["exact"] = Value::from(show(x));
                }
                v
            };
            let distribution: Vec<Value> = e
                .distribution
                .iter()
                .map(|(profile, p)| {
                    with_exact(
                        json!({"profile": labels(profile), "probability": p.to_f64()}),
                        p,
                    )
                })
                .collect();
            let mut v = json!({
                "game": game.title(),
                "method": method,
                "objective": objective,
                "objective_value": e.objective.to_f64(),
                "players": e.players,
                "distribution": distribution,
                "payoffs": e.payoffs.iter().map(Field::to_f64).collect::<Vec<_>>(),
                "max_gain": e.max_gain.to_f64(),
            });
            if exact {
                v["payoffs_exact"] = json!(e.payoffs.iter().map(&show).collect::<Vec<_>>());
                v["max_gain_exact"] = json!(show(&e.max_gain));
                v["objective_value_exact"] = json!(show(&e.objective));
            }
            serde_json::to_string_pretty(&v)? + "\n"
        }
        SolveFormat::Gambit => {
            // Gambit has no correlated equilibria; a row per profile in its
            // spirit: `CE,probability,strategy labels` (`EFCE,...` for efce).
            let tag = if method == "efce" { "EFCE" } else { "CE" };
            e.distribution
                .iter()
                .map(|(profile, p)| format!("{tag},{},{}\n", show(p), labels(profile).join(",")))
                .collect()
        }
        SolveFormat::Text => {
            use std::fmt::Write;
            let mut out = format!(
                "{}: {} by {method}, {objective} = {}\n\n",
                if game.title().is_empty() {
                    "game"
                } else {
                    game.title()
                },
                if method == "efce" {
                    "extensive-form correlated equilibrium"
                } else {
                    "correlated equilibrium"
                },
                show(&e.objective)
            );
            let _ = writeln!(out, "distribution over {}:", e.players.join(" x "));
            for (profile, p) in &e.distribution {
                let _ = writeln!(out, "  {:>12}  {}", show(p), labels(profile).join(" "));
            }
            out.push_str("payoffs:\n");
            for (name, x) in e.players.iter().zip(&e.payoffs) {
                let _ = writeln!(out, "  {name}: {}", show(x));
            }
            let _ = writeln!(
                out,
                "largest gain from {}: {}",
                if method == "efce" {
                    "a trigger deviation"
                } else {
                    "disobeying"
                },
                show(&e.max_gain)
            );
            out
        }
    })
}
