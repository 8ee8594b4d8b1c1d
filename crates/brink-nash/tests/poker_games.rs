//! Kuhn and Leduc poker built as extensive games, shared by the poker tests
//! and the `kuhn_efg` / `leduc_efg` examples (which write them as `.efg`).
#![allow(dead_code)]

use brink_game::{Action, ExtensiveGame, GameBuilder, InfosetId, NodeId, Outcome, Owner, Rational};
use std::collections::HashMap;

const RANKS: [&str; 3] = ["J", "Q", "K"];

fn int(n: i64) -> Rational {
    Rational::from_integer(n.into())
}

fn frac(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// Information sets by label, created on first use, numbered per owner.
struct Sets {
    builder: GameBuilder,
    by_label: HashMap<(usize, String), InfosetId>,
}

impl Sets {
    fn new(title: &str) -> Self {
        Sets {
            builder: GameBuilder::new(title, vec!["Player 1".into(), "Player 2".into()]),
            by_label: HashMap::new(),
        }
    }

    fn player_move(
        &mut self,
        node: NodeId,
        player: usize,
        label: String,
        actions: &[&str],
    ) -> Vec<NodeId> {
        let key = (player, label.clone());
        let iset = match self.by_label.get(&key) {
            Some(&i) => i,
            None => {
                let owner = Owner::Player(player);
                let number = self.builder.next_infoset_number(owner);
                let acts = actions
                    .iter()
                    .map(|a| Action {
                        label: (*a).into(),
                        prob: None,
                    })
                    .collect();
                let i = self.builder.add_infoset(owner, number, label, acts);
                self.by_label.insert(key, i);
                i
            }
        };
        self.builder
            .set_move(node, iset)
            .expect("poker trees are small")
            .map(NodeId)
            .collect()
    }

    fn chance_move(&mut self, node: NodeId, actions: Vec<(String, Rational)>) -> Vec<NodeId> {
        let number = self.builder.next_infoset_number(Owner::Chance);
        let acts = actions
            .into_iter()
            .map(|(l, p)| Action {
                label: l,
                prob: Some(p),
            })
            .collect();
        let iset = self.builder.add_infoset(Owner::Chance, number, "", acts);
        self.builder
            .set_move(node, iset)
            .expect("poker trees are small")
            .map(NodeId)
            .collect()
    }

    /// Player 1 wins `amount` (player 2 loses it).
    fn pay(&mut self, node: NodeId, amount: i64) {
        let o = self
            .builder
            .add_outcome(Outcome::new("", vec![int(amount), int(-amount)]));
        self.builder.set_outcome(node, Some(o));
    }
}

/// Kuhn poker: three cards J < Q < K, one each, ante 1, one bet of 1.
/// Player 1's value is -1/18.
pub fn kuhn() -> ExtensiveGame {
    let mut s = Sets::new("Kuhn poker");
    let deals: Vec<(usize, usize)> = (0..3)
        .flat_map(|a| (0..3).filter(move |&b| b != a).map(move |b| (a, b)))
        .collect();
    let labels = deals
        .iter()
        .map(|&(a, b)| (format!("{}{}", RANKS[a], RANKS[b]), frac(1, 6)))
        .collect();
    let root = s.builder.root();
    let children = s.chance_move(root, labels);
    for (&(a, b), node) in deals.iter().zip(children) {
        let show = |stake: i64| if a > b { stake } else { -stake };
        let first = s.player_move(node, 0, RANKS[a].to_string(), &["check", "bet"]);
        // check
        let second = s.player_move(
            first[0],
            1,
            format!("{} check", RANKS[b]),
            &["check", "bet"],
        );
        s.pay(second[0], show(1));
        let third = s.player_move(
            second[1],
            0,
            format!("{} check bet", RANKS[a]),
            &["fold", "call"],
        );
        s.pay(third[0], -1);
        s.pay(third[1], show(2));
        // bet
        let reply = s.player_move(first[1], 1, format!("{} bet", RANKS[b]), &["fold", "call"]);
        s.pay(reply[0], 1);
        s.pay(reply[1], show(2));
    }
    s.builder.finish()
}

/// The state of a betting round.
#[derive(Clone)]
struct Round {
    /// What each player has put in the pot.
    pot: [i64; 2],
    /// Raises so far in this round.
    raises: u32,
    /// Actions so far in this round, as letters.
    history: String,
}

/// Leduc poker (Southey et al. 2005): six cards J, J, Q, Q, K, K; ante 1; one
/// private card each, a betting round with bets of 2, one public card, a
/// round with bets of 4; at most two raises per round; a pair with the public
/// card wins, else the higher card; equal cards split. Player 1's value is
/// about -0.0856064.
pub fn leduc() -> ExtensiveGame {
    let mut s = Sets::new("Leduc poker");
    let root = s.builder.root();
    let first: Vec<(String, Rational)> =
        RANKS.iter().map(|r| (r.to_string(), frac(1, 3))).collect();
    for (a, n1) in s.chance_move(root, first).into_iter().enumerate() {
        let second = (0..3)
            .map(|b| (RANKS[b].to_string(), frac(if a == b { 1 } else { 2 }, 5)))
            .collect();
        for (b, n2) in s.chance_move(n1, second).into_iter().enumerate() {
            let round = Round {
                pot: [1, 1],
                raises: 0,
                history: String::new(),
            };
            leduc_round(&mut s, n2, [a, b], None, String::new(), round, 0);
        }
    }
    s.builder.finish()
}

/// One decision of a betting round; `to_move` alternates, player 1 first.
fn leduc_round(
    s: &mut Sets,
    node: NodeId,
    cards: [usize; 2],
    public: Option<usize>,
    past: String,
    round: Round,
    to_move: usize,
) {
    let bet = if public.is_none() { 2 } else { 4 };
    let facing = round.pot[1 - to_move] > round.pot[to_move];
    let view = match public {
        None => format!("{}:{}", RANKS[cards[to_move]], round.history),
        Some(p) => format!(
            "{}{}:{}|{}",
            RANKS[cards[to_move]], RANKS[p], past, round.history
        ),
    };
    let mut actions: Vec<&str> = if facing {
        vec!["fold", "call"]
    } else {
        vec!["check"]
    };
    if round.raises < 2 {
        actions.push(if facing { "raise" } else { "bet" });
    }
    let children = s.player_move(node, to_move, view, &actions);
    for (action, child) in actions.iter().zip(children) {
        let mut next = round.clone();
        next.history.push(action.chars().next().unwrap());
        match *action {
            "fold" => s.pay(
                child,
                if to_move == 0 {
                    -round.pot[0]
                } else {
                    round.pot[1]
                },
            ),
            "call" => {
                next.pot[to_move] = next.pot[1 - to_move];
                end_of_round(s, child, cards, public, next);
            }
            "check" if round.history.is_empty() => {
                leduc_round(s, child, cards, public, past.clone(), next, 1)
            }
            "check" => end_of_round(s, child, cards, public, next),
            _ => {
                next.pot[to_move] = next.pot[1 - to_move] + bet;
                next.raises += 1;
                leduc_round(s, child, cards, public, past.clone(), next, 1 - to_move);
            }
        }
    }
}

fn end_of_round(
    s: &mut Sets,
    node: NodeId,
    cards: [usize; 2],
    public: Option<usize>,
    round: Round,
) {
    match public {
        None => {
            let left = |r: usize| 2 - cards.iter().filter(|&&c| c == r).count() as i64;
            let deal = (0..3)
                .filter(|&r| left(r) > 0)
                .map(|r| (RANKS[r].to_string(), frac(left(r), 4)))
                .collect();
            let ranks: Vec<usize> = (0..3).filter(|&r| left(r) > 0).collect();
            for (r, child) in ranks.into_iter().zip(s.chance_move(node, deal)) {
                let fresh = Round {
                    pot: round.pot,
                    raises: 0,
                    history: String::new(),
                };
                leduc_round(s, child, cards, Some(r), round.history.clone(), fresh, 0);
            }
        }
        Some(p) => {
            let strength = |c: usize| if c == p { 10 + c } else { c };
            let (mine, theirs) = (strength(cards[0]), strength(cards[1]));
            let stake = round.pot[0];
            s.pay(
                node,
                match mine.cmp(&theirs) {
                    std::cmp::Ordering::Greater => stake,
                    std::cmp::Ordering::Less => -stake,
                    std::cmp::Ordering::Equal => 0,
                },
            );
        }
    }
}
