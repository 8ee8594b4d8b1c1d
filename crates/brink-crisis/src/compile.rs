//! Compiles a scenario to an [`ExtensiveGame`] with, for every terminal node,
//! its outcome label, its metrics and its payoffs as lines in the players'
//! private types. The tree is counted before it is built, so a game over the
//! size limit is refused with its size instead of exhausting memory.

use crate::ast::{Branch, Node, Observation};
use crate::dist::Dist;
use crate::error::{suggest, Error, ErrorKind, Span};
use crate::expr::Env;
use crate::scenario::{Parameter, Scenario};
use brink_game::{Action, ExtensiveGame, GameBuilder, InfosetId, NodeId, Owner, Rational};
use num_traits::One;
use serde::Serialize;
use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

mod exact;
mod values;

use exact::one_minus_sum;
use exact::rational;

/// Default limit on the number of nodes of a compiled game.
pub const DEFAULT_MAX_NODES: usize = 2_000_000;

/// A player of a compiled game.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct PlayerInfo {
    /// Short name used in the file.
    pub name: String,
    /// Long name used in reports.
    pub title: String,
    /// The private type: its name and distribution (a continuous payoff
    /// shock known only to this player).
    pub private: Option<(String, Dist)>,
}

/// A terminal node's data beyond the engine's outcome.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Terminal {
    /// The node.
    #[serde(skip)]
    pub node: NodeId,
    /// Index into [`CompiledGame::outcome_labels`].
    pub outcome: usize,
    /// One value per metric of [`CompiledGame::metric_names`].
    pub metrics: Vec<f64>,
    /// Each player's payoff as `(c, t)`: `c + t * own private type`.
    pub payoffs: Vec<(f64, f64)>,
    /// Each player's coefficients on other players' private types,
    /// `(player, k)` (interdependent values; empty for most games). The
    /// solver replaces each such type by its mean given that player's own
    /// moves on the way to this end.
    pub others: Vec<Vec<(usize, f64)>>,
}

/// A continuous choice at the root of the game (`A chooses x in [lo, hi] then ...`).
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct ContinuousChoice {
    /// Index of the chooser.
    pub player: usize,
    /// The variable's name (also the metric it is reported as).
    pub var: String,
    /// Lower bound.
    pub lo: f64,
    /// Upper bound.
    pub hi: f64,
    /// The value this game was compiled at.
    pub value: f64,
}

/// A scenario compiled to the engine's extensive form.
#[derive(Clone, Debug)]
pub struct CompiledGame {
    /// The tree. Outcome payoffs are the players' expected payoffs over their
    /// private types (`c + t * mean`); chance sets carry exact probabilities.
    pub game: ExtensiveGame,
    /// Players, in the game's order.
    pub players: Vec<PlayerInfo>,
    /// The outcome labels, in declaration order.
    pub outcome_labels: Vec<String>,
    /// The metric names (deaths, refugees, ...), in declaration order.
    pub metric_names: Vec<String>,
    /// The terminal nodes.
    pub terminals: Vec<Terminal>,
    /// For each node, its index in `terminals` (`u32::MAX` if internal).
    pub node_terminal: Vec<u32>,
    /// The continuous choice at the root, if any, with the value used.
    pub continuous: Option<ContinuousChoice>,
    /// The parameters used.
    pub parameters: Vec<Parameter>,
    /// Subjective priors: for each player, the chance sets whose
    /// probabilities it believes to be other than the true ones (`believed`),
    /// with those probabilities. The player's beliefs and best responses use
    /// them; outcome frequencies use the true ones in `game`.
    pub subjective: Vec<Vec<(InfosetId, Vec<f64>)>>,
}

impl CompiledGame {
    /// Whether some payoff depends on another player's private type.
    pub fn interdependent(&self) -> bool {
        self.terminals
            .iter()
            .any(|t| t.others.iter().any(|o| !o.is_empty()))
    }

    /// The behaviour profile as player `p` sees it: the chance moves it has
    /// its own prior about carry its probabilities. Borrowed when there are
    /// none or `sigma` already carries them, so the solver's functions can
    /// each apply it without copying a profile their caller already made.
    pub fn seen_by<'s>(&self, sigma: &'s [Vec<f64>], p: usize) -> Cow<'s, [Vec<f64>]> {
        match self.subjective.get(p) {
            Some(own) if own.iter().any(|(i, probs)| sigma[i.index()] != *probs) => {
                let mut view = sigma.to_vec();
                for (i, probs) in own {
                    view[i.index()].clone_from(probs);
                }
                Cow::Owned(view)
            }
            _ => Cow::Borrowed(sigma),
        }
    }

    /// The probability of each outcome label and the expected value of each
    /// metric when play follows `behavior` (chance at its true probabilities).
    pub fn outcome_distribution(&self, behavior: &[Vec<f64>]) -> (Vec<f64>, Vec<f64>) {
        let reach = brink_game::regret::reach(&self.game, behavior, None);
        let mut outcomes = vec![0.0; self.outcome_labels.len()];
        let mut metrics = vec![0.0; self.metric_names.len()];
        for t in &self.terminals {
            let r = reach[t.node.index()];
            outcomes[t.outcome] += r;
            for (m, v) in metrics.iter_mut().zip(&t.metrics) {
                *m += r * v;
            }
        }
        (outcomes, metrics)
    }

    /// The terminal data of a node, if it is terminal.
    pub fn terminal(&self, n: NodeId) -> Option<&Terminal> {
        let t = self.node_terminal[n.index()];
        (t != u32::MAX).then(|| &self.terminals[t as usize])
    }
}

/// Compiles a scenario. A continuous choice at the root is compiled at the
/// midpoint of its range; use [`compile_at`] to fix it.
pub fn compile(s: &Scenario) -> Result<CompiledGame, Error> {
    compile_at(s, None, DEFAULT_MAX_NODES)
}

/// The deepest game the compiler builds: it recurses once per move, and a
/// tree that uses itself must stop with a message before the stack runs out
/// (20,000 levels overflowed a test thread's 2 MB stack).
pub const MAX_TREE_DEPTH: usize = 500;

/// Compiles a scenario with the root's continuous choice (if any) at `choice`
/// and a node limit, checked by counting before building.
pub fn compile_at(
    s: &Scenario,
    choice: Option<f64>,
    max_nodes: usize,
) -> Result<CompiledGame, Error> {
    compile_inner(s, choice, max_nodes).map_err(|e| e.locate(s.sources()))
}

fn compile_inner(
    s: &Scenario,
    choice: Option<f64>,
    max_nodes: usize,
) -> Result<CompiledGame, Error> {
    let (parameters, mut env) = s.parameters_env()?;
    let f = s.ast();
    let mut players = Vec::new();
    for p in &f.players {
        let private = match &p.private {
            Some((t, d)) => {
                let a = env.number(&d.args[0], "a distribution argument")?;
                let b = env.number(&d.args[1], "a distribution argument")?;
                let dist = Dist::new(&d.family, a, b)
                    .map_err(|m| Error::new(ErrorKind::Invalid, Some(d.span), m, ""))?;
                Some((t.clone(), dist))
            }
            None => None,
        };
        players.push(PlayerInfo {
            name: p.name.clone(),
            title: p.title.clone(),
            private,
        });
    }
    if players.is_empty() {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            "the scenario has no players",
            "declare them with `player NAME \"title\"`",
        ));
    }
    let mut groups = HashMap::new();
    for g in &f.groups {
        let mut members = Vec::new();
        for (m, span) in &g.members {
            members.push(player_index(&players, m, *span)?);
        }
        let needs = match &g.needs {
            None => members.len(),
            Some(e) => {
                let k = env.number(e, "the votes a group needs")?;
                if k.fract() != 0.0 || k < 1.0 || k > members.len() as f64 {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(e.span()),
                        format!(
                            "group `{}` needs {k} votes but has {} members",
                            g.name,
                            members.len()
                        ),
                        "needs takes a whole number between 1 and the number of members, or `all`",
                    ));
                }
                k as usize
            }
        };
        groups.insert(g.name.clone(), (members, needs));
    }
    let mut metric_names: Vec<String> = f.metrics.iter().map(|m| m.0.clone()).collect();
    for o in &f.outcomes {
        for (m, _, _) in &o.metrics {
            if !metric_names.contains(m) {
                metric_names.push(m.clone());
            }
        }
    }
    let outcome_labels: Vec<String> = f.outcomes.iter().map(|o| o.name.clone()).collect();
    let mut root = f.game.as_ref().expect("checked at parse time");
    // `if`s before a continuous root choice are decided first.
    while let Node::If(c, a, b, _) = root {
        root = if env.number(c, "a condition")? != 0.0 {
            a
        } else {
            b
        };
    }
    let mut continuous = None;
    if let Node::Continuous {
        who,
        var,
        lo,
        hi,
        grid: None,
        then,
        span,
    } = root
    {
        let p = player_index(&players, who, *span)?;
        if players[p].private.is_some() {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(*span),
                format!("`{var}` is chosen by `{who}`, a player with a private type"),
                "a continuous choice at the root is optimised exactly only by a player without a private type (its optimum would depend on the type); for a typed player, choose on a grid: `in [lo, hi] grid 41`",
            ));
        }
        let lo = env.number(lo, "the lower bound")?;
        let hi = env.number(hi, "the upper bound")?;
        if hi < lo {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(*span),
                format!("empty range [{lo}, {hi}]"),
                "",
            ));
        }
        let value = choice.unwrap_or((lo + hi) / 2.0).clamp(lo, hi);
        env.bind(var, value)?;
        continuous = Some(ContinuousChoice {
            player: p,
            var: var.clone(),
            lo,
            hi,
            value,
        });
        root = then;
    }
    let title = if s.title.is_empty() {
        s.name.clone()
    } else {
        s.title.clone()
    };
    let mut c = Compiler {
        b: GameBuilder::new(title, players.iter().map(|p| p.title.clone()).collect())
            .with_max_nodes(max_nodes),
        count: 1,
        max_nodes,
        players: &players,
        groups: &groups,
        trees: f.trees.iter().map(|(n, t, _)| (n.as_str(), t)).collect(),
        outcomes: f
            .outcomes
            .iter()
            .enumerate()
            .map(|(i, o)| (o.name.as_str(), (i, &o.metrics)))
            .collect(),
        metric_names: &metric_names,
        infosets: HashMap::new(),
        tokens: HashMap::new(),
        token_text: Vec::new(),
        terminals: Vec::new(),
        subjective: vec![Vec::new(); players.len()],
        depth: 0,
    };
    let ctx = Ctx {
        env: Rc::new(env),
        views: vec![Vec::new(); players.len()],
        rounds: Vec::new(),
    };
    // One pass: `alloc` counts every node before it is made, so a game over
    // the limit stops there, before its memory is taken. (A counting pass
    // first doubled the compile time, which a lever table pays per solve.)
    c.build(root, NodeId(0), ctx)?;
    let Compiler {
        mut b,
        terminals,
        subjective,
        ..
    } = c;
    b.set_comment(s.about.join(" "));
    let game = b.finish();
    if let Err(e) = game.check_perfect_recall() {
        return Err(Error::new(
            ErrorKind::Invalid,
            None,
            format!("the game violates perfect recall: {e}"),
            "a player's moves that others cannot tell apart need the same action names; make the earlier move observed by the player",
        ));
    }
    let mut node_terminal = vec![u32::MAX; game.num_nodes()];
    for (i, t) in terminals.iter().enumerate() {
        node_terminal[t.node.index()] = i as u32;
    }
    Ok(CompiledGame {
        game,
        players,
        outcome_labels,
        metric_names,
        terminals,
        node_terminal,
        continuous,
        parameters,
        subjective,
    })
}

fn player_index(players: &[PlayerInfo], name: &str, span: Span) -> Result<usize, Error> {
    players.iter().position(|p| p.name == name).ok_or_else(|| {
        Error::new(
            ErrorKind::Undefined,
            Some(span),
            format!("undefined player `{name}`"),
            suggest(name, players.iter().map(|p| p.name.as_str()))
                .map_or("declare it with `player NAME \"title\"`".into(), |s| {
                    format!("did you mean `{s}`?")
                }),
        )
    })
}

#[derive(Clone)]
struct Frame<'a> {
    var: &'a str,
    round: i64,
    last: i64,
    body: &'a Node,
    then: &'a Node,
}

#[derive(Clone)]
struct Ctx<'a> {
    env: Rc<Env>,
    views: Vec<Vec<u32>>,
    rounds: Vec<Frame<'a>>,
}

type Metrics<'a> = &'a Vec<(String, crate::ast::Expr, Span)>;

struct Compiler<'a> {
    b: GameBuilder,
    count: usize,
    max_nodes: usize,
    players: &'a [PlayerInfo],
    groups: &'a HashMap<String, (Vec<usize>, usize)>,
    trees: HashMap<&'a str, &'a Node>,
    outcomes: HashMap<&'a str, (usize, Metrics<'a>)>,
    metric_names: &'a [String],
    infosets: HashMap<(usize, Vec<String>, Vec<u32>), InfosetId>,
    tokens: HashMap<String, u32>,
    token_text: Vec<String>,
    terminals: Vec<Terminal>,
    /// Per player, the chance sets it sees with other probabilities.
    subjective: Vec<Vec<(InfosetId, Vec<f64>)>>,
    depth: usize,
}

impl<'a> Compiler<'a> {
    fn token(&mut self, text: String) -> u32 {
        if let Some(&t) = self.tokens.get(&text) {
            return t;
        }
        self.token_text.push(text.clone());
        let t = self.token_text.len() as u32 - 1;
        self.tokens.insert(text, t);
        t
    }

    fn describe(&self, view: &[u32]) -> String {
        if view.is_empty() {
            "at the start".into()
        } else {
            let parts: Vec<&str> = view
                .iter()
                .map(|&t| self.token_text[t as usize].as_str())
                .collect();
            format!("after {}", parts.join(", "))
        }
    }

    /// Allocates the children of `at` for an information set.
    fn alloc(
        &mut self,
        at: NodeId,
        iset: InfosetId,
        k: usize,
        span: Span,
    ) -> Result<Vec<NodeId>, Error> {
        self.count += k;
        if self.count > self.max_nodes {
            return Err(Error::new(
                ErrorKind::TooLarge,
                Some(span),
                format!("the game would have more than {} nodes", self.max_nodes),
                "reduce the rounds of a `repeat`, the actions, the members of a group or the noisy signals",
            ));
        }
        let r = self
            .b
            .set_move(at, iset)
            .map_err(|e| Error::new(ErrorKind::TooLarge, Some(span), e.to_string(), ""))?;
        Ok(r.map(NodeId).collect())
    }

    fn player_infoset(&mut self, p: usize, labels: &[String], view: &[u32]) -> InfosetId {
        let key = (p, labels.to_vec(), view.to_vec());
        if let Some(&i) = self.infosets.get(&key) {
            return i;
        }
        let number = self.b.next_infoset_number(Owner::Player(p));
        let label = self.describe(view);
        let actions = labels
            .iter()
            .map(|l| Action {
                label: l.clone(),
                prob: None,
            })
            .collect();
        let id = self.b.add_infoset(Owner::Player(p), number, label, actions);
        self.infosets.insert(key, id);
        id
    }

    fn chance_infoset(&mut self, label: &str, labels: &[String], probs: &[Rational]) -> InfosetId {
        let b = &mut self.b;
        let number = b.next_infoset_number(Owner::Chance);
        let actions = labels
            .iter()
            .zip(probs)
            .map(|(l, p)| Action {
                label: l.clone(),
                prob: Some(p.clone()),
            })
            .collect();
        b.add_infoset(Owner::Chance, number, label, actions)
    }

    fn build(&mut self, node: &'a Node, at: NodeId, ctx: Ctx<'a>) -> Result<(), Error> {
        self.depth += 1;
        if self.depth > MAX_TREE_DEPTH {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(node.span()),
                format!(
                    "the game nests more than {MAX_TREE_DEPTH} moves deep (a tree that uses itself?)"
                ),
                "a `use` must not refer back to its own tree",
            ));
        }
        let r = self.build_inner(node, at, ctx);
        self.depth -= 1;
        r
    }

    fn build_inner(&mut self, node: &'a Node, at: NodeId, mut ctx: Ctx<'a>) -> Result<(), Error> {
        match node {
            Node::End { label, payoffs, metrics, span } => self.end(label, payoffs, metrics, *span, at, &ctx),
            Node::Choose { who, obs, branches, span } => {
                if let Some((members, needs)) = self.groups.get(who) {
                    check_distinct(branches)?;
                    let counts = vec![0; branches.len()];
                    return self.vote(who, members, *needs, 0, counts, branches, at, ctx);
                }
                let p = player_index(self.players, who, *span)?;
                let labels: Vec<String> = branches.iter().map(|b| b.label.clone()).collect();
                check_distinct(branches)?;
                let iset = self.player_infoset(p, &labels, &ctx.views[p]);
                let kids = self.alloc(at, iset, branches.len(), *span)?;
                for (k, br) in branches.iter().enumerate() {
                    let mut c2 = bind(&ctx, br)?;
                    let tok = self.token(format!("{who} {}", br.label));
                    c2.views[p].push(tok);
                    self.observe(obs, Some(p), &labels, k, who, kids[k], c2, &br.node, *span)?;
                }
                Ok(())
            }
            Node::Chance { obs, branches, span } => {
                check_distinct(branches)?;
                let probs = self.chance_probs(branches, &ctx.env, *span, None)?;
                let labels: Vec<String> = branches.iter().map(|b| b.label.clone()).collect();
                let iset = self.chance_infoset("chance", &labels, &probs);
                self.subjective_probs(branches, &ctx.env, *span, iset)?;
                let kids = self.alloc(at, iset, branches.len(), *span)?;
                for (k, br) in branches.iter().enumerate() {
                    self.observe(obs, None, &labels, k, "chance", kids[k], bind(&ctx, br)?, &br.node, *span)?;
                }
                Ok(())
            }
            Node::Continuous { who, var, lo, hi, grid: Some(n), then, span } => {
                if self.groups.contains_key(who) {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(*span),
                        format!("group `{who}` cannot make a choice on a grid"),
                        "a group votes between two actions: `GROUP chooses { yes: ... no: ... }`",
                    ));
                }
                let p = player_index(self.players, who, *span)?;
                let lo = ctx.env.number(lo, "the lower bound")?;
                let hi = ctx.env.number(hi, "the upper bound")?;
                let n = ctx.env.number(n, "the number of grid points")?;
                if hi < lo || n.fract() != 0.0 || !(2.0..=1001.0).contains(&n) {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(*span),
                        format!("a grid of {n} points on [{lo}, {hi}]"),
                        "write `in [lo, hi] grid n` with lo <= hi and a whole n from 2 to 1001",
                    ));
                }
                let n = n as usize;
                let values: Vec<f64> =
                    (0..n).map(|k| lo + (hi - lo) * k as f64 / (n - 1) as f64).collect();
                // Labels name the value to 1e-9 (the value bound is exact).
                let labels: Vec<String> =
                    values.iter().map(|v| format!("{var}={}", (v * 1e9).round() / 1e9)).collect();
                let iset = self.player_infoset(p, &labels, &ctx.views[p]);
                let kids = self.alloc(at, iset, n, *span)?;
                let public = Observation::default();
                for (k, v) in values.iter().enumerate() {
                    let mut c2 = ctx.clone();
                    let mut env = (*ctx.env).clone();
                    env.bind(var, *v)?;
                    c2.env = Rc::new(env);
                    let tok = self.token(format!("{who} {}", labels[k]));
                    c2.views[p].push(tok);
                    self.observe(&public, Some(p), &labels, k, who, kids[k], c2, then, *span)?;
                }
                Ok(())
            }
            Node::Continuous { span, .. } => Err(Error::new(
                ErrorKind::Invalid,
                Some(*span),
                "a continuous choice without a grid must be the first move of the game",
                "choose on a grid, `A chooses x in [lo, hi] grid 41 then ...`, or list a few values, e.g. `A chooses { low: ... high: ... }`",
            )),
            Node::Repeat { var, from, to, body, then, span } => {
                let a = ctx.env.number(from, "the first round")?;
                let z = ctx.env.number(to, "the last round")?;
                if a.fract() != 0.0 || z.fract() != 0.0 || z - a > 1000.0 {
                    return Err(Error::new(ErrorKind::Invalid, Some(*span), format!("rounds {a} .. {z} are not whole numbers at most 1000 apart"), "write `repeat r in 1 .. rounds` with a whole number of rounds"));
                }
                if z < a {
                    return self.build(then, at, ctx);
                }
                let mut env = (*ctx.env).clone();
                env.bind(var, a)?;
                ctx.env = Rc::new(env);
                ctx.rounds.push(Frame { var, round: a as i64, last: z as i64, body, then });
                self.build(body, at, ctx)
            }
            Node::Next(span) => {
                let Some(frame) = ctx.rounds.pop() else {
                    return Err(Error::new(ErrorKind::Syntax, Some(*span), "`next` outside a `repeat`", "`next` continues with the next round of the enclosing `repeat`"));
                };
                if frame.round < frame.last {
                    let mut env = (*ctx.env).clone();
                    env.bind(frame.var, (frame.round + 1) as f64)?;
                    ctx.env = Rc::new(env);
                    let body = frame.body;
                    ctx.rounds.push(Frame { round: frame.round + 1, ..frame });
                    self.build(body, at, ctx)
                } else {
                    self.build(frame.then, at, ctx)
                }
            }
            Node::Use(name, _) => {
                let t = self.trees[name.as_str()];
                self.build(t, at, ctx)
            }
            Node::If(c, a, b, _) => {
                if ctx.env.number(c, "a condition")? != 0.0 {
                    self.build(a, at, ctx)
                } else {
                    self.build(b, at, ctx)
                }
            }
        }
    }

    /// Hands the result of a move to its observers: the exact observers see
    /// the action, the others (if the move is noisy) a signal that is wrong
    /// with the given probability, then the game goes on.
    #[allow(clippy::too_many_arguments)]
    fn observe(
        &mut self,
        obs: &Observation,
        mover: Option<usize>,
        labels: &[String],
        k: usize,
        who: &str,
        at: NodeId,
        mut ctx: Ctx<'a>,
        next: &'a Node,
        span: Span,
    ) -> Result<(), Error> {
        let n = self.players.len();
        let exact: Vec<bool> = (0..n)
            .map(|p| match &obs.private_to {
                // A noisy move is seen exactly only by its mover (and those listed).
                None => obs.noise.is_none(),
                Some(list) => list.iter().any(|(q, _)| self.players[p].name == *q),
            })
            .collect();
        if let Some(list) = &obs.private_to {
            for (q, s) in list {
                player_index(self.players, q, *s)?;
            }
        }
        let tok = self.token(format!("{who} {}", labels[k]));
        for (p, view) in ctx.views.iter_mut().enumerate() {
            if exact[p] && Some(p) != mover {
                view.push(tok);
            }
        }
        let Some(noise) = &obs.noise else {
            return self.build(next, at, ctx);
        };
        let e = ctx.env.number(noise, "a signal's error probability")?;
        if !(0.0..=1.0).contains(&e) || labels.len() < 2 {
            return Err(Error::new(
                ErrorKind::Probability,
                Some(noise.span()),
                format!("error probability {e} is outside [0, 1]"),
                "a noisy signal is wrong with a probability between 0 and 1",
            ));
        }
        let wrong = rational(e) / Rational::from_integer((labels.len() as i64 - 1).into());
        let right = Rational::one() - rational(e);
        let probs: Vec<Rational> = (0..labels.len())
            .map(|j| if j == k { right.clone() } else { wrong.clone() })
            .collect();
        let sig_labels: Vec<String> = labels.iter().map(|l| format!("signal {l}")).collect();
        let iset = self.chance_infoset(&format!("signal of {who}"), &sig_labels, &probs);
        let kids = self.alloc(at, iset, labels.len(), span)?;
        for (j, &kid) in kids.iter().enumerate() {
            let mut c2 = ctx.clone();
            let t = self.token(format!("signal {who} {}", labels[j]));
            for (p, view) in c2.views.iter_mut().enumerate() {
                if !exact[p] && Some(p) != mover {
                    view.push(t);
                }
            }
            self.build(next, kid, c2)?;
        }
        Ok(())
    }

    /// A group's move: each member votes in turn without seeing the others'
    /// votes; the first listed action that at least `needs` members vote for
    /// happens, and if none does, the last (with two actions: the first if
    /// enough vote for it, the second otherwise).
    #[allow(clippy::too_many_arguments)]
    fn vote(
        &mut self,
        group: &str,
        members: &[usize],
        needs: usize,
        idx: usize,
        counts: Vec<usize>,
        branches: &'a [Branch],
        at: NodeId,
        ctx: Ctx<'a>,
    ) -> Result<(), Error> {
        let mut ctx = ctx;
        if idx == members.len() {
            let k = counts
                .iter()
                .position(|&c| c >= needs)
                .unwrap_or(branches.len() - 1);
            let tok = self.token(format!("{group} {}", branches[k].label));
            for v in ctx.views.iter_mut() {
                v.push(tok);
            }
            let ctx = bind(&ctx, &branches[k])?;
            return self.build(&branches[k].node, at, ctx);
        }
        let m = members[idx];
        let labels: Vec<String> = branches.iter().map(|b| b.label.clone()).collect();
        let iset = self.player_infoset(m, &labels, &ctx.views[m]);
        let kids = self.alloc(at, iset, branches.len(), branches[0].span)?;
        for (j, &kid) in kids.iter().enumerate() {
            let mut c2 = ctx.clone();
            let tok = self.token(format!("{} votes {}", self.players[m].name, labels[j]));
            c2.views[m].push(tok);
            let mut counts = counts.clone();
            counts[j] += 1;
            self.vote(group, members, needs, idx + 1, counts, branches, kid, c2)?;
        }
        Ok(())
    }
}

/// The context below a branch, with its `with` values bound.
fn bind<'a>(ctx: &Ctx<'a>, br: &Branch) -> Result<Ctx<'a>, Error> {
    let mut c = ctx.clone();
    if !br.binds.is_empty() {
        let mut env = (*ctx.env).clone();
        for (n, e, _) in &br.binds {
            let v = env.number(e, &format!("`{n}`"))?;
            env.bind(n, v)?;
        }
        c.env = Rc::new(env);
    }
    Ok(c)
}

fn check_distinct(branches: &[Branch]) -> Result<(), Error> {
    for (i, b) in branches.iter().enumerate() {
        if branches[..i].iter().any(|c| c.label == b.label) {
            return Err(Error::new(
                ErrorKind::Duplicate,
                Some(b.span),
                format!("action `{}` appears twice", b.label),
                "give each action of a move its own name",
            ));
        }
    }
    Ok(())
}
