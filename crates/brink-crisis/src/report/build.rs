//! Filling a [`Report`] from a solved game: outcome probabilities and
//! expected metrics from the reach of each terminal, the equilibrium per
//! information set, beliefs, the most likely play, and the mechanism of a
//! lever (the choice that moved most between two equilibria).

use super::{
    parse_moves, Belief, Cut, InfosetStrategy, Mechanism, Move, PathStep, PlayerStrategy, Report,
};
use crate::{library, solve, CompiledGame, Method, Scenario};
use brink_game::{ExtensiveGame, NodeId, Owner};
use std::collections::HashMap;

const ILLUSTRATIVE: &str = "the parameters are illustrative assumptions, not a forecast";

/// A lever's mechanism is reported only when some choice moved by more
/// than this (reach-weighted): below it the two equilibria agree to
/// solver precision.
const MOVED: f64 = 1e-6;
/// The smallest change of a choice probability the report can show.
const VISIBLE: f64 = 5e-4;

/// The solution concept in words, with the solver's work and whether it
/// converged.
fn method_name(cg: &CompiledGame, eq: &solve::Equilibrium, method: Method) -> String {
    let typed = cg.players.iter().any(|p| p.private.is_some());
    let base = if !typed && cg.game.is_perfect_information() {
        // `--method pbe` asked for a PBE: say that it is one, and why it is
        // found by backward induction, rather than report another concept.
        if method == Method::Pbe {
            "perfect Bayesian equilibrium, asked for with `pbe`: with perfect information and no private types it is the subgame perfect equilibrium (backward induction)"
        } else {
            "subgame perfect equilibrium (backward induction)"
        }
    } else if typed {
        "perfect Bayesian equilibrium in cut-point strategies (every type optimal at every information set, with exact CDF cut-points; beliefs by Bayes' rule on the profile with every action trembling by 1e-11, so off the path the histories needing the fewest trembles; damped and Anderson-accelerated best-response iteration, Newton on the cut-points and mixes where it cycles)"
    } else {
        "perfect Bayesian equilibrium (optimal at every information set; beliefs by Bayes' rule on the profile with every action trembling by 1e-11, so off the path the histories needing the fewest trembles; damped and Anderson-accelerated best-response iteration)"
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

/// The report of one solved game (levers not included); `extra_regret` is
/// the regret of a continuous choice made on a grid, added to the certificate.
pub(crate) fn build_report(
    s: &Scenario,
    cg: &CompiledGame,
    eq: &solve::Equilibrium,
    method: Method,
    extra_regret: f64,
) -> Report {
    let g = &cg.game;
    let reach = brink_game::regret::reach(g, &eq.behavior, None);
    let (outcomes, metrics) = cg.outcome_distribution(&eq.behavior);
    let mut expected: Vec<(String, f64)> = cg.metric_names.iter().cloned().zip(metrics).collect();
    if let Some(c) = &cg.continuous {
        expected.push((c.var.clone(), c.value));
    }
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
    let (likely_path, likely_outcome) = likely_path(cg, &eq.behavior);
    Report {
        model: s.name.clone(),
        title: s.title.clone(),
        parameters: cg
            .parameters
            .iter()
            .map(|p| (p.name.clone(), p.value))
            .collect(),
        method: method_name(cg, eq, method),
        outcomes: cg.outcome_labels.iter().cloned().zip(outcomes).collect(),
        expected,
        payoffs: cg
            .players
            .iter()
            .map(|p| p.title.clone())
            .zip(eq.payoffs.iter().copied())
            .collect(),
        likely_path,
        likely_outcome,
        strategy: describe_strategy(cg, eq, &reach),
        beliefs: describe_beliefs(cg, &reach, &eq.beliefs),
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
        mediator: None,
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
            Owner::Player(p) => Some((g.players[p].clone(), i.label.clone(), *r)),
            Owner::Chance => None,
        })
        .collect();
    at.sort_by(|a, b| b.2.total_cmp(&a.2));
    at.truncate(5);
    at
}

/// Who moves at a node, as moves name it: the player's short name, or `chance`.
fn mover(cg: &CompiledGame, owner: Owner) -> String {
    match owner {
        Owner::Chance => "chance".to_string(),
        Owner::Player(q) => cg.players[q].name.clone(),
    }
}

/// From the root, the most probable action at each node (the first of
/// equals), to a terminal; and that terminal's outcome label.
fn likely_path(cg: &CompiledGame, behavior: &[Vec<f64>]) -> (Vec<PathStep>, String) {
    let g = &cg.game;
    let mut n = g.root();
    let mut steps = Vec::new();
    while let Some(i) = g.node_infoset(n) {
        let probs = &behavior[i.index()];
        let a = (0..probs.len()).fold(0, |b, k| if probs[k] > probs[b] { k } else { b });
        let info = g.infoset(i);
        steps.push(PathStep {
            by: mover(cg, info.owner),
            action: info.actions[a].label.clone(),
            probability: probs.get(a).copied().unwrap_or(0.0),
        });
        n = g.child(n, a);
    }
    let outcome = cg
        .node_terminal
        .get(n.index())
        .and_then(|&t| cg.terminals.get(t as usize))
        .map(|t| cg.outcome_labels[t.outcome].clone())
        .unwrap_or_default();
    (steps, outcome)
}

fn describe_strategy(
    cg: &CompiledGame,
    eq: &solve::Equilibrium,
    reach: &[f64],
) -> Vec<PlayerStrategy> {
    let g = &cg.game;
    (0..g.num_players())
        .map(|p| {
            // The pieces lowest types first, so that cuts read upwards.
            let mut pieces: Vec<&solve::Piece> =
                eq.pieces[p].iter().filter(|pc| pc.mass >= 1e-9).collect();
            pieces.sort_by(|a, b| a.lo.total_cmp(&b.lo));
            let infosets = g
                .player_infosets(p)
                .iter()
                .enumerate()
                .map(|(k, &i)| {
                    let info = g.infoset(i);
                    let r: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
                    let mut cuts: Vec<Cut> = Vec::new();
                    if cg.players[p].private.is_some() {
                        for pc in &pieces {
                            let action = &info.actions[pc.choice[k]].label;
                            let from = pc.lo.is_finite().then_some(pc.lo);
                            let to = pc.hi.is_finite().then_some(pc.hi);
                            match cuts.last_mut() {
                                Some(c) if c.action == *action => c.type_to = to,
                                _ => cuts.push(Cut {
                                    type_from: from,
                                    type_to: to,
                                    action: action.clone(),
                                }),
                            }
                        }
                    }
                    InfosetStrategy {
                        id: i.index(),
                        description: info.label.clone(),
                        moves: parse_moves(&info.label),
                        reach: r.min(1.0),
                        actions: info
                            .actions
                            .iter()
                            .map(|a| a.label.clone())
                            .zip(eq.behavior[i.index()].iter().copied())
                            .collect(),
                        cuts,
                    }
                })
                .collect();
            PlayerStrategy {
                player: cg.players[p].title.clone(),
                name: cg.players[p].name.clone(),
                type_name: cg.players[p].private.as_ref().map(|(t, _)| t.clone()),
                infosets,
            }
        })
        .collect()
}

/// For information sets with several histories: the assessment's belief
/// over them (Bayes' rule on the trembled profile; off the path of play
/// marked so), each named by the moves that tell them apart.
fn describe_beliefs(cg: &CompiledGame, reach: &[f64], assessment: &[Vec<f64>]) -> Vec<Belief> {
    let g = &cg.game;
    let mut out = Vec::new();
    for p in 0..g.num_players() {
        for &i in g.player_infosets(p) {
            let info = g.infoset(i);
            if info.members.len() < 2 {
                continue;
            }
            let total: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
            let paths: Vec<Vec<Move>> = info.members.iter().map(|&h| path(cg, h)).collect();
            let mut over: Vec<(Vec<Move>, f64)> = Vec::new();
            for (path, &w) in paths.iter().zip(&assessment[i.index()]) {
                let distinct: Vec<Move> = path
                    .iter()
                    .filter(|step| !paths.iter().all(|q| q.contains(step)))
                    .cloned()
                    .collect();
                match over.iter_mut().find(|(k, _)| *k == distinct) {
                    Some(e) => e.1 += w,
                    None => over.push((distinct, w)),
                }
            }
            if over.len() > 1 {
                out.push(Belief {
                    player: cg.players[p].title.clone(),
                    infoset: i.index(),
                    at: info.label.clone(),
                    moves: parse_moves(&info.label),
                    reach: total.min(1.0),
                    over,
                    off_path: total < 1e-9,
                });
            }
        }
    }
    out
}

/// The moves from the root to a node, everyone's, chance included.
fn path(cg: &CompiledGame, mut n: NodeId) -> Vec<Move> {
    let g = &cg.game;
    let mut out = Vec::new();
    while let Some(p) = g.parent(n) {
        let i = g.node_infoset(p).expect("parent has a move");
        let info = g.infoset(i);
        out.push(Move {
            by: mover(cg, info.owner),
            action: info.actions[g.action_to(n).unwrap_or(0)].label.clone(),
        });
        n = p;
    }
    out.reverse();
    out
}

/// The choice whose probability moved most between a baseline and a
/// lever's equilibrium: over the information sets the two games share
/// (matched by player and description, with the same actions, since a
/// lever may change the tree), the action whose probability changed most,
/// weighted by how often the set is reached (the larger of its two reach
/// probabilities). Of an information set's actions that moved equally (the
/// two of a binary choice), the one that gained is named. Chance moves are
/// not choices and are skipped. `None` when no choice moved.
pub fn mechanism(base: &Report, lever: &Report) -> Option<Mechanism> {
    let mut best: Option<(f64, Mechanism)> = None;
    for ps in &base.strategy {
        let Some(lp) = lever.strategy.iter().find(|q| q.name == ps.name) else {
            continue;
        };
        let by_description: HashMap<&str, &InfosetStrategy> = lp
            .infosets
            .iter()
            .map(|j| (j.description.as_str(), j))
            .collect();
        for is in &ps.infosets {
            let Some(js) = by_description.get(is.description.as_str()) else {
                continue;
            };
            let same_actions = is.actions.len() == js.actions.len()
                && is.actions.iter().zip(&js.actions).all(|(a, b)| a.0 == b.0);
            if !same_actions {
                continue;
            }
            let weight = is.reach.max(js.reach);
            for ((action, before), (_, after)) in is.actions.iter().zip(&js.actions) {
                let score = weight * (after - before).abs();
                let replace = match &best {
                    None => true,
                    Some((s, m)) => {
                        score > s * (1.0 + 1e-9) + 1e-15
                            || (score >= s * (1.0 - 1e-9)
                                && m.infoset == is.id
                                && m.player == ps.player
                                && after > before
                                && m.after < m.before)
                    }
                };
                if replace {
                    best = Some((
                        score,
                        Mechanism {
                            player: ps.player.clone(),
                            infoset: is.id,
                            moves: is.moves.clone(),
                            action: action.clone(),
                            before: *before,
                            after: *after,
                        },
                    ));
                }
            }
        }
    }
    // A change the printed probabilities (3 decimals) cannot show is no
    // mechanism: the lever then works through chance or payoffs alone.
    best.filter(|(s, m)| *s > MOVED && (m.after - m.before).abs() >= VISIBLE)
        .map(|(_, m)| m)
}
