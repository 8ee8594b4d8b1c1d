//! Sequential rationality: beliefs at every information set, best responses
//! that are optimal at every information set for every type, and the
//! sequential regret that certifies a profile.
//!
//! **Beliefs.** A player's belief at one of its information sets weighs the
//! members by how likely the others (and chance) make them in the profile
//! where every action, of every type and of chance, trembles with
//! probability [`TREMBLE`]: Bayes' rule on a totally mixed profile within
//! 1e-11 of the one played. On the path that is Bayes' rule to within
//! `TREMBLE` over the reach; off it, the histories needing the fewest
//! trembles carry the weight, as in the limit of uniform trembles (Kreps
//! and Wilson 1982), except where a cut sits so far in a tail that its
//! types are as rare as a tremble: there the beliefs weigh both, which the
//! limit cannot do continuously. The limit's rule, applied exactly, jumps
//! as such a piece of types vanishes, and the fixed point can then fail to
//! exist; with the trembles kept the responses move continuously.
//!
//! A typed player's behaviour at an information set is the mass of the
//! types that reach it, each weighted by the trembles its own plan needs to
//! get there, split by their choices (Kuhn): on the path, the types whose
//! plans lead there.
//!
//! **Responses.** Against the others' behaviour and these beliefs, each
//! information set's actions have conditional payoffs linear in the type once
//! the deeper choices are fixed. Visiting the player's information sets
//! deepest first, the type axis is split where the best action changes (the
//! upper envelope of those lines on each interval where the deeper choices
//! are constant), so every type's plan is optimal at every information set,
//! reached or not: not merely the plan with the best payoff at the root,
//! which off the path of play is any plan at all.

use super::respond::{lines, Lines, PlanLine, PlanLines, PlayerData};
use super::Piece;
use crate::compile::CompiledGame;
use brink_game::{ExtensiveGame, NodeId, Owner};

/// Relative tolerance below which two payoffs or slopes count as equal: ties
/// go to the action listed first, whatever the float noise.
const TIE: f64 = 1e-12;

/// Player `p`'s beliefs at each of its information sets (by position in
/// `d.infosets`): a weight per member, summing to 1.
pub(super) fn beliefs(
    cg: &CompiledGame,
    sigma: &[Vec<f64>],
    d: &PlayerData,
    p: usize,
) -> Vec<Vec<f64>> {
    let g = &cg.game;
    let limit = limit_reach(g, |i| d.seen(cg, sigma, i), p, d.tremble);
    d.infosets
        .iter()
        .map(|&i| member_weights(&limit, &g.infoset(i).members))
        .collect()
}

/// Every player's beliefs, indexed by information set (empty for chance).
pub(super) fn all_beliefs(cg: &CompiledGame, sigma: &[Vec<f64>], tremble: f64) -> Vec<Vec<f64>> {
    let g = &cg.game;
    let mut out = vec![Vec::new(); g.infosets().len()];
    for p in 0..g.num_players() {
        let view = cg.seen_by(sigma, p);
        let limit = limit_reach(g, |i| &view[i], p, tremble);
        for &i in g.player_infosets(p) {
            out[i.index()] = member_weights(&limit, &g.infoset(i).members);
        }
    }
    out
}

/// The probability with which every action trembles in the beliefs: the
/// assessment's beliefs are Bayes' rule applied to the profile in which each
/// action of the others (every type's, and chance's) is taken with at least
/// this probability. Small enough to change no certified regret (payoffs of
/// order 1e3 move by 1e-9 at most); large enough that a history needing a
/// dozen trembles still weighs more than f64's smallest number.
pub const TREMBLE: f64 = 1e-11;

/// An action's probability in the trembled profile.
pub(super) fn trembled(pr: f64, actions: usize, tremble: f64) -> f64 {
    (pr + tremble) / (1.0 + actions as f64 * tremble)
}

/// For every node: the probability that the others (and chance) lead to it
/// in the trembled profile, `sigma(i)` the behaviour at information set `i`.
/// Player `p`'s own moves count as certain.
fn limit_reach<'a>(
    g: &ExtensiveGame,
    sigma: impl Fn(usize) -> &'a [f64],
    p: usize,
    tremble: f64,
) -> Vec<f64> {
    reach_down(g, p, sigma, |from, pr, a| {
        from * trembled(pr[a], pr.len(), tremble)
    })
}

/// For every node: the probability that the others (and chance, as `p` sees
/// it) lead to it, `p`'s own moves counted as certain. The same numbers as
/// `brink_game::regret::reach` on `cg.seen_by(sigma, p)`, without the copy.
pub(super) fn others_reach(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
) -> Vec<f64> {
    reach_down(
        &cg.game,
        p,
        |i| d.seen(cg, sigma, i),
        |from, pr, a| {
            // The engine's shortcuts, kept so that the products are the same.
            let pr = pr[a];
            if from == 0.0 || pr == 0.0 {
                0.0
            } else if pr == 1.0 {
                from
            } else {
                from * pr
            }
        },
    )
}

/// A reach at every node, 1 at the root and passed down: unchanged through
/// `p`'s own moves, through the others' (and chance's) as `step(reach at the
/// parent, behaviour there, action)` says. Parent by parent, so that each
/// move's behaviour is looked up once for all its children.
fn reach_down<'a>(
    g: &ExtensiveGame,
    p: usize,
    behaviour: impl Fn(usize) -> &'a [f64],
    step: impl Fn(f64, &[f64], usize) -> f64,
) -> Vec<f64> {
    let mut out = vec![0.0; g.num_nodes()];
    out[0] = 1.0;
    // Parents come before their children in the arena.
    for i in 0..g.num_nodes() {
        let n = NodeId(i as u32);
        let Some(iset) = g.node_infoset(n) else {
            continue;
        };
        let from = out[i];
        if g.infoset(iset).owner == Owner::Player(p) {
            for c in g.children(n) {
                out[c.index()] = from;
            }
        } else {
            let pr = behaviour(iset.index());
            for (a, c) in g.children(n).enumerate() {
                out[c.index()] = step(from, pr, a);
            }
        }
    }
    out
}

fn member_weights(reach: &[f64], members: &[NodeId]) -> Vec<f64> {
    let w: Vec<f64> = members.iter().map(|h| reach[h.index()]).collect();
    let total: f64 = w.iter().sum();
    if total > 0.0 && total.is_finite() {
        w.iter().map(|x| x / total).collect()
    } else {
        // Reach so small it vanishes: the members equally weighted.
        vec![1.0 / members.len() as f64; members.len()]
    }
}

/// The types' interval on which a response is computed: the distribution's
/// support for a typed player, one point (every slope is 0) for the others.
fn axis(d: &PlayerData) -> (f64, f64) {
    d.dist.map_or((0.0, 0.0), |dist| dist.support())
}

/// An interval of types on which the choices decided so far are constant,
/// with the payoff lines those choices give the nodes above the player's
/// moves evaluated so far (by position in `PlayerData::above_own`; the
/// lines elsewhere are the same for every interval). Splitting an interval
/// copies these, so they are kept to the nodes that differ.
#[derive(Clone)]
struct Interval {
    lo: f64,
    hi: f64,
    decided: Vec<Option<usize>>,
    own: Vec<Option<(f64, f64)>>,
}

/// Payoff lines found so far, by node, for [`subtree_line`].
pub(super) trait Memo {
    /// The line at `n` if known.
    fn get(&self, n: NodeId) -> Option<(f64, f64)>;
    /// Records the line at `n`.
    fn set(&mut self, n: NodeId, v: (f64, f64));
}

impl Memo for Vec<Option<(f64, f64)>> {
    fn get(&self, n: NodeId) -> Option<(f64, f64)> {
        self[n.index()]
    }
    fn set(&mut self, n: NodeId, v: (f64, f64)) {
        self[n.index()] = Some(v);
    }
}

/// An interval's memo: the shared lines below the player's moves, its own
/// above them.
struct IntervalMemo<'a> {
    shared: &'a [(f64, f64)],
    rank: &'a [u32],
    own: &'a mut [Option<(f64, f64)>],
}

impl Memo for IntervalMemo<'_> {
    fn get(&self, n: NodeId) -> Option<(f64, f64)> {
        match self.rank[n.index()] {
            u32::MAX => Some(self.shared[n.index()]),
            r => self.own[r as usize],
        }
    }
    fn set(&mut self, n: NodeId, v: (f64, f64)) {
        // The shared lines are all known, so only own nodes are ever set.
        if let Some(slot) = self.own.get_mut(self.rank[n.index()] as usize) {
            *slot = Some(v);
        }
    }
}

/// How the player to move at an information set moves, for [`subtree_line`]
/// and the payoff lines of [`super::respond`].
pub(super) enum Move<'a> {
    /// One action for sure.
    Pure(usize),
    /// A probability per action.
    Mixed(&'a [f64]),
}

/// Player `p`'s payoff line at `start` when each information set is played
/// as `mover` says; fills `memo` on the way (valid as long as nothing below
/// a memoised node changes). Iterative, so deep trees cannot overflow;
/// `stack` is scratch space, passed in so that the many calls of one
/// response share one allocation.
pub(super) fn subtree_line<'a>(
    cg: &CompiledGame,
    p: usize,
    start: NodeId,
    memo: &mut (impl Memo + ?Sized),
    stack: &mut Vec<(NodeId, bool)>,
    mover: impl Fn(brink_game::InfosetId) -> Move<'a>,
) -> (f64, f64) {
    let g = &cg.game;
    stack.clear();
    stack.push((start, false));
    while let Some((n, expanded)) = stack.pop() {
        if memo.get(n).is_some() {
            continue;
        }
        if let Some(t) = cg.terminal(n) {
            memo.set(n, t.payoffs[p]);
            continue;
        }
        let Some(iset) = g.node_infoset(n) else {
            memo.set(n, (0.0, 0.0));
            continue;
        };
        let how = mover(iset);
        if !expanded {
            stack.push((n, true));
            match how {
                Move::Pure(a) => stack.push((g.child(n, a), false)),
                Move::Mixed(pr) => stack.extend(
                    g.children(n)
                        .enumerate()
                        .filter(|(k, _)| pr[*k] != 0.0)
                        .map(|(_, c)| (c, false)),
                ),
            }
            continue;
        }
        let v = match how {
            Move::Pure(a) => memo.get(g.child(n, a)).expect("evaluated"),
            Move::Mixed(pr) => {
                let (mut x, mut y) = (0.0, 0.0);
                for (k, c) in g.children(n).enumerate() {
                    if pr[k] != 0.0 {
                        let cv = memo.get(c).expect("evaluated");
                        x += pr[k] * cv.0;
                        y += pr[k] * cv.1;
                    }
                }
                (x, y)
            }
        };
        memo.set(n, v);
    }
    memo.get(start).expect("evaluated")
}

/// Player `p`'s payoff line at `start` with its own choices from
/// `iv.decided` (all own information sets below `start` must be decided) and
/// the others playing `sigma` (as `p` sees it), memoised in `iv.own` over
/// the lines `shared` by every interval.
#[allow(clippy::too_many_arguments)]
fn evaluate(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    start: NodeId,
    shared: &[(f64, f64)],
    iv: &mut Interval,
    stack: &mut Vec<(NodeId, bool)>,
) -> (f64, f64) {
    let decided = &iv.decided;
    let mut memo = IntervalMemo {
        shared,
        rank: &d.above_rank,
        own: &mut iv.own,
    };
    subtree_line(cg, p, start, &mut memo, stack, |iset| {
        match d.pos[iset.index()] {
            usize::MAX => Move::Mixed(d.seen(cg, sigma, iset.index())),
            k => Move::Pure(decided[k].expect("deeper choices are decided first")),
        }
    })
}

/// Player `p`'s sequential best response to `sigma`: pieces of the type axis
/// (one piece for an untyped player), each with a plan that is optimal at
/// every own information set given `beliefs` (by position), from the lowest
/// types up. The first and last pieces reach to minus and plus infinity.
pub(super) fn sequential_response(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    beliefs: &[Vec<f64>],
    p: usize,
) -> Vec<Piece> {
    let g = &cg.game;
    let (lo, hi) = axis(d);
    let mut stack = Vec::new();
    // Below the player's last moves the lines do not depend on its choices:
    // computed once, they save every interval the walk through them.
    let shared = PlanLines::new(cg, d, sigma, p).shared();
    let mut intervals = vec![Interval {
        lo,
        hi,
        decided: vec![None; d.infosets.len()],
        own: vec![None; d.above_own.len()],
    }];
    for &k in &d.order {
        let info = g.infoset(d.infosets[k]);
        let w = &beliefs[k];
        let mut next = Vec::with_capacity(intervals.len());
        for mut iv in intervals {
            let conditional: Vec<(f64, f64)> = (0..info.actions.len())
                .map(|a| {
                    let (mut x, mut y) = (0.0, 0.0);
                    for (h, &wh) in info.members.iter().zip(w) {
                        if wh == 0.0 {
                            continue;
                        }
                        let c = g.child(*h, a);
                        let v = evaluate(cg, d, sigma, p, c, &shared, &mut iv, &mut stack);
                        x += wh * v.0;
                        y += wh * v.1;
                    }
                    (x, y)
                })
                .collect();
            let env = drop_slivers(upper_envelope(&conditional, iv.lo, iv.hi));
            if env.len() == 1 {
                iv.decided[k] = Some(env[0].2);
                next.push(iv);
                continue;
            }
            // Every piece starts from the interval's memo; the last takes it.
            let (rest, last) = env.split_at(env.len() - 1);
            let split = |mut sub: Interval, &(l, h, a): &(f64, f64, usize)| {
                sub.lo = l;
                sub.hi = h;
                sub.decided[k] = Some(a);
                sub
            };
            next.extend(rest.iter().map(|r| split(iv.clone(), r)));
            next.push(split(iv, &last[0]));
        }
        intervals = next;
    }
    let last = intervals.len() - 1;
    intervals
        .into_iter()
        .enumerate()
        .map(|(j, mut iv)| {
            let line = evaluate(cg, d, sigma, p, g.root(), &shared, &mut iv, &mut stack);
            let lo = if j == 0 { f64::NEG_INFINITY } else { iv.lo };
            let hi = if j == last { f64::INFINITY } else { iv.hi };
            Piece {
                lo,
                hi,
                mass: d
                    .dist
                    .map_or(1.0, |dist| (dist.cdf(hi) - dist.cdf(lo)).max(0.0)),
                choice: iv.decided.into_iter().map(|c| c.unwrap_or(0)).collect(),
                line,
            }
        })
        .collect()
}

/// Runs narrower than this (relative) are noise: the same indifference met
/// at two information sets with identical payoffs (a decision repeated in
/// parallel branches) computed along two float paths. Left in, they make
/// pieces no type occupies and cut equations that cross.
const SLIVER: f64 = 1e-10;

/// Merges each run narrower than [`SLIVER`] into the run after it (the last
/// into the one before), so that switches at one type happen at one point.
fn drop_slivers(runs: Vec<(f64, f64, usize)>) -> Vec<(f64, f64, usize)> {
    let narrow = |r: &(f64, f64, usize)| r.1 - r.0 <= SLIVER * (1.0 + r.0.abs().max(r.1.abs()));
    if runs.len() < 2 || !runs.iter().any(narrow) {
        return runs;
    }
    let (start, end, first) = (runs[0].0, runs[runs.len() - 1].1, runs[0].2);
    let mut out: Vec<(f64, f64, usize)> = Vec::with_capacity(runs.len());
    let mut pending: Option<f64> = None;
    for r in runs {
        let run = (pending.take().unwrap_or(r.0), r.1, r.2);
        if narrow(&run) {
            pending = Some(run.0);
            continue;
        }
        match out.last_mut() {
            Some(last) if last.2 == run.2 => last.1 = run.1,
            _ => out.push(run),
        }
    }
    match out.last_mut() {
        Some(last) => last.1 = end,
        None => out.push((start, end, first)),
    }
    out
}

fn tie(x: f64, y: f64) -> bool {
    (x - y).abs() <= TIE * (1.0 + x.abs().max(y.abs()))
}

/// The upper envelope of the lines `A + B t` over `[lo, hi]` as `(from, to,
/// line)` runs from left to right. Lines equal within [`TIE`] go to the
/// lower index, so the same input always gives the same plan.
pub(super) fn upper_envelope(lines: &[(f64, f64)], lo: f64, hi: f64) -> Vec<(f64, f64, usize)> {
    // The best line just right of `lo`: highest value, then steepest, then first.
    let mut cur = 0;
    for (a, &(x, y)) in lines.iter().enumerate().skip(1) {
        let (cx, cy) = lines[cur];
        let (va, vc) = (x + y * lo, cx + cy * lo);
        let better = if tie(va, vc) {
            !tie(y, cy) && y > cy
        } else {
            va > vc
        };
        if better {
            cur = a;
        }
    }
    let mut out = Vec::new();
    let mut from = lo;
    loop {
        let (cx, cy) = lines[cur];
        // The next line to overtake: the earliest crossing among steeper lines;
        // at equal crossings the steepest, which stays on top to the right.
        let mut next: Option<(f64, usize)> = None;
        for (a, &(x, y)) in lines.iter().enumerate() {
            if tie(y, cy) || y <= cy {
                continue;
            }
            let t = ((cx - x) / (y - cy)).max(from);
            let take = match next {
                None => true,
                Some((tn, an)) => t < tn || (t == tn && y > lines[an].1),
            };
            if take {
                next = Some((t, a));
            }
        }
        match next {
            Some((t, a)) if t < hi => {
                if t > from {
                    out.push((from, t, cur));
                }
                from = t;
                cur = a;
            }
            _ => {
                out.push((from, hi, cur));
                return out;
            }
        }
    }
}

/// For each of a typed player's plans, the number of its own moves that must
/// deviate from the plan to reach each of its information sets (by position).
pub(super) fn deviations(d: &PlayerData, plan: &[usize]) -> Vec<u32> {
    let mut dev = vec![0u32; d.infosets.len()];
    // Shallowest first: `order` is deepest first.
    for &k in d.order.iter().rev() {
        dev[k] = match d.prev[k] {
            None => 0,
            Some((j, a)) => dev[j] + u32::from(plan[j] != a),
        };
    }
    dev
}

/// The gain from deviating at each of `p`'s information sets (by position),
/// integrated over the types: for every type, the best continuation payoff
/// there (given the beliefs) less the profile's, weighted by the type's
/// prior density. `own` holds the profile's plans for a typed player; an
/// untyped player's behaviour is read from `sigma`.
pub(super) fn gains(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    beliefs: &[Vec<f64>],
    p: usize,
    own: &[Piece],
) -> Vec<f64> {
    let view = cg.seen_by(sigma, p);
    let sigma = &*view;
    let g = &cg.game;
    let best = sequential_response(cg, d, sigma, beliefs, p);
    let plans = PlanLines::new(cg, d, sigma, p);
    let with_plan = |plan: &[usize]| plans.of(plan);
    let conditional = |v: &dyn Lines, k: usize| conditional(g, d, beliefs, v, k);
    let best_lines: Vec<PlanLine> = best.iter().map(|pc| with_plan(&pc.choice)).collect();
    let Some(dist) = d.dist else {
        let now = lines(g, cg, sigma, p);
        return (0..d.infosets.len())
            .map(|k| (conditional(&best_lines[0], k).0 - conditional(&now, k).0).max(0.0))
            .collect();
    };
    let own_lines: Vec<PlanLine> = own.iter().map(|pc| with_plan(&pc.choice)).collect();
    (0..d.infosets.len())
        .map(|k| {
            let mut gain = 0.0;
            for (b, bl) in best.iter().zip(&best_lines) {
                for (o, ol) in own.iter().zip(&own_lines) {
                    let (lo, hi) = (b.lo.max(o.lo), b.hi.min(o.hi));
                    if hi <= lo {
                        continue;
                    }
                    let (vb, vo) = (conditional(bl, k), conditional(ol, k));
                    let mass = (dist.cdf(hi) - dist.cdf(lo)).max(0.0);
                    let part = (vb.0 - vo.0) * mass + (vb.1 - vo.1) * dist.partial_mean(lo, hi);
                    gain += part.max(0.0);
                }
            }
            gain
        })
        .collect()
}

/// The payoff line at `p`'s information set `k` (by position) given the
/// nodes' lines `v` and the beliefs there.
pub(super) fn conditional(
    g: &ExtensiveGame,
    d: &PlayerData,
    beliefs: &[Vec<f64>],
    v: &(impl Lines + ?Sized),
    k: usize,
) -> (f64, f64) {
    let info = g.infoset(d.infosets[k]);
    let (mut x, mut y) = (0.0, 0.0);
    for (h, &w) in info.members.iter().zip(&beliefs[k]) {
        let l = v.at(*h);
        x += w * l.0;
        y += w * l.1;
    }
    (x, y)
}

/// The information sets (by position) where plans `s` and `t` first differ:
/// they differ there and at none of the player's earlier moves on the way.
fn first_differences(d: &PlayerData, s: &[usize], t: &[usize]) -> Vec<usize> {
    (0..d.infosets.len())
        .filter(|&k| {
            if s[k] == t[k] {
                return false;
            }
            let mut up = d.prev[k];
            while let Some((j, _)) = up {
                if s[j] != t[j] {
                    return false;
                }
                up = d.prev[j];
            }
            true
        })
        .collect()
}

/// The line `A + B c` whose zero is the cut `c` between neighbouring plans
/// `s` and `t` (their payoff lines at every node `ls`, `lt`): the
/// difference of their conditional payoffs at the one information set where
/// they first differ (the type that is indifferent there), reached or not;
/// where they first differ at several, the difference at the root if play
/// reaches one of them, else at the first.
#[allow(clippy::too_many_arguments)]
pub(super) fn cut_line(
    g: &ExtensiveGame,
    d: &PlayerData,
    others_reach: &[f64],
    beliefs: &[Vec<f64>],
    s: &[usize],
    t: &[usize],
    ls: &impl Lines,
    lt: &impl Lines,
) -> (f64, f64) {
    let (s0, t0) = (ls.at(g.root()), lt.at(g.root()));
    let root = (s0.0 - t0.0, s0.1 - t0.1);
    let firsts = first_differences(d, s, t);
    let dev = deviations(d, s);
    let reached = firsts.iter().any(|&k| {
        dev[k] == 0
            && g.infoset(d.infosets[k])
                .members
                .iter()
                .any(|h| others_reach[h.index()] > 0.0)
    });
    let shallowest = firsts
        .iter()
        .copied()
        .min_by_key(|&k| g.infoset(d.infosets[k]).members[0]);
    // One place where they first differ: its conditional difference has the
    // root's zero (the root's is it times the chance of getting there)
    // without vanishing as that chance does.
    match shallowest {
        Some(k) if firsts.len() == 1 || !reached => {
            let (a, b) = (
                conditional(g, d, beliefs, ls, k),
                conditional(g, d, beliefs, lt, k),
            );
            (a.0 - b.0, a.1 - b.1)
        }
        _ => root,
    }
}
