//! The agent-form logit system of an extensive game, in log-probabilities.
//!
//! Each player information set `I` is an agent: `sum_a exp(x_Ia) = 1` and, for
//! `a > 0`, `x_Ia - x_I0 - lambda (v_Ia - v_I0) = 0`, where `v_Ia` is the value
//! of action `a` to the owner of `I` given the beliefs `mu(h)` over the members
//! `h` of `I` (Bayes' rule on the profile, which has full support for finite
//! lambda): `v_Ia = sum_h mu(h) V(child(h, a))`, with `V` the owner's expected
//! payoff from a node on.
//!
//! The Jacobian is exact. `x_Jb` moves `v_Ia` in two ways: if `(J, b)` lies
//! above a member `h` of `I`, it shifts the beliefs, contributing
//! `mu(h) (V(child(h, a)) - v_Ia)`; if a member `g` of `J` lies below
//! `child(h, a)`, it shifts the continuation value, contributing
//! `mu(h) P(g | child(h, a)) p_Jb V(child(g, b))`. Both are sums over pairs of
//! a player node and one of its ancestors, so one walk up from every player
//! node fills the whole matrix. Beliefs come from log-reach probabilities, so
//! they stay exact even when every member's reach underflows.
//!
//! None of this needs perfect recall, and the system is Gambit's agent logit
//! (`efglogit`, whose `LogBehavProfile` values actions the same way) on any
//! tree. With perfect recall the owner's own earlier actions lie above every
//! member of `I` alike, so they shift no beliefs (the belief term sums to
//! zero), and a set of the owner below `(I, a)` is met once. Without it both
//! terms survive: an own action above some members only moves the beliefs,
//! and an own set below moves the continuation value, so the walk keeps them
//! (Gambit's Jacobian drops them and is only approximate there). Under
//! absent-mindedness an edge `(J, b)` can occur several times on one path:
//! the derivative of a log-reach is then the number of occurrences, which the
//! walk counts by visiting every ancestor pair, and `J` may be `I` itself.
//! The unit tests check the matrix against finite differences on such games.

use crate::path::QreSystem;
use crate::polish::Polish;
use brink_game::regret::behavior_regrets;
use brink_game::{ExtensiveGame, NodeId, Owner, Profile};

pub(crate) struct AgentSystem<'g> {
    pub(crate) game: &'g ExtensiveGame,
    /// For each information set, the offset of its first variable (chance: none).
    pub(crate) var: Vec<Option<usize>>,
    m: usize,
    /// The players' information sets, by id, that own variables.
    player_isets: Vec<usize>,
    /// Payoff at each node (its outcome only), node-major, player-minor.
    node_pay: Vec<f64>,
    /// Log-probability of each chance action, per information set.
    chance_log: Vec<Vec<f64>>,
    /// Payoffs are multiplied by this (one over the payoff range), so that
    /// the tracer's steps do not depend on the payoffs' units.
    pub(crate) scale: f64,
    /// Some player lacks perfect recall: the branch's limit is then an agent
    /// equilibrium that need not be a Nash equilibrium.
    forgetful: bool,
    /// Some information set is met twice on one path.
    absent_minded: bool,
}

/// Everything computed from one point.
pub(crate) struct State {
    /// Action probabilities by variable.
    pub p: Vec<f64>,
    /// Log reach probability of each node.
    pub log_reach: Vec<f64>,
    /// Expected payoff from each node on, node-major, player-minor.
    pub value: Vec<f64>,
    /// Beliefs at every node of a player information set (zero elsewhere).
    pub mu: Vec<f64>,
    /// Action values by variable.
    pub v: Vec<f64>,
}

impl<'g> AgentSystem<'g> {
    pub(crate) fn new(game: &'g ExtensiveGame, scale: f64) -> Self {
        let mut var = vec![None; game.infosets().len()];
        let mut m = 0;
        let mut player_isets = Vec::new();
        let mut chance_log = vec![Vec::new(); game.infosets().len()];
        for (i, info) in game.infosets().iter().enumerate() {
            match info.owner {
                Owner::Player(_) => {
                    var[i] = Some(m);
                    m += info.actions.len();
                    player_isets.push(i);
                }
                Owner::Chance => {
                    chance_log[i] = info
                        .actions
                        .iter()
                        .map(|a| {
                            a.prob
                                .as_ref()
                                .map_or(f64::NEG_INFINITY, brink_game::number::rational_to_f64)
                                .ln()
                        })
                        .collect();
                }
            }
        }
        let np = game.num_players();
        let mut node_pay = vec![0.0; game.num_nodes() * np];
        for i in 0..game.num_nodes() {
            if let Some(o) = game.node_outcome(NodeId(i as u32)) {
                for (d, x) in node_pay[i * np..(i + 1) * np]
                    .iter_mut()
                    .zip(&game.outcomes()[o.index()].payoffs_f64)
                {
                    *d = x * scale;
                }
            }
        }
        AgentSystem {
            game,
            var,
            m,
            player_isets,
            node_pay,
            chance_log,
            scale,
            forgetful: game.check_perfect_recall().is_err(),
            absent_minded: is_absent_minded(game),
        }
    }

    /// The largest gain of one agent deviating alone, ex ante: over player
    /// information sets, the probability of reaching a member (summed over
    /// members) times the best action value less the set's value, in the
    /// system's scaled units. Zero exactly at an agent equilibrium.
    pub(crate) fn agent_gain(&self, y: &[f64]) -> f64 {
        let st = self.state(y);
        let mut worst = 0.0f64;
        for &iset in &self.player_isets {
            let info = &self.game.infosets()[iset];
            let o = self.var[iset].expect("player set");
            let k = info.actions.len();
            let reach: f64 = info
                .members
                .iter()
                .map(|h| st.log_reach[h.index()].exp())
                .sum();
            let best = st.v[o..o + k]
                .iter()
                .copied()
                .fold(f64::NEG_INFINITY, f64::max);
            let value: f64 = (o..o + k)
                .filter(|&v| st.p[v] > 0.0)
                .map(|v| st.p[v] * st.v[v])
                .sum();
            worst = worst.max(reach * (best - value));
        }
        worst
    }

    fn owner(&self, iset: usize) -> usize {
        match self.game.infosets()[iset].owner {
            Owner::Player(p) => p,
            Owner::Chance => unreachable!("chance sets own no variables"),
        }
    }

    /// Log-probability of the action leading into node `c` (not the root).
    fn edge_log(&self, y: &[f64], c: usize) -> f64 {
        let n = NodeId(c as u32);
        let parent = self.game.parent(n).expect("not the root");
        let iset = self
            .game
            .node_infoset(parent)
            .expect("parents move")
            .index();
        let a = self.game.action_to(n).expect("not the root");
        match self.var[iset] {
            Some(o) => y[o + a],
            None => self.chance_log[iset][a],
        }
    }

    pub(crate) fn state(&self, y: &[f64]) -> State {
        let g = self.game;
        let np = g.num_players();
        let nn = g.num_nodes();
        let p: Vec<f64> = y[..self.m].iter().map(|x| x.exp()).collect();
        let mut log_reach = vec![0.0; nn];
        for c in 1..nn {
            let parent = g.parent(NodeId(c as u32)).expect("not the root").index();
            log_reach[c] = log_reach[parent] + self.edge_log(y, c);
        }
        let mut value = self.node_pay.clone();
        for c in (1..nn).rev() {
            let parent = g.parent(NodeId(c as u32)).expect("not the root").index();
            let w = self.edge_log(y, c).exp();
            if w != 0.0 {
                for i in 0..np {
                    value[parent * np + i] += w * value[c * np + i];
                }
            }
        }
        let mut mu = vec![0.0; nn];
        let mut v = vec![0.0; self.m];
        for &iset in &self.player_isets {
            let info = &g.infosets()[iset];
            let top = info
                .members
                .iter()
                .map(|h| log_reach[h.index()])
                .fold(f64::NEG_INFINITY, f64::max);
            let total: f64 = if top.is_finite() {
                info.members
                    .iter()
                    .map(|h| (log_reach[h.index()] - top).exp())
                    .sum()
            } else {
                0.0
            };
            let o = self.var[iset].expect("player set");
            let owner = self.owner(iset);
            for h in &info.members {
                let w = if total > 0.0 {
                    (log_reach[h.index()] - top).exp() / total
                } else {
                    1.0 / info.members.len() as f64
                };
                mu[h.index()] = w;
                for a in 0..info.actions.len() {
                    v[o + a] += w * value[g.child(*h, a).index() * np + owner];
                }
            }
        }
        State {
            p,
            log_reach,
            value,
            mu,
            v,
        }
    }

    pub(crate) fn profile(&self, y: &[f64]) -> Profile<f64> {
        let probs = self
            .game
            .infosets()
            .iter()
            .enumerate()
            .map(|(i, info)| match self.var[i] {
                Some(o) => y[o..o + info.actions.len()]
                    .iter()
                    .map(|x| x.exp())
                    .collect(),
                None => Vec::new(),
            })
            .collect();
        Profile::behavior(self.game, probs)
    }

    /// Beliefs over each information set's members (chance sets included).
    pub(crate) fn beliefs(&self, y: &[f64]) -> Vec<Vec<f64>> {
        let st = self.state(y);
        self.game
            .infosets()
            .iter()
            .map(|info| {
                let top = info
                    .members
                    .iter()
                    .map(|h| st.log_reach[h.index()])
                    .fold(f64::NEG_INFINITY, f64::max);
                let w: Vec<f64> = info
                    .members
                    .iter()
                    .map(|h| {
                        if top.is_finite() {
                            (st.log_reach[h.index()] - top).exp()
                        } else {
                            1.0
                        }
                    })
                    .collect();
                let s: f64 = w.iter().sum();
                w.iter().map(|x| x / s).collect()
            })
            .collect()
    }

    /// `dv[row * m + col]`: derivative of action value `row` by log-probability `col`.
    fn value_jacobian(&self, st: &State) -> Vec<f64> {
        let g = self.game;
        let m = self.m;
        let np = g.num_players();
        let mut dv = vec![0.0; m * m];
        for gi in 0..g.num_nodes() {
            let gn = NodeId(gi as u32);
            let Some(jset) = g.node_infoset(gn).map(|i| i.index()) else {
                continue;
            };
            let Some(oj) = self.var[jset] else { continue };
            let kj = g.infosets()[jset].actions.len();
            let owner_j = self.owner(jset);
            // Walk up: `prob` is P(g | cur).
            let mut cur = gi;
            let mut prob = 1.0;
            while let Some(par) = g.parent(NodeId(cur as u32)) {
                let iset = g.node_infoset(par).expect("parents move").index();
                if let Some(oi) = self.var[iset] {
                    let a = g.action_to(NodeId(cur as u32)).expect("not the root");
                    let owner_i = self.owner(iset);
                    let row = oi + a;
                    // Continuation value of (I, a) through g.
                    let w = st.mu[par.index()] * prob;
                    if w != 0.0 {
                        for b in 0..kj {
                            let c = g.child(gn, b).index();
                            dv[row * m + oj + b] += w * st.p[oj + b] * st.value[c * np + owner_i];
                        }
                    }
                    // Beliefs at J shift with (I, a) above g.
                    let mg = st.mu[gi];
                    if mg != 0.0 {
                        for b in 0..kj {
                            let c = g.child(gn, b).index();
                            dv[(oj + b) * m + row] +=
                                mg * (st.value[c * np + owner_j] - st.v[oj + b]);
                        }
                    }
                }
                prob *= self.edge_prob(st, iset, cur);
                cur = par.index();
            }
        }
        dv
    }

    fn edge_prob(&self, st: &State, iset: usize, child: usize) -> f64 {
        let a = self
            .game
            .action_to(NodeId(child as u32))
            .expect("not the root");
        match self.var[iset] {
            Some(o) => st.p[o + a],
            None => self.chance_log[iset][a].exp(),
        }
    }
}

impl QreSystem for AgentSystem<'_> {
    fn dim(&self) -> usize {
        self.m
    }

    fn start(&self) -> Vec<f64> {
        let mut y = vec![0.0; self.m + 1];
        for &i in &self.player_isets {
            let k = self.game.infosets()[i].actions.len();
            let o = self.var[i].expect("player set");
            y[o..o + k].iter_mut().for_each(|x| *x = -(k as f64).ln());
        }
        y
    }

    fn eval(&self, y: &[f64], out: &mut [f64]) {
        let lambda = y[self.m];
        let st = self.state(y);
        for &i in &self.player_isets {
            let k = self.game.infosets()[i].actions.len();
            let o = self.var[i].expect("player set");
            out[o] = st.p[o..o + k].iter().sum::<f64>() - 1.0;
            for a in 1..k {
                out[o + a] = y[o + a] - y[o] - lambda * (st.v[o + a] - st.v[o]);
            }
        }
    }

    fn jacobian(&self, y: &[f64], out: &mut [f64]) {
        let m = self.m;
        let n = m + 1;
        let lambda = y[m];
        let st = self.state(y);
        let dv = self.value_jacobian(&st);
        out.iter_mut().for_each(|x| *x = 0.0);
        for &i in &self.player_isets {
            let k = self.game.infosets()[i].actions.len();
            let o = self.var[i].expect("player set");
            for a in 0..k {
                out[o * n + o + a] = st.p[o + a];
            }
            for a in 1..k {
                let row = &mut out[(o + a) * n..(o + a + 1) * n];
                let (da, d0) = (&dv[(o + a) * m..(o + a + 1) * m], &dv[o * m..(o + 1) * m]);
                for c in 0..m {
                    row[c] = -lambda * (da[c] - d0[c]);
                }
                row[o + a] += 1.0;
                row[o] -= 1.0;
                row[m] = -(st.v[o + a] - st.v[o]);
            }
        }
    }

    fn regret(&self, y: &[f64]) -> f64 {
        let profile = self.profile(y);
        let nash = behavior_regrets(self.game, &profile.probs)
            .into_iter()
            .fold(0.0, f64::max)
            * self.scale;
        if self.absent_minded {
            // An absent-minded player's behavior can pay more than every
            // pure strategy (Piccione and Rubinstein's driver), so the regret
            // against pure strategies can vanish far from the branch's end,
            // even at lambda = 0: the agents must also be (nearly) in
            // equilibrium before the trace stops.
            nash.max(self.agent_gain(y))
        } else {
            nash
        }
    }

    fn agent_regret(&self, y: &[f64]) -> Option<f64> {
        self.forgetful.then(|| self.agent_gain(y))
    }
}

impl Polish for AgentSystem<'_> {
    fn blocks(&self) -> Vec<(usize, usize)> {
        self.player_isets
            .iter()
            .map(|&i| {
                (
                    self.var[i].expect("player set"),
                    self.game.infosets()[i].actions.len(),
                )
            })
            .collect()
    }

    fn values_jacobian(&self, y: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let st = self.state(y);
        let dv = self.value_jacobian(&st);
        (st.v, dv)
    }

    fn frozen(&self, y: &[f64]) -> Vec<bool> {
        let st = self.state(y);
        self.player_isets
            .iter()
            .map(|&i| {
                self.game.infosets()[i]
                    .members
                    .iter()
                    .all(|h| st.log_reach[h.index()] == f64::NEG_INFINITY)
            })
            .collect()
    }
}

/// Whether some information set has two members on one path.
pub(crate) fn is_absent_minded(game: &ExtensiveGame) -> bool {
    (0..game.num_nodes()).any(|i| {
        let n = NodeId(i as u32);
        let Some(iset) = game.node_infoset(n) else {
            return false;
        };
        let mut cur = n;
        while let Some(par) = game.parent(cur) {
            if game.node_infoset(par) == Some(iset) {
                return true;
            }
            cur = par;
        }
        false
    })
}
