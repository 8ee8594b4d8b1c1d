//! Best responses against a behaviour profile: backward induction for
//! players without a type, the exact upper envelope of the pure strategies'
//! payoff lines for players with one, and the Kuhn aggregation of cut-point
//! pieces into behaviour.

use super::Piece;
use crate::compile::CompiledGame;
use crate::dist::Dist;
use brink_game::{ExtensiveGame, InfosetId, NodeId, Owner};

pub(super) struct PlayerData {
    pub(super) infosets: Vec<InfosetId>,
    /// Positions in `infosets`, deepest first (decreasing smallest member).
    pub(super) order: Vec<usize>,
    /// The player's previous move before each information set, as positions.
    pub(super) prev: Vec<Option<(usize, usize)>>,
    /// Infoset id -> position in `infosets`.
    pub(super) pos: Vec<usize>,
    pub(super) dist: Option<Dist>,
}

pub(super) fn player_data(cg: &CompiledGame, p: usize) -> PlayerData {
    let g = &cg.game;
    let infosets = g.player_infosets(p).to_vec();
    let mut pos = vec![usize::MAX; g.infosets().len()];
    for (k, i) in infosets.iter().enumerate() {
        pos[i.index()] = k;
    }
    let mut order: Vec<usize> = (0..infosets.len()).collect();
    order.sort_by_key(|&k| std::cmp::Reverse(g.infoset(infosets[k]).members[0]));
    let last = g.last_moves(p);
    let prev = infosets
        .iter()
        .map(|i| last[g.infoset(*i).members[0].index()].map(|(j, a)| (pos[j.index()], a)))
        .collect();
    PlayerData {
        infosets,
        order,
        prev,
        pos,
        dist: cg.players[p].private.as_ref().map(|(_, d)| *d),
    }
}

/// Player `p`'s payoff line at every node, conditional on reaching it, under
/// the full behaviour profile `probs`. One bottom-up pass.
pub(super) fn lines(
    g: &ExtensiveGame,
    cg: &CompiledGame,
    probs: &[Vec<f64>],
    p: usize,
) -> Vec<(f64, f64)> {
    let n = g.num_nodes();
    let mut v = vec![(0.0, 0.0); n];
    for i in (0..n).rev() {
        let node = NodeId(i as u32);
        if let Some(t) = cg.terminal(node) {
            v[i] = t.payoffs[p];
            continue;
        }
        let Some(iset) = g.node_infoset(node) else {
            continue;
        };
        let pr = &probs[iset.index()];
        let (mut a, mut b) = (0.0, 0.0);
        for (k, c) in g.children(node).enumerate() {
            if pr[k] != 0.0 {
                a += pr[k] * v[c.index()].0;
                b += pr[k] * v[c.index()].1;
            }
        }
        v[i] = (a, b);
    }
    v
}

/// A best response of `p` at type `theta`: the action at each own information
/// set (by position) and the pure strategy's expected payoff line.
pub(super) fn best_response(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    theta: f64,
) -> (Vec<usize>, (f64, f64)) {
    let reach = brink_game::regret::reach(&cg.game, sigma, Some(p));
    best_response_with(cg, d, sigma, &reach, p, theta)
}

/// [`best_response`] with the others' reach probabilities precomputed.
pub(super) fn best_response_with(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    reach: &[f64],
    p: usize,
    theta: f64,
) -> (Vec<usize>, (f64, f64)) {
    let g = &cg.game;
    let mut decided: Vec<Option<usize>> = vec![None; d.infosets.len()];
    let mut memo: Vec<Option<(f64, f64)>> = vec![None; g.num_nodes()];
    let mut stack: Vec<(NodeId, bool)> = Vec::new();
    let mut evaluate = |start: NodeId,
                        decided: &[Option<usize>],
                        memo: &mut Vec<Option<(f64, f64)>>| {
        stack.push((start, false));
        while let Some((n, expanded)) = stack.pop() {
            if memo[n.index()].is_some() {
                continue;
            }
            if let Some(t) = cg.terminal(n) {
                memo[n.index()] = Some(t.payoffs[p]);
                continue;
            }
            let Some(iset) = g.node_infoset(n) else {
                memo[n.index()] = Some((0.0, 0.0));
                continue;
            };
            let own = g.infoset(iset).owner == Owner::Player(p);
            if !expanded {
                stack.push((n, true));
                if own {
                    let a = decided[d.pos[iset.index()]].expect("deeper choices are decided first");
                    stack.push((g.child(n, a), false));
                } else {
                    for (k, c) in g.children(n).enumerate() {
                        if sigma[iset.index()][k] != 0.0 {
                            stack.push((c, false));
                        }
                    }
                }
                continue;
            }
            let v = if own {
                let a = decided[d.pos[iset.index()]].expect("decided");
                memo[g.child(n, a).index()].expect("evaluated")
            } else {
                let (mut x, mut y) = (0.0, 0.0);
                for (k, c) in g.children(n).enumerate() {
                    let pr = sigma[iset.index()][k];
                    if pr != 0.0 {
                        let cv = memo[c.index()].expect("evaluated");
                        x += pr * cv.0;
                        y += pr * cv.1;
                    }
                }
                (x, y)
            };
            memo[n.index()] = Some(v);
        }
    };
    for &k in &d.order {
        let info = g.infoset(d.infosets[k]);
        let total: f64 = info.members.iter().map(|h| reach[h.index()]).sum();
        let nm = info.members.len() as f64;
        let mut best = 0;
        let mut best_v = f64::NEG_INFINITY;
        for a in 0..info.actions.len() {
            let mut v = 0.0;
            for h in &info.members {
                let w = if total > 0.0 {
                    reach[h.index()] / total
                } else {
                    1.0 / nm
                };
                if w == 0.0 {
                    continue;
                }
                let c = g.child(*h, a);
                evaluate(c, &decided, &mut memo);
                let (x, y) = memo[c.index()].expect("evaluated");
                v += w * (x + y * theta);
            }
            // Ties go to the first action, so `accept` listed first accepts
            // when indifferent; the tolerance keeps float noise from deciding.
            if v > best_v + 1e-12 {
                best_v = v;
                best = a;
            }
        }
        decided[k] = Some(best);
    }
    evaluate(g.root(), &decided, &mut memo);
    let line = memo[0].expect("root");
    (decided.into_iter().map(|c| c.unwrap_or(0)).collect(), line)
}

/// The upper envelope of the pure strategies' payoff lines over the type's
/// support: the exact cut-point best response.
pub(super) fn envelope(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    dist: Dist,
) -> Vec<Piece> {
    let (lo, hi) = dist.support();
    let reach = brink_game::regret::reach(&cg.game, sigma, Some(p));
    let left = best_response_with(cg, d, sigma, &reach, p, lo);
    let right = best_response_with(cg, d, sigma, &reach, p, hi);
    let mut cuts: Vec<(f64, Vec<usize>, (f64, f64))> = vec![(lo, left.0.clone(), left.1)];
    split(
        cg,
        d,
        sigma,
        &reach,
        p,
        (lo, left),
        (hi, right),
        &mut cuts,
        0,
    );
    let mut pieces: Vec<Piece> = Vec::new();
    for (k, (start, choice, line)) in cuts.iter().enumerate() {
        let end = cuts.get(k + 1).map_or(f64::INFINITY, |c| c.0);
        let start = if k == 0 { f64::NEG_INFINITY } else { *start };
        if let Some(last) = pieces.last_mut() {
            if last.choice == *choice {
                last.hi = end;
                continue;
            }
        }
        pieces.push(Piece {
            lo: start,
            hi: end,
            mass: 0.0,
            choice: choice.clone(),
            line: *line,
        });
    }
    for pc in &mut pieces {
        pc.mass = (dist.cdf(pc.hi) - dist.cdf(pc.lo)).max(0.0);
    }
    pieces
}

type Br = (Vec<usize>, (f64, f64));

/// Recursively finds the breakpoints between the best responses at `l` and
/// `r`, appending `(start, choice, line)` for each new piece.
#[allow(clippy::too_many_arguments)]
fn split(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    reach: &[f64],
    p: usize,
    l: (f64, Br),
    r: (f64, Br),
    cuts: &mut Vec<(f64, Vec<usize>, (f64, f64))>,
    depth: usize,
) {
    let ((tl, (cl, ll)), (tr, (cr, lr))) = (&l, &r);
    let same = (ll.0 - lr.0).abs() <= 1e-12 * (1.0 + ll.0.abs())
        && (ll.1 - lr.1).abs() <= 1e-12 * (1.0 + ll.1.abs());
    if cl == cr || same || depth > 60 {
        return;
    }
    let slope = lr.1 - ll.1;
    let x = if slope.abs() < 1e-300 {
        (tl + tr) / 2.0
    } else {
        ((ll.0 - lr.0) / slope).clamp(*tl, *tr)
    };
    let m = best_response_with(cg, d, sigma, reach, p, x);
    let vm = m.1 .0 + m.1 .1 * x;
    let vl = ll.0 + ll.1 * x;
    if vm <= vl + 1e-12 * (1.0 + vl.abs()) || m.0 == *cl || m.0 == *cr {
        cuts.push((x, cr.clone(), *lr));
        return;
    }
    let mid = (x, m);
    split(
        cg,
        d,
        sigma,
        reach,
        p,
        l.clone(),
        mid.clone(),
        cuts,
        depth + 1,
    );
    cuts.push((x, mid.1 .0.clone(), mid.1 .1));
    split(cg, d, sigma, reach, p, mid, r, cuts, depth + 1);
}

/// Player `p`'s response to `sigma`: behaviour at each own information set
/// (by position) and, for a typed player, the cut-point pieces.
pub(super) fn respond(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
) -> (Vec<Vec<f64>>, Vec<Piece>) {
    let g = &cg.game;
    let sizes: Vec<usize> = d
        .infosets
        .iter()
        .map(|&i| g.infoset(i).actions.len())
        .collect();
    let Some(dist) = d.dist else {
        let (choice, _) = best_response(cg, d, sigma, p, 0.0);
        let beh = choice
            .iter()
            .zip(&sizes)
            .map(|(&c, &n)| (0..n).map(|a| if a == c { 1.0 } else { 0.0 }).collect())
            .collect();
        return (beh, Vec::new());
    };
    let pieces = envelope(cg, d, sigma, p, dist);
    (aggregate(g, d, &pieces), pieces)
}

/// The behaviour (by position in the player's information sets) that is
/// realisation-equivalent to the cut-point `pieces` (Kuhn): at each
/// information set, the mass of the pieces whose own earlier moves lead there,
/// split by action.
pub(super) fn aggregate(g: &ExtensiveGame, d: &PlayerData, pieces: &[Piece]) -> Vec<Vec<f64>> {
    let sizes: Vec<usize> = d
        .infosets
        .iter()
        .map(|&i| g.infoset(i).actions.len())
        .collect();
    let mut consistent = vec![vec![false; d.infosets.len()]; pieces.len()];
    let mut by_depth: Vec<usize> = (0..d.infosets.len()).collect();
    by_depth.sort_by_key(|&k| g.infoset(d.infosets[k]).members[0]);
    for (pc, cons) in pieces.iter().zip(consistent.iter_mut()) {
        for &k in &by_depth {
            cons[k] = match d.prev[k] {
                None => true,
                Some((j, a)) => cons[j] && pc.choice[j] == a,
            };
        }
    }
    (0..d.infosets.len())
        .map(|k| {
            let mut v = vec![0.0; sizes[k]];
            let mut total = 0.0;
            for (pc, cons) in pieces.iter().zip(&consistent) {
                if cons[k] {
                    v[pc.choice[k]] += pc.mass;
                    total += pc.mass;
                }
            }
            if total <= 1e-300 {
                // Off the path of every type: the plan of all types.
                v.iter_mut().for_each(|x| *x = 0.0);
                total = 0.0;
                for pc in pieces {
                    v[pc.choice[k]] += pc.mass;
                    total += pc.mass;
                }
            }
            v.iter().map(|x| x / total).collect()
        })
        .collect()
}

/// The payoff line `A + B * type` of `p`'s pure strategy `choice` (by
/// position) against the others' behaviour in `sigma`.
pub(super) fn pure_line(
    cg: &CompiledGame,
    d: &PlayerData,
    sigma: &[Vec<f64>],
    p: usize,
    choice: &[usize],
) -> (f64, f64) {
    let mut probs = sigma.to_vec();
    for (k, &i) in d.infosets.iter().enumerate() {
        let n = probs[i.index()].len();
        probs[i.index()] = (0..n)
            .map(|a| if a == choice[k] { 1.0 } else { 0.0 })
            .collect();
    }
    lines(&cg.game, cg, &probs, p)[0]
}
