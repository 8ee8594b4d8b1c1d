//! Random games, written and read back, are equal to themselves.

use brink_gambit::{read_efg, read_nfg, write_efg, write_nfg};
use brink_game::{
    Action, ExtensiveGame, GameBuilder, NodeId, Outcome, OutcomeId, Owner, Rational, StrategicGame,
};
use num_bigint::BigInt;
use proptest::prelude::*;

/// A small deterministic generator, so that one proptest seed gives one game.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, percent: u64) -> bool {
        self.below(100) < percent
    }
    fn text(&mut self) -> String {
        // Quotes, backslashes (also at the end), braces, line breaks and
        // non-ASCII letters: everything the quoting has to get right.
        const POOL: &[&str] = &[
            "a", "B", " ", "\"", "\\", "{", "}", ",", "é", "\n", "7", "-", "t", "\t",
        ];
        let len = self.below(6);
        (0..len)
            .map(|_| POOL[self.below(POOL.len() as u64) as usize])
            .collect()
    }
    fn rational(&mut self) -> Rational {
        let n = self.below(2001) as i64 - 1000;
        let range = if self.chance(50) { 1 } else { 40 };
        let d = 1 + self.below(range) as i64;
        Rational::new(BigInt::from(n), BigInt::from(d))
    }
    /// `k` positive probabilities summing to exactly 1.
    fn probs(&mut self, k: usize) -> Vec<Rational> {
        let weights: Vec<i64> = (0..k).map(|_| self.below(10) as i64).collect();
        let total: i64 = weights.iter().sum();
        if total == 0 {
            return (0..k)
                .map(|_| Rational::new(1.into(), BigInt::from(k)))
                .collect();
        }
        weights
            .iter()
            .map(|&w| Rational::new(w.into(), total.into()))
            .collect()
    }
}

/// A random tree built in preorder, the order in which a file lists it (so
/// that node, information set and outcome ids match those of the reader).
fn random_efg(seed: u64) -> ExtensiveGame {
    let mut rng = Rng(seed | 1);
    let players = rng.below(4) as usize;
    let names = (0..players).map(|_| rng.text()).collect();
    let mut b = GameBuilder::new(rng.text(), names);
    b.set_comment(rng.text());
    let max_nodes = 1 + rng.below(60) as usize;
    let mut stack = vec![(b.root(), 0u32)];
    let mut outcomes: Vec<OutcomeId> = Vec::new();
    // (owner, infoset id) pairs created so far, for reuse.
    let mut isets = Vec::new();
    while let Some((node, depth)) = stack.pop() {
        let label = if rng.chance(30) {
            rng.text()
        } else {
            String::new()
        };
        b.set_node_label(node, &label);
        let terminal = b.num_nodes() + 3 > max_nodes || rng.chance(20 + 10 * depth as u64);
        if !terminal {
            let owner = if players == 0 || rng.chance(25) {
                Owner::Chance
            } else {
                Owner::Player(rng.below(players as u64) as usize)
            };
            let reuse: Vec<_> = isets
                .iter()
                .filter(|(o, _)| *o == owner)
                .map(|&(_, i)| i)
                .collect();
            let iset = if !reuse.is_empty() && rng.chance(40) {
                reuse[rng.below(reuse.len() as u64) as usize]
            } else {
                let k = 1 + rng.below(3) as usize;
                let probs = rng.probs(k);
                let actions = (0..k)
                    .map(|a| Action {
                        label: rng.text(),
                        prob: (owner == Owner::Chance).then(|| probs[a].clone()),
                    })
                    .collect();
                // Numbers need not be consecutive, only unique per owner.
                let number = b.next_infoset_number(owner) + rng.below(3) as u32;
                let id = b.add_infoset(owner, number, rng.text(), actions);
                isets.push((owner, id));
                id
            };
            let kids = b.set_move(node, iset).unwrap();
            stack.extend(kids.rev().map(|c| (NodeId(c), depth + 1)));
        }
        if rng.chance(60) {
            let o = if !outcomes.is_empty() && rng.chance(30) {
                outcomes[rng.below(outcomes.len() as u64) as usize]
            } else {
                let payoffs = (0..players).map(|_| rng.rational()).collect();
                let o = b.add_outcome(Outcome::new(rng.text(), payoffs));
                outcomes.push(o);
                o
            };
            b.set_outcome(node, Some(o));
        }
    }
    b.finish()
}

fn random_nfg(seed: u64) -> StrategicGame {
    let mut rng = Rng(seed | 1);
    let players = 1 + rng.below(3) as usize;
    let names: Vec<String> = (0..players).map(|_| rng.text()).collect();
    let strategies: Vec<Vec<String>> = (0..players)
        .map(|_| (0..1 + rng.below(3)).map(|_| rng.text()).collect())
        .collect();
    let cells: usize = strategies.iter().map(Vec::len).product();
    let mut g = if rng.chance(50) {
        let table = (0..cells)
            .map(|_| (0..players).map(|_| rng.rational()).collect())
            .collect();
        StrategicGame::from_payoffs(rng.text(), names, strategies, table)
    } else {
        let k = rng.below(5) as u32;
        let outcomes = (0..k)
            .map(|_| Outcome::new(rng.text(), (0..players).map(|_| rng.rational()).collect()))
            .collect();
        StrategicGame {
            title: rng.text(),
            comment: String::new(),
            players: names,
            strategies,
            outcomes,
            cells: (0..cells)
                .map(|_| {
                    if k > 0 && rng.chance(80) {
                        Some(rng.below(k as u64) as u32)
                    } else {
                        None
                    }
                })
                .collect(),
            outcome_list: true,
        }
    };
    g.comment = rng.text();
    g
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn efg_written_then_read_is_equal(seed in any::<u64>()) {
        let game = random_efg(seed);
        let text = write_efg(&game);
        let again = read_efg(&text, "random.efg").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&again, &game, "{}", text);
    }

    #[test]
    fn nfg_written_then_read_is_equal(seed in any::<u64>()) {
        let game = random_nfg(seed);
        let text = write_nfg(&game);
        let again = read_nfg(&text, "random.nfg").map_err(|e| TestCaseError::fail(format!("{e}\n{text}")))?;
        prop_assert_eq!(&again, &game, "{}", text);
    }
}

/// The generator is not trivial: over a few hundred seeds it makes large
/// trees, shared information sets, chance moves, shared outcomes and labels
/// that need escaping, so the property above tests all of them.
#[test]
fn the_generator_covers_the_format() {
    let (mut large, mut shared_iset, mut chance, mut shared_outcome, mut escapes) = (0, 0, 0, 0, 0);
    for seed in 0..300u64 {
        let g = random_efg(seed.wrapping_mul(0x9e37_79b9_7f4a_7c15));
        large += usize::from(g.num_nodes() >= 20);
        shared_iset += usize::from(g.infosets().iter().any(|i| i.members.len() >= 2));
        chance += usize::from(g.infosets().iter().any(|i| i.owner == Owner::Chance));
        let mut uses = vec![0; g.outcomes().len()];
        for n in 0..g.num_nodes() {
            if let Some(o) = g.node_outcome(NodeId(n as u32)) {
                uses[o.index()] += 1;
            }
        }
        shared_outcome += usize::from(uses.iter().any(|&u| u >= 2));
        let text = write_efg(&g);
        escapes += usize::from(text.contains("\\\"") && text.contains('\\'));
    }
    for (what, count) in [
        ("large trees", large),
        ("shared information sets", shared_iset),
        ("chance moves", chance),
        ("shared outcomes", shared_outcome),
        ("escaped labels", escapes),
    ] {
        assert!(count >= 30, "only {count} of 300 games have {what}");
    }
}
