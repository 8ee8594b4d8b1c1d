//! A [`Packing`] solved by an interior-point method (Clarabel), for the
//! masters of column generation.
//!
//! Those masters are massively degenerate (most right-hand sides tie at zero
//! or one) and grow by a few rows and columns each round. The project's dense
//! tableau simplex restarts from the slack basis each round and stalls on the
//! ties: on the founding crisis's mediator, round 14's master (383 columns,
//! 846 deviation rows) was unsolved after 14 minutes. An interior-point
//! method does not see degeneracy, and its iterations are a sparse
//! factorisation each, so a master of that size takes a fraction of a second.
//! Its solution is the analytic centre of the optimal face rather than a
//! vertex: the prices column generation prices with are then central, which
//! damps the oscillation vertex prices cause, and the mechanism it returns is
//! an optimal one, certified from the tree by the caller all the same.
//!
//! Clarabel (Goulart and Chen, Oxford; pure Rust, Apache-2.0) is used rather
//! than a hand-written interior-point method: it is maintained, tested on the
//! standard LP and QP benchmark sets, and factorises its systems with faer's
//! sparse supernodal LDL (1.6x its own QDLDL on a founding-crisis master of
//! 3,175 rows, where factorisation is 84% of the time).

use brink_game::{SolveError, Watch};
use clarabel::algebra::CscMatrix;
use clarabel::solver::{
    DefaultSettingsBuilder, DefaultSolver, IPSolver, SolverStatus, SupportedConeT,
};

/// The duality gap and feasibility tolerances asked of Clarabel first: the
/// mechanism's deviation gains are recomputed from the tree and should come
/// out at rounding.
const TOLERANCE: f64 = 1e-10;

/// Clarabel's default tolerances, the fallback.
const LOOSE_TOLERANCE: f64 = 1e-8;

/// `maximise c x subject to A x <= b`, the first `free` variables free and
/// the others non-negative, in floating point.
///
/// Free variables are given as such rather than split into two signs: a
/// split variable's two halves can grow together without bound on the
/// optimal face, where an interior-point method, which heads for the face's
/// centre, loses its footing.
pub(crate) struct LinearProgram {
    /// Number of variables.
    pub vars: usize,
    /// How many of the first variables have no sign constraint.
    pub free: usize,
    /// The sparse rows of `A` (variable, coefficient).
    pub rows: Vec<Vec<(u32, f64)>>,
    /// `b`, one entry per row.
    pub rhs: Vec<f64>,
    /// `c`, one entry per variable.
    pub objective: Vec<f64>,
}

/// The optimal `x` of `p` and one price per row (the dual, non-negative), by
/// Clarabel's interior-point method. `method` names the caller in errors.
pub(crate) fn maximise_interior(
    method: &'static str,
    p: &LinearProgram,
    watch: &Watch,
) -> Result<(Vec<f64>, Vec<f64>), SolveError> {
    watch.check()?;
    let (n, m) = (p.vars, p.rows.len());
    let bounded = n - p.free;
    let numerical = |reason: String| SolveError::Numerical { method, reason };
    if p.rows.iter().flatten().any(|(_, a)| !a.is_finite())
        || p.rhs.iter().chain(&p.objective).any(|x| !x.is_finite())
    {
        return Err(numerical("a coefficient is not finite".into()));
    }
    // Clarabel takes `A x + s = b, s >= 0` by columns: the rows, then
    // `-x <= 0` for the bounded variables.
    let mut columns: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
    for (i, row) in p.rows.iter().enumerate() {
        for &(j, a) in row {
            if a != 0.0 {
                columns[j as usize].push((i, a));
            }
        }
    }
    let mut colptr = Vec::with_capacity(n + 1);
    let mut rowval: Vec<usize> = Vec::new();
    let mut nzval: Vec<f64> = Vec::new();
    colptr.push(0);
    for (j, column) in columns.iter_mut().enumerate() {
        column.sort_by_key(|e| e.0);
        for &(i, a) in column.iter() {
            // Repeated entries of one row add up.
            if rowval.len() > colptr[j] && rowval.last() == Some(&i) {
                *nzval.last_mut().expect("an entry of this column") += a;
            } else {
                rowval.push(i);
                nzval.push(a);
            }
        }
        if j >= p.free {
            rowval.push(m + j - p.free);
            nzval.push(-1.0);
        }
        colptr.push(rowval.len());
    }
    let a = CscMatrix::new(m + bounded, n, colptr, rowval, nzval);
    let mut b = p.rhs.clone();
    b.resize(m + bounded, 0.0);
    let q: Vec<f64> = p.objective.iter().map(|c| -c).collect();
    let quadratic = CscMatrix::zeros((n, n));
    let cones = [SupportedConeT::NonnegativeConeT(m + bounded)];
    // The tight tolerances first; where Clarabel's steps stall on them (a
    // master of the founding crisis's mediator stopped at a gap of 2e-4 with
    // a numerical error), more regularisation of its factorisation (which
    // solved that master to 6e-10), then its default tolerances.
    let mut last = None;
    for (tolerance, regularisation) in [
        (TOLERANCE, 1e-8),
        (TOLERANCE, 1e-7),
        (LOOSE_TOLERANCE, 1e-6),
    ] {
        let settings = DefaultSettingsBuilder::default()
            .verbose(false)
            .tol_gap_abs(tolerance)
            .tol_gap_rel(tolerance)
            .tol_feas(tolerance)
            .static_regularization_constant(regularisation)
            .direct_solve_method("faer".into())
            // faer's parallel factorisation rounds differently on different
            // numbers of threads, and the mediator's column generation, a
            // long chain of these solves, then ends elsewhere (session 21:
            // the founding crisis's masters parted at round 29 of 80 between
            // one and two threads); sequential, a run is the same everywhere.
            .max_threads(1)
            .max_iter(500)
            .build()
            .map_err(|e| numerical(format!("Clarabel's settings: {e}")))?;
        let mut solver = DefaultSolver::new(&quadratic, &q, &a, &b, &cones, settings)
            .map_err(|e| numerical(format!("Clarabel refused the program: {e}")))?;
        solver.solve();
        watch.check()?;
        let solution = solver.solution;
        match solution.status {
            SolverStatus::Solved | SolverStatus::AlmostSolved => {
                let mut x = solution.x;
                for v in &mut x[p.free..] {
                    *v = v.max(0.0);
                }
                let duals = solution.z[..m].iter().map(|v| v.max(0.0)).collect();
                return Ok((x, duals));
            }
            SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => {
                return Err(numerical("the program is unbounded".into()))
            }
            other => last = Some((other, solution.iterations)),
        }
    }
    let (status, iterations) = last.unwrap_or((SolverStatus::Unsolved, 0));
    Err(numerical(format!(
        "Clarabel stopped with status {status:?} after {iterations} iterations"
    )))
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::{Rng, SeedableRng};
    use rand_chacha::ChaCha8Rng;

    /// A random packing program with `m` rows and `n` variables, `k` entries
    /// a row: large enough that its factorisation has dense blocks, which
    /// faer splits between threads when it may.
    fn random_packing(m: usize, n: usize, k: usize, seed: u64) -> LinearProgram {
        let mut rng = ChaCha8Rng::seed_from_u64(seed);
        let rows = (0..m)
            .map(|_| {
                (0..k)
                    .map(|_| (rng.gen_range(0..n) as u32, rng.gen_range(0.1..1.0)))
                    .collect()
            })
            .collect();
        LinearProgram {
            vars: n,
            free: 0,
            rows,
            rhs: (0..m).map(|_| rng.gen_range(1.0..2.0)).collect(),
            objective: (0..n).map(|_| rng.gen_range(0.0..1.0)).collect(),
        }
    }

    /// The masters' solutions are the same to the last bit whatever the
    /// number of threads the solve may use: a column-generation run is a
    /// long chain of them, and it must end in the same place on every
    /// machine (ARCHITECTURE's invariant). With faer free to split its
    /// factorisation (`max_threads(0)`, the rayon pool's size) the two
    /// differ on this program.
    #[test]
    fn a_solve_is_the_same_on_one_thread_or_four() {
        let p = random_packing(600, 600, 40, 7);
        let on = |threads: usize| {
            rayon::ThreadPoolBuilder::new()
                .num_threads(threads)
                .build()
                .unwrap()
                .install(|| maximise_interior("test", &p, &Watch::quiet()))
                .unwrap()
        };
        let one = on(1);
        assert!(
            one == on(4),
            "the solutions differ between one and four threads"
        );
    }
}
