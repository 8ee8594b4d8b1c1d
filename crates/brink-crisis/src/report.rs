//! What `brink run` prints: outcome probabilities, expected human costs,
//! payoffs, the equilibrium in words, the beliefs that matter, the regret,
//! and for scenarios with levers, the lever table.

use serde::Serialize;
use serde_json::{json, Map, Value};
use std::fmt::Write;

/// A player's equilibrium behaviour.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayerStrategy {
    /// The player's long name.
    pub player: String,
    /// For each information set on the path of play: its description and
    /// the probability of each action.
    pub moves: Vec<(String, Vec<(String, f64)>)>,
    /// For a player with a private type: the cut-point pieces in words.
    pub types: Vec<String>,
}

/// A posterior over the histories a player cannot tell apart.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Belief {
    /// The player holding it.
    pub player: String,
    /// Where (the information set's description).
    pub at: String,
    /// Each possibility (what the player does not know) and its probability.
    pub over: Vec<(String, f64)>,
    /// Whether play never reaches the information set (the belief then
    /// comes from the limit of uniform trembles, not from Bayes' rule).
    pub off_path: bool,
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
    /// Outcome probabilities under the lever.
    pub outcomes: Vec<(String, f64)>,
    /// Expected metrics under the lever.
    pub expected: Vec<(String, f64)>,
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
    /// The equilibrium in words, player by player.
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

fn pairs(v: &[(String, f64)]) -> Value {
    let mut m = Map::new();
    for (k, x) in v {
        m.insert(k.clone(), json!(x));
    }
    Value::Object(m)
}

/// A number to 4 significant places, in plain notation when it is moderate.
pub fn num(x: f64) -> String {
    if x == 0.0 {
        return "0".into();
    }
    let a = x.abs();
    if (1e-3..1e6).contains(&a) {
        let digits = (3 - a.log10().floor() as i32).clamp(0, 6) as usize;
        let s = format!("{x:.digits$}");
        s
    } else {
        format!("{x:.3e}")
    }
}

impl Report {
    /// The report as JSON: `{"model", "parameters", "method", "outcomes",
    /// "expected", "payoffs", "strategy", "beliefs", "regret",
    /// "ex_ante_regret", "sequential_regret", "converged", "regret_at"
    /// (only when not converged), "levers", "notes"}`.
    pub fn to_json(&self) -> Value {
        let mut strategy = Map::new();
        for s in &self.strategy {
            let mut moves = Map::new();
            for (at, acts) in &s.moves {
                moves.insert(at.clone(), pairs(acts));
            }
            if !s.types.is_empty() {
                moves.insert("types".into(), json!(s.types));
            }
            strategy.insert(s.player.clone(), Value::Object(moves));
        }
        let beliefs: Vec<Value> = self
            .beliefs
            .iter()
            .map(|b| json!({"player": b.player, "at": b.at, "over": pairs(&b.over), "off_path": b.off_path}))
            .collect();
        let levers: Vec<Value> = self
            .levers
            .iter()
            .map(|l| {
                json!({"name": l.name, "doc": l.doc, "changes": pairs(&l.changes),
                       "outcomes": pairs(&l.outcomes), "expected": pairs(&l.expected)})
            })
            .collect();
        let mut v = json!({
            "model": self.model,
            "parameters": pairs(&self.parameters),
            "method": self.method,
            "outcomes": pairs(&self.outcomes),
            "expected": pairs(&self.expected),
            "payoffs": pairs(&self.payoffs),
            "strategy": Value::Object(strategy),
            "beliefs": beliefs,
            "regret": self.regret,
            "ex_ante_regret": self.ex_ante_regret,
            "sequential_regret": self.sequential_regret,
            "converged": self.converged,
        });
        if !self.regret_at.is_empty() {
            v["regret_at"] = self
                .regret_at
                .iter()
                .map(|(p, at, g)| json!({"player": p, "at": at, "gain": g}))
                .collect();
        }
        if !self.levers.is_empty() {
            v["levers"] = Value::Array(levers);
        }
        if !self.notes.is_empty() {
            v["notes"] = json!(self.notes);
        }
        if self.starts > 0 {
            v["starts"] = json!(self.starts);
            v["other_equilibria"] = self
                .others
                .iter()
                .map(|o| json!({"outcomes": pairs(&o.outcomes), "payoffs": pairs(&o.payoffs), "regret": o.regret}))
                .collect();
        }
        v
    }

    /// The report as text for a terminal.
    pub fn to_text(&self) -> String {
        let mut s = String::new();
        let _ = writeln!(s, "{} — {}", self.model, self.title);
        for n in &self.notes {
            let _ = writeln!(s, "NOTE: {n}");
        }
        let _ = writeln!(s, "method: {}", self.method);
        let params: Vec<String> = self
            .parameters
            .iter()
            .map(|(k, v)| format!("{k}={}", num(*v)))
            .collect();
        let _ = writeln!(s, "parameters: {}", params.join(" "));
        let _ = writeln!(s, "\noutcomes (probability):");
        let mut outs = self.outcomes.clone();
        outs.sort_by(|a, b| b.1.total_cmp(&a.1));
        for (k, p) in &outs {
            let _ = writeln!(s, "  {k:<24} {p:.4}");
        }
        if !self.expected.is_empty() {
            let _ = writeln!(s, "\nexpected:");
            for (k, v) in &self.expected {
                let _ = writeln!(s, "  {k:<24} {}", num(*v));
            }
        }
        let _ = writeln!(s, "\nexpected payoffs:");
        for (k, v) in &self.payoffs {
            let _ = writeln!(s, "  {k:<24} {}", num(*v));
        }
        if self.converged {
            let _ = writeln!(s, "\nequilibrium:");
        } else {
            let _ = writeln!(
                s,
                "\nNOT AN EQUILIBRIUM: the solver did not converge; the best profile it found (see the regret):"
            );
        }
        for st in &self.strategy {
            for t in &st.types {
                let _ = writeln!(s, "  {}: {t}", st.player);
            }
            // The text shows the first few; JSON has them all.
            for (at, acts) in st.moves.iter().take(6) {
                let words: Vec<String> = acts
                    .iter()
                    .filter(|(_, p)| *p >= 0.0005)
                    .map(|(a, p)| {
                        if *p > 0.9995 {
                            a.clone()
                        } else {
                            format!("{a} with probability {p:.3}")
                        }
                    })
                    .collect();
                let _ = writeln!(s, "  {}, {at}: {}", st.player, words.join("; "));
            }
            if st.moves.len() > 6 {
                let _ = writeln!(
                    s,
                    "  {}: {} more information sets (see --format json)",
                    st.player,
                    st.moves.len() - 6
                );
            }
        }
        // The text shows beliefs on the path of play; JSON has them all.
        let on_path: Vec<&Belief> = self.beliefs.iter().filter(|b| !b.off_path).collect();
        if !on_path.is_empty() {
            let _ = writeln!(s, "\nbeliefs:");
            for b in on_path.iter().take(8) {
                let over: Vec<String> = b
                    .over
                    .iter()
                    .filter(|(_, p)| *p >= 0.005)
                    .map(|(k, p)| format!("[{k}] {p:.3}"))
                    .collect();
                let _ = writeln!(s, "  {}, {}: {}", b.player, b.at, over.join(", "));
            }
        }
        let hidden = self.beliefs.len() - on_path.len().min(8);
        if hidden > 0 {
            let _ = writeln!(
                s,
                "  ... {hidden} more, {} of them off the path of play (see --format json)",
                self.beliefs.len() - on_path.len()
            );
        }
        let _ = writeln!(
            s,
            "\nregret (largest gain from deviating): {} (at the start {}; at any information set, reached or not, {})",
            num(self.regret),
            num(self.ex_ante_regret),
            num(self.sequential_regret)
        );
        for (p, at, g) in &self.regret_at {
            let _ = writeln!(s, "  {p} gains {} by deviating {at}", num(*g));
        }
        if self.starts > 0 {
            let _ = writeln!(
                s,
                "\nother equilibria found from {} seeded starts (not necessarily all): {}",
                self.starts,
                self.others.len()
            );
            for (k, o) in self.others.iter().enumerate() {
                let mut outs = o.outcomes.clone();
                outs.sort_by(|a, b| b.1.total_cmp(&a.1));
                let words: Vec<String> = outs
                    .iter()
                    .filter(|(_, p)| *p >= 0.0005)
                    .map(|(k, p)| format!("{k} {p:.4}"))
                    .collect();
                let _ = writeln!(
                    s,
                    "  #{}: {} (regret {})",
                    k + 2,
                    words.join(", "),
                    num(o.regret)
                );
            }
        }
        if !self.levers.is_empty() {
            let base_war = self
                .outcomes
                .iter()
                .filter(|(k, _)| is_war(k))
                .map(|(_, p)| p)
                .sum::<f64>();
            let get =
                |v: &[(String, f64)], k: &str| v.iter().find(|(n, _)| n == k).map_or(0.0, |x| x.1);
            let _ = writeln!(s, "\nlevers (change against the baseline):");
            let _ = writeln!(
                s,
                "  {:<28} {:>9} {:>9} {:>12} {:>12}",
                "lever", "P(war)", "change", "deaths", "refugees"
            );
            let _ = writeln!(
                s,
                "  {:<28} {:>9.4} {:>9} {:>12} {:>12}",
                "baseline",
                base_war,
                "",
                num(get(&self.expected, "deaths")),
                num(get(&self.expected, "refugees"))
            );
            for l in &self.levers {
                let war = l
                    .outcomes
                    .iter()
                    .filter(|(k, _)| is_war(k))
                    .map(|(_, p)| p)
                    .sum::<f64>();
                let _ = writeln!(
                    s,
                    "  {:<28} {:>9.4} {:>+9.4} {:>12} {:>12}",
                    l.name,
                    war,
                    war - base_war,
                    num(get(&l.expected, "deaths")),
                    num(get(&l.expected, "refugees"))
                );
            }
            for l in &self.levers {
                let ch: Vec<String> = l
                    .changes
                    .iter()
                    .map(|(k, v)| format!("{k}={}", num(*v)))
                    .collect();
                let _ = writeln!(s, "  * {}: {} [{}]", l.name, l.doc, ch.join(", "));
            }
        }
        s
    }
}

/// Whether an outcome label counts as war in the lever table's P(war):
/// any label containing `war`.
pub fn is_war(label: &str) -> bool {
    label.contains("war")
}
