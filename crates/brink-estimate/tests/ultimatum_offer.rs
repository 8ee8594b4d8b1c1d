//! The offer-only ultimatum model (`games`' `ultimatum(..., outcome =
//! "offer")`), against oracles that share no code with the likelihood: the
//! offer distribution derived by hand from player 1's first-order condition
//! (differentiated numerically, not in closed form), and offers simulated
//! from the game itself by solving player 1's problem row by row.
mod common;
use brink_estimate::*;
use common::*;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

const Q: f64 = 15.0;

/// Player 1's optimal offer with shock `e1`: maximising `(Q - y - R1 - e1)
/// Pr(accept | y)`, `Pr(accept | y) = 1 / (1 + exp(-(y - R2) / s2))`, has
/// the first-order condition `Q - y - R1 - e1 = s2 (1 + exp((y - R2) /
/// s2))`, whose left side falls and right side rises in `y`; solved by
/// bisection and censored to `[0, Q]`.
fn best_offer(r1: f64, r2: f64, s2: f64, e1: f64) -> f64 {
    let foc = |y: f64| Q - y - r1 - e1 - s2 * (1.0 + ((y - r2) / s2).exp());
    if foc(0.0) <= 0.0 {
        return 0.0;
    }
    if foc(Q) >= 0.0 {
        return Q;
    }
    let (mut lo, mut hi) = (0.0, Q);
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if foc(mid) > 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    0.5 * (lo + hi)
}

/// `Pr(offer <= y)`: the offer is at most `y` when the shock is at least
/// the one that makes `y` optimal, `Q - y - R1 - s2 (1 + exp((y - R2) /
/// s2))`, and the shock is logistic with scale `s1`.
fn offer_cdf(y: f64, r1: f64, r2: f64, s1: f64, s2: f64) -> f64 {
    let threshold = Q - y - r1 - s2 * (1.0 + ((y - r2) / s2).exp());
    1.0 - 1.0 / (1.0 + (-threshold / s1).exp())
}

/// The log-likelihood of one offer by hand: the censored masses at 0 and
/// `Q`, a central difference of the CDF inside.
fn hand_loglik(y: f64, r1: f64, r2: f64, s1: f64, s2: f64) -> f64 {
    if y == 0.0 {
        return offer_cdf(0.0, r1, r2, s1, s2).ln();
    }
    if y == Q {
        return (1.0 - offer_cdf(Q, r1, r2, s1, s2)).ln();
    }
    let h = 1e-5;
    ((offer_cdf(y + h, r1, r2, s1, s2) - offer_cdf(y - h, r1, r2, s1, s2)) / (2.0 * h)).ln()
}

fn offer_only(max_offer: f64) -> ModelOptions {
    let mut m = ModelOptions::new(ModelKind::Ultimatum);
    m.max_offer = Some(max_offer);
    m.outcome = UltimatumOutcome::Offer;
    m
}

#[test]
fn offer_only_loglik_is_the_hand_derived_offer_density() {
    // Five players 1: two censored offers, three inside; R1 = a + b x,
    // R2 = c + d z.
    let csv =
        "offer,accept,x,z\n0,0,0.5,-1\n15,1,-2,0.3\n3.2,1,1,1\n7.9,0,-0.4,2\n12.5,1,0.2,-0.7\n";
    let ds = Dataset::from_csv_bytes(csv.as_bytes(), "hand").unwrap();
    let (a, b, c, d, s1, s2): (f64, f64, f64, f64, f64, f64) = (1.0, 1.5, 12.0, 1.0, 3.0, 2.0);
    let theta = [a, b, c, d, s1.ln(), s2.ln()];
    let rows = [
        (0.0, 0.5, -1.0),
        (15.0, -2.0, 0.3),
        (3.2, 1.0, 1.0),
        (7.9, -0.4, 2.0),
        (12.5, 0.2, -0.7),
    ];
    let want: f64 = rows
        .iter()
        .map(|&(y, x, z)| hand_loglik(y, a + b * x, c + d * z, s1, s2))
        .sum();
    for formula in ["offer ~ x | z", "offer + accept ~ x | z"] {
        let (pb, _) =
            build_problem(&ds, &Formula::parse(formula).unwrap(), &offer_only(Q)).unwrap();
        let got = pb.loglik(&theta, None);
        assert!(
            (got - want).abs() < 1e-6 * want.abs(),
            "{formula}: ours {got}, by hand {want}"
        );
    }
    // The full model adds exactly the acceptance terms.
    let mut both = offer_only(Q);
    both.outcome = UltimatumOutcome::Both;
    let (pb, _) = build_problem(
        &ds,
        &Formula::parse("offer + accept ~ x | z").unwrap(),
        &both,
    )
    .unwrap();
    let accepted = [false, true, true, false, true];
    let acc: f64 = rows
        .iter()
        .zip(accepted)
        .map(|(&(y, _, z), a)| {
            let p = 1.0 / (1.0 + (-(y - (c + d * z)) / s2).exp());
            if a {
                p.ln()
            } else {
                (1.0 - p).ln()
            }
        })
        .sum();
    let full = pb.loglik(&theta, None);
    assert!(
        (full - (want + acc)).abs() < 1e-6 * full.abs(),
        "{full} vs {}",
        want + acc
    );
}

/// `n` offers simulated from the game with R1 = 4 - 2 x1 + w,
/// R2 = 7 + 1.5 z1 - w, s1 = 2, s2 = 1.
fn simulated(n: usize, seed: u64) -> Dataset {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut csv = String::from("offer,x1,z1,w\n");
    for _ in 0..n {
        let (x1, z1, w): (f64, f64, f64) = (
            rng.gen_range(-1.5..1.5),
            rng.gen_range(-1.5..1.5),
            rng.gen_range(-1.5..1.5),
        );
        let u: f64 = rng.gen_range(1e-12..1.0 - 1e-12);
        let e1 = 2.0 * (u / (1.0 - u)).ln();
        let y = best_offer(4.0 - 2.0 * x1 + w, 7.0 + 1.5 * z1 - w, 1.0, e1);
        csv.push_str(&format!("{y},{x1},{z1},{w}\n"));
    }
    Dataset::from_csv_bytes(csv.as_bytes(), "simulated").unwrap()
}

fn assert_recovers(fit: &Fit, truth: &[(&str, &str, f64)]) {
    assert!(fit.converged, "{:?}", fit.convergence);
    for (u, t, v) in truth {
        let c = fit
            .coefficients
            .iter()
            .find(|c| c.utility == *u && c.term == *t)
            .unwrap_or_else(|| panic!("no {u}:{t}"));
        let se = c.se.expect("standard error");
        assert!(
            ((c.estimate - v) / se).abs() < 3.0,
            "{u}:{t} estimate {} se {se} truth {v}",
            c.estimate
        );
    }
}

#[test]
fn offer_only_recovers_the_simulated_truth() {
    let ds = simulated(3000, 7);
    let f = Formula::parse("offer ~ x1 + w | z1 + w").unwrap();
    let fit = fit(&ds, &f, &offer_only(Q), &FitOptions::default()).unwrap();
    assert_eq!(fit.outcome, Some(UltimatumOutcome::Offer));
    assert_recovers(
        &fit,
        &[
            ("R1", "(Intercept)", 4.0),
            ("R1", "x1", -2.0),
            ("R1", "w", 1.0),
            ("R2", "(Intercept)", 7.0),
            ("R2", "z1", 1.5),
            ("R2", "w", -1.0),
            ("log(s1)", "(Intercept)", 2f64.ln()),
            ("log(s2)", "(Intercept)", 0.0),
        ],
    );
}

#[test]
fn offer_only_recovers_data_ult_without_the_acceptances() {
    // R `games`' own example data, acceptances ignored (they only seed the
    // starting values); s2 fixed at its true 1, as offers alone say little
    // about it.
    let f = Formula::parse(
        "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2",
    )
    .unwrap();
    let mut m = offer_only(15.0);
    m.s2 = Some(1.0);
    let fit = fit(&data("data_ult.csv"), &f, &m, &FitOptions::default()).unwrap();
    assert_recovers(
        &fit,
        &[
            ("R1", "(Intercept)", 5.0),
            ("R1", "x1", -2.0),
            ("R1", "x2", 2.0),
            ("R1", "x3", -2.0),
            ("R1", "x4", 2.0),
            ("R1", "w1", 1.0),
            ("R1", "w2", -1.0),
            ("R2", "(Intercept)", 10.0),
            ("R2", "z1", 2.0),
            ("R2", "z2", -2.0),
            ("R2", "z3", 2.0),
            ("R2", "z4", -2.0),
            ("R2", "w1", -1.0),
            ("R2", "w2", 1.0),
            ("log(s1)", "(Intercept)", 5f64.ln()),
        ],
    );
}

#[test]
fn offer_only_needs_the_ultimatum_model_and_an_offer_column() {
    let ds = data("student_offers.csv");
    let mut m = opts(ModelKind::Egame12, ErrorKind::Agent, Link::Probit);
    m.outcome = UltimatumOutcome::Offer;
    let f = Formula::parse("offer + accept ~ gender1 | 1 | 1 | gender2").unwrap();
    let e = build_problem(&ds, &f, &m).unwrap_err().to_string();
    assert!(
        e.contains("--outcome offer is for the ultimatum model"),
        "{e}"
    );
    // Offers alone without --outcome offer: the message says what to add.
    let mut both = offer_only(100.0);
    both.outcome = UltimatumOutcome::Both;
    let f = Formula::parse("offer ~ gender1 | gender2").unwrap();
    let e = build_problem(&ds, &f, &both).unwrap_err().to_string();
    assert!(e.contains("--outcome offer"), "{e}");
}
