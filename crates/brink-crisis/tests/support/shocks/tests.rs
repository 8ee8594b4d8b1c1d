//! The crisis game of issue 3 with its closed-form answers (derived in
//! `crisis_closed_form` below, independently of the solver).

use super::*;
use statrs::distribution::{ContinuousCDF, Normal};

fn crisis(a: f64) -> ShockGame {
    ShockGame::audience_cost_crisis(a)
}

/// By hand: 1 fights iff e1 > -a - W1, so f = Phi(a + W1). If every type
/// challenges (a = 0: challenging pays at least (1 - r) + r max(W1 + e1, -a) > 0),
/// 2 resists iff f (W2 + e2) + (1 - f) B2 > 0, r = Phi(W2 + (1 - f) B2 / f).
/// If all challengers fight (a = 2), 2 resists iff W2 + e2 > 0, r = Phi(W2),
/// and 1 challenges iff (1 - r) + r (W1 + e1) > 0, i.e. e1 > -W1 - (1 - r) / r.
fn crisis_closed_form(a: f64) -> (f64, f64, f64) {
    let phi = |x: f64| Normal::new(0.0, 1.0).unwrap().cdf(x);
    let (w1, w2, b2) = (-0.5, -0.3, 0.5);
    let f = phi(a + w1);
    if a == 0.0 {
        let r = phi(w2 + (1.0 - f) * b2 / f);
        (0.0, r * f, r * (1.0 - f)) // (status quo, war, back down)
    } else {
        let r = phi(w2);
        let sq = phi(-w1 - (1.0 - r) / r);
        (sq, (1.0 - sq) * r, 0.0)
    }
}

#[test]
fn crisis_matches_the_issue_and_the_closed_form() {
    let s = solve_shocks(&crisis(0.0), &ShockOptions::default()).unwrap();
    let g = crisis(0.0);
    assert!((s.outcome_prob(&g, "war") - 0.2450).abs() < 5e-5);
    assert!((s.outcome_prob(&g, "back down") - 0.5491).abs() < 5e-5);
    assert!(
        s.outcome_prob(&g, "status quo") < 1e-12,
        "every type challenges"
    );
    let (_, war, back) = crisis_closed_form(0.0);
    assert!((s.outcome_prob(&g, "war") - war).abs() < 1e-9);
    assert!((s.outcome_prob(&g, "back down") - back).abs() < 1e-9);

    let g = crisis(2.0);
    let s = solve_shocks(&g, &ShockOptions::default()).unwrap();
    assert!((s.outcome_prob(&g, "war") - 0.3317).abs() < 5e-5);
    assert!((s.outcome_prob(&g, "status quo") - 0.1320).abs() < 5e-5);
    assert!(s.outcome_prob(&g, "back down") < 1e-12, "nobody backs down");
    let (sq, war, _) = crisis_closed_form(2.0);
    assert!((s.outcome_prob(&g, "war") - war).abs() < 1e-9);
    assert!((s.outcome_prob(&g, "status quo") - sq).abs() < 1e-9);
    // Cut-points: 1 challenges iff e1 is above one threshold.
    assert_eq!(s.choice_sets[0][1].len(), 1);
    assert_eq!(s.choice_sets[0][1][0].1, f64::INFINITY);
}

#[test]
fn envelope_finds_crossings() {
    // max(x, -x, 1) has cuts at -1 and 1.
    let fs = [Pl::line(1.0, 0.0), Pl::line(-1.0, 0.0), Pl::line(0.0, 1.0)];
    let (env, owners) = Pl::envelope(&fs);
    assert_eq!(owners, vec![1, 2, 0]);
    assert!((env.cuts[0] + 1.0).abs() < 1e-12 && (env.cuts[1] - 1.0).abs() < 1e-12);
}

#[test]
fn malformed_games_are_errors() {
    let mut g = crisis(0.0);
    g.shocks.pop();
    assert!(solve_shocks(&g, &ShockOptions::default()).is_err());
    let mut g = crisis(0.0);
    g.shocks[0] = Shock::Logistic(0.0);
    assert!(solve_shocks(&g, &ShockOptions::default()).is_err());
    let mut g = crisis(0.0);
    if let ShockNode::Decision { actions, .. } = &mut g.nodes[0] {
        actions[1].1 = 0;
    }
    assert!(solve_shocks(&g, &ShockOptions::default()).is_err());
}

#[test]
fn logistic_and_uniform_shocks_solve() {
    for shock in [Shock::Logistic(0.6), Shock::Uniform(2.0)] {
        let mut g = crisis(0.5);
        g.shocks = vec![shock, shock];
        let s = solve_shocks(&g, &ShockOptions::default()).unwrap();
        let total: f64 = ["status quo", "concede", "war", "back down"]
            .iter()
            .map(|l| s.outcome_prob(&g, l))
            .sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(s.residual < 1e-9);
    }
}
