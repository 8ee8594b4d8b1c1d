//! The crisis language of brinkmanship.
//!
//! A crisis is written as a parametric game in a small text language (see
//! `docs/language.md`), compiled to the engine's [`ExtensiveGame`], solved
//! for a refined equilibrium and reported as outcome probabilities, expected
//! human costs, payoffs, the equilibrium in words and the beliefs that matter.
//!
//! The library API, for `brink run` and for tools built on top (sweeps, Monte
//! Carlo, tree drawings):
//!
//! ```
//! use brink_crisis::{Scenario, Method};
//! let s = Scenario::from_library("fearon-risk-return").unwrap();
//! let s = s.with_overrides(&[("c_hi".into(), 0.4)]).unwrap();
//! for p in s.parameters().unwrap() { let _ = (p.name, p.value, p.range, p.dist); }
//! let game = brink_crisis::compile(&s).unwrap();          // ExtensiveGame + labels + metrics
//! assert!(game.game.num_nodes() > 1);
//! let report = brink_crisis::solve(&s, Method::Auto).unwrap();
//! assert!((report.outcome("war") - 0.375).abs() < 1e-6);
//! ```
#![warn(missing_docs)]

pub mod ast;
pub mod cli;
pub mod compile;
pub mod dist;
pub mod error;
pub mod expr;
pub mod lexer;
pub mod library;
pub mod parser;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod uncertainty;

pub use compile::{compile, compile_at, CompiledGame, ContinuousChoice, PlayerInfo, Terminal};
pub use dist::Dist;
pub use error::{Error, ErrorKind};
pub use report::{LeverResult, OtherEquilibrium, Report};
pub use scenario::{Lever, Parameter, Scenario};

use brink_game::ExtensiveGame;
use compile::DEFAULT_MAX_NODES;

/// How to solve.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Method {
    /// Subgame perfect for perfect information without private types,
    /// otherwise a perfect Bayesian equilibrium in cut-point strategies.
    #[default]
    Auto,
    /// Perfect Bayesian equilibrium: cut-point best responses for players with
    /// private types, backward induction with Bayes' rule beliefs for the rest.
    Pbe,
    /// Subgame perfect equilibrium by backward induction (perfect information only).
    Spe,
}

/// Best-response iterations before the solver gives up converging.
const MAX_ITER: usize = 1000;

const ILLUSTRATIVE: &str = "the parameters are illustrative assumptions, not a forecast";

impl Report {
    /// The probability of an outcome label (0 if absent).
    pub fn outcome(&self, label: &str) -> f64 {
        self.outcomes
            .iter()
            .find(|(k, _)| k == label)
            .map_or(0.0, |x| x.1)
    }

    /// The expected value of a metric (0 if absent).
    pub fn expected(&self, metric: &str) -> f64 {
        self.expected
            .iter()
            .find(|(k, _)| k == metric)
            .map_or(0.0, |x| x.1)
    }
}

/// Parses a scenario from a library name or a file, applies `--set`
/// overrides, solves it and reports; the lever table is added when the
/// scenario declares levers.
pub fn run(source: &str, overrides: &[(String, f64)], method: Method) -> Result<Report, Error> {
    let s = Scenario::load(source)?.with_overrides(overrides)?;
    run_scenario(&s, method)
}

/// Solves a scenario and, if it declares levers, each lever against it.
pub fn run_scenario(s: &Scenario, method: Method) -> Result<Report, Error> {
    use rayon::prelude::*;
    let levers = s.levers()?;
    // The baseline and the levers are independent games: solve them in parallel.
    let mut runs: Vec<Result<Report, Error>> = std::iter::once(None)
        .chain(levers.iter().map(Some))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|lever| match lever {
            None => solve(s, method),
            Some(l) => {
                let mut ov = s.overrides().to_vec();
                ov.extend(l.changes.iter().cloned());
                solve(&s.with_overrides(&ov)?, method)
            }
        })
        .collect();
    let mut report = runs.remove(0)?;
    for (lever, r) in levers.into_iter().zip(runs) {
        let r = r?;
        report.levers.push(LeverResult {
            name: lever.name,
            doc: lever.doc,
            changes: lever.changes,
            outcomes: r.outcomes,
            expected: r.expected,
        });
    }
    Ok(report)
}

/// Compiles and solves one scenario (levers not included).
pub fn solve(s: &Scenario, method: Method) -> Result<Report, Error> {
    solve_from(s, method, None).map(|(r, _)| r)
}

/// As [`solve`], starting from the solution of a neighbouring scenario (the
/// same model at nearby parameter values) where it fits the game; returns the
/// report and the state a further neighbour may start from. A scenario with a
/// continuous choice solves many games and neither takes nor gives a start.
pub fn solve_from(
    s: &Scenario,
    method: Method,
    start: Option<&solve::Start>,
) -> Result<(Report, Option<solve::Start>), Error> {
    let probe = compile_at(s, None, DEFAULT_MAX_NODES)?;
    let Some(cont) = probe.continuous.clone() else {
        let eq = solve_game_from(&probe, method, start)?;
        let report = build_report(s, &probe, &eq, method, 0.0);
        return Ok((report, Some(eq.start())));
    };
    // (compile refuses a continuous choice by a typed player, at its place)
    // The chooser's equilibrium payoff as a function of the choice, maximised
    // on a grid and then by golden-section search around the best grid point.
    // Each solve starts from the last one: the choice moves payoffs, not the
    // tree, and neighbouring values usually share the regime. Only a
    // converged solution is passed on, and the value of a choice counts
    // only when its solve converged.
    let warm: std::cell::RefCell<Option<solve::Start>> = Default::default();
    let value = |x: f64| -> Result<f64, Error> {
        let cg = compile_at(s, Some(x), DEFAULT_MAX_NODES)?;
        let start = warm.borrow().clone();
        let eq = solve_game_from(&cg, method, start.as_ref())?;
        if eq.converged {
            *warm.borrow_mut() = Some(eq.start());
        }
        Ok(eq.payoffs[cont.player])
    };
    let n = 40;
    let grid: Vec<f64> = (0..=n)
        .map(|k| cont.lo + (cont.hi - cont.lo) * k as f64 / n as f64)
        .collect();
    let mut vals = Vec::with_capacity(grid.len());
    for &x in &grid {
        vals.push(value(x)?);
    }
    let best = (0..vals.len()).fold(0, |b, k| if vals[k] > vals[b] + 1e-12 { k } else { b });
    let (mut a, mut b) = (grid[best.saturating_sub(1)], grid[(best + 1).min(n)]);
    let phi = (5f64.sqrt() - 1.0) / 2.0;
    let mut c = b - phi * (b - a);
    let mut d = a + phi * (b - a);
    let (mut fc, mut fd) = (value(c)?, value(d)?);
    while b - a > 1e-9 {
        if fc >= fd {
            b = d;
            d = c;
            fd = fc;
            c = b - phi * (b - a);
            fc = value(c)?;
        } else {
            a = c;
            c = d;
            fc = fd;
            d = a + phi * (b - a);
            fd = value(d)?;
        }
    }
    let mut x = if fc >= fd { c } else { d };
    let mut fx = fc.max(fd);
    if vals[best] > fx {
        x = grid[best];
        fx = vals[best];
    }
    let cg = compile_at(s, Some(x), DEFAULT_MAX_NODES)?;
    let start = warm.borrow().clone();
    let eq = solve_game_from(&cg, method, start.as_ref())?;
    // Regret of the choice itself: what the best grid point gains over it.
    let grid_gain = (vals[best] - fx).max(0.0);
    Ok((build_report(s, &cg, &eq, method, grid_gain), None))
}

/// Solves a scenario (levers not included) and looks for its other
/// equilibria from `starts` seeded starts ([`solve::solve_many`]): the
/// report is [`solve`]'s, with the others in `others`. A scenario with a
/// continuous choice at the root is refused (each value of the choice is a
/// different game).
pub fn solve_all(s: &Scenario, method: Method, starts: usize, seed: u64) -> Result<Report, Error> {
    let cg = compile_at(s, None, DEFAULT_MAX_NODES)?;
    if cg.continuous.is_some() {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            "`--all` cannot search a scenario with a continuous choice at the root",
            "choose on a grid instead (`in [lo, hi] grid 21`), which makes it one game",
        ));
    }
    check_method(&cg, method)?;
    let found = solve::solve_many(&cg, MAX_ITER, starts.max(1), seed);
    let mut report = build_report(s, &cg, &found[0], method, 0.0);
    report.starts = starts;
    for eq in &found[1..] {
        let r = build_report(s, &cg, eq, method, 0.0);
        report.others.push(report::OtherEquilibrium {
            outcomes: r.outcomes,
            payoffs: r.payoffs,
            regret: r.regret,
        });
    }
    Ok(report)
}

/// Solves a compiled game with the chosen method.
pub fn solve_game(cg: &CompiledGame, method: Method) -> Result<solve::Equilibrium, Error> {
    solve_game_from(cg, method, None)
}

/// As [`solve_game`], starting from `start` where it fits the game.
pub fn solve_game_from(
    cg: &CompiledGame,
    method: Method,
    start: Option<&solve::Start>,
) -> Result<solve::Equilibrium, Error> {
    check_method(cg, method)?;
    Ok(solve::solve_from(cg, MAX_ITER, start))
}

/// Refuses a method the game cannot take.
fn check_method(cg: &CompiledGame, method: Method) -> Result<(), Error> {
    let typed = cg.players.iter().any(|p| p.private.is_some());
    if method == Method::Spe && (typed || !cg.game.is_perfect_information()) {
        return Err(Error::new(
            ErrorKind::Solve,
            None,
            "method `spe` needs perfect information and no private types",
            "use `--method pbe` (or `auto`) for games with private information",
        ));
    }
    Ok(())
}

fn method_name(cg: &CompiledGame, eq: &solve::Equilibrium) -> String {
    let typed = cg.players.iter().any(|p| p.private.is_some());
    let base = if !typed && cg.game.is_perfect_information() {
        "subgame perfect equilibrium (backward induction)".to_string()
    } else if typed {
        "perfect Bayesian equilibrium in cut-point strategies (every type optimal at every information set, with exact CDF cut-points; beliefs by Bayes' rule, off the path the limit of uniform trembles; damped best-response iteration, Newton on the cut-points and mixes where it cycles)".to_string()
    } else {
        "perfect Bayesian equilibrium (optimal at every information set; beliefs by Bayes' rule, off the path the limit of uniform trembles; damped best-response iteration)".to_string()
    };
    let start = if eq.warm {
        " from a neighbouring solution"
    } else {
        ""
    };
    if eq.converged {
        format!(
            "{base}; converged{start} in {} iterations ({} evaluations)",
            eq.iterations, eq.evaluations
        )
    } else {
        format!(
            "{base}; NOT converged{start} after {} iterations ({} evaluations): regret above {:e}",
            eq.iterations,
            eq.evaluations,
            solve::REGRET_TOL
        )
    }
}

fn build_report(
    s: &Scenario,
    cg: &CompiledGame,
    eq: &solve::Equilibrium,
    _method: Method,
    extra_regret: f64,
) -> Report {
    let g = &cg.game;
    let reach = brink_game::regret::reach(g, &eq.behavior, None);
    let mut outcomes = vec![0.0; cg.outcome_labels.len()];
    let mut metrics = vec![0.0; cg.metric_names.len()];
    for t in &cg.terminals {
        let r = reach[t.node.index()];
        outcomes[t.outcome] += r;
        for (m, v) in metrics.iter_mut().zip(&t.metrics) {
            *m += r * v;
        }
    }
    let mut expected: Vec<(String, f64)> = cg.metric_names.iter().cloned().zip(metrics).collect();
    if let Some(c) = &cg.continuous {
        expected.push((c.var.clone(), c.value));
    }
    let strategy = describe_strategy(cg, eq, &reach);
    let beliefs = describe_beliefs(g, &reach, &eq.beliefs);
    let mut notes = Vec::new();
    if s.name == library::DEFAULT_MODEL || !s.file.levers.is_empty() {
        notes.push(ILLUSTRATIVE.to_string());
    }
    for (label, p) in cg.outcome_labels.iter().zip(&outcomes) {
        if *p == 0.0
            && !cg
                .terminals
                .iter()
                .any(|t| cg.outcome_labels[t.outcome] == *label)
        {
            notes.push(format!(
                "outcome `{label}` cannot occur with these parameters"
            ));
        }
    }
    Report {
        model: s.name.clone(),
        title: s.title.clone(),
        parameters: cg
            .parameters
            .iter()
            .map(|p| (p.name.clone(), p.value))
            .collect(),
        method: method_name(cg, eq),
        outcomes: cg.outcome_labels.iter().cloned().zip(outcomes).collect(),
        expected,
        payoffs: cg
            .players
            .iter()
            .map(|p| p.title.clone())
            .zip(eq.payoffs.iter().copied())
            .collect(),
        strategy,
        beliefs,
        regret: eq.max_regret().max(extra_regret),
        ex_ante_regret: eq.max_ex_ante_regret().max(extra_regret),
        sequential_regret: eq.max_sequential_regret(),
        regret_at: regret_at(g, eq),
        converged: eq.converged && extra_regret <= solve::REGRET_TOL,
        levers: Vec::new(),
        others: Vec::new(),
        starts: 0,
        uncertainty: None,
        sensitivity: Vec::new(),
        notes,
    }
}

/// The information sets that carry a regret above the tolerance, the
/// largest first.
fn regret_at(g: &ExtensiveGame, eq: &solve::Equilibrium) -> Vec<(String, String, f64)> {
    let mut at: Vec<(String, String, f64)> = g
        .infosets()
        .iter()
        .zip(&eq.infoset_regrets)
        .filter(|(_, r)| **r > solve::REGRET_TOL)
        .filter_map(|(i, r)| match i.owner {
            brink_game::Owner::Player(p) => Some((g.players[p].clone(), i.label.clone(), *r)),
            brink_game::Owner::Chance => None,
        })
        .collect();
    at.sort_by(|a, b| b.2.total_cmp(&a.2));
    at.truncate(5);
    at
}

fn describe_strategy(
    cg: &CompiledGame,
    eq: &solve::Equilibrium,
    reach: &[f64],
) -> Vec<report::PlayerStrategy> {
    let g = &cg.game;
    (0..g.num_players())
        .map(|p| {
            let mut moves = Vec::new();
            for &i in g.player_infosets(p) {
                let info = g.infoset(i);
                let r: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
                if r < 1e-9 {
                    continue;
                }
                let acts = info
                    .actions
                    .iter()
                    .map(|a| a.label.clone())
                    .zip(eq.behavior[i.index()].iter().copied())
                    .collect();
                moves.push((
                    format!(
                        "{} (reached with probability {:.3})",
                        info.label,
                        r.min(1.0)
                    ),
                    acts,
                ));
            }
            let mut types = Vec::new();
            if let Some((tname, _)) = &cg.players[p].private {
                let pieces = &eq.pieces[p];
                for pc in pieces {
                    if pc.mass < 1e-6 {
                        continue;
                    }
                    let range = match (pc.lo.is_finite(), pc.hi.is_finite()) {
                        (false, false) => format!("every {tname}"),
                        (false, true) => format!("{tname} below {}", report::num(pc.hi)),
                        (true, false) => format!("{tname} above {}", report::num(pc.lo)),
                        (true, true) => format!(
                            "{tname} in [{}, {}]",
                            report::num(pc.lo),
                            report::num(pc.hi)
                        ),
                    };
                    // The plan on the path of play: the own moves this piece reaches.
                    let mut plan = Vec::new();
                    for (k, &i) in g.player_infosets(p).iter().enumerate() {
                        let info = g.infoset(i);
                        let r: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
                        if r >= 1e-9 && pieces.len() > 1 {
                            plan.push(format!(
                                "{} {}",
                                info.label, info.actions[pc.choice[k]].label
                            ));
                        }
                    }
                    // Long plans are cut in the words; the JSON strategy has every move.
                    let more = plan.len().saturating_sub(4);
                    plan.truncate(4);
                    if more > 0 {
                        plan.push(format!("... ({more} more)"));
                    }
                    let plan = if plan.is_empty() {
                        String::new()
                    } else {
                        format!(": {}", plan.join("; "))
                    };
                    types.push(format!("{range} (probability {:.3}){plan}", pc.mass));
                }
            }
            report::PlayerStrategy {
                player: cg.players[p].title.clone(),
                moves,
                types,
            }
        })
        .collect()
}

/// For information sets with several histories: the assessment's belief
/// over them (Bayes' rule on the path of play, the limit of uniform trembles
/// off it, marked so), each named by the moves that tell them apart.
fn describe_beliefs(
    g: &ExtensiveGame,
    reach: &[f64],
    assessment: &[Vec<f64>],
) -> Vec<report::Belief> {
    let mut out = Vec::new();
    for p in 0..g.num_players() {
        for &i in g.player_infosets(p) {
            let info = g.infoset(i);
            if info.members.len() < 2 {
                continue;
            }
            let total: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
            let paths: Vec<Vec<String>> = info.members.iter().map(|&h| path(g, h)).collect();
            let mut over: Vec<(String, f64)> = Vec::new();
            for (path, &w) in paths.iter().zip(&assessment[i.index()]) {
                let distinct: Vec<&str> = path
                    .iter()
                    .filter(|step| !paths.iter().all(|q| q.contains(step)))
                    .map(String::as_str)
                    .collect();
                let key = distinct.join(", ");
                match over.iter_mut().find(|(k, _)| *k == key) {
                    Some(e) => e.1 += w,
                    None => over.push((key, w)),
                }
            }
            if over.len() > 1 {
                out.push(report::Belief {
                    player: g.players[p].clone(),
                    at: info.label.clone(),
                    over,
                    off_path: total < 1e-9,
                });
            }
        }
    }
    out
}

fn path(g: &ExtensiveGame, mut n: brink_game::NodeId) -> Vec<String> {
    let mut out = Vec::new();
    while let Some(p) = g.parent(n) {
        let i = g.node_infoset(p).expect("parent has a move");
        let info = g.infoset(i);
        let who = match info.owner {
            brink_game::Owner::Chance => "chance".to_string(),
            brink_game::Owner::Player(q) => g.players[q].clone(),
        };
        out.push(format!(
            "{who}: {}",
            info.actions[g.action_to(n).unwrap_or(0)].label
        ));
        n = p;
    }
    out.reverse();
    out
}
