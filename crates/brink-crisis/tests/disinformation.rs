//! The founding crisis's "no disinformation" lever (S11) changes the
//! equilibrium: the public signal about Russia's build-up is read by the
//! others once it can tell a real preparation from a bluff.

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
    let war = |o: &[(String, f64)]| -> f64 {
        o.iter()
            .filter(|(k, _)| k.contains("war"))
            .map(|(_, p)| p)
            .sum()
    };
    let lever = r
        .levers
        .iter()
        .find(|l| l.name == "no disinformation")
        .unwrap();
    let (base, accurate) = (war(&r.outcomes), war(&lever.outcomes));
    assert!(
        (accurate - base).abs() > 1e-3,
        "P(war) {base} vs {accurate} without disinformation"
    );
    // Real preparations, seen for what they are, are met by concessions more
    // often, so the middling types pay for them; resisted, a prepared Russia
    // invades where a bluffing one withdraws: fewer withdrawals, more war.
    assert!(accurate > base, "P(war) {base} -> {accurate}");
    let withdrawal = |o: &[(String, f64)]| o.iter().find(|(k, _)| k == "withdrawal").unwrap().1;
    assert!(withdrawal(&lever.outcomes) < withdrawal(&r.outcomes));
}

#[test]
fn the_signal_separates_only_when_it_is_accurate() {
    let at = "after RUS build_up";
    let ukr = |signal: &str| {
        format!(
            "after RUS build_up, signal RUS {signal}, RUS radical, chance calm, chance breaks_down, NATO hold"
        )
    };
    // With noise a preparation would not be seen, so none pays for one and the
    // signal carries nothing: Ukraine answers both signals alike.
    let (cg, eq) = solved(0.2);
    assert!(prob(&cg, &eq, at, "prepare") < 1e-9);
    let (p, b) = (
        prob(&cg, &eq, &ukr("prepare"), "concede"),
        prob(&cg, &eq, &ukr("bluff"), "concede"),
    );
    assert!((p - b).abs() < 1e-9, "{p} vs {b}");
    // Accurate, it pays some types to prepare and Ukraine concedes more to a
    // visible preparation.
    let (cg, eq) = solved(0.0);
    assert!(prob(&cg, &eq, at, "prepare") > 0.05);
    let (p, b) = (
        prob(&cg, &eq, &ukr("prepare"), "concede"),
        prob(&cg, &eq, &ukr("bluff"), "concede"),
    );
    assert!(p > b + 0.05, "{p} vs {b}");
}
