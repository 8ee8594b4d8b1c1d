//! The one error type of this crate.

use thiserror::Error;

/// What can go wrong in an analysis: bad arguments, a model that fails, files.
#[derive(Debug, Error)]
pub enum AnalysisError {
    /// A command-line value that does not parse.
    #[error("bad {what} `{input}`: {why}")]
    Parse {
        /// Which kind of value (`--vary`, `--dist`, ...).
        what: &'static str,
        /// The text given.
        input: String,
        /// Why it is wrong.
        why: String,
    },
    /// A parameter name the model does not declare.
    #[error("unknown parameter `{name}` (the model has: {known})")]
    UnknownParameter {
        /// The name given.
        name: String,
        /// The declared names, comma-separated.
        known: String,
    },
    /// Arguments that parse but do not fit together.
    #[error("{0}")]
    Invalid(String),
    /// The model failed on every point, or at a point where failure is fatal.
    #[error("model failed at {at}: {message}")]
    Model {
        /// The parameter values, as `name=value, ...`.
        at: String,
        /// The model's message.
        message: String,
    },
    /// Drawing failed.
    #[error("plot {path}: {message}")]
    Plot {
        /// The output file.
        path: String,
        /// What went wrong.
        message: String,
    },
    /// Reading or writing a file.
    #[error("{path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// The underlying error.
        source: std::io::Error,
    },
    /// A JSON file that does not parse, or serialisation failure.
    #[error("JSON: {0}")]
    Json(#[from] serde_json::Error),
    /// CSV writing failed.
    #[error("CSV: {0}")]
    Csv(#[from] csv::Error),
    /// The caller cancelled the run (see [`brink_game::Cancel`]).
    #[error("cancelled")]
    Cancelled(#[from] brink_game::Cancelled),
    /// Parts given to `merge` that do not make one run.
    #[error("cannot merge: {0}")]
    Merge(String),
}

impl AnalysisError {
    pub(crate) fn parse(what: &'static str, input: &str, why: impl Into<String>) -> Self {
        AnalysisError::Parse {
            what,
            input: input.to_string(),
            why: why.into(),
        }
    }

    pub(crate) fn io(path: &std::path::Path, source: std::io::Error) -> Self {
        AnalysisError::Io {
            path: path.display().to_string(),
            source,
        }
    }
}
