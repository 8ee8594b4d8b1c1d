//! The cut-point solver reaches an equilibrium (regret ~ 0) everywhere on the
//! audience-cost model, including where best-response iteration cycles, and
//! its `converged` flag agrees with the regret it reports.

use brink_crisis::solve::{solve, solve_cancellable, solve_from, Equilibrium, Start, REGRET_TOL};
use brink_crisis::{compile, library, run_scenario_watched, ErrorKind, Method, Scenario};
use brink_game::progress::Quiet;
use brink_game::{Cancel, Watch};
use statrs::distribution::{ContinuousCDF, Normal};
use std::time::{Duration, Instant};

fn phi(x: f64) -> f64 {
    Normal::new(0.0, 1.0).unwrap().cdf(x)
}

fn audience(a: f64) -> Scenario {
    Scenario::from_library("audience-cost")
        .unwrap()
        .with_overrides(&[("audience_cost".into(), a)])
        .unwrap()
}

fn honest(eq: &Equilibrium, what: &str) {
    assert_eq!(
        eq.converged,
        eq.max_regret() <= REGRET_TOL,
        "{what}: converged {} with regret {:e}",
        eq.converged,
        eq.max_regret()
    );
}

#[test]
fn the_defaults_are_the_issues_parameters() {
    let p = audience(0.0).parameters().unwrap();
    let value = |n: &str| p.iter().find(|x| x.name == n).unwrap().value;
    assert_eq!(
        (value("w1"), value("w2"), value("a1_win"), value("b2")),
        (-0.5, -0.3, 1.0, 0.5)
    );
    assert_eq!(value("sigma"), 1.0);
}

#[test]
fn audience_cost_sweep_reaches_an_equilibrium_at_every_point() {
    // The fine grid covers 1.35..1.6, where the challenger's weakest types are
    // indifferent between the status quo and challenging only to back down,
    // and best-response iteration cycles.
    let mut worst: (f64, f64) = (0.0, 0.0);
    for k in 0..=300 {
        let a = 3.0 * k as f64 / 300.0;
        let cg = compile(&audience(a)).unwrap();
        let eq = solve(&cg, 1000);
        honest(&eq, &format!("a={a}"));
        assert!(
            eq.max_regret() < 1e-8,
            "a={a}: regret {:e}",
            eq.max_regret()
        );
        assert!(eq.converged, "a={a}");
        if eq.max_regret() > worst.1 {
            worst = (a, eq.max_regret());
        }
    }
    eprintln!("largest regret on the grid: {:e} at a={}", worst.1, worst.0);
}

#[test]
fn the_mixed_regime_makes_the_defender_indifferent() {
    // Closed form where the weak types mix (a = 1.45): the challenger's types
    // below -a - W1 back down if they challenge, so challenging pays them
    // q A1 - (1 - q) a, which must be 0: q = a / (A1 + a).
    let a = 1.45;
    let r = brink_crisis::solve(&audience(a), Method::Auto).unwrap();
    assert!(r.converged && r.regret < 1e-9, "regret {:e}", r.regret);
    let challenged = 1.0 - r.outcome("status_quo");
    let q = r.outcome("concede") / challenged;
    assert!((q - a / (1.0 + a)).abs() < 1e-9, "q = {q}");
    assert!(r.outcome("back_down") > 0.0 && r.outcome("status_quo") > 0.0);
}

#[test]
fn a_equals_zero_matches_the_closed_form() {
    // With no audience cost backing down costs nothing: every type challenges
    // (it gets at least q A1 > 0), fights iff W1 + r > 0, so P(fight) =
    // 1 - Phi(-W1). The defender resists iff pf (W2 + r_B) + (1 - pf) B2 > 0.
    let (w1, w2, b2) = (-0.5, -0.3, 0.5);
    let pf = 1.0 - phi(-w1);
    let resist = 1.0 - phi(-w2 - (1.0 - pf) * b2 / pf);
    let r = brink_crisis::solve(&audience(0.0), Method::Auto).unwrap();
    assert!(r.converged && r.regret < 1e-9);
    assert!((r.outcome("war") - resist * pf).abs() < 1e-9);
    assert!((r.outcome("back_down") - resist * (1.0 - pf)).abs() < 1e-9);
    assert!(
        r.outcome("status_quo") < 1e-12,
        "every type challenges: {}",
        r.outcome("status_quo")
    );
    // The issue's four decimals.
    assert!((r.outcome("war") - 0.2450).abs() < 5e-5);
    assert!((r.outcome("back_down") - 0.5491).abs() < 5e-5);
}

#[test]
fn a_equals_two_matches_the_closed_form() {
    // With a = 2 every challenger that is resisted fights (nobody backs down),
    // so the defender resists iff W2 + r_B > 0: q = Phi(-W2). Challenging pays
    // q A1 + (1 - q)(W1 + r) >= 0 iff r >= -W1 - q A1 / (1 - q).
    let (w1, w2, a1) = (-0.5, -0.3, 1.0);
    let q = phi(-w2);
    let cut = -w1 - q * a1 / (1.0 - q);
    assert!(cut > -2.0 - w1, "the closed form's regime");
    let r = brink_crisis::solve(&audience(2.0), Method::Auto).unwrap();
    assert!(r.converged && r.regret < 1e-9);
    assert!((r.outcome("status_quo") - phi(cut)).abs() < 1e-9);
    assert!((r.outcome("war") - (1.0 - phi(cut)) * (1.0 - q)).abs() < 1e-9);
    assert!(r.outcome("back_down") < 1e-12, "nobody backs down");
    assert!((r.outcome("war") - 0.3317).abs() < 5e-5);
    assert!((r.outcome("status_quo") - 0.1320).abs() < 5e-5);
}

#[test]
fn every_library_model_and_the_founding_crisis_converge() {
    for name in library::names() {
        let r = brink_crisis::run(name, &[], Method::Auto).unwrap();
        assert!(r.converged, "{name}: {}", r.method);
        assert!(r.regret < REGRET_TOL, "{name}: regret {:e}", r.regret);
    }
}

#[test]
fn a_warm_start_finds_the_same_equilibrium_with_less_work() {
    let mut near: Option<Start> = None;
    let (mut cold_work, mut warm_work) = (0, 0);
    for k in 0..=60 {
        let a = 3.0 * k as f64 / 60.0;
        let cg = compile(&audience(a)).unwrap();
        let cold = solve(&cg, 1000);
        let warm = solve_from(&cg, 1000, near.as_ref());
        honest(&warm, &format!("warm a={a}"));
        assert!(warm.converged, "a={a}");
        assert_eq!(warm.warm, near.is_some());
        for (x, y) in cold
            .behavior
            .iter()
            .flatten()
            .zip(warm.behavior.iter().flatten())
        {
            assert!((x - y).abs() < 1e-7, "a={a}: {x} vs {y}");
        }
        cold_work += cold.evaluations;
        warm_work += warm.evaluations;
        // The start survives its opaque form.
        let st = warm.start();
        assert_eq!(Start::from_vec(&st.to_vec()), Some(st.clone()));
        near = Some(st);
    }
    assert!(
        warm_work < cold_work,
        "warm {warm_work} vs cold {cold_work} evaluations"
    );
}

#[test]
fn a_start_that_does_not_fit_the_game_is_ignored() {
    let founding = compile(&Scenario::from_library("founding-crisis").unwrap()).unwrap();
    let other = solve(&compile(&audience(1.0)).unwrap(), 1000).start();
    let eq = solve_from(&founding, 1000, Some(&other));
    assert!(!eq.warm);
    assert!(eq.converged);
    assert_eq!(Start::from_vec(&[1.0, 2.0]), None);
}

/// The founding crisis with `levers` more levers, each one more solve of
/// the same game (battle deaths enter only the metrics): a run that is slow
/// by its count of solves, however fast the solver is on one of them. With
/// 1,000, the run took 3.3 s uncancelled (test profile, 2 cores).
fn founding_with_levers(levers: usize) -> Scenario {
    let mut src = library::source("founding-crisis").unwrap().to_string();
    for k in 0..levers {
        src += &format!(
            "\nlever \"deaths {k}\" {{ set deaths_war = {} }}",
            50_000 + k
        );
    }
    Scenario::parse("many-levers.crisis", &src).unwrap()
}

#[test]
fn a_cancelled_token_stops_the_solver_before_its_first_iteration() {
    let cg = compile(&Scenario::from_library("founding-crisis").unwrap()).unwrap();
    let cancel = Cancel::new();
    cancel.cancel();
    assert_eq!(solve_cancellable(&cg, 1000, None, &cancel).iterations, 0);
    let eq = solve_cancellable(&cg, 1, None, &Cancel::new());
    assert_eq!(eq.iterations, 1, "an uncancelled token changes nothing");
    // A run answers Cancelled, not the profile the solver stopped at.
    let s = founding_with_levers(2);
    let watch = Watch::new(&Quiet, &cancel);
    let e = run_scenario_watched(&s, Method::Auto, &[], &watch).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    let e = brink_crisis::solve_from_watched(&s, Method::Auto, None, &watch).unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
}

#[test]
fn a_run_cancelled_midway_stops_within_moments() {
    let s = founding_with_levers(1000);
    let cancel = Cancel::new();
    let (r, done, cancelled_at) = std::thread::scope(|scope| {
        let c = cancel.clone();
        let canceller = scope.spawn(move || {
            std::thread::sleep(Duration::from_millis(300));
            c.cancel();
            Instant::now()
        });
        let r = run_scenario_watched(&s, Method::Auto, &[], &Watch::new(&Quiet, &cancel));
        (r, Instant::now(), canceller.join().unwrap())
    });
    assert!(
        done > cancelled_at,
        "the run ended before it was cancelled: the input is no longer slow"
    );
    let after = done - cancelled_at;
    println!(
        "the run stopped {:.3} s after its token was cancelled",
        after.as_secs_f64()
    );
    let e = r.unwrap_err();
    assert_eq!(e.kind, ErrorKind::Cancelled, "{e}");
    assert!(after < Duration::from_secs(1), "{after:?}");
}
