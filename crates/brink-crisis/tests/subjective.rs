//! Subjective priors (`believed (P: q)` on a chance branch): the player's
//! beliefs and best responses use its prior, outcome frequencies the true
//! probabilities. Oracle: the signal game of `data/subjective_signal.crisis`
//! solved by hand.

use brink_crisis::{Method, Scenario};
use statrs::distribution::{ContinuousCDF, Normal};

fn phi(x: f64) -> f64 {
    Normal::new(0.0, 1.0).unwrap().cdf(x)
}

const SOURCE: &str = include_str!("data/subjective_signal.crisis");

/// The hand solution: after a signal, the challenger's posterior that the
/// alliance is united is mu = (1-q) P(signal | united) / P(signal) under its
/// prior q; it invades iff mu (w + theta) + (1 - mu) > -a, i.e. theta above
/// c = (-a - (1 - mu)) / mu - w. Outcomes then follow the true p.
fn by_hand(p: f64, q: f64, e: f64, w: f64, a: f64) -> (f64, f64, f64) {
    let invade = |mu: f64| 1.0 - phi((-a - (1.0 - mu)) / mu - w);
    let mu_united_signal = (1.0 - q) * (1.0 - e) / ((1.0 - q) * (1.0 - e) + q * e);
    let mu_divided_signal = (1.0 - q) * e / ((1.0 - q) * e + q * (1.0 - e));
    let (iu, id) = (invade(mu_united_signal), invade(mu_divided_signal));
    let war = (1.0 - p) * ((1.0 - e) * iu + e * id);
    let win = p * (e * iu + (1.0 - e) * id);
    (win, war, 1.0 - win - war)
}

fn solve(set: &[(&str, f64)]) -> brink_crisis::Report {
    let s = Scenario::parse("subjective_signal.crisis", SOURCE).unwrap();
    let ov: Vec<(String, f64)> = set.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    brink_crisis::solve(&s.with_overrides(&ov).unwrap(), Method::Auto).unwrap()
}

fn check(p: f64, q: f64) {
    let r = solve(&[("p", p), ("q", q)]);
    assert!(
        r.converged,
        "p={p} q={q}: not converged, regret {}",
        r.regret
    );
    let (win, war, back) = by_hand(p, q, 0.2, -0.5, 0.3);
    for (label, want) in [("win", win), ("war", war), ("back_down", back)] {
        let got = r.outcome(label);
        assert!(
            (got - want).abs() < 1e-7,
            "p={p} q={q}: P({label}) = {got}, by hand {want}"
        );
    }
}

#[test]
fn a_subjective_prior_moves_choices_and_the_truth_moves_frequencies() {
    for (p, q) in [(0.3, 0.7), (0.7, 0.3), (0.5, 0.5), (0.3, 0.3), (0.05, 0.9)] {
        check(p, q);
    }
}

#[test]
fn a_challenger_can_bet_on_a_division_that_is_not_there() {
    // The alliance is united for sure, the challenger thinks it divided with
    // probability 0.7: every war here comes from the wrong prior.
    check(0.0, 0.7);
    let wrong = solve(&[("p", 0.0), ("q", 0.7)]);
    let right = solve(&[("p", 0.0), ("q", 0.0)]);
    assert!(wrong.outcome("war") > right.outcome("war") + 0.1);
    assert_eq!(wrong.outcome("win"), 0.0);
}

#[test]
fn the_prior_changes_the_answer_and_equal_priors_change_nothing() {
    let common = solve(&[("p", 0.3), ("q", 0.3)]);
    let wrong = solve(&[("p", 0.3), ("q", 0.7)]);
    assert!((common.outcome("war") - wrong.outcome("war")).abs() > 0.05);
    // Without the `believed` clause the common-prior game is the same as q = p.
    let plain = SOURCE.replace(" believed (C: q)", "");
    let s = Scenario::parse("plain.crisis", &plain).unwrap();
    let r = brink_crisis::solve(&s, Method::Auto).unwrap();
    assert!((r.outcome("war") - common.outcome("war")).abs() < 1e-12);
}

fn error_of(src: &str) -> String {
    match Scenario::parse("bad.crisis", src).and_then(|s| brink_crisis::solve(&s, Method::Auto)) {
        Ok(_) => panic!("accepted: {src}"),
        Err(e) => e.to_string(),
    }
}

#[test]
fn bad_priors_are_refused_at_their_place() {
    let e = error_of(&SOURCE.replace("believed (C: q)", "believed (C: 1.5)"));
    assert!(
        e.contains("believed by C") && e.contains("outside [0, 1]"),
        "{e}"
    );
    let e = error_of(&SOURCE.replace("believed (C: q)", "believed (X: q)"));
    assert!(e.contains("X"), "{e}");
    let e = error_of(&SOURCE.replace("believed (C: q)", "believed (C q)"));
    assert!(e.contains("bad.crisis:"), "{e}");
}
