//! The founding crisis's mechanisms on small games solved by hand:
//! incidents that escalate with a risk set by the step (Schelling's threat
//! that leaves something to chance), and a compromise that opens a
//! settlement range. (Subjective priors have their own file,
//! `subjective.rs`.)

use brink_crisis::{Method, Scenario};
use statrs::distribution::{ContinuousCDF, Normal};

fn phi(x: f64) -> f64 {
    Normal::new(0.0, 1.0).unwrap().cdf(x)
}

fn solve(src: &str, set: &[(&str, f64)]) -> brink_crisis::Report {
    let s = Scenario::parse("test.crisis", src).unwrap();
    let ov: Vec<(String, f64)> = set.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    let r = brink_crisis::solve(&s.with_overrides(&ov).unwrap(), Method::Auto).unwrap();
    assert!(r.converged, "{set:?}: regret {}", r.regret);
    r
}

/// Bisection for the root of an increasing function on [lo, hi].
fn root(f: impl Fn(f64) -> f64, mut lo: f64, mut hi: f64) -> f64 {
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) > 0.0 {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    0.5 * (lo + hi)
}

const LADDER: &str = include_str!("data/incident_ladder.crisis");

/// The incident ladder by hand. After resistance the challenger fights iff
/// theta > t2 = -a - w. If the defender resists with probability rho, the
/// challenger escalates iff
/// r (e (w + theta) - (1 - e) k) + (1 - r) (rho max(w + theta, -a) + (1 - rho)) > 0
/// (increasing in theta: a cut t1). The defender, believing theta > t1,
/// meets a fight with q = P(theta > max(t1, t2)) / P(theta > t1) and
/// resists iff -2 q + 0.5 (1 - q) > -1, i.e. q < 0.6. Either a pure answer is
/// consistent, or the defender mixes so that q = 0.6 exactly: then
/// 1 - Phi(t1) = (1 - Phi(t2)) / 0.6, and rho makes t1 the challenger's cut.
fn ladder_by_hand(r: f64, e: f64, w: f64, k: f64, a: f64) -> (f64, f64, f64) {
    let t2 = -a - w;
    let gain = |th: f64, rho: f64| {
        r * (e * (w + th) - (1.0 - e) * k) + (1.0 - r) * (rho * (w + th).max(-a) + (1.0 - rho))
    };
    let cut = |rho: f64| {
        if gain(-1e6, rho) > 0.0 {
            f64::NEG_INFINITY
        } else {
            root(|th| gain(th, rho), -1e6, 1e6)
        }
    };
    let q = |t1: f64| (1.0 - phi(t1.max(t2))) / (1.0 - phi(t1));
    let outcomes = |t1: f64, rho: f64| {
        let escalate = 1.0 - phi(t1);
        let war = (1.0 - r) * rho * (1.0 - phi(t1.max(t2)));
        (escalate * r * e, war, escalate * r * (1.0 - e))
    };
    let t_resist = cut(1.0);
    if q(t_resist) < 0.6 {
        return outcomes(t_resist, 1.0);
    }
    let t_concede = cut(0.0);
    if q(t_concede) > 0.6 {
        return outcomes(t_concede, 0.0);
    }
    let t1 = root(|t| -(1.0 - phi(t)) + (1.0 - phi(t2)) / 0.6, -40.0, t2);
    // gain(t1, rho) = 0 is linear in rho.
    let (g0, g1) = (gain(t1, 0.0), gain(t1, 1.0));
    let rho = g0 / (g0 - g1);
    outcomes(t1, rho)
}

#[test]
fn incidents_escalate_with_the_chance_the_step_leaves() {
    for (r, e) in [(0.2, 0.5), (0.05, 0.5), (0.4, 0.8), (0.2, 0.0), (0.0, 0.5)] {
        let rep = solve(LADDER, &[("r", r), ("e", e)]);
        let (inadvertent, war, clash) = ladder_by_hand(r, e, -0.8, 0.3, 0.4);
        for (label, want) in [
            ("war_inadvertent", inadvertent),
            ("war", war),
            ("clash", clash),
        ] {
            let got = rep.outcome(label);
            assert!(
                (got - want).abs() < 1e-7,
                "r={r} e={e}: P({label}) = {got}, by hand {want}"
            );
        }
    }
}

#[test]
fn an_incident_that_never_escalates_causes_no_war() {
    let rep = solve(LADDER, &[("e", 0.0)]);
    assert_eq!(rep.outcome("war_inadvertent"), 0.0);
    let rep = solve(LADDER, &[("e", 1.0)]);
    assert_eq!(rep.outcome("clash"), 0.0);
    assert!(rep.outcome("war_inadvertent") > 0.0);
}

const RANGE: &str = include_str!("data/settlement_range.crisis");

/// By hand: offered x, the challenger accepts iff theta < x - w; offered
/// nothing it fights iff theta > -w. The defender offers iff
/// -x Phi(x - w) - c (1 - Phi(x - w)) > -c (1 - Phi(-w)).
fn range_by_hand(x: f64, w: f64, c: f64) -> (f64, f64, f64) {
    let offer = -x * phi(x - w) - c * (1.0 - phi(x - w));
    let none = -c * (1.0 - phi(-w));
    if offer > none {
        (phi(x - w), 1.0 - phi(x - w), 0.0)
    } else {
        (0.0, 1.0 - phi(-w), phi(-w))
    }
}

#[test]
fn a_compromise_inside_the_range_is_offered_and_settles() {
    for (x, c) in [(0.3, 1.0), (0.1, 1.0), (1.5, 1.0), (0.3, 0.1), (0.8, 3.0)] {
        let rep = solve(RANGE, &[("x", x), ("c", c)]);
        let (settle, war, sq) = range_by_hand(x, -0.5, c);
        for (label, want) in [("settlement", settle), ("war", war), ("status_quo", sq)] {
            let got = rep.outcome(label);
            assert!(
                (got - want).abs() < 1e-7,
                "x={x} c={c}: P({label}) = {got}, by hand {want}"
            );
        }
    }
    // A costlier war widens the range: the defender offers, and war falls.
    let cheap = solve(RANGE, &[("c", 0.1)]);
    let dear = solve(RANGE, &[("c", 3.0)]);
    assert!(dear.outcome("settlement") > 0.5 && cheap.outcome("settlement") == 0.0);
    assert!(dear.outcome("war") < cheap.outcome("war"));
}
