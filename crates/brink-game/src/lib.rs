//! Game representations for brinkmanship.
//!
//! Everything else in the workspace (file formats, solvers, the crisis language,
//! estimation of fitted games) talks about games through the types here:
//!
//! * [`ExtensiveGame`]: an arena-backed game tree with n players, chance, information
//!   sets and outcomes that carry exact rational payoffs.
//! * [`StrategicGame`]: an n-player payoff table.
//! * [`Profile`]: a mixed (strategic) or behavior (extensive) strategy profile, in
//!   exact or floating-point arithmetic, the one result type every solver returns.
//! * [`regret`]: the best-response check that every printed profile goes through.
//! * [`progress`]: the progress observer and cancellation token that long work
//!   takes from its caller ([`Watch`]), and [`assign`], the one `name=value` parser.
//!
//! Matching pennies, and the regret that certifies its mixed equilibrium:
//!
//! ```
//! use brink_game::{regret::strategic_regrets, Rational, StrategicGame};
//!
//! let r = |x: i64| Rational::from_integer(x.into());
//! // One payoff pair per cell, the first player's strategy varying fastest.
//! let payoffs = vec![vec![r(1), r(-1)], vec![r(-1), r(1)], vec![r(-1), r(1)], vec![r(1), r(-1)]];
//! let heads_tails = vec!["H".to_string(), "T".to_string()];
//! let game = StrategicGame::from_payoffs(
//!     "matching pennies",
//!     vec!["1".into(), "2".into()],
//!     vec![heads_tails.clone(), heads_tails],
//!     payoffs,
//! );
//! let half = vec![vec![0.5, 0.5]; 2];
//! assert_eq!(strategic_regrets(&game, &half), vec![0.0, 0.0]);
//! // Both playing heads: the second player gains 2 by switching.
//! let heads = vec![vec![1.0, 0.0]; 2];
//! assert_eq!(strategic_regrets(&game, &heads), vec![0.0, 2.0]);
//! ```
#![warn(missing_docs)]

pub mod action_graph;
pub mod assign;
pub mod error;
pub mod extensive;
pub mod number;
pub mod profile;
pub mod progress;
pub mod reduced;
pub mod regret;
pub mod sequence_form;
pub mod strategic;

pub use error::SolveError;
pub use extensive::{
    Action, ExtensiveGame, GameBuilder, Infoset, InfosetId, Node, NodeId, Outcome, OutcomeId,
    Owner, RecallError,
};
pub use number::{Field, Rational};
pub use profile::{Profile, ProfileKind, Solution};
pub use progress::{Cancel, Cancelled, Progress, Watch};
pub use strategic::StrategicGame;

/// Either kind of game, as read from a file or built by a model.
#[derive(Clone, Debug)]
pub enum Game {
    /// A game tree.
    Extensive(ExtensiveGame),
    /// A payoff table.
    Strategic(StrategicGame),
}

impl Game {
    /// The game's title.
    pub fn title(&self) -> &str {
        match self {
            Game::Extensive(g) => &g.title,
            Game::Strategic(g) => &g.title,
        }
    }

    /// The players' names, in file order.
    pub fn players(&self) -> &[String] {
        match self {
            Game::Extensive(g) => &g.players,
            Game::Strategic(g) => &g.players,
        }
    }
}
