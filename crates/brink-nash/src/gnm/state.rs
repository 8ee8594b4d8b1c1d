//! The state of one trace that outlives a step: the buffers the path's
//! linear algebra works in, the point before a step, kept so that a step
//! that strays can be taken back, and the points where cells were entered.
//! All are cut from three allocations per solve ([`Buffers`]), zeroed at
//! each trace's start: the games are small, and allocating them cost more
//! than a step's arithmetic (about 45 allocations a trace, about 40% of a
//! max-cut 2x2x2 solve's; a tilted ray reuses the first ray's buffers).

use super::dense::Factored;
use super::lowrank::LowRank;
use super::predict::Turn;
use crate::nplayer::Cutter;

/// Long steps taken back in one cell before the rest goes at Gambit's pace.
pub(super) const MAX_RETREATS: usize = 3;

/// The buffers of the path's linear algebra.
pub(super) struct Work<'a> {
    /// The payoff Jacobian at `sigma` (m by m).
    pub(super) dg: &'a mut [f64],
    /// `Dpsi` whole (column-major), where it is factored whole and for the
    /// bordered systems.
    pub(super) a: &'a mut [f64],
    /// `Dpsi`'s factors, in the small dimension.
    pub(super) fact: LowRank<'a>,
    /// Newton's residual, its step and the point to back off to.
    pub(super) del: &'a mut [f64],
    pub(super) step: &'a mut [f64],
    pub(super) backup: &'a mut [f64],
    /// `V(sigma)` and the retraction's buffer.
    pub(super) v: &'a mut [f64],
    pub(super) sorted: &'a mut Vec<f64>,
    /// Per-cell probabilities of the players' strategies.
    pub(super) x: &'a mut [f64],
    /// A column mean in `dpsi`.
    pub(super) mean: &'a mut [f64],
    /// Whether `fact` holds the factors of `Dpsi` at `factored_dg` on
    /// `factored_support`.
    pub(super) factored: bool,
    pub(super) factored_dg: &'a mut [f64],
    pub(super) factored_support: &'a mut [bool],
    /// Whether `dg` is the Jacobian at `jacobian_sigma`.
    pub(super) jacobian_known: bool,
    pub(super) jacobian_sigma: &'a mut [f64],
    /// The bordered matrix of [`Path::correct_at`] (`m + 1` square),
    /// its factors, and its right-hand side and solution.
    ///
    /// [`Path::correct_at`]: super::space::Path::correct_at
    pub(super) bordered: &'a mut [f64],
    pub(super) bordered_fact: Factored<'a>,
    pub(super) bordered_rhs: &'a mut [f64],
    pub(super) bordered_step: &'a mut [f64],
}

/// The allocations of a solve's traces: each trace's buffers are cut from
/// them ([`Buffers::trace`]).
pub(super) struct Buffers {
    n: usize,
    m: usize,
    floats: Vec<f64>,
    indices: Vec<usize>,
    flags: Vec<bool>,
    sorted: Vec<f64>,
    entered: Entered,
}

/// Everything one trace keeps from step to step.
pub(super) struct Trace<'a> {
    pub(super) work: Work<'a>,
    /// The ray, normalised and scaled.
    pub(super) g: &'a mut [f64],
    /// The point on the path, its retraction and the payoffs with bonus.
    pub(super) z: &'a mut [f64],
    pub(super) sigma: &'a mut [f64],
    pub(super) v: &'a mut [f64],
    /// The Euler direction, the change of the payoffs along it, its
    /// retraction, and the second-order term.
    pub(super) dz: &'a mut [f64],
    pub(super) dv: &'a mut [f64],
    pub(super) rdz: &'a mut [f64],
    pub(super) bent: &'a mut [f64],
    /// `lambda g`, a retraction's scratch, and the zero ray (Newton at an
    /// equilibrium).
    pub(super) pert: &'a mut [f64],
    pub(super) y: &'a mut [f64],
    pub(super) zero: &'a [f64],
    pub(super) support: &'a mut [bool],
    /// Each player's reference strategy in the support.
    pub(super) best: &'a mut [usize],
    pub(super) turn: Turn<'a>,
    pub(super) saved: Saved<'a>,
    pub(super) entered: &'a mut Entered,
    /// The two checkpoints' buffers (a trace keeps at most two, this
    /// cell's entry and the one before).
    pub(super) spare: Spare<'a>,
}

/// The supports a trace enters before [`Entered`] grows (on the 71
/// fixture games a trace enters at most a few hundred).
const ENTRIES: usize = 64;

impl Buffers {
    /// Buffers for a game of `n` players and `m` strategies, as long as
    /// [`layout`] cuts.
    pub(super) fn new(n: usize, m: usize) -> Self {
        let (mut f, mut i, mut b) = (Cutter::counting(), Cutter::counting(), Cutter::counting());
        let (mut sorted, mut entered) = (Vec::new(), Entered::with_capacity(m, 0));
        layout(n, m, &mut f, &mut i, &mut b, &mut sorted, &mut entered);
        Buffers {
            n,
            m,
            floats: vec![0.0; f.wanted()],
            indices: vec![0; i.wanted()],
            flags: vec![false; b.wanted()],
            sorted: Vec::with_capacity(m),
            entered: Entered::with_capacity(m, ENTRIES),
        }
    }

    /// The supports the last trace entered, in order, each with the
    /// `lambda` where it did.
    #[cfg(test)]
    pub(super) fn entries(&self) -> Vec<(Vec<bool>, f64)> {
        let e = &self.entered;
        e.supports
            .chunks_exact(e.m)
            .map(<[bool]>::to_vec)
            .zip(e.lambdas.iter().copied())
            .collect()
    }

    /// One trace's buffers, all zero (as freshly allocated ones), and
    /// no support entered.
    pub(super) fn trace(&mut self) -> Trace<'_> {
        self.floats.fill(0.0);
        self.indices.fill(0);
        self.flags.fill(false);
        self.entered.truncate(0);
        let mut f = Cutter::new(&mut self.floats);
        let mut i = Cutter::new(&mut self.indices);
        let mut b = Cutter::new(&mut self.flags);
        let trace = layout(
            self.n,
            self.m,
            &mut f,
            &mut i,
            &mut b,
            &mut self.sorted,
            &mut self.entered,
        );
        debug_assert!(f.used_up() && i.used_up() && b.used_up());
        trace
    }
}

/// A trace's buffers cut from the floats `f`, indices `i` and flags `b`:
/// the one list of them, which [`Buffers::new`] runs on counting cutters
/// to size the allocations.
fn layout<'a>(
    n: usize,
    m: usize,
    f: &mut Cutter<'a, f64>,
    i: &mut Cutter<'a, usize>,
    b: &mut Cutter<'a, bool>,
    sorted: &'a mut Vec<f64>,
    entered: &'a mut Entered,
) -> Trace<'a> {
    let work = Work {
        dg: f.cut(m * m),
        a: f.cut(m * m),
        fact: LowRank::new(
            m,
            (i.cut(m), i.cut(m)),
            (f.cut(m * m), f.cut(m * m)),
            Factored::new(m, f.cut(m * m), i.cut(m), i.cut(m)),
            (f.cut(m), f.cut(m), f.cut(m)),
        ),
        del: f.cut(m),
        step: f.cut(m),
        backup: f.cut(m),
        v: f.cut(m),
        sorted,
        x: f.cut(n),
        mean: f.cut(m),
        factored: false,
        factored_dg: f.cut(m * m),
        factored_support: b.cut(m),
        jacobian_known: false,
        jacobian_sigma: f.cut(m),
        bordered: f.cut((m + 1) * (m + 1)),
        bordered_fact: Factored::new(m + 1, f.cut((m + 1) * (m + 1)), i.cut(m + 1), i.cut(m + 1)),
        bordered_rhs: f.cut(m + 1),
        bordered_step: f.cut(m + 1),
    };
    let g = f.cut(m);
    let z = f.cut(m);
    let sigma = f.cut(m);
    let v = f.cut(m);
    let dz = f.cut(m);
    let dv = f.cut(m);
    let rdz = f.cut(m);
    let bent = f.cut(m);
    let pert = f.cut(m);
    let y = f.cut(m);
    let zero = f.cut(m);
    let turn = Turn::new(f.cut(m + 1), f.cut(m + 1));
    let saved = Saved::new(f.cut(m), f.cut(m), f.cut(m * m));
    let support = b.cut(m);
    let best = i.cut(n);
    let mut checkpoint = || Checkpoint {
        z: f.cut(m),
        sigma: f.cut(m),
        dg: f.cut(m * m),
        lambda: 0.0,
        support: b.cut(m),
        best: i.cut(n),
        orientation: 1.0,
        last_crossed: None,
        err_base: 0.0,
        equilibria: 0,
        entered: 0,
    };
    let spare = Spare([Some(checkpoint()), Some(checkpoint())]);
    Trace {
        work,
        g,
        z,
        sigma,
        v,
        dz,
        dv,
        rdz,
        bent,
        pert,
        y,
        zero,
        support,
        best,
        turn,
        saved,
        entered,
        spare,
    }
}

/// Checkpoints' buffers not in use.
pub(super) struct Spare<'a>([Option<Checkpoint<'a>>; 2]);

impl<'a> Spare<'a> {
    /// Buffers for a new checkpoint, to be filled.
    pub(super) fn take(&mut self) -> Checkpoint<'a> {
        self.0
            .iter_mut()
            .find_map(Option::take)
            .expect("a trace holds at most two checkpoints")
    }

    /// A checkpoint no longer in use, if any.
    pub(super) fn put(&mut self, mark: Option<Checkpoint<'a>>) {
        if let Some(slot) = self.0.iter_mut().find(|s| s.is_none()) {
            *slot = mark;
        }
    }
}

/// The steps left after taking back a step made with `left` steps left:
/// 4 times as many, or Gambit's `steps` once `retreats` reaches
/// [`MAX_RETREATS`] (the step rule then stays off for the cell).
pub(super) fn shorter(left: usize, retreats: usize, steps: usize) -> usize {
    if retreats < MAX_RETREATS {
        (4 * left).clamp(4, steps)
    } else {
        steps
    }
}

/// The path's state before a step, to take the step back.
pub(super) struct Saved<'a> {
    z: &'a mut [f64],
    sigma: &'a mut [f64],
    dg: &'a mut [f64],
    lambda: f64,
}

impl<'a> Saved<'a> {
    fn new(z: &'a mut [f64], sigma: &'a mut [f64], dg: &'a mut [f64]) -> Self {
        Saved {
            z,
            sigma,
            dg,
            lambda: 0.0,
        }
    }

    pub(super) fn save(&mut self, z: &[f64], sigma: &[f64], dg: &[f64], lambda: f64) {
        self.z.copy_from_slice(z);
        self.sigma.copy_from_slice(sigma);
        self.dg.copy_from_slice(dg);
        self.lambda = lambda;
    }

    /// The saved point and its `lambda`.
    pub(super) fn point(&self) -> (&[f64], f64) {
        (self.z, self.lambda)
    }

    /// Puts the saved state back and returns its `lambda`.
    pub(super) fn restore(&self, z: &mut [f64], sigma: &mut [f64], dg: &mut [f64]) -> f64 {
        z.copy_from_slice(self.z);
        sigma.copy_from_slice(self.sigma);
        dg.copy_from_slice(self.dg);
        self.lambda
    }
}

/// Where the path entered a support, all a trace needs to go on from there:
/// when a faster stretch after it leaves the path, the trace resumes here
/// at Gambit's pace instead of starting the ray again.
pub(super) struct Checkpoint<'a> {
    pub(super) z: &'a mut [f64],
    pub(super) sigma: &'a mut [f64],
    /// The payoff Jacobian the cell's first step uses (computed before the
    /// crossing cleaned `sigma`, so not recomputed from it).
    pub(super) dg: &'a mut [f64],
    pub(super) lambda: f64,
    pub(super) support: &'a mut [bool],
    pub(super) best: &'a mut [usize],
    pub(super) orientation: f64,
    pub(super) last_crossed: Option<usize>,
    pub(super) err_base: f64,
    /// How many equilibria had been met and supports entered by then.
    pub(super) equilibria: usize,
    pub(super) entered: usize,
}

/// The supports a trace entered, in order, each with the `lambda` at which
/// it was entered, in one flat buffer: a trace enters tens to hundreds of
/// supports, and a map keyed by each support (as before) cost an allocation
/// and a hash per crossing, about a tenth of a small game's solve.
pub(super) struct Entered {
    m: usize,
    supports: Vec<bool>,
    lambdas: Vec<f64>,
}

impl Entered {
    /// Room for `entries` supports of `m` strategies before it grows.
    pub(super) fn with_capacity(m: usize, entries: usize) -> Self {
        Entered {
            m,
            supports: Vec::with_capacity(m * entries),
            lambdas: Vec::with_capacity(entries),
        }
    }

    /// How many supports have been entered.
    pub(super) fn len(&self) -> usize {
        self.lambdas.len()
    }

    /// Forgets the entries after the first `len`.
    pub(super) fn truncate(&mut self, len: usize) {
        self.lambdas.truncate(len);
        self.supports.truncate(len * self.m);
    }

    pub(super) fn push(&mut self, support: &[bool], lambda: f64) {
        self.supports.extend_from_slice(support);
        self.lambdas.push(lambda);
    }

    /// Whether `support` was entered before at (almost) this `lambda`.
    pub(super) fn again(&self, support: &[bool], lambda: f64) -> bool {
        let near = 1e-6 * lambda.abs().max(1.0);
        self.lambdas
            .iter()
            .zip(self.supports.chunks_exact(self.m))
            .any(|(&l, s)| (l - lambda).abs() <= near && s == support)
    }
}

#[cfg(test)]
mod tests {
    use super::Entered;

    /// A support entered again at (almost) the same lambda is circling;
    /// at another lambda, or once the entry is cut back (the trace resumed
    /// from a checkpoint before it), it is not.
    #[test]
    fn a_support_entered_again_at_its_lambda_is_seen_until_cut_back() {
        let mut e = Entered::with_capacity(3, 0);
        e.push(&[true, false, true], 0.5);
        let mark = e.len();
        e.push(&[true, true, false], -0.25);
        assert!(e.again(&[true, true, false], -0.25 + 1e-8));
        assert!(!e.again(&[true, true, false], -0.24));
        assert!(!e.again(&[true, false, false], -0.25));
        assert!(e.again(&[true, false, true], 0.5));
        e.truncate(mark);
        assert!(!e.again(&[true, true, false], -0.25));
        assert!(e.again(&[true, false, true], 0.5));
        e.push(&[false, true, true], 0.1);
        assert!(e.again(&[false, true, true], 0.1));
        assert!(!e.again(&[true, true, false], 0.1));
    }
}
