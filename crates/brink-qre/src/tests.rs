//! Unit tests: the closed-form Jacobians against finite differences (here,
//! and only here, as the oracle), and small games with closed-form answers.

use super::*;
use crate::agent::AgentSystem;
use crate::strategic::StrategicSystem;
use brink_game::{
    Action, ExtensiveGame, GameBuilder, NodeId, Outcome, Owner, Rational, StrategicGame,
};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn q(x: i64) -> Rational {
    Rational::from_integer(x.into())
}

fn act(l: &str) -> Action {
    Action {
        label: l.into(),
        prob: None,
    }
}

fn random_strategic(shape: &[usize], seed: u64) -> StrategicGame {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let cells: usize = shape.iter().product();
    let payoffs = (0..cells)
        .map(|_| (0..shape.len()).map(|_| q(rng.gen_range(-9..10))).collect())
        .collect();
    StrategicGame::from_payoffs(
        "random",
        (0..shape.len()).map(|i| format!("P{i}")).collect(),
        shape
            .iter()
            .map(|&k| (0..k).map(|j| format!("s{j}")).collect())
            .collect(),
        payoffs,
    )
}

/// A random two-stage game with chance, imperfect information and perfect
/// recall: chance picks a type seen by player 0, who moves; player 1 sees the
/// move only, then player 0 moves again knowing everything so far.
fn random_signalling(seed: u64) -> ExtensiveGame {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = GameBuilder::new("signal", vec!["S".into(), "R".into()]);
    let c = b.add_infoset(
        Owner::Chance,
        1,
        "",
        vec![
            Action {
                label: "t1".into(),
                prob: Some(Rational::new(1.into(), 3.into())),
            },
            Action {
                label: "t2".into(),
                prob: Some(Rational::new(2.into(), 3.into())),
            },
        ],
    );
    let s: Vec<_> = (0..2)
        .map(|t| {
            b.add_infoset(
                Owner::Player(0),
                t + 1,
                "",
                vec![act("a"), act("b"), act("c")],
            )
        })
        .collect();
    let r: Vec<_> = (0..3)
        .map(|m| b.add_infoset(Owner::Player(1), m + 1, "", vec![act("x"), act("y")]))
        .collect();
    let types: Vec<u32> = b.set_move(b.root(), c).unwrap().collect();
    let mut num = 3;
    for (t, &tn) in types.iter().enumerate() {
        let msgs: Vec<u32> = b.set_move(NodeId(tn), s[t]).unwrap().collect();
        for (m, &mn) in msgs.iter().enumerate() {
            let resp: Vec<u32> = b.set_move(NodeId(mn), r[m]).unwrap().collect();
            for &rn in &resp {
                let last = b.add_infoset(Owner::Player(0), num, "", vec![act("u"), act("d")]);
                num += 1;
                let leaves: Vec<u32> = b.set_move(NodeId(rn), last).unwrap().collect();
                for &l in &leaves {
                    let o = b.add_outcome(Outcome::new(
                        "",
                        vec![q(rng.gen_range(-5..6)), q(rng.gen_range(-5..6))],
                    ));
                    b.set_outcome(NodeId(l), Some(o));
                }
            }
        }
    }
    b.finish()
}

fn check_jacobian<S: path::QreSystem>(sys: &S, y: &[f64]) {
    let m = sys.dim();
    let n = m + 1;
    let mut jac = vec![0.0; m * n];
    sys.jacobian(y, &mut jac);
    let (mut hp, mut hm) = (vec![0.0; m], vec![0.0; m]);
    for var in 0..n {
        let eps = 1e-6;
        let mut yp = y.to_vec();
        let mut ym = y.to_vec();
        yp[var] += eps;
        ym[var] -= eps;
        sys.eval(&yp, &mut hp);
        sys.eval(&ym, &mut hm);
        for eq in 0..m {
            let fd = (hp[eq] - hm[eq]) / (2.0 * eps);
            let exact = jac[eq * n + var];
            assert!(
                (fd - exact).abs() < 1e-5 * (1.0 + exact.abs()),
                "eq {eq} var {var}: {fd} vs {exact}"
            );
        }
    }
}

fn random_point(m: usize, seed: u64) -> Vec<f64> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut y: Vec<f64> = (0..m).map(|_| rng.gen_range(-3.0..0.0)).collect();
    y.push(rng.gen_range(0.0..4.0));
    y
}

#[test]
fn strategic_jacobian_is_exact() {
    for (i, shape) in [[2usize, 3, 0], [3, 2, 2], [4, 4, 0]].iter().enumerate() {
        let shape: Vec<usize> = shape.iter().copied().filter(|&k| k > 0).collect();
        let g = random_strategic(&shape, i as u64);
        let sys = StrategicSystem::new(&g, 0.1);
        check_jacobian(&sys, &random_point(sys.dim(), 10 + i as u64));
    }
}

#[test]
fn agent_jacobian_is_exact() {
    for seed in 0..4 {
        let g = random_signalling(seed);
        let sys = AgentSystem::new(&g, 0.1);
        check_jacobian(&sys, &random_point(sys.dim(), 100 + seed));
    }
}

/// Player 1 gets (2, 0, 0, 1) and player 2 (0, 1, 1, 0): the unique
/// equilibrium is p = (1/2, 1/2), q = (1/3, 2/3).
fn two_by_two() -> Game {
    Game::Strategic(StrategicGame::from_payoffs(
        "2x2",
        vec!["1".into(), "2".into()],
        vec![vec!["a".into(), "b".into()], vec!["a".into(), "b".into()]],
        vec![
            vec![q(2), q(0)],
            vec![q(0), q(1)],
            vec![q(0), q(1)],
            vec![q(1), q(0)],
        ],
    ))
}

#[test]
fn unique_mixed_equilibrium_is_the_limit() {
    let g = two_by_two();
    let r = logit(&g, &LogitOptions::default()).unwrap();
    let p = r.solution.profile_f64().probs;
    assert!((p[0][0] - 0.5).abs() < 1e-6, "{p:?}");
    assert!((p[1][0] - 1.0 / 3.0).abs() < 1e-6, "{p:?}");
    assert!(r.solution.regret_f64() <= 1e-8 * 2.0);
}

#[test]
fn qre_at_lambda_is_a_fixed_point_of_the_logit_response() {
    let g = two_by_two();
    for lambda in [0.0, 0.5, 3.0, 40.0] {
        let r = qre_at(&g, lambda).unwrap();
        assert_eq!(r.lambda, lambda);
        let p = r.solution.profile_f64().probs;
        // Logit responses computed by hand from the payoffs above.
        let (x, y) = (p[0][0], p[1][0]);
        let p1 = 1.0 / (1.0 + (lambda * ((1.0 - y) - 2.0 * y)).exp());
        let p2 = 1.0 / (1.0 + (lambda * (x - (1.0 - x))).exp());
        assert!(
            (x - p1).abs() < 1e-10 && (y - p2).abs() < 1e-10,
            "lambda {lambda}: {p:?}"
        );
    }
}

#[test]
fn decision_problem_has_the_closed_form() {
    // One player, values 0, 1, 3: p_j = exp(lambda u_j) / sum.
    let g = Game::Strategic(StrategicGame::from_payoffs(
        "one",
        vec!["1".into()],
        vec![vec!["a".into(), "b".into(), "c".into()]],
        vec![vec![q(0)], vec![q(1)], vec![q(3)]],
    ));
    let lambda = 1.7;
    let r = qre_at(&g, lambda).unwrap();
    let z: f64 = [0.0f64, 1.0, 3.0].iter().map(|u| (lambda * u).exp()).sum();
    for (j, u) in [0.0f64, 1.0, 3.0].iter().enumerate() {
        assert!((r.solution.profile_f64().probs[0][j] - (lambda * u).exp() / z).abs() < 1e-12);
    }
}

#[test]
fn entry_game_limit_is_subgame_perfect() {
    let mut b = GameBuilder::new("entry", vec!["E".into(), "I".into()]);
    let e = b.add_infoset(Owner::Player(0), 1, "", vec![act("out"), act("in")]);
    let i = b.add_infoset(Owner::Player(1), 1, "", vec![act("fight"), act("acc")]);
    let kids: Vec<u32> = b.set_move(b.root(), e).unwrap().collect();
    let out = b.add_outcome(Outcome::new("", vec![q(0), q(2)]));
    b.set_outcome(NodeId(kids[0]), Some(out));
    let grand: Vec<u32> = b.set_move(NodeId(kids[1]), i).unwrap().collect();
    let fight = b.add_outcome(Outcome::new("", vec![q(-1), q(-1)]));
    let acc = b.add_outcome(Outcome::new("", vec![q(1), q(1)]));
    b.set_outcome(NodeId(grand[0]), Some(fight));
    b.set_outcome(NodeId(grand[1]), Some(acc));
    let g = b.finish();
    let r = logit(&Game::Extensive(g.clone()), &LogitOptions::default()).unwrap();
    let p = r.solution.profile_f64().probs;
    assert!(p[0][1] > 0.999 && p[1][1] > 0.999, "{p:?}");
    let s = sequential(&g, &LogitOptions::default()).unwrap();
    assert!(s.check.passes(1e-7, 1e-9));
}

#[test]
fn random_games_reach_the_bound() {
    for seed in 0..6 {
        let g = Game::Extensive(random_signalling(seed));
        let r = logit(&g, &LogitOptions::default()).unwrap();
        assert!(r.solution.regret_f64() <= 1e-8 * payoff_range(&g));
        let g = Game::Strategic(random_strategic(&[3, 3, 2], seed));
        let r = logit(&g, &LogitOptions::default()).unwrap();
        assert!(r.solution.regret_f64() <= 1e-8 * payoff_range(&g));
    }
}

#[test]
fn bad_options_are_errors() {
    let g = two_by_two();
    for opts in [
        LogitOptions {
            max_regret: 0.0,
            ..Default::default()
        },
        LogitOptions {
            max_regret: f64::NAN,
            ..Default::default()
        },
        LogitOptions {
            max_lambda: -1.0,
            ..Default::default()
        },
        LogitOptions {
            max_accel: 0.5,
            ..Default::default()
        },
    ] {
        assert!(logit(&g, &opts).is_err());
    }
    assert!(qre_at(&g, -1.0).is_err());
    assert!(qre_at(&g, f64::INFINITY).is_err());
    // A stall is an error, not an equilibrium.
    let err = logit(
        &g,
        &LogitOptions {
            max_lambda: 0.5,
            ..Default::default()
        },
    )
    .unwrap_err();
    assert!(err.to_string().contains("lambda"), "{err}");
}

#[test]
fn path_and_beliefs_render() {
    let g = two_by_two();
    let r = qre_at_with(
        &g,
        2.0,
        &LogitOptions {
            record_path: true,
            ..Default::default()
        },
    )
    .unwrap();
    assert!(r.path.len() > 2 && r.path[0].lambda == 0.0);
    assert_eq!(r.path.last().unwrap().lambda, 2.0);
    let csv = path_to_csv(&g, &r.path);
    let mut lines = csv.lines();
    assert_eq!(lines.next(), Some("lambda,1:a,1:b,2:a,2:b"));
    assert_eq!(lines.count(), r.path.len());
    let json = path_to_json(&g, &r.path);
    assert_eq!(json["points"].as_array().unwrap().len(), r.path.len());
    assert_eq!(json["columns"][3], "2:b");

    let eg = random_signalling(3);
    let s = sequential(&eg, &LogitOptions::default()).unwrap();
    let b = beliefs_to_json(&eg, &s.beliefs);
    let sets = b["infosets"].as_array().unwrap();
    assert_eq!(
        sets.len(),
        eg.infosets()
            .iter()
            .filter(|i| i.owner != Owner::Chance)
            .count()
    );
    for set in sets {
        let total: f64 = set["members"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| m["belief"].as_f64().unwrap())
            .sum();
        assert!((total - 1.0).abs() < 1e-9);
    }
}

/// A random game where player 0 forgets: chance moves, player 0 sees it and
/// moves, player 1 moves without seeing either, and player 0 moves again
/// having forgotten both chance and their own first move (one set across all
/// of its nodes), then player 1 once more seeing only player 0's last move.
/// Player 0's first move shifts the beliefs at the forgetful set and its
/// value there depends on player 0's own second choice: the terms that
/// cancel under perfect recall.
fn random_forgetful(seed: u64) -> ExtensiveGame {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = GameBuilder::new("forget", vec!["F".into(), "O".into()]);
    let half = || Some(Rational::new(1.into(), 2.into()));
    let c = b.add_infoset(
        Owner::Chance,
        1,
        "",
        vec![
            Action {
                label: "h".into(),
                prob: half(),
            },
            Action {
                label: "t".into(),
                prob: half(),
            },
        ],
    );
    let first: Vec<_> = (0..2)
        .map(|t| b.add_infoset(Owner::Player(0), t + 1, "", vec![act("a"), act("b")]))
        .collect();
    let blind = b.add_infoset(Owner::Player(1), 1, "", vec![act("x"), act("y"), act("z")]);
    let forgot = b.add_infoset(Owner::Player(0), 3, "", vec![act("u"), act("d")]);
    let seen: Vec<_> = (0..2)
        .map(|k| b.add_infoset(Owner::Player(1), k + 2, "", vec![act("l"), act("r")]))
        .collect();
    for (t, &tn) in b
        .set_move(b.root(), c)
        .unwrap()
        .collect::<Vec<_>>()
        .iter()
        .enumerate()
    {
        for &an in &b
            .set_move(NodeId(tn), first[t])
            .unwrap()
            .collect::<Vec<_>>()
        {
            for &xn in &b.set_move(NodeId(an), blind).unwrap().collect::<Vec<_>>() {
                let last: Vec<u32> = b.set_move(NodeId(xn), forgot).unwrap().collect();
                for (k, &un) in last.iter().enumerate() {
                    for &l in &b.set_move(NodeId(un), seen[k]).unwrap().collect::<Vec<_>>() {
                        let o = b.add_outcome(Outcome::new(
                            "",
                            vec![q(rng.gen_range(-5..6)), q(rng.gen_range(-5..6))],
                        ));
                        b.set_outcome(NodeId(l), Some(o));
                    }
                }
            }
        }
    }
    b.finish()
}

/// A random game with absent-mindedness: player 0's set is met up to three
/// times on one path, with a move of player 1 (who sees nothing) and a chance
/// move between, so that the set's own actions move both its beliefs and the
/// continuation values below it.
fn random_absent_minded(seed: u64) -> ExtensiveGame {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut b = GameBuilder::new("am", vec!["A".into(), "O".into()]);
    let third = || Some(Rational::new(1.into(), 3.into()));
    let am = b.add_infoset(Owner::Player(0), 1, "", vec![act("e"), act("c"), act("w")]);
    let other = b.add_infoset(Owner::Player(1), 1, "", vec![act("x"), act("y")]);
    let c = b.add_infoset(
        Owner::Chance,
        1,
        "",
        vec![
            Action {
                label: "s".into(),
                prob: third(),
            },
            Action {
                label: "f".into(),
                prob: Some(Rational::new(2.into(), 3.into())),
            },
        ],
    );
    let mut pay = |b: &mut GameBuilder, n: u32| {
        let o = b.add_outcome(Outcome::new(
            "",
            vec![q(rng.gen_range(-5..6)), q(rng.gen_range(-5..6))],
        ));
        b.set_outcome(NodeId(n), Some(o));
    };
    let top: Vec<u32> = b.set_move(b.root(), am).unwrap().collect();
    pay(&mut b, top[0]);
    // Continue: player 1 moves, then the driver is back at the same set.
    for &yn in &b
        .set_move(NodeId(top[1]), other)
        .unwrap()
        .collect::<Vec<_>>()
    {
        let again: Vec<u32> = b.set_move(NodeId(yn), am).unwrap().collect();
        pay(&mut b, again[0]);
        pay(&mut b, again[2]);
        let third: Vec<u32> = b.set_move(NodeId(again[1]), am).unwrap().collect();
        for &t in &third {
            pay(&mut b, t);
        }
    }
    // Wait: chance, then the same set once more on one branch.
    let ch: Vec<u32> = b.set_move(NodeId(top[2]), c).unwrap().collect();
    pay(&mut b, ch[0]);
    for &t in &b.set_move(NodeId(ch[1]), am).unwrap().collect::<Vec<_>>() {
        pay(&mut b, t);
    }
    b.finish()
}

#[test]
fn agent_jacobian_is_exact_without_perfect_recall() {
    for seed in 0..4 {
        let g = random_forgetful(seed);
        assert!(g.check_perfect_recall().is_err());
        let sys = AgentSystem::new(&g, 0.1);
        check_jacobian(&sys, &random_point(sys.dim(), 200 + seed));
        let g = random_absent_minded(seed);
        assert!(g.check_perfect_recall().is_err());
        let sys = AgentSystem::new(&g, 0.1);
        check_jacobian(&sys, &random_point(sys.dim(), 300 + seed));
    }
}

/// Every corpus tree without perfect recall (absent-minded ones included).
#[test]
fn agent_jacobian_is_exact_on_corpus_games_without_perfect_recall() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/gambit");
    let mut stack = vec![std::path::PathBuf::from(root)];
    let mut checked = 0;
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("corpus directory") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
                continue;
            }
            if p.extension().is_none_or(|x| x != "efg") {
                continue;
            }
            let Ok(Game::Extensive(g)) = brink_gambit::read_game_file(&p) else {
                continue;
            };
            if g.check_perfect_recall().is_ok() || g.num_nodes() > 2000 {
                continue;
            }
            let sys = AgentSystem::new(&g, 1.0 / payoff_range(&Game::Extensive(g.clone())));
            check_jacobian(&sys, &random_point(sys.dim(), checked));
            checked += 1;
        }
    }
    assert!(checked >= 15, "only {checked} corpus games checked");
}

/// pygambit's agent QREs at fixed lambdas on the corpus games without
/// perfect recall (scripts/qre_imperfect_recall_fixtures.py) solve our
/// equations: Gambit values actions as we do, absent-minded sets included.
/// (Its branch and ours may part at a bifurcation, so the points are checked
/// as solutions rather than against our trace.)
#[test]
fn pygambit_qres_solve_the_agent_system_without_perfect_recall() {
    let root = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata/");
    let mut rows =
        csv::Reader::from_path(format!("{root}fixtures/logit/imperfect_recall_lambda.csv"))
            .expect("fixture");
    let mut checked = 0;
    for row in rows.records() {
        let row = row.expect("row");
        let path = format!("{root}gambit/{}", &row[0]);
        let Ok(Game::Extensive(g)) = brink_gambit::read_game_file(std::path::Path::new(&path))
        else {
            panic!("{path}: unreadable");
        };
        let lambda: f64 = row[1].parse().expect("lambda");
        let probs: Vec<f64> = row[2].split(';').map(|x| x.parse().expect("p")).collect();
        let sys = AgentSystem::new(&g, 1.0);
        // pygambit lists player sets in Gambit's order, player by player.
        let mut y = vec![0.0; sys.dim() + 1];
        let mut k = 0;
        for p in 0..g.num_players() {
            for iset in g.player_infosets(p) {
                let o = sys.var[iset.index()].expect("player set");
                for a in 0..g.infoset(*iset).actions.len() {
                    y[o + a] = probs[k].max(1e-300).ln();
                    k += 1;
                }
            }
        }
        assert_eq!(k, probs.len(), "{}", &row[0]);
        y[sys.dim()] = lambda;
        let mut h = vec![0.0; sys.dim()];
        sys.eval(&y, &mut h);
        let worst = h.iter().fold(0.0f64, |m, x| m.max(x.abs()));
        // pygambit's corrector stops at steps of 1e-4 in log-probabilities.
        assert!(
            worst < 1e-3,
            "{} at {lambda}: residual {worst:.3e}",
            &row[0]
        );
        checked += 1;
    }
    assert!(checked >= 30, "only {checked} points");
}

#[test]
fn a_cancelled_token_stops_the_trace_at_its_next_step() {
    let g = two_by_two();
    let Game::Strategic(sg) = &g else {
        unreachable!()
    };
    let sys = StrategicSystem::new(sg, 1.0 / payoff_range(&g));
    let cancel = Cancel::new();
    let tuning = |cancel| path::Tuning {
        first_step: 0.03,
        max_accel: 1.5,
        max_lambda: 1e12,
        cancel,
    };
    let whole = path::trace(&sys, tuning(None), Target::Regret(1e-8), |_| {});
    assert!(whole.reached && whole.steps > 2, "{} steps", whole.steps);
    // The start, then two accepted steps, are visited before the token is cancelled.
    let mut visits = 0;
    let cut = path::trace(&sys, tuning(Some(&cancel)), Target::Regret(1e-8), |_| {
        visits += 1;
        if visits == 3 {
            cancel.cancel();
        }
    });
    assert_eq!((cut.reached, cut.steps), (false, 2));
    assert_eq!(cut.reason, "cancelled");
    // Every entry point answers Cancelled rather than the point reached.
    let opts = LogitOptions {
        cancel: Some(cancel),
        ..Default::default()
    };
    let tree = random_signalling(0);
    for r in [
        logit(&g, &opts).map(|_| ()),
        trace_logit(&g, &opts).map(|_| ()),
        qre_at_with(&g, 2.0, &opts).map(|_| ()),
        sequential(&tree, &opts).map(|_| ()),
    ] {
        assert!(matches!(r, Err(SolveError::Cancelled)), "{r:?}");
    }
}
