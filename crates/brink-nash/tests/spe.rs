//! `spe`: closed forms, refusals, pygambit's pure equilibria as an oracle on
//! the corpus, and the full tic-tac-toe tree against its published counts.

#[path = "../examples/tictactoe_efg.rs"]
mod tictactoe_efg;

use brink_game::number::parse_rational;
use brink_game::reduced::{reduced_strategic_form, DEFAULT_MAX_CELLS};
use brink_game::{
    Action, ExtensiveGame, Game, GameBuilder, NodeId, Outcome, Owner, Profile, Rational, Solution,
    SolveError,
};
use brink_nash::spe::{backward_induction, spe};
use num_traits::{One, Zero};
use std::path::Path;

fn q(n: i64) -> Rational {
    Rational::from_integer(n.into())
}

fn act(label: &str) -> Action {
    Action {
        label: label.into(),
        prob: None,
    }
}

fn exact(s: &Solution) -> (&Profile<Rational>, &Rational) {
    match s {
        Solution::Exact { profile, regret } => (profile, regret),
        Solution::Float { .. } => panic!("exact mode gave a float solution"),
    }
}

/// Entry deterrence: the entrant stays out (0, 2) or enters; the incumbent
/// fights (-1, -1) or accommodates (1, 1). Before that, chance decides with
/// probability 1/3 that the entrant gets a bonus of 3 for entering.
fn entry_with_chance() -> ExtensiveGame {
    let mut b = GameBuilder::new("entry", vec!["E".into(), "I".into()]);
    let third = Rational::new(1.into(), 3.into());
    let c = b.add_infoset(
        Owner::Chance,
        1,
        "",
        vec![
            Action {
                label: "bonus".into(),
                prob: Some(third.clone()),
            },
            Action {
                label: "none".into(),
                prob: Some(q(1) - third),
            },
        ],
    );
    let kinds: Vec<u32> = b.set_move(b.root(), c).unwrap().collect();
    let out = b.add_outcome(Outcome::new("out", vec![q(0), q(2)]));
    let fight = b.add_outcome(Outcome::new("fight", vec![q(-1), q(-1)]));
    let acc = b.add_outcome(Outcome::new("acc", vec![q(1), q(1)]));
    let bonus = b.add_outcome(Outcome::new("bonus", vec![q(3), q(0)]));
    for (k, &node) in kinds.iter().enumerate() {
        let e = b.add_infoset(
            Owner::Player(0),
            k as u32 + 1,
            "",
            vec![act("out"), act("in")],
        );
        let i = b.add_infoset(
            Owner::Player(1),
            k as u32 + 1,
            "",
            vec![act("fight"), act("acc")],
        );
        let moves: Vec<u32> = b.set_move(NodeId(node), e).unwrap().collect();
        b.set_outcome(NodeId(moves[0]), Some(out));
        if k == 0 {
            // An outcome on an internal node adds to what follows.
            b.set_outcome(NodeId(moves[1]), Some(bonus));
        }
        let ends: Vec<u32> = b.set_move(NodeId(moves[1]), i).unwrap().collect();
        b.set_outcome(NodeId(ends[0]), Some(fight));
        b.set_outcome(NodeId(ends[1]), Some(acc));
    }
    b.finish()
}

#[test]
fn entry_game_closed_form() {
    let g = entry_with_chance();
    let game = Game::Extensive(g.clone());
    let sols = spe(&game, false).unwrap();
    assert_eq!(sols.len(), 1);
    let (profile, regret) = exact(&sols[0]);
    assert!(regret.is_zero());
    // Enter and accommodate everywhere.
    for p in 0..2 {
        for &i in g.player_infosets(p) {
            assert_eq!(profile.at(i), &[q(0), q(1)]);
        }
    }
    let (_, value) = backward_induction::<Rational>(&g);
    // E: 1/3 * (3 + 1) + 2/3 * 1 = 2; I: 1.
    assert_eq!(value, vec![q(2), q(1)]);
    let float = spe(&game, true).unwrap();
    assert!(matches!(float[0], Solution::Float { regret, .. } if regret == 0.0));
    assert_eq!(float[0].profile_f64(), profile.to_f64());
}

#[test]
fn refuses_imperfect_information_naming_other_methods() {
    let mut b = GameBuilder::new("pennies", vec!["1".into(), "2".into()]);
    let i1 = b.add_infoset(Owner::Player(0), 1, "", vec![act("H"), act("T")]);
    let i2 = b.add_infoset(Owner::Player(1), 1, "guess", vec![act("h"), act("t")]);
    for child in b.set_move(b.root(), i1).unwrap().collect::<Vec<_>>() {
        for g in b.set_move(NodeId(child), i2).unwrap().collect::<Vec<_>>() {
            let o = b.add_outcome(Outcome::new("", vec![q(1), q(-1)]));
            b.set_outcome(NodeId(g), Some(o));
        }
    }
    let err = spe(&Game::Extensive(b.finish()), false).unwrap_err();
    let text = err.to_string();
    assert!(matches!(err, SolveError::Unsupported { .. }));
    assert!(
        text.contains("lcp") && text.contains("logit") && text.contains("guess"),
        "{text}"
    );
}

#[test]
fn refuses_strategic_games() {
    let g = brink_game::StrategicGame::from_payoffs(
        "",
        vec!["1".into(), "2".into()],
        vec![vec!["a".into()], vec!["b".into()]],
        vec![vec![q(0), q(0)]],
    );
    assert!(matches!(
        spe(&Game::Strategic(g), false),
        Err(SolveError::Unsupported { .. })
    ));
}

/// The mover's payoff from every node on under a behavior profile, by a
/// plain walk of each subtree (independent of the solver's single pass).
fn subtree_value(
    g: &ExtensiveGame,
    profile: &Profile<Rational>,
    start: NodeId,
    player: usize,
) -> Rational {
    let mut total = Rational::zero();
    let mut stack = vec![(start, Rational::one())];
    while let Some((n, w)) = stack.pop() {
        if let Some(o) = g.node_outcome(n) {
            total += &w * &g.outcomes()[o.index()].payoffs[player];
        }
        if let Some(i) = g.node_infoset(n) {
            for (a, c) in g.children(n).enumerate() {
                let p = &profile.at(i)[a];
                if !p.is_zero() {
                    stack.push((c, &w * p));
                }
            }
        }
    }
    total
}

/// Every perfect-information game of the corpus: the result is subgame
/// perfect (at every decision node the chosen action is best for the mover,
/// checked by walking the subtrees) and, as a Nash equilibrium of the reduced
/// form, one of the pure equilibria pygambit's enumpure lists.
#[test]
fn corpus_perfect_information_games() {
    let fixtures = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/fixtures/enum");
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("../../testdata/gambit");
    let mut checked = 0;
    let mut files: Vec<_> = std::fs::read_dir(&fixtures)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    files.sort();
    for file in files
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".efg.enumpure"))
    {
        let name = file.file_stem().unwrap().to_string_lossy().into_owned();
        let Game::Extensive(g) =
            brink_gambit::read_game_file(&corpus.join(name.replace("__", "/"))).unwrap()
        else {
            unreachable!()
        };
        let perfect = (0..g.num_players()).all(|p| {
            g.player_infosets(p)
                .iter()
                .all(|&i| g.infoset(i).members.len() == 1)
        });
        if !perfect {
            continue;
        }
        let game = Game::Extensive(g.clone());
        let sols = spe(&game, false).unwrap();
        let (profile, regret) = exact(&sols[0]);
        assert!(regret.is_zero(), "{name}");
        for i in 0..g.num_nodes() {
            let n = NodeId(i as u32);
            let Some(Owner::Player(p)) = g.node_owner(n) else {
                continue;
            };
            let iset = g.node_infoset(n).unwrap();
            let values: Vec<Rational> = g
                .children(n)
                .map(|c| subtree_value(&g, profile, c, p))
                .collect();
            let chosen = profile.at(iset).iter().position(|x| x.is_one()).unwrap();
            assert!(
                values.iter().all(|v| *v <= values[chosen]),
                "{name}: node {i}"
            );
        }
        // The reduced strategies that play as the profile does.
        let reduced = reduced_strategic_form(&g, DEFAULT_MAX_CELLS).unwrap();
        let mut row = Vec::new();
        for (p, list) in reduced.choices.iter().enumerate() {
            let isets = g.player_infosets(p);
            let s = list
                .iter()
                .position(|c| {
                    c.iter()
                        .zip(isets)
                        .all(|(a, &i)| a.is_none_or(|a| profile.at(i)[a].is_one()))
                })
                .unwrap();
            row.extend((0..list.len()).map(|t| if t == s { q(1) } else { q(0) }));
        }
        let text = std::fs::read_to_string(&file).unwrap();
        let listed = text.lines().filter(|l| l.starts_with("NE,")).any(|l| {
            l.split(',')
                .skip(1)
                .map(|x| parse_rational(x).unwrap())
                .collect::<Vec<_>>()
                == row
        });
        assert!(listed, "{name}: not among pygambit's pure equilibria");
        checked += 1;
    }
    assert!(checked >= 10, "only {checked} perfect-information games");
}

/// The full game: 549,946 nodes, of which 255,168 are ends of play (131,184
/// won by X, 77,904 by O, 46,080 drawn), the counts published for
/// tic-tac-toe; and with best play it is a draw.
#[test]
fn full_tictactoe_is_a_draw() {
    let g = tictactoe_efg::tictactoe();
    assert_eq!(g.num_nodes(), 549_946);
    let mut ends = [0usize; 3];
    for i in 0..g.num_nodes() {
        let n = NodeId(i as u32);
        if g.is_terminal(n) {
            ends[g.node_outcome(n).unwrap().index()] += 1;
        }
    }
    assert_eq!(ends, [131_184, 77_904, 46_080]);
    let (_, value) = backward_induction::<Rational>(&g);
    assert_eq!(value, vec![q(0), q(0)]);
    let sols = spe(&Game::Extensive(g), false).unwrap();
    assert!(exact(&sols[0]).1.is_zero());
}
