//! What the constructs compile to: information sets from observation, group
//! votes, repetition, imports and overrides.

use brink_crisis::{compile, Scenario};
use brink_game::Owner;

const NOISY: &str = r#"
param leak = 0.1
player C "C"
player D "D"
outcome x
game: C chooses noisy(leak) {
  a: D chooses { l: end x (C: 1)  r: end x }
  b: D chooses { l: end x  r: end x (D: 1) }
}
"#;

fn infosets_of(g: &brink_game::ExtensiveGame, p: usize) -> Vec<usize> {
    g.player_infosets(p)
        .iter()
        .map(|&i| g.infoset(i).members.len())
        .collect()
}

#[test]
fn a_noisy_move_is_seen_only_through_its_signal() {
    let g = compile(&Scenario::parse("n.crisis", NOISY).unwrap())
        .unwrap()
        .game;
    // D sees one of two signals; each of its information sets holds both of C's moves.
    assert_eq!(infosets_of(&g, 1), vec![2, 2]);
    let chance: Vec<_> = g.chance_infosets();
    assert_eq!(chance.len(), 2);
    let p = g.infoset(chance[0]).actions[1].prob.clone().unwrap();
    assert_eq!(p, num_rational::BigRational::from_float(0.1).unwrap());
    // Public: D tells the moves apart.
    let public = NOISY.replace("noisy(leak) ", "");
    let g = compile(&Scenario::parse("p.crisis", &public).unwrap())
        .unwrap()
        .game;
    assert_eq!(infosets_of(&g, 1), vec![1, 1]);
    // Private: D sees nothing.
    let private = NOISY.replace("noisy(leak) ", "private ");
    let g = compile(&Scenario::parse("q.crisis", &private).unwrap())
        .unwrap()
        .game;
    assert_eq!(infosets_of(&g, 1), vec![2]);
}

#[test]
fn group_members_vote_without_seeing_each_other() {
    let src = r#"
player A "A"
player B "B"
group G = A + B needs 1
outcome act
outcome hold
game: G chooses { go: end act (G: 1)  stay: end hold }
"#;
    let cg = compile(&Scenario::parse("g.crisis", src).unwrap()).unwrap();
    assert_eq!(infosets_of(&cg.game, 0), vec![1]);
    assert_eq!(infosets_of(&cg.game, 1), vec![2]);
    // needs 1: three of the four vote profiles act.
    let acts = cg
        .terminals
        .iter()
        .filter(|t| cg.outcome_labels[t.outcome] == "act")
        .count();
    assert_eq!(acts, 3);
    assert!(cg
        .terminals
        .iter()
        .filter(|t| cg.outcome_labels[t.outcome] == "act")
        .all(|t| t.payoffs == vec![(1.0, 0.0), (1.0, 0.0)]));
}

#[test]
fn repeat_unrolls_rounds_with_the_round_variable() {
    let src = r#"
param n = 3
player A "A"
outcome stop
outcome last
game: repeat r in 1 .. n {
  A chooses { quit: end stop (A: r)  go: next }
} then end last (A: 10)
"#;
    let s = Scenario::parse("r.crisis", src).unwrap();
    let cg = compile(&s).unwrap();
    let mut pay: Vec<f64> = cg.terminals.iter().map(|t| t.payoffs[0].0).collect();
    pay.sort_by(f64::total_cmp);
    assert_eq!(pay, vec![1.0, 2.0, 3.0, 10.0]);
    let cg = compile(&s.with_overrides(&[("n".into(), 5.0)]).unwrap()).unwrap();
    assert_eq!(cg.terminals.len(), 6);
    assert!(cg.game.infosets().iter().all(|i| i.owner != Owner::Chance));
}

#[test]
fn import_reuses_a_library_model_and_set_changes_its_default() {
    let src = "import fearon-risk-return\nset c_hi = 0.6\n";
    let s = Scenario::parse("i.crisis", src).unwrap();
    let p = s.parameters().unwrap();
    assert_eq!(p.iter().find(|x| x.name == "c_hi").unwrap().value, 0.6);
    let r = brink_crisis::solve(&s, brink_crisis::Method::Auto).unwrap();
    // x* = p + (c_hi - c_a)/2 = 0.75, P(war) = 0.25/0.6.
    assert!((r.expected("demand") - 0.75).abs() < 1e-6);
    assert!((r.outcome("war") - 0.25 / 0.6).abs() < 1e-6);
}

const CONTEST: &str = r#"
param theta = 0.8
let pa = 0.5 + (theta - 0.5) * (sa - sb)
let pb = 1 - pa
player A
player B
outcome war
game: A chooses {
  arm with sa = 1: use second
  hold with sa = 0: use second
}
tree second: B chooses {
  arm with sb = 1: end war (A: pa - 0.1 * sa, B: pb - 0.1 * sb)
  hold with sb = 0: end war (A: pa - 0.1 * sa, B: pb - 0.1 * sb)
}
"#;

#[test]
fn a_derived_value_may_read_values_bound_with_with() {
    let cg = compile(&Scenario::parse("c.crisis", CONTEST).unwrap()).unwrap();
    // Each end's payoff to A: 0.5 + 0.3 (sa - sb) - 0.1 sa, and pb (a let
    // reading a deferred let) gives B the rest less its own cost.
    let mut pays: Vec<(f64, f64)> = cg
        .terminals
        .iter()
        .map(|t| (t.payoffs[0].0, t.payoffs[1].0))
        .collect();
    pays.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let expected = [(0.2, 0.7), (0.4, 0.4), (0.5, 0.5), (0.7, 0.2)];
    for ((a, b), (x, y)) in pays.iter().zip(expected) {
        assert!((a - x).abs() < 1e-12 && (b - y).abs() < 1e-12, "{pays:?}");
    }
    // Used where what it reads is not bound, it is an error at that place.
    let early = CONTEST.replace(
        "arm with sa = 1: use second",
        "arm with sa = 1: end war (A: pa)",
    );
    let err = compile(&Scenario::parse("c.crisis", &early).unwrap()).unwrap_err();
    let text = err.to_string();
    assert!(
        text.contains("`pa` is not defined here") && text.contains("c.crisis:9:"),
        "{text}"
    );
}

fn three_way(needs: &str) -> String {
    format!(
        r#"
player A
player B {{ private tb ~ normal(0, 1) }}
group G = A + B needs {needs}
outcome sanction
outcome arm
outcome hold
game: G chooses {{
  sanction: end sanction (A: 1, B: 1 + tb)
  arm: end arm (A: 2, B: 0.5 + 2 * tb)
  hold: end hold
}}
"#
    )
}

/// The outcome label of each pair of votes, in vote order.
fn vote_table(src: &str) -> Vec<Vec<String>> {
    let cg = compile(&Scenario::parse("g.crisis", src).unwrap()).unwrap();
    let g = &cg.game;
    g.children(g.root())
        .map(|a| {
            g.children(a)
                .map(|b| cg.outcome_labels[cg.terminal(b).unwrap().outcome].clone())
                .collect()
        })
        .collect()
}

#[test]
fn a_group_may_choose_among_three_actions() {
    // The first listed action that enough members vote for happens, else
    // the last: with `needs all`, only agreement moves the group.
    let all = vote_table(&three_way("all"));
    assert_eq!(
        all,
        [
            ["sanction", "hold", "hold"],
            ["hold", "arm", "hold"],
            ["hold", "hold", "hold"]
        ]
    );
    // With `needs 1`, any vote for an earlier action carries it.
    let one = vote_table(&three_way("1"));
    assert_eq!(
        one,
        [
            ["sanction", "sanction", "sanction"],
            ["sanction", "arm", "arm"],
            ["sanction", "arm", "hold"]
        ]
    );
    // B votes without seeing A's vote: one information set of three histories.
    let cg = compile(&Scenario::parse("g.crisis", &three_way("all")).unwrap()).unwrap();
    assert_eq!(infosets_of(&cg.game, 1), vec![3]);
    let r = brink_crisis::solve(
        &Scenario::parse("g.crisis", &three_way("all")).unwrap(),
        brink_crisis::Method::Auto,
    )
    .unwrap();
    assert!(r.converged, "regret {:e}", r.regret);
}

/// Nesting past `MAX_NESTING` is an error with a place and a hint, not a
/// stack overflow (100,000 braces aborted the process).
#[test]
fn deep_nesting_is_refused_with_a_message() {
    let braces = format!(
        "player A\noutcome x\ngame: {}end x{}\n",
        "{".repeat(100_000),
        "}".repeat(100_000)
    );
    let e = Scenario::parse("deep.crisis", &braces).unwrap_err();
    assert!(e.message.contains("nests more than"), "{e}");
    let parens = format!(
        "param p = {}1{}\nplayer A\noutcome x\ngame: end x\n",
        "(".repeat(100_000),
        ")".repeat(100_000)
    );
    let e = Scenario::parse("parens.crisis", &parens).unwrap_err();
    assert!(e.message.contains("nests more than"), "{e}");
    let minus = format!(
        "param p = {}1\nplayer A\noutcome x\ngame: end x\n",
        "-".repeat(100_000)
    );
    assert!(Scenario::parse("minus.crisis", &minus).is_err());
    // Just inside the limit parses.
    let ok = format!(
        "param p = {}1{}\nplayer A\noutcome x\ngame: end x\n",
        "(".repeat(50),
        ")".repeat(50)
    );
    assert!(Scenario::parse("ok.crisis", &ok).is_ok());
}

/// A tree that uses itself would recurse forever in the compiler: its depth
/// guard stops it with a message.
#[test]
fn the_compiler_stops_a_tree_that_uses_itself() {
    let src = r#"
player A
outcome x
game: use loop
tree loop: A chooses {
  again: use loop
  stop: end x
}
"#;
    let e = match Scenario::parse("loop.crisis", src) {
        Err(e) => e,
        Ok(s) => compile(&s).unwrap_err(),
    };
    assert!(e.message.contains("nests more than 500 moves"), "{e}");
    assert!(e.hint.contains("refer back"), "{e}");
}
