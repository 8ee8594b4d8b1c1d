//! Interdependent values: the defender's war payoff depends on the
//! challenger's private strength, against the equilibrium derived by hand.
//!
//! The challenger (strength s ~ N(0, 1)) stays (0) or attacks; the defender
//! resists (challenger -1 + s, defender 0.5 - s) or yields (1, -0.2). If all
//! attacked, the defender would resist (0.5 - E[s] = 0.5 > -0.2); if only
//! the types that profit from war attacked (s > 1), it would yield. So the
//! defender resists with probability r, a challenger attacks iff
//! r (s - 1) + (1 - r) > 0, i.e. s > x = 2 - 1/r, and the defender is
//! indifferent: 0.5 - E[s | s > x] = -0.2, the inverse Mills ratio at x
//! equal to 0.7.

use brink_crisis::{compile, solve_game, Method, Scenario};
use statrs::distribution::{Continuous, ContinuousCDF, Normal};

const SRC: &str = r#"
model interdependent
player C "Challenger" { private s ~ normal(0, 1) }
player D "Defender"
outcome status_quo
outcome concession
outcome war
game: C chooses {
  stay: end status_quo
  attack: D chooses {
    resist: end war (C: -1 + s, D: 0.5 - s)
    yield: end concession (C: 1, D: -0.2)
  }
}
"#;

#[test]
fn the_defender_weighs_the_strength_of_the_challengers_who_attack() {
    let n = Normal::new(0.0, 1.0).unwrap();
    let mills = |x: f64| n.pdf(x) / (1.0 - n.cdf(x));
    let (mut lo, mut hi) = (-3.0, 3.0);
    for _ in 0..200 {
        let m = 0.5 * (lo + hi);
        if mills(m) > 0.7 {
            hi = m;
        } else {
            lo = m;
        }
    }
    let x = 0.5 * (lo + hi);
    let resist = 1.0 / (2.0 - x);

    let cg = compile(&Scenario::parse("i.crisis", SRC).unwrap()).unwrap();
    assert!(cg.interdependent());
    let eq = solve_game(&cg, Method::Auto).unwrap();
    assert!(eq.converged, "regret {:e}", eq.max_regret());
    let cut = eq.pieces[0][1].lo;
    assert!((cut - x).abs() < 1e-8, "cut {cut} against {x}");
    let d = cg.game.player_infosets(1)[0];
    assert!(
        (eq.behavior[d.index()][0] - resist).abs() < 1e-8,
        "{:?}",
        eq.behavior[d.index()]
    );
    // The defender's payoff: it yields or resists at indifference, -0.2 when
    // attacked, 0 otherwise.
    let attacked = 1.0 - n.cdf(x);
    assert!(
        (eq.payoffs[1] - (-0.2 * attacked)).abs() < 1e-8,
        "{:?}",
        eq.payoffs
    );
}

#[test]
fn a_product_of_two_types_is_refused() {
    let bad = SRC.replace("D: 0.5 - s)", "D: 0.5 - s * s)");
    let err = compile(&Scenario::parse("i.crisis", &bad).unwrap()).unwrap_err();
    assert!(
        err.to_string().contains("product of private types"),
        "{err}"
    );
}
