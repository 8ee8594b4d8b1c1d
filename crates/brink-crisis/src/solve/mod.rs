//! The equilibrium solver of the crisis language.
//!
//! Players with a private type (a continuous payoff shock, linear in their
//! payoffs) play cut-point strategies: against the others' behaviour, each
//! pure strategy's expected payoff is a line in the type, so the best
//! response is the upper envelope of those lines, found exactly by
//! intersecting lines (a handful of backward-induction passes), and the
//! probability of each piece is a difference of the type's CDF. Players
//! without a type best-respond by backward induction with beliefs from Bayes'
//! rule (uniform where nothing reaches an information set). The fixed point is
//! found by damped best-response iteration; the profile returned is checked
//! by computing every player's regret against it, types integrated exactly.

use crate::compile::CompiledGame;
use crate::dist::Dist;
use brink_game::{ExtensiveGame, InfosetId, NodeId, Owner};

/// One piece of a typed player's cut-point strategy: the types in `(lo, hi]`
/// play the pure strategy `choice`.
#[derive(Clone, Debug, PartialEq)]
pub struct Piece {
    /// Lower end of the types.
    pub lo: f64,
    /// Upper end.
    pub hi: f64,
    /// Probability of the piece.
    pub mass: f64,
    /// The action at each of the player's information sets, indexed as
    /// [`ExtensiveGame::player_infosets`].
    pub choice: Vec<usize>,
    /// The pure strategy's expected payoff `A + B * type` against the others.
    pub line: (f64, f64),
}

/// What the solver found.
#[derive(Clone, Debug)]
pub struct Equilibrium {
    /// Behaviour probabilities over all information sets (types aggregated).
    pub behavior: Vec<Vec<f64>>,
    /// For each typed player, the cut-point pieces (empty for untyped players).
    pub pieces: Vec<Vec<Piece>>,
    /// Each player's expected payoff (types integrated).
    pub payoffs: Vec<f64>,
    /// Each player's regret: best-response payoff minus equilibrium payoff.
    pub regrets: Vec<f64>,
    /// Iterations used.
    pub iterations: usize,
    /// Whether the iteration met its tolerance.
    pub converged: bool,
}

impl Equilibrium {
    /// The largest regret.
    pub fn max_regret(&self) -> f64 {
        self.regrets.iter().copied().fold(0.0, f64::max)
    }
}

struct PlayerData {
    infosets: Vec<InfosetId>,
    /// Positions in `infosets`, deepest first (decreasing smallest member).
    order: Vec<usize>,
    /// The player's previous move before each information set, as positions.
    prev: Vec<Option<(usize, usize)>>,
    /// Infoset id -> position in `infosets`.
    pos: Vec<usize>,
    dist: Option<Dist>,
}

/// Solves a compiled game. `max_iter` bounds the best-response iteration.
pub fn solve(cg: &CompiledGame, max_iter: usize) -> Equilibrium {
    let g = &cg.game;
    let np = g.num_players();
    let data: Vec<PlayerData> = (0..np).map(|p| player_data(cg, p)).collect();
    let mut sigma: Vec<Vec<f64>> = g
        .infosets()
        .iter()
        .map(|i| match i.owner {
            Owner::Chance => i
                .actions
                .iter()
                .map(|a| brink_game::Field::to_f64(a.prob.as_ref().expect("chance prob")))
                .collect(),
            Owner::Player(_) => vec![1.0 / i.actions.len() as f64; i.actions.len()],
        })
        .collect();
    let mut alpha = 1.0;
    let mut prev_resid = f64::INFINITY;
    let mut iterations = 0;
    let mut converged = false;
    // Probabilities are reported to 4 decimals; regret is computed afterwards.
    let tol = 1e-9;
    while iterations < max_iter {
        iterations += 1;
        let mut target = sigma.clone();
        for (p, d) in data.iter().enumerate() {
            let (beh, _) = respond(cg, d, &sigma, p);
            for (k, &i) in d.infosets.iter().enumerate() {
                target[i.index()] = beh[k].clone();
            }
        }
        // The residual is weighted by how often each information set is
        // reached: at sets nobody reaches, ties between equally good actions
        // can flip forever without changing anyone's payoff (the regret
        // computed below is the real check).
        let reach = brink_game::regret::reach(g, &sigma, None);
        let mut resid: f64 = 0.0;
        for (k, (t, s)) in target.iter().zip(&sigma).enumerate() {
            let w: f64 = g.infosets()[k]
                .members
                .iter()
                .map(|h| reach[h.index()])
                .sum();
            for (a, b) in t.iter().zip(s) {
                resid = resid.max(w.min(1.0) * (a - b).abs());
            }
        }
        if std::env::var_os("BRINK_CRISIS_TRACE").is_some()
            && (iterations < 20 || iterations % 200 == 0)
        {
            let mut worst = (0.0, 0);
            for (k, (t, s)) in target.iter().zip(&sigma).enumerate() {
                for (a, b) in t.iter().zip(s) {
                    if (a - b).abs() > worst.0 {
                        worst = ((a - b).abs(), k);
                    }
                }
            }
            eprintln!("iteration {iterations}: residual {resid:.3e} alpha {alpha} worst infoset {} {:?} {:?}", g.infoset(InfosetId(worst.1 as u32)).label, sigma[worst.1], target[worst.1]);
        }
        if resid < tol {
            converged = true;
            sigma = target;
            break;
        }
        // Damping halves when the residual grows, which turns a cycling
        // iteration into a contracting one near a fixed point, and recovers
        // while the residual shrinks, so that a smooth stretch is not crawled.
        if resid > prev_resid {
            alpha = (alpha * 0.5_f64).max(1.0 / 256.0);
        } else {
            alpha = (alpha * 1.25_f64).min(1.0);
        }
        prev_resid = resid;
        for (s, t) in sigma.iter_mut().zip(&target) {
            for (a, b) in s.iter_mut().zip(t) {
                *a += alpha * (b - *a);
            }
        }
    }
    // The final profile: every player's response to the last iterate (for a
    // converged iteration, the iterate itself up to the tolerance).
    let mut pieces = vec![Vec::new(); np];
    let mut behavior = sigma.clone();
    for (p, d) in data.iter().enumerate() {
        let (beh, pcs) = respond(cg, d, &sigma, p);
        for (k, &i) in d.infosets.iter().enumerate() {
            behavior[i.index()] = beh[k].clone();
        }
        pieces[p] = pcs;
    }
    let mut payoffs = vec![0.0; np];
    let mut regrets = vec![0.0; np];
    for (p, d) in data.iter().enumerate() {
        let (value, best) = match d.dist {
            None => {
                let v = lines(g, cg, &behavior, p)[0].0;
                let (_, line) = best_response(cg, d, &behavior, p, 0.0);
                (v, line.0)
            }
            Some(dist) => {
                // Re-evaluate the final pieces against the final profile.
                let mut value = 0.0;
                for pc in &mut pieces[p] {
                    let mut probs = behavior.clone();
                    for (k, &i) in d.infosets.iter().enumerate() {
                        let n = probs[i.index()].len();
                        probs[i.index()] = (0..n)
                            .map(|a| if a == pc.choice[k] { 1.0 } else { 0.0 })
                            .collect();
                    }
                    pc.line = lines(g, cg, &probs, p)[0];
                    value += pc.line.0 * pc.mass + pc.line.1 * dist.partial_mean(pc.lo, pc.hi);
                }
                let env = envelope(cg, d, &behavior, p, dist);
                let best: f64 = env
                    .iter()
                    .map(|pc| pc.line.0 * pc.mass + pc.line.1 * dist.partial_mean(pc.lo, pc.hi))
                    .sum();
                (value, best)
            }
        };
        payoffs[p] = value;
        regrets[p] = (best - value).max(0.0);
    }
    Equilibrium {
        behavior,
        pieces,
        payoffs,
        regrets,
        iterations,
        converged,
    }
}

fn player_data(cg: &CompiledGame, p: usize) -> PlayerData {
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
fn lines(g: &ExtensiveGame, cg: &CompiledGame, probs: &[Vec<f64>], p: usize) -> Vec<(f64, f64)> {
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
fn best_response(
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
fn best_response_with(
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
fn envelope(
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
fn respond(
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
    // Realisation-equivalent behaviour (Kuhn): at each information set, the
    // mass of the pieces whose own earlier moves lead there, split by action.
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
    let beh = (0..d.infosets.len())
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
                for pc in &pieces {
                    v[pc.choice[k]] += pc.mass;
                    total += pc.mass;
                }
            }
            v.iter().map(|x| x / total).collect()
        })
        .collect();
    (beh, pieces)
}
