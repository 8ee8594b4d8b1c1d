//! A lever's mechanism: the choice whose probability moved most between
//! the baseline and the lever's equilibrium, on games solved by hand.

use brink_crisis::{run_scenario, Method, Scenario};

/// A attacks whatever B does (attack pays 0.5 even against a fight, stay
/// pays 0); B yields when fighting costs more than yielding (c_b = 2 > 1)
/// and fights when it costs less (c_b = 0.5). The lever moves B's choice
/// only: B now fights with probability 1 instead of 0, after A attacks.
const ATTACK: &str = r#"
model attack "attack and response"
param c_b = 2 in [0, 5] "B's cost of fighting"
player A "Attacker"
player B "Target"
outcome status_quo
outcome yielded
outcome war
game: A chooses {
  stay: end status_quo (A: 0, B: 0)
  attack: B chooses {
    yield: end yielded (A: 1, B: -1)
    fight: end war (A: 0.5, B: -c_b)
  }
}
lever "cheap defence" "fighting costs B little" { set c_b = 0.5 }
lever "nothing" "a change that moves no choice" { set c_b = 3 }
"#;

#[test]
fn the_mechanism_names_the_choice_that_moved() {
    let s = Scenario::parse("attack.crisis", ATTACK).unwrap();
    let r = run_scenario(&s, Method::Auto).unwrap();
    assert!((r.p_war() - 0.0).abs() < 1e-12, "B yields at the baseline");
    let lever = &r.levers[0];
    assert!((lever.p_war - 1.0).abs() < 1e-12 && (lever.p_war_change - 1.0).abs() < 1e-12);
    assert!(lever.converged && lever.regret <= 1e-9);
    let m = lever.mechanism.as_ref().expect("a choice moved");
    assert_eq!(m.player, "Target");
    assert_eq!(m.action, "fight");
    assert!(
        m.before.abs() < 1e-12 && (m.after - 1.0).abs() < 1e-12,
        "{m:?}"
    );
    // The information set is named by what B has seen: A attacked.
    assert_eq!(m.moves.len(), 1);
    assert_eq!(
        (m.moves[0].by.as_str(), m.moves[0].action.as_str()),
        ("A", "attack")
    );
    // A change that moves no choice has no mechanism.
    assert!(
        r.levers[1].mechanism.is_none(),
        "{:?}",
        r.levers[1].mechanism
    );
    // The text puts the mechanism under the lever's row.
    let text = r.to_text();
    assert!(
        text.contains(
            "Target now chooses fight with probability 1.000 instead of 0.000 (after A attack)"
        ),
        "{text}"
    );
}

/// A mixed choice that moves by a known amount: with private resolve
/// r ~ normal(0, 1), B fights when r > c_b - 1 (fight pays -c_b + r, yield
/// -1), so P(fight) = 1 - Phi(c_b - 1); A attacks throughout (attack pays
/// at least 0.5 > 0). The lever moves c_b from 1 to 2, P(fight) from 0.5 to
/// 1 - Phi(1) = 0.1587.
#[test]
fn the_mechanism_of_a_typed_player_reads_the_cut_point() {
    let src = ATTACK
        .replace("param c_b = 2", "param c_b = 1")
        .replace(
            "player B \"Target\"",
            "player B \"Target\" { private r ~ normal(0, 1) }",
        )
        .replace("B: -c_b", "B: -c_b + r")
        .replace("set c_b = 0.5", "set c_b = 2");
    let s = Scenario::parse("typed.crisis", &src).unwrap();
    let r = run_scenario(&s, Method::Auto).unwrap();
    assert!(r.converged, "regret {:e}", r.regret);
    let m = r.levers[0].mechanism.as_ref().unwrap();
    // Of B's two actions, both moved by 0.3413: the one that gained is named.
    assert_eq!((m.player.as_str(), m.action.as_str()), ("Target", "yield"));
    assert!((m.before - 0.5).abs() < 1e-6, "{m:?}");
    assert!((m.after - 0.841_344_746).abs() < 1e-6, "{m:?}");
    // The cut-point of B at its one information set, as numbers.
    let b = &r.strategy[1];
    assert_eq!(b.type_name.as_deref(), Some("r"));
    let cuts = &b.infosets[0].cuts;
    assert_eq!(cuts.len(), 2, "{cuts:?}");
    assert_eq!(
        (cuts[0].type_from, cuts[0].action.as_str()),
        (None, "yield")
    );
    assert!((cuts[0].type_to.unwrap() - 0.0).abs() < 1e-6, "{cuts:?}");
    assert_eq!((cuts[1].type_to, cuts[1].action.as_str()), (None, "fight"));
}
