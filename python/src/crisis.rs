//! Crisis scenarios: the model library and `brink run`'s report.

use crate::{error, json_string, usage};
use brink_crisis::{library, Method, Report, Scenario};
use pyo3::prelude::*;
use serde_json::json;

/// A crisis-language error: a parse error (with its line and column) when
/// it points into the source, else a `CrisisError`; the message is the CLI's.
pub(crate) fn crisis_error(e: brink_crisis::Error) -> PyErr {
    let loc = e
        .location
        .as_ref()
        .map(|l| (l.file.clone(), l.line, l.column));
    let kind = if e.kind == brink_crisis::ErrorKind::Syntax || loc.is_some() {
        "ParseError"
    } else {
        "CrisisError"
    };
    error(kind, e.to_string(), loc)
}

/// The solution method by name, as `--method` takes it.
pub(crate) fn method(name: &str) -> PyResult<Method> {
    match name {
        "auto" => Ok(Method::Auto),
        "pbe" => Ok(Method::Pbe),
        "spe" => Ok(Method::Spe),
        _ => Err(usage(format!("unknown method `{name}`: auto, pbe or spe"))),
    }
}

/// A scenario from a library name or file path, or from source text when
/// `is_source` (errors then point into `<string>`).
pub(crate) fn load(source: &str, is_source: bool) -> PyResult<Scenario> {
    if is_source {
        Scenario::parse("<string>", source)
    } else {
        Scenario::load(source)
    }
    .map_err(crisis_error)
}

/// The library: name, one-line description and parameters of every model,
/// as JSON.
#[pyfunction]
fn models() -> PyResult<String> {
    let mut out = Vec::new();
    for (name, line, _) in library::MODELS {
        let s = Scenario::from_library(name).map_err(crisis_error)?;
        let params: Vec<(String, f64)> = s
            .parameters()
            .map_err(crisis_error)?
            .iter()
            .map(|p| (p.name.clone(), p.value))
            .collect();
        out.push(json!({"name": name, "description": line, "parameters": params}));
    }
    json_string(&out)
}

/// The source text of a library model, as `brink models --show` prints it.
#[pyfunction]
fn model_source(name: &str) -> PyResult<String> {
    library::source(name).map(str::to_string).ok_or_else(|| {
        error(
            "CrisisError",
            format!("no model `{name}`; `brink models` lists them"),
            None,
        )
    })
}

/// A solved scenario's report.
#[pyclass(module = "brinkmanship._native", name = "Report", frozen)]
pub struct PyReport {
    report: Report,
    scenario: Scenario,
    method: Method,
}

#[pymethods]
impl PyReport {
    /// The JSON of `brink run --format json`.
    fn json(&self) -> PyResult<String> {
        json_string(&self.report.to_json())
    }

    /// P(war): the sum of the war outcomes' probabilities.
    #[getter]
    fn p_war(&self) -> f64 {
        self.report.p_war()
    }

    /// The certificate: the larger of the ex-ante and sequential regret.
    #[getter]
    fn regret(&self) -> f64 {
        self.report.regret
    }

    /// Whether the solver converged (both regrets at most 1e-9).
    #[getter]
    fn converged(&self) -> bool {
        self.report.converged
    }

    /// Outcome probabilities in the report's order (the JSON object is sorted by name).
    fn outcomes(&self) -> Vec<(String, f64)> {
        self.report.outcomes.clone()
    }

    /// Expected metrics in the report's order.
    fn expected(&self) -> Vec<(String, f64)> {
        self.report.expected.clone()
    }

    /// The text of `brink run` (`--verbose` when `verbose`).
    #[pyo3(signature = (verbose = false))]
    fn text(&self, verbose: bool) -> String {
        self.report.to_text_with(verbose)
    }

    /// The game tree with its equilibrium as SVG text, as `brink tree
    /// --to svg` draws it.
    fn tree_svg(&self, py: Python<'_>) -> PyResult<String> {
        let model = brink_analysis::crisis::CrisisModel {
            scenario: self.scenario.clone(),
            method: self.method,
        };
        py.allow_threads(move || {
            let (game, profile) = model
                .tree_with_equilibrium()
                .map_err(|e| error("CrisisError", e.to_string(), None))?;
            let opts = brink_analysis::tree::TreeOptions {
                profile,
                ..Default::default()
            };
            svg_via_file(|p| brink_analysis::tree::draw_tree(&game, &opts, p).map(|_| ()))
        })
    }

    /// The lever chart of `brink run --plot` as SVG text.
    fn levers_svg(&self, py: Python<'_>) -> PyResult<String> {
        py.allow_threads(|| svg_via_file(|p| brink_analysis::plot_levers(&self.report, p)))
    }
}

/// The plotting functions write files: draw into a temporary one and read it.
fn svg_via_file<E: std::fmt::Display>(
    draw: impl FnOnce(&std::path::Path) -> Result<(), E>,
) -> PyResult<String> {
    let dir = std::env::temp_dir().join(format!(
        "brinkmanship-{}-{:?}",
        std::process::id(),
        std::thread::current().id()
    ));
    std::fs::create_dir_all(&dir).map_err(|e| error("BrinkError", e.to_string(), None))?;
    let path = dir.join("picture.svg");
    let drawn = draw(&path).map_err(|e| error("BrinkError", e.to_string(), None));
    let text = drawn.and_then(|()| {
        std::fs::read_to_string(&path).map_err(|e| error("BrinkError", e.to_string(), None))
    });
    let _ = std::fs::remove_dir_all(&dir);
    text
}

/// Calls a Python progress callback from the solver's threads; errors in the
/// callback are ignored (progress must not stop the work).
fn tick(cb: &Option<Py<PyAny>>) -> impl Fn(&str, u64, Option<u64>) + Sync + '_ {
    move |_task, done, total| {
        if let Some(cb) = cb {
            Python::with_gil(|py| {
                let _ = cb.call1(py, (done, total.unwrap_or(0)));
            });
        }
    }
}

/// Solves a scenario as `brink run` does: the report with its levers, the
/// intervals over `draws` parameter draws, the sensitivity table, or with
/// `all` the other equilibria from `starts` seeded starts.
#[pyfunction]
#[pyo3(signature = (source, is_source, set, method = "auto", draws = 0, seed = 1, sensitivity = false, all = false, starts = 32, progress = None))]
#[allow(clippy::too_many_arguments)]
fn run(
    py: Python<'_>,
    source: &str,
    is_source: bool,
    set: Vec<(String, f64)>,
    method: &str,
    draws: usize,
    seed: u64,
    sensitivity: bool,
    all: bool,
    starts: usize,
    progress: Option<Py<PyAny>>,
) -> PyResult<PyReport> {
    let m = self::method(method)?;
    if all && starts == 0 {
        return Err(usage("starts must be at least 1"));
    }
    let scenario = load(source, is_source)?
        .with_overrides(&set)
        .map_err(crisis_error)?;
    let s = scenario.clone();
    let report = py
        .allow_threads(move || -> Result<Report, brink_crisis::Error> {
            if all {
                return brink_crisis::solve_all(&s, m, starts, seed);
            }
            let mut report = brink_crisis::run_scenario(&s, m)?;
            if draws > 0 {
                let u = brink_crisis::uncertainty::lever_uncertainty(
                    &s,
                    m,
                    draws,
                    seed,
                    &brink_game::Watch::reporting(&tick(&progress)),
                )?;
                report.uncertainty = Some(u);
            }
            if sensitivity {
                report.sensitivity = brink_crisis::uncertainty::sensitivity(
                    &s,
                    m,
                    &brink_game::Watch::reporting(&tick(&progress)),
                )?;
            }
            Ok(report)
        })
        .map_err(crisis_error)?;
    Ok(PyReport {
        report,
        scenario,
        method: m,
    })
}

/// Registers the crisis functions and class.
pub fn register(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<PyReport>()?;
    m.add_function(wrap_pyfunction!(models, m)?)?;
    m.add_function(wrap_pyfunction!(model_source, m)?)?;
    m.add_function(wrap_pyfunction!(run, m)?)?;
    Ok(())
}
