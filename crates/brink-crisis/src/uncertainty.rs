//! The answer with its uncertainty: each lever's effect over draws of the
//! parameters' declared distributions, and the sensitivity of P(war) to each
//! parameter over its range (a tornado).
//!
//! The types are what `brink run` reports and prints; [`lever_uncertainty`]
//! and [`sensitivity`] fill them. Both solve many neighbouring games: the
//! sensitivity starts each from the baseline's solution, and both use one outright
//! when a change of parameters leaves the game itself (tree, payoffs, chance
//! probabilities, type distributions) as it was.

use crate::compile::DEFAULT_MAX_NODES;
use crate::solve::{Equilibrium, Start};
use crate::{
    compile_at, solve_from, solve_game_within, CompiledGame, Dist, Error, ErrorKind, Method,
    Parameter, Scenario, MAX_ITER,
};
use brink_game::progress::Watch;
use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::Serialize;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

/// A mean and a central interval over parameter draws.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Interval {
    /// Mean over the draws.
    pub mean: f64,
    /// Lower end of the central interval (quantile `(1 - level) / 2`).
    pub lo: f64,
    /// Upper end of the central interval (quantile `(1 + level) / 2`).
    pub hi: f64,
}

/// One row of the lever table over draws: the baseline or a lever.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverSpread {
    /// The lever's name (`baseline` for the baseline row).
    pub name: String,
    /// P(war) (sum of the outcomes whose label contains `war`).
    pub p_war: Interval,
    /// The change of P(war) against the baseline of the same draw (zero for
    /// the baseline row).
    pub p_war_change: Interval,
    /// Each metric's expected value (deaths, refugees, ...), in the model's order.
    pub metrics: Vec<(String, Interval)>,
    /// Each metric's change against the baseline of the same draw (zero for
    /// the baseline row), in the same order.
    pub metric_changes: Vec<(String, Interval)>,
    /// Share of the draws in which the lever lowers P(war) below the
    /// baseline of the same draw (0 for the baseline row).
    pub share_lowering_war: f64,
    /// Draws whose solution converged (regret within tolerance).
    pub converged: usize,
}

/// The lever table over draws of the uncertain parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Uncertainty {
    /// Number of draws.
    pub draws: usize,
    /// Seed of the draws: the same seed gives the same table.
    pub seed: u64,
    /// Coverage of the intervals (0.9: from the 5% to the 95% quantile).
    pub level: f64,
    /// The parameters drawn (those with a declared distribution).
    pub parameters: Vec<String>,
    /// The baseline row.
    pub baseline: LeverSpread,
    /// One row per lever, in declaration order.
    pub levers: Vec<LeverSpread>,
    /// Games actually solved, the solutions at the values in force included;
    /// the other `(1 + levers) * draws` reused a solution of the same game.
    pub solves: usize,
}

/// How P(war) moves when one parameter goes to each end of its range, the
/// others at their values (one bar of a tornado chart).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Sensitivity {
    /// The parameter.
    pub parameter: String,
    /// The low end used: the 5% quantile of the parameter's declared
    /// distribution (moved into its range) when it has one, else the
    /// range's lower bound.
    pub low: f64,
    /// The high end used: the 95% quantile, or the range's upper bound.
    pub high: f64,
    /// Whether `low` and `high` are the distribution's quantiles (else the
    /// range's bounds).
    pub quantiles: bool,
    /// P(war) with the parameter at `low`.
    pub p_war_at_low: f64,
    /// P(war) with the parameter at `high`.
    pub p_war_at_high: f64,
    /// Largest change of any outcome probability or relative change of any
    /// expected metric between the two ends and the baseline (how alive the
    /// parameter is).
    pub largest_change: f64,
    /// Whether both solutions converged.
    pub converged: bool,
    /// Why an end could not be solved (its P(war) is then NaN, `null` in
    /// JSON); `None` when both were.
    pub error: Option<String>,
}

/// Coverage of the intervals: from the 5% to the 95% quantile.
pub const LEVEL: f64 = 0.9;

/// P(war): the sum of the probabilities of the outcomes whose label
/// contains `war`, as the report defines it.
pub fn p_war(labels: &[String], probs: &[f64]) -> f64 {
    labels
        .iter()
        .zip(probs)
        .filter(|(l, _)| l.contains("war"))
        .map(|(_, p)| p)
        .sum()
}

/// Best-response iterations for each solve over the draws. On 40 draws of
/// the founding crisis (480 solves, `examples/draw_failures.rs`, one
/// thread) 100 iterations converge 405 solves in 11.4 s, 150 converge 431
/// in 9.5 s, 250 converge 436 in 10.9 s and 400 converge 438 in 12.9 s:
/// fewer iterations leave more to the costlier fallbacks, more rarely
/// settle a solve. The draws that do not converge are counted in the table.
pub const DRAW_MAX_ITER: usize = 150;

/// Quantile `q` of sorted data by linear interpolation between order
/// statistics (R's type 7, NumPy's default); NaN for no data.
pub fn quantile(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

impl Interval {
    /// The mean and the central interval at `level` of a series, summed in
    /// the order given (so a table is the same whatever the thread count).
    pub fn of(xs: &[f64], level: f64) -> Interval {
        let mean = xs.iter().sum::<f64>() / xs.len() as f64;
        let mut sorted = xs.to_vec();
        sorted.sort_by(f64::total_cmp);
        Interval {
            mean,
            lo: quantile(&sorted, (1.0 - level) / 2.0),
            hi: quantile(&sorted, (1.0 + level) / 2.0),
        }
    }
}

/// What one solved scenario says: outcome probabilities and expected metrics
/// in the compiled game's order, P(war) and whether the solve converged.
#[derive(Clone, Debug)]
struct Point {
    outcomes: Vec<f64>,
    metrics: Vec<f64>,
    p_war: f64,
    converged: bool,
}

/// A solved game kept so that another scenario compiling to the same game
/// can use its equilibrium outright, or start from it.
struct Solved {
    cg: CompiledGame,
    eq: Arc<Equilibrium>,
    start: Start,
}

/// Names of the outcomes and metrics, from the first solve.
#[derive(Clone, Debug, Default)]
struct Names {
    outcomes: Vec<String>,
    metrics: Vec<String>,
}

/// Whether two compiled games are the same game for the solver: the same
/// tree, information sets, chance probabilities (true and subjective),
/// payoffs (the lines in the private types included) and type
/// distributions. Metrics may differ: they do not enter the equilibrium.
///
/// The fields are destructured without `..`, so that a field added to
/// [`CompiledGame`] or [`crate::Terminal`] fails to compile here until
/// someone decides whether the solver reads it (a field it reads but this
/// ignores would let a solution be reused for a different game).
fn same_game(a: &CompiledGame, b: &CompiledGame) -> bool {
    let CompiledGame {
        game,
        players,
        outcome_labels,
        metric_names: _,
        terminals,
        node_terminal,
        continuous,
        parameters: _,
        subjective,
    } = a;
    continuous.is_none()
        && b.continuous.is_none()
        && *game == b.game
        && *players == b.players
        && *subjective == b.subjective
        && *outcome_labels == b.outcome_labels
        && *node_terminal == b.node_terminal
        && terminals.len() == b.terminals.len()
        && terminals.iter().zip(&b.terminals).all(|(s, t)| {
            let crate::Terminal {
                node,
                outcome,
                metrics: _,
                payoffs,
                others,
            } = s;
            *node == t.node && *outcome == t.outcome && *payoffs == t.payoffs && *others == t.others
        })
}

/// Outcome probabilities and expected metrics of `behavior` on `cg`.
fn measure(cg: &CompiledGame, behavior: &[Vec<f64>], converged: bool) -> Point {
    let (outcomes, metrics) = cg.outcome_distribution(behavior);
    Point {
        p_war: p_war(&cg.outcome_labels, &outcomes),
        outcomes,
        metrics,
        converged,
    }
}

/// Counts the games actually solved (the rest reuse a solution).
struct Counter(AtomicUsize);

impl Counter {
    fn add(&self) {
        self.0.fetch_add(1, Ordering::Relaxed);
    }
}

/// Solves `s`: reuses the equilibrium of a candidate that compiles to the
/// same game (only the metrics are recomputed), else solves from `start`.
/// A scenario with a continuous choice is solved in full each time (each
/// value of the choice is a different game) and keeps nothing.
fn evaluate(
    s: &Scenario,
    method: Method,
    candidates: &[Option<&Solved>],
    start: Option<&Start>,
    max_iter: usize,
    solves: &Counter,
) -> Result<(Point, Names, Option<Solved>), Error> {
    let cg = compile_at(s, None, DEFAULT_MAX_NODES)?;
    if cg.continuous.is_some() {
        let (r, _) = solve_from(s, method, None)?;
        solves.add();
        let names = Names {
            outcomes: r.outcomes.iter().map(|o| o.0.clone()).collect(),
            metrics: r.expected.iter().map(|m| m.0.clone()).collect(),
        };
        let outcomes: Vec<f64> = r.outcomes.iter().map(|o| o.1).collect();
        let point = Point {
            p_war: p_war(&names.outcomes, &outcomes),
            outcomes,
            metrics: r.expected.iter().map(|m| m.1).collect(),
            converged: r.converged,
        };
        return Ok((point, names, None));
    }
    let names = Names {
        outcomes: cg.outcome_labels.clone(),
        metrics: cg.metric_names.clone(),
    };
    let reused = candidates
        .iter()
        .flatten()
        .find(|c| same_game(&c.cg, &cg))
        .map(|c| (c.eq.clone(), c.start.clone()));
    let (eq, start) = match reused {
        Some(found) => found,
        None => {
            let eq = solve_game_within(&cg, method, start, max_iter)?;
            solves.add();
            let start = eq.start();
            (Arc::new(eq), start)
        }
    };
    let point = measure(&cg, &eq.behavior, eq.converged);
    Ok((point, names, Some(Solved { cg, eq, start })))
}

/// The same scenario with further parameter values on top of its own
/// overrides (later ones win).
fn with_values(s: &Scenario, values: &[(String, f64)]) -> Result<Scenario, Error> {
    let mut ov = s.overrides().to_vec();
    ov.extend(values.iter().cloned());
    s.with_overrides(&ov)
}

/// Prefixes an error's message with where it happened.
fn at(mut e: Error, place: impl std::fmt::Display) -> Error {
    e.message = format!("{place}: {}", e.message);
    e
}

/// The lever table over draws of the uncertain parameters.
///
/// Every parameter with a declared distribution (`param x = ... ~ dist`) is
/// drawn, except those the scenario's own overrides (`--set`) fix. Draw `i`
/// comes from its own ChaCha stream (`seed`, stream `i`), as in
/// `brink montecarlo`, so the table is the same whatever the number of
/// threads. A drawn value outside the parameter's declared range is moved to
/// the nearer end of the range (the range is the model's statement of what
/// is possible; the distribution its belief within it). A distribution's
/// arguments are evaluated at the parameters' values, not at the draw.
///
/// For each draw, the baseline and every lever (the draw's values with the
/// lever's `set` changes on top) are solved from scratch. When a draw compiles to the same game as one already solved
/// (the draw moved only parameters that enter metrics, not payoffs or
/// chance probabilities), that equilibrium is used outright and only the
/// metrics are recomputed. Finished draws are reported to `watch` (task
/// `"draws"`), from any thread; a cancelled `watch` stops the draws not yet
/// started and returns an error of kind [`ErrorKind::Cancelled`].
pub fn lever_uncertainty(
    s: &Scenario,
    method: Method,
    draws: usize,
    seed: u64,
    watch: &Watch,
) -> Result<Uncertainty, Error> {
    if draws == 0 {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            "the lever table needs at least one draw",
            "use --draws 200 (or more)",
        ));
    }
    let params = s.parameters()?;
    let drawn: Vec<(&Parameter, Dist)> = params
        .iter()
        .filter(|p| !s.overrides().iter().any(|(n, _)| *n == p.name))
        .filter_map(|p| p.dist.map(|d| (p, d)))
        .collect();
    if drawn.is_empty() {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            format!(
                "no parameter of `{}` has a distribution to draw (or --set fixes all that do)",
                s.name
            ),
            "declare one in the model: `param x = 1 in [0, 2] ~ uniform(0.5, 1.5)`",
        ));
    }
    let levers = s.levers()?;
    let solves = Counter(AtomicUsize::new(0));
    // The values in force: the baseline and each lever, solved once; each
    // draw starts from (or reuses) them.
    let defaults: Vec<(Point, Names, Option<Solved>)> = std::iter::once(None)
        .chain(levers.iter().map(Some))
        .collect::<Vec<_>>()
        .into_par_iter()
        .map(|lever| match lever {
            None => evaluate(s, method, &[], None, MAX_ITER, &solves),
            Some(l) => with_values(s, &l.changes)
                .and_then(|sl| evaluate(&sl, method, &[], None, MAX_ITER, &solves))
                .map_err(|e| at(e, format!("lever `{}`", l.name))),
        })
        .collect::<Result<_, _>>()?;
    let names = defaults[0].1.clone();
    let ticker = watch.ticker("draws", draws as u64);
    // One row per draw: the baseline's point, then each lever's.
    let rows: Vec<Vec<Point>> = (0..draws)
        .into_par_iter()
        .map(|index| {
            watch.check()?;
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(index as u64);
            let values: Vec<(String, f64)> = drawn
                .iter()
                .map(|(p, d)| {
                    let v = d.sample(&mut rng);
                    let v = p.range.map_or(v, |(lo, hi)| v.clamp(lo, hi));
                    (p.name.clone(), v)
                })
                .collect();
            let place = || {
                let vs: Vec<String> = values.iter().map(|(n, v)| format!("{n}={v}")).collect();
                format!("draw {index} ({})", vs.join(", "))
            };
            let sd = with_values(s, &values).map_err(|e| at(e, place()))?;
            let base_default = defaults[0].2.as_ref();
            // Draws are solved cold: on the founding crisis a start from a
            // neighbour's regime cost more than it saved (Newton misses it
            // and the solver falls back to a cold solve): 76 s against 37 s
            // for 40 draws on 2 threads. Reuse of identical games stays.
            let (base, _, base_solved) =
                evaluate(&sd, method, &[base_default], None, DRAW_MAX_ITER, &solves)
                    .map_err(|e| at(e, place()))?;
            let mut row = vec![base];
            let lever_points: Vec<Point> = levers
                .par_iter()
                .zip(&defaults[1..])
                .map(|(l, d)| {
                    let mut v = values.clone();
                    v.extend(l.changes.iter().cloned());
                    let sl = with_values(s, &v)?;
                    evaluate(
                        &sl,
                        method,
                        &[base_solved.as_ref(), d.2.as_ref()],
                        None,
                        DRAW_MAX_ITER,
                        &solves,
                    )
                    .map(|r| r.0)
                    .map_err(|e| at(e, format!("lever `{}` at {}", l.name, place())))
                })
                .collect::<Result<_, _>>()?;
            row.extend(lever_points);
            ticker.inc();
            Ok(row)
        })
        .collect::<Result<_, Error>>()?;
    let spread = |k: usize, name: &str| {
        let pw: Vec<f64> = rows.iter().map(|r| r[k].p_war).collect();
        let change: Vec<f64> = rows.iter().map(|r| r[k].p_war - r[0].p_war).collect();
        let lowering = rows
            .iter()
            .filter(|r| r[k].p_war < r[0].p_war - CHANGE_TOL)
            .count();
        LeverSpread {
            name: name.to_string(),
            p_war: Interval::of(&pw, LEVEL),
            p_war_change: Interval::of(&change, LEVEL),
            metrics: names
                .metrics
                .iter()
                .enumerate()
                .map(|(m, n)| {
                    let xs: Vec<f64> = rows.iter().map(|r| r[k].metrics[m]).collect();
                    (n.clone(), Interval::of(&xs, LEVEL))
                })
                .collect(),
            metric_changes: names
                .metrics
                .iter()
                .enumerate()
                .map(|(m, n)| {
                    let xs: Vec<f64> = rows
                        .iter()
                        .map(|r| r[k].metrics[m] - r[0].metrics[m])
                        .collect();
                    (n.clone(), Interval::of(&xs, LEVEL))
                })
                .collect(),
            share_lowering_war: if k == 0 {
                0.0
            } else {
                lowering as f64 / draws as f64
            },
            converged: rows.iter().filter(|r| r[k].converged).count(),
        }
    };
    Ok(Uncertainty {
        draws,
        seed,
        level: LEVEL,
        parameters: drawn.iter().map(|(p, _)| p.name.clone()).collect(),
        baseline: spread(0, "baseline"),
        levers: levers
            .iter()
            .enumerate()
            .map(|(j, l)| spread(j + 1, &l.name))
            .collect(),
        solves: solves.0.load(Ordering::Relaxed),
    })
}

/// A change of P(war) smaller than this is no change (solver noise).
const CHANGE_TOL: f64 = 1e-9;

/// The ends of a parameter for the sensitivity table, and whether they are
/// its distribution's quantiles; `None` for a parameter with neither a range
/// nor a distribution.
fn ends(p: &Parameter) -> Option<(f64, f64, bool)> {
    match (p.dist, p.range) {
        (Some(d), range) => {
            let clamp = |v: f64| range.map_or(v, |(lo, hi)| v.clamp(lo, hi));
            Some((clamp(d.quantile(0.05)), clamp(d.quantile(0.95)), true))
        }
        (None, Some((lo, hi))) => Some((lo, hi, false)),
        (None, None) => None,
    }
}

/// The largest change of an outcome probability (absolute) or of an
/// expected metric (relative to the baseline's; a metric that is 0 at the
/// baseline counts a change as 1) between `end` and `base`.
fn largest_change(base: &Point, end: &Point) -> f64 {
    let probs = base
        .outcomes
        .iter()
        .zip(&end.outcomes)
        .map(|(a, b)| (a - b).abs());
    let metrics = base.metrics.iter().zip(&end.metrics).map(|(a, b)| {
        let d = (a - b).abs();
        if a.abs() > 1e-12 {
            d / a.abs()
        } else if d > 1e-12 {
            1.0
        } else {
            0.0
        }
    });
    probs.chain(metrics).fold(0.0, f64::max)
}

/// The sensitivity (tornado) table: P(war) with each parameter at its low
/// and its high end, the others at their values, sorted by swing
/// (`|p_war_at_high - p_war_at_low|`), the largest first; parameters whose
/// ends could not be solved come last.
///
/// The ends are the 5% and 95% quantiles of the parameter's declared
/// distribution (moved into its range), or the range's bounds when it has
/// no distribution; parameters with neither are left out. Each end is
/// warm-started from the baseline's solution, and reuses it outright where
/// the parameter enters only metrics. An end that fails to compile or solve
/// (a range bound that breaks another parameter's constraint, say) is
/// recorded in [`Sensitivity::error`] with NaN for its P(war), not an error
/// of the whole table; an error of the baseline is. The solved ends are
/// reported to `watch` (task `"sensitivity"`); a cancelled `watch` stops
/// the table with an error of kind [`ErrorKind::Cancelled`].
pub fn sensitivity(s: &Scenario, method: Method, watch: &Watch) -> Result<Vec<Sensitivity>, Error> {
    let params = s.parameters()?;
    let solves = Counter(AtomicUsize::new(0));
    let (base, _, base_solved) = evaluate(s, method, &[], None, MAX_ITER, &solves)?;
    let varied: Vec<(&Parameter, (f64, f64, bool))> = params
        .iter()
        .filter_map(|p| ends(p).map(|e| (p, e)))
        .collect();
    let total = 2 * varied.len();
    let ticker = watch.ticker("sensitivity", total as u64);
    let points: Vec<Result<Point, Error>> = (0..total)
        .into_par_iter()
        .map(|k| {
            watch.check()?;
            let (p, (lo, hi, _)) = &varied[k / 2];
            let v = if k % 2 == 0 { *lo } else { *hi };
            let r = with_values(s, &[(p.name.clone(), v)])
                .and_then(|se| {
                    let b = base_solved.as_ref();
                    evaluate(&se, method, &[b], b.map(|b| &b.start), MAX_ITER, &solves)
                })
                .map(|r| r.0)
                .map_err(|e| at(e, format!("`{}` = {v}", p.name)));
            ticker.inc();
            Ok(r)
        })
        .collect::<Result<_, Error>>()?;
    let mut rows: Vec<Sensitivity> = varied
        .iter()
        .zip(points.chunks(2))
        .map(|((p, (low, high, quantiles)), pair)| {
            let pw = |r: &Result<Point, Error>| r.as_ref().map_or(f64::NAN, |x| x.p_war);
            let solved: Vec<&Point> = pair.iter().filter_map(|r| r.as_ref().ok()).collect();
            Sensitivity {
                parameter: p.name.clone(),
                low: *low,
                high: *high,
                quantiles: *quantiles,
                p_war_at_low: pw(&pair[0]),
                p_war_at_high: pw(&pair[1]),
                largest_change: solved
                    .iter()
                    .map(|e| largest_change(&base, e))
                    .fold(0.0, f64::max),
                converged: solved.len() == 2 && solved.iter().all(|e| e.converged),
                error: pair
                    .iter()
                    .find_map(|r| r.as_ref().err())
                    .map(|e| e.message.clone()),
            }
        })
        .collect();
    rows.sort_by(|a, b| {
        let swing = |r: &Sensitivity| {
            let x = (r.p_war_at_high - r.p_war_at_low).abs();
            if x.is_nan() {
                -1.0
            } else {
                x
            }
        };
        swing(b)
            .total_cmp(&swing(a))
            .then(b.largest_change.total_cmp(&a.largest_change))
            .then(a.parameter.cmp(&b.parameter))
    });
    Ok(rows)
}
