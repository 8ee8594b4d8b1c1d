//! The library timed alone, in Rust, with no Python in the loop: the
//! baseline that `bench/python_overhead.py` compares the package's calls
//! against. Each function calls the library as the `brink` binary does and
//! returns the seconds of every repetition.

use crate::{crisis::crisis_error, error, usage};
use pyo3::prelude::*;
use std::time::Instant;

fn time<E>(reps: usize, mut f: impl FnMut() -> Result<(), E>) -> Result<Vec<f64>, E> {
    (0..reps)
        .map(|_| {
            let t = Instant::now();
            f()?;
            Ok(t.elapsed().as_secs_f64())
        })
        .collect()
}

/// `brink run NAME`'s library calls: load the scenario, solve it and its levers.
#[pyfunction]
fn bench_library_run(py: Python<'_>, name: &str, reps: usize) -> PyResult<Vec<f64>> {
    py.allow_threads(|| {
        time(reps, || {
            let s = brink_crisis::Scenario::load(name)?;
            brink_crisis::run_scenario(&s, brink_crisis::Method::Auto).map(|_| ())
        })
    })
    .map_err(crisis_error)
}

/// `brink estimate MODEL --data PATH --formula F --errors E [--levels L]`'s
/// library calls: read the CSV file, parse the formula, fit.
#[pyfunction]
#[pyo3(signature = (model, path, formula, errors, levels, reps))]
fn bench_library_fit(
    py: Python<'_>,
    model: &str,
    path: &str,
    formula: &str,
    errors: &str,
    levels: Option<Vec<String>>,
    reps: usize,
) -> PyResult<Vec<f64>> {
    use brink_estimate::{Dataset, ErrorKind, FitOptions, Formula, ModelOptions};
    let mut m = ModelOptions::new(model.parse().map_err(|e: String| usage(e))?);
    m.errors = if errors == "private" {
        ErrorKind::Private
    } else {
        ErrorKind::Agent
    };
    m.levels = levels;
    py.allow_threads(|| {
        time(reps, || {
            let ds = Dataset::from_csv_path(path)?;
            let f = Formula::parse(formula)?;
            brink_estimate::fit(&ds, &f, &m, &FitOptions::default()).map(|_| ())
        })
    })
    .map_err(|e| error("EstimateError", e.to_string(), None))
}

/// Registers the benchmark baselines.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(bench_library_run, m)?)?;
    m.add_function(wrap_pyfunction!(bench_library_fit, m)?)?;
    Ok(())
}
