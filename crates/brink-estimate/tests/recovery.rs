//! Recovery of known generating parameters on the simulated data sets
//! (generating processes as stated in tests/data/README.md and the shared
//! data README).
mod common;
use brink_estimate::*;
use common::*;

fn check(fit: &Fit, truth: &[(&str, &str, f64)]) {
    assert!(fit.converged, "{:?}", fit.convergence);
    for (u, t, v) in truth {
        let c = fit
            .coefficients
            .iter()
            .find(|c| c.utility == *u && c.term == *t)
            .unwrap_or_else(|| panic!("no {u}:{t}"));
        let se = c.se.unwrap();
        let z = (c.estimate - v) / se;
        assert!(
            z.abs() < 3.0,
            "{u}:{t} estimate {} se {se} truth {v}",
            c.estimate
        );
    }
}

#[test]
fn ultimatum_recovers_data_ult() {
    let f = Formula::parse(
        "offer + accept ~ x1 + x2 + x3 + x4 + w1 + w2 | z1 + z2 + z3 + z4 + w1 + w2",
    )
    .unwrap();
    let mut m = ModelOptions::new(ModelKind::Ultimatum);
    m.max_offer = Some(15.0);
    let fit = fit(&data("data_ult.csv"), &f, &m, &FitOptions::default()).unwrap();
    assert_eq!(fit.n, 1500);
    let truth = [
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
        ("log(s2)", "(Intercept)", 0.0),
    ];
    check(&fit, &truth);
}

#[test]
fn egame122_recovers_data_122() {
    let f = Formula::parse("y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2").unwrap();
    let mut m = opts(ModelKind::Egame122, ErrorKind::Agent, Link::Logit);
    m.levels = Some(vec!["LL".into(), "LR".into(), "RL".into(), "RR".into()]);
    let fit = fit(&data("data_122.csv"), &f, &m, &FitOptions::default()).unwrap();
    assert_eq!(fit.n, 1000);
    let truth = [
        ("u11", "(Intercept)", 0.5),
        ("u11", "x1", -0.5),
        ("u11", "x2", 0.5),
        ("u12", "(Intercept)", -0.5),
        ("u12", "x3", 0.5),
        ("u12", "f1b", -0.5),
        ("u12", "f1c", 0.5),
        ("u14", "(Intercept)", 0.5),
        ("u14", "x4", -0.5),
        ("u14", "x5", 0.5),
        ("u22", "(Intercept)", 1.0),
        ("u22", "z1", -1.0),
        ("u22", "z2", 1.0),
        ("u24", "(Intercept)", -1.0),
        ("u24", "z3", 1.0),
        ("u24", "f2b", -1.0),
        ("u24", "f2c", 1.0),
    ];
    check(&fit, &truth);
    // The action-dummy coding of the outcome gives the same fit.
    let f2 =
        Formula::parse("a1 + a2 ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2").unwrap();
    m.levels = None;
    let fit2 = brink_estimate::fit(&data("data_122.csv"), &f2, &m, &FitOptions::default()).unwrap();
    assert!((fit.loglik - fit2.loglik).abs() < 1e-8);
}

#[test]
fn egame123_fits_data_123_in_both_codings() {
    // No generating process is documented for data_123: check that the fit
    // converges from every start to one optimum, with a negative definite
    // Hessian, and that the outcome codings (1, 3, 5, 6) and the three
    // action dummies agree.
    let rhs = "x1 | x2 - 1 | x3 - 1 | x4 - 1 | x5 | x6 - 1 | x7 - 1 | x8";
    let m = opts(ModelKind::Egame123, ErrorKind::Agent, Link::Probit);
    let ds = data("data_123.csv");
    let f = Formula::parse(&format!("y ~ {rhs}")).unwrap();
    let fit = fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    assert!(fit.converged);
    assert_eq!(fit.starts.reached_best, fit.starts.tried);
    assert!(fit.coefficients.iter().all(|c| c.se.is_some()));
    let f2 = Formula::parse(&format!("a1 + a2 + a3 ~ {rhs}")).unwrap();
    let (pb, _) = build_problem(&ds, &f2, &m).unwrap();
    let theta: Vec<f64> = fit.coefficients.iter().map(|c| c.estimate).collect();
    assert!((pb.loglik(&theta, None) - fit.loglik).abs() < 1e-9);
    // Private information fits too.
    let mp = opts(ModelKind::Egame123, ErrorKind::Private, Link::Probit);
    let fp = brink_estimate::fit(&ds, &f, &mp, &FitOptions::default()).unwrap();
    assert!(fp.converged);
}

#[test]
fn ultimatum_student_offers_with_fixed_s2() {
    // R's `games` stops at local optima here; the multistart must converge
    // to a finite optimum at least as good as its backward-induction start,
    // with log(s2) fixed at log 1 = 0.
    let f = Formula::parse("offer + accept ~ gender1 | gender2").unwrap();
    let mut m = ModelOptions::new(ModelKind::Ultimatum);
    m.max_offer = Some(100.0);
    m.s2 = Some(1.0);
    let fit = fit(&data("student_offers.csv"), &f, &m, &FitOptions::default()).unwrap();
    assert!(fit.converged);
    assert!(fit.loglik.is_finite() && fit.loglik >= fit.starts.sbi_loglik);
    assert_eq!(fit.starts.tried, 6);
    assert_eq!(fit.coefficients.len(), 5);
    assert_eq!(fit.fixed_utilities, vec![("log(s2)".to_string(), 0.0)]);
}
