//! `brinkmanship._native`: the Rust side of the Python package. It calls the
//! same library functions as the `brink` binary and hands results over as the
//! JSON the binary prints (parsed once on the Python side), so that the two
//! fronts cannot drift apart. Long work runs with the GIL released.

use pyo3::prelude::*;

mod analysis;
mod bench;
mod crisis;
mod estimate;
mod games;

/// Raises one of the exception classes of `brinkmanship._errors` with the
/// message the CLI prints; `loc` is (file, line, column) for parse errors.
pub(crate) fn error(kind: &str, message: String, loc: Option<(String, usize, usize)>) -> PyErr {
    Python::with_gil(|py| {
        let made = (|| -> PyResult<PyErr> {
            let cls = py.import("brinkmanship._errors")?.getattr(kind)?;
            let inst = match loc {
                Some((file, line, column)) => cls.call1((message.clone(), file, line, column))?,
                None => cls.call1((message.clone(),))?,
            };
            Ok(PyErr::from_value(inst))
        })();
        made.unwrap_or_else(|e| e)
    })
}

/// A `ValueError` for arguments the caller got wrong (the CLI's usage errors).
pub(crate) fn usage(message: impl Into<String>) -> PyErr {
    pyo3::exceptions::PyValueError::new_err(message.into())
}

/// Turns a JSON serialisation failure (never expected) into a Python error.
pub(crate) fn json_string(v: &impl serde::Serialize) -> PyResult<String> {
    serde_json::to_string(v).map_err(|e| error("BrinkError", e.to_string(), None))
}

/// Runs `f` on a rayon pool of `threads` threads (all cores when `None`):
/// a Dask task asks for one so that workers do not oversubscribe the cores.
pub(crate) fn in_pool<T: Send>(
    threads: Option<usize>,
    f: impl FnOnce() -> T + Send,
) -> PyResult<T> {
    match threads {
        None => Ok(f()),
        Some(0) => Err(usage("threads must be at least 1")),
        Some(n) => {
            let pool = rayon::ThreadPoolBuilder::new()
                .num_threads(n)
                .build()
                .map_err(|e| usage(format!("cannot start {n} threads: {e}")))?;
            Ok(pool.install(f))
        }
    }
}

/// The extension module.
#[pymodule]
fn _native(m: &Bound<'_, PyModule>) -> PyResult<()> {
    games::register(m)?;
    crisis::register(m)?;
    analysis::register(m)?;
    estimate::register(m)?;
    bench::register(m)?;
    Ok(())
}
