//! Strategy profiles: the one result type every solver returns.

use crate::extensive::{ExtensiveGame, InfosetId, Owner};
use crate::number::{format_f64, format_rational, Field, Rational};
use crate::regret;
use crate::strategic::StrategicGame;
use crate::Game;
use serde_json::{json, Value};

/// What the probabilities of a profile are over.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ProfileKind {
    /// `probs[player][strategy]` over the strategies of a strategic game.
    Mixed,
    /// `probs[infoset][action]` over every information set of an extensive game,
    /// indexed by [`InfosetId`]; chance information sets hold their fixed probabilities.
    Behavior,
}

/// A mixed or behavior strategy profile over numbers `T` (exact or `f64`).
#[derive(Clone, Debug, PartialEq)]
pub struct Profile<T> {
    /// Whether `probs` is per player or per information set.
    pub kind: ProfileKind,
    /// The probabilities; see [`ProfileKind`] for the indexing.
    pub probs: Vec<Vec<T>>,
}

impl<T: Field> Profile<T> {
    /// A mixed profile.
    pub fn mixed(probs: Vec<Vec<T>>) -> Self {
        Profile {
            kind: ProfileKind::Mixed,
            probs,
        }
    }

    /// A behavior profile from probabilities for the players' information sets
    /// only (indexed by `InfosetId`; entries for chance sets are ignored and
    /// replaced by the chance probabilities).
    pub fn behavior(game: &ExtensiveGame, mut probs: Vec<Vec<T>>) -> Self {
        probs.resize(game.infosets().len(), Vec::new());
        for (i, iset) in game.infosets().iter().enumerate() {
            if iset.owner == Owner::Chance {
                probs[i] = iset
                    .actions
                    .iter()
                    .map(|a| {
                        T::from_rational(
                            a.prob.as_ref().expect("chance actions have probabilities"),
                        )
                    })
                    .collect();
            }
        }
        Profile {
            kind: ProfileKind::Behavior,
            probs,
        }
    }

    /// The uniform behavior profile (every action equally likely).
    pub fn uniform_behavior(game: &ExtensiveGame) -> Self {
        let probs = game
            .infosets()
            .iter()
            .map(|i| {
                let k = T::from_i64(i.actions.len() as i64);
                vec![T::one() / k; i.actions.len()]
            })
            .collect();
        Self::behavior(game, probs)
    }

    /// Converts to `f64`.
    pub fn to_f64(&self) -> Profile<f64> {
        Profile {
            kind: self.kind,
            probs: self
                .probs
                .iter()
                .map(|v| v.iter().map(Field::to_f64).collect())
                .collect(),
        }
    }

    /// The probability vector of one player's information set.
    pub fn at(&self, infoset: InfosetId) -> &[T] {
        &self.probs[infoset.index()]
    }
}

/// The most negative probability [`Solution::float`] reads as rounding dust.
pub const NEGATIVE_DUST: f64 = -1e-9;

/// A profile checked against its game, as solvers return it.
#[derive(Clone, Debug, PartialEq)]
pub enum Solution {
    /// Exact arithmetic: `regret` is exactly zero for an equilibrium.
    Exact {
        /// The profile.
        profile: Profile<Rational>,
        /// Maximum regret over players, computed by a best-response pass.
        regret: Rational,
    },
    /// Floating point.
    Float {
        /// The profile.
        profile: Profile<f64>,
        /// Maximum regret over players.
        regret: f64,
    },
}

impl Solution {
    /// Checks an exact profile against the game and wraps it.
    pub fn exact(game: &Game, profile: Profile<Rational>) -> Self {
        let regret = regret::max_regret(game, &profile);
        Solution::Exact { profile, regret }
    }

    /// Checks a floating-point profile against the game and wraps it.
    ///
    /// Probabilities that rounding left just below zero (down to
    /// [`NEGATIVE_DUST`]) become 0 first, so that what is checked and printed
    /// is a profile; anything more negative is kept, for the regret to show.
    pub fn float(game: &Game, mut profile: Profile<f64>) -> Self {
        for p in profile.probs.iter_mut().flatten() {
            if *p < 0.0 && *p >= NEGATIVE_DUST {
                *p = 0.0;
            }
        }
        let regret = regret::max_regret(game, &profile);
        Solution::Float { profile, regret }
    }

    /// The profile in `f64`.
    pub fn profile_f64(&self) -> Profile<f64> {
        match self {
            Solution::Exact { profile, .. } => profile.to_f64(),
            Solution::Float { profile, .. } => profile.clone(),
        }
    }

    /// The maximum regret as `f64`.
    pub fn regret_f64(&self) -> f64 {
        match self {
            Solution::Exact { regret, .. } => regret.to_f64(),
            Solution::Float { regret, .. } => *regret,
        }
    }

    /// The maximum regret as text (`0`, `1/3`, `1.2e-9`).
    pub fn regret_text(&self) -> String {
        match self {
            Solution::Exact { regret, .. } => format_rational(regret),
            Solution::Float { regret, .. } => format_f64(*regret),
        }
    }

    /// The probabilities as text, in Gambit's order (player by player; for
    /// trees information set by information set, action by action): exact
    /// ones as fractions, floating-point ones in full precision.
    pub fn values(&self, game: &Game) -> Vec<String> {
        match self {
            Solution::Exact { profile, .. } => flatten(game, profile, format_rational),
            Solution::Float { profile, .. } => flatten(game, profile, |x| format_f64(*x)),
        }
    }

    /// One line as Gambit's command-line tools print an equilibrium:
    /// `NE,` then the probabilities player by player, in file order.
    pub fn gambit_row(&self, game: &Game) -> String {
        format!("NE,{}", self.values(game).join(","))
    }

    /// The profile with names, plus its regret, as JSON.
    pub fn to_json(&self, game: &Game) -> Value {
        let profile = self.profile_f64();
        let exact: Option<Vec<String>> = match self {
            Solution::Exact { .. } => Some(self.values(game)),
            Solution::Float { .. } => None,
        };
        let mut k = 0;
        let mut next_exact = || {
            let v = exact.as_ref().map(|e| e[k].clone());
            k += 1;
            v
        };
        let players: Vec<Value> = match game {
            Game::Strategic(g) => (0..g.num_players())
                .map(|p| {
                    let strategies: Vec<Value> = g.strategies[p]
                        .iter()
                        .zip(&profile.probs[p])
                        .map(|(name, prob)| {
                            with_exact(json!({"label": name, "prob": prob}), next_exact())
                        })
                        .collect();
                    json!({"name": g.players[p], "strategies": strategies})
                })
                .collect(),
            Game::Extensive(g) => (0..g.num_players())
                .map(|p| {
                    let infosets: Vec<Value> = g
                        .player_infosets(p)
                        .iter()
                        .map(|&i| {
                            let info = g.infoset(i);
                            let actions: Vec<Value> = info
                                .actions
                                .iter()
                                .zip(&profile.probs[i.index()])
                                .map(|(a, prob)| {
                                    with_exact(
                                        json!({"label": a.label, "prob": prob}),
                                        next_exact(),
                                    )
                                })
                                .collect();
                            json!({"number": info.number, "label": info.label, "actions": actions})
                        })
                        .collect();
                    json!({"name": g.players[p], "infosets": infosets})
                })
                .collect(),
        };
        json!({
            "players": players,
            "regret": self.regret_f64(),
            "regret_exact": match self { Solution::Exact { .. } => Value::from(self.regret_text()), _ => Value::Null },
        })
    }
}

/// The JSON that `brink solve --format json` prints for the solutions of
/// one method: every profile with its regret, and the largest regret. The
/// Python package returns the same object.
pub fn solutions_json(game: &Game, method: &str, solutions: &[Solution]) -> Value {
    let eqs: Vec<Value> = solutions.iter().map(|s| s.to_json(game)).collect();
    let max = solutions
        .iter()
        .map(Solution::regret_f64)
        .fold(0.0, f64::max);
    json!({
        "title": game.title(),
        "method": method,
        "equilibria": eqs,
        "regret": max,
    })
}

fn with_exact(mut v: Value, exact: Option<String>) -> Value {
    if let Some(e) = exact {
        v["exact"] = Value::from(e);
    }
    v
}

/// Probabilities in Gambit's output order.
fn flatten<T: Field>(game: &Game, profile: &Profile<T>, fmt: impl Fn(&T) -> String) -> Vec<String> {
    match game {
        Game::Strategic(_) => profile.probs.iter().flatten().map(&fmt).collect(),
        Game::Extensive(g) => (0..g.num_players())
            .flat_map(|p| g.player_infosets(p).iter().copied())
            .flat_map(|i| profile.probs[i.index()].iter().map(&fmt))
            .collect(),
    }
}

/// Number of probabilities a profile of this game lists in Gambit's order.
pub fn profile_len(game: &Game) -> usize {
    match game {
        Game::Strategic(g) => g.strategies.iter().map(Vec::len).sum(),
        Game::Extensive(g) => (0..g.num_players()).map(|p| g.num_actions(p)).sum(),
    }
}

/// Builds a profile from probabilities listed in Gambit's order (as `NE,...`
/// rows list them): the inverse of [`Solution::gambit_row`].
pub fn profile_from_flat<T: Field>(game: &Game, flat: &[T]) -> Option<Profile<T>> {
    if flat.len() != profile_len(game) {
        return None;
    }
    let mut it = flat.iter().cloned();
    Some(match game {
        Game::Strategic(g) => Profile::mixed(strategic_split(g, &mut it)),
        Game::Extensive(g) => {
            let mut probs = vec![Vec::new(); g.infosets().len()];
            for p in 0..g.num_players() {
                for &i in g.player_infosets(p) {
                    probs[i.index()] = it.by_ref().take(g.infoset(i).actions.len()).collect();
                }
            }
            Profile::behavior(g, probs)
        }
    })
}

fn strategic_split<T: Clone>(g: &StrategicGame, it: &mut impl Iterator<Item = T>) -> Vec<Vec<T>> {
    g.strategies
        .iter()
        .map(|s| it.by_ref().take(s.len()).collect())
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::StrategicGame;

    #[test]
    fn float_solutions_drop_negative_dust_but_keep_real_negatives() {
        let one = Rational::from_integer(1.into());
        let zero = Rational::from_integer(0.into());
        let g = Game::Strategic(StrategicGame::from_payoffs(
            "",
            vec!["1".into(), "2".into()],
            vec![vec!["a".into(), "b".into()], vec!["c".into()]],
            vec![vec![one.clone(), zero.clone()], vec![zero, one]],
        ));
        let s = Solution::float(&g, Profile::mixed(vec![vec![1.0, -3.4e-15], vec![1.0]]));
        assert_eq!(s.profile_f64().probs[0], vec![1.0, 0.0]);
        assert_eq!(s.values(&g), vec!["1", "0", "1"]);
        let bad = Solution::float(&g, Profile::mixed(vec![vec![1.1, -0.1], vec![1.0]]));
        assert_eq!(bad.profile_f64().probs[0], vec![1.1, -0.1]);
    }
}
