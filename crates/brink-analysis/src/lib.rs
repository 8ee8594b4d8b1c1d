//! Analysis and pictures for brinkmanship.
//!
//! Everything here works on a [`Model`]: something with named parameters that,
//! given values for them, returns outcome probabilities, expected metrics and the
//! regret of the profile behind them. The crisis language implements it for its
//! scenarios; [`fearon::RiskReturn`] implements it in closed form, as a test oracle.
//!
//! * [`design`]: one [`Design`] for comparative statics (a grid of one or two
//!   parameters) and Monte Carlo (seeded draws), solved by [`run_design`] into one
//!   [`DesignRun`]; shards and [`merge`].
//! * [`tree`]: drawings of an [`brink_game::ExtensiveGame`] as TikZ (`istgame`), SVG or PNG.
//! * [`plot`]: the charts behind all of these, [`plot::plot_prob_curves`] for estimation,
//!   and [`plot_levers`] and [`plot_sensitivity`] for the lever and tornado charts of `brink run`.
#![warn(missing_docs)]

pub mod crisis;
pub mod design;
pub mod error;
pub mod fearon;
pub mod font;
pub mod merge;
pub mod model;
pub mod plot;
pub mod shard;
pub mod tree;

pub use design::{run_design, Design, DesignRun, DesignSpec, Dist, DistArg, Point, Summary, Vary};
pub use error::AnalysisError;
pub use merge::merge;
pub use model::{Model, ModelError, ParamSpec, PointResult, Set};
pub use plot::{levers_svg, plot_levers, plot_run, plot_sensitivity};
pub use shard::Shard;
