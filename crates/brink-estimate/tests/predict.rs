//! Prediction, JSON round trip, fixed utilities, scale equations, bootstrap.
mod common;
use brink_estimate::*;
use common::*;

#[test]
fn predictions_round_trip_through_json() {
    let ds = data("war1800.csv");
    let f =
        Formula::parse("esc + war ~ s_wt_re1 + revis1 | 0 | regime1 | balanc + regime2").unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Agent, Link::Probit);
    let fit = fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    // Factor expansion as R names it: treatment dummies after the first level.
    let terms: Vec<String> = fit
        .coefficients
        .iter()
        .map(|c| format!("{}:{}", c.utility, c.term))
        .collect();
    assert!(terms.contains(&"u14:regime1dem".to_string()), "{terms:?}");
    assert!(terms.contains(&"u24:regime2mixed".to_string()), "{terms:?}");
    let json = serde_json::to_string(&fit).unwrap();
    let back: Fit = serde_json::from_str(&json).unwrap();
    let pred = back.predict(&ds).unwrap();
    assert_eq!(pred.columns, vec!["Pr(1)", "Pr(3)", "Pr(4)"]);
    assert_eq!(pred.values.len(), fit.n);
    assert_eq!(pred.dropped, fit.dropped);
    assert!(fit.dropped > 0);
    // The predicted probability of the observed outcomes gives the loglik.
    let esc = ds.numeric("esc").unwrap();
    let war = ds.numeric("war").unwrap();
    let mut ll = 0.0;
    for (&row, v) in pred.rows.iter().zip(&pred.values) {
        let i = row - 1;
        assert!((v.iter().sum::<f64>() - 1.0).abs() < 1e-12);
        let k = if esc[i] == 0.0 {
            0
        } else if war[i] == 0.0 {
            1
        } else {
            2
        };
        ll += v[k].ln();
    }
    assert!((ll - fit.loglik).abs() < 1e-8, "{ll} {}", fit.loglik);
    // A level unseen in fitting is refused.
    let text = "s_wt_re1,revis1,regime1,balanc,regime2\n0.1,1,weird,0.5,dem\n";
    let nd = Dataset::from_csv_bytes(text.as_bytes(), "new").unwrap();
    let e = back.predict(&nd).unwrap_err().to_string();
    assert!(e.contains("regime1") && e.contains("weird"), "{e}");
}

#[test]
fn ultimatum_prediction_matches_closed_form() {
    // With R1 = R2 = 0, s2 = 1 and Q = 1: E(offer) = 1 - (1 + W(exp(0))) =
    // -W(1) = -0.5671432904097838 (the omega constant).
    let spec = ModelSpec {
        kind: ModelKind::Ultimatum,
        errors: ErrorKind::Agent,
        link: Link::Logit,
        scale: false,
        max_offer: 1.0,
        offer_tol: 1e-8,
        outcome: UltimatumOutcome::Both,
    };
    let p = spec.predict_obs(&[0.0, 0.0, 0.0, 0.0]);
    assert!((p[0] + 0.567_143_290_409_783_8).abs() < 1e-12);
    assert!((p[1] - 1.0 / (1.0 + 0.567_143_290_409_783_8f64.exp())).abs() < 1e-12);
}

#[test]
fn fixed_utilities_and_scale_equation() {
    let ds = data("war1800.csv");
    let f = Formula::parse("esc + war ~ 1 | 0 | 1 | 1").unwrap();
    let mut m = opts(ModelKind::Egame12, ErrorKind::Agent, Link::Probit);
    m.fixed = vec![
        ("u11".into(), 0.0),
        ("u13".into(), 1.0),
        ("u14".into(), -1.0),
        ("u24".into(), 0.5),
    ];
    let fit1 = fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    assert_eq!(fit1.coefficients.len(), 1);
    assert_eq!(fit1.coefficients[0].utility, "log(sigma)");
    assert!(fit1.converged);
    let mut m2 = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    m2.scale_formula = Some("~ balanc".into());
    let f2 = Formula::parse(WAR_FORMULA).unwrap();
    let fit2 = fit(&ds, &f2, &m2, &FitOptions::default()).unwrap();
    assert_eq!(fit2.coefficients.len(), 8);
    assert!(fit2.loglik >= WAR_PUBLISHED_LL - 1e-6);
}

#[test]
fn bootstrap_is_reproducible() {
    let ds = data("war1800.csv");
    let f = Formula::parse(WAR_FORMULA).unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    let o = FitOptions {
        bootstrap: 20,
        seed: 7,
        ..Default::default()
    };
    let a = fit(&ds, &f, &m, &o).unwrap();
    let b = fit(&ds, &f, &m, &o).unwrap();
    for (x, y) in a.coefficients.iter().zip(&b.coefficients) {
        let (bx, by) = (x.bootstrap_se.unwrap(), y.bootstrap_se.unwrap());
        assert_eq!(bx, by);
        // Same order of magnitude as the Hessian standard error.
        let r = bx / x.se.unwrap();
        assert!(r > 0.3 && r < 3.0, "{} {r}", x.term);
    }
    assert_eq!(a.bootstrap.as_ref().unwrap().replicates, 20);
}
