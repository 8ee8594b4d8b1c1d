//! Predicted outcome probabilities against one regressor, with simulated
//! confidence bands, as `games::predProbs` computes them (Kenkel and
//! Signorino 2014): the other regressors are held at their median (numeric)
//! or mode (factors) over the observations the model was fitted to, the
//! chosen one runs over its observed range on an even grid, and the bands
//! are quantiles of the predictions under coefficients drawn from their
//! asymptotic normal distribution `N(theta_hat, vcov)`.

use crate::data::Dataset;
use crate::error::{EstimateError, Result};
use crate::fit::Fit;
use crate::formula::Formula;
use crate::models::ModelKind;
use nalgebra::{DMatrix, SymmetricEigen};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// What to compute.
#[derive(Clone, Debug)]
pub struct PredProbsOptions {
    /// The regressor to vary (a numeric column used by the model).
    pub var: String,
    /// Grid points over the regressor's observed range (at least 2).
    pub n_points: usize,
    /// Confidence level of the bands, in (0, 1).
    pub ci: f64,
    /// Coefficient draws behind the bands.
    pub sims: usize,
    /// Seed of the coefficient draws.
    pub seed: u64,
}

impl Default for PredProbsOptions {
    /// `games::predProbs`'s defaults: 100 points, 95% bands, 1000 draws.
    fn default() -> Self {
        Self {
            var: String::new(),
            n_points: 100,
            ci: 0.95,
            sims: 1000,
            seed: 1,
        }
    }
}

impl PredProbsOptions {
    /// Checks the numbers, so that a bad option fails before a long fit.
    pub fn validate(&self) -> Result<()> {
        if self.n_points < 2 {
            return Err(EstimateError::Spec(format!(
                "--n-points must be at least 2, got {}",
                self.n_points
            )));
        }
        if !(self.ci > 0.0 && self.ci < 1.0) {
            return Err(EstimateError::Spec(format!(
                "--ci must lie strictly between 0 and 1, got {}",
                self.ci
            )));
        }
        if self.sims < 2 {
            return Err(EstimateError::Spec(format!(
                "--sims must be at least 2, got {}",
                self.sims
            )));
        }
        Ok(())
    }
}

/// Lower and upper edges of the confidence bands, `[outcome][grid point]`.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Band {
    /// Lower edges.
    pub lower: Vec<Vec<f64>>,
    /// Upper edges.
    pub upper: Vec<Vec<f64>>,
}

/// Predicted probabilities over a grid of one regressor.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct PredProbs {
    /// The varied regressor.
    pub var: String,
    /// Its grid values, increasing.
    pub x: Vec<f64>,
    /// Outcome labels, in the model's order.
    pub outcomes: Vec<String>,
    /// Predictions at the estimates, `[outcome][grid point]`.
    pub fit: Vec<Vec<f64>>,
    /// Confidence bands; `None` when the fit has no variance matrix
    /// (a Hessian that is not negative definite).
    pub band: Option<Band>,
    /// The other regressors and the values they are held at (a number's
    /// text, or a factor level).
    pub held: Vec<(String, String)>,
    /// Confidence level.
    pub ci: f64,
    /// Coefficient draws.
    pub sims: usize,
    /// Seed of the draws.
    pub seed: u64,
}

/// The regressors a specification uses, in order of first use: the
/// variables of every utility that is not fixed, then of the scale formula.
pub fn spec_variables(
    formula: &Formula,
    kind: ModelKind,
    fixed: &[(String, f64)],
    scale_formula: Option<&str>,
) -> Result<Vec<String>> {
    let mut vars: Vec<String> = vec![];
    let mut add = |names: Vec<String>| {
        for v in names {
            if !vars.contains(&v) {
                vars.push(v);
            }
        }
    };
    for (k, part) in formula.parts.iter().enumerate() {
        let is_fixed = kind
            .utility_names()
            .get(k)
            .is_some_and(|u| fixed.iter().any(|(n, _)| n == u));
        if !is_fixed {
            add(part
                .terms
                .iter()
                .flat_map(|t| t.0.iter().cloned())
                .collect());
        }
    }
    if let Some(s) = scale_formula {
        let text = if s.contains('~') {
            s.to_string()
        } else {
            format!("~ {s}")
        };
        add(Formula::parse(&text)?.rhs_variables());
    }
    Ok(vars)
}

/// The regressors the fitted model uses (see [`spec_variables`]).
pub fn model_variables(fit: &Fit) -> Result<Vec<String>> {
    spec_variables(
        &Formula::parse(&fit.formula)?,
        fit.model,
        &fit.fixed,
        fit.scale_formula.as_deref(),
    )
}

/// Checks that `var` can be varied: a numeric regressor among `vars` of an
/// egame model. `is_factor` says which regressors are factors, `in_data`
/// whether `var` is a column of the data at all; errors list the usable
/// regressors.
pub fn check_var(
    kind: ModelKind,
    var: &str,
    vars: &[String],
    is_factor: impl Fn(&str) -> bool,
    in_data: bool,
) -> Result<()> {
    if kind == ModelKind::Ultimatum {
        return Err(EstimateError::Spec(
            "--plot-probs draws outcome probabilities of the egame models; the ultimatum game predicts an offer (use `brink predict`)".into(),
        ));
    }
    let numeric: Vec<&str> = vars
        .iter()
        .map(String::as_str)
        .filter(|v| !is_factor(v))
        .collect();
    let usable = if numeric.is_empty() {
        "the model has no numeric regressor".to_string()
    } else {
        format!("usable: {}", numeric.join(", "))
    };
    if !vars.iter().any(|v| v == var) {
        let what = if in_data {
            "is a column of the data but not a regressor of the model"
        } else {
            "is not a regressor of the model"
        };
        return Err(EstimateError::Spec(format!(
            "--plot-probs: '{var}' {what} ({usable})"
        )));
    }
    if is_factor(var) {
        return Err(EstimateError::Spec(format!(
            "--plot-probs: '{var}' is a factor (text column); the curves need a numeric regressor ({usable})"
        )));
    }
    Ok(())
}

/// Outcome labels as `games` writes them when the outcome is coded by
/// action dummies (`~esc`, `esc,~war`, `esc,war`); otherwise the fit's own.
pub fn outcome_labels(fit: &Fit) -> Vec<String> {
    let lhs = match Formula::parse(&fit.formula) {
        Ok(f) => f.lhs,
        Err(_) => return fit.outcomes.clone(),
    };
    let kind = fit.model;
    if kind == ModelKind::Ultimatum || lhs.len() < 2 || lhs.len() != kind.n_dummies() {
        return fit.outcomes.clone();
    }
    let mark = |d: &str, on: bool| if on { d.to_string() } else { format!("~{d}") };
    match kind {
        // Player 2 moves after either move of player 1: both dummies count.
        ModelKind::Egame122 => (0..4)
            .map(|k| format!("{},{}", mark(&lhs[0], k >= 2), mark(&lhs[1], k % 2 == 1)))
            .collect(),
        // A sequence that stops at the first dummy that is 0.
        _ => (0..=lhs.len())
            .map(|k| {
                (0..=k.min(lhs.len() - 1))
                    .map(|j| mark(&lhs[j], j < k))
                    .collect::<Vec<_>>()
                    .join(",")
            })
            .collect(),
    }
}

/// R's `median`: the middle value, or the mean of the two middle ones.
fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    let n = v.len();
    if n % 2 == 1 {
        v[n / 2]
    } else {
        0.5 * (v[n / 2 - 1] + v[n / 2])
    }
}

/// The most frequent level; ties go to the first level in sorted order,
/// as R's `which.max(table(x))` does.
fn mode<'a>(cells: impl Iterator<Item = &'a str>) -> Option<String> {
    let mut counts = std::collections::BTreeMap::<&str, usize>::new();
    for c in cells {
        *counts.entry(c).or_default() += 1;
    }
    let best = counts.values().copied().max()?;
    counts
        .into_iter()
        .find(|&(_, n)| n == best)
        .map(|(l, _)| l.to_string())
}

/// Sample quantile by linear interpolation (R's default, type 7) of sorted `v`.
fn quantile(sorted: &[f64], q: f64) -> f64 {
    let h = (sorted.len() - 1) as f64 * q;
    let lo = h.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    sorted[lo] + (h - lo as f64) * (sorted[hi] - sorted[lo])
}

/// A factor `L` with `L L' = a` of a positive semi-definite `a` (both
/// row-major, `p x p`): the Cholesky factor where `a` is positive definite,
/// otherwise `V sqrt(max(D, 0))` from its eigendecomposition, the factor
/// MASS::mvrnorm (behind `games::predProbs`) uses. Draws then do not move
/// along a null direction, which is what a singular variance says. An
/// eigenvalue below -1e-8 times the largest variance is no rounding error.
fn cholesky_psd(a: &[f64], p: usize) -> Result<Vec<f64>> {
    let not_psd = || {
        EstimateError::Spec(
            "the variance matrix of the estimates is not positive semi-definite: no confidence bands".into(),
        )
    };
    if a.iter().any(|x| !x.is_finite()) {
        return Err(not_psd());
    }
    let m = DMatrix::from_row_slice(p, p, a);
    if let Some(c) = m.clone().cholesky() {
        // Kept first: a positive definite variance draws what it always has.
        return Ok(c.l().transpose().data.into());
    }
    let scale = m.diagonal().abs().max();
    // The iteration limit only guards against a matrix the QR iteration
    // cannot settle; a few dozen sweeps suffice for finite ones.
    let eig = SymmetricEigen::try_new(m, f64::EPSILON, 10_000).ok_or_else(not_psd)?;
    if eig
        .eigenvalues
        .iter()
        .any(|&v| v < -1e-8 * scale.max(f64::MIN_POSITIVE))
    {
        return Err(not_psd());
    }
    let roots = eig.eigenvalues.map(|v| v.max(0.0).sqrt());
    let l = eig.eigenvectors * DMatrix::from_diagonal(&roots);
    Ok(l.transpose().data.into())
}

/// Where the predictions are made.
#[derive(Clone, Debug)]
pub struct Grid {
    /// Values of the varied regressor, increasing.
    pub x: Vec<f64>,
    /// One row per grid point, with every regressor of the model.
    pub data: Dataset,
    /// The other regressors and the values they are held at.
    pub held: Vec<(String, String)>,
}

/// The prediction grid over `var`: its observed range among the rows of
/// `ds` the model was fitted to (complete in every response and
/// regressor), the other regressors held at their median or mode there.
pub fn grid(fit: &Fit, ds: &Dataset, var: &str, n_points: usize) -> Result<Grid> {
    if n_points < 2 {
        return Err(EstimateError::Spec(format!(
            "--n-points must be at least 2, got {n_points}"
        )));
    }
    let vars = model_variables(fit)?;
    check_var(
        fit.model,
        var,
        &vars,
        |v| fit.xlevels.contains_key(v),
        ds.require(var).is_ok(),
    )?;
    let formula = Formula::parse(&fit.formula)?;
    let mut used = formula.lhs.clone();
    used.extend(vars.iter().cloned());
    for c in &used {
        ds.require(c)?;
    }
    let mut rows = vec![];
    for r in 0..ds.nrows {
        let mut complete = true;
        for c in &used {
            complete &= !ds.is_missing(c, r)?;
        }
        if complete {
            rows.push(r);
        }
    }
    if rows.len() != fit.n {
        return Err(EstimateError::Spec(format!(
            "the data have {} complete rows but the model was fitted to {}: pass the data it was fitted to",
            rows.len(),
            fit.n
        )));
    }
    let mut held = vec![];
    let mut columns: Vec<Vec<String>> = vec![];
    let mut x = vec![];
    for v in &vars {
        if let Some(levels) = fit.xlevels.get(v) {
            let t = ds.text(v)?;
            let m = mode(rows.iter().filter_map(|&r| t[r]))
                .or_else(|| levels.first().cloned())
                .unwrap_or_default();
            held.push((v.clone(), m.clone()));
            columns.push(vec![m; n_points]);
            continue;
        }
        let col = ds.numeric(v)?;
        let obs: Vec<f64> = rows.iter().map(|&r| col[r]).collect();
        if v == var && obs.iter().all(|&o| o == 0.0 || o == 1.0) {
            // A dummy is shown at its two values only, as predProbs does:
            // predictions in between describe no observation.
            x = vec![0.0, 1.0];
            columns.push(vec!["0".into(), "1".into()]);
        } else if v == var {
            let lo = obs.iter().copied().fold(f64::INFINITY, f64::min);
            let hi = obs.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            if hi <= lo {
                return Err(EstimateError::Spec(format!(
                    "--plot-probs: '{var}' takes the single value {lo} in the data: there is no range to vary it over"
                )));
            }
            let step = (hi - lo) / (n_points - 1) as f64;
            x = (0..n_points)
                .map(|i| {
                    if i == n_points - 1 {
                        hi
                    } else {
                        lo + step * i as f64
                    }
                })
                .collect();
            columns.push(x.iter().map(|v| v.to_string()).collect());
        } else {
            let m = median(obs);
            held.push((v.clone(), m.to_string()));
            columns.push(vec![m.to_string(); n_points]);
        }
    }
    let mut w = csv::Writer::from_writer(vec![]);
    let csv_err = |e: csv::Error| EstimateError::Csv(format!("prediction grid: {e}"));
    w.write_record(&vars).map_err(csv_err)?;
    for i in 0..x.len() {
        w.write_record(columns.iter().map(|c| c[i].as_str()))
            .map_err(csv_err)?;
    }
    let bytes = w
        .into_inner()
        .map_err(|e| EstimateError::Csv(format!("prediction grid: {e}")))?;
    let data = Dataset::from_csv_bytes(&bytes, "prediction grid")?;
    Ok(Grid { x, data, held })
}

/// Predictions of `fit` on `data`, `[outcome][row]`.
fn predict_columns(fit: &Fit, data: &Dataset) -> Result<Vec<Vec<f64>>> {
    let p = fit.predict(data)?;
    let k = p.columns.len();
    Ok((0..k)
        .map(|j| p.values.iter().map(|row| row[j]).collect())
        .collect())
}

/// Predicted probabilities of each outcome over a grid of `opts.var`, with
/// bands from `opts.sims` coefficient draws (reproducible for a seed).
/// `ds` must be the data the model was fitted to.
pub fn pred_probs(fit: &Fit, ds: &Dataset, opts: &PredProbsOptions) -> Result<PredProbs> {
    opts.validate()?;
    let Grid { x, data, held } = grid(fit, ds, &opts.var, opts.n_points)?;
    let point = predict_columns(fit, &data)?;
    let p = fit.coefficients.len();
    let band = match &fit.vcov {
        None => None,
        Some(v) if v.len() != p * p => {
            return Err(EstimateError::Spec(format!(
                "the variance matrix has {} entries, expected {p} x {p}",
                v.len()
            )))
        }
        Some(v) => {
            let l = cholesky_psd(v, p)?;
            let theta: Vec<f64> = fit.coefficients.iter().map(|c| c.estimate).collect();
            // All draws come from one stream, in order, before any work is
            // shared among threads: the bands do not depend on the thread count.
            let mut rng = ChaCha8Rng::seed_from_u64(opts.seed);
            let normal = statrs::distribution::Normal::new(0.0, 1.0)
                .map_err(|e| EstimateError::Spec(e.to_string()))?;
            let draws: Vec<Vec<f64>> = (0..opts.sims)
                .map(|_| {
                    let z: Vec<f64> = (0..p).map(|_| rng.sample(normal)).collect();
                    (0..p)
                        .map(|i| theta[i] + (0..p).map(|k| l[i * p + k] * z[k]).sum::<f64>())
                        .collect()
                })
                .collect();
            let sims: Vec<Vec<Vec<f64>>> = draws
                .par_iter()
                .map(|d| {
                    let mut f = fit.clone();
                    for (c, &t) in f.coefficients.iter_mut().zip(d) {
                        c.estimate = t;
                    }
                    predict_columns(&f, &data)
                })
                .collect::<Result<_>>()?;
            let (qlo, qhi) = ((1.0 - opts.ci) / 2.0, 1.0 - (1.0 - opts.ci) / 2.0);
            let mut lower = vec![vec![0.0; x.len()]; point.len()];
            let mut upper = lower.clone();
            for k in 0..point.len() {
                for i in 0..x.len() {
                    let mut v: Vec<f64> = sims
                        .iter()
                        .map(|s| s[k][i])
                        .filter(|v| v.is_finite())
                        .collect();
                    if v.is_empty() {
                        return Err(EstimateError::Spec(format!(
                            "no finite prediction among the draws at {} = {}",
                            opts.var, x[i]
                        )));
                    }
                    v.sort_by(f64::total_cmp);
                    lower[k][i] = quantile(&v, qlo);
                    upper[k][i] = quantile(&v, qhi);
                }
            }
            Some(Band { lower, upper })
        }
    };
    Ok(PredProbs {
        var: opts.var.clone(),
        x,
        outcomes: outcome_labels(fit),
        fit: point,
        band,
        held,
        ci: opts.ci,
        sims: opts.sims,
        seed: opts.seed,
    })
}

impl PredProbs {
    /// The table behind the picture: one row per grid point and outcome,
    /// columns `x,outcome,fit,lower,upper` (`NA` bands without a variance
    /// matrix).
    pub fn to_csv(&self) -> String {
        let mut w = csv::Writer::from_writer(vec![]);
        let na = "NA".to_string();
        let mut rows: Vec<[String; 5]> = vec![];
        for (i, x) in self.x.iter().enumerate() {
            for (k, o) in self.outcomes.iter().enumerate() {
                let (lo, hi) = match &self.band {
                    Some(b) => (b.lower[k][i].to_string(), b.upper[k][i].to_string()),
                    None => (na.clone(), na.clone()),
                };
                rows.push([x.to_string(), o.clone(), self.fit[k][i].to_string(), lo, hi]);
            }
        }
        // Writing to memory cannot fail.
        let _ = w.write_record(["x", "outcome", "fit", "lower", "upper"]);
        for r in &rows {
            let _ = w.write_record(r);
        }
        String::from_utf8(w.into_inner().unwrap_or_default()).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_mode_follow_r() {
        assert_eq!(median(vec![3.0, 1.0, 2.0]), 2.0);
        assert_eq!(median(vec![4.0, 1.0, 3.0, 2.0]), 2.5);
        assert_eq!(mode(["b", "a", "b", "a", "c"].into_iter()).unwrap(), "a");
        assert_eq!(mode(["c", "b", "c"].into_iter()).unwrap(), "c");
    }

    #[test]
    fn quantile_is_type_7() {
        let v: Vec<f64> = (1..=5).map(f64::from).collect();
        assert_eq!(quantile(&v, 0.0), 1.0);
        assert_eq!(quantile(&v, 1.0), 5.0);
        assert!((quantile(&v, 0.1) - 1.4).abs() < 1e-12);
        assert!((quantile(&v, 0.975) - 4.9).abs() < 1e-12);
    }

    #[test]
    fn cholesky_reproduces_the_matrix_and_skips_null_directions() {
        let a = [4.0, 2.0, 0.0, 2.0, 5.0, 0.0, 0.0, 0.0, 0.0];
        let l = cholesky_psd(&a, 3).unwrap();
        for i in 0..3 {
            for j in 0..3 {
                let s: f64 = (0..3).map(|k| l[i * 3 + k] * l[j * 3 + k]).sum();
                assert!((s - a[i * 3 + j]).abs() < 1e-12, "{i},{j}");
            }
        }
        assert!(cholesky_psd(&[1.0, 0.0, 0.0, -1.0], 2).is_err());
    }
}
