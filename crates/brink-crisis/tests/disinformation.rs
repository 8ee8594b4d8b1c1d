//! The founding crisis's disinformation (S11): public signals about
//! whether the alliance is divided, wrong with probability `disinfo`. Russia
//! reads them through its own prior; pure noise tells it nothing, accurate
//! signals tell it the truth, and the "no disinformation" lever changes war.

use brink_crisis::solve::Equilibrium;
use brink_crisis::{compile, solve_game, CompiledGame, Method, Scenario};

fn solved(disinfo: f64) -> (CompiledGame, Equilibrium) {
    let s = Scenario::from_library("founding-crisis")
        .unwrap()
        .with_overrides(&[("disinfo".into(), disinfo)])
        .unwrap();
    let cg = compile(&s).unwrap();
    let eq = solve_game(&cg, Method::Auto).unwrap();
    assert!(
        eq.converged,
        "disinfo={disinfo}: regret {:e}",
        eq.max_regret()
    );
    (cg, eq)
}

/// Probability of `action` at the information set labelled `label`.
fn prob(cg: &CompiledGame, eq: &Equilibrium, label: &str, action: &str) -> f64 {
    let (k, info) = cg
        .game
        .infosets()
        .iter()
        .enumerate()
        .find(|(_, i)| i.label == label)
        .unwrap_or_else(|| panic!("no information set `{label}`"));
    let a = info.actions.iter().position(|x| x.label == action).unwrap();
    eq.behavior[k][a]
}

#[test]
fn the_no_disinformation_lever_changes_the_outcome() {
    let r = brink_crisis::run("founding-crisis", &[], Method::Auto).unwrap();
    let lever = r
        .levers
        .iter()
        .find(|l| l.name == "no disinformation")
        .unwrap();
    assert!(lever.converged && r.converged);
    assert!(
        (lever.p_war - r.p_war()).abs() > 1e-3,
        "P(war) {} vs {} without disinformation",
        r.p_war(),
        lever.p_war
    );
}

#[test]
fn russia_reads_the_signal_only_when_it_carries_something() {
    let demands = |signal: &str| format!("after RUS build_up, signal chance {signal}, chance calm");
    // Pure noise: the same demands whatever the signal says.
    let (cg, eq) = solved(0.5);
    let (d, u) = (
        prob(&cg, &eq, &demands("divided"), "radical"),
        prob(&cg, &eq, &demands("united"), "radical"),
    );
    assert!((d - u).abs() < 1e-9, "{d} vs {u}");
    // Accurate: a divided alliance, seen for what it is, draws radical
    // demands from more types than a united one.
    let (cg, eq) = solved(0.0);
    let (d, u) = (
        prob(&cg, &eq, &demands("divided"), "radical"),
        prob(&cg, &eq, &demands("united"), "radical"),
    );
    assert!(d > u + 0.01, "{d} vs {u}");
}
