//! Error type of the crate.

use thiserror::Error;

/// Everything that can go wrong while reading data, building a model or
/// fitting it. Messages name the offending column, row or option.
#[derive(Debug, Error)]
pub enum EstimateError {
    /// The data file could not be read.
    #[error("cannot read {path}: {source}")]
    Io {
        /// File path.
        path: String,
        /// Underlying error.
        source: std::io::Error,
    },
    /// The CSV is malformed, empty or has no data rows.
    #[error("{0}")]
    Csv(String),
    /// The formula could not be parsed or does not fit the model.
    #[error("formula error: {0}")]
    Formula(String),
    /// A column named in the formula is not in the data.
    #[error("column '{column}' not found in the data (columns: {available})")]
    MissingColumn {
        /// The missing column.
        column: String,
        /// The columns that exist.
        available: String,
    },
    /// A value in a numeric column is not a number.
    #[error("column '{column}', data row {row}: value '{value}' is not numeric")]
    NonNumeric {
        /// Column name.
        column: String,
        /// 1-based data row (the header is row 0).
        row: usize,
        /// The offending text.
        value: String,
    },
    /// The outcome column(s) do not code the model's outcomes.
    #[error("outcome error: {0}")]
    Outcome(String),
    /// The specification is not identified (Lewis and Schultz 2003).
    #[error("identification problem: {0}")]
    Identification(String),
    /// An invalid combination of options.
    #[error("{0}")]
    Spec(String),
    /// The caller cancelled the fit (see [`brink_game::Cancel`]).
    #[error("cancelled")]
    Cancelled(#[from] brink_game::Cancelled),
}

/// Result alias.
pub type Result<T> = std::result::Result<T, EstimateError>;
