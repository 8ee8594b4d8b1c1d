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

/// When a stage's answer is taken (see [`maximise_interior`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Accuracy {
    /// Clarabel's "almost solved" (only its reduced tolerances met: 5e-5
    /// on the gap, 1e-4 on feasibility) is taken from the first stage that
    /// reaches it: the run's masters and the bound phase's, whose prices
    /// guide pricing (the bound holds at any prices; a mechanism of theirs
    /// is certified from the tree and refused above the limit).
    Pricing,
    /// A stage that stops "almost solved" hands on to the next, and such an
    /// answer is taken only where no stage solves the program: the run's
    /// master with the bound phase's columns, whose mechanism is the one
    /// reported. On the founding crisis's mediator (grid 2, 56 bound
    /// rounds, session 26) that master stopped almost solved at the first
    /// stage (gap 6.7e-4, its mechanism's mass off by 2.5e-6 and its own
    /// deviation rows by up to 1.3e-5, a certified gain of 3.5e-6, refused)
    /// and at the second; the third solved it (gap 4.8e-8, mass off by
    /// 1.4e-10), and one more round of rows gave P(war) 0.026766 with a
    /// certified gain of 6.2e-9.
    Reported,
}

/// The optimal `x` of `p` and one price per row (the dual, non-negative), by
/// Clarabel's interior-point method, in stages of looser tolerances or
/// more regularisation until one solves it (`accuracy` says when an
/// almost-solved stage's answer is taken). `method` names the caller in
/// errors.
pub(crate) fn maximise_interior(
    method: &'static str,
    p: &LinearProgram,
    accuracy: Accuracy,
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
    let mut almost = None;
    let stages = [
        (TOLERANCE, 1e-8),
        (TOLERANCE, 1e-7),
        (LOOSE_TOLERANCE, 1e-6),
    ];
    for (tolerance, regularisation) in stages {
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
        let answer = |x: Vec<f64>, z: &[f64]| {
            let mut x = x;
            for v in &mut x[p.free..] {
                *v = v.max(0.0);
            }
            let duals: Vec<f64> = z[..m].iter().map(|v| v.max(0.0)).collect();
            (x, duals)
        };
        match solution.status {
            SolverStatus::Solved => return Ok(answer(solution.x, &solution.z)),
            SolverStatus::AlmostSolved if accuracy == Accuracy::Pricing => {
                return Ok(answer(solution.x, &solution.z))
            }
            SolverStatus::AlmostSolved => {
                let gap = (solution.obj_val - solution.obj_val_dual).abs();
                if almost.as_ref().is_none_or(|(best, _)| gap < *best) {
                    almost = Some((gap, answer(solution.x, &solution.z)));
                }
            }
            SolverStatus::DualInfeasible | SolverStatus::AlmostDualInfeasible => {
                return Err(numerical("the program is unbounded".into()))
            }
            other => last = Some((other, solution.iterations)),
        }
    }
    // No stage solved it: the almost-solved answer with the least gap.
    if let Some((_, answer)) = almost {
        return Ok(answer);
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
                .install(|| maximise_interior("test", &p, Accuracy::Pricing, &Watch::quiet()))
                .unwrap()
        };
        let one = on(1);
        assert!(
            one == on(4),
            "the solutions differ between one and four threads"
        );
    }

    /// A program written one line for its sizes (`vars free rows`), one for
    /// `b`, one for `c`, then one per row of `variable:coefficient` pairs.
    fn read_program(text: &str) -> LinearProgram {
        let mut lines = text.lines();
        let sizes: Vec<usize> = lines
            .next()
            .expect("a line of sizes")
            .split(' ')
            .map(|x| x.parse().expect("a size"))
            .collect();
        let numbers = |line: Option<&str>| -> Vec<f64> {
            line.expect("a line of numbers")
                .split(' ')
                .map(|x| x.parse().expect("a number"))
                .collect()
        };
        let rhs = numbers(lines.next());
        let objective = numbers(lines.next());
        let rows: Vec<Vec<(u32, f64)>> = lines
            .map(|line| {
                line.split(' ')
                    .filter(|e| !e.is_empty())
                    .map(|e| {
                        let (j, a) = e.split_once(':').expect("variable:coefficient");
                        (
                            j.parse().expect("a variable"),
                            a.parse().expect("a coefficient"),
                        )
                    })
                    .collect()
            })
            .collect();
        assert_eq!(
            (rows.len(), rhs.len(), objective.len()),
            (sizes[2], sizes[2], sizes[0])
        );
        LinearProgram {
            vars: sizes[0],
            free: sizes[1],
            rows,
            rhs,
            objective,
        }
    }

    /// The duality gap `b z - c x` and the prices' largest infeasibility in
    /// the dual (`A^T z = c` on the free variables, `>= c` on the others).
    fn gap_and_infeasibility(p: &LinearProgram, x: &[f64], z: &[f64]) -> (f64, f64) {
        let mut aty = vec![0.0; p.vars];
        for (row, &zi) in p.rows.iter().zip(z) {
            for &(j, a) in row {
                aty[j as usize] += a * zi;
            }
        }
        let infeasible = aty
            .iter()
            .zip(&p.objective)
            .enumerate()
            .map(|(j, (s, c))| {
                if j < p.free {
                    (s - c).abs()
                } else {
                    (c - s).max(0.0)
                }
            })
            .fold(0.0, f64::max);
        let bz: f64 = p.rhs.iter().zip(z).map(|(b, z)| b * z).sum();
        let cx: f64 = p.objective.iter().zip(x).map(|(c, x)| c * x).sum();
        (bz - cx, infeasible)
    }

    /// On a founding-crisis master where Clarabel's first stage stops
    /// almost solved, `Pricing` takes that answer (gap 1.0e-7) and
    /// `Reported` the next stage's, which solves it (gap 6.1e-10).
    #[test]
    fn a_reported_answer_comes_from_a_stage_that_solves_the_program() {
        let p = read_program(include_str!(
            "../../../../testdata/fixtures/mediator/founding_crisis_master_9.lp"
        ));
        let gap = |accuracy| {
            let (x, z) = maximise_interior("test", &p, accuracy, &Watch::quiet()).unwrap();
            let (gap, infeasible) = gap_and_infeasibility(&p, &x, &z);
            assert!(
                infeasible < 1e-10,
                "{accuracy:?}: the prices are {infeasible:e} infeasible"
            );
            gap.abs()
        };
        let (pricing, reported) = (gap(Accuracy::Pricing), gap(Accuracy::Reported));
        assert!(
            pricing > 1e-8,
            "the first stage solved it (gap {pricing:e})"
        );
        assert!(
            reported < 1e-8,
            "the reported answer has a gap of {reported:e}"
        );
    }
}
