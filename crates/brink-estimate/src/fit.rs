//! Maximum-likelihood fitting: statistical backward induction plus
//! multistart (in parallel), Newton iterations with the exact Hessian,
//! standard errors from the inverse Hessian, and the bootstrap.

use crate::ad::{pnorm, Link};
use crate::build::{build_problem, check_spec, index_specs, DataInfo, ModelOptions};
use crate::data::{build_design, Dataset, XLevels};
use crate::error::{EstimateError, Result};
use crate::formula::{Formula, Part};
use crate::likelihood::Problem;
use crate::models::{ErrorKind, ModelKind, ModelSpec, UltimatumOutcome};
use crate::optim::{
    is_positive_definite, maximize, maximize_from, maximize_near, spd_inverse, Convergence, Known,
    Objective, OptimOptions,
};
use crate::sbi::{sbi_start, ultimatum_starts};
use brink_game::progress::Watch;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use rayon::prelude::*;
use serde::{Deserialize, Serialize};

/// Options of the fitting procedure.
#[derive(Clone, Debug)]
pub struct FitOptions {
    /// Number of starting points (the first is statistical backward
    /// induction, the rest random perturbations of it; the ultimatum game
    /// also starts from the `games` package's values and from zero
    /// reservation values). 0 chooses automatically: 2 for the egame
    /// models, 6 for the ultimatum game, whose likelihood has many local
    /// optima.
    pub starts: usize,
    /// Seed for the random starts and the bootstrap.
    pub seed: u64,
    /// Bootstrap replicates (0: none).
    pub bootstrap: usize,
}

impl Default for FitOptions {
    fn default() -> Self {
        Self {
            starts: 0,
            seed: 1,
            bootstrap: 0,
        }
    }
}

/// One estimated (or fixed) coefficient.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Coefficient {
    /// The utility (or scale) equation: `u11`, `R1`, `log(sigma)`, ...
    pub utility: String,
    /// The regressor, `(Intercept)` for the constant.
    pub term: String,
    /// Estimate.
    pub estimate: f64,
    /// Standard error from the inverse Hessian (None if not available).
    pub se: Option<f64>,
    /// Bootstrap standard error, if bootstrapped.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bootstrap_se: Option<f64>,
}

/// Summary of the multistart.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct StartsReport {
    /// Starting points tried.
    pub tried: usize,
    /// How many reached the best log-likelihood (within 1e-6).
    pub reached_best: usize,
    /// Log-likelihood from the backward-induction start alone.
    pub sbi_loglik: f64,
}

/// Bootstrap summary.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct BootstrapReport {
    /// Replicates requested.
    pub replicates: usize,
    /// Replicates whose fit did not converge (excluded).
    pub failed: usize,
    /// The seed.
    pub seed: u64,
}

/// A fitted model: what `brink estimate --format json` prints and what
/// `brink predict` reads.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Fit {
    /// The game.
    pub model: ModelKind,
    /// Observations used.
    pub n: usize,
    /// Maximised log-likelihood.
    pub loglik: f64,
    /// Akaike information criterion, `-2 loglik + 2 k`.
    pub aic: f64,
    /// Whether the optimiser converged.
    pub converged: bool,
    /// Coefficients in the model's utility order.
    pub coefficients: Vec<Coefficient>,
    /// Error structure.
    pub errors: ErrorKind,
    /// Link function.
    pub link: Link,
    /// The formula.
    pub formula: String,
    /// The scale formula, if any.
    pub scale_formula: Option<String>,
    /// Utilities fixed at values with `--fixed` (as given).
    pub fixed: Vec<(String, f64)>,
    /// Every utility without parameters and its value (`0` parts too).
    #[serde(default)]
    pub fixed_utilities: Vec<(String, f64)>,
    /// Maximum offer (ultimatum).
    pub max_offer: Option<f64>,
    /// What the ultimatum data recorded: `both` (offer and acceptance) or
    /// `offer` alone; absent for the other models.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub outcome: Option<UltimatumOutcome>,
    /// Rows dropped for missing values.
    pub dropped: usize,
    /// Factor levels of text regressors.
    pub xlevels: XLevels,
    /// Outcome labels in the model's order: the codes of the data's outcome
    /// column (`1`, `3`, `4` for egame12), or its labels.
    #[serde(rename = "outcome_codes", alias = "outcomes")]
    pub outcomes: Vec<String>,
    /// Optimiser report.
    pub convergence: Convergence,
    /// Multistart report.
    pub starts: StartsReport,
    /// Bootstrap report.
    #[serde(skip_serializing_if = "Option::is_none", default)]
    pub bootstrap: Option<BootstrapReport>,
    /// Variance-covariance matrix of the free parameters (row-major).
    #[serde(skip)]
    pub vcov: Option<Vec<f64>>,
    /// What makes the fit doubtful, one sentence each (empty when nothing does).
    #[serde(skip_serializing_if = "Vec::is_empty", default)]
    pub warnings: Vec<String>,
    /// Hessian of the log-likelihood at the estimates (row-major): where
    /// bootstrap replicates start, kept so that replicates can be run
    /// elsewhere ([`bootstrap_replicates`], one Dask task per range).
    #[serde(skip)]
    pub hessian: Option<Vec<f64>>,
}

struct Weighted<'a> {
    pb: &'a Problem,
    w: Option<&'a [f64]>,
}

impl Objective for Weighted<'_> {
    fn value(&self, theta: &[f64]) -> f64 {
        self.pb.loglik(theta, self.w)
    }
    fn value_grad_hess(&self, theta: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        self.pb.hessian(theta, self.w)
    }
    fn value_grad(&self, theta: &[f64]) -> (f64, Vec<f64>) {
        self.pb.gradient(theta, self.w)
    }
}

/// Starting points: backward induction, zeros, then perturbations.
fn starting_points(pb: &Problem, n: usize, seed: u64) -> Vec<Vec<f64>> {
    let sbi = sbi_start(pb);
    let mut pts = vec![sbi.clone()];
    if pb.spec.kind == ModelKind::Ultimatum {
        pts.extend(ultimatum_starts(pb).into_iter().skip(1));
    }
    if n > 1 && pb.spec.kind == ModelKind::Ultimatum {
        // Zero reservation values but the backward-induction scales.
        let mut z = vec![0.0; sbi.len()];
        for k in 2..4 {
            if pb.design.blocks[k].fixed.is_none() {
                let s = pb.design.start[k];
                z[s] = sbi[s];
            }
        }
        pts.push(z);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    while pts.len() < n {
        pts.push(
            sbi.iter()
                .map(|&s| s + rng.gen_range(-1.0..1.0) * (0.5 + 0.5 * s.abs()))
                .collect(),
        );
    }
    pts.truncate(n.max(1));
    pts
}

/// A standard error this many times its estimate (or 1) earns a warning.
const SE_WARN: f64 = 1e3;

/// Fits a model to `ds`.
pub fn fit(
    ds: &Dataset,
    formula: &Formula,
    model: &ModelOptions,
    opts: &FitOptions,
) -> Result<Fit> {
    fit_watched(ds, formula, model, opts, &Watch::quiet())
}

/// [`fit`], reporting the bootstrap's finished replicates to `watch` (task
/// `"bootstrap"`) and stopping with [`EstimateError::Cancelled`] when it is
/// cancelled (checked between starts and between replicates).
pub fn fit_watched(
    ds: &Dataset,
    formula: &Formula,
    model: &ModelOptions,
    opts: &FitOptions,
    watch: &Watch,
) -> Result<Fit> {
    let (pb, info) = build_problem(ds, formula, model)?;
    fit_problem(&pb, &info, formula, model, opts, watch)
}

/// Fits an already built problem (see [`fit_watched`]).
pub fn fit_problem(
    pb: &Problem,
    info: &DataInfo,
    formula: &Formula,
    model: &ModelOptions,
    opts: &FitOptions,
    watch: &Watch,
) -> Result<Fit> {
    watch.check()?;
    let (rows, params) = (pb.n(), pb.n_params());
    if rows <= params {
        return Err(EstimateError::Identification(format!(
            "{rows} usable row(s) for {params} parameters: a maximum-likelihood estimate needs more rows than parameters"
        )));
    }
    let obj = Weighted { pb, w: None };
    let oo = OptimOptions::default();
    let nstarts = match (opts.starts, pb.spec.kind) {
        (0, ModelKind::Ultimatum) => 6,
        (0, _) => 2,
        (n, _) => n,
    };
    let pts = starting_points(pb, nstarts, opts.seed);
    let sbi_loglik = pb.loglik(&pts[0], None);
    // The backward-induction start first (the likelihood itself runs in
    // parallel); the other starts then stop as soon as they reach its
    // optimum, if it is a strict local maximum, and run to convergence
    // otherwise: only where they end matters.
    let first = maximize(&obj, &pts[0], &oo);
    let p = pb.n_params();
    let neg_first: Vec<f64> = first.hess.iter().map(|x| -x).collect();
    let known =
        (first.convergence.converged && is_positive_definite(&neg_first, p)).then(|| Known {
            theta: &first.theta,
            neg_hess: &neg_first,
            value: first.value,
        });
    let rest: Vec<_> = pts[1..]
        .par_iter()
        .map(|s| match &known {
            Some(k) => maximize_near(&obj, s, &oo, k),
            None => maximize(&obj, s, &oo),
        })
        .collect();
    watch.check()?;
    let results: Vec<_> = std::iter::once(first).chain(rest).collect();
    for (k, r) in results.iter().enumerate() {
        tracing::debug!(
            start = k,
            loglik = r.value,
            converged = r.convergence.converged,
            "multistart"
        );
    }
    let best_val = results
        .iter()
        .map(|r| r.value)
        .fold(f64::NEG_INFINITY, f64::max);
    let reached_best = results
        .iter()
        .filter(|r| r.value >= best_val - 1e-6 * (1.0 + best_val.abs()))
        .count();
    // Prefer a converged result at the best value, and among those the
    // earliest start: a later start stopped where it met the first start's
    // optimum, whose Hessian is exact there.
    let at_best =
        |r: &&crate::optim::OptimResult| r.value >= best_val - 1e-6 * (1.0 + best_val.abs());
    let best = results
        .iter()
        .filter(at_best)
        .find(|r| r.convergence.converged)
        .or_else(|| results.iter().find(at_best))
        .unwrap_or(&results[0]);
    let neg: Vec<f64> = best.hess.iter().map(|x| -x).collect();
    let vcov = spd_inverse(&neg, p);
    let mut convergence = best.convergence.clone();
    if vcov.is_none() && p > 0 {
        convergence
            .message
            .push_str("; Hessian not negative definite: standard errors unavailable");
    }
    let boot = if opts.bootstrap > 0 {
        Some(bootstrap(pb, &best.theta, &best.hess, opts, watch)?)
    } else {
        None
    };
    let mut coefficients = vec![];
    for (k, b) in pb.design.blocks.iter().enumerate() {
        let s = pb.design.start[k];
        for (j, t) in b.terms.iter().enumerate() {
            let a = s + j;
            let se = vcov
                .as_ref()
                .map(|v| v[a * p + a].sqrt())
                .filter(|x| x.is_finite());
            coefficients.push(Coefficient {
                utility: b.name.clone(),
                term: t.clone(),
                estimate: best.theta[a],
                se,
                bootstrap_se: boot.as_ref().map(|(se, _)| se[a]).filter(|x| x.is_finite()),
            });
        }
    }
    let mut warnings = Vec::new();
    if vcov.is_none() && p > 0 {
        warnings.push(
            "the Hessian is not negative definite: no standard errors, and the optimum may not be one"
                .to_string(),
        );
    }
    // A regressor the data cannot pin down (a constant, a column that
    // separates the outcomes) shows as a standard error dwarfing its estimate.
    for c in &coefficients {
        if let Some(se) = c.se {
            if se > SE_WARN * c.estimate.abs().max(1.0) {
                warnings.push(format!(
                    "{}: {} has standard error {se:.3e}: the data barely identify it (a constant or separating regressor?)",
                    c.utility, c.term
                ));
            }
        }
    }
    let loglik = best.value;
    Ok(Fit {
        warnings,
        model: model.kind,
        n: pb.n(),
        loglik,
        aic: -2.0 * loglik + 2.0 * p as f64,
        converged: best.convergence.converged,
        coefficients,
        errors: pb.spec.errors,
        link: pb.spec.link,
        formula: formula.text.clone(),
        scale_formula: model.scale_formula.clone(),
        fixed: model.fixed.clone(),
        fixed_utilities: pb
            .design
            .blocks
            .iter()
            .filter_map(|b| b.fixed.map(|v| (b.name.clone(), v)))
            .collect(),
        max_offer: model.max_offer,
        outcome: (model.kind == ModelKind::Ultimatum).then_some(model.outcome),
        dropped: info.dropped,
        xlevels: info.xlevels.clone(),
        outcomes: info.outcomes.clone(),
        convergence,
        starts: StartsReport {
            tried: pts.len(),
            reached_best,
            sbi_loglik,
        },
        bootstrap: boot.map(|(_, failed)| BootstrapReport {
            replicates: opts.bootstrap,
            failed,
            seed: opts.seed,
        }),
        vcov,
        hessian: Some(best.hess.clone()),
    })
}

/// Nonparametric bootstrap: resampled case weights, each replicate refitted
/// by Newton from the full-sample estimate. Returns (standard errors,
/// failed replicates).
fn bootstrap(
    pb: &Problem,
    theta: &[f64],
    hess: &[f64],
    opts: &FitOptions,
    watch: &Watch,
) -> Result<(Vec<f64>, usize)> {
    let reps = bootstrap_replicates(pb, theta, hess, opts.seed, 0..opts.bootstrap, watch)?;
    Ok(bootstrap_se(&reps, theta.len()))
}

/// Bootstrap replicates `range` (0-based) of a fit at `theta` whose
/// log-likelihood has Hessian `hess` there: each replicate's case weights
/// come from its own ChaCha stream (`seed`, stream `r + 1`), so any split of
/// the replicates (threads, Dask tasks) gives the same estimates. `None` for
/// a replicate whose refit did not converge. `watch` is told of each
/// replicate and may cancel the rest.
pub fn bootstrap_replicates(
    pb: &Problem,
    theta: &[f64],
    hess: &[f64],
    seed: u64,
    range: std::ops::Range<usize>,
    watch: &Watch,
) -> Result<Vec<Option<Vec<f64>>>> {
    let n = pb.n();
    let ticker = watch.ticker("bootstrap", range.len() as u64);
    // Replicates start at the full-sample estimate and converge in a few
    // Newton steps; one that has not converged in 100 is counted as failed
    // (typically a resample with (quasi-)separation, whose estimates drift
    // off to infinity).
    let oo = OptimOptions {
        max_iter: 100,
        tol: 1e-7,
    };
    range
        .into_par_iter()
        .map(|r| {
            watch.check()?;
            let mut rng = ChaCha8Rng::seed_from_u64(seed);
            rng.set_stream(r as u64 + 1);
            let mut w = vec![0.0; n];
            for _ in 0..n {
                w[rng.gen_range(0..n)] += 1.0;
            }
            let obj = Weighted { pb, w: Some(&w) };
            let res = maximize_from(&obj, theta, &oo, Some(hess));
            let out = res.convergence.converged.then_some(res.theta);
            ticker.inc();
            Ok(out)
        })
        .collect()
}

/// Bootstrap standard errors of `p` parameters over the replicates that
/// converged (NaN with fewer than two), and the number that failed.
pub fn bootstrap_se(reps: &[Option<Vec<f64>>], p: usize) -> (Vec<f64>, usize) {
    let ok: Vec<&Vec<f64>> = reps.iter().flatten().collect();
    let failed = reps.len() - ok.len();
    let m = ok.len() as f64;
    let se = (0..p)
        .map(|a| {
            if ok.len() < 2 {
                return f64::NAN;
            }
            let mean = ok.iter().map(|t| t[a]).sum::<f64>() / m;
            (ok.iter().map(|t| (t[a] - mean).powi(2)).sum::<f64>() / (m - 1.0)).sqrt()
        })
        .collect();
    (se, failed)
}

impl Fit {
    /// Fills in the bootstrap standard errors and report from replicates
    /// computed with [`bootstrap_replicates`] (all of them, in order), as a
    /// fit with `FitOptions::bootstrap` does.
    pub fn set_bootstrap(&mut self, reps: &[Option<Vec<f64>>], seed: u64) {
        let (se, failed) = bootstrap_se(reps, self.coefficients.len());
        for (c, s) in self.coefficients.iter_mut().zip(se) {
            c.bootstrap_se = Some(s).filter(|x| x.is_finite());
        }
        self.bootstrap = Some(BootstrapReport {
            replicates: reps.len(),
            failed,
            seed,
        });
    }
}

/// Predictions for new data.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct Prediction {
    /// Column names: `Pr(label)` per outcome, or `E(offer)`, `Pr(accept)`.
    pub columns: Vec<String>,
    /// Data rows (1-based) predicted; rows with missing regressors are
    /// skipped.
    pub rows: Vec<usize>,
    /// One vector of values per predicted row.
    pub values: Vec<Vec<f64>>,
    /// Rows skipped for missing values.
    pub dropped: usize,
}

impl Fit {
    /// The model options this fit was made with.
    pub fn model_options(&self) -> ModelOptions {
        ModelOptions {
            kind: self.model,
            errors: self.errors,
            link: self.link,
            levels: None,
            fixed: self.fixed.clone(),
            scale_formula: self.scale_formula.clone(),
            max_offer: self.max_offer,
            s1: None,
            s2: None,
            outcome: self.outcome.unwrap_or_default(),
        }
    }

    /// Predicted outcome probabilities (egames) or expected offer and
    /// acceptance probability (ultimatum) for the rows of `ds`.
    pub fn predict(&self, ds: &Dataset) -> Result<Prediction> {
        let formula = Formula::parse(&self.formula)?;
        let mut mo = self.model_options();
        if self.model == ModelKind::Ultimatum {
            // Scales are constants: read them from the coefficients.
            for (name, slot) in [("log(s1)", 0), ("log(s2)", 1)] {
                let v = self
                    .coefficients
                    .iter()
                    .find(|c| c.utility == name)
                    .map(|c| c.estimate.exp());
                if slot == 0 {
                    mo.s1 = v
                } else {
                    mo.s2 = v
                }
            }
            mo.s1 = mo.s1.or(Some(1.0));
            mo.s2 = mo.s2.or(Some(1.0));
        }
        let scale = check_spec(&formula, &mo).or_else(|e| match e {
            EstimateError::Identification(_) => Ok(None),
            e => Err(e),
        })?;
        let constant = Part {
            intercept: true,
            terms: vec![],
        };
        let mut specs = index_specs(&formula, scale.as_ref(), &mo, &constant);
        // Ultimatum scales are passed as fixed values here.
        if self.model == ModelKind::Ultimatum {
            for s in specs.iter_mut().skip(2) {
                s.part = None;
            }
        }
        let mut used = vec![];
        for s in &specs {
            if s.fixed.is_some() {
                continue;
            }
            if let Some(p) = s.part {
                for t in &p.terms {
                    for v in &t.0 {
                        if !used.contains(v) {
                            ds.require(v)?;
                            used.push(v.clone());
                        }
                    }
                }
            }
        }
        let mut rows = vec![];
        for r in 0..ds.nrows {
            let mut ok = true;
            for c in &used {
                ok &= !ds.is_missing(c, r)?;
            }
            if ok {
                rows.push(r);
            }
        }
        let mut xl = self.xlevels.clone();
        let design = build_design(ds, &rows, &specs, &mut xl, true)?;
        // Coefficients in design order, checked by name.
        let mut theta = vec![];
        for b in &design.blocks {
            for t in &b.terms {
                let c = self
                    .coefficients
                    .iter()
                    .find(|c| c.utility == b.name && &c.term == t)
                    .ok_or_else(|| {
                        EstimateError::Spec(format!(
                            "the fitted model has no coefficient {}:{t}",
                            b.name
                        ))
                    })?;
                theta.push(c.estimate);
            }
        }
        let spec = ModelSpec {
            kind: self.model,
            errors: self.errors,
            link: self.link,
            scale: self.model != ModelKind::Ultimatum && design.blocks.len() > self.model.n_utils(),
            max_offer: self.max_offer.unwrap_or(0.0),
            offer_tol: f64::EPSILON.sqrt(),
            outcome: self.outcome.unwrap_or_default(),
        };
        let pb = Problem {
            spec,
            obs: vec![Default::default(); design.n],
            design,
        };
        let mut eta = [0.0; 9];
        let values = (0..pb.n())
            .map(|i| {
                pb.eta_row(&theta, i, &mut eta);
                pb.spec.predict_obs(&eta[..pb.spec.n_indices()])
            })
            .collect();
        let columns = if self.model == ModelKind::Ultimatum {
            vec!["E(offer)".into(), "Pr(accept)".into()]
        } else {
            self.outcomes.iter().map(|l| format!("Pr({l})")).collect()
        };
        Ok(Prediction {
            columns,
            rows: rows.iter().map(|r| r + 1).collect(),
            values,
            dropped: ds.nrows - rows.len(),
        })
    }

    /// Two-sided p-value of a z statistic.
    pub fn p_value(z: f64) -> f64 {
        2.0 * pnorm(-z.abs())
    }
}
