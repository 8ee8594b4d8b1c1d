//! The state of one trace that outlives a step: the buffers the path's
//! linear algebra works in, the point before a step, kept so that a step
//! that strays can be taken back, and the points where cells were entered.
//! All are allocated once per solve ([`Buffers`]) and set afresh at each
//! trace's start: the games are small, and a step's allocations used to
//! cost more than its arithmetic, as did a trace's (about 45 on a 2x2x2
//! game, three traces to a solve on max-cut 2x2x2).

use super::dense::Factored;
use super::predict::Turn;

/// Long steps taken back in one cell before the rest goes at Gambit's pace.
pub(super) const MAX_RETREATS: usize = 3;

/// The buffers of one trace.
pub(super) struct Work {
    /// The payoff Jacobian at `sigma` (m by m).
    pub(super) dg: Vec<f64>,
    /// `Dpsi` before factoring.
    pub(super) a: Vec<f64>,
    pub(super) fact: Factored,
    /// Newton's residual, its step and the point to back off to.
    pub(super) del: Vec<f64>,
    pub(super) step: Vec<f64>,
    pub(super) backup: Vec<f64>,
    /// `V(sigma)` and the retraction's buffer.
    pub(super) v: Vec<f64>,
    pub(super) sorted: Vec<f64>,
    /// Per-cell probabilities of the players' strategies.
    pub(super) x: Vec<f64>,
    /// A column mean in `dpsi`.
    pub(super) mean: Vec<f64>,
}

impl Work {
    /// As [`Work::new`] leaves it (`sorted` is cleared where it is used).
    fn reset(&mut self) {
        for buffer in [
            &mut self.dg,
            &mut self.a,
            &mut self.del,
            &mut self.step,
            &mut self.backup,
            &mut self.v,
            &mut self.x,
            &mut self.mean,
        ] {
            buffer.fill(0.0);
        }
        self.fact.reset();
    }

    pub(super) fn new(n: usize, m: usize) -> Self {
        Work {
            dg: vec![0.0; m * m],
            a: vec![0.0; m * m],
            fact: Factored::new(m),
            del: vec![0.0; m],
            step: vec![0.0; m],
            backup: vec![0.0; m],
            v: vec![0.0; m],
            sorted: Vec::with_capacity(m),
            x: vec![0.0; n],
            mean: vec![0.0; m],
        }
    }
}

/// Everything a trace keeps from step to step, allocated once per solve
/// and set by [`Buffers::reset`] at each trace's start to what fresh
/// buffers would hold (zeros), so that every trace of a solve runs as if
/// on its own buffers.
pub(super) struct Buffers {
    pub(super) work: Work,
    /// The ray, normalised and scaled.
    pub(super) g: Vec<f64>,
    /// The point on the path, its retraction and the payoffs with bonus.
    pub(super) z: Vec<f64>,
    pub(super) sigma: Vec<f64>,
    pub(super) v: Vec<f64>,
    /// The Euler direction, the change of the payoffs along it, its
    /// retraction, and the second-order term.
    pub(super) dz: Vec<f64>,
    pub(super) dv: Vec<f64>,
    pub(super) rdz: Vec<f64>,
    pub(super) bent: Vec<f64>,
    /// `lambda g`, a retraction's scratch, and the zero ray (Newton at an
    /// equilibrium).
    pub(super) pert: Vec<f64>,
    pub(super) y: Vec<f64>,
    pub(super) zero: Vec<f64>,
    pub(super) support: Vec<bool>,
    /// Each player's reference strategy in the support.
    pub(super) best: Vec<usize>,
    pub(super) turn: Turn,
    pub(super) saved: Saved,
    pub(super) entered: Entered,
    /// The entries of this cell and the one before, and buffers for more.
    pub(super) current: Option<Checkpoint>,
    pub(super) previous: Option<Checkpoint>,
    pub(super) spare: Vec<Checkpoint>,
}

impl Buffers {
    /// Buffers for a game of `n` players and `m` strategies.
    pub(super) fn new(n: usize, m: usize) -> Self {
        Buffers {
            work: Work::new(n, m),
            g: vec![0.0; m],
            z: vec![0.0; m],
            sigma: vec![0.0; m],
            v: vec![0.0; m],
            dz: vec![0.0; m],
            dv: vec![0.0; m],
            rdz: vec![0.0; m],
            bent: vec![0.0; m],
            pert: vec![0.0; m],
            y: vec![0.0; m],
            zero: vec![0.0; m],
            support: vec![false; m],
            best: vec![0; n],
            turn: Turn::new(m),
            saved: Saved::new(m),
            entered: Entered::new(m),
            current: None,
            previous: None,
            spare: Vec::new(),
        }
    }

    /// Back to the state [`Buffers::new`] gives, keeping the allocations
    /// (the checkpoints' among the spares).
    pub(super) fn reset(&mut self) {
        self.work.reset();
        for buffer in [
            &mut self.g,
            &mut self.z,
            &mut self.sigma,
            &mut self.v,
            &mut self.dz,
            &mut self.dv,
            &mut self.rdz,
            &mut self.bent,
            &mut self.pert,
            &mut self.y,
        ] {
            buffer.fill(0.0);
        }
        self.support.fill(false);
        self.best.fill(0);
        self.turn.reset();
        self.saved.reset();
        self.entered.truncate(0);
        self.spare.extend(self.current.take());
        self.spare.extend(self.previous.take());
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
pub(super) struct Saved {
    z: Vec<f64>,
    sigma: Vec<f64>,
    dg: Vec<f64>,
    lambda: f64,
}

impl Saved {
    pub(super) fn new(m: usize) -> Self {
        Saved {
            z: vec![0.0; m],
            sigma: vec![0.0; m],
            dg: vec![0.0; m * m],
            lambda: 0.0,
        }
    }

    fn reset(&mut self) {
        self.z.fill(0.0);
        self.sigma.fill(0.0);
        self.dg.fill(0.0);
        self.lambda = 0.0;
    }

    pub(super) fn save(&mut self, z: &[f64], sigma: &[f64], dg: &[f64], lambda: f64) {
        self.z.copy_from_slice(z);
        self.sigma.copy_from_slice(sigma);
        self.dg.copy_from_slice(dg);
        self.lambda = lambda;
    }

    /// Puts the saved state back and returns its `lambda`.
    pub(super) fn restore(&self, z: &mut [f64], sigma: &mut [f64], dg: &mut [f64]) -> f64 {
        z.copy_from_slice(&self.z);
        sigma.copy_from_slice(&self.sigma);
        dg.copy_from_slice(&self.dg);
        self.lambda
    }
}

/// Where the path entered a support, all a trace needs to go on from there:
/// when a faster stretch after it leaves the path, the trace resumes here
/// at Gambit's pace instead of starting the ray again.
pub(super) struct Checkpoint {
    pub(super) z: Vec<f64>,
    pub(super) sigma: Vec<f64>,
    /// The payoff Jacobian the cell's first step uses (computed before the
    /// crossing cleaned `sigma`, so not recomputed from it).
    pub(super) dg: Vec<f64>,
    pub(super) lambda: f64,
    pub(super) support: Vec<bool>,
    pub(super) best: Vec<usize>,
    pub(super) orientation: f64,
    pub(super) last_crossed: Option<usize>,
    pub(super) err_base: f64,
    /// How many equilibria had been met and supports entered by then.
    pub(super) equilibria: usize,
    pub(super) entered: usize,
}

impl Checkpoint {
    /// Buffers for a game of `n` players and `m` strategies, to be filled.
    pub(super) fn new(n: usize, m: usize) -> Self {
        Checkpoint {
            z: vec![0.0; m],
            sigma: vec![0.0; m],
            dg: vec![0.0; m * m],
            lambda: 0.0,
            support: vec![false; m],
            best: vec![0; n],
            orientation: 1.0,
            last_crossed: None,
            err_base: 0.0,
            equilibria: 0,
            entered: 0,
        }
    }
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
    pub(super) fn new(m: usize) -> Self {
        Entered {
            m,
            supports: Vec::new(),
            lambdas: Vec::new(),
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
        let mut e = Entered::new(3);
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
