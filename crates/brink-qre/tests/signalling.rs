//! `sequential` on signalling games with known answers, and the crisis game
//! of issue 3 with discretised types against its cut-point solution in
//! closed form.

use brink_game::number::f64_to_rational;
use brink_game::{Action, ExtensiveGame, GameBuilder, InfosetId, NodeId, Outcome, Owner, Rational};
use brink_qre::sequential::check_sequential;
use brink_qre::{sequential, LogitOptions};
use statrs::distribution::{ContinuousCDF, Normal};

fn r(x: f64) -> Rational {
    f64_to_rational(x).expect("finite")
}

fn acts(labels: &[&str]) -> Vec<Action> {
    labels
        .iter()
        .map(|l| Action {
            label: l.to_string(),
            prob: None,
        })
        .collect()
}

fn chance(labels: &[&str], probs: &[f64]) -> Vec<Action> {
    labels
        .iter()
        .zip(probs)
        .map(|(l, &p)| Action {
            label: l.to_string(),
            prob: Some(r(p)),
        })
        .collect()
}

/// A two-type, two-message, two-response signalling game. `pay(t, m, a)`
/// gives (sender, receiver) payoffs for type t, message m, response a.
fn signalling(
    prior: &[f64; 2],
    types: [&str; 2],
    msgs: [&str; 2],
    resp: [&str; 2],
    pay: impl Fn(usize, usize, usize) -> (f64, f64),
) -> ExtensiveGame {
    let mut b = GameBuilder::new("signalling", vec!["Sender".into(), "Receiver".into()]);
    let c = b.add_infoset(Owner::Chance, 1, "type", chance(&types, prior));
    let s: Vec<InfosetId> = (0..2)
        .map(|t| b.add_infoset(Owner::Player(0), t as u32 + 1, types[t], acts(&msgs)))
        .collect();
    let rc: Vec<InfosetId> = (0..2)
        .map(|m| b.add_infoset(Owner::Player(1), m as u32 + 1, msgs[m], acts(&resp)))
        .collect();
    let tn: Vec<u32> = b.set_move(b.root(), c).unwrap().collect();
    for t in 0..2 {
        let mn: Vec<u32> = b.set_move(NodeId(tn[t]), s[t]).unwrap().collect();
        for m in 0..2 {
            let an: Vec<u32> = b.set_move(NodeId(mn[m]), rc[m]).unwrap().collect();
            for (a, &node) in an.iter().enumerate() {
                let (x, y) = pay(t, m, a);
                let o = b.add_outcome(Outcome::new("", vec![r(x), r(y)]));
                b.set_outcome(NodeId(node), Some(o));
            }
        }
    }
    b.finish()
}

/// Cho and Kreps' beer–quiche game: weak (1/10) prefers quiche, strong
/// (9/10) beer, each worth 1, and avoiding a duel is worth 2; the receiver
/// gains 1 by dueling the weak or sparing the strong. Two pooling
/// equilibria; the intuitive criterion keeps only pooling on beer, with the
/// receiver dueling after quiche (believing it comes from the weak type).
#[test]
fn beer_quiche_selects_beer_pooling() {
    let g = signalling(
        &[0.1, 0.9],
        ["weak", "strong"],
        ["beer", "quiche"],
        ["duel", "not"],
        |t, m, a| {
            let breakfast = if (t == 0 && m == 1) || (t == 1 && m == 0) {
                1.0
            } else {
                0.0
            };
            let sender = breakfast + if a == 1 { 2.0 } else { 0.0 };
            let receiver = if (t == 0 && a == 0) || (t == 1 && a == 1) {
                1.0
            } else {
                0.0
            };
            (sender, receiver)
        },
    );
    let s = sequential(&g, &LogitOptions::default()).expect("sequential");
    let p = s.solution.profile_f64();
    let id = |owner, number| {
        InfosetId(
            g.infosets()
                .iter()
                .position(|i| i.owner == owner && i.number == number)
                .unwrap() as u32,
        )
    };
    let (weak, strong) = (id(Owner::Player(0), 1), id(Owner::Player(0), 2));
    let (after_beer, after_quiche) = (id(Owner::Player(1), 1), id(Owner::Player(1), 2));
    assert!(
        p.at(weak)[0] > 0.999 && p.at(strong)[0] > 0.999,
        "both types drink beer"
    );
    assert!(p.at(after_beer)[1] > 0.999, "no duel after beer");
    assert!(p.at(after_quiche)[0] > 0.999, "duel after quiche");
    // Off the path, the limit belief after quiche puts at least 1/2 on weak
    // (the weak type loses less by deviating, so its trembles dominate).
    let quiche_beliefs = &s.beliefs[after_quiche.index()];
    assert!(quiche_beliefs[0] >= 0.5, "{quiche_beliefs:?}");
    // On the path, beliefs after beer are the prior.
    assert!((s.beliefs[after_beer.index()][0] - 0.1).abs() < 1e-6);
    // The independent check, run again here.
    let check = check_sequential(&g, &p, &s.beliefs, 1e-6);
    assert!(check.passes(1e-7, 1e-6), "{check:?}");
}

/// Spence: high ability (1/3) pays 1 for education, low pays 3; a manager
/// job pays 4, a clerk job 2; the firm gets 1 for matching the job to the
/// type. The pooling equilibrium (no education, clerk) fails the intuitive
/// criterion; the separating one (high educates, gets manager) is the answer.
#[test]
fn spence_separates() {
    let g = signalling(
        &[1.0 / 3.0, 2.0 / 3.0],
        ["high", "low"],
        ["educate", "none"],
        ["manager", "clerk"],
        |t, m, a| {
            let wage = if a == 0 { 4.0 } else { 2.0 };
            let cost = if m == 0 { [1.0, 3.0][t] } else { 0.0 };
            let firm = if (t == 0 && a == 0) || (t == 1 && a == 1) {
                1.0
            } else {
                0.0
            };
            (wage - cost, firm)
        },
    );
    let s = sequential(&g, &LogitOptions::default()).expect("sequential");
    let p = s.solution.profile_f64();
    let id = |owner, number| {
        InfosetId(
            g.infosets()
                .iter()
                .position(|i| i.owner == owner && i.number == number)
                .unwrap() as u32,
        )
    };
    assert!(p.at(id(Owner::Player(0), 1))[0] > 0.999, "high educates");
    assert!(p.at(id(Owner::Player(0), 2))[1] > 0.999, "low does not");
    assert!(
        p.at(id(Owner::Player(1), 1))[0] > 0.999,
        "manager after education"
    );
    assert!(p.at(id(Owner::Player(1), 2))[1] > 0.999, "clerk without");
    assert!(s.beliefs[id(Owner::Player(1), 1).index()][0] > 0.999);
    assert!(s.beliefs[id(Owner::Player(1), 2).index()][1] > 0.999);
}

/// The crisis game with each shock replaced by `k` equally likely types at
/// the midpoints of its quantiles; returns the game and the terminal nodes
/// grouped by outcome (status quo, war, back down).
fn crisis_discrete(a: f64, k: usize) -> (ExtensiveGame, [Vec<NodeId>; 3]) {
    let n = Normal::new(0.0, 1.0).unwrap();
    let e: Vec<f64> = (0..k)
        .map(|i| n.inverse_cdf((i as f64 + 0.5) / k as f64))
        .collect();
    let names: Vec<String> = (0..k).map(|i| format!("t{i}")).collect();
    let labels: Vec<&str> = names.iter().map(String::as_str).collect();
    let probs = vec![1.0 / k as f64; k];
    let mut b = GameBuilder::new("crisis", vec!["1".into(), "2".into()]);
    let c1 = b.add_infoset(Owner::Chance, 1, "e1", chance(&labels, &probs));
    let c2 = b.add_infoset(Owner::Chance, 2, "e2", chance(&labels, &probs));
    let first: Vec<_> = (0..k)
        .map(|i| {
            b.add_infoset(
                Owner::Player(0),
                i as u32 + 1,
                "",
                acts(&["status quo", "challenge"]),
            )
        })
        .collect();
    let second: Vec<_> = (0..k)
        .map(|i| {
            b.add_infoset(
                Owner::Player(0),
                (k + i) as u32 + 1,
                "",
                acts(&["fight", "back down"]),
            )
        })
        .collect();
    let resist: Vec<_> = (0..k)
        .map(|j| {
            b.add_infoset(
                Owner::Player(1),
                j as u32 + 1,
                "",
                acts(&["concede", "resist"]),
            )
        })
        .collect();
    let mut groups: [Vec<NodeId>; 3] = Default::default();
    let n1: Vec<u32> = b.set_move(b.root(), c1).unwrap().collect();
    for (i, &x) in n1.iter().enumerate() {
        let n2: Vec<u32> = b.set_move(NodeId(x), c2).unwrap().collect();
        for (j, &y) in n2.iter().enumerate() {
            let d1: Vec<u32> = b.set_move(NodeId(y), first[i]).unwrap().collect();
            let sq = b.add_outcome(Outcome::new("status quo", vec![r(0.0), r(0.0)]));
            b.set_outcome(NodeId(d1[0]), Some(sq));
            groups[0].push(NodeId(d1[0]));
            let d2: Vec<u32> = b.set_move(NodeId(d1[1]), resist[j]).unwrap().collect();
            let concede = b.add_outcome(Outcome::new("concede", vec![r(1.0), r(0.0)]));
            b.set_outcome(NodeId(d2[0]), Some(concede));
            let d3: Vec<u32> = b.set_move(NodeId(d2[1]), second[i]).unwrap().collect();
            let war = b.add_outcome(Outcome::new("war", vec![r(-0.5 + e[i]), r(-0.3 + e[j])]));
            let back = b.add_outcome(Outcome::new("back down", vec![r(-a), r(0.5)]));
            b.set_outcome(NodeId(d3[0]), Some(war));
            b.set_outcome(NodeId(d3[1]), Some(back));
            groups[1].push(NodeId(d3[0]));
            groups[2].push(NodeId(d3[1]));
        }
    }
    (b.finish(), groups)
}

/// The cut-point equilibrium of the continuous crisis (normal shocks), by
/// hand, as `(status quo, war, back down)`: 1 fights iff e1 > -a - W1, so
/// f = Phi(a + W1). If every type challenges (a = 0: challenging pays at
/// least (1 - r) + r max(W1 + e1, -a) > 0), 2 resists iff
/// f (W2 + e2) + (1 - f) B2 > 0, r = Phi(W2 + (1 - f) B2 / f). If all
/// challengers fight (a = 2), 2 resists iff W2 + e2 > 0, r = Phi(W2), and 1
/// challenges iff (1 - r) + r (W1 + e1) > 0, i.e. e1 > -W1 - (1 - r) / r.
/// (brink-crisis's `shocks_oracle` test holds an independent cut-point
/// solver to these to 1e-9, and the crisis language's solver to that one.)
fn crisis_closed_form(a: f64) -> [f64; 3] {
    let phi = |x: f64| Normal::new(0.0, 1.0).unwrap().cdf(x);
    let (w1, w2, b2) = (-0.5, -0.3, 0.5);
    let f = phi(a + w1);
    if a == 0.0 {
        let r = phi(w2 + (1.0 - f) * b2 / f);
        [0.0, r * f, r * (1.0 - f)]
    } else {
        let r = phi(w2);
        let sq = phi(-w1 - (1.0 - r) / r);
        [sq, (1.0 - sq) * r, 0.0]
    }
}

/// The discretised crisis, solved as a sequential equilibrium of a finite
/// game, agrees with the cut-point solution of the continuous one (and with
/// the numbers) up to the discretisation error.
#[test]
fn discretised_crisis_agrees_with_cut_points() {
    // The error of a K-point discretisation is of order 1/K in each
    // probability (one type's mass at each cut-point, amplified by the
    // responses), which bounds the comparison.
    const K: usize = 48;
    for a in [0.0, 2.0] {
        let exact = crisis_closed_form(a);
        let (g, groups) = crisis_discrete(a, K);
        let s = sequential(&g, &LogitOptions::default()).expect("sequential");
        let reach = brink_game::regret::reach(&g, &s.solution.profile_f64().probs, None);
        let prob = |nodes: &Vec<NodeId>| nodes.iter().map(|n| reach[n.index()]).sum::<f64>();
        for (k, label) in ["status quo", "war", "back down"].iter().enumerate() {
            let (d, c) = (prob(&groups[k]), exact[k]);
            eprintln!("a = {a}, {label}: discretised {d}, cut-points {c}");
            assert!(
                (d - c).abs() < 1.0 / K as f64,
                "a = {a}, {label}: discretised {d}, cut-points {c}"
            );
        }
    }
}
