//! Oracle: Signorino's published strategic probit on war1800.
mod common;
use brink_estimate::*;
use common::*;

fn problem(errors: ErrorKind) -> Problem {
    let f = Formula::parse(WAR_FORMULA).unwrap();
    build_problem(
        &data("war1800.csv"),
        &f,
        &opts(ModelKind::Egame12, errors, Link::Probit),
    )
    .unwrap()
    .0
}

#[test]
fn published_coefficients_give_published_loglik() {
    let pb = problem(ErrorKind::Private);
    assert_eq!(pb.n(), 313);
    let ll = pb.loglik(&WAR_PUBLISHED, None);
    assert!((ll - WAR_PUBLISHED_LL).abs() < 1e-6, "{ll}");
}

#[test]
fn agent_error_differs_from_private_information() {
    let ll = problem(ErrorKind::Agent).loglik(&WAR_PUBLISHED, None);
    println!("agent loglik at published coefficients: {ll}");
    assert!((ll - (-323.73)).abs() < 0.01, "{ll}");
}

#[test]
fn fit_reproduces_published_estimates() {
    let f = Formula::parse(WAR_FORMULA).unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    let fit = fit(&data("war1800.csv"), &f, &m, &FitOptions::default()).unwrap();
    assert!(fit.converged);
    assert_eq!(fit.n, 313);
    // The maximum can only be at or above the published value.
    assert!(fit.loglik >= WAR_PUBLISHED_LL - 1e-7, "{}", fit.loglik);
    assert!(fit.loglik <= WAR_PUBLISHED_LL + 1e-5, "{}", fit.loglik);
    assert_eq!(fit.coefficients.len(), 6);
    for (c, p) in fit.coefficients.iter().zip(WAR_PUBLISHED) {
        assert!(
            (c.estimate - p).abs() <= 1e-3 * p.abs().max(1.0),
            "{} {}: {} vs {p}",
            c.utility,
            c.term,
            c.estimate
        );
        assert!(c.se.unwrap() > 0.0);
    }
    let names: Vec<(String, String)> = fit
        .coefficients
        .iter()
        .map(|c| (c.utility.clone(), c.term.clone()))
        .collect();
    let expect = [
        ("u11", "peaceyrs"),
        ("u11", "s_wt_re1"),
        ("u13", "(Intercept)"),
        ("u14", "balanc"),
        ("u24", "(Intercept)"),
        ("u24", "balanc"),
    ];
    for (a, b) in names.iter().zip(expect) {
        assert_eq!((a.0.as_str(), a.1.as_str()), b);
    }
    // AIC closed form.
    assert!((fit.aic - (-2.0 * fit.loglik + 12.0)).abs() < 1e-9);
    // JSON has the documented shape.
    let j: serde_json::Value = serde_json::to_value(&fit).unwrap();
    for key in ["model", "n", "loglik", "aic", "converged", "coefficients"] {
        assert!(j.get(key).is_some(), "{key}");
    }
    assert_eq!(j["model"], "egame12");
    assert_eq!(j["coefficients"][2]["term"], "(Intercept)");
    assert!(j["coefficients"][0]["se"].is_number());
}

#[test]
fn outcome_codings_agree() {
    // Dummies (esc + war) and a numeric outcome (1, 3, 4) give the same fit.
    let ds = data("war1800.csv");
    let esc = ds.numeric("esc").unwrap();
    let war = ds.numeric("war").unwrap();
    let mut csv = String::from("y,label,peaceyrs,s_wt_re1,balanc\n");
    let (p, s, b) = (
        ds.numeric("peaceyrs").unwrap(),
        ds.numeric("s_wt_re1").unwrap(),
        ds.numeric("balanc").unwrap(),
    );
    for i in 0..ds.nrows {
        let (y, l) = match (esc[i] == 1.0, war[i] == 1.0) {
            (false, _) => (1, "sq"),
            (true, false) => (3, "capit"),
            (true, true) => (4, "war"),
        };
        csv.push_str(&format!("{y},{l},{},{},{}\n", p[i], s[i], b[i]));
    }
    let ds2 = Dataset::from_csv_bytes(csv.as_bytes(), "t").unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    let rhs = "peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc";
    let ll = |ds: &Dataset, lhs: &str, m: &ModelOptions| {
        let f = Formula::parse(&format!("{lhs} ~ {rhs}")).unwrap();
        build_problem(ds, &f, m)
            .unwrap()
            .0
            .loglik(&WAR_PUBLISHED, None)
    };
    let a = ll(&ds, "esc + war", &m);
    let b = ll(&ds2, "y", &m);
    let mut m2 = m.clone();
    m2.levels = Some(vec!["sq".into(), "capit".into(), "war".into()]);
    let c = ll(&ds2, "label", &m2);
    assert!(
        (a - b).abs() < 1e-12 && (a - c).abs() < 1e-12,
        "{a} {b} {c}"
    );
}
