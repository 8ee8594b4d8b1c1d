//! The mediator lever: the lowest P(war) over communication equilibria of a
//! scenario's game (see `brink_nash::communication` for the concept: one
//! round of confidential type reports, a recommended plan for each player,
//! truth-telling and obedience incentive compatible against every combined
//! deviation; Nash-type, no sequential rationality off the path).
//!
//! A player's continuous private type is discretised on `grid` cells of
//! equal probability, each represented by its conditional mean (so the
//! discrete type keeps the distribution's mean); the plans are the reduced
//! strategies of the compiled tree. Each player's payoff at a plan profile
//! is its expectation over chance as it believes it (`CompiledGame::seen_by`),
//! linear in the types: `c + t * own type + sum over others k * their type`.
//! Outcome probabilities and human costs use the true chance probabilities.
//! Payoffs are floating point, so the program is solved in floating point and
//! the mechanism certified by its largest deviation gain.
//!
//! Up to `MAX_MECHANISM_CELLS` the program is tabulated and solved whole
//! (`enumeration`); past it, by column and row generation on the tree
//! (`brink_nash::communication::mediate_tree`), which lists neither the plan
//! profiles nor the deviations and reports a lower bound beside the
//! mechanism's P(war), equal to it when the run proves optimality.
//!
//! A discrete type is a chance move at the root whose branches one player's
//! information sets tell apart and every other player's span
//! ([`discrete_type`]): the mediator asks for it too, with no grid, the
//! branch probabilities as prior (and the others' believed ones as their
//! beliefs). Without continuous types or subjective priors the program is
//! then built from the tree's exact numbers and solved in rationals.

mod tree;

use crate::{CompiledGame, Error, ErrorKind};
use brink_game::reduced::{reduced_strategic_form, reduced_strategy_counts};
use brink_game::{ExtensiveGame, Field, InfosetId, Owner, Rational, Watch};
use brink_nash::communication::tree::decode;
use brink_nash::communication::{
    mediate, mediate_float, BayesianGame, ColumnLimits, Mechanism, MechanismSolution,
    MAX_MECHANISM_CELLS,
};
use num_traits::{FromPrimitive, One, Zero};
use serde::Serialize;

/// The default number of cells a continuous private type is cut into.
pub const DEFAULT_GRID: usize = 3;

/// What the best mediator achieves, for the report's `mediator` row.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct MediatorResult {
    /// Cells per continuous private type (none when no player has one).
    pub grid: Option<usize>,
    /// Each typed player's grid: its name and the cells' representative
    /// types (conditional means of equal-probability cells).
    pub types: Vec<(String, Vec<f64>)>,
    /// Reduced strategies per player.
    pub plans: Vec<usize>,
    /// P(war) under the optimal mechanism.
    pub p_war: f64,
    /// Each outcome's probability under it.
    pub outcomes: Vec<(String, f64)>,
    /// Each metric's expectation (human costs) under it.
    pub expected: Vec<(String, f64)>,
    /// The largest gain any type of any player gets from a combined
    /// deviation (a false report and any reply to each recommendation).
    pub max_gain: f64,
    /// How the program was solved: `enumeration` (tabulated whole) or
    /// `column generation` (on the tree).
    pub method: &'static str,
    /// A lower bound on the least P(war): `p_war` itself when the optimum
    /// is proved (in rationals, or in floating point by the simplex's
    /// multipliers made feasible, to rounding), less when column generation
    /// stopped at a limit or the floating-point multipliers certify less.
    pub lower_bound: f64,
    /// Why column generation stopped before proving optimality, if it did.
    pub stopped: Option<String>,
    /// The player whose discrete type (a chance move at the root) the
    /// mediator asks for, and the branches' labels.
    pub discrete: Option<(String, Vec<String>)>,
    /// P(war) as an exact fraction, when the program was solved in rationals.
    pub p_war_exact: Option<String>,
}

/// A chance move at the root that only one player observes: that player's
/// discrete private type.
#[derive(Clone, Debug, PartialEq)]
pub struct DiscreteType {
    /// The player who knows it.
    pub player: usize,
    /// The root's chance information set.
    pub infoset: InfosetId,
    /// The branches' labels.
    pub labels: Vec<String>,
    /// The branches' true probabilities.
    pub prior: Vec<Rational>,
}

/// The root's chance move as a discrete private type, if it is one: every
/// information set of one player (who has some) lies within one of its
/// branches, and every information set of each other player meets all of
/// them. A move some other player sees, even in part, is not private, and
/// asking only one player about it would understate what a mediator can do;
/// neither is one whose holder learns it only later.
pub fn discrete_type(tree: &ExtensiveGame) -> Option<DiscreteType> {
    let root = tree.root();
    if tree.node_owner(root) != Some(Owner::Chance) {
        return None;
    }
    let infoset = tree.node_infoset(root)?;
    let k = tree.num_children(root);
    if k < 2 {
        return None;
    }
    let mut branch = vec![0usize; tree.num_nodes()];
    for n in tree.preorder() {
        if let Some(parent) = tree.parent(n) {
            branch[n.index()] = if parent == root {
                tree.action_to(n)?
            } else {
                branch[parent.index()]
            };
        }
    }
    // Per player: whether each information set lies in one branch, whether
    // each meets all of them.
    let spans = |player: usize| {
        tree.player_infosets(player).iter().map(|&h| {
            let mut seen = vec![false; k];
            for n in &tree.infoset(h).members {
                seen[branch[n.index()]] = true;
            }
            seen.iter().filter(|&&b| b).count()
        })
    };
    let n = tree.num_players();
    let mut holders =
        (0..n).filter(|&i| !tree.player_infosets(i).is_empty() && spans(i).all(|c| c == 1));
    let player = holders.next()?;
    if holders.next().is_some() || !(0..n).all(|j| j == player || spans(j).all(|c| c == k)) {
        return None;
    }
    let actions = &tree.infoset(infoset).actions;
    Some(DiscreteType {
        player,
        infoset,
        labels: actions.iter().map(|a| a.label.clone()).collect(),
        prior: actions
            .iter()
            .map(|a| a.prob.clone().unwrap_or_else(rzero))
            .collect(),
    })
}

/// The default limits of column generation for `brink run --mediator`:
/// [`DEFAULT_ROUNDS`] rounds and no time limit, so that the row is the same
/// on every machine and at any load (a time limit stops after however many
/// rounds the machine managed).
pub fn default_column_limits() -> ColumnLimits {
    ColumnLimits {
        max_rounds: DEFAULT_ROUNDS,
        per_type: 6,
        time_limit: None,
        drop_after: Some(brink_nash::communication::DROP_AFTER),
        bound_rounds: DEFAULT_BOUND_ROUNDS,
        bound_per_type: brink_nash::communication::BOUND_PER_TYPE,
        bound_proximal: brink_nash::communication::BOUND_PROXIMAL,
        bound_proximal_below: DEFAULT_BOUND_PROXIMAL_BELOW,
    }
}

/// The default number of rounds of the bound phase after the round limit.
/// On the founding crisis, with 6 columns per type profile and round there
/// (session 22), the bound first rose above zero at its 7th round (0.0079
/// at `M = 0.1`), was 0.0134 at its 12th (`M = 0.2`) and 0.0171 at its
/// 17th; with [`brink_nash::communication::BOUND_PER_TYPE`] columns
/// (session 23) it is 0.017641 at its 14th, the value of the `M = 0.4`
/// relaxation itself, and the plain masters of the next rungs never beat
/// it (at 16 rounds the mechanism's P(war) was 0.0269, at 20 0.0270).
/// With the proximal term of [`brink_nash::communication::BOUND_PROXIMAL`]
/// (session 24) the rounds after the 14th climb: 0.017864 at the 21st
/// (`M = 0.7`), 0.019013 at the 23rd (`M = 1`), then at `M = 10`
/// (master value 0.02646) 0.020397 at the 29th, 0.023262 at the 31st and
/// 0.023962 at the 32nd, and the mechanism from the columns given back has
/// P(war) 0.0271 (gain 4.3e-7): the bracket 0.0240 to 0.0271 against
/// 0.0176 to 0.0269 at 16 rounds; since that master is solved to
/// Clarabel's tolerances (session 26), 0.0268 (gain 6.0e-9). The bound
/// rounds cost 10 to 25 s each on 2 cores: the run at these defaults took
/// 858 s with nothing else running (688 s in session 24, before the
/// fed-back master's stricter solves), the 80 main rounds 236 s of
/// it. 56 rounds (`brink run --mediator-bound-rounds 56`) raised the bound
/// to 0.0257 at about twice the time (docs/mediator.md); since session 30
/// ([`DEFAULT_BOUND_PROXIMAL_BELOW`]) the 32 rounds reach 0.0252 and more
/// do not raise it.
pub const DEFAULT_BOUND_ROUNDS: usize = 32;

/// The default of [`ColumnLimits::bound_proximal_below`] for crises: the
/// bound phase's masters go without the proximal term from `M = 10` on.
/// On the founding crisis (grid 2, 80 rounds, 32 bound rounds, session
/// 30: `fc_dump 2 80r`) the masters at `M = 10`, free to move, found in
/// four rounds the columns that bring their value from 0.026767 to
/// 0.026459, and their bound reached 0.025195 at the 30th round; the
/// mechanism from those columns has P(war) 0.026460 (certified gain
/// 6.9e-10), so the bracket is 0.0252 to 0.0265 in 703 s (a build beside
/// it for its first minutes), against 0.0240 to 0.0268 in 858 s with the
/// term at every penalty. What it gives up:
/// with more bound rounds the free masters' multipliers swing (at
/// `M = 100` bounds between -0.21 and 0.020 for 42 rounds) and the bound
/// stays 0.025195, where the term took it to 0.025730 at 56 rounds and
/// 0.026057 at 72 (docs/mediator.md).
pub const DEFAULT_BOUND_PROXIMAL_BELOW: f64 = 10.0;

/// The default round limit of column generation: on the founding crisis
/// (grid 2) about five minutes on 2 cores.
pub const DEFAULT_ROUNDS: usize = 80;

/// The time limit, in seconds, `fc_dump` and the measurements of
/// docs/mediator.md used before the round limit became the default.
pub const DEFAULT_SECONDS: u64 = 300;

fn too_large(message: String) -> Error {
    Error::new(
        ErrorKind::TooLarge,
        None,
        message,
        "the mediator's program is one variable per type profile and plan profile; use a smaller \
         model or a smaller --mediator-grid",
    )
}

/// The grid `brink run --mediator` uses unless told: [`DEFAULT_GRID`] where
/// the program can be tabulated, [`COLUMN_GRID`] where column generation is
/// needed (its masters grow with the type profiles: the founding crisis has
/// 16 on two cells, 81 on three).
pub fn default_grid(game: &CompiledGame) -> usize {
    if ProgramSize::of(game, DEFAULT_GRID).cells <= MAX_MECHANISM_CELLS as u128 {
        DEFAULT_GRID
    } else {
        COLUMN_GRID
    }
}

/// The default grid where the program is solved by column generation.
pub const COLUMN_GRID: usize = 2;

/// The tabulated program's size on a grid: type profiles times plan
/// profiles, what the refusal message and [`default_grid`] both read.
struct ProgramSize {
    /// Players with a private type on the grid.
    typed: usize,
    /// Branches of a discrete root type (1 when there is none).
    kinds: usize,
    /// Reduced strategies per player.
    counts: Vec<u128>,
    type_profiles: u128,
    plan_profiles: u128,
    /// Variables: type profiles times plan profiles.
    cells: u128,
}

impl ProgramSize {
    fn of(game: &CompiledGame, grid: usize) -> ProgramSize {
        let typed = game.players.iter().filter(|p| p.private.is_some()).count();
        let kinds = discrete_type(&game.game).map_or(1, |d| d.labels.len());
        let counts = reduced_strategy_counts(&game.game);
        let type_profiles = (grid as u128)
            .saturating_pow(typed as u32)
            .saturating_mul(kinds as u128);
        let plan_profiles = counts.iter().fold(1u128, |a, &c| a.saturating_mul(c));
        ProgramSize {
            typed,
            kinds,
            counts,
            type_profiles,
            plan_profiles,
            cells: type_profiles.saturating_mul(plan_profiles),
        }
    }
}

/// The communication equilibrium of `game` minimising P(war), types on
/// `grid` cells, column generation under [`default_column_limits`].
pub fn mediator(game: &CompiledGame, grid: usize) -> Result<MediatorResult, Error> {
    mediator_with(game, grid, default_column_limits(), &Watch::quiet())
}

/// [`mediator`] with the limits of column generation (used past
/// `MAX_MECHANISM_CELLS`) and progress and cancellation through `watch`.
pub fn mediator_with(
    game: &CompiledGame,
    grid: usize,
    limits: ColumnLimits,
    watch: &Watch,
) -> Result<MediatorResult, Error> {
    if grid == 0 {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            "--mediator-grid must be at least 1",
            "",
        ));
    }
    let tree = &game.game;
    let n = game.players.len();
    let ProgramSize {
        typed,
        kinds,
        counts,
        type_profiles,
        plan_profiles,
        cells,
    } = ProgramSize::of(game, grid);
    let discrete = discrete_type(tree);
    let values = grid_values(game, grid);
    if cells > MAX_MECHANISM_CELLS as u128 {
        if discrete.is_some() {
            return Err(too_large(format!(
                "the mediator's program would have {type_profiles} type profiles ({typed} typed \
                 player(s), grid {grid}, {kinds} discrete type(s)) times {plan_profiles} plan \
                 profiles (reduced strategies per player {counts:?}) = {cells} variables, over the \
                 limit of {MAX_MECHANISM_CELLS}"
            )));
        }
        return tree::by_columns(game, grid, &values, limits, watch);
    }
    let reduced =
        reduced_strategic_form(tree, plan_profiles).map_err(|e| too_large(e.to_string()))?;
    let plans: Vec<usize> = reduced.choices.iter().map(Vec::len).collect();
    let nr: usize = plans.iter().product();
    let war: Vec<bool> = game
        .outcome_labels
        .iter()
        .map(|l| crate::report::is_war(l))
        .collect();
    // The tree's numbers are exact rationals; without grids or subjective
    // priors (kept as f64) the program can be built from them alone.
    let exact = discrete.is_some() && typed == 0 && game.subjective.iter().all(Vec::is_empty);
    // Per branch k of the discrete type (one pass when there is none) and
    // plan profile r, at index k * nr + r: the true outcome distribution and
    // metrics, and per player the expected (c, own slope, slopes on others)
    // as it believes, all given the branch.
    let mut outcome_rows = Vec::with_capacity(kinds * nr);
    let mut metric_rows = Vec::with_capacity(kinds * nr);
    let mut linear: Vec<Vec<(f64, Vec<f64>)>> = Vec::with_capacity(kinds * nr);
    let mut exact_rows: Vec<(Vec<Rational>, Rational)> = Vec::new();
    let given_branch = |probs: &mut [Vec<f64>], k: usize| {
        if let Some(d) = &discrete {
            let row = &mut probs[d.infoset.index()];
            row.iter_mut()
                .enumerate()
                .for_each(|(a, p)| *p = f64::from(u8::from(a == k)));
        }
    };
    for k in 0..kinds {
        for r in 0..nr {
            let profile = decode(r, &plans);
            let mut behavior = reduced.pure_to_behavior::<f64>(tree, &profile).probs;
            let believed: Vec<Vec<Vec<f64>>> = (0..n)
                .map(|i| {
                    let mut seen = game.seen_by(&behavior, i).into_owned();
                    given_branch(&mut seen, k);
                    seen
                })
                .collect();
            given_branch(&mut behavior, k);
            let (outcomes, metrics) = game.outcome_distribution(&behavior);
            outcome_rows.push(outcomes);
            metric_rows.push(metrics);
            // In exact mode the payoffs come from the exact rows alone.
            if exact {
                exact_rows.push(exact_row(
                    game,
                    &reduced,
                    &profile,
                    discrete.as_ref(),
                    k,
                    &war,
                ));
                continue;
            }
            let per_player = believed
                .iter()
                .enumerate()
                .map(|(i, seen)| {
                    let reach = brink_game::regret::reach(tree, seen, None);
                    let mut c = 0.0;
                    let mut slopes = vec![0.0; n];
                    for t in &game.terminals {
                        let w = reach[t.node.index()];
                        if w == 0.0 {
                            continue;
                        }
                        c += w * t.payoffs[i].0;
                        slopes[i] += w * t.payoffs[i].1;
                        for &(j, k) in &t.others[i] {
                            slopes[j] += w * k;
                        }
                    }
                    (c, slopes)
                })
                .collect();
            linear.push(per_player);
        }
    }
    let to_rational = |x: f64| {
        Rational::from_f64(x).ok_or_else(|| {
            Error::new(
                ErrorKind::Invalid,
                None,
                format!("a payoff of {x} is not finite"),
                "",
            )
        })
    };
    // Each player's types: the discrete holder's branch fastest, then its
    // grid cell.
    let holder = discrete.as_ref().map(|d| d.player);
    let kinds_of = |j: usize| if holder == Some(j) { kinds } else { 1 };
    let type_sizes: Vec<usize> = (0..n).map(|j| values[j].len() * kinds_of(j)).collect();
    let nt: usize = type_sizes.iter().product();
    let mut payoffs = Vec::with_capacity(nt * nr * n);
    let mut objective = Vec::with_capacity(nt * nr);
    for t in 0..nt {
        let tv = decode(t, &type_sizes);
        let k = holder.map_or(0, |h| tv[h] % kinds);
        for r in 0..nr {
            let row = k * nr + r;
            if exact {
                payoffs.extend(exact_rows[row].0.iter().cloned());
                objective.push(exact_rows[row].1.clone());
                continue;
            }
            for (c, slopes) in &linear[row] {
                let cell = |j: usize| tv[j] / kinds_of(j);
                let u = c + (0..n).map(|j| slopes[j] * values[j][cell(j)]).sum::<f64>();
                payoffs.push(to_rational(u)?);
            }
            let w: f64 = outcome_rows[row]
                .iter()
                .zip(&war)
                .filter(|x| *x.1)
                .map(|x| x.0)
                .sum();
            objective.push(to_rational(w)?);
        }
    }
    let priors = |j: usize, branch: &[Rational]| -> Vec<Rational> {
        let cells = Rational::from_integer((values[j].len() as i64).into());
        (0..type_sizes[j])
            .map(|a| match holder {
                Some(h) if h == j => &branch[a % kinds] / &cells,
                _ => <Rational as One>::one() / &cells,
            })
            .collect()
    };
    let true_branch = discrete.as_ref().map_or_else(Vec::new, |d| d.prior.clone());
    let prior: Vec<Vec<Rational>> = (0..n).map(|j| priors(j, &true_branch)).collect();
    let beliefs: Vec<Vec<Vec<Rational>>> = (0..n)
        .map(|i| {
            let branch = match &discrete {
                Some(d) => believed_branches(game, i, d),
                None => Vec::new(),
            };
            (0..n).map(|j| priors(j, &branch)).collect()
        })
        .collect();
    let type_labels = |j: usize| -> Vec<String> {
        (0..type_sizes[j])
            .map(|a| match (&discrete, values[j].len()) {
                (Some(d), 1) if d.player == j => d.labels[a % kinds].clone(),
                (Some(d), _) if d.player == j => {
                    format!("{}, cell {}", d.labels[a % kinds], a / kinds + 1)
                }
                _ => format!("cell {}", a + 1),
            })
            .collect()
    };
    let bayesian = BayesianGame {
        players: game.players.iter().map(|p| p.name.clone()).collect(),
        types: (0..n).map(type_labels).collect(),
        beliefs,
        prior,
        plans: reduced.game.strategies.clone(),
        payoffs,
        objective,
    };
    // Floating point unless the numbers are exact: the exact simplex on the
    // f64 payoffs' dyadic values was tried and is far too slow on the
    // library models.
    // The floating-point optimum comes with a lower bound that does not
    // trust the tableau (see `mediate_float`); the exact one is its own.
    let solved = if exact {
        mediate(&bayesian, false).map(|solution| match solution {
            MechanismSolution::Exact(m) => {
                let text = m.objective.to_string();
                let m = to_float(m);
                let bound = m.objective;
                (m, Some(text), bound)
            }
            MechanismSolution::Float(m) => {
                let bound = m.objective;
                (m, None, bound)
            }
        })
    } else {
        mediate_float(&bayesian, &Watch::quiet()).map(|b| (b.mechanism, None, b.lower_bound))
    };
    let (m, p_war_exact, lower_bound) = match solved {
        Ok(solved) => solved,
        Err(brink_game::SolveError::TooLarge { reason, .. }) => return Err(too_large(reason)),
        Err(e) => {
            return Err(Error::new(
                ErrorKind::Solve,
                None,
                format!("the mediator's program was not solved: {e}"),
                "the simplex failed on this model's program (a known limit)",
            ))
        }
    };
    let mut outcomes = vec![0.0; game.outcome_labels.len()];
    let mut expected = vec![0.0; game.metric_names.len()];
    for t in 0..nt {
        let tv = decode(t, &type_sizes);
        let p_t: f64 = (0..n).map(|j| bayesian.prior[j][tv[j]].to_f64()).product();
        let k = holder.map_or(0, |h| tv[h] % kinds);
        for r in 0..nr {
            let p = m.conditional[t * nr + r].max(0.0) * p_t;
            if p == 0.0 {
                continue;
            }
            for (o, x) in outcomes.iter_mut().zip(&outcome_rows[k * nr + r]) {
                *o += p * x;
            }
            for (e, x) in expected.iter_mut().zip(&metric_rows[k * nr + r]) {
                *e += p * x;
            }
        }
    }
    Ok(MediatorResult {
        grid: (typed > 0).then_some(grid),
        types: game
            .players
            .iter()
            .zip(&values)
            .filter(|(p, _)| p.private.is_some())
            .map(|(p, v)| (p.name.clone(), v.clone()))
            .collect(),
        plans,
        p_war: m.objective,
        outcomes: game.outcome_labels.iter().cloned().zip(outcomes).collect(),
        expected: game.metric_names.iter().cloned().zip(expected).collect(),
        max_gain: m.max_gain,
        method: "enumeration",
        lower_bound: lower_bound.min(m.objective),
        stopped: None,
        discrete: discrete.map(|d| (game.players[d.player].name.clone(), d.labels)),
        p_war_exact,
    })
}

/// Each player's type values: the conditional means of `grid` cells of equal
/// probability of its private type, or a single zero without one.
fn grid_values(game: &CompiledGame, grid: usize) -> Vec<Vec<f64>> {
    game.players
        .iter()
        .map(|p| match &p.private {
            None => vec![0.0],
            Some((_, d)) => (0..grid)
                .map(|k| {
                    let (lo, hi) = (
                        d.quantile(k as f64 / grid as f64),
                        d.quantile((k + 1) as f64 / grid as f64),
                    );
                    d.partial_mean(lo, hi) * grid as f64
                })
                .collect(),
        })
        .collect()
}

/// Player `i`'s probabilities of the discrete type's branches: its own
/// believed ones where it has them (normalised, as f64 values need not sum
/// to one exactly), else the true ones.
fn believed_branches(game: &CompiledGame, i: usize, d: &DiscreteType) -> Vec<Rational> {
    let own = game.subjective.get(i).and_then(|list| {
        list.iter()
            .find(|(h, _)| *h == d.infoset)
            .map(|(_, probs)| {
                probs
                    .iter()
                    .filter_map(|&p| Rational::from_f64(p))
                    .collect()
            })
    });
    match own {
        Some(probs) => {
            let probs: Vec<Rational> = probs;
            let total = probs.iter().fold(rzero(), |a, b| a + b);
            if probs.len() != d.prior.len() || total.is_zero() {
                return d.prior.clone();
            }
            probs.iter().map(|p| p / &total).collect()
        }
        None => d.prior.clone(),
    }
}

/// Every player's expected payoff and P(war) at plan profile `profile`
/// given branch `k` of the discrete type, exactly from the tree's numbers
/// (no grid and no subjective prior: the payoffs are the tree's).
fn exact_row(
    game: &CompiledGame,
    reduced: &brink_game::reduced::ReducedForm,
    profile: &[usize],
    discrete: Option<&DiscreteType>,
    k: usize,
    war: &[bool],
) -> (Vec<Rational>, Rational) {
    let tree = &game.game;
    let mut behavior = reduced.pure_to_behavior::<Rational>(tree, profile).probs;
    if let Some(d) = discrete {
        for (a, p) in behavior[d.infoset.index()].iter_mut().enumerate() {
            *p = if a == k { rone() } else { rzero() };
        }
    }
    let reach = brink_game::regret::reach(tree, &behavior, None);
    let mut payoffs = vec![rzero(); tree.num_players()];
    for node in tree.preorder() {
        let w = &reach[node.index()];
        if w.is_zero() {
            continue;
        }
        if let Some(o) = tree.node_outcome(node) {
            for (u, x) in payoffs.iter_mut().zip(&tree.outcomes()[o.index()].payoffs) {
                *u += w * x;
            }
        }
    }
    let p_war = game
        .terminals
        .iter()
        .filter(|t| war[t.outcome])
        .fold(rzero(), |a, t| a + &reach[t.node.index()]);
    (payoffs, p_war)
}

fn rzero() -> Rational {
    <Rational as Zero>::zero()
}

fn rone() -> Rational {
    <Rational as One>::one()
}

/// An exact mechanism in floating point, for the report's sums.
fn to_float(m: Mechanism<Rational>) -> Mechanism<f64> {
    let f = |x: &Rational| x.to_f64();
    Mechanism {
        conditional: m.conditional.iter().map(f).collect(),
        objective: f(&m.objective),
        interim: m
            .interim
            .iter()
            .map(|v| v.iter().map(f).collect())
            .collect(),
        max_gain: f(&m.max_gain),
        mass_error: f(&m.mass_error),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::{library, Scenario};

    /// docs/mediator.md says so: no library model's root is a chance move
    /// private to one player (the founding crisis's alliance division comes
    /// after Russia's first move and is seen by two players).
    #[test]
    fn no_library_model_has_a_discrete_root_type() {
        for name in library::names() {
            let game = crate::compile(&Scenario::from_library(name).unwrap()).unwrap();
            assert_eq!(discrete_type(&game.game), None, "{name}");
        }
    }

    /// On a library model with private types the mediator's mechanism is an
    /// equilibrium (gain at rounding) and its P(war) is a probability.
    #[test]
    fn library_model() {
        let s = Scenario::from_library("brinkmanship").unwrap();
        let game = crate::compile(&s).unwrap();
        let m = mediator(&game, 2).unwrap();
        assert!(m.max_gain < 1e-9, "{}", m.max_gain);
        assert!((0.0..=1.0).contains(&m.p_war));
        let total: f64 = m.outcomes.iter().map(|x| x.1).sum();
        assert!((total - 1.0).abs() < 1e-9);
        assert_eq!(m.grid, Some(2));
        assert_eq!(m.method, "enumeration");
    }

    /// Column generation on the tree reaches the enumerated optimum on the
    /// library models small enough to enumerate, with the same outcome
    /// distribution's P(war) and a lower bound that meets it.
    #[test]
    fn column_generation_matches_enumeration_on_library_models() {
        for (name, grid) in [
            ("brinkmanship", 2),
            ("brinkmanship", 3),
            ("escalation-ladder", 1),
        ] {
            let s = Scenario::from_library(name).unwrap();
            let game = crate::compile(&s).unwrap();
            let full = mediator(&game, grid).unwrap();
            // The floating-point optimum is certified by its own bound.
            assert!(
                full.lower_bound <= full.p_war && full.p_war - full.lower_bound < 1e-9,
                "{name} {grid}: enumeration's bound {} against {}",
                full.lower_bound,
                full.p_war
            );
            let values = grid_values(&game, grid);
            let cg = tree::by_columns(
                &game,
                grid,
                &values,
                default_column_limits(),
                &Watch::quiet(),
            )
            .unwrap();
            assert_eq!(cg.method, "column generation");
            assert!(cg.stopped.is_none(), "{name}: {:?}", cg.stopped);
            assert!(
                (cg.p_war - full.p_war).abs() < 1e-7,
                "{name} {grid}: {} vs {}",
                cg.p_war,
                full.p_war
            );
            // Never above the optimum; below it by at most the master's
            // interior-point tolerance.
            assert!(
                cg.lower_bound <= full.p_war + 1e-9 && cg.lower_bound > full.p_war - 1e-5,
                "{name}: bound {}",
                cg.lower_bound
            );
            assert!(cg.max_gain < 1e-7, "{name}: {}", cg.max_gain);
            let war: f64 = cg
                .outcomes
                .iter()
                .filter(|o| crate::report::is_war(&o.0))
                .map(|o| o.1)
                .sum();
            assert!((war - cg.p_war).abs() < 1e-9, "{name}");
        }
    }
}
