//! `solve_many` (`brink run --all`): other equilibria from seeded starts.

mod common;
use brink_crisis::solve::solve_many;
use brink_crisis::{compile, solve_all, Method, Scenario};
use common::outcome;

/// Two allies mobilise without seeing each other: mobilising together is
/// worth 4 each, holding 3 whatever the other does, mobilising alone 0. The
/// pure equilibria are both holding (the default's selection from the
/// uniform profile, where mobilising is worth 2) and both mobilising.
const STAG: &str = r#"
model stag-hunt
player A
player B
outcome both
outcome alone
outcome none
game: A chooses private {
  mobilise: B chooses { mobilise: end both (A: 4, B: 4)  hold: end alone (A: 0, B: 3) }
  hold: B chooses { mobilise: end alone (A: 3, B: 0)  hold: end none (A: 3, B: 3) }
}
"#;

#[test]
fn seeded_starts_find_the_other_pure_equilibrium_of_a_stag_hunt() {
    let cg = compile(&Scenario::parse("stag.crisis", STAG).unwrap()).unwrap();
    let found = solve_many(&cg, 1000, 32, 1);
    assert!(found.iter().all(|e| e.converged));
    assert!((outcome(&cg, &found[0], "none") - 1.0).abs() < 1e-12);
    assert!(
        found
            .iter()
            .any(|e| (outcome(&cg, e, "both") - 1.0).abs() < 1e-12),
        "{} found",
        found.len()
    );
    // The same seed finds the same equilibria.
    let again = solve_many(&cg, 1000, 32, 1);
    assert_eq!(found.len(), again.len());
    for (a, b) in found.iter().zip(&again) {
        assert_eq!(a.behavior, b.behavior);
    }
    // The report lists the others beside the default.
    let r = solve_all(
        &Scenario::parse("stag.crisis", STAG).unwrap(),
        Method::Auto,
        32,
        1,
    )
    .unwrap();
    assert_eq!(r.starts, 32);
    assert_eq!(r.others.len(), found.len() - 1);
    assert!(r
        .to_text()
        .contains("other equilibria found from 32 seeded starts"));
}

#[test]
fn the_search_reports_each_start_and_stops_when_cancelled() {
    use brink_crisis::{solve_all_watched, ErrorKind};
    use brink_game::{Cancel, Watch};
    use std::sync::Mutex;
    let s = Scenario::parse("stag.crisis", STAG).unwrap();
    let seen = Mutex::new(Vec::new());
    let progress = |task: &str, done: u64, total: Option<u64>| {
        seen.lock().unwrap().push((task.to_string(), done, total));
    };
    let r = solve_all_watched(&s, Method::Auto, 8, 1, &Watch::reporting(&progress)).unwrap();
    assert_eq!(r.starts, 8);
    let seen = seen.into_inner().unwrap();
    assert_eq!(
        seen.last(),
        Some(&("starts".to_string(), 8, Some(8))),
        "{seen:?}"
    );
    let cancel = Cancel::new();
    cancel.cancel();
    let quiet = |_: &str, _: u64, _: Option<u64>| {};
    let e = solve_all_watched(&s, Method::Auto, 8, 1, &Watch::new(&quiet, &cancel)).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
}
