//! Helpers shared by the crisis solver's test files.

use brink_crisis::solve::Equilibrium;
use brink_crisis::CompiledGame;

/// The probability of an outcome label under a profile: the reach of the
/// ends carrying it.
pub fn outcome(cg: &CompiledGame, eq: &Equilibrium, label: &str) -> f64 {
    let reach = brink_game::regret::reach(&cg.game, &eq.behavior, None);
    cg.terminals
        .iter()
        .filter(|t| cg.outcome_labels[t.outcome] == label)
        .map(|t| reach[t.node.index()])
        .sum()
}
