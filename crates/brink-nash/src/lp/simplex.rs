//! The zero-sum linear program on a sequence-form-shaped game, by the simplex
//! method (Dantzig's entering rule, lexicographic ratio test: no cycling).
//!
//! A strategic game is the special case where each player has one
//! information set holding all their strategies. With `A'` player 1's payoffs
//! shifted positive (by `c` per unit of terminal chance weight), player 1
//! solves (von Stengel 1996)
//!
//! ```text
//!   maximise q_0  subject to  F^T q - A'^T x <= 0,  E x <= e,  x, q >= 0,
//! ```
//!
//! where `q` are player 2's information-set values. The relaxations `q >= 0`
//! and `E x <= e` lose nothing because the shifted payoffs are positive. The
//! starting slack basis is feasible, and the optimal tableau holds player 2's
//! plan as the duals of the first block of constraints.

use crate::lcp::tableau::{FromRationalRow, Tableau};
use brink_game::{Cancelled, Field, Rational, SolveError, Watch};
use num_bigint::BigInt;
use num_traits::{One, Zero};

/// A two-player zero-sum game in sequence-form shape.
pub(crate) struct ZeroSumForm {
    /// Sequences of each player (index 0: the empty sequence).
    pub ns: [usize; 2],
    /// Constraint rows of each player (row 0: the empty sequence).
    pub rows: [usize; 2],
    /// Sparse constraint matrices `E`, `F` as `(row, sequence, coefficient)`.
    pub constraints: [Vec<(usize, usize, i32)>; 2],
    /// Player 1's payoff entries `(s, t, payoff, terminal weight)`.
    pub payoffs: Vec<(usize, usize, Rational, Rational)>,
    /// The shift: every terminal payoff of player 1 plus it is positive, and
    /// so is every partial sum below any node.
    pub shift: Rational,
}

/// The optimal plans and player 1's value.
pub(crate) struct ZeroSumSolution<T> {
    /// Player 1's plan.
    pub x: Vec<T>,
    /// Player 2's plan.
    pub y: Vec<T>,
    /// Player 1's equilibrium payoff.
    pub value: T,
}

/// Column layout of the program's tableau.
struct Layout {
    ns1: usize,
    ns2: usize,
    m: usize,
    slack0: usize,
    z: usize,
}

/// The starting tableau: rows for the constraints, then the objective row.
fn build<E: FromRationalRow>(form: &ZeroSumForm) -> (Layout, Tableau<E>) {
    let [ns1, ns2] = form.ns;
    let [ni1, ni2] = form.rows;
    let m = ns2 + ni1;
    // Columns: x, q, slacks, the objective z, the right-hand side.
    let slack0 = ns1 + ni2;
    let z = slack0 + m;
    let width = z + 2;
    let zero = <Rational as Zero>::zero;
    let mut rows = vec![vec![zero(); width]; m + 1];
    for &(s, t, ref payoff, ref weight) in &form.payoffs {
        rows[t][s] = -(payoff + &form.shift * weight);
    }
    for &(r, t, c) in &form.constraints[1] {
        rows[t][ns1 + r] += Rational::from_integer(c.into());
    }
    for &(r, s, c) in &form.constraints[0] {
        rows[ns2 + r][s] += Rational::from_integer(c.into());
    }
    rows[ns2][width - 1] = <Rational as One>::one();
    for (i, row) in rows.iter_mut().enumerate().take(m) {
        row[slack0 + i] = <Rational as One>::one();
    }
    rows[m][ns1] = -<Rational as One>::one();
    rows[m][z] = <Rational as One>::one();
    let cells: Vec<Vec<E>> = rows.iter().map(|r| E::from_row(r)).collect();
    let mut basis: Vec<usize> = (slack0..slack0 + m).collect();
    basis.push(z);
    let mut tab = Tableau::new(cells, basis);
    tab.lex_columns.pop();
    (
        Layout {
            ns1,
            ns2,
            m,
            slack0,
            z,
        },
        tab,
    )
}

/// Runs the simplex method from a feasible basis to an optimal one.
fn optimise<E: FromRationalRow>(
    l: &Layout,
    tab: &mut Tableau<E>,
    watch: &Watch,
) -> Result<(), SolveError> {
    run_simplex("lp", l.m, l.z, tab, watch)
}

/// The simplex method on a tableau whose rows `0..m` are constraints with a
/// feasible basis and whose row `m` is the objective, `z` basic in it.
/// Stops with [`SolveError::Cancelled`] within one pivot of `watch` being
/// cancelled: the pricing scan alone reads a whole row, so the check costs
/// nothing beside it.
fn run_simplex<E: FromRationalRow>(
    method: &'static str,
    m: usize,
    z: usize,
    tab: &mut Tableau<E>,
    watch: &Watch,
) -> Result<(), SolveError> {
    loop {
        watch.check()?;
        // Dantzig: the most negative reduced cost (all share the row's denominator).
        let denominator = tab.get(m, z).clone();
        let mut entering: Option<usize> = None;
        for j in 0..z {
            let d = tab.get(m, j);
            if d.signum() < 0
                && entering.is_none_or(|e| {
                    E::cmp_ratio(d, &denominator, tab.get(m, e), &denominator).is_lt()
                })
            {
                entering = Some(j);
            }
        }
        let Some(col) = entering else { return Ok(()) };
        let Some(row) = tab.leaving_row(col, 0..m) else {
            return Err(SolveError::Numerical {
                method,
                reason: "the linear program is unbounded".into(),
            });
        };
        tab.check_pivot(method, row, col)?;
        tab.pivot(row, col);
    }
}

fn extract<E: FromRationalRow>(
    form: &ZeroSumForm,
    l: &Layout,
    tab: &Tableau<E>,
) -> ZeroSumSolution<E::Out> {
    let x: Vec<E::Out> = (0..l.ns1).map(|s| tab.value(s)).collect();
    let y: Vec<E::Out> = (0..l.ns2)
        .map(|t| E::quotient(tab.get(l.m, l.slack0 + t), tab.get(l.m, l.z)))
        .collect();
    let value = tab.value(l.ns1) - <E::Out as Field>::from_rational(&form.shift);
    ZeroSumSolution { x, y, value }
}

/// Solves the program of the module docs.
pub(crate) fn solve<E: FromRationalRow>(
    form: &ZeroSumForm,
    watch: &Watch,
) -> Result<ZeroSumSolution<E::Out>, SolveError> {
    let (layout, mut tab) = build::<E>(form);
    optimise(&layout, &mut tab, watch)?;
    Ok(extract(form, &layout, &tab))
}

/// Solves the program exactly, starting from the basis a floating-point run
/// ends at: the exact tableau is pivoted straight into that basis (one pivot
/// per basic variable, no wasted steps with big numbers) and, if it is
/// feasible there, the exact simplex method continues from it, so the answer
/// is proved optimal in exact arithmetic whatever rounding did. If the
/// floating-point basis is singular or infeasible in exact arithmetic, the
/// exact method starts over from the slack basis.
pub(crate) fn solve_exact(
    form: &ZeroSumForm,
    watch: &Watch,
) -> Result<ZeroSumSolution<Rational>, SolveError> {
    let (layout, mut float) = build::<f64>(form);
    let (_, mut tab) = build::<BigInt>(form);
    // A cancelled float run must stop the solve, not send it to the exact
    // run from scratch.
    let warm = optimise(&layout, &mut float, watch);
    watch.check()?;
    if warm.is_ok() && enter_basis(&float.basis[..layout.m], &mut tab, watch)? {
        optimise(&layout, &mut tab, watch)?;
        return Ok(extract(form, &layout, &tab));
    }
    let (_, mut tab) = build::<BigInt>(form);
    optimise(&layout, &mut tab, watch)?;
    Ok(extract(form, &layout, &tab))
}

/// Pivots the exact tableau straight into the basis `target` of its rows
/// (one pivot per basic variable) and says whether the basis it reached is
/// feasible, so that the exact simplex method may continue from it.
fn enter_basis(
    target: &[usize],
    tab: &mut Tableau<BigInt>,
    watch: &Watch,
) -> Result<bool, Cancelled> {
    let m = target.len();
    let wanted: std::collections::HashSet<usize> = target.iter().copied().collect();
    for &var in target {
        watch.check()?;
        if tab.row_of[var].is_some() {
            continue;
        }
        // Any row whose basic variable is not wanted and that has a
        // nonzero in this column will do.
        let row = (0..m).find(|&i| !wanted.contains(&tab.basis[i]) && !tab.get(i, var).is_zero());
        match row {
            Some(i) => tab.pivot(i, var),
            None => break,
        }
    }
    let rhs = tab.rhs();
    Ok((0..m).all(|i| tab.get(i, rhs).sign() != num_bigint::Sign::Minus))
}

/// A linear program `maximise c x subject to A x <= b, x >= 0` with `b >= 0`,
/// so that the slack basis is feasible and no first phase is needed.
pub(crate) struct Packing {
    /// Number of variables.
    pub vars: usize,
    /// The sparse rows of `A`, each by increasing column.
    pub rows: Vec<Vec<(u32, Rational)>>,
    /// `b`, one entry per row, none negative.
    pub rhs: Vec<Rational>,
    /// `c`, one entry per variable.
    pub objective: Vec<Rational>,
}

/// The tableau of a [`Packing`]: columns `x`, the slacks, the objective `z`
/// and the right-hand side; the objective row last.
fn build_packing<E: FromRationalRow>(p: &Packing) -> Tableau<E> {
    let (n, m) = (p.vars, p.rows.len());
    let z = n + m;
    let mut rows: Vec<Vec<(u32, E)>> = p
        .rows
        .iter()
        .zip(&p.rhs)
        .enumerate()
        .map(|(i, (row, b))| {
            let mut r = row.clone();
            r.push(((n + i) as u32, <Rational as One>::one()));
            r.push(((z + 1) as u32, b.clone()));
            E::from_sparse_row(&r)
        })
        .collect();
    let mut objective: Vec<(u32, Rational)> = p
        .objective
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.is_zero())
        .map(|(j, c)| (j as u32, -c))
        .collect();
    objective.push((z as u32, <Rational as One>::one()));
    rows.push(E::from_sparse_row(&objective));
    let mut tab = Tableau::from_sparse(rows, z + 2, (n..=z).collect());
    tab.lex_columns.pop();
    // Packings are degenerate (the mediator's and the correlated
    // equilibrium's have many zero right-hand sides).
    tab.stable_ties = true;
    tab
}

/// The optimal dual prices of a [`Packing`]'s rows, read from the optimal
/// tableau's objective row at the slack columns, and that tableau, from
/// which [`PackingSolution::primal`] reads `x` for the callers that certify
/// a float optimum (the exact ones never need it).
pub(crate) struct PackingSolution<E: FromRationalRow> {
    /// One price per row.
    pub duals: Vec<E::Out>,
    vars: usize,
    tab: Tableau<E>,
}

impl<E: FromRationalRow> PackingSolution<E> {
    fn new(p: &Packing, tab: Tableau<E>) -> PackingSolution<E> {
        let (n, m) = (p.vars, p.rows.len());
        let z = n + m;
        PackingSolution {
            duals: (0..m)
                .map(|i| E::quotient(tab.get(m, n + i), tab.get(m, z)))
                .collect(),
            vars: n,
            tab,
        }
    }

    /// The packing's own variables `x` at the basis the method ended at.
    pub fn primal(&self) -> Vec<E::Out> {
        (0..self.vars).map(|j| self.tab.value(j)).collect()
    }
}

/// The optimal dual prices of a [`Packing`] by the simplex method from the
/// slack basis; `method` names the caller in errors.
pub(crate) fn maximise<E: FromRationalRow>(
    method: &'static str,
    p: &Packing,
    watch: &Watch,
) -> Result<PackingSolution<E>, SolveError> {
    let mut tab = build_packing::<E>(p);
    let (m, z) = (p.rows.len(), p.vars + p.rows.len());
    run_simplex(method, m, z, &mut tab, watch)?;
    Ok(PackingSolution::new(p, tab))
}

/// [`maximise`] in exact arithmetic, warm-started from the basis the
/// floating-point method ends at, as [`solve_exact`] is: the exact method
/// proves that basis optimal (or moves on from it) whatever rounding did.
pub(crate) fn maximise_exact(
    method: &'static str,
    p: &Packing,
    watch: &Watch,
) -> Result<PackingSolution<BigInt>, SolveError> {
    let (m, z) = (p.rows.len(), p.vars + p.rows.len());
    let mut float = build_packing::<f64>(p);
    let mut tab = build_packing::<BigInt>(p);
    let warm = run_simplex(method, m, z, &mut float, watch);
    watch.check()?;
    if warm.is_err() || !enter_basis(&float.basis[..m], &mut tab, watch)? {
        tab = build_packing::<BigInt>(p);
    }
    run_simplex(method, m, z, &mut tab, watch)?;
    Ok(PackingSolution::new(p, tab))
}
