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
//!
//! A sweep of Fearon's risk-return model over A's cost of war, each point
//! against the closed form:
//!
//! ```
//! use brink_analysis::{fearon, run_design, DesignSpec, Vary};
//! use brink_game::Watch;
//!
//! let vary = Vary { name: "c_a".into(), from: 0.0, to: 0.2, steps: 3 };
//! let run = run_design(&fearon::RiskReturn, &DesignSpec::sweep(vec![vary], vec![]), &Watch::quiet())?;
//! let war = run.outcomes.iter().position(|o| o == "war").unwrap();
//! for point in &run.points {
//!     let c_a = point.params[0];
//!     let (_, p_war) = fearon::closed_form(0.5, c_a, 0.05, 0.4);
//!     assert!((point.outcomes[war] - p_war).abs() < 1e-6, "c_a = {c_a}");
//! }
//! # Ok::<(), brink_analysis::AnalysisError>(())
//! ```
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
