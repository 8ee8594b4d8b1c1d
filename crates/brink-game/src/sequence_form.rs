//! The sequence form of a two-player extensive game with perfect recall
//! (Koller, Megiddo and von Stengel 1996; von Stengel 1996).
//!
//! A player's *sequences* are the empty sequence plus one sequence per
//! (information set, action) of theirs: by perfect recall, the moves a player
//! has made up to any node are determined by their last move. A mixed strategy
//! becomes a *realization plan* `x` over sequences with `E x = e`, `x >= 0`:
//! `x[empty] = 1`, and at each information set `h` the plans of its actions sum
//! to the plan of the sequence leading to `h`. Expected payoffs are bilinear,
//! `x^T A y`, with sparse `A`, `B` whose entries fold in chance probabilities.
//! Everything here is exact; solvers scale or convert as they need.

// Loops over the two players index several per-player arrays at once.
#![allow(clippy::needless_range_loop)]

use crate::extensive::{ExtensiveGame, InfosetId, NodeId, Owner, RecallError};
use crate::number::{Field, Rational};
use crate::profile::Profile;
use num_traits::Zero;
use std::collections::HashMap;
use thiserror::Error;

/// Why a game has no sequence form here.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub enum SequenceFormError {
    /// The sequence form is built for two players only.
    #[error("the sequence form needs exactly two players, the game has {0}")]
    Players(usize),
    /// Without perfect recall, sequences do not determine realization plans.
    #[error(transparent)]
    ImperfectRecall(#[from] RecallError),
}

/// One sequence of a player: the empty sequence, or a last move.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct Sequence {
    /// The last move, `(information set, action index)`; `None` for the empty sequence.
    pub last: Option<(InfosetId, usize)>,
}

/// A player's information set as the sequence form sees it.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub struct SfInfoset {
    /// The information set in the game.
    pub id: InfosetId,
    /// The sequence that leads to it (index into the player's sequences).
    pub parent: usize,
    /// The sequence of its first action; the others follow contiguously.
    pub first: usize,
    /// Number of actions.
    pub num_actions: usize,
}

/// A nonzero entry of the payoff matrices, for one pair of sequences.
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffEntry {
    /// The pair `(sequence of player 0, sequence of player 1)`.
    pub seq: [usize; 2],
    /// The entries `A[s0][s1]` (player 0) and `B[s0][s1]` (player 1): the
    /// chance-weighted sum, over the terminal nodes with this pair, of the
    /// payoffs collected on the path to them (outcomes of inner nodes are
    /// pushed down to the terminal nodes below, so that every entry belongs
    /// to terminal nodes and has a positive `leaf_weight`).
    pub payoff: [Rational; 2],
    /// The total chance probability of the terminal nodes with this pair.
    /// `x^T W y = 1` for all realization plans, so adding `c * W` to a payoff
    /// matrix adds `c` to that player's payoff: a strategically neutral shift.
    pub leaf_weight: Rational,
}

/// The sequence form of a two-player extensive game with perfect recall.
#[derive(Clone, Debug, PartialEq)]
pub struct SequenceForm {
    /// Each player's sequences; index 0 is the empty sequence, then one per
    /// action, information sets in the order of [`ExtensiveGame::player_infosets`].
    pub sequences: [Vec<Sequence>; 2],
    /// Each player's information sets, in the order of [`ExtensiveGame::player_infosets`].
    pub infosets: [Vec<SfInfoset>; 2],
    /// The payoff entries of the sequence pairs of terminal nodes reached with
    /// positive chance probability, sorted by sequence pair.
    pub payoffs: Vec<PayoffEntry>,
    /// For every information set of the game (by [`InfosetId`]), its owner and
    /// position among the owner's information sets (`None` for chance).
    position: Vec<Option<(usize, usize)>>,
}

impl SequenceForm {
    /// Builds the sequence form; refuses games without two players or without
    /// perfect recall (naming the offending information set).
    pub fn new(game: &ExtensiveGame) -> Result<Self, SequenceFormError> {
        if game.num_players() != 2 {
            return Err(SequenceFormError::Players(game.num_players()));
        }
        game.check_perfect_recall()?;
        let mut position = vec![None; game.infosets().len()];
        let mut sequences: [Vec<Sequence>; 2] = Default::default();
        let mut infosets: [Vec<SfInfoset>; 2] = Default::default();
        let last = [game.last_moves(0), game.last_moves(1)];
        for p in 0..2 {
            sequences[p].push(Sequence { last: None });
            for (k, &id) in game.player_infosets(p).iter().enumerate() {
                position[id.index()] = Some((p, k));
                let info = game.infoset(id);
                let first = sequences[p].len();
                sequences[p].extend((0..info.actions.len()).map(|a| Sequence {
                    last: Some((id, a)),
                }));
                infosets[p].push(SfInfoset {
                    id,
                    parent: 0,
                    first,
                    num_actions: info.actions.len(),
                });
            }
        }
        let mut form = SequenceForm {
            sequences,
            infosets,
            payoffs: Vec::new(),
            position,
        };
        for p in 0..2 {
            for k in 0..form.infosets[p].len() {
                let member = game.infoset(form.infosets[p][k].id).members[0];
                form.infosets[p][k].parent = form.sequence_of(last[p][member.index()]);
            }
        }
        form.payoffs = form.payoff_entries(game, &last);
        Ok(form)
    }

    /// The index of a sequence given by its last move (`None`: the empty
    /// sequence). Panics if the information set is a chance one.
    pub fn sequence_of(&self, last: Option<(InfosetId, usize)>) -> usize {
        match last {
            None => 0,
            Some((id, a)) => {
                let (p, k) = self.position[id.index()].expect("a player's information set");
                self.infosets[p][k].first + a
            }
        }
    }

    /// Number of sequences of each player.
    pub fn num_sequences(&self) -> [usize; 2] {
        [self.sequences[0].len(), self.sequences[1].len()]
    }

    fn payoff_entries(
        &self,
        game: &ExtensiveGame,
        last: &[Vec<Option<(InfosetId, usize)>>; 2],
    ) -> Vec<PayoffEntry> {
        let zero = <Rational as Zero>::zero;
        // Chance probability of reaching each node, and the payoffs collected
        // on the way (outcomes of inner nodes count toward every terminal
        // node below them).
        let mut chance = vec![zero(); game.num_nodes()];
        chance[0] = Rational::from_integer(1.into());
        let mut collected: Vec<[Rational; 2]> = vec![[zero(), zero()]; game.num_nodes()];
        let mut index: HashMap<[usize; 2], usize> = HashMap::new();
        let mut entries: Vec<PayoffEntry> = Vec::new();
        for i in 0..game.num_nodes() {
            let n = NodeId(i as u32);
            if let Some(parent) = game.parent(n) {
                let iset = game
                    .node_infoset(parent)
                    .expect("a parent has an information set");
                let info = game.infoset(iset);
                chance[i] = match info.owner {
                    Owner::Chance => {
                        let a = game.action_to(n).expect("non-root node");
                        &chance[parent.index()]
                            * info.actions[a].prob.as_ref().expect("chance probability")
                    }
                    Owner::Player(_) => chance[parent.index()].clone(),
                };
                collected[i] = collected[parent.index()].clone();
            }
            if let Some(o) = game.node_outcome(n) {
                for p in 0..2 {
                    collected[i][p] += &game.outcomes()[o.index()].payoffs[p];
                }
            }
            if !game.is_terminal(n) || chance[i].is_zero() {
                continue;
            }
            let seq = [self.sequence_of(last[0][i]), self.sequence_of(last[1][i])];
            let k = *index.entry(seq).or_insert_with(|| {
                entries.push(PayoffEntry {
                    seq,
                    payoff: [zero(), zero()],
                    leaf_weight: zero(),
                });
                entries.len() - 1
            });
            for p in 0..2 {
                entries[k].payoff[p] += &chance[i] * &collected[i][p];
            }
            entries[k].leaf_weight += &chance[i];
        }
        entries.sort_by_key(|e| e.seq);
        entries
    }

    /// The constraint matrix of a player (`E` for player 0, `F` for player 1) as
    /// sparse `(row, sequence, coefficient)` triples. Row 0 says the empty
    /// sequence has weight 1; row `1 + k` says the actions of the player's `k`-th
    /// information set share the weight of its parent sequence. The right-hand
    /// side is `e = (1, 0, ..., 0)`.
    pub fn constraints(&self, player: usize) -> Vec<(usize, usize, i32)> {
        let mut out = vec![(0, 0, 1)];
        for (k, h) in self.infosets[player].iter().enumerate() {
            out.push((k + 1, h.parent, -1));
            out.extend((0..h.num_actions).map(|a| (k + 1, h.first + a, 1)));
        }
        out
    }

    /// The realization plan of a player under a behavior profile. Information
    /// sets are visited parents first, by the order of their first nodes.
    pub fn realization_plan<T: Field>(
        &self,
        game: &ExtensiveGame,
        profile: &Profile<T>,
        player: usize,
    ) -> Vec<T> {
        let mut plan = vec![T::zero(); self.sequences[player].len()];
        plan[0] = T::one();
        for h in self.parents_first(game, player) {
            let probs = profile.at(h.id);
            for a in 0..h.num_actions {
                plan[h.first + a] = plan[h.parent].clone() * probs[a].clone();
            }
        }
        plan
    }

    fn parents_first(&self, game: &ExtensiveGame, player: usize) -> Vec<SfInfoset> {
        let mut order = self.infosets[player].clone();
        order.sort_by_key(|h| game.infoset(h.id).members[0]);
        order
    }

    /// The behavior profile of two realization plans. At an information set the
    /// plan's action weights are normalised by their sum, so plans that satisfy
    /// `E x >= e` rather than `E x = e` (as some LCP and LP solutions do where
    /// it does not matter) still give a behavior strategy; where the weights are
    /// all zero (an unreached set) the choice is uniform.
    pub fn behavior_profile<T: Field>(&self, game: &ExtensiveGame, plans: [&[T]; 2]) -> Profile<T> {
        let mut probs: Vec<Vec<T>> = vec![Vec::new(); game.infosets().len()];
        for p in 0..2 {
            for h in &self.infosets[p] {
                let weights = &plans[p][h.first..h.first + h.num_actions];
                let total = weights.iter().fold(T::zero(), |acc, w| acc + w.clone());
                probs[h.id.index()] = if total.is_zero_value() || total < T::zero() {
                    vec![T::one() / T::from_i64(h.num_actions as i64); h.num_actions]
                } else {
                    weights.iter().map(|w| w.clone() / total.clone()).collect()
                };
            }
        }
        Profile::behavior(game, probs)
    }

    /// Expected payoffs `(x^T A y, x^T B y)` of two realization plans.
    pub fn expected_payoffs<T: Field>(&self, plans: [&[T]; 2]) -> [T; 2] {
        let mut totals = [T::zero(), T::zero()];
        for e in &self.payoffs {
            let w = plans[0][e.seq[0]].clone() * plans[1][e.seq[1]].clone();
            for p in 0..2 {
                totals[p] = totals[p].clone() + w.clone() * T::from_rational(&e.payoff[p]);
            }
        }
        totals
    }

    /// Whether the plan satisfies the player's constraints `E x = e`, `x >= 0` exactly.
    pub fn is_realization_plan(&self, plan: &[Rational], player: usize) -> bool {
        if plan.len() != self.sequences[player].len()
            || plan.iter().any(|v| *v < <Rational as Zero>::zero())
        {
            return false;
        }
        let mut rows = vec![<Rational as Zero>::zero(); self.infosets[player].len() + 1];
        for (r, s, c) in self.constraints(player) {
            rows[r] += &plan[s] * Rational::from_integer(c.into());
        }
        rows[0] == Rational::from_integer(1.into()) && rows[1..].iter().all(Zero::is_zero)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extensive::{Action, GameBuilder, Outcome};
    use num_bigint::BigInt;

    fn q(n: i64, d: i64) -> Rational {
        Rational::new(BigInt::from(n), BigInt::from(d))
    }

    fn act(label: &str) -> Action {
        Action {
            label: label.into(),
            prob: None,
        }
    }

    /// Chance deals High or Low (1/2 each); player 1 sees it and bets or folds;
    /// after a bet player 2, who has not seen the card, calls or passes.
    fn bluff() -> ExtensiveGame {
        let mut b = GameBuilder::new("bluff", vec!["1".into(), "2".into()]);
        let deal = b.add_infoset(
            Owner::Chance,
            1,
            "",
            vec![
                Action {
                    label: "H".into(),
                    prob: Some(q(1, 2)),
                },
                Action {
                    label: "L".into(),
                    prob: Some(q(1, 2)),
                },
            ],
        );
        let hi = b.add_infoset(Owner::Player(0), 1, "high", vec![act("bet"), act("fold")]);
        let lo = b.add_infoset(Owner::Player(0), 2, "low", vec![act("bet"), act("fold")]);
        let call = b.add_infoset(Owner::Player(1), 1, "", vec![act("call"), act("pass")]);
        let cards: Vec<u32> = b.set_move(b.root(), deal).unwrap().collect();
        for (k, &card) in cards.iter().enumerate() {
            let iset = if k == 0 { hi } else { lo };
            let moves: Vec<u32> = b.set_move(NodeId(card), iset).unwrap().collect();
            let fold = b.add_outcome(Outcome::new("", vec![q(-1, 1), q(1, 1)]));
            b.set_outcome(NodeId(moves[1]), Some(fold));
            let replies: Vec<u32> = b.set_move(NodeId(moves[0]), call).unwrap().collect();
            let win = if k == 0 { 2 } else { -2 };
            let called = b.add_outcome(Outcome::new("", vec![q(win, 1), q(-win, 1)]));
            let passed = b.add_outcome(Outcome::new("", vec![q(1, 1), q(-1, 1)]));
            b.set_outcome(NodeId(replies[0]), Some(called));
            b.set_outcome(NodeId(replies[1]), Some(passed));
        }
        b.finish()
    }

    #[test]
    fn sequences_and_constraints() {
        let g = bluff();
        let sf = SequenceForm::new(&g).unwrap();
        assert_eq!(sf.num_sequences(), [5, 3]);
        // Player 2's information set follows the empty sequence of theirs;
        // player 1's sets too.
        assert!(sf.infosets[0].iter().all(|h| h.parent == 0));
        assert_eq!(
            sf.constraints(1),
            vec![(0, 0, 1), (1, 0, -1), (1, 1, 1), (1, 2, 1)]
        );
        // Pairs: (hi-bet, call), (hi-bet, pass), (hi-fold, empty), and the same for low.
        assert_eq!(sf.payoffs.len(), 6);
        let e = sf.payoffs.iter().find(|e| e.seq == [1, 1]).unwrap();
        assert_eq!(e.payoff, [q(1, 1), q(-1, 1)]);
        assert_eq!(e.leaf_weight, q(1, 2));
    }

    #[test]
    fn plans_and_behavior_round_trip_with_equal_payoffs() {
        let g = bluff();
        let sf = SequenceForm::new(&g).unwrap();
        let probs = vec![
            vec![q(1, 2), q(1, 2)],
            vec![q(1, 1), q(0, 1)],
            vec![q(1, 3), q(2, 3)],
            vec![q(2, 3), q(1, 3)],
        ];
        let profile = Profile::behavior(&g, probs);
        let x = sf.realization_plan(&g, &profile, 0);
        let y = sf.realization_plan(&g, &profile, 1);
        assert!(sf.is_realization_plan(&x, 0) && sf.is_realization_plan(&y, 1));
        let back = sf.behavior_profile(&g, [&x, &y]);
        assert_eq!(back, profile);
        let tree = crate::regret::behavior_payoffs(&g, &profile.probs);
        let seq = sf.expected_payoffs([&x, &y]);
        assert_eq!(tree, seq.to_vec());
    }

    #[test]
    fn unreached_sets_get_uniform_play() {
        let g = bluff();
        let sf = SequenceForm::new(&g).unwrap();
        let x = vec![q(1, 1), q(0, 1), q(1, 1), q(0, 1), q(1, 1)];
        let y = vec![q(1, 1), q(0, 1), q(0, 1)];
        let b = sf.behavior_profile(&g, [&x, &y]);
        assert_eq!(b.probs[3], vec![q(1, 2), q(1, 2)]);
    }

    #[test]
    fn refuses_three_players() {
        let b = GameBuilder::new("", vec!["a".into(), "b".into(), "c".into()]);
        assert_eq!(
            SequenceForm::new(&b.finish()),
            Err(SequenceFormError::Players(3))
        );
    }
}
