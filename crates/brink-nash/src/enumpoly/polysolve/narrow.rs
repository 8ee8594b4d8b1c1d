//! Narrowing a box by one polynomial (hull consistency), on the variables
//! of the polynomial's last block.
//!
//! Fix one variable `y_v` of that block at `x`: the polynomial, multilinear,
//! takes over the rest of the box every value between its least and its
//! greatest corner value, and each corner value is affine in `x`. An
//! equation can hold at `x` only if some corner value is at most zero and
//! some at least zero (an inequality `<= 0`: only the first). Each
//! condition holds on the union of two half-lines, whose hull within the
//! box bounds `y_v`. The corners of the last block's other variables come
//! in closed form, as in `range`, so the cost is that of one full range.

use super::{affine_extremes, fit_scratch, last_block_tensors, range, Axes, Poly, MAX_CORNER_VARS};

/// The narrowest a variable's interval is narrowed to.
const FLOOR: f64 = 1e-7;

/// Where, along one variable, some corner value has the sign wanted: the
/// half-lines `(-inf, up]` and `[down, inf)`, or the whole line.
#[derive(Clone, Copy)]
pub(super) struct Reach {
    up: f64,
    down: f64,
    all: bool,
}

impl Reach {
    const NONE: Reach = Reach {
        up: f64::NEG_INFINITY,
        down: f64::INFINITY,
        all: false,
    };

    /// Adds where `sign * (base + slope x) >= 0`.
    fn add(&mut self, base: f64, slope: f64, sign: f64) {
        let (b, s) = (sign * base, sign * slope);
        if s == 0.0 {
            self.all |= b >= 0.0;
        } else if s > 0.0 {
            self.down = self.down.min(-b / s);
        } else {
            self.up = self.up.max(-b / s);
        }
    }

    /// The hull of the half-lines within `[lo, hi]`, widened for the
    /// rounding of the divisions; `None` if they miss it.
    fn hull(&self, lo: f64, hi: f64) -> Option<(f64, f64)> {
        if self.all {
            return Some((lo, hi));
        }
        let widen = |x: f64| {
            if x.is_finite() {
                1e-12 * (1.0 + x.abs())
            } else {
                0.0
            }
        };
        let up = self.up + widen(self.up);
        let down = self.down - widen(self.down);
        let lower = if up >= lo { lo } else { lo.max(down) };
        let upper = if down <= hi { hi } else { hi.min(up) };
        (lower <= upper).then_some((lower, upper))
    }
}

/// Narrows the box `lo..hi` on `p`'s last block to where `p` can vanish
/// (`equation`) or be at most zero (an inequality); false if nowhere.
/// Polynomials without blocks or with too many corners to enumerate leave
/// the box as it is if their range (see `range`) allows.
#[allow(clippy::too_many_arguments)]
pub(super) fn narrow(
    p: &Poly,
    equation: bool,
    offsets: &[usize],
    sizes: &[usize],
    lo: &mut [f64],
    hi: &mut [f64],
    scratch: &mut Vec<Vec<f64>>,
    reach: &mut Vec<[Reach; 2]>,
) -> bool {
    let possible = |(min, max): (f64, f64)| min <= 0.0 && (!equation || max >= 0.0);
    let Some((&last, searched)) = p.blocks.split_last() else {
        return possible(range(p, offsets, sizes, lo, hi, scratch));
    };
    let vars: usize = searched.iter().map(|&b| sizes[b]).sum();
    if vars > MAX_CORNER_VARS || searched.iter().any(|&b| sizes[b] >= 16) {
        return possible(range(p, offsets, sizes, lo, hi, scratch));
    }
    let (k, at) = (sizes[last], offsets[last]);
    let margin = p.margin();
    reach.clear();
    reach.resize(k, [Reach::NONE; 2]);
    fit_scratch(p, sizes, scratch);
    {
        let axes = Axes {
            blocks: &p.blocks,
            offsets,
            sizes,
            lo,
            hi,
        };
        let (lb, hb) = (&lo[at..at + k], &hi[at..at + k]);
        last_block_tensors(&axes, 0, &p.coef, scratch, &mut |t| {
            let base = t[k];
            let (min, max) = affine_extremes(t, lb, hb);
            for (v, r) in reach.iter_mut().enumerate() {
                let slope = t[v] - base;
                let (a, b) = (slope * lb[v], slope * hb[v]);
                // The least (greatest) value over the block's other
                // variables, as a function of this one.
                r[0].add(min - a.min(b) - margin, slope, -1.0);
                if equation {
                    r[1].add(max - a.max(b) + margin, slope, 1.0);
                }
            }
            false
        });
    }
    for (v, r) in reach.iter().enumerate() {
        let Some((l, h)) = r[0].hull(lo[at + v], hi[at + v]) else {
            return false;
        };
        let (l, h) = if equation {
            match r[1].hull(l, h) {
                Some(x) => x,
                None => return false,
            }
        } else {
            (l, h)
        };
        // Never narrower than `FLOOR`: the Krawczyk test needs a box of
        // some width around a root to certify it.
        let (l, h) = if h - l < FLOOR {
            let mid = 0.5 * (l + h);
            (
                lo[at + v].max(mid - 0.5 * FLOOR),
                hi[at + v].min(mid + 0.5 * FLOOR),
            )
        } else {
            (l, h)
        };
        lo[at + v] = l;
        hi[at + v] = h;
    }
    true
}
