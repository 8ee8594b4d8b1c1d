//! Analysis and pictures for brinkmanship.
//!
//! Everything here works on a [`Model`]: something with named parameters that,
//! given values for them, returns outcome probabilities, expected metrics and the
//! regret of the profile behind them. The crisis language implements it for its
//! scenarios; [`fearon::RiskReturn`] implements it in closed form, as a test oracle.
//!
//! * [`sweep`]: comparative statics over a grid of one or two parameters.
//! * [`montecarlo`]: parameters drawn from distributions, summarised; shards and [`merge`].
//! * [`tree`]: drawings of an [`brink_game::ExtensiveGame`] as TikZ (`istgame`), SVG or PNG.
//! * [`plot`]: the charts behind all of these, [`plot::plot_prob_curves`] for estimation,
//!   and [`plot_levers`] and [`plot_sensitivity`] for the lever and tornado charts of `brink run`.
//! * [`cli`]: clap argument structs and `run_*` functions for the `brink` binary.
#![warn(missing_docs)]

pub mod cli;
pub mod crisis;
pub mod error;
pub mod fearon;
pub mod font;
pub mod merge;
pub mod model;
pub mod montecarlo;
pub mod plot;
pub mod shard;
pub mod sweep;
pub mod tree;

pub use error::AnalysisError;
pub use merge::{merge, RunFile};
pub use model::{Model, ModelError, ParamSpec, PointResult, Set};
pub use montecarlo::{montecarlo, Dist, DistArg, McRun, McSpec};
pub use plot::{levers_svg, plot_levers, plot_sensitivity};
pub use shard::Shard;
pub use sweep::{sweep, SweepSpec, SweepTable, Vary};
