//! The model library, shipped inside the binary.

/// `(name, one-line description, source)` of every library model.
pub const MODELS: &[(&str, &str, &str)] = &[
    (
        "founding-crisis",
        "The founding crisis (statement of 30 January 2022): challenger, small state, two-member alliance",
        include_str!("../models/founding-crisis.crisis"),
    ),
    (
        "fearon-bargaining",
        "Fearon (1995): complete information, the bargaining range (p - c_a, p + c_b), no war",
        include_str!("../models/fearon-bargaining.crisis"),
    ),
    (
        "fearon-risk-return",
        "Fearon (1995): take-it-or-leave-it demand against a private cost of war (risk-return trade-off)",
        include_str!("../models/fearon-risk-return.crisis"),
    ),
    (
        "audience-cost",
        "Fearon (1994)-style crisis with audience costs and private payoff shocks (QRE issue, item 4)",
        include_str!("../models/audience-cost.crisis"),
    ),
    (
        "brinkmanship",
        "Powell-style escalation: each step risks inadvertent war; resolve is private",
        include_str!("../models/brinkmanship.crisis"),
    ),
    (
        "extended-deterrence",
        "Challenger, protege and a two-member alliance that responds only if both agree",
        include_str!("../models/extended-deterrence.crisis"),
    ),
    (
        "preventive-war",
        "Preventive war against a rising power that cannot commit (Fearon 1995)",
        include_str!("../models/preventive-war.crisis"),
    ),
    (
        "escalation-ladder",
        "Kahn (1965): alternating climbs up a ladder of rungs, each risking loss of control",
        include_str!("../models/escalation-ladder.crisis"),
    ),
    (
        "kydd-trust",
        "Kydd (2005): reassurance by a costly signal from a state of private trustworthiness",
        include_str!("../models/kydd-trust.crisis"),
    ),
    (
        "arms-race",
        "Richardson (1960): arming game whose best responses are Richardson's reaction lines",
        include_str!("../models/arms-race.crisis"),
    ),
];

/// The name of the built-in default scenario.
pub const DEFAULT_MODEL: &str = "founding-crisis";

/// The source of a library model.
pub fn source(name: &str) -> Option<&'static str> {
    MODELS.iter().find(|m| m.0 == name).map(|m| m.2)
}

/// The names of all library models.
pub fn names() -> impl Iterator<Item = &'static str> {
    MODELS.iter().map(|m| m.0)
}
