//! `brink info` and `brink convert`.

use crate::analysis::Global;
use crate::args::{check_output, write_output};
use anyhow::{bail, Context, Result};
use brink_gambit::GameFile;
use brink_game::{Game, Owner};
use clap::{Args, ValueEnum};
use serde_json::json;
use std::path::{Path, PathBuf};

/// Output format of `info`.
#[derive(Copy, Clone, Debug, ValueEnum, PartialEq, Eq)]
pub enum InfoFormat {
    /// Human-readable.
    Text,
    /// One JSON object.
    Json,
}

/// Arguments of `brink info`.
#[derive(Args, Debug)]
pub struct InfoArgs {
    /// A Gambit .efg, .nfg, .agg or .bagg file.
    file: PathBuf,
    /// Output format.
    #[arg(long, value_enum, default_value_t = InfoFormat::Text)]
    format: InfoFormat,
    /// Where to write the description (default: standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

/// Arguments of `brink convert`.
#[derive(Args, Debug)]
pub struct ConvertArgs {
    /// A Gambit .efg, .nfg, .agg or .bagg file.
    file: PathBuf,
    /// The file to write; its extension (.efg, .nfg, .agg or .bagg) picks the
    /// format. An action-graph game can be written as .nfg (its strategic
    /// form) or in its own format.
    #[arg(short, long)]
    output: PathBuf,
}

/// Reads a game file, with the file name in every error (an action-graph
/// game as its strategic form).
pub fn load_game(path: &Path) -> Result<Game> {
    Ok(brink_gambit::read_game_file(path)?)
}

/// Reads a game file, keeping an action-graph game in its own form.
pub fn load_any(path: &Path) -> Result<GameFile> {
    Ok(brink_gambit::read_any_file(path)?)
}

/// The facts `info` prints, as JSON.
pub fn describe(game: &Game) -> serde_json::Value {
    match game {
        Game::Extensive(g) => {
            let players: Vec<_> = (0..g.num_players())
                .map(|p| {
                    json!({
                        "name": g.players[p],
                        "infosets": g.player_infosets(p).len(),
                        "actions": g.num_actions(p),
                        "pure_strategies": count(g.num_pure_strategies(p)),
                    })
                })
                .collect();
            let chance = g
                .infosets()
                .iter()
                .filter(|i| i.owner == Owner::Chance)
                .count();
            json!({
                "title": g.title,
                "form": "extensive",
                "players": players,
                "nodes": g.num_nodes(),
                "terminal_nodes": (0..g.num_nodes()).filter(|&n| g.is_terminal(brink_game::NodeId(n as u32))).count(),
                "chance_infosets": chance,
                "outcomes": g.outcomes().len(),
                "perfect_information": g.is_perfect_information(),
                "perfect_recall": g.check_perfect_recall().is_ok(),
                "constant_sum": g.is_constant_sum(),
            })
        }
        Game::Strategic(g) => {
            let players: Vec<_> = (0..g.num_players())
                .map(|p| json!({"name": g.players[p], "strategies": g.strategies[p]}))
                .collect();
            json!({
                "title": g.title,
                "form": "strategic",
                "players": players,
                "cells": g.num_cells(),
                "outcomes": g.outcomes.len(),
                "constant_sum": g.is_constant_sum(),
            })
        }
    }
}

/// `brink info`.
pub fn run_info(args: &InfoArgs, g: Global) -> Result<()> {
    if let Some(p) = &args.output {
        check_output(p, g.force)?;
    }
    let game = load_game(&args.file)?;
    let facts = describe(&game);
    let text = match args.format {
        InfoFormat::Json => serde_json::to_string_pretty(&facts)? + "\n",
        InfoFormat::Text => info_text(&game, &facts),
    };
    write_output(args.output.as_deref(), text.as_bytes())
}

fn info_text(game: &Game, facts: &serde_json::Value) -> String {
    let mut out = format!(
        "title: {}\nform: {}\n",
        game.title(),
        facts["form"].as_str().unwrap_or("")
    );
    match game {
        Game::Extensive(g) => {
            out += &format!(
                "nodes: {} ({} terminal)\n",
                g.num_nodes(),
                facts["terminal_nodes"]
            );
            out += &format!("outcomes: {}\n", g.outcomes().len());
            out += &format!("chance information sets: {}\n", facts["chance_infosets"]);
            out += "players:\n";
            for p in 0..g.num_players() {
                out += &format!(
                    "  {}: {} information sets, {} actions, {} pure strategies\n",
                    g.players[p],
                    g.player_infosets(p).len(),
                    g.num_actions(p),
                    g.num_pure_strategies(p)
                );
            }
            let recall = match g.check_perfect_recall() {
                Ok(()) => "yes".to_string(),
                Err(e) => format!("no ({e})"),
            };
            out += &format!(
                "perfect information: {}\n",
                yes_no(g.is_perfect_information())
            );
            out += &format!("perfect recall: {recall}\n");
            out += &format!("constant sum: {}\n", yes_no(g.is_constant_sum()));
        }
        Game::Strategic(g) => {
            out += "players:\n";
            for p in 0..g.num_players() {
                out += &format!(
                    "  {}: {} strategies ({})\n",
                    g.players[p],
                    g.strategies[p].len(),
                    g.strategies[p].join(", ")
                );
            }
            out += &format!("cells: {}\noutcomes: {}\n", g.num_cells(), g.outcomes.len());
            out += &format!("constant sum: {}\n", yes_no(g.is_constant_sum()));
        }
    }
    out
}

fn yes_no(b: bool) -> &'static str {
    if b {
        "yes"
    } else {
        "no"
    }
}

/// `brink convert`.
pub fn run_convert(args: &ConvertArgs, g: Global) -> Result<()> {
    check_output(&args.output, g.force)?;
    let extension = args
        .output
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("");
    let name = args.file.display().to_string();
    let game = match (load_any(&args.file)?, extension) {
        (GameFile::ActionGraph(g), "agg" | "bagg") => {
            let own = if g.graph().is_bayesian() {
                "bagg"
            } else {
                "agg"
            };
            if extension != own {
                bail!(
                    "{name} is {} action-graph game; it is written as .{own}",
                    if own == "bagg" { "a Bayesian" } else { "an" }
                );
            }
            return write_output(Some(&args.output), brink_gambit::write_agg(&g).as_bytes());
        }
        (_, "agg" | "bagg") => {
            bail!("{name} is not an action-graph game; only .agg and .bagg files can be written as .agg or .bagg")
        }
        (file, _) => file.into_game(&name, brink_gambit::MAX_AGG_PROFILES)?,
    };
    let text = match (extension, &game) {
        ("efg", Game::Extensive(g)) => brink_gambit::write_efg(g),
        ("efg", Game::Strategic(_)) => {
            bail!(
                "{} is a strategic game; it can only be written as .nfg",
                args.file.display()
            )
        }
        ("nfg", Game::Strategic(g)) => brink_gambit::write_nfg(g),
        ("nfg", Game::Extensive(g)) => {
            let reduced = brink_game::reduced::reduced_strategic_form(
                g,
                brink_game::reduced::DEFAULT_MAX_CELLS,
            )
            .context("cannot build the reduced strategic form")?;
            brink_gambit::write_nfg(&reduced.game)
        }
        _ => bail!(
            "cannot tell the output format from {}: expected a name ending in .efg, .nfg, .agg or .bagg",
            args.output.display()
        ),
    };
    write_output(Some(&args.output), text.as_bytes())
}

/// A count as a JSON number: exact up to 2^64, a float above (counts of
/// pure strategies saturate at 2^128).
fn count(n: u128) -> serde_json::Value {
    match u64::try_from(n) {
        Ok(k) => json!(k),
        Err(_) => json!(n as f64),
    }
}
