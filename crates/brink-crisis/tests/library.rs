//! Every library model against its closed form (derived in the comments, or
//! given in the issue), through the public API.

use brink_crisis::{run, Method, Report};
use statrs::distribution::{ContinuousCDF, Normal};

fn solve(model: &str, set: &[(&str, f64)]) -> Report {
    let ov: Vec<(String, f64)> = set.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    run(model, &ov, Method::Auto).unwrap_or_else(|e| panic!("{model}: {e}"))
}

fn phi(x: f64) -> f64 {
    Normal::new(0.0, 1.0).unwrap().cdf(x)
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: got {a}, expected {b}");
}

fn sums_to_one(r: &Report) {
    let s: f64 = r.outcomes.iter().map(|x| x.1).sum();
    close(s, 1.0, 1e-9, "outcome probabilities sum");
    assert!(r.regret < 1e-6, "{}: regret {}", r.model, r.regret);
}

#[test]
fn fearon_risk_return_matches_the_closed_form() {
    // Issue values: x* = 0.65, P(war) = 0.375.
    let r = solve("fearon-risk-return", &[]);
    sums_to_one(&r);
    close(r.expected("demand"), 0.65, 1e-6, "demand");
    close(r.outcome("war"), 0.375, 1e-6, "P(war)");
    // x* = p + max((c_hi - c_a)/2, c_lo), P(war) = max(0, ((c_hi - c_a)/2 - c_lo)/(c_hi - c_lo)).
    for &(p, c_a, c_lo, c_hi) in &[
        (0.4, 0.05, 0.1, 0.5),
        (0.5, 0.1, 0.2, 0.4),
        (0.3, 0.2, 0.0, 0.9),
    ] {
        let r = solve(
            "fearon-risk-return",
            &[("p", p), ("c_a", c_a), ("c_lo", c_lo), ("c_hi", c_hi)],
        );
        let half = (c_hi - c_a) / 2.0;
        let x = (p + half.max(c_lo)).min(1.0);
        let war = ((half - c_lo) / (c_hi - c_lo)).max(0.0);
        close(r.expected("demand"), x, 1e-6, "demand");
        close(r.outcome("war"), war, 1e-6, "P(war)");
    }
}

#[test]
fn fearon_bargaining_demands_the_top_of_the_range_without_war() {
    for &(p, c_a, c_b) in &[(0.5, 0.1, 0.15), (0.3, 0.2, 0.05)] {
        let r = solve("fearon-bargaining", &[("p", p), ("c_a", c_a), ("c_b", c_b)]);
        sums_to_one(&r);
        close(r.outcome("war"), 0.0, 1e-12, "P(war)");
        let x = r.expected("demand");
        assert!(
            x > p - c_a && x <= p + c_b + 1e-9,
            "demand {x} in the bargaining range"
        );
        close(x, p + c_b, 1e-6, "demand at the top of the range");
    }
}

#[test]
fn audience_cost_matches_the_qre_issue() {
    let r = solve("audience-cost", &[("audience_cost", 0.0)]);
    sums_to_one(&r);
    close(r.outcome("war"), 0.2450, 5e-5, "P(war), a = 0");
    close(r.outcome("back_down"), 0.5491, 5e-5, "P(back down), a = 0");
    close(r.outcome("status_quo"), 0.0, 1e-9, "every type challenges");
    let r = solve("audience-cost", &[("audience_cost", 2.0)]);
    sums_to_one(&r);
    close(r.outcome("war"), 0.3317, 5e-5, "P(war), a = 2");
    close(
        r.outcome("status_quo"),
        0.1320,
        5e-5,
        "P(status quo), a = 2",
    );
    close(r.outcome("back_down"), 0.0, 1e-9, "nobody backs down");
    // The regimes as the audience cost rises: pooling on challenge (a = 0),
    // then some types stay out (semi-separating) and backing down disappears.
    let sq: Vec<f64> = [0.0, 0.5, 1.0, 2.0]
        .iter()
        .map(|&a| solve("audience-cost", &[("audience_cost", a)]).outcome("status_quo"))
        .collect();
    assert!(sq.windows(2).all(|w| w[0] <= w[1] + 1e-12), "{sq:?}");
}

#[test]
fn brinkmanship_one_step_matches_the_closed_form() {
    // D stands firm iff w_d + e_d > 0: q = 1 - Phi(-w_d). C escalates iff
    // (r + (1-r) q)(w_c + e_c) + (1-r)(1-q) prize > 0.
    let (r_, w_c, w_d, prize) = (0.1, -0.5, -0.5, 1.0);
    let rep = solve("brinkmanship", &[("steps", 1.0)]);
    sums_to_one(&rep);
    let q = 1.0 - phi(-w_d);
    let war_given = r_ + (1.0 - r_) * q;
    let cut = -w_c - (1.0 - r_) * (1.0 - q) * prize / war_given;
    let esc = 1.0 - phi(cut);
    close(
        rep.outcome("challenger_backs_off"),
        1.0 - esc,
        1e-9,
        "P(back off)",
    );
    close(rep.outcome("war"), esc * war_given, 1e-9, "P(war)");
}

#[test]
fn extended_deterrence_needs_both_members() {
    // A member's vote matters only when it is pivotal, so member i votes to
    // respond iff w_i + loss + e_i > 0; the alliance responds with the product
    // (needs all) or 1 - product of abstentions (needs 1).
    let (w_c, gain, w1, w2, loss) = (-0.2, 0.5, 0.3, -0.3, 0.2);
    let y1 = 1.0 - phi(-(w1 + loss));
    let y2 = 1.0 - phi(-(w2 + loss));
    for (votes, respond) in [(2.0, y1 * y2), (1.0, 1.0 - (1.0 - y1) * (1.0 - y2))] {
        let r = solve("extended-deterrence", &[("votes", votes)]);
        sums_to_one(&r);
        // The protege resists iff R * defended + (1 - R) * alone > capitulates.
        let (defended, alone, capitulates) = (0.5, -1.0, -0.8);
        let resist = respond * defended + (1.0 - respond) * alone > capitulates;
        let value_attack = if resist {
            respond * w_c + (1.0 - respond) * gain
        } else {
            gain
        };
        // The challenger attacks iff its expected payoff (with its shock if the
        // alliance responds) beats 0: types e_c > -value / P(respond).
        let attack = if resist {
            1.0 - phi(-value_attack / respond)
        } else {
            1.0 - phi(-1e9)
        };
        close(r.outcome("no_attack"), 1.0 - attack, 1e-9, "P(no attack)");
        if resist {
            close(r.outcome("defended"), attack * respond, 1e-9, "P(defended)");
        }
    }
}

#[test]
fn preventive_war_follows_the_commitment_condition() {
    for &(p_now, p_later) in &[(0.6, 0.3), (0.5, 0.45), (0.4, 0.4)] {
        let r = solve("preventive-war", &[("p_now", p_now), ("p_later", p_later)]);
        sums_to_one(&r);
        let (c_d, share, delta) = (0.1, 0.5, 0.9);
        let fight_now = (1.0 + delta) * (p_now - c_d) > share + delta * (p_later - c_d);
        close(
            r.outcome("preventive_war"),
            if fight_now { 1.0 } else { 0.0 },
            1e-9,
            "preventive war",
        );
    }
}

#[test]
fn every_library_model_runs_and_lists_its_parameters() {
    for name in brink_crisis::library::names() {
        let s =
            brink_crisis::Scenario::from_library(name).unwrap_or_else(|e| panic!("{name}: {e}"));
        assert!(!s.parameters().unwrap().is_empty(), "{name}");
        let g = brink_crisis::compile(&s).unwrap();
        assert_eq!(
            g.terminals.len(),
            (0..g.game.num_nodes())
                .filter(|&i| g.game.is_terminal(brink_game::NodeId(i as u32)))
                .count()
        );
    }
}
