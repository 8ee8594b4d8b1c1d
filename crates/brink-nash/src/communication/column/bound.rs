//! A lower bound for a run stopped at a limit, from masters whose elastic
//! variables are cheap.
//!
//! The bound of the parent module, from the multipliers of the master at
//! [`PENALTY`], stays far below zero on the founding crisis however long
//! the run: the master's `lambda` reach hundreds (its optimum needs them
//! near a hundred), and the Lagrangian multiplies them by the payoffs of
//! plan profiles whose deviation rows the master has not got, where
//! `sigma = 0` (measured at the end of 120 s runs: -5837 at the penalty's
//! multipliers, -1291 at a penalty of 100, -4.0 at 0.1).
//!
//! Two things, each sound on its own, lift it:
//!
//! * **A cheap penalty.** The master with penalty `M` on its elastic
//!   variables is a relaxation of the program for any `M > 0` (the
//!   program's optimum is feasible in it with `e = 0`, at the same cost),
//!   and its dual is the program's dual with `lambda <= M` added: its
//!   multipliers are dual feasible for the full program once the exact
//!   search prices every column. The Lagrangian bound from them, `sum_t
//!   (y_t + min_r rc(t, r)) - #types`, is a lower bound on the program's
//!   optimum for every `M`: a small `M` caps what the missing rows cost.
//! * **Obedient multipliers for missing rows** ([`Sigma::Obedient`]): what
//!   `lambda` leaves of every auxiliary's `sigma` goes on its obedience
//!   row, which keeps the dual feasible and raises every reduced cost.
//!
//! [`refine`] then runs column and row generation on a copy of the master
//! at a ladder of penalties ([`PENALTIES`]), pricing by the obedient exact
//! search, and returns the best bound met. Only the bound comes from these
//! masters: their mechanisms may violate incentive rows (`e > 0`) and are
//! never reported; the run's mechanism is the [`PENALTY`] master's,
//! certified from the tree. At the end of 120 s of the founding crisis
//! (grid 2), five rounds at `M = 0.1` took the bound from -0.029 to 0.008,
//! against a relaxation value of 0.011 at that penalty.
//!
//! Each round's exact search offers up to [`ColumnLimits::bound_per_type`]
//! columns per type profile, more than the run's own rounds take
//! ([`ColumnLimits::per_type`]): at a fixed penalty the master's value
//! settles within a few rounds (on the founding crisis, 0.015436 at
//! `M = 0.2` from its first round there), and the rounds after that only
//! move its multipliers, the centre of the optimal dual face that the
//! interior point returns, towards a point where no column prices out; each
//! column added cuts that face, and the search has ranked every plan
//! profile anyway, so more of them per round cost only a larger master. The
//! bound does not depend on how many columns are kept: it is the
//! Lagrangian of the master's multipliers at the search's per-type minima,
//! over every plan profile whatever joins the master. Measured on the
//! founding crisis (grid 2, 80 rounds, 12 bound rounds, session 23):
//! 24 columns per type profile against 6 bring the bound at `M = 0.1`
//! above zero at round 4 instead of 6 and to 0.0101 at round 6 instead of
//! 7, and at `M = 0.2` to 0.0140 at round 10 against 0.0134 at round 12.
//!
//! Past the rungs where the plain masters converge, their multipliers
//! swing: on the founding crisis (grid 2, 80 rounds, session 24), once
//! `M = 0.4` had met its master's value (0.017641, round 14), 22 rounds at
//! `M = 0.7` gave bounds between -0.137 and 0.0146, never above it, while
//! that master's value stayed at 0.0199: the interior point returns the
//! centre of a large optimal dual face, and each column added moves that
//! centre far. So once some master's relaxation is solved (a round's
//! bound within [`SOLVED`] of its master's value), each later master pays
//! [`ColumnLimits::bound_proximal`] per unit that a multiplier `lambda`
//! moves from those of the best bound so far (an L1 proximal term on the
//! few `lambda`, as in stabilised column generation: du Merle, Villeneuve,
//! Desrosiers and Hansen 1999), and the centre moves whenever the bound
//! rises. Only the choice of multipliers changes, so the bound stays one.
//! Masters at a penalty of [`ColumnLimits::bound_proximal_below`] or more
//! go without the term: on the founding crisis the masters at `M = 10`,
//! free to move, found the columns of a mechanism with a lower P(war)
//! (the crises' default, `brink_crisis::mediator`, says what it gained).
//! From the same round-14 master, ten rounds at a weight of 1e-3 gave
//! -0.018, -0.006, 0.0130, 0.0153, 0.0164, 0.0166, 0.017864 (`M = 0.7`),
//! 0.0161, 0.019013 (`M = 1`); at 1e-2 the multipliers stayed at the
//! centre and the bound at 0.017641; on `lambda` and `sigma` both at 1e-2,
//! the same. Applied from the first round instead, 1e-3 slowed the rungs
//! the plain masters climb well (0.0110 after 16 rounds against 0.017641),
//! hence the wait for a solved relaxation. On the random trees of the
//! tests the best weight is larger (eight rounds leave a gap of 0.089 at
//! 0.1, 0.144 at 1e-3, 0.153 with none, 0.316 at 1): the default is the
//! founding crisis's.
//!
//! The columns these masters find are columns of the true program all the
//! same, and [`fed_back`] gives them to the run's master: with more
//! columns its optimum can only fall (its old mechanism is still feasible,
//! at zero on the new columns), and the mechanism it then reports is
//! certified from the tree like any other. Those masters are solved as
//! [`Accuracy::Reported`]: with thousands of columns more, the interior
//! point's first stage often stops almost solved, and on the founding
//! crisis at 56 bound rounds its mechanism carried a certified gain of
//! 3.5e-6 and was refused (session 25).

use super::master::{feasible_multipliers, split_free, Master};
use super::pricing::{self, Sigma};
use super::{
    add_violated_rows, certify_with, ColumnLimits, Recommendation, Setup, TreeMechanism,
    MAX_REPORTED_GAIN, PENALTY, TOLERANCE,
};
use crate::lp::interior::{maximise_interior, Accuracy, LinearProgram};
use brink_game::{SolveError, Watch};
use std::time::Instant;

/// The elastic penalties of [`refine`]'s masters, in order: the bound from
/// a small penalty comes close to that master's value quickly but that
/// value is small; a larger one has a larger value and needs more columns.
/// Fine steps below 1, because a step leaves the master's multipliers far
/// from the next penalty's: on the founding crisis (grid 2, 80 rounds),
/// after `M = 0.1` gave 0.0100 at its 7th round, a step to `M = 1` (master
/// value 0.0212) left the bound between -0.19 and 0.009 for 22 rounds,
/// still below 0.0100, while a step to `M = 0.2` (master value 0.0154)
/// rose above it at its 4th round and reached 0.0150 at its 7th, and 0.4
/// came next (session 22).
pub const PENALTIES: [f64; 9] = [0.1, 0.2, 0.4, 0.7, 1.0, 10.0, 100.0, 1000.0, PENALTY];

/// The share of the run's time limit [`refine`] may take after it.
pub const BOUND_SHARE: f64 = 0.25;

/// The most rounds at one penalty.
pub const ROUNDS_PER_PENALTY: usize = 50;

/// [`refine`] moves to the next penalty once its bound is within this
/// share of the master's value at the current one: more rounds there can
/// gain little.
const CLOSE_ENOUGH: f64 = 0.9;

/// How near its master's value a round's bound must come for that
/// master's relaxation to count as solved (P(war) is a probability).
const SOLVED: f64 = 1e-6;

/// The Lagrangian bound `sum_t (y_t + best_t) - #types` of multipliers `x`
/// (pricing layout) whose complete exact pricing found the least reduced
/// costs `best`.
pub(super) fn lagrangian(s: &Setup, x: &[f64], best: &[f64]) -> f64 {
    let ys: f64 = (0..s.nt).map(|t| x[t] - x[s.nt + t]).sum();
    ys + best.iter().sum::<f64>() - s.nt as f64
}

/// What [`refine`] found: its best bound, and its last master, whose
/// columns are columns of the true program.
pub(super) struct Refined {
    pub bound: f64,
    pub master: Master,
}

/// The best lower bound from column and row generation on a copy of
/// `master` at the penalties of [`PENALTIES`] (module docs), at most
/// [`ROUNDS_PER_PENALTY`] rounds at each penalty and
/// [`ColumnLimits::bound_rounds`] in all, and, with a time limit, until
/// [`BOUND_SHARE`] of it has passed (`-inf` when no exact search
/// completed), with the last of those masters.
pub(super) fn refine(
    s: &Setup,
    master: &Master,
    limits: ColumnLimits,
    watch: &Watch,
) -> Result<Refined, SolveError> {
    let deadline = limits
        .time_limit
        .map(|l| Instant::now() + l.mul_f64(BOUND_SHARE));
    let mut master = master.clone();
    let mut best = f64::NEG_INFINITY;
    let mut scratch = Vec::new();
    let mut rounds = 0;
    // The last round's bound and master value, for the progress line.
    let mut last = (f64::NAN, f64::NAN);
    // The master's multipliers at the best bound so far (its program's
    // layout), which later masters are kept near.
    let mut centre: Option<Vec<f64>> = None;
    'ladder: for (k, &penalty) in PENALTIES.iter().enumerate() {
        for _ in 0..ROUNDS_PER_PENALTY {
            if rounds >= limits.bound_rounds || deadline.is_some_and(|d| Instant::now() >= d) {
                break 'ladder;
            }
            rounds += 1;
            watch.update(
                &format!(
                    "mediator: lower bound {best:.6} (penalty {penalty:e}; last round's bound \
                     {:.6}, master {:.6}; {} columns, {} deviation rows), round",
                    last.0,
                    last.1,
                    master.columns.len(),
                    master.drows.len()
                ),
                rounds as u64,
                None,
            );
            let mut program = master.program_with(s, penalty);
            let vars = program.vars;
            if let Some(centre) = centre
                .as_ref()
                .filter(|_| penalty < limits.bound_proximal_below)
            {
                near(&mut program, s, centre, limits.bound_proximal);
            }
            let (mut dual, prices) =
                maximise_interior("mediator", &program, Accuracy::Pricing, watch)?;
            dual.truncate(vars);
            let value = dual[..s.nt].iter().sum::<f64>() - s.nt as f64;
            // Interior points are feasible to a tolerance only: negative
            // multipliers are cut to zero, then `sigma` scaled under
            // `lambda`, as the Lagrangian bound needs.
            let mut x = split_free(s.nt, &dual);
            for m in &mut x[2 * s.nt..] {
                *m = m.max(0.0);
            }
            let x = feasible_multipliers(s, &master, &x);
            // The exact search every round, not the run's descent first:
            // only it gives a bound, and the phase's time is short (at the
            // end of a 120 s founding-crisis run, descent rounds used up a
            // 30 s phase without one exact search).
            let run = pricing::exact_with(
                s,
                &master,
                &x,
                Sigma::Obedient,
                limits.bound_per_type,
                deadline,
                watch,
            )?;
            let bound = if run.complete() {
                lagrangian(s, &x, &run.best)
            } else {
                f64::NEG_INFINITY
            };
            let columns = run.columns;
            // A centre only once some master's relaxation is solved (its
            // bound met its value): before that, keeping masters near the
            // best multipliers slowed the climb (module docs).
            let solved = centre.is_some() || value - bound <= SOLVED;
            if bound > best && solved && limits.bound_proximal > 0.0 {
                centre = Some(dual);
            }
            best = best.max(bound);
            last = (bound, value);
            let (pi, v, _) = master.split_prices(&prices);
            let added = add_violated_rows(s, &mut master, pi, v, &mut scratch)?;
            let mut new_columns = 0;
            for (t, r) in columns {
                new_columns += usize::from(master.add_column(s, t, r));
            }
            let last = k + 1 == PENALTIES.len();
            if (added == 0 && new_columns == 0)
                || (!last && bound > f64::NEG_INFINITY && bound >= CLOSE_ENOUGH * value)
            {
                break;
            }
        }
    }
    Ok(Refined {
        bound: best,
        master,
    })
}

/// Adds to `program` (a master's, variables `y`, `lambda`, `sigma`) the
/// proximal term `- weight * sum |lambda - centre's lambda|`: one variable
/// per `lambda` bounding its distance from `centre`, paid in the
/// objective. Only the bound's choice of multipliers changes: whatever
/// they are, the exact search prices every column at them.
fn near(program: &mut LinearProgram, s: &Setup, centre: &[f64], weight: f64) {
    let lambdas = s.nt..s.nt + s.lambdas();
    for (j, &at) in lambdas.clone().zip(&centre[lambdas]) {
        let distance = program.vars as u32;
        program.vars += 1;
        program.objective.push(-weight);
        program.rows.push(vec![(j as u32, 1.0), (distance, -1.0)]);
        program.rhs.push(at);
        program.rows.push(vec![(j as u32, -1.0), (distance, -1.0)]);
        program.rhs.push(-at);
    }
}

/// The most rows-only rounds [`fed_back`] spends closing its master (the
/// run's own closing took three on the founding crisis; the fed-back
/// master, solved as [`Accuracy::Reported`], 7 after 32 bound rounds and 8
/// after 56, session 26, where 10 were allowed); a master that has not
/// closed by then leaves the run's mechanism as it was. A count, like
/// every limit of a round-limited run.
pub const FEED_ROUNDS: usize = 20;

/// The mechanism to report, certified from the tree, and its master's
/// largest elastic violation, given `support`, the mechanism of `master`
/// (with largest elastic violation `elastic`), and `found`, the bound
/// phase's last master: `master` with `found`'s columns added, its rows
/// closed at [`PENALTY`] (rows-only rounds until none is violated, at most
/// [`FEED_ROUNDS`]), replaces `master` and gives the mechanism when that
/// mechanism, certified from the tree, has no elastic violation, a gain no
/// larger than the old one's (or rounding), and a smaller objective or an
/// old mechanism that violated some row; otherwise `support` stays.
pub(super) fn fed_back(
    s: &Setup,
    master: &mut Master,
    mut found: Master,
    support: Vec<Recommendation>,
    elastic: f64,
    watch: &Watch,
) -> Result<(TreeMechanism, f64), SolveError> {
    // Only the bound phase's columns are read: the rest of its master goes
    // before the run's is copied, so that two masters are held, not three.
    let columns = std::mem::take(&mut found.columns);
    drop(found);
    let mut fed = master.clone();
    let mut new_columns = 0;
    for (t, r) in columns {
        new_columns += usize::from(fed.add_column(s, t, r));
    }
    let old = certify_with(s, &support)?;
    if new_columns == 0 {
        return Ok((old, elastic));
    }
    let mut scratch = Vec::new();
    for round in 1..=FEED_ROUNDS {
        watch.update(
            &format!(
                "mediator: the bound phase's {new_columns} columns in the master ({} columns, \
                 {} deviation rows), round",
                fed.columns.len(),
                fed.drows.len()
            ),
            round as u64,
            None,
        );
        let program = fed.program(s);
        let (_, prices) = maximise_interior("mediator", &program, Accuracy::Reported, watch)?;
        let (pi, v, fed_elastic) = fed.split_prices(&prices);
        let added = add_violated_rows(s, &mut fed, pi, v, &mut scratch)?;
        if added > 0 {
            continue;
        }
        let fed_support = fed.support(pi);
        let m = certify_with(s, &fed_support)?;
        watch.update(
            &format!(
                "mediator: with the bound phase's columns, P(war) {:.6} (gain {:.1e}, elastic \
                 {fed_elastic:.1e}) against {:.6} (gain {:.1e}), round",
                m.objective, m.max_gain, old.objective, old.max_gain
            ),
            round as u64,
            None,
        );
        if fed_elastic < TOLERANCE
            && m.max_gain <= old.max_gain.max(MAX_REPORTED_GAIN)
            && (elastic >= TOLERANCE || m.objective < old.objective)
        {
            *master = fed;
            return Ok((m, fed_elastic));
        }
        break;
    }
    Ok((old, elastic))
}
