//! Strategic estimation: `brink estimate`, `brink predict` and the predicted
//! probabilities of `--plot-probs`, on a CSV file's text or on a data
//! frame's columns (which become the same `Dataset` the CLI's `--data`
//! reads).

use crate::{error, json_string, usage};
use brink_estimate::data::Column;
use brink_estimate::predprobs::{pred_probs, PredProbsOptions};
use brink_estimate::{Dataset, ErrorKind, Fit, FitOptions, Formula, Link, ModelKind, ModelOptions};
use pyo3::prelude::*;

fn estimate_error(e: impl std::fmt::Display) -> PyErr {
    error("EstimateError", e.to_string(), None)
}

/// The data: CSV text (a file's), or a data frame's columns as `(name,
/// "f8", little-endian float64 bytes)` (NaN missing), `(name, "text",
/// [str | None])` and `(name, "codes", (little-endian int64 bytes, [str]))`
/// (codes into the labels, -1 missing), which skip writing and parsing CSV.
fn dataset(data: &Bound<'_, PyAny>) -> PyResult<Dataset> {
    if let Ok(csv) = data.extract::<String>() {
        return Dataset::from_csv_bytes(csv.as_bytes(), "data").map_err(estimate_error);
    }
    let mut columns = Vec::new();
    for item in data.try_iter()? {
        let (name, kind, payload): (String, String, Bound<'_, PyAny>) = item?.extract()?;
        let col = match kind.as_str() {
            "f8" => {
                let bytes: &[u8] = payload.extract()?;
                if !bytes.len().is_multiple_of(8) {
                    return Err(usage(format!("column {name}: not float64 bytes")));
                }
                Column::Numbers(
                    bytes
                        .chunks_exact(8)
                        .map(|b| f64::from_le_bytes(b.try_into().expect("8 bytes")))
                        .collect(),
                )
            }
            "text" => Column::Text(payload.extract()?),
            "codes" => {
                let (bytes, labels): (Bound<'_, PyAny>, Vec<String>) = payload.extract()?;
                let bytes: &[u8] = bytes.extract()?;
                if !bytes.len().is_multiple_of(8) {
                    return Err(usage(format!("column {name}: not int64 bytes")));
                }
                let cells = bytes
                    .chunks_exact(8)
                    .map(|b| {
                        let code = i64::from_le_bytes(b.try_into().expect("8 bytes"));
                        match usize::try_from(code) {
                            Ok(k) => labels.get(k).cloned().map(Some).ok_or_else(|| {
                                usage(format!("column {name}: code {k} has no label"))
                            }),
                            Err(_) => Ok(None),
                        }
                    })
                    .collect::<PyResult<Vec<Option<String>>>>()?;
                Column::Text(cells)
            }
            _ => return Err(usage(format!("column {name}: kind {kind}"))),
        };
        columns.push((name, col));
    }
    Dataset::from_columns(columns).map_err(estimate_error)
}

/// A fitted model, with the data it was fitted to (for predicted
/// probabilities, which hold the other regressors at their medians there).
#[pyclass(module = "brinkmanship._native", name = "Fit", frozen)]
pub struct PyFit {
    fit: Fit,
    data: Dataset,
}

/// What a fit was asked for: enough to rebuild its likelihood elsewhere (a
/// Dask worker running bootstrap replicates).
struct Spec {
    data: Dataset,
    formula: Formula,
    model: ModelOptions,
}

#[allow(clippy::too_many_arguments)]
fn spec(
    model: &str,
    data: &Bound<'_, PyAny>,
    formula: &str,
    errors: &str,
    link: &str,
    levels: Option<Vec<String>>,
    fixed: Vec<(String, f64)>,
    scale: Option<String>,
    max_offer: Option<f64>,
    s1: Option<f64>,
    s2: Option<f64>,
    outcome: &str,
) -> PyResult<Spec> {
    let kind: ModelKind = model.parse().map_err(|e: String| usage(e))?;
    let mut m = ModelOptions::new(kind);
    m.errors = match errors {
        "agent" => ErrorKind::Agent,
        "private" => ErrorKind::Private,
        _ => return Err(usage(format!("errors `{errors}`: agent or private"))),
    };
    m.link = match link {
        "probit" => Link::Probit,
        "logit" => Link::Logit,
        _ => return Err(usage(format!("link `{link}`: probit or logit"))),
    };
    m.levels = levels;
    m.fixed = fixed;
    m.scale_formula = scale;
    m.max_offer = max_offer;
    m.s1 = s1;
    m.s2 = s2;
    m.outcome = outcome.parse().map_err(|e: String| usage(e))?;
    Ok(Spec {
        data: dataset(data)?,
        formula: Formula::parse(formula).map_err(estimate_error)?,
        model: m,
    })
}

#[pymethods]
impl PyFit {
    /// The JSON of `brink estimate --format json` (what `brink predict
    /// --model` reads).
    fn json(&self) -> PyResult<String> {
        json_string(&self.fit)
    }

    /// The regression table `brink estimate` prints.
    fn text(&self) -> String {
        brink_estimate::report::text_report(&self.fit)
    }

    /// The estimates and the Hessian there (row-major): where bootstrap
    /// replicates start.
    fn start(&self) -> PyResult<(Vec<f64>, Vec<f64>)> {
        let theta: Vec<f64> = self.fit.coefficients.iter().map(|c| c.estimate).collect();
        let hess = self
            .fit
            .hessian
            .clone()
            .ok_or_else(|| estimate_error("the fit has no Hessian to start replicates from"))?;
        Ok((theta, hess))
    }

    /// The fit with bootstrap standard errors from all `reps` replicates
    /// (each the estimates, or None where the refit failed), in order.
    fn with_bootstrap(&self, reps: Vec<Option<Vec<f64>>>, seed: u64) -> PyFit {
        let mut fit = self.fit.clone();
        fit.set_bootstrap(&reps, seed);
        PyFit {
            fit,
            data: self.data.clone(),
        }
    }

    /// The variance-covariance matrix of the free parameters, row-major
    /// (None when the Hessian is not negative definite).
    fn vcov(&self) -> Option<Vec<f64>> {
        self.fit.vcov.clone()
    }

    /// Predictions for new data (CSV text): the JSON of `brink predict
    /// --format json`.
    fn predict(&self, data: &Bound<'_, PyAny>) -> PyResult<String> {
        let ds = dataset(data)?;
        json_string(&self.fit.predict(&ds).map_err(estimate_error)?)
    }

    /// Predicted probabilities against `var`, as `games::predProbs` (and
    /// `brink estimate --plot-probs`) computes them, as JSON.
    #[pyo3(signature = (var, n_points = 100, ci = 0.95, sims = 1000, seed = 1))]
    fn pred_probs(
        &self,
        py: Python<'_>,
        var: String,
        n_points: usize,
        ci: f64,
        sims: usize,
        seed: u64,
    ) -> PyResult<String> {
        let opts = PredProbsOptions {
            var,
            n_points,
            ci,
            sims,
            seed,
        };
        opts.validate().map_err(|e| usage(e.to_string()))?;
        let p = py
            .allow_threads(|| pred_probs(&self.fit, &self.data, &opts))
            .map_err(estimate_error)?;
        json_string(&p)
    }
}

/// Fits a strategic model to data (see `dataset`), with the options of
/// `brink estimate`.
#[pyfunction]
#[pyo3(signature = (model, data, formula, errors = "agent", link = "probit", levels = None, fixed = Vec::new(), scale = None, max_offer = None, s1 = None, s2 = None, outcome = "both", starts = 0, seed = 1, bootstrap = 0))]
#[allow(clippy::too_many_arguments)]
fn estimate(
    py: Python<'_>,
    model: &str,
    data: &Bound<'_, PyAny>,
    formula: &str,
    errors: &str,
    link: &str,
    levels: Option<Vec<String>>,
    fixed: Vec<(String, f64)>,
    scale: Option<String>,
    max_offer: Option<f64>,
    s1: Option<f64>,
    s2: Option<f64>,
    outcome: &str,
    starts: usize,
    seed: u64,
    bootstrap: usize,
) -> PyResult<PyFit> {
    let Spec {
        data,
        formula,
        model: m,
    } = spec(
        model, data, formula, errors, link, levels, fixed, scale, max_offer, s1, s2, outcome,
    )?;
    if starts > 10_000 {
        return Err(usage(format!(
            "starts {starts} is too many (at most 10000)"
        )));
    }
    let opts = FitOptions {
        starts,
        seed,
        bootstrap,
    };
    let fit = py
        .allow_threads(|| brink_estimate::fit(&data, &formula, &m, &opts))
        .map_err(estimate_error)?;
    Ok(PyFit { fit, data })
}

/// Bootstrap replicates `start..end` of a fit (its options as for
/// [`estimate`], its estimates and Hessian from `Fit.start`): the work of one
/// Dask task. Replicate `r` depends only on `seed` and `r`.
#[pyfunction]
#[pyo3(signature = (model, data, formula, errors, link, levels, fixed, scale, max_offer, s1, s2, outcome, theta, hess, seed, start, end, threads = None))]
#[allow(clippy::too_many_arguments)]
fn bootstrap_replicates(
    py: Python<'_>,
    model: &str,
    data: &Bound<'_, PyAny>,
    formula: &str,
    errors: &str,
    link: &str,
    levels: Option<Vec<String>>,
    fixed: Vec<(String, f64)>,
    scale: Option<String>,
    max_offer: Option<f64>,
    s1: Option<f64>,
    s2: Option<f64>,
    outcome: &str,
    theta: Vec<f64>,
    hess: Vec<f64>,
    seed: u64,
    start: usize,
    end: usize,
    threads: Option<usize>,
) -> PyResult<Vec<Option<Vec<f64>>>> {
    let sp = spec(
        model, data, formula, errors, link, levels, fixed, scale, max_offer, s1, s2, outcome,
    )?;
    let (pb, _) =
        brink_estimate::build_problem(&sp.data, &sp.formula, &sp.model).map_err(estimate_error)?;
    let p = pb.n_params();
    if theta.len() != p || hess.len() != p * p || start > end {
        return Err(usage(format!(
            "bootstrap_replicates: {} estimates and {} Hessian entries for {p} parameters",
            theta.len(),
            hess.len()
        )));
    }
    py.allow_threads(|| {
        crate::in_pool(threads, || {
            let quiet = brink_game::Watch::quiet();
            brink_estimate::fit::bootstrap_replicates(&pb, &theta, &hess, seed, start..end, &quiet)
        })
    })?
    .map_err(estimate_error)
}

/// Registers the estimation function and class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyFit>()?;
    m.add_function(wrap_pyfunction!(estimate, m)?)?;
    m.add_function(wrap_pyfunction!(bootstrap_replicates, m)?)?;
    Ok(())
}
