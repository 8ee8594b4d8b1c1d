//! What `brink run` prints: a summary (P(war) and its definition, expected
//! human costs, the most likely play, the levers that move war most, the
//! certificate), then outcome probabilities, expected human costs, payoffs,
//! the lever table with each lever's mechanism, the equilibrium per
//! information set, the beliefs that matter and the regret.
//!
//! The types here are the data; [`Report::to_text`] (`text.rs`) and
//! [`Report::to_json`] (`json.rs`) render them, and `build.rs` fills them
//! from a solved game.

pub(crate) mod build;
mod json;
mod text;
mod words;

pub use build::mechanism;

use serde::Serialize;

/// One move of a history: who moved (a player's short name, `chance`, a
/// group, or `signal PLAYER` for a noisy signal of a player's move) and the
/// action's label.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Move {
    /// Who moved, as the model names it.
    pub by: String,
    /// The action taken.
    pub action: String,
}

/// A range of a typed player's private type and the action it takes at one
/// information set (a cut-point strategy read at that set).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Cut {
    /// Lowest type of the range (`None`: unbounded below).
    pub type_from: Option<f64>,
    /// Highest type of the range (`None`: unbounded above).
    pub type_to: Option<f64>,
    /// The action those types take.
    pub action: String,
}

/// A player's behaviour at one information set.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct InfosetStrategy {
    /// The information set's index in the compiled game (`InfosetId`).
    pub id: usize,
    /// The compiler's description of the set (what the player knows there);
    /// information sets of two games are matched by it.
    pub description: String,
    /// The moves the player has observed on the way there, in order.
    pub moves: Vec<Move>,
    /// The probability that play reaches the set.
    pub reach: f64,
    /// Each action and its probability (types aggregated by their mass).
    pub actions: Vec<(String, f64)>,
    /// For a typed player: the type ranges and the action each takes here,
    /// lowest types first, neighbouring ranges with the same action merged.
    pub cuts: Vec<Cut>,
}

/// A player's equilibrium behaviour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayerStrategy {
    /// The player's long name.
    pub player: String,
    /// The player's short name (as moves name it).
    pub name: String,
    /// The private type's name, for a typed player.
    pub type_name: Option<String>,
    /// Every information set of the player, in the game's order.
    pub infosets: Vec<InfosetStrategy>,
}

/// A posterior over the histories a player cannot tell apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Belief {
    /// The player holding it (long name).
    pub player: String,
    /// The information set's index in the compiled game.
    pub infoset: usize,
    /// The information set's description.
    pub at: String,
    /// The moves the player has observed on the way there.
    pub moves: Vec<Move>,
    /// The probability that play reaches the set.
    pub reach: f64,
    /// Each possibility, named by the moves that tell it apart from the
    /// others (what the player does not know), and its probability.
    pub over: Vec<(Vec<Move>, f64)>,
    /// Whether play never reaches the information set (the belief then
    /// comes from the trembles of every action, not from play).
    pub off_path: bool,
}

/// One step of the most likely play: the most probable action at a node.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PathStep {
    /// Who moved (short name, or `chance`).
    pub by: String,
    /// The action taken.
    pub action: String,
    /// Its probability at that node (types aggregated).
    pub probability: f64,
}

/// Why a lever moves the answer: the one choice whose probability moved
/// most between the baseline and the lever's equilibrium.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Mechanism {
    /// The player choosing (long name).
    pub player: String,
    /// The information set's index in the baseline game.
    pub infoset: usize,
    /// The information set's moves (what the player knows there).
    pub moves: Vec<Move>,
    /// The action whose probability moved.
    pub action: String,
    /// Its probability at the baseline.
    pub before: f64,
    /// Its probability under the lever.
    pub after: f64,
}

/// The effect of one lever against the baseline.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct LeverResult {
    /// Name.
    pub name: String,
    /// What it stands for.
    pub doc: String,
    /// The parameter changes.
    pub changes: Vec<(String, f64)>,
    /// P(war) under the lever (the sum of the war outcomes, [`is_war`]).
    pub p_war: f64,
    /// P(war) under the lever minus the baseline's.
    pub p_war_change: f64,
    /// Outcome probabilities under the lever.
    pub outcomes: Vec<(String, f64)>,
    /// Expected metrics under the lever.
    pub expected: Vec<(String, f64)>,
    /// Whether the lever's profile is an equilibrium (regret within tolerance).
    pub converged: bool,
    /// The lever's largest regret, ex ante or sequential.
    pub regret: f64,
    /// The choice that moved most (`None` when no choice moved).
    pub mechanism: Option<Mechanism>,
}

impl LeverResult {
    /// A lever's row from its own solved report, against the baseline.
    pub fn from_reports(lever: crate::Lever, base: &Report, r: Report) -> LeverResult {
        let mechanism = mechanism(base, &r);
        let p_war = r.p_war();
        LeverResult {
            name: lever.name,
            doc: lever.doc,
            changes: lever.changes,
            p_war,
            p_war_change: p_war - base.p_war(),
            converged: r.converged,
            regret: r.regret,
            outcomes: r.outcomes,
            expected: r.expected,
            mechanism,
        }
    }
}

/// The result of solving a scenario.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Report {
    /// Model name.
    pub model: String,
    /// Title.
    pub title: String,
    /// Parameter values used, in declaration order.
    pub parameters: Vec<(String, f64)>,
    /// The solution concept and method.
    pub method: String,
    /// Probability of each outcome label (they sum to 1).
    pub outcomes: Vec<(String, f64)>,
    /// Expected value of each metric (and of a continuous choice).
    pub expected: Vec<(String, f64)>,
    /// Each player's expected payoff.
    pub payoffs: Vec<(String, f64)>,
    /// The most likely play: from the root, the most probable action at
    /// each node, chance included, to a terminal.
    pub likely_path: Vec<PathStep>,
    /// The outcome the most likely play ends in.
    pub likely_outcome: String,
    /// The equilibrium, player by player, information set by information set.
    pub strategy: Vec<PlayerStrategy>,
    /// Beliefs at information sets with more than one history.
    pub beliefs: Vec<Belief>,
    /// The largest gain any player (any type) could make by deviating: the
    /// larger of `ex_ante_regret` and `sequential_regret`.
    pub regret: f64,
    /// The largest gain from deviating at the start of the game (types
    /// integrated): a Bayesian Nash equilibrium has 0.
    pub ex_ante_regret: f64,
    /// The largest gain from deviating at any one information set, reached
    /// or not, given the beliefs there (types integrated against their
    /// prior): a perfect Bayesian equilibrium has 0.
    pub sequential_regret: f64,
    /// Where the regret is, when it is above the tolerance: player,
    /// information set and gain, the largest first (at most 5).
    pub regret_at: Vec<(String, String, f64)>,
    /// Whether the profile is an equilibrium (regret within the solver's
    /// tolerance); if not, `strategy` is the best profile found, not an
    /// equilibrium.
    pub converged: bool,
    /// Lever table (default scenario and any file with `lever` blocks).
    pub levers: Vec<LeverResult>,
    /// Caveats printed with the report.
    pub notes: Vec<String>,
    /// With `--all`: the other equilibria found from seeded starts (each
    /// converged), and how many starts were tried.
    pub others: Vec<OtherEquilibrium>,
    /// Starts tried for `others` (0 when not asked).
    pub starts: usize,
    /// The lever table over draws of the uncertain parameters, when asked
    /// (`brink run --draws N`).
    pub uncertainty: Option<crate::uncertainty::Uncertainty>,
    /// P(war) at each end of each parameter's range, when asked
    /// (`brink run --sensitivity`).
    pub sensitivity: Vec<crate::uncertainty::Sensitivity>,
    /// The mediator row (`brink run --mediator`): the lowest P(war) over
    /// communication equilibria, beside the baseline's.
    pub mediator: Option<crate::mediator::MediatorResult>,
}

/// Another equilibrium of the same game, found from another start.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct OtherEquilibrium {
    /// Probability of each outcome label.
    pub outcomes: Vec<(String, f64)>,
    /// Each player's expected payoff.
    pub payoffs: Vec<(String, f64)>,
    /// Its largest regret, ex ante or sequential.
    pub regret: f64,
}

impl Report {
    /// P(war): the sum of the probabilities of the outcomes whose label
    /// counts as war ([`is_war`]).
    pub fn p_war(&self) -> f64 {
        p_war(&self.outcomes)
    }

    /// The outcome labels that P(war) sums, in the model's order.
    pub fn war_outcomes(&self) -> Vec<&str> {
        self.outcomes
            .iter()
            .map(|(k, _)| k.as_str())
            .filter(|k| is_war(k))
            .collect()
    }
}

/// The sum of the probabilities of the war outcomes ([`is_war`]) in a list
/// of outcome probabilities.
pub fn p_war(outcomes: &[(String, f64)]) -> f64 {
    outcomes
        .iter()
        .filter(|(k, _)| is_war(k))
        .map(|(_, p)| p)
        .sum()
}

/// Whether an outcome label counts as war in P(war): any label containing
/// `war`.
pub fn is_war(label: &str) -> bool {
    label.contains("war")
}

/// A number to 4 significant places, in plain notation when it is moderate.
pub fn num(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if (1e-3..1e6).contains(&a) {
        let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        format!("{x:.digits$}")
    } else {
        format!("{x:.3e}")
    }
}

/// Splits an information set's description (`after RUS build_up, chance
/// calm, ...` as the compiler writes it, or `at the start`) into moves:
/// each item is `WHO action`, the action being its last word.
pub fn parse_moves(description: &str) -> Vec<Move> {
    let Some(rest) = description.strip_prefix("after ") else {
        return Vec::new();
    };
    rest.split(", ")
        .map(|item| match item.rsplit_once(' ') {
            Some((by, action)) => Move {
                by: by.to_string(),
                action: action.to_string(),
            },
            None => Move {
                by: String::new(),
                action: item.to_string(),
            },
        })
        .collect()
}
