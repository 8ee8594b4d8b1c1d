//! `lp`: an equilibrium of a two-player constant-sum game by linear
//! programming, on the payoff matrix (strategic) or the sequence form
//! (extensive), in exact arithmetic unless `float`.

pub(crate) mod interior;
pub(crate) mod simplex;

use crate::lcp::sequence_form_refusal;
use crate::lcp::tableau::FromRationalRow;
use brink_game::sequence_form::SequenceForm;
use brink_game::{
    ExtensiveGame, Field, Game, NodeId, Profile, Rational, Solution, SolveError, StrategicGame,
    Watch,
};
use num_bigint::BigInt;
use num_traits::{One, Signed, Zero};
use simplex::{ZeroSumForm, ZeroSumSolution};

/// An equilibrium of a two-player constant-sum game, with its regret.
/// General-sum games are refused (`lcp` solves them).
pub fn lp(game: &Game, float: bool) -> Result<Vec<Solution>, SolveError> {
    lp_watched(game, float, &Watch::quiet())
}

/// [`lp`], stopping with [`SolveError::Cancelled`] within one simplex pivot
/// once `watch` is cancelled.
pub fn lp_watched(game: &Game, float: bool, watch: &Watch) -> Result<Vec<Solution>, SolveError> {
    if float {
        let (profile, _) = lp_profile::<f64>(game, simplex::solve::<f64>, watch)?;
        Ok(vec![Solution::float(game, profile)])
    } else {
        let (profile, _) = lp_profile::<BigInt>(game, simplex::solve_exact, watch)?;
        crate::lcp::checked("lp", Solution::exact(game, profile))
    }
}

/// Player 1's value of a two-player constant-sum game, exactly, with the
/// equilibrium profile that attains it.
pub fn lp_value(game: &Game) -> Result<(Profile<Rational>, Rational), SolveError> {
    lp_profile::<BigInt>(game, simplex::solve_exact, &Watch::quiet())
}

/// A solver of the program in [`simplex`].
type Solver<T> = fn(&ZeroSumForm, &Watch) -> Result<ZeroSumSolution<T>, SolveError>;

fn lp_profile<E: FromRationalRow>(
    game: &Game,
    solve: Solver<E::Out>,
    watch: &Watch,
) -> Result<(Profile<E::Out>, E::Out), SolveError> {
    let players = game.players().len();
    if players != 2 {
        return Err(SolveError::Unsupported {
            method: "lp",
            reason: format!("it needs exactly two players, the game has {players}"),
            suggestion: "logit or enumpure",
        });
    }
    let constant_sum = match game {
        Game::Strategic(g) => g.is_constant_sum(),
        Game::Extensive(g) => g.is_constant_sum(),
    };
    if !constant_sum {
        return Err(SolveError::Unsupported {
            method: "lp",
            reason: "the game is not constant-sum".into(),
            suggestion: "lcp",
        });
    }
    match game {
        Game::Strategic(g) => {
            let form = strategic_form(g);
            let ZeroSumSolution { x, y, value } = solve(&form, watch)?;
            let mix = |plan: &[E::Out]| -> Vec<E::Out> {
                let total = plan[1..]
                    .iter()
                    .fold(<E::Out as Field>::zero(), |a, b| a + b.clone());
                plan[1..]
                    .iter()
                    .map(|v| v.clone() / total.clone())
                    .collect()
            };
            Ok((Profile::mixed(vec![mix(&x), mix(&y)]), value))
        }
        Game::Extensive(g) => {
            let sf = SequenceForm::new(g).map_err(|e| sequence_form_refusal("lp", e))?;
            let form = extensive_form(g, &sf);
            let ZeroSumSolution { x, y, value } = solve(&form, watch)?;
            Ok((sf.behavior_profile(g, [&x, &y]), value))
        }
    }
}

/// A strategic game as a sequence form with one information set per player.
fn strategic_form(g: &StrategicGame) -> ZeroSumForm {
    let shape = g.shape();
    let cons = |n: usize| {
        let mut c = vec![(0, 0, 1), (1, 0, -1)];
        c.extend((0..n).map(|i| (1, i + 1, 1)));
        c
    };
    let mut payoffs = Vec::new();
    let mut min = <Rational as Zero>::zero();
    for i in 0..shape[0] {
        for j in 0..shape[1] {
            let v = g.payoff(g.cell_index(&[i, j]), 0);
            if v < min {
                min = v.clone();
            }
            payoffs.push((i + 1, j + 1, v, <Rational as One>::one()));
        }
    }
    ZeroSumForm {
        ns: [shape[0] + 1, shape[1] + 1],
        rows: [2, 2],
        constraints: [cons(shape[0]), cons(shape[1])],
        payoffs,
        shift: <Rational as One>::one() - min,
    }
}

/// The sequence form of an extensive game, with a shift larger than any sum
/// of player 1's payoffs along a path, so that every subtree is worth more
/// than zero to player 1 whatever the payoffs above it.
fn extensive_form(g: &ExtensiveGame, sf: &SequenceForm) -> ZeroSumForm {
    let mut along = vec![<Rational as Zero>::zero(); g.num_nodes()];
    let mut bound = <Rational as Zero>::zero();
    for i in 0..g.num_nodes() {
        let n = NodeId(i as u32);
        let mut v = g
            .parent(n)
            .map_or_else(<Rational as Zero>::zero, |p| along[p.index()].clone());
        if let Some(o) = g.node_outcome(n) {
            v += g.outcomes()[o.index()].payoffs[0].abs();
        }
        if g.is_terminal(n) && v > bound {
            bound = v.clone();
        }
        along[i] = v;
    }
    ZeroSumForm {
        ns: sf.num_sequences(),
        rows: [sf.infosets[0].len() + 1, sf.infosets[1].len() + 1],
        constraints: [sf.constraints(0), sf.constraints(1)],
        payoffs: sf
            .payoffs
            .iter()
            .map(|e| {
                (
                    e.seq[0],
                    e.seq[1],
                    e.payoff[0].clone(),
                    e.leaf_weight.clone(),
                )
            })
            .collect(),
        shift: bound + <Rational as One>::one(),
    }
}

/// Deterministic noise in `[-0.5, 0.5)` (xorshift from `seed`), for tests
/// that perturb a packing's multipliers to check that a bound stays one.
#[cfg(test)]
pub(crate) fn noise(mut state: u64) -> impl FnMut() -> f64 {
    move || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5
    }
}
