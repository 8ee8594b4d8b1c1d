//! Newton's method on the cut-point equations.
//!
//! Best-response iteration fails where a typed player's best response jumps:
//! when two of its pure strategies have parallel payoff lines (the same
//! exposure to the type, like keeping the status quo and challenging only to
//! back down), a whole interval of types switches at once, and the
//! equilibrium needs those types split between the two in just the right
//! proportion. Written in cut-points, the equilibrium is smooth again: with
//! each typed player's pure strategies fixed in order along the type axis (a
//! regime), the cut `c` between neighbours `s` and `t` solves
//! `(A_s - A_t) + (B_s - B_t) c = 0` against the behaviour the cuts imply.
//! For crossing lines this places the cut where the two meet; for parallel
//! lines it says the other players must make the type indifferent, and the
//! cut is the split that does so. Untyped players best-respond inside the
//! equations, except where their best response flipped back and forth in the
//! iteration: there the equilibrium may need them to mix, so the mix's
//! probabilities join the unknowns and the player's indifference between the
//! actions it flipped between joins the equations (a rival that trusts a
//! signal just often enough to keep the mimics that send it indifferent). The regime is refined until no pure strategy outside it does
//! better for any type; the regret computed afterwards is the judge.

use super::interdependent;
use super::respond::{aggregate, lines, respond, Lines, PlanLine, PlanLines, PlayerData};
use super::sequential::{self, cut_line};
use super::Piece;
use crate::compile::CompiledGame;
use brink_game::Owner;
use nalgebra::{DMatrix, DVector};

/// Each typed player's pure strategies from the lowest types up, and the cuts
/// between neighbours (empty for untyped players).
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Regime {
    pub(super) strategies: Vec<Vec<Vec<usize>>>,
    pub(super) cuts: Vec<Vec<f64>>,
    /// Information sets of untyped players that mix: their probabilities are
    /// unknowns like the cuts, the owner's indifference their equations.
    pub(super) mixes: Vec<Mix>,
}

/// An untyped player's mix at one information set over `actions` (two or
/// more): `probs` holds the probabilities of all but the last, which takes
/// the rest; the other actions are not played.
#[derive(Clone, Debug, Default, PartialEq)]
pub(super) struct Mix {
    pub(super) infoset: usize,
    pub(super) actions: Vec<usize>,
    pub(super) probs: Vec<f64>,
}

impl Mix {
    /// The behaviour at the information set (`n` actions), the unknowns
    /// clamped to probabilities.
    fn behavior(&self, n: usize) -> Vec<f64> {
        let mut v = vec![0.0; n];
        let mut rest = 1.0;
        for (&a, &x) in self.actions.iter().zip(&self.probs) {
            let x = x.clamp(0.0, rest);
            v[a] = x;
            rest -= x;
        }
        v[*self.actions.last().expect("a mix has actions")] = rest;
        v
    }
}

impl Regime {
    fn flat_cuts(&self) -> Vec<f64> {
        let mut v: Vec<f64> = self.cuts.iter().flatten().copied().collect();
        for m in &self.mixes {
            v.extend(&m.probs);
        }
        v
    }

    fn set_cuts(&mut self, flat: &[f64]) {
        let mut k = 0;
        for c in &mut self.cuts {
            for x in c.iter_mut() {
                *x = flat[k];
                k += 1;
            }
        }
        for m in &mut self.mixes {
            for x in m.probs.iter_mut() {
                *x = flat[k];
                k += 1;
            }
        }
    }
}

/// A profile (behaviour over all information sets) and its typed players' pieces.
pub(super) type Found = (Vec<Vec<f64>>, Vec<Vec<Piece>>);

/// The residual below which the cut equations count as solved.
const EQ_TOL: f64 = 1e-13;
/// Newton steps per regime.
const MAX_STEPS: usize = 60;
/// Regime refinements (a strategy dropped or added each).
const MAX_ROUNDS: usize = 12;
/// Residuals one polish may spend: a regime that is close takes a few dozen,
/// and a failing one must not cost more than the iteration it stands in for.
pub(super) const BUDGET: usize = 400;

/// The profile the regime's cuts imply: typed players' pieces (cuts that cross
/// are read as a running maximum, so a crossed piece is empty rather than
/// negative) and behaviour, untyped players best-responding.
pub(super) fn profile(
    cg: &CompiledGame,
    data: &[PlayerData],
    regime: &Regime,
    base: &[Vec<f64>],
) -> (Vec<Vec<f64>>, Vec<Vec<Piece>>) {
    let mut pieces = vec![Vec::new(); data.len()];
    for (p, d) in data.iter().enumerate() {
        let Some(dist) = d.dist else { continue };
        let strats = &regime.strategies[p];
        let mut lo = f64::NEG_INFINITY;
        for (i, s) in strats.iter().enumerate() {
            let hi = if i + 1 < strats.len() {
                regime.cuts[p][i].max(lo)
            } else {
                f64::INFINITY
            };
            pieces[p].push(Piece {
                lo,
                hi,
                mass: (dist.cdf(hi) - dist.cdf(lo)).max(0.0),
                choice: s.clone(),
                line: (0.0, 0.0),
            });
            lo = hi;
        }
    }
    settle(cg, data, pieces, &regime.mixes, base)
}

/// The profile of the typed players' `pieces` and the untyped players'
/// `mixes`, the untyped players best-responding everywhere else (`base`
/// gives chance's behaviour and the rest).
pub(super) fn settle(
    cg: &CompiledGame,
    data: &[PlayerData],
    pieces: Vec<Vec<Piece>>,
    mixes: &[Mix],
    base: &[Vec<f64>],
) -> (Vec<Vec<f64>>, Vec<Vec<Piece>>) {
    let g = &cg.game;
    let mut sigma = base.to_vec();
    for (d, pcs) in data.iter().zip(&pieces) {
        if d.dist.is_none() {
            continue;
        }
        let beh = aggregate(g, d, pcs);
        for (&i, b) in d.infosets.iter().zip(beh) {
            sigma[i.index()] = b;
        }
    }
    // The mixes are fixed; untyped players answer the typed ones and each
    // other elsewhere; a pass per player settles any order of moves.
    let mut mixed = vec![false; sigma.len()];
    for m in mixes {
        sigma[m.infoset] = m.behavior(sigma[m.infoset].len());
        mixed[m.infoset] = true;
    }
    let work = interdependent::with_posterior_means(cg, data, &pieces);
    for _ in 0..=data.len() {
        let mut changed = false;
        for (p, d) in data.iter().enumerate() {
            if d.dist.is_some() {
                continue;
            }
            let (beh, _) = respond(&work, d, &sigma, p);
            for (k, &i) in d.infosets.iter().enumerate() {
                if !mixed[i.index()] && sigma[i.index()] != beh[k] {
                    sigma[i.index()] = beh[k].clone();
                    changed = true;
                }
            }
        }
        if !changed {
            break;
        }
    }
    (sigma, pieces)
}

fn residual(
    cg: &CompiledGame,
    data: &[PlayerData],
    regime: &Regime,
    base: &[Vec<f64>],
) -> Vec<f64> {
    let (sigma, pieces) = profile(cg, data, regime, base);
    let work = interdependent::with_posterior_means(cg, data, &pieces);
    let cg: &CompiledGame = &work;
    let mut f = Vec::new();
    for (p, d) in data.iter().enumerate() {
        let strats = &regime.strategies[p];
        if d.dist.is_none() || strats.len() < 2 {
            continue;
        }
        let g = &cg.game;
        let reach = sequential::others_reach(cg, d, &sigma, p);
        let beliefs = sequential::beliefs(cg, &sigma, d, p);
        let plans = PlanLines::new(cg, d, &sigma, p);
        let l: Vec<PlanLine> = strats.iter().map(|s| plans.of(s)).collect();
        for (i, c) in regime.cuts[p].iter().enumerate() {
            let (a, b) = cut_line(
                g,
                d,
                &reach,
                &beliefs,
                &strats[i],
                &strats[i + 1],
                &l[i],
                &l[i + 1],
            );
            f.push(a + b * c);
        }
    }
    if !regime.mixes.is_empty() {
        f.extend(indifference(cg, &sigma, &regime.mixes));
    }
    f
}

/// Each mix's owner's payoff from each of its actions but the last, less the
/// last's, at the information set (beliefs as everywhere: Bayes' rule on the
/// trembled profile, `sequential::TREMBLE`).
pub(super) fn indifference(cg: &CompiledGame, sigma: &[Vec<f64>], mixes: &[Mix]) -> Vec<f64> {
    let g = &cg.game;
    let beliefs = sequential::all_beliefs(cg, sigma, sequential::TREMBLE);
    let mut f = Vec::new();
    for m in mixes {
        let info = &g.infosets()[m.infoset];
        let Owner::Player(p) = info.owner else {
            continue;
        };
        let v = lines(g, cg, sigma, p);
        let value = |a: usize| -> f64 {
            info.members
                .iter()
                .zip(&beliefs[m.infoset])
                .map(|(h, w)| w * v[g.child(*h, a).index()].0)
                .sum()
        };
        let last = value(*m.actions.last().expect("a mix has actions"));
        if let ([a, _], [q]) = (m.actions.as_slice(), m.probs.as_slice()) {
            // Between two actions, the natural map of the complementarity
            // problem: zero where the owner is indifferent and mixes, or
            // strictly prefers the action it plays for sure, so a regime may
            // list a set that turns out not to mix.
            f.push(q - (q + NATURAL_STEP * (value(*a) - last)).clamp(0.0, 1.0));
            continue;
        }
        for &a in &m.actions[..m.actions.len() - 1] {
            f.push(value(a) - last);
        }
    }
    f
}

/// The step of the natural map `q - clamp(q + k * gain)`: any positive `k`
/// has the same zeros, and a small one keeps the clamp, whose flat parts
/// make the Jacobian singular, out of the way of Newton's steps.
const NATURAL_STEP: f64 = 0.01;

/// A probability of the damped iterate above which its action counts as
/// played when looking for mixes.
const MIXED: f64 = 1e-3;

/// The information sets where an untyped player's recent best responses
/// (behaviour over all information sets, pure at its own) disagree, as mixes
/// over the actions they chose, starting from the iterate's probabilities.
pub(super) fn mixes_from(
    cg: &CompiledGame,
    data: &[PlayerData],
    sigma: &[Vec<f64>],
    responses: &[Vec<Vec<f64>>],
) -> Vec<Mix> {
    let mut mixes = Vec::new();
    for d in data.iter().filter(|d| d.dist.is_none()) {
        for &i in &d.infosets {
            let n = cg.game.infoset(i).actions.len();
            // Actions a recent response chose, or that the damped iterate
            // (an average of past responses) still plays: both say the best
            // response has been jumping between them.
            let actions: Vec<usize> = (0..n)
                .filter(|&a| {
                    sigma[i.index()][a] > MIXED || responses.iter().any(|r| r[i.index()][a] > 0.5)
                })
                .collect();
            if actions.len() < 2 {
                continue;
            }
            let s = &sigma[i.index()];
            let total: f64 = actions.iter().map(|&a| s[a]).sum();
            let probs = actions[..actions.len() - 1]
                .iter()
                .map(|&a| {
                    if total > 0.0 {
                        s[a] / total
                    } else {
                        1.0 / actions.len() as f64
                    }
                })
                .collect();
            mixes.push(Mix {
                infoset: i.index(),
                actions,
                probs,
            });
        }
    }
    mixes
}

fn norm(f: &[f64]) -> f64 {
    f.iter().fold(0.0, |m, x| m.max(x.abs()))
}

/// Solves `a x = b` by LU with partial pivoting; `None` when a pivot
/// vanishes against the matrix's scale.
fn solve_lu(a: DMatrix<f64>, b: DVector<f64>) -> Option<DVector<f64>> {
    let scale = a.amax();
    if scale == 0.0 || !scale.is_finite() {
        return None;
    }
    let lu = a.lu();
    if lu.u().diagonal().iter().any(|d| d.abs() <= 1e-13 * scale) {
        return None;
    }
    lu.solve(&b)
}

/// The Newton direction, or a Levenberg-Marquardt one where the Jacobian is
/// singular (a cut in a tail that moves no mass, say).
pub(super) fn direction(j: &[Vec<f64>], f: &[f64]) -> Option<Vec<f64>> {
    let n = f.len();
    let jm = DMatrix::from_fn(n, n, |r, c| j[r][c]);
    let neg = -DVector::from_column_slice(f);
    if let Some(d) = solve_lu(jm.clone(), neg.clone()) {
        return Some(d.as_slice().to_vec());
    }
    let mut jtj = jm.tr_mul(&jm);
    let mu = 1e-10 * jtj.trace().max(1e-300);
    for a in 0..n {
        jtj[(a, a)] += mu;
    }
    solve_lu(jtj, jm.tr_mul(&neg)).map(|d| d.as_slice().to_vec())
}

/// How [`solve_cuts`] keeps its Jacobian between steps.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Jacobian {
    /// Finite differences at every step: a residual per unknown, and the
    /// widest basin.
    Fresh,
    /// Finite differences once, then Broyden's updates until a step fails.
    Updated,
}

/// Solves the regime's cut equations by [`solve_system`]. Returns whether
/// they were solved; the regime keeps the best cuts found.
fn solve_cuts(
    cg: &CompiledGame,
    data: &[PlayerData],
    regime: &mut Regime,
    base: &[Vec<f64>],
    evals: &mut usize,
    budget: usize,
    kind: Jacobian,
) -> bool {
    let mut c = regime.flat_cuts();
    let solved = solve_system(
        &mut c,
        |x| {
            regime.set_cuts(x);
            residual(cg, data, regime, base)
        },
        evals,
        budget,
        kind,
    );
    regime.set_cuts(&c);
    solved
}

/// Newton with a backtracking line search on the largest residual, the
/// Jacobian by finite differences and then kept up to date by Broyden's
/// rank-one updates: a finite-difference Jacobian costs a residual per
/// unknown (thirty on the founding crisis), an update none, and most
/// regimes settle in a few updated steps. Where an updated Jacobian's step
/// finds no decrease, a fresh one is taken; only a fresh one's failure ends
/// the search. Every call of `f` counts one evaluation against `budget`.
/// Returns whether `f(x) = 0` was solved; `x` holds the best point found.
pub(super) fn solve_system(
    x: &mut Vec<f64>,
    mut f: impl FnMut(&[f64]) -> Vec<f64>,
    evals: &mut usize,
    budget: usize,
    kind: Jacobian,
) -> bool {
    let mut eval = |x: &[f64], evals: &mut usize| {
        *evals += 1;
        f(x)
    };
    let mut c = x.clone();
    let mut fc = eval(&c, evals);
    let mut r = norm(&fc);
    // The Jacobian, and whether it was just computed (not updated).
    let mut jac: Option<Vec<Vec<f64>>> = None;
    let mut fresh = false;
    let mut solved = false;
    for _ in 0..MAX_STEPS {
        if r < EQ_TOL {
            solved = true;
            break;
        }
        if *evals >= budget {
            break;
        }
        let j = match jac.take() {
            Some(j) => j,
            None => {
                fresh = true;
                finite_differences(|x: &[f64]| eval(x, evals), &c, &fc)
            }
        };
        let Some(step) = direction(&j, &fc) else {
            if fresh {
                break;
            }
            continue;
        };
        // An updated Jacobian's direction gets a short search: if it fails,
        // a fresh Jacobian is cheaper than more halvings.
        let floor = if fresh { 1e-9 } else { 1.0 / 64.0 };
        let mut t = 1.0;
        let accepted = loop {
            let trial: Vec<f64> = c.iter().zip(&step).map(|(x, d)| x + t * d).collect();
            if trial.iter().all(|x| x.is_finite()) {
                let ft = eval(&trial, evals);
                let rt = norm(&ft);
                if rt < (1.0 - 1e-4 * t) * r || rt < EQ_TOL {
                    break Some((trial, ft, rt));
                }
            }
            t *= 0.5;
            if t < floor {
                break None;
            }
        };
        let Some((trial, ft, rt)) = accepted else {
            if fresh {
                break;
            }
            continue;
        };
        jac = (kind == Jacobian::Updated).then(|| broyden(j, &trial, &c, &ft, &fc));
        fresh = false;
        c = trial;
        fc = ft;
        r = rt;
    }
    *x = c;
    solved || r < EQ_TOL
}

/// The Jacobian of `f` at `c` (where it is `fc`) by forward differences.
fn finite_differences(
    mut f: impl FnMut(&[f64]) -> Vec<f64>,
    c: &[f64],
    fc: &[f64],
) -> Vec<Vec<f64>> {
    let n = c.len();
    let mut jac = vec![vec![0.0; n]; n];
    for col in 0..n {
        let h = 1e-7 * (1.0 + c[col].abs());
        let mut trial = c.to_vec();
        trial[col] += h;
        let fj = f(&trial);
        for (row, (a, b)) in fj.iter().zip(fc).enumerate() {
            jac[row][col] = (a - b) / h;
        }
    }
    jac
}

/// Broyden's ("good") update of `j` after the step from `x0` (residual `f0`)
/// to `x1` (residual `f1`): the least change that makes it map the step to
/// the change in the residual.
fn broyden(mut j: Vec<Vec<f64>>, x1: &[f64], x0: &[f64], f1: &[f64], f0: &[f64]) -> Vec<Vec<f64>> {
    let s: Vec<f64> = x1.iter().zip(x0).map(|(a, b)| a - b).collect();
    let ss: f64 = s.iter().map(|x| x * x).sum();
    if ss == 0.0 || !ss.is_finite() {
        return j;
    }
    for (row, jr) in j.iter_mut().enumerate() {
        let predicted: f64 = jr.iter().zip(&s).map(|(a, b)| a * b).sum();
        let miss = (f1[row] - f0[row]) - predicted;
        for (x, sc) in jr.iter_mut().zip(&s) {
            *x += miss * sc / ss;
        }
    }
    j
}

/// A plan with where along the type axis it was last seen: the middle of
/// its piece's probability mass.
type Candidate = (Vec<usize>, f64);

fn candidates_of(
    pieces: &[Piece],
    dist: crate::dist::Dist,
) -> impl Iterator<Item = Candidate> + '_ {
    pieces
        .iter()
        .map(move |pc| (pc.choice.clone(), 0.5 * (dist.cdf(pc.lo) + dist.cdf(pc.hi))))
}

/// Orders a player's candidate plans along the type axis (by slope against
/// `sigma`, since the upper envelope of lines climbs in slope; plans with the
/// same payoff line, which differ only off the path, by where they were last
/// seen) and places the cuts between neighbours: a known cut between the
/// same two plans where one is given, the zero of their cut equation
/// otherwise, and a point between the neighbouring cuts where that has none.
fn arrange(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    candidates: Vec<Candidate>,
    hints: &[(Vec<usize>, Vec<usize>, f64)],
) -> (Vec<Vec<usize>>, Vec<f64>) {
    let g = &cg.game;
    let mut unique: Vec<Candidate> = Vec::new();
    for (s, centre) in candidates {
        match unique.iter_mut().find(|u| u.0 == s) {
            Some(u) => u.1 = centre,
            None => unique.push((s, centre)),
        }
    }
    // Each plan with its payoff lines at every node and its centre.
    type Arranged<'a> = (Vec<usize>, PlanLine<'a>, f64);
    let plans = PlanLines::new(cg, d, sigma, p);
    let mut strats: Vec<Arranged> = unique
        .into_iter()
        .map(|(s, centre)| {
            let l = plans.of(&s);
            (s, l, centre)
        })
        .collect();
    // Slopes are compared to 1e-9 so that equal lines computed along
    // different paths tie; the key stays a total order.
    let slope_key = |l: &PlanLine| (l.at(g.root()).1 * 1e9).round().clamp(-1e18, 1e18) as i64;
    strats.sort_by(|a, b| {
        slope_key(&a.1)
            .cmp(&slope_key(&b.1))
            .then(a.2.total_cmp(&b.2))
    });
    let reach = sequential::others_reach(cg, d, sigma, p);
    let beliefs = sequential::beliefs(cg, sigma, d, p);
    let mut cuts: Vec<f64> = strats
        .windows(2)
        .map(|w| {
            let hint = hints
                .iter()
                .find(|(a, b, _)| (*a == w[0].0 && *b == w[1].0) || (*a == w[1].0 && *b == w[0].0));
            if let Some(h) = hint {
                return h.2;
            }
            let (a, b) = cut_line(g, d, &reach, &beliefs, &w[0].0, &w[1].0, &w[0].1, &w[1].1);
            if b.abs() > 1e-12 {
                -a / b
            } else {
                f64::NAN
            }
        })
        .collect();
    let (lo, hi) = d.dist.expect("a typed player").support();
    let scale = (hi - lo) / 18.0;
    let centre = d.dist.expect("a typed player").mean();
    for i in 0..cuts.len() {
        if cuts[i].is_nan() {
            let left = cuts[..i].iter().rev().find(|x| x.is_finite()).copied();
            let right = cuts[i + 1..].iter().find(|x| x.is_finite()).copied();
            cuts[i] = match (left, right) {
                (Some(l), Some(r)) if r > l => 0.5 * (l + r),
                (Some(l), _) => l + scale,
                (None, Some(r)) => r - scale,
                (None, None) => centre,
            };
        }
        cuts[i] = cuts[i].clamp(lo, hi);
    }
    (strats.into_iter().map(|s| s.0).collect(), cuts)
}

/// Hints for [`arrange`]: the cuts between neighbouring pieces.
fn hints_of(pieces: &[Piece]) -> Vec<(Vec<usize>, Vec<usize>, f64)> {
    pieces
        .windows(2)
        .map(|w| (w[0].choice.clone(), w[1].choice.clone(), w[0].hi))
        .collect()
}

/// The starting regime: every plan that some recent response used, in the
/// order and with the cuts those responses suggest.
pub(super) fn regime_from(
    cg: &CompiledGame,
    data: &[PlayerData],
    sigma: &[Vec<f64>],
    responses: &[Vec<Vec<Piece>>],
) -> Regime {
    let mut regime = Regime {
        strategies: vec![Vec::new(); data.len()],
        cuts: vec![Vec::new(); data.len()],
        mixes: Vec::new(),
    };
    for (p, d) in data.iter().enumerate() {
        if d.dist.is_none() {
            continue;
        }
        let dist = d.dist.expect("a typed player");
        let mut candidates = Vec::new();
        let mut hints = Vec::new();
        for r in responses {
            candidates.extend(candidates_of(&r[p], dist));
            hints.extend(hints_of(&r[p]));
        }
        let (s, c) = arrange(cg, d, sigma, p, candidates, &hints);
        regime.strategies[p] = s;
        regime.cuts[p] = c;
    }
    regime
}

/// Solves the cut equations, dropping plans whose pieces empty out and adding
/// plans that beat the regime for some types, until the regime is consistent.
/// Returns the profile and its pieces, or `None` when the
/// equations could not be solved.
pub(super) fn polish(
    cg: &CompiledGame,
    data: &[PlayerData],
    mut regime: Regime,
    base: &[Vec<f64>],
    evals: &mut usize,
    budget: usize,
    kind: Jacobian,
) -> Option<Found> {
    let budget = *evals + budget;
    for round in 0..MAX_ROUNDS {
        if *evals >= budget {
            return None;
        }
        let before = *evals;
        let solved = solve_cuts(cg, data, &mut regime, base, evals, budget, kind);
        if tracing::enabled!(tracing::Level::DEBUG) {
            let sizes: Vec<usize> = regime.strategies.iter().map(Vec::len).collect();
            tracing::debug!(
                round,
                plans = ?sizes,
                solved,
                residuals = *evals - before,
                cuts = ?regime.cuts,
                mixes = ?regime.mixes.iter().map(|m| (m.infoset, &m.probs)).collect::<Vec<_>>(),
                "Newton on a regime"
            );
        }
        let (sigma, pieces) = profile(cg, data, &regime, base);
        let work = interdependent::with_posterior_means(cg, data, &pieces);
        // An empty piece means its plan is not played: its two cut equations
        // then stand for a boundary that does not exist.
        let mut dropped = false;
        for (p, pcs) in pieces.iter().enumerate() {
            if pcs.len() < 2 {
                continue;
            }
            if let Some(i) = pcs.iter().position(|pc| pc.hi <= pc.lo || pc.mass == 0.0) {
                regime.strategies[p].remove(i);
                let last = regime.cuts[p].len() - 1;
                regime.cuts[p].remove(i.min(last));
                dropped = true;
            }
        }
        if dropped {
            continue;
        }
        if !solved {
            return None;
        }
        let mut added = false;
        for (p, d) in data.iter().enumerate() {
            let Some(dist) = d.dist else { continue };
            let beliefs = sequential::beliefs(cg, &sigma, d, p);
            let env = sequential::sequential_response(&work, d, &sigma, &beliefs, p);
            let missing = env
                .iter()
                .any(|pc| pc.mass > 0.0 && !regime.strategies[p].contains(&pc.choice));
            if missing {
                let mut candidates: Vec<Candidate> = candidates_of(&pieces[p], dist).collect();
                candidates.extend(candidates_of(&env, dist));
                let mut hints = hints_of(&pieces[p]);
                hints.extend(hints_of(&env));
                let (s, c) = arrange(cg, d, &sigma, p, candidates, &hints);
                regime.strategies[p] = s;
                regime.cuts[p] = c;
                added = true;
            }
        }
        if !added {
            return Some((sigma, pieces));
        }
    }
    None
}
