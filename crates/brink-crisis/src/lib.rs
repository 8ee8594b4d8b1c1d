//! The crisis language of brinkmanship.
//!
//! A crisis is written as a parametric game in a small text language (see
//! `docs/language.md`), compiled to the engine's [`ExtensiveGame`](brink_game::ExtensiveGame), solved
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
pub mod compile;
pub mod dist;
pub mod error;
pub mod expr;
pub mod lexer;
pub mod library;
pub mod mediator;
pub mod parser;
pub mod report;
pub mod scenario;
pub mod solve;
pub mod uncertainty;

pub use compile::{compile, compile_at, CompiledGame, ContinuousChoice, PlayerInfo, Terminal};
pub use dist::Dist;
pub use error::{Error, ErrorKind};
pub use report::{LeverResult, Mechanism, OtherEquilibrium, Report};
pub use scenario::{Lever, Parameter, Scenario};

use brink_game::progress::Watch;
use compile::DEFAULT_MAX_NODES;
use report::build::build_report;

/// How to solve.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
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

impl Method {
    /// Every method, in the order front ends list them.
    pub const ALL: [Method; 3] = [Method::Auto, Method::Pbe, Method::Spe];

    /// The name front ends use: `auto`, `pbe`, `spe`.
    pub fn name(self) -> &'static str {
        match self {
            Method::Auto => "auto",
            Method::Pbe => "pbe",
            Method::Spe => "spe",
        }
    }
}

impl std::fmt::Display for Method {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl std::str::FromStr for Method {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Method::ALL
            .into_iter()
            .find(|m| m.name().eq_ignore_ascii_case(s.trim()))
            .ok_or_else(|| format!("unknown method `{s}` (auto, pbe or spe)"))
    }
}

/// Best-response iterations before the solver gives up converging.
pub const MAX_ITER: usize = 1000;

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
    run_scenario_from(s, method, &[]).map(|(r, _)| r)
}

/// As [`run_scenario`], each solve starting from the state of a
/// neighbouring solve where it fits the game ([`solve_from`]): `starts[0]`
/// for the baseline, `starts[1 + k]` for lever `k` (missing ones start
/// cold). Returns the states of this run in the same order, for the next
/// neighbour: how an interactive front redraws as one parameter moves. A
/// lever starts only from its own previous solution, never from the
/// baseline's, whose regime a lever often changes.
pub fn run_scenario_from(
    s: &Scenario,
    method: Method,
    starts: &[Option<solve::Start>],
) -> Result<(Report, Vec<Option<solve::Start>>), Error> {
    run_scenario_watched(s, method, starts, &Watch::quiet())
}

/// As [`run_scenario_from`], reporting each finished solve (the baseline,
/// then each lever; task `"solves"`) to `watch` and stopping, with an error
/// of kind [`ErrorKind::Cancelled`], once it is cancelled: the solves under
/// way stop within one best-response iteration. A server cancels the token
/// of a request past its deadline or dropped by its client.
pub fn run_scenario_watched(
    s: &Scenario,
    method: Method,
    starts: &[Option<solve::Start>],
    watch: &Watch,
) -> Result<(Report, Vec<Option<solve::Start>>), Error> {
    use rayon::prelude::*;
    let levers = s.levers()?;
    let start = |k: usize| starts.get(k).and_then(Option::as_ref);
    let ticker = watch.ticker("solves", 1 + levers.len() as u64);
    // The baseline and the levers are independent games: solve them in parallel.
    let mut runs: Vec<Result<(Report, Option<solve::Start>), Error>> = std::iter::once(None)
        .chain(levers.iter().map(Some))
        .enumerate()
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|(k, lever)| {
            // Compiling a lever's game costs about what solving it does:
            // once cancelled, the levers not yet started are not compiled.
            watch.check()?;
            let solved = match lever {
                None => solve_from_watched(s, method, start(k), watch),
                Some(l) => {
                    let mut ov = s.overrides().to_vec();
                    ov.extend(l.changes.iter().cloned());
                    solve_from_watched(&s.with_overrides(&ov)?, method, start(k), watch)
                }
            };
            ticker.inc();
            solved
        })
        .collect();
    watch.check()?;
    let (mut report, first) = runs.remove(0)?;
    let mut next = vec![first];
    for (lever, r) in levers.into_iter().zip(runs) {
        let (r, state) = r?;
        next.push(state);
        let row = LeverResult::from_reports(lever, &report, r);
        report.levers.push(row);
    }
    Ok((report, next))
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
    solve_from_watched(s, method, start, &Watch::quiet())
}

/// As [`solve_from`], stopping with an error of kind
/// [`ErrorKind::Cancelled`] within one best-response iteration once `watch`
/// is cancelled.
pub fn solve_from_watched(
    s: &Scenario,
    method: Method,
    start: Option<&solve::Start>,
    watch: &Watch,
) -> Result<(Report, Option<solve::Start>), Error> {
    // Every solve below is followed by a check: a solve cut short returns
    // the profile it had reached, which must not be reported.
    let solve_one = |cg: &CompiledGame, start: Option<&solve::Start>| {
        let eq = solve_game_core(cg, method, start, MAX_ITER, watch)?;
        watch.check()?;
        Ok::<_, Error>(eq)
    };
    let probe = compile_at(s, None, DEFAULT_MAX_NODES)?;
    let Some(cont) = probe.continuous.clone() else {
        let eq = solve_one(&probe, start)?;
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
        let eq = solve_one(&cg, start.as_ref())?;
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
    let eq = solve_one(&cg, start.as_ref())?;
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
    solve_all_watched(s, method, starts, seed, &Watch::quiet())
}

/// As [`solve_all`], each finished start reported to `watch` (task
/// `"starts"`), stopping with an error of kind [`ErrorKind::Cancelled`] once
/// `watch` is cancelled.
pub fn solve_all_watched(
    s: &Scenario,
    method: Method,
    starts: usize,
    seed: u64,
    watch: &Watch,
) -> Result<Report, Error> {
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
    let found = solve::solve_many_watched(&cg, MAX_ITER, starts.max(1), seed, watch);
    watch.check()?;
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
    solve_game_within(cg, method, start, MAX_ITER)
}

/// As [`solve_game_from`], with at most `max_iter` best-response
/// iterations (the default is 1000): for many draws, where a solve that has
/// not settled by then rarely does.
pub fn solve_game_within(
    cg: &CompiledGame,
    method: Method,
    start: Option<&solve::Start>,
    max_iter: usize,
) -> Result<solve::Equilibrium, Error> {
    solve_game_core(cg, method, start, max_iter, &Watch::quiet())
}

/// [`solve_game_within`], returning early (with the profile reached so far)
/// once `watch` is cancelled: callers check the token before using it.
fn solve_game_core(
    cg: &CompiledGame,
    method: Method,
    start: Option<&solve::Start>,
    max_iter: usize,
    watch: &Watch,
) -> Result<solve::Equilibrium, Error> {
    check_method(cg, method)?;
    Ok(match watch.cancel {
        Some(cancel) => solve::solve_cancellable(cg, max_iter, start, cancel),
        None => solve::solve_from(cg, max_iter, start),
    })
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
