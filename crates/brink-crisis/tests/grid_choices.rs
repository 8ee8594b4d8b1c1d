//! Continuous choices on a grid (`in [lo, hi] grid n`): by a player with a
//! private type, and later in the tree, each against a hand-derived answer.

use brink_crisis::{run, Method};
use statrs::distribution::{ContinuousCDF, Normal};

#[test]
fn a_typed_challenger_chooses_its_demand_on_a_grid() {
    // D accepts a demand x iff 1 - x >= 0.35, so x <= 0.65: on the grid of
    // tenths, 0.6. A challenger with resolve r prefers war (-0.5 + r) to
    // 0.6 iff r > 1.1, and then demands more than D accepts.
    let src = r#"
model demand-grid
param d_war = 0.35
player C { private r ~ normal(0, 1) }
player D
outcome deal
outcome war
game: C chooses demand in [0, 1] grid 11 then D chooses {
  accept: end deal (C: demand, D: 1 - demand)
  fight: end war (C: -0.5 + r, D: d_war)
}
"#;
    let path = std::env::temp_dir().join(format!("grid-{}.crisis", std::process::id()));
    std::fs::write(&path, src).unwrap();
    let r = run(path.to_str().unwrap(), &[], Method::Auto).unwrap();
    std::fs::remove_file(&path).ok();
    assert!(r.converged, "regret {:e}", r.regret);
    let war = 1.0 - Normal::new(0.0, 1.0).unwrap().cdf(1.1);
    assert!(
        (r.outcome("war") - war).abs() < 1e-9,
        "{}",
        r.outcome("war")
    );
    // The cut-point at the root, as numbers: types below 1.1 demand 0.6.
    let cuts = &r.strategy[0].infosets[0].cuts;
    assert_eq!(cuts[0].type_from, None);
    assert!((cuts[0].type_to.unwrap() - 1.1).abs() < 1e-9, "{cuts:?}");
    assert_eq!(cuts[0].action, "demand=0.6", "{cuts:?}");
}

#[test]
fn a_counter_offer_later_in_the_tree_is_chosen_on_a_grid() {
    // Two rounds of alternating offers, the second worth delta = 0.6: B can
    // demand everything in round 2 (A accepts any y, ties to `accept`), so B
    // accepts x in round 1 iff 1 - x >= 0.6, and A demands 0.4.
    let src = r#"
model two-rounds
param delta = 0.6
player A
player B
outcome deal
outcome breakdown
game: A chooses x in [0, 1] grid 21 then B chooses {
  accept: end deal (A: x, B: 1 - x)
  reject: B chooses y in [0, 1] grid 21 then A chooses {
    accept: end deal (A: delta * (1 - y), B: delta * y)
    reject: end breakdown
  }
}
"#;
    let path = std::env::temp_dir().join(format!("rounds-{}.crisis", std::process::id()));
    std::fs::write(&path, src).unwrap();
    let r = run(path.to_str().unwrap(), &[], Method::Auto).unwrap();
    std::fs::remove_file(&path).ok();
    assert!(r.converged);
    assert!((r.payoffs[0].1 - 0.4).abs() < 1e-12, "{:?}", r.payoffs);
    let first = &r.strategy[0].infosets[0].actions;
    let chosen = first.iter().find(|(_, p)| *p > 0.5).unwrap();
    assert_eq!(chosen.0, "x=0.4");
}
