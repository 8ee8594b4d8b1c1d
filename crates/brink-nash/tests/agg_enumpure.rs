//! `enumpure` on action-graph games from the graph, against pygambit
//! 16.7.0's `enumpure_solve` on the same files (`testdata/fixtures/agg`,
//! written by `scripts/agg_fixtures.py`) and against our own enumpure on the
//! expanded strategic form.

use brink_gambit::read_agg;
use brink_game::{Game, Solution};
use brink_nash::enumpure::{enumpure, enumpure_agg};
use num_traits::Zero;
use serde_json::Value;
use std::path::Path;

const ROOT: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../testdata");

/// The strategy each agent plays in a pure profile.
fn pure_indices(s: &Solution) -> Vec<usize> {
    s.profile_f64()
        .probs
        .iter()
        .map(|p| p.iter().position(|&x| x == 1.0).expect("pure"))
        .collect()
}

#[test]
fn equilibria_match_pygambit_and_the_strategic_form() {
    let mut dir: Vec<_> = std::fs::read_dir(Path::new(ROOT).join("fixtures/agg"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    dir.sort();
    let mut compared = 0;
    for path in dir {
        let f: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
        let rel = f["file"].as_str().unwrap();
        let text = std::fs::read_to_string(Path::new(ROOT).join(rel)).unwrap();
        let agg = read_agg(&text, rel).unwrap();
        let native = enumpure_agg(&agg).unwrap();
        for s in &native {
            match s {
                Solution::Exact { regret, .. } => assert!(regret.is_zero(), "{rel}"),
                Solution::Float { .. } => panic!("exact"),
            }
        }
        let ours: Vec<Vec<usize>> = native.iter().map(pure_indices).collect();
        // Our enumpure on the strategic form: the same list, in the same order.
        let expanded = Game::Strategic(agg.to_strategic(brink_gambit::MAX_AGG_PROFILES).unwrap());
        let table: Vec<Vec<usize>> = enumpure(&expanded)
            .unwrap()
            .iter()
            .map(pure_indices)
            .collect();
        assert_eq!(ours, table, "{rel}");
        if let Some(want) = f.get("enumpure") {
            let want: Vec<Vec<usize>> = serde_json::from_value(want.clone()).unwrap();
            assert_eq!(ours, want, "{rel}");
            compared += 1;
        }
    }
    assert_eq!(compared, 9);
}

/// Gambit's `test_enumpure_11`: the three equilibria it lists, in its order.
#[test]
fn gambit_test_enumpure_11() {
    let text = std::fs::read_to_string(
        Path::new(ROOT).join("gambit/tests/test_games/Bayesian-Coffee-3-2-2-3.bagg"),
    )
    .unwrap();
    let agg = read_agg(&text, "coffee.bagg").unwrap();
    let found: Vec<Vec<usize>> = enumpure_agg(&agg)
        .unwrap()
        .iter()
        .map(pure_indices)
        .collect();
    assert_eq!(
        found,
        vec![
            vec![1, 0, 0, 0, 0, 0],
            vec![0, 0, 1, 0, 0, 0],
            vec![0, 0, 0, 0, 1, 0],
        ]
    );
}
