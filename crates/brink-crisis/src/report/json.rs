//! The report as one JSON object: numbers as numbers, strategies and
//! beliefs as structured data (ids, moves, probabilities, cut-points), no
//! prose that repeats what the structure holds.

use super::{Belief, Cut, InfosetStrategy, LeverResult, Mechanism, Move, Report};
use serde_json::{json, Map, Value};

/// `{name: value}` in the given order.
fn pairs(v: &[(String, f64)]) -> Value {
    let mut m = Map::new();
    for (k, x) in v {
        m.insert(k.clone(), json!(x));
    }
    Value::Object(m)
}

fn moves(v: &[Move]) -> Value {
    v.iter()
        .map(|m| json!({"by": m.by, "action": m.action}))
        .collect()
}

fn cuts(v: &[Cut]) -> Value {
    v.iter()
        .map(|c| json!({"type_from": c.type_from, "type_to": c.type_to, "action": c.action}))
        .collect()
}

fn infoset(player: &str, i: &InfosetStrategy) -> Value {
    let mut v = json!({
        "id": i.id,
        "player": player,
        "moves": moves(&i.moves),
        "reach": i.reach,
        "actions": i.actions.iter()
            .map(|(a, p)| json!({"action": a, "probability": p}))
            .collect::<Value>(),
    });
    if !i.cuts.is_empty() {
        v["cuts"] = cuts(&i.cuts);
    }
    v
}

fn belief(b: &Belief) -> Value {
    json!({
        "player": b.player,
        "infoset": b.infoset,
        "moves": moves(&b.moves),
        "reach": b.reach,
        "off_path": b.off_path,
        "over": b.over.iter()
            .map(|(m, p)| json!({"moves": moves(m), "probability": p}))
            .collect::<Value>(),
    })
}

fn mechanism(m: &Mechanism) -> Value {
    json!({
        "player": m.player,
        "infoset": m.infoset,
        "moves": moves(&m.moves),
        "action": m.action,
        "before": m.before,
        "after": m.after,
    })
}

fn lever(l: &LeverResult) -> Value {
    json!({
        "name": l.name,
        "doc": l.doc,
        "changes": pairs(&l.changes),
        "p_war": l.p_war,
        "p_war_change": l.p_war_change,
        "outcomes": pairs(&l.outcomes),
        "expected": pairs(&l.expected),
        "converged": l.converged,
        "regret": l.regret,
        "mechanism": l.mechanism.as_ref().map(mechanism),
    })
}

impl Report {
    /// The report as JSON. Keys: `model`, `title`, `p_war`, `war_outcomes`
    /// (the labels P(war) sums), `parameters`, `method`, `outcomes`,
    /// `expected`, `payoffs`, `likely_path` (`[{by, action, probability}]`),
    /// `likely_outcome`, `strategy` (per player `{player, name, type,
    /// infosets: [{id, player, moves: [{by, action}], reach, actions:
    /// [{action, probability}], cuts: [{type_from, type_to, action}]}]}`,
    /// `cuts` for typed players only, `null` for an unbounded end),
    /// `beliefs` (`[{player, infoset, moves, reach, off_path, over: [{moves,
    /// probability}]}]`), `regret`, `ex_ante_regret`, `sequential_regret`,
    /// `converged`; when present: `regret_at` (only when not converged),
    /// `levers` (`[{name, doc, changes, p_war, p_war_change, outcomes,
    /// expected, converged, regret, mechanism: {player, infoset, moves,
    /// action, before, after} | null}]`), `notes`, `uncertainty`,
    /// `sensitivity`, `mediator` (`{p_war, p_war_change, outcomes, expected,
    /// grid, types: [{player, values}], plans, max_gain, method, lower_bound,
    /// stopped, discrete: {player, types} | null, p_war_exact}`), `starts` and
    /// `other_equilibria`.
    pub fn to_json(&self) -> Value {
        let strategy: Vec<Value> = self
            .strategy
            .iter()
            .map(|s| {
                json!({
                    "player": s.player,
                    "name": s.name,
                    "type": s.type_name,
                    "infosets": s.infosets.iter().map(|i| infoset(&s.player, i)).collect::<Value>(),
                })
            })
            .collect();
        let mut v = json!({
            "model": self.model,
            "title": self.title,
            "p_war": self.p_war(),
            "war_outcomes": self.war_outcomes(),
            "parameters": pairs(&self.parameters),
            "method": self.method,
            "outcomes": pairs(&self.outcomes),
            "expected": pairs(&self.expected),
            "payoffs": pairs(&self.payoffs),
            "likely_path": self.likely_path,
            "likely_outcome": self.likely_outcome,
            "strategy": strategy,
            "beliefs": self.beliefs.iter().map(belief).collect::<Value>(),
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
            v["levers"] = self.levers.iter().map(lever).collect();
        }
        if !self.notes.is_empty() {
            v["notes"] = json!(self.notes);
        }
        if let Some(u) = &self.uncertainty {
            v["uncertainty"] = json!(u);
        }
        if !self.sensitivity.is_empty() {
            v["sensitivity"] = json!(self.sensitivity);
        }
        if let Some(m) = &self.mediator {
            v["mediator"] = json!({
                "p_war": m.p_war,
                "p_war_change": m.p_war - self.p_war(),
                "outcomes": pairs(&m.outcomes),
                "expected": pairs(&m.expected),
                "grid": m.grid,
                "types": m.types.iter().map(|(p, v)| json!({"player": p, "values": v})).collect::<Value>(),
                "plans": m.plans,
                "max_gain": m.max_gain,
                "method": m.method,
                "lower_bound": m.lower_bound,
                "stopped": m.stopped,
                "discrete": m.discrete.as_ref().map(|(p, l)| json!({"player": p, "types": l})),
                "p_war_exact": m.p_war_exact,
            });
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
}
