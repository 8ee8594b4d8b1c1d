//! Every isolated root of a square system of block-multilinear polynomials
//! in a box, each found once and certified, by interval subdivision with
//! an exclusion test and the Krawczyk operator (Krawczyk 1969; Moore 1977
//! for the uniqueness argument).
//!
//! The variables come in blocks, one per player: player `j`'s `k_j` free
//! probabilities `y_j`, its last supported strategy taking `1 - sum y_j`.
//! Each polynomial is a tensor over the blocks of the other players: one
//! axis per block, indexed by that player's supported strategies, so that
//! its value is `sum_t T[t] prod_j x_j[t_j]`. It is affine in each block
//! and so multilinear in the variables.
//!
//! On a box with centre `c` and half-widths `h`, substituting
//! `y = c + h z` re-expands a polynomial, axis by axis, into coefficients
//! of the monomials in `z`, each a product of at most one `z` per block.
//! With every `z` in `[-1, 1]` that gives at once its value at the centre,
//! its gradient there and an enclosure of each partial derivative over the
//! box (centre value plus or minus the sum of the other coefficients'
//! magnitudes, a centred form whose overestimate shrinks with the square
//! of the width). Each box is narrowed by each polynomial in turn to the
//! part where it can vanish (an inequality: be met), and dropped if there
//! is none (`narrow`: hull consistency on the polynomial's last block,
//! from its exact range there: a multilinear polynomial's extremes over a
//! box are at its corners). Narrowing took the 5x4x3 game's 629 systems
//! from 247,716 boxes to 15,894. Then the Krawczyk operator `K(X) = c - Y F(c) + (I - Y J(X))(X - c)`,
//! with `Y` an approximate inverse of `J(c)`, either lies strictly inside
//! `X` (exactly one root there: certified), misses `X` (none), or neither
//! (bisect). Arithmetic is in `f64` with every enclosure widened by a
//! margin for rounding (relative 1e-12 of the coefficients' size), not
//! with directed rounding.
//!
//! A root on the edge between two boxes would be certified by neither, so
//! the Krawczyk test runs on the box enlarged by a quarter: a root it
//! certifies may lie outside the box proper, and may so be certified from
//! two neighbours; roots are deduplicated after Newton's polish, each one
//! isolated and so a distinct point. A box still undecided at the minimum
//! width shows the system singular there (a component of roots, or a root
//! of multiplicity above one, where the Jacobian is singular). If the
//! roots there form a curve (`component`: a rank-deficient Jacobian whose
//! null direction leads to further roots) the search stops at once, as
//! it would otherwise spend its budget along the curve (nau2004 sec5:
//! 52 boxes in all instead of 553); else it goes on for at most
//! [`AFTER_SINGULAR`] more boxes. Either way its certified roots are kept
//! and the undecided part is not listed. A search that
//! runs past [`MAX_BOXES`] stops unfinished, also keeping what it certified.

mod component;
mod narrow;

use nalgebra::{DMatrix, DVector};
use narrow::narrow;

/// The most boxes examined for one system; beyond, it is left unfinished.
pub const MAX_BOXES: usize = 200_000;
/// The most boxes examined after a system shows itself singular.
pub const AFTER_SINGULAR: usize = 500;
/// Boxes narrower than this that are still undecided are left so.
const MIN_WIDTH: f64 = 1e-9;
/// The search box reaches this far beyond `[0, 1]` so that a root on the
/// simplex's boundary (a smaller support's equilibrium) is interior to it.
const REACH: f64 = 1.0 / 1024.0;
/// The Krawczyk test's enlargement of a box (see the module docs).
const INFLATE: f64 = 1.25;
/// Boxes wider than this (half-width) go straight to bisection: the
/// Krawczyk test seldom decides them and costs a matrix inversion.
const KRAWCZYK_WIDTH: f64 = 0.07;

/// A block-multilinear polynomial: a tensor over some blocks.
pub(crate) struct Poly {
    /// The blocks of its axes, in order (the last axis varies fastest).
    pub blocks: Vec<usize>,
    /// Coefficients, one per combination of the blocks' supported
    /// strategies (a block of `k` variables has `k + 1` of them).
    pub coef: Vec<f64>,
}

impl Poly {
    /// The rounding margin: a relative 1e-12 of the coefficients' size,
    /// far above the error of the few operations a re-expansion takes.
    fn margin(&self) -> f64 {
        1e-12 * self.coef.iter().map(|c| c.abs()).sum::<f64>() + f64::MIN_POSITIVE
    }
}

/// A square system: equations `= 0` and inequalities `<= 0`.
pub(crate) struct System {
    /// The number of variables of each block.
    pub sizes: Vec<usize>,
    /// As many equations as variables.
    pub eqs: Vec<Poly>,
    /// Conditions every root of interest meets (used only to drop boxes).
    pub ineqs: Vec<Poly>,
}

/// What the subdivision found.
pub(crate) struct Roots {
    /// The certified roots, polished, each once.
    pub roots: Vec<Vec<f64>>,
    /// A box stayed undecided at the minimum width, or an equation
    /// vanishes: roots that are not isolated (or not simple) exist or may.
    pub singular: bool,
    /// The search stopped at its box budget with boxes left to examine.
    pub unfinished: bool,
    /// Boxes examined.
    pub boxes: usize,
}

/// Buffers [`localize`] reuses from box to box; after a call, `grad`
/// holds, per variable of the polynomial (global index), the derivative at
/// the centre and the radius of its enclosure over the box, in `y` units.
#[derive(Default)]
struct Work {
    t: Vec<f64>,
    a: Vec<f64>,
    dims: Vec<usize>,
    mid: Vec<f64>,
    rad: Vec<f64>,
    base: Vec<usize>,
    index: Vec<usize>,
    grad: Vec<(usize, f64, f64)>,
}

impl System {
    fn dim(&self) -> usize {
        self.sizes.iter().sum()
    }

    fn offsets(&self) -> Vec<usize> {
        self.sizes
            .iter()
            .scan(0, |acc, &k| {
                let o = *acc;
                *acc += k;
                Some(o)
            })
            .collect()
    }
}

/// Re-expands `p` at centre `c` with half-widths `h` (global indexing):
/// its value at the centre and the radius of an enclosure of its range
/// over the box (margin included); the derivatives are left in `w.grad`.
fn localize(
    p: &Poly,
    offsets: &[usize],
    sizes: &[usize],
    c: &[f64],
    h: &[f64],
    w: &mut Work,
) -> (f64, f64) {
    let Work {
        t,
        a,
        dims,
        mid,
        rad,
        base,
        index,
        grad,
    } = w;
    t.clear();
    t.extend_from_slice(&p.coef);
    dims.clear();
    dims.extend(p.blocks.iter().map(|&b| sizes[b] + 1));
    let mut stride = t.len();
    for (axis, &b) in p.blocks.iter().enumerate() {
        let d = dims[axis];
        let outer_len = stride;
        stride /= d;
        let k = d - 1;
        let (cb, hb) = (
            &c[offsets[b]..offsets[b] + k],
            &h[offsets[b]..offsets[b] + k],
        );
        for outer in (0..t.len()).step_by(outer_len) {
            for inner in 0..stride {
                let at = outer + inner;
                a.clear();
                a.extend((0..d).map(|i| t[at + i * stride]));
                let last = a[k];
                let mut constant = last;
                for v in 0..k {
                    let diff = a[v] - last;
                    constant += diff * cb[v];
                    t[at + (v + 1) * stride] = diff * hb[v];
                }
                t[at] = constant;
            }
        }
    }
    // Read off the centre value, the range and the derivatives.
    let nvars: usize = p.blocks.iter().map(|&b| sizes[b]).sum();
    mid.clear();
    mid.resize(nvars, 0.0);
    rad.clear();
    rad.resize(nvars, 0.0);
    base.clear();
    let mut acc = 0;
    for &b in &p.blocks {
        base.push(acc);
        acc += sizes[b];
    }
    index.clear();
    index.resize(dims.len(), 0);
    let mut radius = 0.0;
    let value = t[0];
    for (flat, &coef) in t.iter().enumerate() {
        if flat > 0 {
            let m = coef.abs();
            radius += m;
            let nonzero = index.iter().filter(|&&i| i != 0).count();
            for (axis, &i) in index.iter().enumerate() {
                if i != 0 {
                    let var = base[axis] + i - 1;
                    if nonzero == 1 {
                        mid[var] = coef;
                    } else {
                        rad[var] += m;
                    }
                }
            }
        }
        // Next multi-index, last axis fastest.
        for axis in (0..dims.len()).rev() {
            index[axis] += 1;
            if index[axis] < dims[axis] {
                break;
            }
            index[axis] = 0;
        }
    }
    let margin = p.margin();
    grad.clear();
    for (axis, &b) in p.blocks.iter().enumerate() {
        for v in 0..sizes[b] {
            let var = offsets[b] + v;
            let width = h[var];
            let local = base[axis] + v;
            grad.push((var, mid[local] / width, (rad[local] + margin) / width));
        }
    }
    (value, radius + margin)
}

/// Most variables whose corners [`range`] enumerates.
const MAX_CORNER_VARS: usize = 10;

/// An enclosure of `p`'s range over the box `lo..hi`, rounding margin
/// included. A multilinear polynomial
/// takes its extremes over a box at corners (its Bernstein coefficients of
/// degree one in each variable are its corner values), so up to
/// [`MAX_CORNER_VARS`] variables outside its last block the range is
/// exact, from every corner of the other blocks, contracted axis by axis,
/// and the extremes over the last block in closed form; beyond, the
/// centred form of [`localize`].
fn range(
    p: &Poly,
    offsets: &[usize],
    sizes: &[usize],
    lo: &[f64],
    hi: &[f64],
    scratch: &mut Vec<Vec<f64>>,
) -> (f64, f64) {
    // The last block's extremes come in closed form (see
    // [`last_block_tensors`]): only the others' corners are enumerated.
    let searched = &p.blocks[..p.blocks.len().saturating_sub(1)];
    let vars: usize = searched.iter().map(|&b| sizes[b]).sum();
    let widest = searched.iter().map(|&b| sizes[b]).max().unwrap_or(0);
    if vars > MAX_CORNER_VARS || widest >= 16 {
        let c: Vec<f64> = lo.iter().zip(hi).map(|(a, b)| 0.5 * (a + b)).collect();
        let h: Vec<f64> = lo.iter().zip(hi).map(|(a, b)| 0.5 * (b - a)).collect();
        let (value, radius) = localize(p, offsets, sizes, &c, &h, &mut Work::default());
        return (value - radius, value + radius);
    }
    // Depth first over the axes, one corner of each block at a time.
    let margin = p.margin();
    fit_scratch(p, sizes, scratch);
    let mut acc = (f64::INFINITY, f64::NEG_INFINITY);
    let axes = Axes {
        blocks: &p.blocks,
        offsets,
        sizes,
        lo,
        hi,
    };
    let (lb, hb): (&[f64], &[f64]) = match p.blocks.last() {
        Some(&b) => (
            &lo[offsets[b]..offsets[b] + sizes[b]],
            &hi[offsets[b]..offsets[b] + sizes[b]],
        ),
        None => (&[], &[]),
    };
    last_block_tensors(&axes, 0, &p.coef, scratch, &mut |t| {
        let (min, max) = affine_extremes(t, lb, hb);
        acc = (acc.0.min(min - margin), acc.1.max(max + margin));
        false
    });
    acc
}

/// The least and greatest value over the box `lb..hb` of the affine
/// function `t[k] + sum_v (t[v] - t[k]) y_v` of the last block (see
/// [`last_block_tensors`]): read off each slope's sign, not searched over
/// the block's corners.
fn affine_extremes(t: &[f64], lb: &[f64], hb: &[f64]) -> (f64, f64) {
    let base = t[lb.len()];
    let (mut min, mut max) = (base, base);
    for ((&tv, &l), &h) in t.iter().zip(lb).zip(hb) {
        let slope = tv - base;
        let (a, b) = (slope * l, slope * h);
        min += a.min(b);
        max += a.max(b);
    }
    (min, max)
}

/// Sizes `scratch` for [`last_block_tensors`] on `p`: `scratch[a]` holds
/// the tensor contracted over the first `a + 1` axes.
fn fit_scratch(p: &Poly, sizes: &[usize], scratch: &mut Vec<Vec<f64>>) {
    scratch.resize_with(p.blocks.len(), Vec::new);
    let mut len = p.coef.len();
    for (buf, &b) in scratch.iter_mut().zip(&p.blocks) {
        len /= sizes[b] + 1;
        buf.clear();
        buf.resize(len, 0.0);
    }
}

/// The blocks of a polynomial's axes and the box, for [`last_block_tensors`].
struct Axes<'a> {
    blocks: &'a [usize],
    offsets: &'a [usize],
    sizes: &'a [usize],
    lo: &'a [f64],
    hi: &'a [f64],
}

/// Calls `visit` with the tensor over the last axis (the polynomial as an
/// affine function of the last block, `t[k] + sum_v (t[v] - t[k]) y_v`)
/// at every corner of the blocks of the axes from `depth` on but the last
/// (see [`range`]), `t` the tensor over those axes, until it returns true;
/// returns whether it did. A polynomial without blocks is visited once.
fn last_block_tensors(
    axes: &Axes,
    depth: usize,
    t: &[f64],
    bufs: &mut [Vec<f64>],
    visit: &mut dyn FnMut(&[f64]) -> bool,
) -> bool {
    if depth + 1 >= axes.blocks.len() {
        return visit(t);
    }
    let b = axes.blocks[depth];
    let k = axes.sizes[b];
    let (lb, hb) = (
        &axes.lo[axes.offsets[b]..axes.offsets[b] + k],
        &axes.hi[axes.offsets[b]..axes.offsets[b] + k],
    );
    let d = k + 1;
    let (head, tail) = bufs.split_at_mut(1);
    let out = &mut head[0];
    let stride = out.len();
    let mut corner = [0.0f64; 16];
    for mask in 0..1usize << k {
        let mut rest = 1.0;
        for v in 0..k {
            corner[v] = if mask >> v & 1 == 1 { hb[v] } else { lb[v] };
            rest -= corner[v];
        }
        corner[k] = rest;
        out.iter_mut().for_each(|o| *o = 0.0);
        for (i, w) in corner[..d].iter().enumerate() {
            for (o, a) in out.iter_mut().zip(&t[i * stride..(i + 1) * stride]) {
                *o += w * a;
            }
        }
        if last_block_tensors(axes, depth + 1, out, tail, visit) {
            return true;
        }
    }
    false
}

/// Every isolated root of `sys` with each block in the simplex (give or
/// take [`REACH`]), certified; `check` is called every few hundred boxes
/// and may stop the search.
pub(crate) fn solve<E>(sys: &System, mut check: impl FnMut() -> Result<(), E>) -> Result<Roots, E> {
    let n = sys.dim();
    if n == 0 {
        // No variables: a point, a root if every constant equation is zero.
        let ok = sys.eqs.iter().all(|p| p.coef[0] == 0.0);
        return Ok(Roots {
            roots: if ok { vec![vec![]] } else { vec![] },
            singular: false,
            unfinished: false,
            boxes: 0,
        });
    }
    // An equation that vanishes identically leaves fewer equations than
    // unknowns: any roots form a component, none isolated.
    if sys.eqs.iter().any(|p| p.coef.iter().all(|&c| c == 0.0)) {
        return Ok(Roots {
            roots: vec![],
            singular: true,
            unfinished: false,
            boxes: 0,
        });
    }
    let offsets = sys.offsets();
    let mut stack = vec![(vec![-REACH; n], vec![1.0 + REACH; n])];
    let mut roots: Vec<Vec<f64>> = Vec::new();
    let (mut singular, mut unfinished) = (false, false);
    let mut budget = MAX_BOXES;
    let mut boxes = 0;
    // Boxes each certified to hold exactly one root, already in `roots`.
    let mut regions: Vec<(Vec<f64>, Vec<f64>)> = Vec::new();
    let mut scratch: Vec<Vec<f64>> = Vec::new();
    let mut work = Work::default();
    let mut reach = Vec::new();
    while let Some((lo, hi)) = stack.pop() {
        boxes += 1;
        if boxes % 256 == 0 {
            check()?;
        }
        if boxes > budget {
            unfinished = !singular;
            break;
        }
        let (mut lo, mut hi) = (lo, hi);
        if !cut_to_simplex(&sys.sizes, &offsets, &lo, &mut hi) {
            continue;
        }
        // Every root of the box lies in the box narrowed by each
        // polynomial in turn; a polynomial that cannot vanish there (an
        // inequality that cannot be met) drops it.
        let equations = sys.eqs.iter().map(|p| (p, true));
        let inequalities = sys.ineqs.iter().map(|p| (p, false));
        let kept = equations.chain(inequalities).all(|(p, equation)| {
            narrow(
                p,
                equation,
                &offsets,
                &sys.sizes,
                &mut lo,
                &mut hi,
                &mut scratch,
                &mut reach,
            )
        }) && cut_to_simplex(&sys.sizes, &offsets, &lo, &mut hi);
        if !kept {
            continue;
        }
        let c: Vec<f64> = lo.iter().zip(&hi).map(|(a, b)| 0.5 * (a + b)).collect();
        let h: Vec<f64> = lo.iter().zip(&hi).map(|(a, b)| 0.5 * (b - a)).collect();
        // Inside a region already certified to hold one root (found).
        if regions
            .iter()
            .any(|(rl, rh)| (0..n).all(|i| rl[i] <= lo[i] && hi[i] <= rh[i]))
        {
            continue;
        }
        let test = if h.iter().any(|&w| w > KRAWCZYK_WIDTH) {
            Test::Unknown
        } else {
            krawczyk(sys, &offsets, &c, &h, &mut work)
        };
        match test {
            Test::Unique(start) => {
                if let Some(y) = newton(sys, &offsets, start, 60, &mut work) {
                    if !roots.iter().any(|r| distance(r, &y) < 1e-9) {
                        roots.push(y);
                    }
                }
                let hk: Vec<f64> = h.iter().map(|w| w * INFLATE).collect();
                regions.push(corners(&c, &hk));
                continue;
            }
            Test::Empty => continue,
            Test::Contract(klo, khi) => {
                // Every root in the box lies in K: keep the intersection
                // if it is markedly smaller, else fall through to bisect.
                let nlo: Vec<f64> = lo.iter().zip(&klo).map(|(a, b)| a.max(*b)).collect();
                let nhi: Vec<f64> = hi.iter().zip(&khi).map(|(a, b)| a.min(*b)).collect();
                if nlo.iter().zip(&nhi).any(|(a, b)| a > b) {
                    continue;
                }
                let shrunk = (0..n).any(|i| nhi[i] - nlo[i] < 0.7 * (hi[i] - lo[i]));
                if shrunk {
                    stack.push((nlo, nhi));
                    continue;
                }
            }
            Test::Unknown => {}
        }
        let (widest, width) = h
            .iter()
            .enumerate()
            .fold((0, 0.0), |m, (i, &w)| if w > m.1 { (i, w) } else { m });
        if 2.0 * width < MIN_WIDTH {
            if !singular {
                singular = true;
                if component::on_component(sys, &offsets, &c, &mut work) {
                    // A curve of roots passes here: the search would
                    // spend the rest of its budget along it.
                    break;
                }
                budget = budget.min(boxes + AFTER_SINGULAR);
            }
            continue;
        }
        let split = c[widest];
        let mut upper_lo = lo.clone();
        upper_lo[widest] = split;
        let mut lower_hi = hi.clone();
        lower_hi[widest] = split;
        stack.push((upper_lo, hi));
        stack.push((lo, lower_hi));
    }
    Ok(Roots {
        roots,
        singular,
        unfinished,
        boxes,
    })
}

/// Cuts the box `lo..hi` down to where each block's last probability
/// is at least `-REACH` (only such roots matter); false if nothing is left.
fn cut_to_simplex(sizes: &[usize], offsets: &[usize], lo: &[f64], hi: &mut [f64]) -> bool {
    for (b, &k) in sizes.iter().enumerate() {
        let block = offsets[b]..offsets[b] + k;
        let s: f64 = lo[block.clone()].iter().sum();
        for v in block {
            hi[v] = hi[v].min(1.0 + REACH - (s - lo[v]));
            if hi[v] < lo[v] {
                return false;
            }
        }
    }
    true
}

enum Test {
    /// Exactly one root in the enlarged box; a point near it.
    Unique(Vec<f64>),
    /// No root in the box.
    Empty,
    /// Every root of the box lies in this box (lower and upper corners).
    Contract(Vec<f64>, Vec<f64>),
    Unknown,
}

/// The Krawczyk test on the box `c ± h` enlarged by [`INFLATE`].
fn krawczyk(sys: &System, offsets: &[usize], c: &[f64], h: &[f64], w: &mut Work) -> Test {
    let n = c.len();
    let hk: Vec<f64> = h.iter().map(|w| w * INFLATE).collect();
    let mut f = DVector::<f64>::zeros(n);
    let mut fmargin = vec![0.0; n];
    let mut jm = DMatrix::<f64>::zeros(n, n);
    let mut jr = DMatrix::<f64>::zeros(n, n);
    for (row, p) in sys.eqs.iter().enumerate() {
        let (value, _) = localize(p, offsets, &sys.sizes, c, &hk, w);
        f[row] = value;
        fmargin[row] = p.margin();
        for &(var, d, r) in &w.grad {
            jm[(row, var)] = d;
            jr[(row, var)] = r;
        }
    }
    let Some(y) = jm.clone().try_inverse() else {
        return Test::Unknown;
    };
    if y.iter().any(|v| !v.is_finite()) {
        return Test::Unknown;
    }
    let step = &y * &f;
    let residual = DMatrix::<f64>::identity(n, n) - &y * &jm;
    let ya = y.abs();
    let spread = residual.abs() + &ya * &jr;
    let hv = DVector::from_column_slice(&hk);
    let fm = DVector::from_column_slice(&fmargin);
    let rad = &spread * &hv + &ya * &fm;
    let mut inside = true;
    let (mut klo, mut khi) = (vec![0.0; n], vec![0.0; n]);
    for i in 0..n {
        let kmid = c[i] - step[i];
        // Widened for the rounding of the products above.
        let krad = rad[i] * (1.0 + 1e-10) + 1e-15 * (kmid.abs() + hk[i]);
        let (xlo, xhi) = (c[i] - hk[i], c[i] + hk[i]);
        if kmid + krad < xlo || kmid - krad > xhi {
            return Test::Empty;
        }
        if !(kmid - krad > xlo && kmid + krad < xhi) {
            inside = false;
        }
        klo[i] = kmid - krad;
        khi[i] = kmid + krad;
    }
    if inside {
        Test::Unique((0..n).map(|i| c[i] - step[i]).collect())
    } else {
        Test::Contract(klo, khi)
    }
}

/// Newton's method from `y`, at most `iterations` steps; the point it
/// settles at (a step below 1e-13, or below 1e-9 at the last), or `None`
/// if it does not settle.
fn newton(
    sys: &System,
    offsets: &[usize],
    mut y: Vec<f64>,
    iterations: usize,
    w: &mut Work,
) -> Option<Vec<f64>> {
    let n = y.len();
    let ones = vec![1.0; n];
    let mut last = f64::INFINITY;
    for _ in 0..iterations {
        let mut f = DVector::<f64>::zeros(n);
        let mut j = DMatrix::<f64>::zeros(n, n);
        for (row, p) in sys.eqs.iter().enumerate() {
            let (value, _) = localize(p, offsets, &sys.sizes, &y, &ones, w);
            f[row] = value;
            for &(var, d, _) in &w.grad {
                j[(row, var)] = d;
            }
        }
        let step = j.lu().solve(&f)?;
        for (v, s) in y.iter_mut().zip(step.iter()) {
            *v -= s;
        }
        if !y.iter().all(|v| v.is_finite()) || y.iter().any(|v| v.abs() > 4.0) {
            return None;
        }
        last = step.amax();
        if last < 1e-13 {
            return Some(y);
        }
    }
    // Rounding can keep the steps of an ill-conditioned system above
    // 1e-13; a point whose steps are this small is at the root as well as
    // floating point allows (its regret is checked by the caller).
    (last < 1e-9).then_some(y)
}

fn corners(c: &[f64], h: &[f64]) -> (Vec<f64>, Vec<f64>) {
    (
        c.iter().zip(h).map(|(a, b)| a - b).collect(),
        c.iter().zip(h).map(|(a, b)| a + b).collect(),
    )
}

fn distance(a: &[f64], b: &[f64]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| (x - y).abs())
        .fold(0.0, f64::max)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Two blocks of one variable each: x and y, with equations
    /// (y - 1/3) = 0 written on player 2's axis and (x - 1/2) = 0 on
    /// player 1's: the one root (1/2, 1/3).
    #[test]
    fn a_linear_system_has_its_one_root() {
        // Tensor over block 1 (y, 1 - y): value a0 y + a1 (1 - y).
        let eq1 = Poly {
            blocks: vec![1],
            coef: vec![1.0 - 1.0 / 3.0, -1.0 / 3.0],
        };
        let eq2 = Poly {
            blocks: vec![0],
            coef: vec![0.5, -0.5],
        };
        let sys = System {
            sizes: vec![1, 1],
            eqs: vec![eq1, eq2],
            ineqs: vec![],
        };
        let r = solve::<()>(&sys, || Ok(())).unwrap();
        assert!(!r.singular && !r.unfinished);
        assert_eq!(r.roots.len(), 1);
        assert!((r.roots[0][0] - 0.5).abs() < 1e-14);
        assert!((r.roots[0][1] - 1.0 / 3.0).abs() < 1e-14);
    }

    /// Three blocks of one variable, each equation the product of the other
    /// two less a constant: x y = 1/6, y z = 1/3, x z = 1/2 gives
    /// x^2 = 1/4 (x = 1/2 in the box), y = 1/3, z = 1.
    #[test]
    fn a_bilinear_system_has_its_root_in_the_box() {
        // Over blocks (a, b) with axes (v, 1 - v): coefficient of
        // v_a v_b is 1, the constant -k spread over all four corners.
        let product = |a: usize, b: usize, k: f64| Poly {
            blocks: vec![a, b],
            coef: vec![1.0 - k, -k, -k, -k],
        };
        let sys = System {
            sizes: vec![1, 1, 1],
            eqs: vec![
                product(1, 2, 1.0 / 3.0),
                product(0, 2, 0.5),
                product(0, 1, 1.0 / 6.0),
            ],
            ineqs: vec![],
        };
        let r = solve::<()>(&sys, || Ok(())).unwrap();
        assert!(!r.singular && !r.unfinished);
        assert_eq!(r.roots.len(), 1, "{:?}", r.roots);
        let x = &r.roots[0];
        assert!((x[0] - 0.5).abs() < 1e-13 && (x[1] - 1.0 / 3.0).abs() < 1e-13);
        assert!((x[2] - 1.0).abs() < 1e-13);
    }

    /// An equation that vanishes leaves a component: singular, no root.
    #[test]
    fn a_vanishing_equation_is_singular() {
        let sys = System {
            sizes: vec![1, 1],
            eqs: vec![
                Poly {
                    blocks: vec![1],
                    coef: vec![0.0, 0.0],
                },
                Poly {
                    blocks: vec![0],
                    coef: vec![0.5, -0.5],
                },
            ],
            ineqs: vec![],
        };
        let r = solve::<()>(&sys, || Ok(())).unwrap();
        assert!(r.roots.is_empty() && r.singular);
    }
}
