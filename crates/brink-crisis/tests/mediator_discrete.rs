//! The mediator asks for a discrete private type given as a chance move at
//! the root, and solves exactly: checked against a closed form derived by
//! hand and against the same Bayesian game enumerated here directly (two
//! plans each, not the tree's reduced strategies) and solved by
//! `brink_nash::communication::mediate`.

use brink_crisis::mediator::{discrete_type, mediator};
use brink_crisis::{compile, Scenario};
use brink_game::Rational;
use brink_nash::communication::{mediate, BayesianGame, MechanismSolution};
use num_traits::{One, Zero};

/// A standoff in which A's type is a chance move only A sees: hawk (1/4),
/// mid (`p_mid`) or dove (the rest). Then A and B each stay or fight
/// without seeing the other's choice: both staying is peace, worth 1/2 to
/// each; any fight is war, worth `wa` to A and `wb` to B by A's type
/// (hawk 5/8 and 1/8, mid 3/8 and 3/4, dove 1/8 and 1/4). All numbers are
/// dyadic, so the tree holds them exactly.
///
/// The optimum by hand. Let `x_t` be the probability that the mediator
/// recommends peace (both stay) to type `t`. A hawk values war (5/8) above
/// peace, so it never obeys "stay" when B stays: `x_hawk = 0`. Mid and dove
/// prefer peace (1/2 > 3/8, 1/8), and each type's payoff from reporting
/// `t'` is `war + x_t' (1/2 - war)`, increasing in `x_t'`: truth-telling
/// needs `x_mid = x_dove = x`. B told to stay faces the mid and dove types
/// told so (a hawk is at war whatever B does); fighting gains it
/// `3/4 - 1/2 = 1/4` against mid and loses `1/2 - 1/4 = 1/4` against dove,
/// so obedience is `x (p_dove / 4 - p_mid / 4) >= 0`. Hence
/// `P(war) = 1/4` when `p_mid <= p_dove` (`x = 1`) and `1` otherwise (`x = 0`).
fn standoff(p_mid: &str) -> String {
    format!(
        r#"
model typed-standoff
player A
player B
outcome peace
outcome war
game: chance private to A {{
  hawk (0.25) with wa = 0.625, wb = 0.125: use standoff
  mid ({p_mid}) with wa = 0.375, wb = 0.75: use standoff
  dove with wa = 0.125, wb = 0.25: use standoff
}}
tree standoff: A chooses private {{
  stay: B chooses {{ stay: end peace (A: 0.5, B: 0.5)  fight: end war (A: wa, B: wb) }}
  fight: B chooses {{ stay: end war (A: wa, B: wb)  fight: end war (A: wa, B: wb) }}
}}
"#
    )
}

fn q(n: i64, d: i64) -> Rational {
    Rational::new(n.into(), d.into())
}

/// The standoff as a Bayesian game written out directly: A's types with
/// their prior, plans stay (0) and fight (1) for each player.
fn enumerated(p_mid: Rational) -> BayesianGame {
    let prior = vec![q(1, 4), p_mid.clone(), q(3, 4) - p_mid];
    let war = [(q(5, 8), q(1, 8)), (q(3, 8), q(3, 4)), (q(1, 8), q(1, 4))];
    let mut payoffs = Vec::new();
    let mut objective = Vec::new();
    for (wa, wb) in &war {
        for r in 0..4 {
            let peace = r == 0;
            let (a, b) = if peace {
                (q(1, 2), q(1, 2))
            } else {
                (wa.clone(), wb.clone())
            };
            payoffs.extend([a, b]);
            objective.push(if peace {
                Rational::zero()
            } else {
                Rational::one()
            });
        }
    }
    BayesianGame {
        players: vec!["A".into(), "B".into()],
        types: vec![
            vec!["hawk".into(), "mid".into(), "dove".into()],
            vec!["-".into()],
        ],
        prior: vec![prior.clone(), vec![Rational::one()]],
        beliefs: vec![vec![vec![], vec![Rational::one()]], vec![prior, vec![]]],
        plans: vec![vec!["stay".into(), "fight".into()]; 2],
        payoffs,
        objective,
    }
}

fn enumerated_p_war(p_mid: Rational) -> Rational {
    match mediate(&enumerated(p_mid), false).unwrap() {
        MechanismSolution::Exact(m) => {
            assert!(m.max_gain.is_zero());
            m.objective
        }
        MechanismSolution::Float(_) => panic!("asked for exact arithmetic"),
    }
}

#[test]
fn a_discrete_type_is_asked_for_and_solved_exactly() {
    // p_mid below, at and above p_dove = 3/4 - p_mid.
    for (p_mid, text, p_mid_exact, closed_form) in [
        ("0.25", "1/4", q(1, 4), q(1, 4)),
        ("0.375", "1/4", q(3, 8), q(1, 4)),
        ("0.5", "1", q(1, 2), q(1, 1)),
    ] {
        let game = compile(&Scenario::parse("standoff.crisis", &standoff(p_mid)).unwrap()).unwrap();
        let d = discrete_type(&game.game).expect("A's type is a private root chance move");
        assert_eq!(
            (d.player, d.labels.clone()),
            (0, vec!["hawk".into(), "mid".into(), "dove".into()])
        );
        let m = mediator(&game, 3).unwrap();
        assert_eq!(m.grid, None);
        assert_eq!(m.discrete, Some(("A".into(), d.labels)));
        assert_eq!(m.p_war_exact.as_deref(), Some(text), "p_mid {p_mid}");
        assert_eq!(m.max_gain, 0.0);
        assert_eq!(enumerated_p_war(p_mid_exact), closed_form);
        assert_eq!(closed_form.to_string(), text);
        let total: f64 = m.outcomes.iter().map(|o| o.1).sum();
        assert!((total - 1.0).abs() < 1e-12, "{total}");
    }
}

#[test]
fn a_chance_move_others_see_is_not_a_private_type() {
    // Public: B sees the type too, and the mediator does not ask for it.
    let source = standoff("0.25").replace("chance private to A", "chance");
    let game = compile(&Scenario::parse("standoff.crisis", &source).unwrap()).unwrap();
    assert_eq!(discrete_type(&game.game), None);
    let m = mediator(&game, 3).unwrap();
    assert_eq!((m.discrete, m.p_war_exact), (None, None));
    // Seen by B alone: B's type, which A cannot tell apart.
    let source = standoff("0.25").replace("chance private to A", "chance private to B");
    let game = compile(&Scenario::parse("standoff.crisis", &source).unwrap()).unwrap();
    assert_eq!(discrete_type(&game.game).map(|d| d.player), Some(1));
    let m = mediator(&game, 3).unwrap();
    assert_eq!(m.max_gain, 0.0);
    assert!(m.p_war_exact.is_some());
}

#[test]
fn a_discrete_type_and_a_continuous_one_make_a_product() {
    // A also has a continuous resolve shifting its war payoff: its types
    // are the three branches times two grid cells, solved in floating
    // point and certified.
    let source = standoff("0.25")
        .replace("player A\n", "player A { private t ~ normal(0, 1) }\n")
        .replace("(A: wa, B: wb)", "(A: wa + 0.05 * t, B: wb)");
    let game = compile(&Scenario::parse("standoff.crisis", &source).unwrap()).unwrap();
    let m = mediator(&game, 2).unwrap();
    assert_eq!(m.grid, Some(2));
    assert!(m.discrete.is_some() && m.p_war_exact.is_none());
    assert!(m.max_gain < 1e-9, "{}", m.max_gain);
    let total: f64 = m.outcomes.iter().map(|o| o.1).sum();
    assert!((total - 1.0).abs() < 1e-9, "{total}");
    // Resolve of +-0.8 (the cells' means) moves war payoffs by 0.04 at
    // most: no type crosses peace's 1/2, and the pooling argument of the
    // closed form still gives 1/4.
    assert!((m.p_war - 0.25).abs() < 1e-9, "{}", m.p_war);
}

#[test]
fn the_others_believed_probabilities_are_their_beliefs_about_the_type() {
    // B believes the mid type as likely as 1/2 (so the dove 1/4): by the
    // closed form's argument with B's beliefs, B told to stay would fight,
    // so no type gets peace and P(war) = 1, against 1/4 with the true odds.
    // A subjective prior is kept as f64: solved in floating point.
    let source = standoff("0.25")
        .replace("hawk (0.25)", "hawk (0.25) believed (B: 0.25)")
        .replace("mid (0.25)", "mid (0.25) believed (B: 0.5)");
    let game = compile(&Scenario::parse("standoff.crisis", &source).unwrap()).unwrap();
    let m = mediator(&game, 3).unwrap();
    assert!(m.discrete.is_some() && m.p_war_exact.is_none());
    assert!(m.max_gain < 1e-9, "{}", m.max_gain);
    assert!((m.p_war - 1.0).abs() < 1e-9, "{}", m.p_war);
}
