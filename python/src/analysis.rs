//! Sweeps and Monte Carlo runs, whole or one shard at a time (the unit of a
//! Dask task, as of a Slurm job array), and the exact merge of the shards.

use crate::crisis::{load, method};
use crate::{error, in_pool};
use brink_analysis::crisis::CrisisModel;
use brink_analysis::{run_design, DesignRun, DesignSpec, DistArg, Set, Shard, Vary};
use pyo3::prelude::*;

fn analysis_error(e: brink_analysis::AnalysisError) -> PyErr {
    error("AnalysisError", e.to_string(), None)
}

fn model(source: &str, is_source: bool, m: &str) -> PyResult<CrisisModel> {
    Ok(CrisisModel {
        scenario: load(source, is_source)?,
        method: method(m)?,
    })
}

fn sets(set: Vec<(String, f64)>) -> Vec<Set> {
    set.into_iter()
        .map(|(name, value)| Set { name, value })
        .collect()
}

fn shard(part: Option<(usize, usize)>) -> PyResult<Option<Shard>> {
    part.map(|(index, count)| {
        if count == 0 || index == 0 || index > count {
            Err(crate::usage(format!(
                "shard {index}/{count}: need 1 <= i <= n"
            )))
        } else {
            Ok(Shard { index, count })
        }
    })
    .transpose()
}

fn run_json(run: DesignRun) -> PyResult<String> {
    run.to_json().map_err(analysis_error)
}

/// Runs a design without progress, on `threads` threads (all when `None`).
fn run_spec(
    py: Python<'_>,
    model: &CrisisModel,
    spec: &DesignSpec,
    threads: Option<usize>,
) -> PyResult<String> {
    let run = py
        .allow_threads(|| {
            in_pool(threads, || {
                run_design(model, spec, &brink_game::Watch::quiet())
            })
        })?
        .map_err(analysis_error)?;
    run_json(run)
}

/// A Monte Carlo run (or part `shard` = (i, n) of it) as the JSON that
/// `brink montecarlo --format json` writes. `dists` are `name=normal(m,s)`
/// strings as `--dist` takes them.
#[pyfunction]
#[pyo3(signature = (source, is_source, draws, seed, dists, set, method = "auto", shard = None, threads = None))]
#[allow(clippy::too_many_arguments)]
fn montecarlo(
    py: Python<'_>,
    source: &str,
    is_source: bool,
    draws: usize,
    seed: u64,
    dists: Vec<String>,
    set: Vec<(String, f64)>,
    method: &str,
    shard: Option<(usize, usize)>,
    threads: Option<usize>,
) -> PyResult<String> {
    let model = model(source, is_source, method)?;
    let dists = dists
        .iter()
        .map(|d| d.parse::<DistArg>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(analysis_error)?;
    let mut spec = DesignSpec::montecarlo(draws, seed, dists, sets(set));
    spec.shard = self::shard(shard)?;
    run_spec(py, &model, &spec, threads)
}

/// A sweep over one or two parameters (`vary` strings as `--vary` takes
/// them, `name=from:to:steps`), or part `shard` of it, as the JSON of `brink
/// sweep --format json`.
#[pyfunction]
#[pyo3(signature = (source, is_source, vary, set, method = "auto", shard = None, threads = None))]
#[allow(clippy::too_many_arguments)]
fn sweep(
    py: Python<'_>,
    source: &str,
    is_source: bool,
    vary: Vec<String>,
    set: Vec<(String, f64)>,
    method: &str,
    shard: Option<(usize, usize)>,
    threads: Option<usize>,
) -> PyResult<String> {
    let model = model(source, is_source, method)?;
    let vary = vary
        .iter()
        .map(|v| v.parse::<Vary>())
        .collect::<Result<Vec<_>, _>>()
        .map_err(analysis_error)?;
    let mut spec = DesignSpec::sweep(vary, sets(set));
    spec.shard = self::shard(shard)?;
    run_spec(py, &model, &spec, threads)
}

/// Merges the JSON of all shards of one run into the JSON of the whole run,
/// as `brink merge` does.
#[pyfunction]
fn merge(parts: Vec<String>) -> PyResult<String> {
    let parts = parts
        .iter()
        .map(|p| {
            serde_json::from_str::<DesignRun>(p).map_err(|e| {
                error(
                    "AnalysisError",
                    format!("a part is not a sweep or montecarlo JSON text: {e}"),
                    None,
                )
            })
        })
        .collect::<PyResult<Vec<_>>>()?;
    run_json(brink_analysis::merge(parts).map_err(analysis_error)?)
}

/// Registers the analysis functions.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_function(wrap_pyfunction!(montecarlo, m)?)?;
    m.add_function(wrap_pyfunction!(sweep, m)?)?;
    m.add_function(wrap_pyfunction!(merge, m)?)?;
    Ok(())
}
