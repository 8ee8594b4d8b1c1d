//! Gambit games: reading, describing, writing, and the solvers of `brink solve`.

use crate::{error, json_string, usage};
use brink_game::{Game, Owner};
use pyo3::prelude::*;
use serde_json::{json, Value};
use std::sync::Arc;

/// A game read from a Gambit `.efg` or `.nfg` text.
#[pyclass(module = "brinkmanship._native", name = "Game", frozen)]
pub struct PyGame {
    game: Arc<Game>,
}

fn parse_error(e: brink_gambit::ParseError) -> PyErr {
    let loc = Some((e.file.clone(), e.line, e.column));
    error("ParseError", e.to_string(), loc)
}

fn solve_error(e: impl std::fmt::Display) -> PyErr {
    error("SolveError", e.to_string(), None)
}

/// Reads a game from the text of a `.efg` or `.nfg` file; `source_name` is
/// the name errors point into.
#[pyfunction]
fn read_game(py: Python<'_>, text: String, source_name: String) -> PyResult<PyGame> {
    let game = py
        .allow_threads(|| brink_gambit::read_game(&text, &source_name))
        .map_err(parse_error)?;
    Ok(PyGame {
        game: Arc::new(game),
    })
}

fn payoffs(o: &brink_game::extensive::Outcome) -> Value {
    json!({
        "label": o.label,
        "payoffs": o.payoffs_f64,
        "exact": o.payoffs.iter().map(brink_game::number::format_rational).collect::<Vec<_>>(),
    })
}

/// Players, their information sets and actions (or strategies), and the
/// outcomes: what the Python `Game` object shows.
fn structure(game: &Game) -> Value {
    match game {
        Game::Extensive(g) => {
            let infoset = |i: &brink_game::extensive::Infoset| {
                json!({
                    "number": i.number,
                    "label": i.label,
                    "actions": i.actions.iter().map(|a| a.label.clone()).collect::<Vec<_>>(),
                })
            };
            let players: Vec<Value> = (0..g.num_players())
                .map(|p| {
                    json!({
                        "name": g.players[p],
                        "infosets": g.player_infosets(p).iter().map(|&i| infoset(g.infoset(i))).collect::<Vec<_>>(),
                    })
                })
                .collect();
            let chance: Vec<Value> = g
                .infosets()
                .iter()
                .filter(|i| i.owner == Owner::Chance)
                .map(infoset)
                .collect();
            json!({
                "title": g.title,
                "form": "extensive",
                "players": players,
                "chance_infosets": chance,
                "outcomes": g.outcomes().iter().map(payoffs).collect::<Vec<_>>(),
                "nodes": g.num_nodes(),
                "perfect_information": g.is_perfect_information(),
                "perfect_recall": g.check_perfect_recall().is_ok(),
            })
        }
        Game::Strategic(g) => json!({
            "title": g.title,
            "form": "strategic",
            "players": (0..g.num_players())
                .map(|p| json!({"name": g.players[p], "strategies": g.strategies[p]}))
                .collect::<Vec<_>>(),
            "outcomes": g.outcomes.iter().map(payoffs).collect::<Vec<_>>(),
            "cells": g.num_cells(),
        }),
    }
}

#[pymethods]
impl PyGame {
    /// The game's title.
    #[getter]
    fn title(&self) -> String {
        self.game.title().to_string()
    }

    /// Whether the game is a tree (`.efg`) rather than a table (`.nfg`).
    #[getter]
    fn is_tree(&self) -> bool {
        matches!(*self.game, Game::Extensive(_))
    }

    /// Players, information sets, actions, strategies and outcomes, as JSON.
    fn structure_json(&self) -> PyResult<String> {
        json_string(&structure(&self.game))
    }

    /// The game as `.efg` text (trees only).
    fn to_efg(&self) -> PyResult<String> {
        match &*self.game {
            Game::Extensive(g) => Ok(brink_gambit::write_efg(g)),
            Game::Strategic(_) => Err(usage(
                "a strategic game can only be written as .nfg (to_nfg)",
            )),
        }
    }

    /// The game as `.nfg` text: a tree becomes its reduced strategic form, as
    /// `brink convert` writes it.
    fn to_nfg(&self, py: Python<'_>) -> PyResult<String> {
        let game = self.game.clone();
        py.allow_threads(move || match &*game {
            Game::Strategic(g) => Ok(brink_gambit::write_nfg(g)),
            Game::Extensive(g) => brink_game::reduced::reduced_strategic_form(
                g,
                brink_game::reduced::DEFAULT_MAX_CELLS,
            )
            .map(|r| brink_gambit::write_nfg(&r.game))
            .map_err(|e| solve_error(format!("cannot build the reduced strategic form: {e}"))),
        })
    }

    /// Equilibria by `method` (enumpure, spe, enummixed, lcp, lp; liap,
    /// enumpoly and simpdiv in floating point), exact unless `rational` is false: the JSON of `brink solve --format json`.
    #[pyo3(signature = (method, rational = true, lcp_start = "auto"))]
    fn solve(
        &self,
        py: Python<'_>,
        method: &str,
        rational: bool,
        lcp_start: &str,
    ) -> PyResult<String> {
        use brink_nash::Method;
        let m = match method {
            "enumpure" => Method::EnumPure,
            "spe" => Method::Spe,
            "enummixed" => Method::EnumMixed,
            "lcp" => Method::Lcp,
            "lp" => Method::Lp,
            "liap" => Method::Liap,
            "enumpoly" => Method::EnumPoly,
            "simpdiv" => Method::Simpdiv,
            "ipa" => Method::Ipa,
            "gnm" => Method::Gnm,
            _ => {
                return Err(usage(format!(
                "unknown method `{method}`: enumpure, spe, enummixed, lcp, lp, liap, enumpoly, simpdiv, ipa, gnm, logit or sequential"
            )))
            }
        };
        let start = match lcp_start {
            "auto" => brink_nash::lcp::LcpStart::Auto,
            "gambit" => brink_nash::lcp::LcpStart::Gambit,
            "prior" => brink_nash::lcp::LcpStart::Prior,
            _ => {
                return Err(usage(format!(
                    "lcp_start `{lcp_start}`: auto, gambit or prior"
                )))
            }
        };
        if m != Method::Lcp && lcp_start != "auto" {
            return Err(usage("lcp_start applies to method lcp only"));
        }
        let game = self.game.clone();
        let float = !rational;
        let solutions = py
            .allow_threads(move || {
                if m == Method::Lcp {
                    let options = brink_nash::lcp::LcpOptions {
                        start,
                        stop_after: None,
                    };
                    brink_nash::lcp::lcp_watched(
                        &game,
                        float,
                        &options,
                        &brink_game::Watch::quiet(),
                    )
                } else {
                    brink_nash::solve(&game, m, float)
                }
            })
            .map_err(solve_error)?;
        json_string(&brink_game::profile::solutions_json(
            &self.game, method, &solutions,
        ))
    }

    /// The logit QRE branch to its Nash limit (or the QRE at `lambda`): the
    /// JSON of `brink solve --method logit --format json`, with the branch's
    /// points under `path` when `record_path` is set.
    #[pyo3(signature = (max_lambda = None, max_regret = None, lambda_ = None, record_path = false))]
    fn logit(
        &self,
        py: Python<'_>,
        max_lambda: Option<f64>,
        max_regret: Option<f64>,
        lambda_: Option<f64>,
        record_path: bool,
    ) -> PyResult<String> {
        let mut opts = brink_qre::LogitOptions::default();
        if let Some(l) = max_lambda {
            opts.max_lambda = l;
        }
        if let Some(r) = max_regret {
            opts.max_regret = r;
        }
        opts.record_path = record_path;
        let game = self.game.clone();
        let result = py
            .allow_threads(move || match lambda_ {
                Some(l) => brink_qre::qre_at_with(&game, l, &opts),
                None => brink_qre::logit(&game, &opts),
            })
            .map_err(solve_error)?;
        let mut v = brink_game::profile::solutions_json(
            &self.game,
            "logit",
            std::slice::from_ref(&result.solution),
        );
        v["lambda"] = json!(result.lambda);
        v["converged"] = json!(result.converged);
        v["stop_reason"] = json!(result.stop_reason);
        v["bifurcation_lambdas"] = json!(result.bifurcation_lambdas);
        v["regret_kind"] = json!(brink_qre::RegretKind::of(&self.game).name());
        if record_path {
            v["path"] = brink_qre::path_to_json(&self.game, &result.path);
        }
        json_string(&v)
    }
}

/// Registers the game functions and class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyGame>()?;
    m.add_function(wrap_pyfunction!(read_game, m)?)?;
    Ok(())
}
