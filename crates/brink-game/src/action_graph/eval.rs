//! Payoffs of pure profiles computed from the graph, and the strategic form.
//!
//! An agent's payoff is an expectation over the other players' types: the
//! distribution of its action node's configuration is built player by player
//! (Gambit's convolution, so the work grows with the players' type counts, not
//! with their product). Where it fits, the arithmetic is in `i128`: payoffs
//! multiplied by the common denominator `D` of all payoffs, each player's type
//! probabilities by their common denominator `M_j`, so that an agent's payoffs
//! all carry the same positive factor `D * prod_{j != i} M_j` and compare as
//! integers. Otherwise (the bound on that product is checked up front) it
//! falls back to rationals.

use super::{combine, ActionGraphGame, AggError, Config};
use crate::{Rational, StrategicGame};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{One, ToPrimitive, Zero};
use std::ops::{Add, Mul};

/// A value ordering an agent's payoffs: the same order as the payoffs
/// themselves among one agent's payoffs (never compare two agents' keys).
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum PayoffKey {
    /// The payoff times the agent's positive scale.
    Scaled(i128),
    /// The payoff itself.
    Exact(Rational),
}

struct Scaled {
    /// Per action node, per table entry: the payoff times `D`.
    payoffs: Vec<Vec<i128>>,
    /// Per player, per type: the probability times `M_j`.
    weights: Vec<Vec<i128>>,
    /// Per agent: `D * prod_{j != i} M_j`.
    scale: Vec<BigInt>,
}

/// Computes payoffs of pure profiles of an [`ActionGraphGame`].
pub struct Evaluator<'a> {
    game: &'a ActionGraphGame,
    agents: Vec<(usize, usize)>,
    first_agent: Vec<usize>,
    scaled: Option<Scaled>,
}

trait Weight: Clone + Add<Output = Self> + Mul<Output = Self> + PartialEq {
    fn one() -> Self;
}
impl Weight for i128 {
    fn one() -> Self {
        1
    }
}
impl Weight for Rational {
    fn one() -> Self {
        <Rational as One>::one()
    }
}

impl<'a> Evaluator<'a> {
    /// An evaluator, in integers where the game's numbers allow it.
    pub fn new(game: &'a ActionGraphGame) -> Self {
        let mut e = Evaluator::exact(game);
        e.scaled = scale(game, &e.agents);
        e
    }

    /// An evaluator in rational arithmetic only (slower; the check of the
    /// integer path).
    pub fn exact(game: &'a ActionGraphGame) -> Self {
        let agents = game.graph.agents();
        let mut first_agent = Vec::new();
        let mut k = 0;
        for types in &game.graph.players {
            first_agent.push(k);
            k += types.len();
        }
        Evaluator {
            game,
            agents,
            first_agent,
            scaled: None,
        }
    }

    /// Whether the integer path is in use.
    pub fn is_scaled(&self) -> bool {
        self.scaled.is_some()
    }

    /// The number of agents (players of the strategic form).
    pub fn num_agents(&self) -> usize {
        self.agents.len()
    }

    /// `agent`'s payoff when each agent plays its strategy in `profile`.
    pub fn payoff(&self, agent: usize, profile: &[usize]) -> Rational {
        match &self.scaled {
            Some(s) => Rational::new(
                BigInt::from(self.expected(
                    agent,
                    profile,
                    |j, u| s.weights[j][u],
                    |n, e| s.payoffs[n][e],
                )),
                s.scale[agent].clone(),
            ),
            None => self.exact_payoff(agent, profile),
        }
    }

    /// A key ordering `agent`'s payoffs (cheaper than [`Evaluator::payoff`]).
    pub fn payoff_key(&self, agent: usize, profile: &[usize]) -> PayoffKey {
        match &self.scaled {
            Some(s) => PayoffKey::Scaled(self.expected(
                agent,
                profile,
                |j, u| s.weights[j][u],
                |n, e| s.payoffs[n][e],
            )),
            None => PayoffKey::Exact(self.exact_payoff(agent, profile)),
        }
    }

    fn exact_payoff(&self, agent: usize, profile: &[usize]) -> Rational {
        let g = self.game;
        self.expected(
            agent,
            profile,
            |j, u| g.graph.players[j][u].probability.clone(),
            |n, e| g.payoffs[n].entries[e].1.clone(),
        )
    }

    /// The expected payoff in weight type `W`: `weight(j, u)` is player j's
    /// type u's weight, `value(node, entry)` a payoff table entry.
    fn expected<W: Weight>(
        &self,
        agent: usize,
        profile: &[usize],
        weight: impl Fn(usize, usize) -> W,
        value: impl Fn(usize, usize) -> W,
    ) -> W {
        let graph = &self.game.graph;
        let (i, t) = self.agents[agent];
        let node = graph.players[i][t].actions[profile[agent]];
        let keylen = graph.neighbours[node].len();
        let combiners: Vec<_> = (0..keylen).map(|k| graph.combiner(node, k)).collect();
        let own: Config = (0..keylen)
            .map(|k| graph.contribution(node, k, node))
            .collect();
        let mut dist: Vec<(Config, W)> = vec![(own, W::one())];
        let mut choices: Vec<(usize, W)> = Vec::new();
        for (j, types) in graph.players.iter().enumerate() {
            if j == i {
                continue;
            }
            choices.clear();
            for (u, ty) in types.iter().enumerate() {
                let b = ty.actions[profile[self.first_agent[j] + u]];
                let w = weight(j, u);
                match choices.iter_mut().find(|(c, _)| *c == b) {
                    Some(entry) => entry.1 = entry.1.clone() + w,
                    None => choices.push((b, w)),
                }
            }
            if let [(b, w)] = choices.as_slice() {
                // One action whatever the type: update in place.
                for (config, cw) in &mut dist {
                    for (k, &(how, none)) in combiners.iter().enumerate() {
                        config[k] = combine(how, none, config[k], graph.contribution(node, k, *b));
                    }
                    *cw = cw.clone() * w.clone();
                }
                continue;
            }
            let mut next: Vec<(Config, W)> = Vec::with_capacity(dist.len() * choices.len());
            for (config, cw) in &dist {
                for (b, w) in &choices {
                    let c: Config = combiners
                        .iter()
                        .enumerate()
                        .map(|(k, &(how, none))| {
                            combine(how, none, config[k], graph.contribution(node, k, *b))
                        })
                        .collect();
                    next.push((c, cw.clone() * w.clone()));
                }
            }
            next.sort_by(|a, b| a.0.cmp(&b.0));
            dist.clear();
            for (c, w) in next {
                match dist.last_mut() {
                    Some(last) if last.0 == c => last.1 = last.1.clone() + w,
                    _ => dist.push((c, w)),
                }
            }
        }
        let table = &self.game.payoffs[node];
        let mut total: Option<W> = None;
        for (config, w) in dist {
            let e = table
                .position(&config)
                .expect("every reachable configuration has a payoff (checked when built)");
            let term = w * value(node, e);
            total = Some(match total {
                Some(acc) => acc + term,
                None => term,
            });
        }
        total.expect("a distribution has at least one configuration")
    }

    /// The largest gain any agent has from changing its strategy alone.
    pub fn max_regret(&self, profile: &[usize]) -> Rational {
        let shape = self.game.shape();
        let mut worst = Rational::zero();
        let mut probe = profile.to_vec();
        for agent in 0..self.agents.len() {
            let current = self.payoff(agent, profile);
            for s in 0..shape[agent] {
                probe[agent] = s;
                let gain = self.payoff(agent, &probe) - &current;
                if gain > worst {
                    worst = gain;
                }
            }
            probe[agent] = profile[agent];
        }
        worst
    }
}

/// The integer scaling, if the worst product fits comfortably in `i128`.
fn scale(game: &ActionGraphGame, agents: &[(usize, usize)]) -> Option<Scaled> {
    let mut d = BigInt::one();
    for table in &game.payoffs {
        for (_, v) in &table.entries {
            d = d.lcm(v.denom());
        }
    }
    let mut max_abs = BigInt::zero();
    let payoffs: Vec<Vec<i128>> = game
        .payoffs
        .iter()
        .map(|table| {
            table
                .entries
                .iter()
                .map(|(_, v)| {
                    let x = v.numer() * (&d / v.denom());
                    if x.magnitude() > max_abs.magnitude() {
                        max_abs = x.clone();
                    }
                    x.to_i128()
                })
                .collect::<Option<Vec<i128>>>()
        })
        .collect::<Option<_>>()?;
    let mut m = Vec::new();
    let mut weights = Vec::new();
    for types in &game.graph.players {
        let mj = types
            .iter()
            .fold(BigInt::one(), |acc, t| acc.lcm(t.probability.denom()));
        let w = types
            .iter()
            .map(|t| (t.probability.numer() * (&mj / t.probability.denom())).to_i128())
            .collect::<Option<Vec<i128>>>()?;
        weights.push(w);
        m.push(mj);
    }
    // Every partial sum is at most max|payoff * D| * prod_j M_j (the weights of
    // a player's types sum to M_j).
    let bound = m
        .iter()
        .fold(max_abs.magnitude().clone().into(), |acc: BigInt, x| acc * x);
    if bound.bits() > 120 {
        return None;
    }
    let scale = agents
        .iter()
        .map(|&(i, _)| {
            m.iter()
                .enumerate()
                .filter(|&(j, _)| j != i)
                .fold(d.clone(), |acc, (_, x)| acc * x)
        })
        .collect();
    Some(Scaled {
        payoffs,
        weights,
        scale,
    })
}

impl ActionGraphGame {
    /// The strategic form (Gambit's: agents "1", "2", ... in (player, type)
    /// order, strategies "1", "2", ... in the order of the type's actions),
    /// refused when it has more than `max_profiles` pure profiles.
    pub fn to_strategic(&self, max_profiles: u128) -> Result<StrategicGame, AggError> {
        let shape = self.shape();
        let profiles = self.num_profiles();
        if profiles > max_profiles {
            return Err(AggError::TooLarge {
                profiles,
                shape,
                limit: max_profiles,
            });
        }
        let eval = Evaluator::new(self);
        let mut profile = vec![0usize; shape.len()];
        let mut payoffs = Vec::with_capacity(profiles as usize);
        for _ in 0..profiles {
            payoffs.push(
                (0..shape.len())
                    .map(|a| eval.payoff(a, &profile))
                    .collect::<Vec<_>>(),
            );
            advance(&mut profile, &shape);
        }
        let players = (1..=shape.len()).map(|k| k.to_string()).collect();
        let strategies = shape
            .iter()
            .map(|&k| (1..=k).map(|s| s.to_string()).collect())
            .collect();
        Ok(StrategicGame::from_payoffs(
            "", players, strategies, payoffs,
        ))
    }
}

/// The next profile, first agent fastest (Gambit's cell order); false after
/// the last.
pub fn advance(profile: &mut [usize], shape: &[usize]) -> bool {
    for (s, &k) in profile.iter_mut().zip(shape) {
        *s += 1;
        if *s < k {
            return true;
        }
        *s = 0;
    }
    false
}
