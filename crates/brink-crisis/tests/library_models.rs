//! The escalation ladder, Kydd's reassurance game and Richardson's arms race
//! against closed forms derived here, at parameter points on both sides of
//! each model's regime boundary. The oracles use only the parameters, never
//! the solver's output.

use brink_crisis::{run, Method, Report};
use statrs::distribution::{ContinuousCDF, Normal};

fn solve(model: &str, set: &[(&str, f64)]) -> Report {
    let ov: Vec<(String, f64)> = set.iter().map(|(k, v)| (k.to_string(), *v)).collect();
    run(model, &ov, Method::Auto).unwrap_or_else(|e| panic!("{model} {set:?}: {e}"))
}

fn close(a: f64, b: f64, tol: f64, what: &str) {
    assert!((a - b).abs() <= tol, "{what}: got {a}, expected {b}");
}

/// Probabilities sum to one and the profile is an equilibrium.
fn sound(r: &Report, set: &[(&str, f64)]) {
    let s: f64 = r.outcomes.iter().map(|x| x.1).sum();
    close(s, 1.0, 1e-9, "outcome probabilities sum");
    assert!(r.regret < 1e-9, "{} {set:?}: regret {}", r.model, r.regret);
}

/// The escalation ladder's closed form.
///
/// Rung `j` risks `p_j = min(1, j * step_risk)`; A owns the odd rungs, B the
/// even ones. If the next mover would back down, the mover at rung `j` gains
/// `-c + (1 - p_j) v_i - p_j w_i` by climbing over backing down (costs already
/// paid are sunk), so it climbs iff `p_j < rho_i = (v_i - c) / (v_i + w_i)`.
/// If the next mover would climb, the mover at `j` backs down: by induction
/// a climb is always followed by the other side backing down, so the mover
/// would pay `c` and run risk only to back down itself one rung later.
/// Hence `S(j) = p_j < rho_{m(j)} and not S(j + 1)`, with `S(2n) = false`
/// (climbing the top rung leads to all-out war for sure). With risks rising
/// with the rung, the rungs a side would climb are all its rungs below a
/// bound; going down from the highest such rung of either side, its owner
/// climbs on every rung of its parity and the other never does. So A climbs
/// rung 1 (and B backs down) iff A's highest rung below its threshold, `h_a`,
/// is above B's, `h_b`; otherwise A backs down at once.
/// Returns `(A climbs, P(war))`.
fn ladder(rounds: usize, step: f64, v: [f64; 2], w: [f64; 2], c: f64) -> (bool, f64) {
    let p = |j: usize| (j as f64 * step).min(1.0);
    let rho = |i: usize| (v[i] - c) / (v[i] + w[i]);
    let h_a = (1..2 * rounds).step_by(2).filter(|&j| p(j) < rho(0)).max();
    let h_b = (2..2 * rounds).step_by(2).filter(|&j| p(j) < rho(1)).max();
    let climbs = match (h_a, h_b) {
        (Some(a), Some(b)) => a > b,
        (Some(_), None) => true,
        (None, _) => false,
    };
    (climbs, if climbs { p(1) } else { 0.0 })
}

fn check_ladder(rounds: usize, step: f64, v: [f64; 2], w: [f64; 2], c: f64) -> bool {
    let set = [
        ("rounds", rounds as f64),
        ("step_risk", step),
        ("stake_a", v[0]),
        ("stake_b", v[1]),
        ("war_a", w[0]),
        ("war_b", w[1]),
        ("rung_cost", c),
    ];
    let r = solve("escalation-ladder", &set);
    sound(&r, &set);
    let (climbs, war) = ladder(rounds, step, v, w, c);
    let eq = |got: f64, want: f64, what: &str| close(got, want, 1e-12, &format!("{what} {set:?}"));
    let climbed = if climbs { 1.0 } else { 0.0 };
    eq(r.outcome("war"), war, "P(war)");
    eq(r.outcome("a_backs_down"), 1.0 - climbed, "P(A backs down)");
    eq(r.outcome("b_backs_down"), climbed - war, "P(B backs down)");
    // Under complete information the crisis never passes rung 1.
    eq(r.expected("rung"), climbed, "highest rung");
    climbs
}

#[test]
fn escalation_ladder_the_side_owning_the_higher_rung_prevails_at_once() {
    // Defaults: rho_a = 0.9 / 3 = 0.3, rho_b = 0.9 / 4 = 0.225; with risk
    // 0.08 per rung A's highest rung below 0.3 is 3, B's below 0.225 is 2.
    assert!(check_ladder(3, 0.08, [1.0, 1.0], [2.0, 3.0], 0.1));
    // A war less costly to B (rho_b = 0.36) puts rung 4 within B's reach:
    // B now owns the higher rung and A backs down without climbing.
    assert!(!check_ladder(3, 0.08, [1.0, 1.0], [2.0, 1.5], 0.1));
    // Equal thresholds (0.3): the ladder's steps decide. Risk 0.071 per rung
    // leaves rung 4 (0.284) below 0.3, B's; risk 0.093 leaves rung 3
    // (0.279), A's.
    assert!(!check_ladder(3, 0.071, [1.0, 1.0], [2.0, 2.0], 0.1));
    assert!(check_ladder(3, 0.093, [1.0, 1.0], [2.0, 2.0], 0.1));
    // One round: B's only rung is the top, so A climbs iff rung 1 is below
    // its threshold (0.3).
    assert!(check_ladder(1, 0.29, [1.0, 1.0], [2.0, 0.1], 0.1));
    assert!(!check_ladder(1, 0.31, [1.0, 1.0], [2.0, 0.1], 0.1));
    // A climb that costs more than the stake is never worth it.
    assert!(!check_ladder(4, 0.01, [0.5, 1.0], [2.0, 9.0], 0.6));
}

// Before 8c2c258 the solver's iteration stopped at non-equilibria at two of
// these points (4 rounds, risk 0.013 or 0.057 per rung: regret 0.09, 0.54).
#[test]
fn escalation_ladder_matches_the_closed_form_across_a_grid() {
    let mut seen = [false; 2];
    for rounds in [1, 2, 4] {
        for step in [0.013, 0.057, 0.118, 0.231] {
            for w_b in [0.35, 1.3, 2.9, 7.7] {
                for v_a in [0.45, 1.7] {
                    let climbs = check_ladder(rounds, step, [v_a, 1.1], [2.3, w_b], 0.07);
                    seen[usize::from(climbs)] = true;
                }
            }
        }
    }
    assert!(seen[0] && seen[1], "the grid crosses the regime boundary");
}

/// Kydd's reassurance game, with `S`'s trustworthiness `t ~ N(0, sigma)`.
///
/// After R trusts, S reciprocates iff `mutual + t > temptation`, i.e.
/// `t > t_r = temptation - mutual`. R trusts after a signal iff the share of
/// reciprocators among the signallers is at least `pi = sucker / (1 +
/// sucker)`. Prior trust `1 - F(t_r) < pi` (checked at every point) means R
/// does not trust blind, and since the share of reciprocators among types
/// below any cut is below the prior, R never trusts after no signal.
/// Trusted after the signal only, type `t` signals iff
/// `-(cost - kappa t) + max(mutual + t, temptation) > 0`, increasing in `t`:
/// - if `cost >= temptation + kappa t_r`, the cut is above `t_r`:
///   `t* = (cost - mutual) / (1 + kappa)`, every signaller reciprocates
///   (separating: the trustworthy reassure, nobody is exploited);
/// - otherwise `t1 = (cost - temptation) / kappa < t_r`: the types in
///   `(t1, t_r)` mimic and exploit; R still trusts after the signal iff
///   `q(t1) >= pi`, where `q(c) = (1 - F(t_r)) / (1 - F(c))` is the share of
///   reciprocators among the types above `c`;
/// - if `q(t1) < pi`, R trusts after the signal with the probability `tau`
///   that makes it indifferent: the cut `t_c` solves `q(t_c) = pi` (found by
///   bisection on `(t1, t_r)`, where `q` rises from below `pi` to 1) and
///   `tau = (cost - kappa t_c) / temptation`, in (0, 1) when `temptation > 0`
///   and `cost / kappa >= t_r`.
///
/// R trusting after neither is excluded by the prior, and distrusting after
/// both is excluded because the types above `cost / kappa` would signal
/// anyway and enough of them reciprocate (all of them when `cost / kappa >=
/// t_r`, as at the mixing points). That step needs those types to carry mass
/// the solver can see (its envelope spans 9 sd), so every point keeps
/// `cost / kappa` within 3 sd; far beyond, the signal is off the path in
/// floating point and the pooling equilibrium (nobody signals, nobody is
/// trusted) reappears. Returns `(P(signal), P(cooperation),
/// P(exploitation))` and whether R mixes.
fn kydd(
    mutual: f64,
    temptation: f64,
    cost: f64,
    kappa: f64,
    sucker: f64,
    sigma: f64,
) -> ([f64; 3], bool) {
    let f = |x: f64| Normal::new(0.0, sigma).unwrap().cdf(x);
    let t_r = temptation - mutual;
    let pi = sucker / (1.0 + sucker);
    let q = |c: f64| (1.0 - f(t_r)) / (1.0 - f(c));
    assert!(
        1.0 - f(t_r) < pi,
        "the closed form assumes R does not trust blind"
    );
    if cost >= temptation + kappa * t_r {
        let cut = (cost - mutual) / (1.0 + kappa);
        return ([1.0 - f(cut), 1.0 - f(cut), 0.0], false);
    }
    let t1 = (cost - temptation) / kappa;
    if q(t1) >= pi {
        return ([1.0 - f(t1), 1.0 - f(t_r), f(t_r) - f(t1)], false);
    }
    assert!(
        temptation > 0.0 && cost / kappa >= t_r,
        "the mixing case's conditions"
    );
    let (mut lo, mut hi) = (t1, t_r);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if q(mid) < pi {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let t_c = 0.5 * (lo + hi);
    let tau = (cost - kappa * t_c) / temptation;
    assert!(tau > 0.0 && tau < 1.0);
    let trusted = [1.0 - f(t_c), tau * (1.0 - f(t_r)), tau * (f(t_r) - f(t_c))];
    (trusted, true)
}

fn check_kydd(mutual: f64, temptation: f64, cost: f64, kappa: f64, sucker: f64, sigma: f64) {
    let set = [
        ("mutual", mutual),
        ("temptation", temptation),
        ("cost", cost),
        ("kappa", kappa),
        ("sucker", sucker),
        ("sigma", sigma),
    ];
    let r = solve("kydd-trust", &set);
    sound(&r, &set);
    let ([signal, coop, exploit], _) = kydd(mutual, temptation, cost, kappa, sucker, sigma);
    let eq = |got: f64, want: f64, what: &str| close(got, want, 1e-9, &format!("{what} {set:?}"));
    eq(r.expected("reassurance"), signal, "P(signal)");
    eq(r.outcome("cooperation"), coop, "P(cooperation)");
    eq(r.outcome("exploitation"), exploit, "P(exploitation)");
    eq(r.outcome("mistrust"), 1.0 - coop - exploit, "P(mistrust)");
}

#[test]
fn kydd_trust_the_trustworthy_separate_when_the_signal_is_costly_enough() {
    // Defaults: t_r = 0.5, prior trust 0.31 < pi = 0.5; the separation
    // threshold on the cost is 1 + 0.5 * 0.5 = 1.25 and the cut 2/3.
    check_kydd(0.5, 1.0, 1.5, 0.5, 1.0, 1.0);
    // Across the threshold: 1.3 separates (cut 0.533 > t_r), 1.2 does not
    // (cut 0.4 < t_r: the types in (0.4, 0.5) mimic and exploit).
    check_kydd(0.5, 1.0, 1.3, 0.5, 1.0, 1.0);
    check_kydd(0.5, 1.0, 1.2, 0.5, 1.0, 1.0);
    check_kydd(0.5, 1.0, 1.1, 0.5, 1.0, 1.0);
    // Other shapes: a wider spread of types, a more fearful rival, a signal
    // whose cost depends more on the type, a costlier signal.
    check_kydd(0.2, 1.0, 2.0, 1.0, 3.0, 2.0);
    check_kydd(0.2, 1.0, 1.4, 1.0, 0.3, 0.5);
    check_kydd(0.0, 0.8, 3.0, 2.0, 1.5, 1.0);
    check_kydd(1.0, 1.2, 1.7, 3.0, 2.0, 0.3);
    // Near the other boundary, where R would have to mix (cost 0.851 at the
    // defaults): at 0.9 enough mimics reciprocate for R to trust.
    assert!(!kydd(0.5, 1.0, 0.9, 0.5, 1.0, 1.0).1);
    check_kydd(0.5, 1.0, 0.9, 0.5, 1.0, 1.0);
}

// An untyped player (R) must mix: R's best response after the signal flips
// with the mimics' share, so the damped iteration cycles (regret 0.08 at cost
// 0.6 before R's mix joined the Newton system); Newton on S's cut together
// with R's trust probability, R's indifference its equation, lands on it.
#[test]
fn kydd_trust_the_rival_mixes_when_too_many_mimics_would_exploit() {
    for &(cost, sucker) in &[(0.6, 1.0), (0.8, 1.0), (0.7, 1.5)] {
        assert!(
            kydd(0.5, 1.0, cost, 0.5, sucker, 1.0).1,
            "R mixes at {cost}"
        );
        check_kydd(0.5, 1.0, cost, 0.5, sucker, 1.0);
    }
}

/// Richardson's arms race as a one-shot arming game on a grid of `unit`s.
///
/// X's payoff `x (g + k y) - a x^2 / 2` is concave in `x` with its top at
/// `(g + k y) / a`, Richardson's reaction line `dx/dt = 0`; likewise
/// `y = (h + l x) / b`. The lines cross at `x* = (b g + k h) / (a b - k l)`,
/// `y* = (a h + l g) / (a b - k l)`. On the grid a best response to a
/// (possibly mixed) `y` is the grid point, or a mix of the two, nearest the
/// top, since the payoff is linear in `y`: `|E x - (g + k E y) / a| <= u / 2`.
/// Writing `E x = x* + e_x`, `E y = y* + e_y`: `e_x = (k / a) e_y + r_x`,
/// `e_y = (l / b) e_x + r_y` with `|r| <= u / 2`, so for `k l < a b`
/// `|e_x| <= (u / 2)(1 + k / a) / (1 - k l / (a b))`, and symmetrically.
/// For `k l > a b` and `g, h > 0` the composed line `x -> (g + k (h + l x) /
/// b) / a` has slope above 1 and is above the diagonal at 0, so there is no
/// crossing in the positive quadrant; if each side's reaction to the other's
/// ceiling is beyond the ceiling, both arm to it.
fn check_arms(a: f64, b: f64, k: f64, l: f64, g: f64, h: f64) -> bool {
    check_arms_on(0.25, 20.0, [a, b, k, l, g, h])
}

fn check_arms_on(unit: f64, units: f64, [a, b, k, l, g, h]: [f64; 6]) -> bool {
    let cap = unit * units;
    let set = [
        ("a", a),
        ("b", b),
        ("k", k),
        ("l", l),
        ("g", g),
        ("h", h),
        ("unit", unit),
        ("units", units),
    ];
    let r = solve("arms-race", &set);
    sound(&r, &set);
    let (x, y) = (r.expected("arms_x"), r.expected("arms_y"));
    let eq = |got: f64, want: f64, tol: f64, what: &str| {
        close(got, want, tol, &format!("{what} {set:?}"))
    };
    let stable = k * l < a * b;
    if stable {
        let det = a * b - k * l;
        let (xs, ys) = ((b * g + k * h) / det, (a * h + l * g) / det);
        let ex = unit / 2.0 * (1.0 + k / a) / (1.0 - k * l / (a * b));
        let ey = unit / 2.0 * (1.0 + l / b) / (1.0 - k * l / (a * b));
        assert!(xs - ex > 0.0 && xs + ex < cap && ys - ey > 0.0 && ys + ey < cap);
        eq(x, xs, ex + 1e-9, "x*");
        eq(y, ys, ey + 1e-9, "y*");
        // Each level is on the reaction line to the grid's precision.
        eq(x, (g + k * y) / a, unit / 2.0 + 1e-9, "X's reaction line");
        eq(y, (h + l * x) / b, unit / 2.0 + 1e-9, "Y's reaction line");
        eq(r.outcome("runaway"), 0.0, 1e-12, "P(runaway)");
    } else {
        assert!(g > 0.0 && h > 0.0 && (g + k * cap) / a > cap && (h + l * cap) / b > cap);
        eq(x, cap, 1e-12, "x at the ceiling");
        eq(y, cap, 1e-12, "y at the ceiling");
        eq(r.outcome("runaway"), 1.0, 1e-12, "P(runaway)");
    }
    stable
}

#[test]
fn arms_race_settles_on_richardsons_equilibrium_iff_kl_below_ab() {
    // Defaults: x* = y* = 1.2 * 1.4 / 0.84 = 2.
    assert!(check_arms(1.0, 1.0, 0.4, 0.4, 1.2, 1.2));
    // Asymmetric: x* = 1.5, y* = 1; and x* = 0.61, y* = 2.05.
    assert!(check_arms(1.0, 2.0, 0.5, 1.0, 1.0, 0.5));
    assert!(check_arms(2.0, 1.0, 0.3, 0.9, 0.6, 1.5));
    // Goodwill on one side (g < 0) lowers both levels: x* = 0.83, y* = 2.58.
    assert!(check_arms(1.5, 1.0, 0.6, 0.7, -0.3, 2.0));
    // Across the stability boundary at k l = a b = 1.
    assert!(check_arms(1.0, 1.0, 0.8, 0.8, 0.5, 0.5));
    assert!(!check_arms(1.0, 1.0, 1.25, 1.25, 0.5, 0.5));
    assert!(!check_arms(1.0, 2.0, 1.5, 2.2, 0.4, 0.3));
    // A finer grid tightens the bound around x* = 1.5, y* = 1 from 0.25 to
    // 0.04 on each side.
    assert!(check_arms_on(0.04, 100.0, [1.0, 2.0, 0.5, 1.0, 1.0, 0.5]));
}

#[test]
fn the_new_models_document_their_source_and_every_parameter() {
    for (name, source) in [
        ("escalation-ladder", "Kahn (1965)"),
        ("kydd-trust", "Kydd (2005)"),
        ("arms-race", "Richardson (1960)"),
    ] {
        assert!(
            brink_crisis::library::names().any(|n| n == name),
            "{name} is listed"
        );
        let s = brink_crisis::Scenario::from_library(name).unwrap();
        assert!(
            s.about.iter().any(|a| a.contains(source)),
            "{name} cites {source}"
        );
        for p in s.parameters().unwrap() {
            assert!(
                !p.doc.is_empty(),
                "{name}: parameter {} has no description",
                p.name
            );
            assert!(
                p.range.is_some(),
                "{name}: parameter {} has no range",
                p.name
            );
        }
    }
}
