//! Predicted probabilities over one regressor (`--plot-probs`): the grid and
//! the curves against `Fit::predict` on a data frame built by hand, and the
//! simulated bands against what the variance matrix implies.
mod common;
use brink_estimate::predprobs::{grid, pred_probs, PredProbsOptions};
use brink_estimate::*;
use common::*;

const F122: &str = "y ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2";

fn path(name: &str) -> String {
    format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"))
}

fn model122() -> ModelOptions {
    let mut m = opts(ModelKind::Egame122, ErrorKind::Agent, Link::Logit);
    m.levels = Some(vec!["LL".into(), "LR".into(), "RL".into(), "RR".into()]);
    m
}

fn fit122(ds: &Dataset) -> Fit {
    let f = Formula::parse(F122).unwrap();
    fit(ds, &f, &model122(), &FitOptions::default()).unwrap()
}

fn options(var: &str, sims: usize) -> PredProbsOptions {
    PredProbsOptions {
        var: var.into(),
        sims,
        ..PredProbsOptions::default()
    }
}

/// The 1000 rows of data_122 repeated `k` times.
fn data122_times(k: usize) -> Dataset {
    let text = std::fs::read_to_string(path("data_122.csv")).unwrap();
    let (head, body) = text.split_once('\n').unwrap();
    let mut s = format!("{head}\n");
    for _ in 0..k {
        s.push_str(body);
        if !body.ends_with('\n') {
            s.push('\n');
        }
    }
    Dataset::from_csv_bytes(s.as_bytes(), "data_122 x k").unwrap()
}

/// Columns of a CSV file by name, read with a plain split (data_122 has no
/// quoted cells).
fn raw_columns(file: &str) -> Vec<(String, Vec<String>)> {
    let text = std::fs::read_to_string(path(file)).unwrap();
    let mut lines = text.lines();
    let names: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    let mut cols: Vec<(String, Vec<String>)> = names.into_iter().map(|n| (n, vec![])).collect();
    for l in lines.filter(|l| !l.is_empty()) {
        for (c, cell) in cols.iter_mut().zip(l.split(',')) {
            c.1.push(cell.to_string());
        }
    }
    cols
}

#[test]
fn grid_and_curves_equal_predict_on_a_hand_built_frame() {
    let ds = data("data_122.csv");
    let f = fit122(&ds);
    let pp = pred_probs(&f, &ds, &options("x3", 50)).unwrap();

    // The frame predProbs describes, built from the raw file: x3 on 100
    // even steps over its range, numbers at their median, factors at their
    // most frequent level (data_122 has no missing cells).
    let cols = raw_columns("data_122.csv");
    let col = |n: &str| &cols.iter().find(|c| c.0 == n).unwrap().1;
    let nums = |n: &str| -> Vec<f64> { col(n).iter().map(|s| s.parse().unwrap()).collect() };
    let median = |n: &str| {
        let mut v = nums(n);
        v.sort_by(|a, b| a.partial_cmp(b).unwrap());
        (v[499] + v[500]) / 2.0
    };
    let mode = |n: &str| {
        let c = col(n);
        let mut best = (0, String::new());
        for l in ["a", "b", "c"] {
            let k = c.iter().filter(|s| *s == l).count();
            if k > best.0 {
                best = (k, l.to_string());
            }
        }
        best.1
    };
    let x3 = nums("x3");
    let lo = x3.iter().cloned().fold(f64::INFINITY, f64::min);
    let hi = x3.iter().cloned().fold(f64::NEG_INFINITY, f64::max);
    let names = ["x1", "x2", "x3", "f1", "x4", "x5", "z1", "z2", "z3", "f2"];
    let mut csv = names.join(",") + "\n";
    let mut xs = vec![];
    for i in 0..100 {
        let x = lo + (hi - lo) * i as f64 / 99.0;
        xs.push(x);
        let row: Vec<String> = names
            .iter()
            .map(|&n| match n {
                "x3" => format!("{x:e}"),
                "f1" | "f2" => mode(n),
                _ => format!("{:e}", median(n)),
            })
            .collect();
        csv += &(row.join(",") + "\n");
    }
    let frame = Dataset::from_csv_bytes(csv.as_bytes(), "hand-built").unwrap();
    let want = f.predict(&frame).unwrap();

    assert_eq!(pp.x.len(), 100);
    for (a, b) in pp.x.iter().zip(&xs) {
        assert!((a - b).abs() <= 1e-12 * (1.0 + b.abs()), "{a} vs {b}");
    }
    assert_eq!(pp.outcomes, ["LL", "LR", "RL", "RR"]);
    for (i, row) in want.values.iter().enumerate() {
        for (k, w) in row.iter().enumerate() {
            assert!((pp.fit[k][i] - w).abs() < 1e-10, "point {i} outcome {k}");
        }
        assert!((row.iter().sum::<f64>() - 1.0).abs() < 1e-12);
    }
    // The held values are the ones the frame used.
    let held = |n: &str| pp.held.iter().find(|h| h.0 == n).unwrap().1.clone();
    assert_eq!(held("f1"), mode("f1"));
    assert_eq!(held("f2"), mode("f2"));
    assert!((held("z2").parse::<f64>().unwrap() - median("z2")).abs() < 1e-15);
    assert!(pp.held.iter().all(|h| h.0 != "x3"));
    // The curve lies inside its band (draws are centred on the estimate).
    let b = pp.band.as_ref().unwrap();
    for k in 0..4 {
        for i in 0..100 {
            assert!(b.lower[k][i] <= pp.fit[k][i] + 1e-12 && pp.fit[k][i] <= b.upper[k][i] + 1e-12);
        }
    }
}

#[test]
fn a_zero_variance_collapses_the_band_and_a_seed_fixes_it() {
    let ds = data("data_122.csv");
    let mut f = fit122(&ds);
    let a = pred_probs(&f, &ds, &options("z1", 200)).unwrap();
    let b = pred_probs(&f, &ds, &options("z1", 200)).unwrap();
    let other = PredProbsOptions {
        seed: 2,
        ..options("z1", 200)
    };
    let c = pred_probs(&f, &ds, &other).unwrap();
    let (ba, bb, bc) = (a.band.unwrap(), b.band.unwrap(), c.band.unwrap());
    assert_eq!(ba.lower, bb.lower);
    assert_eq!(ba.upper, bb.upper);
    assert_ne!(ba.upper, bc.upper);

    let p = f.coefficients.len();
    f.vcov = Some(vec![0.0; p * p]);
    let z = pred_probs(&f, &ds, &options("z1", 50)).unwrap();
    let band = z.band.unwrap();
    for k in 0..4 {
        for i in 0..z.x.len() {
            assert_eq!(band.lower[k][i], z.fit[k][i]);
            assert_eq!(band.upper[k][i], z.fit[k][i]);
        }
    }
    // Without a variance matrix there is a curve but no band.
    f.vcov = None;
    let n = pred_probs(&f, &ds, &options("z1", 50)).unwrap();
    assert!(n.band.is_none());
    assert_eq!(n.fit, z.fit);
    assert!(n.to_csv().lines().nth(1).unwrap().ends_with(",NA,NA"));
}

#[test]
fn four_times_the_data_halves_the_band() {
    let one = data122_times(1);
    let four = data122_times(4);
    let f1 = fit122(&one);
    let f4 = fit122(&four);
    assert_eq!(f4.n, 4 * f1.n);
    for (a, b) in f1.coefficients.iter().zip(&f4.coefficients) {
        assert!((a.estimate - b.estimate).abs() < 1e-6, "{}", a.term);
        let (s1, s4) = (a.se.unwrap(), b.se.unwrap());
        assert!((s4 / s1 - 0.5).abs() < 1e-6, "{}: {s1} {s4}", a.term);
    }
    let p1 = pred_probs(&f1, &one, &options("x1", 1000)).unwrap();
    let p4 = pred_probs(&f4, &four, &options("x1", 1000)).unwrap();
    assert_eq!(p1.x, p4.x);
    let (b1, b4) = (p1.band.unwrap(), p4.band.unwrap());
    let mut ratios = vec![];
    for k in 0..4 {
        for i in (0..100).step_by(11) {
            let w1 = b1.upper[k][i] - b1.lower[k][i];
            let w4 = b4.upper[k][i] - b4.lower[k][i];
            ratios.push(w4 / w1);
        }
    }
    let mean = ratios.iter().sum::<f64>() / ratios.len() as f64;
    assert!((mean - 0.5).abs() < 0.03, "mean width ratio {mean}");
    for r in &ratios {
        assert!((r - 0.5).abs() < 0.1, "width ratio {r}");
    }
}

#[test]
fn the_band_matches_the_delta_method() {
    let ds = data("data_122.csv");
    let f = fit122(&ds);
    let sims = 4000;
    let pp = pred_probs(&f, &ds, &options("x1", sims)).unwrap();
    let g = grid(&f, &ds, "x1", 100).unwrap();
    let p = f.coefficients.len();
    let v = f.vcov.clone().unwrap();
    let band = pp.band.unwrap();
    let at = |f: &Fit, i: usize, k: usize| f.predict(&g.data).unwrap().values[i][k];
    for i in [10, 50, 90] {
        for k in 0..4 {
            // Central differences of the prediction in every coefficient.
            let grad: Vec<f64> = (0..p)
                .map(|a| {
                    let h = 1e-5 * (1.0 + f.coefficients[a].estimate.abs());
                    let mut up = f.clone();
                    up.coefficients[a].estimate += h;
                    let mut dn = f.clone();
                    dn.coefficients[a].estimate -= h;
                    (at(&up, i, k) - at(&dn, i, k)) / (2.0 * h)
                })
                .collect();
            let var: f64 = (0..p)
                .flat_map(|a| (0..p).map(move |b| (a, b)))
                .map(|(a, b)| grad[a] * v[a * p + b] * grad[b])
                .sum();
            let delta = 2.0 * 1.959964 * var.sqrt();
            let width = band.upper[k][i] - band.lower[k][i];
            // The 2.5% and 97.5% quantiles of 4000 normal draws put about
            // 1.5% of noise (one s.d.) on the width; the curvature of the
            // probabilities in the coefficients adds a little. Seen: 2.5% at most.
            assert!(
                (width / delta - 1.0).abs() < 0.06,
                "point {i} outcome {k}: simulated {width}, delta method {delta}"
            );
        }
    }
}

#[test]
fn unknown_or_unusable_regressors_are_named() {
    let ds = data("data_122.csv");
    let f = fit122(&ds);
    let e = pred_probs(&f, &ds, &options("nope", 10))
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("'nope'") && e.contains("usable: x1, x2, x3, x4, x5, z1, z2, z3"),
        "{e}"
    );
    // A column of the data the formula does not use.
    let e = pred_probs(&f, &ds, &options("a1", 10))
        .unwrap_err()
        .to_string();
    assert!(e.contains("column of the data but not a regressor"), "{e}");
    let e = pred_probs(&f, &ds, &options("f1", 10))
        .unwrap_err()
        .to_string();
    assert!(e.contains("factor"), "{e}");
    for bad in [
        PredProbsOptions {
            n_points: 1,
            ..options("x1", 10)
        },
        PredProbsOptions {
            ci: 1.0,
            ..options("x1", 10)
        },
        PredProbsOptions {
            sims: 1,
            ..options("x1", 10)
        },
    ] {
        assert!(pred_probs(&f, &ds, &bad).is_err());
    }
    // The ultimatum game predicts an offer, not outcome probabilities.
    let vars = vec!["x1".to_string()];
    let e =
        brink_estimate::predprobs::check_var(ModelKind::Ultimatum, "x1", &vars, |_| false, true)
            .unwrap_err()
            .to_string();
    assert!(e.contains("ultimatum"), "{e}");
    assert!(
        brink_estimate::predprobs::check_var(ModelKind::Egame12, "x1", &vars, |_| false, true)
            .is_ok()
    );
    // Other data than the model was fitted to are refused.
    let e = pred_probs(&f, &data122_times(2), &options("x1", 10))
        .unwrap_err()
        .to_string();
    assert!(e.contains("fitted to 1000"), "{e}");
}

#[test]
fn fixed_utilities_and_the_scale_formula_decide_the_usable_regressors() {
    let ds = data("war1800.csv");
    let f = Formula::parse(WAR_FORMULA).unwrap();
    let mut m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    m.fixed = vec![("u11".into(), 0.0)];
    m.scale_formula = Some("~ dem1".into());
    let fit = brink_estimate::fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    let vars = brink_estimate::predprobs::model_variables(&fit).unwrap();
    assert_eq!(vars, ["balanc", "dem1"]);
    let pp = pred_probs(&fit, &ds, &options("dem1", 20)).unwrap();
    assert_eq!(pp.x.first(), Some(&-10.0));
    assert_eq!(pp.x.last(), Some(&10.0));
    let csv = pp.to_csv();
    assert!(
        csv.starts_with("x,outcome,fit,lower,upper\n-10,~esc,"),
        "{csv}"
    );
    assert_eq!(csv.lines().count(), 1 + 100 * 3);
}

#[test]
fn action_dummies_name_the_outcomes_as_games_does() {
    let ds = data("data_122.csv");
    let f =
        Formula::parse("a1 + a2 ~ x1 + x2 | x3 + f1 | 0 | x4 + x5 | z1 + z2 | z3 + f2").unwrap();
    let mut m = model122();
    m.levels = None;
    let f122 = fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    let pp = pred_probs(&f122, &ds, &options("x1", 20)).unwrap();
    assert_eq!(pp.outcomes, ["~a1,~a2", "~a1,a2", "a1,~a2", "a1,a2"]);
    // The same fit with the outcome as labels: same curves.
    let by_label = pred_probs(&fit122(&ds), &ds, &options("x1", 20)).unwrap();
    for k in 0..4 {
        for i in 0..100 {
            assert!((pp.fit[k][i] - by_label.fit[k][i]).abs() < 1e-6);
        }
    }

    let ds = data("data_123.csv");
    let f =
        Formula::parse("a1 + a2 + a3 ~ x1 | x2 - 1 | x3 - 1 | x4 - 1 | x5 | x6 - 1 | x7 - 1 | x8")
            .unwrap();
    let m = opts(ModelKind::Egame123, ErrorKind::Agent, Link::Probit);
    let f123 = fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    let pp = pred_probs(&f123, &ds, &options("x8", 20)).unwrap();
    assert_eq!(pp.outcomes, ["~a1", "a1,~a2", "a1,a2,~a3", "a1,a2,a3"]);
}

#[test]
fn a_dummy_regressor_is_shown_at_0_and_1() {
    let ds = data("war1800.csv");
    let f = Formula::parse("esc + war ~ peaceyrs + revis1 - 1 | 1 | balanc - 1 | balanc").unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    let fit = brink_estimate::fit(&ds, &f, &m, &FitOptions::default()).unwrap();
    let pp = pred_probs(&fit, &ds, &options("revis1", 100)).unwrap();
    assert_eq!(pp.x, [0.0, 1.0]);
    assert_eq!(pp.fit[0].len(), 2);
    assert_eq!(pp.band.unwrap().lower[2].len(), 2);
}
