//! The equilibrium solver of the crisis language: perfect Bayesian
//! equilibria, sequentially rational at every information set.
//!
//! Players with a private type (a continuous payoff shock, linear in their
//! payoffs) play cut-point strategies: against the others' behaviour and
//! the beliefs (`sequential.rs`: Bayes' rule on the profile with every
//! action trembling by [`TREMBLE`]), each action's conditional payoff at an information set
//! is a line in the type once the later choices are fixed, so the best
//! response is found exactly, deepest information set first, and every
//! type's plan is optimal everywhere; the probability of each piece is a
//! difference of the type's CDF. Players without a type are the one-point
//! case. The fixed point is sought by best-response iteration, damped for
//! its first steps and then accelerated by Anderson's method (`anderson.rs`),
//! with plain damping as the fallback; where that does not settle (a best
//! response that jumps), Newton's method takes over from what the iteration
//! visited: on one cut per information set and the untyped players' mixes
//! (`infoset_cuts.rs`) during the iteration and after it, on the cuts
//! between whole plans in order along the type axis (`newton.rs`) after it;
//! on small games a logit homotopy (`homotopy.rs`) is the last resort. The profile returned is
//! checked by computing every player's regret against it, at the start and
//! at every information set, types integrated exactly, and called converged
//! only when both are at most [`REGRET_TOL`].

mod anderson;
mod homotopy;
mod infoset_cuts;
mod interdependent;
mod newton;
mod respond;
mod sequential;
mod start;

use crate::compile::CompiledGame;
use brink_game::{Cancel, InfosetId, Owner, Watch};
use newton::Regime;
use respond::{player_data, pure_line, respond, PlayerData};
pub use sequential::TREMBLE;
pub use start::Start;

/// One piece of a typed player's cut-point strategy: the types in `(lo, hi]`
/// play the pure strategy `choice`.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Lower end of the types.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Probability of the piece.
    pub mass: f64,
    /// The action at each of the player's information sets, indexed as
    /// [`ExtensiveGame::player_infosets`].
    pub choice: Vec<usize>,
    /// The pure strategy's expected payoff `A + B * type` against the others.
    pub line: (f64, f64),
}

/// What the solver found.
#[derive(Clone, Debug)]
pub struct Equilibrium {
    /// Behaviour probabilities over all information sets (types aggregated).
    pub behavior: Vec<Vec<f64>>,
    /// For each typed player, the cut-point pieces (empty for untyped players).
    pub pieces: Vec<Vec<Piece>>,
    /// Each player's expected payoff (types integrated).
    pub payoffs: Vec<f64>,
    /// Each player's ex-ante regret: best-response payoff minus equilibrium
    /// payoff, types integrated.
    pub regrets: Vec<f64>,
    /// Each player's sequential regret: the largest, over its information
    /// sets, of the gain from deviating there (given the beliefs there and
    /// the others' continuation), types integrated against their prior.
    pub sequential_regrets: Vec<f64>,
    /// The gain from deviating at each information set (0 for chance).
    pub infoset_regrets: Vec<f64>,
    /// The assessment's beliefs: at each information set, a weight per
    /// member (Bayes' rule on the profile with every action trembling by
    /// [`TREMBLE`]; empty for chance).
    pub beliefs: Vec<Vec<f64>>,
    /// Best-response iterations used.
    pub iterations: usize,
    /// Evaluations of the others' behaviour against a candidate profile
    /// (best-response rounds and cut-equation residuals): the solver's work.
    pub evaluations: usize,
    /// Whether the profile is an equilibrium: every regret, ex ante and
    /// sequential, at most [`REGRET_TOL`].
    pub converged: bool,
    /// Whether the solve began from a given start rather than from scratch.
    pub warm: bool,
}

/// The largest regret a converged profile may have.
pub const REGRET_TOL: f64 = 1e-9;

impl Equilibrium {
    /// The largest regret, ex ante or sequential: the distance from
    /// equilibrium that [`Equilibrium::converged`] is judged on.
    pub fn max_regret(&self) -> f64 {
        self.regrets
            .iter()
            .chain(&self.sequential_regrets)
            .copied()
            .fold(0.0, f64::max)
    }

    /// The largest ex-ante regret (gains from deviating at the root only).
    pub fn max_ex_ante_regret(&self) -> f64 {
        self.regrets.iter().copied().fold(0.0, f64::max)
    }

    /// The largest sequential regret.
    pub fn max_sequential_regret(&self) -> f64 {
        self.sequential_regrets.iter().copied().fold(0.0, f64::max)
    }
}

/// The step of damped iteration: it halves (down to `floor`) when the
/// residual grows, which turns a cycling iteration into a contracting one
/// near a fixed point, and recovers while the residual shrinks, so that a
/// smooth stretch is not crawled.
pub(super) struct Damping {
    alpha: f64,
    prev: f64,
    floor: f64,
}

impl Damping {
    pub(super) fn new(floor: f64) -> Damping {
        Damping {
            alpha: 1.0,
            prev: f64::INFINITY,
            floor,
        }
    }

    /// Moves `sigma` towards `target`, whose distance from it is `resid`.
    pub(super) fn step(&mut self, sigma: &mut [Vec<f64>], target: &[Vec<f64>], resid: f64) {
        self.alpha = if resid > self.prev {
            (self.alpha * 0.5).max(self.floor)
        } else {
            (self.alpha * 1.25).min(1.0)
        };
        self.prev = resid;
        for (s, t) in sigma.iter_mut().zip(target) {
            for (a, b) in s.iter_mut().zip(t) {
                *a += self.alpha * (b - *a);
            }
        }
    }
}

/// Best-response iterations after which Newton's method is first tried, and
/// the spacing of later tries. With one cut per information set, 15 first
/// left 18 of 960 draw solves of the founding crisis unconverged against 22
/// with 30 (`draw_failures`, seeds 1 and 2), for 1% fewer evaluations; 10
/// left 24, 20 left 19.
const NEWTON_FIRST: usize = 15;
const NEWTON_EVERY: usize = 100;
/// Residuals a Newton try during the iteration may spend: the iteration
/// goes on if it fails, so it may give up sooner than the final polish.
const EARLY_BUDGET: usize = 150;
/// Recent responses whose plans and switches make the rules Newton starts from.
const RECENT: usize = 8;

/// Solves a compiled game. `max_iter` bounds the best-response iteration.
pub fn solve(cg: &CompiledGame, max_iter: usize) -> Equilibrium {
    solve_from(cg, max_iter, None)
}

/// Solves a compiled game starting from `start` (a solution at nearby
/// parameter values) where it fits the game; from scratch otherwise.
pub fn solve_from(cg: &CompiledGame, max_iter: usize, start: Option<&Start>) -> Equilibrium {
    solve_cancellable(cg, max_iter, start, &Cancel::new())
}

/// As [`solve_from`], returning early once `cancel` is cancelled: what it
/// returns then is the profile reached so far, not an equilibrium, and the
/// caller, which holds the token, must not report it as one.
pub fn solve_cancellable(
    cg: &CompiledGame,
    max_iter: usize,
    start: Option<&Start>,
    cancel: &Cancel,
) -> Equilibrium {
    let start = start.filter(|s| s.fits(cg));
    // A start from another regime can lead the iteration astray where the
    // uniform profile does not: the cold attempts follow the warm ones.
    let warm = start.map(|st| {
        [
            (Attempt::Accelerated, Some(st)),
            (Attempt::Damped, Some(st)),
        ]
    });
    // No cold `Damped` attempt: on 20 draws of the founding crisis it
    // rescued 1 of the 20 solves the accelerated attempt left, at 23% of
    // all the evaluations; easing rescued 7.
    let cold = [(Attempt::Accelerated, None), (Attempt::Eased, None)];
    let mut best: Option<Equilibrium> = None;
    for (attempt, start) in warm.into_iter().flatten().chain(cold) {
        let eq = solve_core(cg, max_iter, start, None, attempt, cancel);
        tracing::debug!(
            attempt = ?attempt,
            warm = start.is_some(),
            evaluations = eq.evaluations,
            regret = eq.max_regret(),
            "solver attempt"
        );
        let done = eq.max_regret() <= REGRET_TOL || cancel.is_cancelled();
        if best
            .as_ref()
            .is_none_or(|b| eq.max_regret() < b.max_regret())
        {
            best = Some(eq);
        }
        if done {
            break;
        }
    }
    best.expect("at least one attempt")
}

/// Equilibria reached from `starts` profiles: the one [`solve`] reports,
/// then those the iteration reaches from seeded random behaviour profiles,
/// pure and interior by turns (`seed` fixes them), each kept if it is converged and differs from those
/// before it by more than 1e-6 in some probability. A way to find other
/// equilibria, not a proof that there are no more.
pub fn solve_many(
    cg: &CompiledGame,
    max_iter: usize,
    starts: usize,
    seed: u64,
) -> Vec<Equilibrium> {
    solve_many_watched(cg, max_iter, starts, seed, &Watch::quiet())
}

/// As [`solve_many`], each finished start reported to `watch` (task
/// `"starts"`); once `watch` is cancelled, the starts not yet run are
/// skipped and the one under way stops within an iteration, so the list
/// is then incomplete and the caller, which holds the token, must say so.
pub fn solve_many_watched(
    cg: &CompiledGame,
    max_iter: usize,
    starts: usize,
    seed: u64,
    watch: &Watch,
) -> Vec<Equilibrium> {
    let never = Cancel::new();
    let cancel = watch.cancel.unwrap_or(&never);
    let ticker = watch.ticker("starts", starts as u64);
    let mut found = vec![solve_cancellable(cg, max_iter, None, cancel)];
    ticker.inc();
    let mut state = seed;
    let mut next = move || {
        // SplitMix64: a fixed seed gives the same starts on every machine.
        state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = state;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        ((z ^ (z >> 31)) >> 11) as f64 / (1u64 << 53) as f64
    };
    for k in 1..starts {
        if cancel.is_cancelled() {
            break;
        }
        // Odd starts are pure profiles (an action drawn at every set), the
        // even ones interior: the basins of pure equilibria are often
        // corners that interior draws rarely reach.
        let initial: Vec<Vec<f64>> = cg
            .game
            .infosets()
            .iter()
            .map(|i| {
                let n = i.actions.len();
                if k % 2 == 1 {
                    let pick = ((next() * n as f64) as usize).min(n - 1);
                    return (0..n).map(|a| f64::from(u8::from(a == pick))).collect();
                }
                let w: Vec<f64> = (0..n).map(|_| next() + 1e-3).collect();
                let total: f64 = w.iter().sum();
                w.iter().map(|x| x / total).collect()
            })
            .collect();
        let eq = solve_core(
            cg,
            max_iter,
            None,
            Some(&initial),
            Attempt::Accelerated,
            cancel,
        );
        ticker.inc();
        let new = found.iter().all(|f| {
            f.behavior
                .iter()
                .zip(&eq.behavior)
                .zip(cg.game.infosets())
                .filter(|(_, i)| i.owner != Owner::Chance)
                .any(|((a, b), _)| a.iter().zip(b).any(|(x, y)| (x - y).abs() > 1e-6))
        });
        if eq.converged && new {
            found.push(eq);
        }
    }
    found
}

/// How one solve iterates; each is the fallback of the one before.
#[derive(Clone, Copy, PartialEq, Debug)]
enum Attempt {
    /// Damped steps, then Anderson's extrapolation.
    Accelerated,
    /// Damped steps only: extrapolation can leap between regimes that
    /// damping creeps through.
    Damped,
    /// Large trembles eased down to [`TREMBLE`] first (from the uniform
    /// profile), then as `Accelerated`: with large trembles an off-path
    /// belief moves gently as a cut slides into a tail, and each stage
    /// starts where the last settled.
    Eased,
}

/// The trembles `Attempt::Eased` passes through, and the iterations each
/// may take. Two stages rescue more solves than four, for less work: over 40
/// draws of the founding crisis (`draw_failures`, seeds 1 and 2), 13 and 5
/// rescued against 8 and 3 with `[1e-2, 1e-4, 1e-6, 1e-8]`, and 5-6% fewer
/// evaluations in all; `[1e-3, 1e-6, 1e-9]` rescued 14 and 4.
const EASING: [f64; 2] = [1e-4, 1e-8];
const EASING_ITERATIONS: usize = 60;

/// The largest change in any probability between two profiles.
fn gap(a: &[Vec<f64>], b: &[Vec<f64>]) -> f64 {
    a.iter()
        .zip(b)
        .flat_map(|(x, y)| x.iter().zip(y).map(|(u, v)| (u - v).abs()))
        .fold(0.0, f64::max)
}

/// [`solve_from`], the iteration beginning at `initial` (players'
/// behaviour; chance keeps its probabilities) instead of the uniform profile.
fn solve_core(
    cg: &CompiledGame,
    max_iter: usize,
    start: Option<&Start>,
    initial: Option<&[Vec<f64>]>,
    attempt: Attempt,
    cancel: &Cancel,
) -> Equilibrium {
    let g = &cg.game;
    let np = g.num_players();
    let mut data: Vec<PlayerData> = (0..np).map(|p| player_data(cg, p)).collect();
    let uniform: Vec<Vec<f64>> = g
        .infosets()
        .iter()
        .map(|i| match i.owner {
            Owner::Chance => i
                .actions
                .iter()
                .map(|a| brink_game::Field::to_f64(a.prob.as_ref().expect("chance prob")))
                .collect(),
            Owner::Player(_) => vec![1.0 / i.actions.len() as f64; i.actions.len()],
        })
        .collect();
    let mut evaluations = 0;
    let start = start.filter(|s| s.fits(cg));
    let warm = start.is_some();
    let mut sigma = uniform.clone();
    if let Some(init) = initial {
        for ((s, b), i) in sigma.iter_mut().zip(init).zip(g.infosets()) {
            if i.owner != Owner::Chance && b.len() == s.len() {
                s.clone_from(b);
            }
        }
    }
    let moving: Vec<bool> = g
        .infosets()
        .iter()
        .map(|i| i.owner != Owner::Chance)
        .collect();
    let memory = if attempt == Attempt::Damped {
        0
    } else {
        anderson::MEMORY
    };
    if attempt == Attempt::Eased {
        for &tremble in &EASING {
            for d in &mut data {
                d.tremble = tremble;
            }
            let mut accel = anderson::Anderson::new(moving.clone(), 1.0 / 256.0, memory);
            let mut latest: Vec<Vec<Piece>> = vec![Vec::new(); np];
            for _ in 0..EASING_ITERATIONS {
                if cancel.is_cancelled() {
                    break;
                }
                evaluations += 1;
                let mut target = sigma.clone();
                let work = interdependent::with_posterior_means(cg, &data, &latest);
                for (p, d) in data.iter().enumerate() {
                    let (beh, pcs) = respond(&work, d, &sigma, p);
                    for (k, &i) in d.infosets.iter().enumerate() {
                        target[i.index()] = beh[k].clone();
                    }
                    latest[p] = pcs;
                }
                let resid = gap(&target, &sigma);
                if resid < 1e-12 {
                    break;
                }
                accel.step(&mut sigma, &target, resid);
            }
        }
        for d in &mut data {
            d.tremble = TREMBLE;
        }
    }
    let data = data;
    let finish = |found: (Vec<Vec<f64>>, Vec<Vec<Piece>>), iterations, evaluations| {
        let mut eq = check(cg, &data, found.0, found.1);
        eq.iterations = iterations;
        eq.evaluations = evaluations;
        eq.warm = warm;
        eq
    };
    if let Some(st) = start {
        for (s, (b, i)) in sigma.iter_mut().zip(st.behavior.iter().zip(g.infosets())) {
            if i.owner != Owner::Chance {
                s.clone_from(b);
            }
        }
        // Near the start's parameters the equilibrium usually keeps its
        // regime, and Newton needs a few residuals where iteration needs many.
        // Untyped players that mixed there are tried mixing again.
        let pure = Regime {
            strategies: st.plans.clone(),
            cuts: st.cuts.clone(),
            mixes: Vec::new(),
        };
        let mixes = newton::mixes_from(cg, &data, &sigma, &[]);
        let mixed = (!mixes.is_empty()).then(|| Regime {
            mixes,
            ..pure.clone()
        });
        for regime in std::iter::once(pure).chain(mixed) {
            if let Some((b, pcs)) = newton::polish(
                cg,
                &data,
                regime,
                &sigma,
                &mut evaluations,
                newton::BUDGET,
                newton::Jacobian::Updated,
            ) {
                let eq = finish((b, pcs), 0, evaluations);
                if eq.max_regret() <= REGRET_TOL {
                    return eq;
                }
            }
        }
    }
    // Damping first: most games settle, or come close enough for Newton's
    // first try, within a few damped steps; extrapolation after that.
    let mut damping = Damping::new(1.0 / 256.0);
    let mut accel = anderson::Anderson::new(moving, 1.0 / 256.0, memory);
    let mut iterations = 0;
    let mut recent: std::collections::VecDeque<Vec<Vec<Piece>>> = Default::default();
    // The typed players' latest pieces: where payoffs depend on another's
    // type, the next responses see that type's means under them.
    let mut last_pieces: Vec<Vec<Piece>> = vec![Vec::new(); np];
    // The behaviour of the same responses (untyped players' pure choices).
    let mut recent_beh: std::collections::VecDeque<Vec<Vec<f64>>> = Default::default();
    // Probabilities are reported to 4 decimals; regret is computed afterwards.
    let tol = 1e-13;
    while iterations < max_iter {
        if cancel.is_cancelled() {
            return finish((sigma, last_pieces), iterations, evaluations);
        }
        iterations += 1;
        evaluations += 1;
        let mut target = sigma.clone();
        let mut response = vec![Vec::new(); np];
        let work = interdependent::with_posterior_means(cg, &data, &last_pieces);
        for (p, d) in data.iter().enumerate() {
            let (beh, pcs) = respond(&work, d, &sigma, p);
            for (k, &i) in d.infosets.iter().enumerate() {
                target[i.index()] = beh[k].clone();
            }
            response[p] = pcs;
        }
        if recent.len() == RECENT {
            recent.pop_front();
            recent_beh.pop_front();
        }
        last_pieces.clone_from(&response);
        recent.push_back(response);
        recent_beh.push_back(target.clone());
        // Every information set counts, reached or not: off the path the
        // responses must settle too (ties go to the first action, so they
        // do not flip without cause).
        let mut resid: f64 = 0.0;
        for (t, s) in target.iter().zip(&sigma) {
            for (a, b) in t.iter().zip(s) {
                resid = resid.max((a - b).abs());
            }
        }
        if tracing::enabled!(tracing::Level::TRACE) && (iterations < 20 || iterations % 20 == 0) {
            let mut worst = (0.0, 0);
            for (k, (t, s)) in target.iter().zip(&sigma).enumerate() {
                for (a, b) in t.iter().zip(s) {
                    if (a - b).abs() > worst.0 {
                        worst = ((a - b).abs(), k);
                    }
                }
            }
            tracing::trace!(
                iterations,
                residual = resid,
                worst = %g.infoset(InfosetId(worst.1 as u32)).label,
                now = ?sigma[worst.1],
                response = ?target[worst.1],
                "best-response iteration"
            );
        }
        if resid < tol {
            break;
        }
        // A best response that jumps across the fixed point makes the
        // iteration cycle however it is damped; Newton's method on the cuts
        // of the plans the cycle visits does not mind the jump.
        if iterations == NEWTON_FIRST || iterations % NEWTON_EVERY == 0 {
            // The response itself may already be an equilibrium while the
            // iterate still moves (ties flipping where either action is best).
            let latest = recent.back().expect("pushed above").clone();
            let eq = finish((target.clone(), latest), iterations, evaluations);
            if eq.max_regret() <= REGRET_TOL {
                return eq;
            }
            // Newton on one cut per information set (`infoset_cuts.rs`):
            // the whole plans of `newton.rs`, tried here too, rescued 3 more
            // of 960 solves of the founding crisis's draws (`draw_failures`,
            // seeds 1 and 2) for 46% more evaluations reported, so they wait
            // for the last try.
            let mixes = newton::mixes_from(cg, &data, &sigma, recent_beh.make_contiguous());
            if let Some(rules) =
                infoset_cuts::Rules::from_responses(&data, recent.make_contiguous(), mixes)
            {
                if let Some(found) = infoset_cuts::polish(
                    cg,
                    &data,
                    rules,
                    &sigma,
                    &mut evaluations,
                    EARLY_BUDGET,
                    newton::Jacobian::Updated,
                ) {
                    let eq = finish(found, iterations, evaluations);
                    if eq.max_regret() <= REGRET_TOL {
                        return eq;
                    }
                }
            }
        }
        if iterations <= NEWTON_FIRST {
            damping.step(&mut sigma, &target, resid);
        } else {
            accel.step(&mut sigma, &target, resid);
        }
    }
    // Every player's response to the last iterate (for a settled iteration,
    // the iterate itself up to the tolerance).
    let mut behavior = sigma.clone();
    let mut pieces = vec![Vec::new(); np];
    let work = interdependent::with_posterior_means(cg, &data, &last_pieces);
    for (p, d) in data.iter().enumerate() {
        let (beh, pcs) = respond(&work, d, &sigma, p);
        for (k, &i) in d.infosets.iter().enumerate() {
            behavior[i.index()] = beh[k].clone();
        }
        pieces[p] = pcs;
    }
    let response = pieces.clone();
    let behavior_of_last = behavior.clone();
    let eq = finish((behavior, pieces), iterations, evaluations);
    if eq.max_regret() <= REGRET_TOL {
        return eq;
    }
    // The tolerance on behaviour leaves regrets of its order: polish the cuts.
    recent.push_back(response);
    recent_beh.push_back(behavior_of_last);
    let regime = newton::regime_from(cg, &data, &sigma, recent.make_contiguous());
    let mixes = newton::mixes_from(cg, &data, &sigma, recent_beh.make_contiguous());
    let with_mixes = (!mixes.is_empty()).then(|| Regime {
        mixes,
        ..regime.clone()
    });
    // The cold accelerated attempt hands a solve it has not settled to the
    // eased one, whose own last try polishes as below: polishing here too
    // rescued 4 and 7 of the founding crisis's draws' solves that easing
    // rescues anyway, for a fifth of all the evaluations (`draw_failures`
    // over 40 draws, seeds 1 and 2: 49,795 and 54,140 evaluations over all
    // attempts against 39,466 and 42,430, the same solves unconverged).
    if attempt == Attempt::Accelerated && start.is_none() && initial.is_none() {
        return eq;
    }
    let mut best = eq;
    // The last try takes a fresh Jacobian at every step: updated ones are
    // cheaper (on 40 draws of the founding crisis, 5% fewer evaluations over
    // all and 2 more solves converged) but here, with no try after it, the
    // wider basin counts (it settles the `citizen_war_loss = 5` end of the
    // sensitivity table, which updated Jacobians do not).
    if best.max_regret() > REGRET_TOL {
        let mixes = with_mixes
            .as_ref()
            .map(|r| r.mixes.clone())
            .unwrap_or_default();
        if let Some(rules) =
            infoset_cuts::Rules::from_responses(&data, recent.make_contiguous(), mixes)
        {
            let polished = infoset_cuts::polish(
                cg,
                &data,
                rules,
                &sigma,
                &mut evaluations,
                newton::BUDGET,
                newton::Jacobian::Fresh,
            )
            .map(|found| finish(found, iterations, evaluations));
            if let Some(p) = polished.filter(|p| p.max_regret() < best.max_regret()) {
                best = p;
            }
        }
    }
    if best.max_regret() > REGRET_TOL {
        for regime in std::iter::once(regime).chain(with_mixes.clone()) {
            let polished = newton::polish(
                cg,
                &data,
                regime,
                &sigma,
                &mut evaluations,
                newton::BUDGET,
                newton::Jacobian::Fresh,
            )
            .map(|(b, pcs)| finish((b, pcs), iterations, evaluations));
            match polished {
                Some(p) if p.max_regret() < best.max_regret() => best = p,
                _ => {}
            }
            if best.max_regret() <= REGRET_TOL {
                break;
            }
        }
    }
    if best.max_regret() > REGRET_TOL
        && g.num_nodes() <= homotopy::MAX_NODES
        && !cg.interdependent()
    {
        // The iteration cycled among regimes none of which Newton could
        // settle: follow the logit homotopy instead.
        homotopy::trace(cg, &data, &uniform, &mut evaluations, cancel, |b, pcs| {
            let eq = finish((b, pcs), iterations, 0);
            if tracing::enabled!(tracing::Level::DEBUG) {
                tracing::debug!(
                    ex_ante = eq.max_ex_ante_regret(),
                    sequential = eq.max_sequential_regret(),
                    at = ?eq
                        .infoset_regrets
                        .iter()
                        .enumerate()
                        .filter(|(_, r)| **r > REGRET_TOL)
                        .map(|(i, r)| (g.infosets()[i].label.clone(), *r))
                        .collect::<Vec<_>>(),
                    "homotopy candidate"
                );
            }
            let done = eq.max_regret() <= REGRET_TOL;
            if eq.max_regret() < best.max_regret() {
                best = eq;
            }
            done
        });
    }
    best.evaluations = evaluations;
    if attempt == Attempt::Accelerated && initial.is_some() && best.max_regret() > REGRET_TOL {
        let damped = solve_core(cg, max_iter, None, initial, Attempt::Damped, cancel);
        if damped.max_regret() < best.max_regret() {
            return damped;
        }
    }
    best
}

/// Certifies a profile of `cg`: behaviour at every information set and, for
/// each typed player, its cut-point pieces (their `line`s and the typed
/// players' behaviour are recomputed from them, so only the untyped
/// players' behaviour is read from `behavior`).
/// Returns the payoffs, the ex-ante and sequential regrets and the beliefs
/// the sequential regret was measured with; `converged` says whether the
/// profile is a perfect Bayesian equilibrium to [`REGRET_TOL`]. This is how
/// a profile found elsewhere (a paper, another solver) is checked.
pub fn certify(cg: &CompiledGame, behavior: Vec<Vec<f64>>, pieces: Vec<Vec<Piece>>) -> Equilibrium {
    let data: Vec<PlayerData> = (0..cg.game.num_players())
        .map(|p| player_data(cg, p))
        .collect();
    let mut behavior = behavior;
    for (d, pcs) in data.iter().zip(&pieces) {
        if d.dist.is_some() && !pcs.is_empty() {
            for (k, b) in respond::aggregate(&cg.game, d, pcs).into_iter().enumerate() {
                behavior[d.infosets[k].index()] = b;
            }
        }
    }
    check(cg, &data, behavior, pieces)
}

/// The profile's payoffs and regrets (ex ante and at every information set),
/// the typed players' pieces re-evaluated against it.
fn check(
    cg: &CompiledGame,
    data: &[PlayerData],
    behavior: Vec<Vec<f64>>,
    mut pieces: Vec<Vec<Piece>>,
) -> Equilibrium {
    let work = interdependent::with_posterior_means(cg, data, &pieces);
    let cg: &CompiledGame = &work;
    let g = &cg.game;
    let np = data.len();
    let mut payoffs = vec![0.0; np];
    let mut regrets = vec![0.0; np];
    let mut infoset_regrets = vec![0.0; g.infosets().len()];
    let beliefs = sequential::all_beliefs(cg, &behavior, sequential::TREMBLE);
    for (p, d) in data.iter().enumerate() {
        let own_beliefs: Vec<Vec<f64>> = d
            .infosets
            .iter()
            .map(|i| beliefs[i.index()].clone())
            .collect();
        let best = sequential::sequential_response(cg, d, &behavior, &own_beliefs, p);
        let (value, best_value) = match d.dist {
            None => (respond::lines(g, cg, &behavior, p)[0].0, best[0].line.0),
            Some(dist) => {
                let integrate = |pcs: &[Piece]| -> f64 {
                    pcs.iter()
                        .map(|pc| pc.line.0 * pc.mass + pc.line.1 * dist.partial_mean(pc.lo, pc.hi))
                        .sum()
                };
                for pc in &mut pieces[p] {
                    pc.line = pure_line(cg, d, &behavior, p, &pc.choice);
                }
                (integrate(&pieces[p]), integrate(&best))
            }
        };
        payoffs[p] = value;
        regrets[p] = (best_value - value).max(0.0);
        let gains = sequential::gains(cg, d, &behavior, &own_beliefs, p, &pieces[p]);
        for (&i, gain) in d.infosets.iter().zip(gains) {
            infoset_regrets[i.index()] = gain;
        }
    }
    let sequential_regrets: Vec<f64> = (0..np)
        .map(|p| {
            g.player_infosets(p)
                .iter()
                .map(|i| infoset_regrets[i.index()])
                .fold(0.0, f64::max)
        })
        .collect();
    let converged = regrets
        .iter()
        .chain(&sequential_regrets)
        .all(|r| *r <= REGRET_TOL);
    Equilibrium {
        behavior,
        pieces,
        payoffs,
        regrets,
        sequential_regrets,
        infoset_regrets,
        beliefs,
        iterations: 0,
        evaluations: 0,
        converged,
        warm: false,
    }
}
