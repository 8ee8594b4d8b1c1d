//! Responses against a behaviour profile (computed in [`super::sequential`]),
//! payoff lines of pure plans, and the Kuhn aggregation of cut-point pieces
//! into behaviour.

use super::sequential::{beliefs, sequential_response, trembled, Move};
use super::Piece;
use crate::compile::CompiledGame;
use crate::dist::Dist;
use brink_game::{ExtensiveGame, InfosetId, NodeId};

pub(super) struct PlayerData {
    pub(super) player: usize,
    pub(super) infosets: Vec<InfosetId>,
    /// Positions in `infosets`, deepest first (decreasing smallest member).
    pub(super) order: Vec<usize>,
    /// The player's previous move before each information set, as positions.
    pub(super) prev: Vec<Option<(usize, usize)>>,
    /// Infoset id -> position in `infosets`.
    pub(super) pos: Vec<usize>,
    /// Infoset id -> index in `cg.subjective[p]` of the player's own
    /// probabilities for that chance set, so that a pure plan's lines read
    /// them in place instead of through a copy of the profile.
    pub(super) believed: Vec<Option<usize>>,
    /// The nodes with one of the player's moves at or below them, deepest
    /// first, and a mask of them: the only nodes whose payoff lines depend
    /// on which pure plan the player follows (see [`PlanLines`]).
    pub(super) above_own: Vec<NodeId>,
    pub(super) is_above_own: Vec<bool>,
    /// Node -> its position in `above_own` (`u32::MAX` for the others):
    /// what a plan changes is stored by it, compactly (see [`PlanLine`]).
    pub(super) above_rank: Vec<u32>,
    pub(super) dist: Option<Dist>,
    /// The trembles the beliefs and the off-path aggregation assume
    /// (`sequential::TREMBLE` except while the solver eases towards it).
    pub(super) tremble: f64,
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
    let mut believed = vec![None; g.infosets().len()];
    for (j, (i, _)) in cg.subjective.get(p).into_iter().flatten().enumerate() {
        // A set listed twice reads its last entry, as `seen_by` does.
        believed[i.index()] = Some(j);
    }
    // Children come after their parents in the arena: one backward pass.
    let mut is_above_own = vec![false; g.num_nodes()];
    for i in (0..g.num_nodes()).rev() {
        let n = NodeId(i as u32);
        is_above_own[i] = g
            .node_infoset(n)
            .is_some_and(|s| pos[s.index()] != usize::MAX)
            || g.children(n).any(|c| is_above_own[c.index()]);
    }
    let above_own: Vec<NodeId> = (0..g.num_nodes())
        .rev()
        .filter(|&i| is_above_own[i])
        .map(|i| NodeId(i as u32))
        .collect();
    let mut above_rank = vec![u32::MAX; g.num_nodes()];
    for (r, n) in above_own.iter().enumerate() {
        above_rank[n.index()] = r as u32;
    }
    let last = g.last_moves(p);
    let prev = infosets
        .iter()
        .map(|i| last[g.infoset(*i).members[0].index()].map(|(j, a)| (pos[j.index()], a)))
        .collect();
    PlayerData {
        player: p,
        infosets,
        order,
        prev,
        pos,
        believed,
        above_own,
        is_above_own,
        above_rank,
        dist: cg.players[p].private.as_ref().map(|(_, d)| *d),
        tremble: super::sequential::TREMBLE,
    }
}

impl PlayerData {
    /// The behaviour at information set `i` as this player sees it, as in
    /// [`CompiledGame::seen_by`] but without copying the profile: its own
    /// probabilities at a chance set it has a prior about, `sigma`'s
    /// elsewhere. `cg` must be the game the data was made for (or one with
    /// the same subjective priors, as the solver's reworked payoffs are).
    pub(super) fn seen<'a>(
        &self,
        cg: &'a CompiledGame,
        sigma: &'a [Vec<f64>],
        i: usize,
    ) -> &'a [f64] {
        match self.believed[i] {
            Some(j) => &cg.subjective[self.player][j].1,
            None => &sigma[i],
        }
    }
}

/// Payoff lines `A + B * type` by node: a full vector, or a plan's
/// [`PlanLine`].
pub(super) trait Lines {
    /// The line at node `n`.
    fn at(&self, n: NodeId) -> (f64, f64);
}

impl Lines for Vec<(f64, f64)> {
    fn at(&self, n: NodeId) -> (f64, f64) {
        self[n.index()]
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
    let view = cg.seen_by(probs, p);
    let probs = &*view;
    lines_by(g, cg, p, |i| Move::Mixed(&probs[i.index()]))
}

/// Player `p`'s payoff line at every node when each information set is
/// played as `mover` says. One bottom-up pass.
fn lines_by<'a>(
    g: &ExtensiveGame,
    cg: &CompiledGame,
    p: usize,
    mover: impl Fn(InfosetId) -> Move<'a>,
) -> Vec<(f64, f64)> {
    let mut v = vec![(0.0, 0.0); g.num_nodes()];
    for i in (0..g.num_nodes()).rev() {
        v[i] = line_at(g, cg, p, &v, NodeId(i as u32), &mover);
    }
    v
}

/// Player `p`'s payoff line at `node` given those of its children in `v`.
fn line_at<'a>(
    g: &ExtensiveGame,
    cg: &CompiledGame,
    p: usize,
    v: &(impl Lines + ?Sized),
    node: NodeId,
    mover: &impl Fn(InfosetId) -> Move<'a>,
) -> (f64, f64) {
    if let Some(t) = cg.terminal(node) {
        return t.payoffs[p];
    }
    let Some(iset) = g.node_infoset(node) else {
        return (0.0, 0.0);
    };
    match mover(iset) {
        // `0.0 +` as in the weighted sum of a one-hot behaviour, so a pure
        // move gives the same bits (a -0.0 included) as a degenerate mix.
        Move::Pure(a) => {
            let c = v.at(g.child(node, a));
            (0.0 + c.0, 0.0 + c.1)
        }
        Move::Mixed(pr) => {
            let (mut a, mut b) = (0.0, 0.0);
            for (k, c) in g.children(node).enumerate() {
                if pr[k] != 0.0 {
                    let l = v.at(c);
                    a += pr[k] * l.0;
                    b += pr[k] * l.1;
                }
            }
            (a, b)
        }
    }
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
    let beliefs = beliefs(cg, sigma, d, p);
    let pieces = sequential_response(cg, d, sigma, &beliefs, p);
    if d.dist.is_none() {
        let beh = pieces[0]
            .choice
            .iter()
            .zip(&sizes)
            .map(|(&c, &n)| (0..n).map(|a| f64::from(u8::from(a == c))).collect())
            .collect();
        return (beh, Vec::new());
    }
    (aggregate(g, d, &pieces), pieces)
}

/// The behaviour (by position in the player's information sets) that is
/// realisation-equivalent to the cut-point `pieces` (Kuhn): at each
/// information set, the mass of the pieces whose own earlier moves lead there,
/// split by action, each piece weighted by the trembles its own moves need
/// to get there (see [`super::sequential`]): where no piece's moves lead,
/// the pieces needing the fewest deviations.
pub(super) fn aggregate(g: &ExtensiveGame, d: &PlayerData, pieces: &[Piece]) -> Vec<Vec<f64>> {
    // Each piece's chance of reaching each own information set when its own
    // moves tremble (see `sequential::TREMBLE`): its mass on the path, far
    // smaller off it, and continuous in the cuts.
    let reach: Vec<Vec<f64>> = pieces
        .iter()
        .map(|pc| {
            let mut r = vec![0.0; d.infosets.len()];
            for &k in d.order.iter().rev() {
                r[k] = match d.prev[k] {
                    None => pc.mass,
                    Some((j, a)) => {
                        let n = g.infoset(d.infosets[j]).actions.len();
                        r[j] * trembled(f64::from(u8::from(pc.choice[j] == a)), n, d.tremble)
                    }
                };
            }
            r
        })
        .collect();
    (0..d.infosets.len())
        .map(|k| {
            let n = g.infoset(d.infosets[k]).actions.len();
            let mut v = vec![0.0; n];
            let mut total = 0.0;
            for (pc, r) in pieces.iter().zip(&reach) {
                v[pc.choice[k]] += r[k];
                total += r[k];
            }
            if total <= 0.0 || !total.is_finite() {
                // Every piece empty (a regime whose cuts crossed): the first plan.
                v = (0..n)
                    .map(|a| f64::from(u8::from(a == pieces[0].choice[k])))
                    .collect();
                total = 1.0;
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
    PlanLines::new(cg, d, sigma, p)
        .of(choice)
        .at(cg.game.root())
}

/// The payoff lines of `p`'s pure plans against one profile `sigma` (as `p`
/// sees it: its own probabilities at the chance sets it has a prior about),
/// read in place. The solver's innermost loop: the Newton residual wants
/// them for every plan of a regime. Below the player's last moves the lines
/// are the same for every plan, so they are computed once, and each plan
/// only redoes the nodes above its own moves.
pub(super) struct PlanLines<'a> {
    cg: &'a CompiledGame,
    d: &'a PlayerData,
    sigma: &'a [Vec<f64>],
    p: usize,
    /// The lines at the nodes no plan changes (zero above the player's moves).
    shared: Vec<(f64, f64)>,
}

impl<'a> PlanLines<'a> {
    pub(super) fn new(
        cg: &'a CompiledGame,
        d: &'a PlayerData,
        sigma: &'a [Vec<f64>],
        p: usize,
    ) -> Self {
        let g = &cg.game;
        let mut shared = vec![(0.0, 0.0); g.num_nodes()];
        // No own information set below these nodes: the others' moves only.
        let mover = |i: InfosetId| Move::Mixed(d.seen(cg, sigma, i.index()));
        for i in (0..g.num_nodes()).rev() {
            if !d.is_above_own[i] {
                shared[i] = line_at(g, cg, p, &shared, NodeId(i as u32), &mover);
            }
        }
        PlanLines {
            cg,
            d,
            sigma,
            p,
            shared,
        }
    }

    /// The lines no plan changes (meaningless above the player's moves),
    /// shared by [`super::sequential`]'s evaluations.
    pub(super) fn shared(self) -> Vec<(f64, f64)> {
        self.shared
    }

    /// The line at every node under the pure plan `choice` (by position).
    pub(super) fn of(&self, choice: &[usize]) -> PlanLine<'_> {
        let (cg, d, sigma) = (self.cg, self.d, self.sigma);
        let mover = |i: InfosetId| match d.pos[i.index()] {
            usize::MAX => Move::Mixed(d.seen(cg, sigma, i.index())),
            k => Move::Pure(choice[k]),
        };
        let mut line = PlanLine {
            shared: &self.shared,
            rank: &d.above_rank,
            own: vec![(0.0, 0.0); d.above_own.len()],
        };
        // Deepest first: a node's children are done before it.
        for (r, &n) in d.above_own.iter().enumerate() {
            line.own[r] = line_at(&cg.game, cg, self.p, &line, n, &mover);
        }
        line
    }
}

/// A pure plan's payoff lines: its own at the nodes above the player's
/// moves, the shared ones elsewhere. Storing only the former (a few dozen
/// of the founding crisis's 393 nodes) spares the solver's innermost loop
/// a copy of the whole tree per plan.
pub(super) struct PlanLine<'a> {
    shared: &'a [(f64, f64)],
    rank: &'a [u32],
    own: Vec<(f64, f64)>,
}

impl Lines for PlanLine<'_> {
    fn at(&self, n: NodeId) -> (f64, f64) {
        match self.rank[n.index()] {
            u32::MAX => self.shared[n.index()],
            r => self.own[r as usize],
        }
    }
}
