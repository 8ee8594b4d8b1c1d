//! Strategic estimation for brinkmanship.
//!
//! Fits the extensive-form crisis games of the R package `games` (Kenkel
//! and Signorino 2014) to data by maximum likelihood: `egame12`,
//! `egame122`, `egame123` under agent error (probit or logit link) or
//! private information, and the statistical ultimatum game. Formulas use
//! the `games` syntax (`esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1
//! | balanc`).
//!
//! Log-likelihoods are evaluated in log space and stay finite everywhere in
//! the parameter space; gradients and Hessians are exact (forward-mode
//! automatic differentiation of the per-observation likelihood); the
//! maximiser is Newton's method with line search, started from statistical
//! backward induction plus a parallel multistart.
//!
//! ```
//! use brink_estimate::{fit, Dataset, FitOptions, Formula, ModelKind, ModelOptions, ErrorKind};
//! let csv = include_bytes!(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/data/war1800.csv"));
//! let ds = Dataset::from_csv_bytes(csv, "war1800.csv")?;
//! let f = Formula::parse("esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc")?;
//! let mut m = ModelOptions::new(ModelKind::Egame12);
//! m.errors = ErrorKind::Private;
//! let fit = fit(&ds, &f, &m, &FitOptions::default())?;
//! assert!(fit.converged && fit.loglik < 0.0);
//! // The text table every front end prints; `fit_watched` reports a
//! // bootstrap's progress and can be cancelled.
//! assert!(brink_estimate::report::text_report(&fit).contains("Log-likelihood"));
//! # Ok::<(), brink_estimate::EstimateError>(())
//! ```
#![warn(missing_docs)]

pub mod ad;
pub mod build;
pub mod data;
pub mod error;
pub mod fit;
pub mod formula;
pub mod likelihood;
pub mod models;
pub mod optim;
pub mod predprobs;
pub mod report;
pub mod sbi;

pub use ad::Link;
pub use build::{build_problem, DataInfo, ModelOptions};
pub use data::Dataset;
pub use error::EstimateError;
pub use fit::{fit, fit_watched, Coefficient, Fit, FitOptions, Prediction};
pub use formula::Formula;
pub use likelihood::Problem;
pub use models::{ErrorKind, ModelKind, ModelSpec, UltimatumOutcome};
