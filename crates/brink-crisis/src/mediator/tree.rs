//! A compiled scenario as the tree Bayesian game of
//! `brink_nash::communication::tree`, for the mediator's column generation
//! when the plan profiles are too many to tabulate: each terminal carries its
//! chance probability (true and as each player believes it), whether it is a
//! war, each player's payoff as a line in the types, and each player's own
//! moves on its path.

use super::MediatorResult;
use crate::{CompiledGame, Error, ErrorKind};
use brink_game::reduced::reduced_strategies;
use brink_game::{NodeId, Owner, SolveError, Watch};
use brink_nash::communication::tree::{PlayerInfoset, TreeBayesianGame, TreeTerminal};
use brink_nash::communication::{mediate_tree, ColumnLimits};
use num_traits::ToPrimitive;

/// The most reduced strategies one player may have for the tree program:
/// the founding crisis's largest is 256; each is a bit mask over terminals.
pub const MAX_PLANS_PER_PLAYER: u128 = 100_000;

/// The tree game of `game` with each player's types at `values` (one value,
/// zero, for a player without a private type) under uniform priors.
pub fn tree_game(game: &CompiledGame, values: &[Vec<f64>]) -> Result<TreeBayesianGame, SolveError> {
    let tree = &game.game;
    let n = game.players.len();
    let mut infosets = Vec::with_capacity(n);
    let mut plans = Vec::with_capacity(n);
    let mut plan_labels = Vec::with_capacity(n);
    // position[infoset] in its owner's list.
    let mut position = vec![usize::MAX; tree.infosets().len()];
    for i in 0..n {
        let own = tree.player_infosets(i);
        for (k, id) in own.iter().enumerate() {
            position[id.index()] = k;
        }
        let last = tree.last_moves(i);
        infosets.push(
            own.iter()
                .map(|&id| {
                    let set = tree.infoset(id);
                    PlayerInfoset {
                        parent: last[set.members[0].index()].map(|(p, a)| (position[p.index()], a)),
                        actions: set.actions.len(),
                    }
                })
                .collect::<Vec<_>>(),
        );
        let (choices, labels) = reduced_strategies(tree, i, MAX_PLANS_PER_PLAYER)?;
        plans.push(choices);
        plan_labels.push(labels);
    }
    // Each player's believed probabilities at the chance sets it has a prior about.
    let mut believed: Vec<Vec<Option<&Vec<f64>>>> = vec![vec![None; tree.infosets().len()]; n];
    for (i, own) in game.subjective.iter().enumerate().take(n) {
        for (id, probs) in own {
            believed[i][id.index()] = Some(probs);
        }
    }
    let mut terminals = Vec::with_capacity(game.terminals.len());
    for t in &game.terminals {
        let mut prob = 1.0;
        let mut seen = vec![1.0; n];
        let mut moves = vec![Vec::new(); n];
        let mut at: NodeId = t.node;
        while let Some(parent) = tree.parent(at) {
            let a = tree.action_to(at).unwrap_or(0);
            let id = tree
                .node_infoset(parent)
                .ok_or_else(|| SolveError::Numerical {
                    method: "mediator",
                    reason: "an inner node has no information set".into(),
                })?;
            let set = tree.infoset(id);
            match set.owner {
                Owner::Chance => {
                    let p = set.actions[a]
                        .prob
                        .as_ref()
                        .and_then(|p| p.to_f64())
                        .unwrap_or(0.0);
                    prob *= p;
                    for (i, s) in seen.iter_mut().enumerate() {
                        *s *= believed[i][id.index()].map_or(p, |b| b[a]);
                    }
                }
                Owner::Player(i) => moves[i].push((position[id.index()], a)),
            }
            at = parent;
        }
        for m in &mut moves {
            m.reverse();
        }
        let mut slopes = vec![vec![0.0; n]; n];
        for (i, row) in slopes.iter_mut().enumerate() {
            row[i] = t.payoffs[i].1;
            for &(j, k) in &t.others[i] {
                row[j] += k;
            }
        }
        terminals.push(TreeTerminal {
            prob,
            seen,
            objective: f64::from(u8::from(crate::report::is_war(
                &game.outcome_labels[t.outcome],
            ))),
            constant: t.payoffs.iter().map(|p| p.0).collect(),
            slopes,
            moves,
        });
    }
    let uniform = |k: usize| vec![1.0 / k as f64; k];
    let prior: Vec<Vec<f64>> = values.iter().map(|v| uniform(v.len())).collect();
    Ok(TreeBayesianGame {
        players: game.players.iter().map(|p| p.name.clone()).collect(),
        types: values.to_vec(),
        beliefs: vec![prior.clone(); n],
        prior,
        infosets,
        plans,
        plan_labels,
        terminals,
    })
}

/// The mediator's row by column generation on the tree (see the parent
/// module): refused with the bounds when no incentive-compatible mechanism
/// came out of the limits.
pub(crate) fn by_columns(
    game: &CompiledGame,
    grid: usize,
    values: &[Vec<f64>],
    limits: ColumnLimits,
    watch: &Watch,
) -> Result<MediatorResult, Error> {
    let solve_error = |e: SolveError| match e {
        SolveError::Cancelled => Error::from(brink_game::Cancelled),
        SolveError::TooLarge { reason, .. } => Error::new(
            ErrorKind::TooLarge,
            None,
            format!("the mediator's tree program is too large: {reason}"),
            "use a smaller model",
        ),
        e => Error::new(
            ErrorKind::Solve,
            None,
            format!("the mediator's column generation failed: {e}"),
            "",
        ),
    };
    let tree = tree_game(game, values).map_err(solve_error)?;
    let s = mediate_tree(&tree, limits, watch).map_err(solve_error)?;
    let m = &s.mechanism;
    // P(war) is never negative: the bound before any exact pricing is zero.
    let lower_bound = s.lower_bound.max(0.0);
    // The certificate recomputed from the tree decides, not the master's
    // elastic variables (at the interior-point tolerance, never exactly 0).
    if m.max_gain > MAX_REPORTED_GAIN || m.mass_error > MAX_REPORTED_GAIN {
        return Err(Error::new(
            ErrorKind::Solve,
            None,
            format!(
                "the mediator's column generation stopped at {} after {} rounds ({} columns, {} \
                 deviation rows) without an incentive-compatible mechanism (largest deviation \
                 gain {:.3e}); the least P(war) is at least {:.4}",
                s.stopped.as_deref().unwrap_or("no limit"),
                s.rounds,
                s.columns,
                s.rows,
                m.max_gain,
                lower_bound
            ),
            "raise the limits or use a smaller --mediator-grid",
        ));
    }
    let nt = tree.type_profiles() as f64;
    let mut outcomes = vec![0.0; game.outcome_labels.len()];
    let mut expected = vec![0.0; game.metric_names.len()];
    for (_, r, p) in &m.support {
        for (z, term) in tree.terminals.iter().enumerate() {
            let reached = term
                .moves
                .iter()
                .enumerate()
                .all(|(i, path)| path.iter().all(|&(h, a)| tree.plans[i][r[i]][h] == Some(a)));
            if reached {
                let w = p / nt * term.prob;
                outcomes[game.terminals[z].outcome] += w;
                for (e, x) in expected.iter_mut().zip(&game.terminals[z].metrics) {
                    *e += w * x;
                }
            }
        }
    }
    Ok(MediatorResult {
        grid: game
            .players
            .iter()
            .any(|p| p.private.is_some())
            .then_some(grid),
        types: game
            .players
            .iter()
            .zip(values)
            .filter(|(p, _)| p.private.is_some())
            .map(|(p, v)| (p.name.clone(), v.clone()))
            .collect(),
        plans: tree.plan_sizes(),
        p_war: m.objective,
        outcomes: game.outcome_labels.iter().cloned().zip(outcomes).collect(),
        expected: game.metric_names.iter().cloned().zip(expected).collect(),
        max_gain: m.max_gain,
        method: "column generation",
        lower_bound,
        stopped: s.stopped.clone(),
        discrete: None,
        p_war_exact: None,
    })
}

/// The largest deviation gain (and mass error) a mechanism of column
/// generation may keep and still be reported (defined where the bound phase
/// uses it too).
pub use brink_nash::communication::MAX_REPORTED_GAIN;
