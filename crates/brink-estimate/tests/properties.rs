//! Property tests: the log-likelihood (and its derivatives) is finite
//! everywhere in the parameter space, and the analytic gradient and Hessian
//! match finite differences.
mod common;
use brink_estimate::*;
use common::*;
use proptest::prelude::*;
use std::sync::OnceLock;

fn problems() -> &'static Vec<(String, Problem)> {
    static P: OnceLock<Vec<(String, Problem)>> = OnceLock::new();
    P.get_or_init(|| {
        let mut v = vec![];
        let mut add = |name: &str, file: &str, formula: &str, m: ModelOptions| {
            let f = Formula::parse(formula).unwrap();
            let pb = build_problem(&data(file), &f, &m).unwrap().0;
            v.push((name.to_string(), pb));
        };
        for (e, l) in [
            (ErrorKind::Agent, Link::Probit),
            (ErrorKind::Agent, Link::Logit),
            (ErrorKind::Private, Link::Probit),
        ] {
            add(
                "egame12",
                "war1800.csv",
                WAR_FORMULA,
                opts(ModelKind::Egame12, e, l),
            );
            let mut s = opts(ModelKind::Egame12, e, l);
            s.scale_formula = Some("~ s_wt_re2".into());
            add("egame12+scale", "war1800.csv", WAR_FORMULA, s);
            let mut m = opts(ModelKind::Egame122, e, l);
            m.levels = Some(vec!["LL".into(), "LR".into(), "RL".into(), "RR".into()]);
            add(
                "egame122",
                "data_122.csv",
                "y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2",
                m,
            );
            add(
                "egame123",
                "data_123.csv",
                "y ~ x1 | x2 - 1 | x3 - 1 | x4 - 1 | x5 | x6 - 1 | x7 - 1 | x8",
                opts(ModelKind::Egame123, e, l),
            );
        }
        let mut u = ModelOptions::new(ModelKind::Ultimatum);
        u.max_offer = Some(15.0);
        add(
            "ultimatum",
            "data_ult.csv",
            "offer + accept ~ x1 + x2 + w1 | z1 + z2 + w2",
            u.clone(),
        );
        u.max_offer = Some(100.0);
        u.s2 = Some(1.0);
        add(
            "ultimatum-s2",
            "student_offers.csv",
            "offer + accept ~ gender1 | gender2",
            u,
        );
        v
    })
}

fn huge() -> impl Strategy<Value = f64> {
    prop_oneof![
        -1e300..1e300f64,
        -1e12..1e12f64,
        -800.0..800.0f64,
        Just(f64::MAX),
        Just(-f64::MAX),
        Just(0.0)
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    #[test]
    fn loglik_is_finite_everywhere(which in 0usize..14, raw in prop::collection::vec(huge(), 40)) {
        let (name, pb) = &problems()[which % problems().len()];
        let theta = &raw[..pb.n_params()];
        let ll = pb.loglik(theta, None);
        let discrete = !name.starts_with("ultimatum");
        prop_assert!(ll.is_finite() && (ll <= 0.0 || !discrete), "{name}: {ll} at {theta:?}");
        let (l2, g) = pb.gradient(theta, None);
        prop_assert!(l2.is_finite() && g.iter().all(|x| x.is_finite()), "{name}: gradient {g:?}");
        let (_, _, h) = pb.hessian(theta, None);
        prop_assert!(h.iter().all(|x| x.is_finite()), "{name}: hessian");
        prop_assert!(pb.loglik_obs(theta).iter().all(|x| x.is_finite() && (*x <= 0.0 || !discrete)));
    }

    #[test]
    fn gradient_and_hessian_match_finite_differences(
        which in 0usize..14,
        raw in prop::collection::vec(-1.5..1.5f64, 40),
    ) {
        let (name, pb) = &problems()[which % problems().len()];
        let theta: Vec<f64> = raw[..pb.n_params()].to_vec();
        let (ll, g, h) = pb.hessian(&theta, None);
        let (_, g1) = pb.gradient(&theta, None);
        let p = theta.len();
        for a in 0..p {
            prop_assert!((g[a] - g1[a]).abs() <= 1e-9 * (1.0 + g[a].abs()));
            // Central differences with Richardson extrapolation.
            let step = 1e-3;
            let at = |d: f64| {
                let mut t = theta.clone();
                t[a] += d;
                t
            };
            let d1 = |hh: f64| (pb.loglik(&at(hh), None) - pb.loglik(&at(-hh), None)) / (2.0 * hh);
            let (r1, r2) = (d1(step), d1(step / 2.0));
            let fd = (4.0 * d1(step / 4.0) - r2) / 3.0;
            // The truncation error left after extrapolation, estimated by
            // the extrapolation one step coarser: steep likelihoods (large
            // fifth derivatives) need it, a wrong derivative is far outside it.
            let truncation = ((4.0 * r2 - r1) / 3.0 - fd).abs();
            // Rounding noise of the differenced sums, relative to their size.
            let noise = 1e-13 * (1.0 + ll.abs()) / (step / 4.0);
            prop_assert!((fd - g[a]).abs() <= 1e-5 * (1.0 + g[a].abs()) + noise + 4.0 * truncation,
                "{name}: d/d{a}: analytic {} fd {fd}", g[a]);
            let d2 = |hh: f64| {
                let (_, gp) = pb.gradient(&at(hh), None);
                let (_, gm) = pb.gradient(&at(-hh), None);
                gp.iter().zip(&gm).map(|(x, y)| (x - y) / (2.0 * hh)).collect::<Vec<f64>>()
            };
            let (big, small, smaller) = (d2(step), d2(step / 2.0), d2(step / 4.0));
            for b in 0..p {
                let fdh = (4.0 * smaller[b] - small[b]) / 3.0;
                let truncation = ((4.0 * small[b] - big[b]) / 3.0 - fdh).abs();
                let an = h[a * p + b];
                let noise = 1e-13 * (1.0 + ll.abs()) / (step / 4.0);
                prop_assert!((fdh - an).abs() <= 1e-5 * (1.0 + an.abs()) + noise + 4.0 * truncation,
                    "{name}: H[{a}][{b}]: analytic {an} fd {fdh}");
            }
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// Arbitrary formulas and CSV text give errors, never panics.
    #[test]
    fn arbitrary_input_never_panics(
        formula in "[yxz01 +~|:*`()-]{0,30}",
        csv in "[yxz0-9a.,\\n-]{0,80}",
        model in 0usize..4,
    ) {
        let _ = Formula::parse(&formula);
        let kind = [ModelKind::Egame12, ModelKind::Egame122, ModelKind::Egame123, ModelKind::Ultimatum][model];
        let mut m = ModelOptions::new(kind);
        m.max_offer = Some(10.0);
        if let (Ok(ds), Ok(f)) = (Dataset::from_csv_bytes(csv.as_bytes(), "t"), Formula::parse(&formula)) {
            let _ = fit(&ds, &f, &m, &FitOptions { starts: 1, ..Default::default() });
        }
    }
}
