//! Starting values by statistical backward induction (Bas, Signorino and
//! Walker 2007): binary probit/logit fits of each player's choice, from
//! the last mover back, with the later movers' fitted probabilities
//! weighting the earlier movers' regressors.
#![allow(clippy::needless_range_loop)]

use crate::ad::{Dual2, Link, Scalar};
use crate::likelihood::Problem;
use crate::models::ModelKind;
use crate::optim::{maximize, Objective, OptimOptions};
use std::f64::consts::SQRT_2;

/// A binary-choice regression `P(y = 1) = F(x'b + offset)`.
struct BinaryGlm {
    x: Vec<f64>,
    q: usize,
    y: Vec<bool>,
    offset: Vec<f64>,
    link: Link,
}

impl BinaryGlm {
    fn eta(&self, b: &[f64], i: usize) -> f64 {
        let row = &self.x[i * self.q..(i + 1) * self.q];
        self.offset[i] + row.iter().zip(b).map(|(x, b)| x * b).sum::<f64>()
    }
    fn obs<S: Scalar>(&self, e: S, y: bool) -> S {
        if y {
            self.link.log_cdf(e)
        } else {
            self.link.log_cdf(-e)
        }
    }
}

impl Objective for BinaryGlm {
    fn value(&self, b: &[f64]) -> f64 {
        (0..self.y.len())
            .map(|i| self.obs(self.eta(b, i), self.y[i]))
            .sum()
    }
    fn value_grad_hess(&self, b: &[f64]) -> (f64, Vec<f64>, Vec<f64>) {
        let q = self.q;
        let (mut v, mut g, mut h) = (0.0, vec![0.0; q], vec![0.0; q * q]);
        for i in 0..self.y.len() {
            let l = self.obs(Dual2::<1>::var(self.eta(b, i), 0), self.y[i]);
            v += l.v;
            let row = &self.x[i * q..(i + 1) * q];
            for a in 0..q {
                g[a] += l.g[0] * row[a];
                let ha = l.h[0][0] * row[a];
                for (hv, xc) in h[a * q + a..(a + 1) * q].iter_mut().zip(&row[a..]) {
                    *hv += ha * xc;
                }
            }
        }
        for a in 0..q {
            for c in 0..a {
                h[a * q + c] = h[c * q + a];
            }
        }
        (v, g, h)
    }
}

/// One regressor group of a choice equation: block `k`'s columns times a
/// per-row weight.
struct Group {
    block: usize,
    weight: Vec<f64>,
}

/// Fits `y` on the weighted blocks for `rows`; writes `scale *`
/// coefficients into `theta` at the blocks' positions. Fixed blocks enter
/// the offset. Returns false if the fit failed.
fn fit_stage(
    pb: &Problem,
    rows: &[usize],
    y: &[bool],
    groups: &[Group],
    scale: f64,
    link: Link,
    theta: &mut [f64],
) -> bool {
    let d = &pb.design;
    let q: usize = groups.iter().map(|g| d.blocks[g.block].terms.len()).sum();
    if rows.is_empty() {
        return false;
    }
    let mut x = Vec::with_capacity(rows.len() * q);
    let mut offset = vec![0.0; rows.len()];
    for (r, &i) in rows.iter().enumerate() {
        for g in groups {
            let b = &d.blocks[g.block];
            let s = d.start[g.block];
            for j in 0..b.terms.len() {
                x.push(g.weight[i] * d.x[i * d.p + s + j]);
            }
            if let Some(v) = b.fixed {
                offset[r] += g.weight[i] * v / scale;
            }
        }
    }
    if q == 0 {
        return true;
    }
    let glm = BinaryGlm {
        x,
        q,
        y: y.to_vec(),
        offset,
        link,
    };
    let res = maximize(
        &glm,
        &vec![0.0; q],
        &OptimOptions {
            max_iter: 60,
            tol: 1e-8,
        },
    );
    if res.theta.iter().any(|c| !c.is_finite()) {
        return false;
    }
    let mut c = 0;
    for g in groups {
        let s = d.start[g.block];
        for j in 0..d.blocks[g.block].terms.len() {
            theta[s + j] = (scale * res.theta[c]).clamp(-50.0, 50.0);
            c += 1;
        }
    }
    true
}

fn probs(pb: &Problem, theta: &[f64], block: usize, link: Link, scale: f64) -> Vec<f64> {
    let mut eta = [0.0; 9];
    (0..pb.n())
        .map(|i| {
            pb.eta_row(theta, i, &mut eta);
            link.cdf_f(eta[block] / scale)
        })
        .collect()
}

/// Starting values for `pb` (zeros where a stage cannot be fitted).
pub fn sbi_start(pb: &Problem) -> Vec<f64> {
    let mut theta = vec![0.0; pb.n_params()];
    let link = pb.spec.link;
    let n = pb.n();
    let all: Vec<usize> = (0..n).collect();
    let y: Vec<u8> = pb.obs.iter().map(|o| o.y).collect();
    let ones = vec![1.0; n];
    let neg = vec![-1.0; n];
    let pick = |f: &dyn Fn(u8) -> bool| -> Vec<usize> {
        all.iter().copied().filter(|&i| f(y[i])).collect()
    };
    let resp = |rows: &[usize], f: &dyn Fn(u8) -> bool| -> Vec<bool> {
        rows.iter().map(|&i| f(y[i])).collect()
    };
    match pb.spec.kind {
        ModelKind::Egame12 => {
            let r2 = pick(&|v| v != 0);
            let y2 = resp(&r2, &|v| v == 2);
            let g2 = [Group {
                block: 3,
                weight: ones.clone(),
            }];
            fit_stage(pb, &r2, &y2, &g2, SQRT_2, link, &mut theta);
            let p4 = probs(pb, &theta, 3, link, SQRT_2);
            let p3: Vec<f64> = p4.iter().map(|p| 1.0 - p).collect();
            let y1 = resp(&all, &|v| v != 0);
            let g1 = [
                Group {
                    block: 0,
                    weight: neg,
                },
                Group {
                    block: 1,
                    weight: p3,
                },
                Group {
                    block: 2,
                    weight: p4,
                },
            ];
            fit_stage(pb, &all, &y1, &g1, SQRT_2, link, &mut theta);
        }
        ModelKind::Egame122 => {
            let rl = pick(&|v| v <= 1);
            let yl = resp(&rl, &|v| v == 1);
            fit_stage(
                pb,
                &rl,
                &yl,
                &[Group {
                    block: 4,
                    weight: ones.clone(),
                }],
                SQRT_2,
                link,
                &mut theta,
            );
            let rr = pick(&|v| v >= 2);
            let yr = resp(&rr, &|v| v == 3);
            fit_stage(
                pb,
                &rr,
                &yr,
                &[Group {
                    block: 5,
                    weight: ones.clone(),
                }],
                SQRT_2,
                link,
                &mut theta,
            );
            let p4 = probs(pb, &theta, 4, link, SQRT_2);
            let p6 = probs(pb, &theta, 5, link, SQRT_2);
            let y1 = resp(&all, &|v| v >= 2);
            let g1 = [
                Group {
                    block: 0,
                    weight: p4.iter().map(|p| p - 1.0).collect(),
                },
                Group {
                    block: 1,
                    weight: p4.iter().map(|p| -p).collect(),
                },
                Group {
                    block: 2,
                    weight: p6.iter().map(|p| 1.0 - p).collect(),
                },
                Group {
                    block: 3,
                    weight: p6,
                },
            ];
            fit_stage(pb, &all, &y1, &g1, SQRT_2, link, &mut theta);
        }
        ModelKind::Egame123 => {
            let r3 = pick(&|v| v >= 2);
            let y3 = resp(&r3, &|v| v == 3);
            fit_stage(
                pb,
                &r3,
                &y3,
                &[Group {
                    block: 7,
                    weight: ones,
                }],
                SQRT_2,
                link,
                &mut theta,
            );
            let p6 = probs(pb, &theta, 7, link, SQRT_2);
            let p5: Vec<f64> = p6.iter().map(|p| 1.0 - p).collect();
            let r2 = pick(&|v| v >= 1);
            let y2 = resp(&r2, &|v| v >= 2);
            let g2 = [
                Group {
                    block: 4,
                    weight: neg.clone(),
                },
                Group {
                    block: 5,
                    weight: p5.clone(),
                },
                Group {
                    block: 6,
                    weight: p6.clone(),
                },
            ];
            fit_stage(pb, &r2, &y2, &g2, SQRT_2, link, &mut theta);
            // p4 = F((p5 u25 + p6 u26 - u23) / sqrt 2)
            let mut eta = [0.0; 9];
            let p4: Vec<f64> = (0..n)
                .map(|i| {
                    pb.eta_row(&theta, i, &mut eta);
                    link.cdf_f((p5[i] * eta[5] + p6[i] * eta[6] - eta[4]) / SQRT_2)
                })
                .collect();
            let y1 = resp(&all, &|v| v >= 1);
            let g1 = [
                Group {
                    block: 0,
                    weight: neg,
                },
                Group {
                    block: 1,
                    weight: p4.iter().map(|p| 1.0 - p).collect(),
                },
                Group {
                    block: 2,
                    weight: p4.iter().zip(&p5).map(|(a, b)| a * b).collect(),
                },
                Group {
                    block: 3,
                    weight: p4.iter().zip(&p6).map(|(a, b)| a * b).collect(),
                },
            ];
            fit_stage(pb, &all, &y1, &g1, SQRT_2, link, &mut theta);
        }
        ModelKind::Ultimatum => return ultimatum_starts(pb).swap_remove(0),
    }
    theta
}

/// Least squares of `y` on block `k`'s columns; writes the coefficients.
fn least_squares(pb: &Problem, k: usize, y: &[f64], theta: &mut [f64]) -> Option<Vec<f64>> {
    let d = &pb.design;
    let kk = d.blocks[k].terms.len();
    if kk == 0 {
        return Some(y.to_vec());
    }
    let s = d.start[k];
    let mut xtx = vec![0.0; kk * kk];
    let mut xty = vec![0.0; kk];
    for (i, yi) in y.iter().enumerate() {
        let row = &d.x[i * d.p + s..i * d.p + s + kk];
        for a in 0..kk {
            xty[a] += row[a] * yi;
            for c in 0..kk {
                xtx[a * kk + c] += row[a] * row[c];
            }
        }
    }
    let b = crate::optim::spd_solve(&xtx, kk, &xty)?;
    if b.iter().any(|x| !x.is_finite()) {
        return None;
    }
    theta[s..s + kk].copy_from_slice(&b);
    Some(
        (0..y.len())
            .map(|i| y[i] - (0..kk).map(|a| d.x[i * d.p + s + a] * b[a]).sum::<f64>())
            .collect(),
    )
}

fn sd(v: &[f64]) -> f64 {
    let n = v.len() as f64;
    let m = v.iter().sum::<f64>() / n;
    (v.iter().map(|x| (x - m).powi(2)).sum::<f64>() / (n - 1.0).max(1.0))
        .sqrt()
        .max(1e-3)
}

/// Alternative starting points for the ultimatum game.
pub fn ultimatum_starts(pb: &Problem) -> Vec<Vec<f64>> {
    let d = &pb.design;
    let n = pb.n();
    let q = pb.spec.max_offer;
    let offers: Vec<f64> = pb.obs.iter().map(|o| o.offer).collect();
    let acc: Vec<bool> = pb.obs.iter().map(|o| o.accept).collect();
    let fixed_s2 = d.blocks[3].fixed.map(f64::exp);
    let fixed_s1 = d.blocks[2].fixed.map(f64::exp);
    let (s2r, kk) = (d.start[1], d.blocks[1].terms.len());
    // Backward induction: acceptance first (a logit whose offer slope gives
    // 1/s2 unless s2 is fixed), then player 1's implied reservation values
    // at the observed offers (the offer solves h(y) = 0 at a zero shock).
    let mut bi = vec![0.0; pb.n_params()];
    let free_s2 = fixed_s2.is_none();
    let q2 = kk + free_s2 as usize;
    let mut x = Vec::with_capacity(n * q2);
    for i in 0..n {
        for j in 0..kk {
            x.push(-d.x[i * d.p + s2r + j]);
        }
        if free_s2 {
            x.push(offers[i]);
        }
    }
    let s2f = fixed_s2.unwrap_or(1.0);
    let glm = BinaryGlm {
        x,
        q: q2,
        y: acc,
        offset: if free_s2 {
            vec![0.0; n]
        } else {
            offers.iter().map(|y| y / s2f).collect()
        },
        link: Link::Logit,
    };
    let res = maximize(
        &glm,
        &vec![0.0; q2],
        &OptimOptions {
            max_iter: 60,
            tol: 1e-8,
        },
    );
    let s2 = if free_s2 {
        let b = res.theta[kk];
        if b.is_finite() && b > 1e-3 {
            1.0 / b
        } else {
            sd(&offers)
        }
    } else {
        s2f
    };
    for j in 0..kk {
        let c = res.theta[j];
        bi[s2r + j] = if c.is_finite() {
            (c * s2).clamp(-1e6, 1e6)
        } else {
            0.0
        };
    }
    let mut eta = [0.0; 9];
    let implied: Vec<f64> = (0..n)
        .map(|i| {
            pb.eta_row(&bi, i, &mut eta);
            let y = offers[i].clamp(0.0, q);
            q - y - s2 * (1.0 + ((y - eta[1]) / s2).min(50.0).exp())
        })
        .collect();
    let resid = least_squares(pb, 0, &implied, &mut bi).unwrap_or_else(|| implied.clone());
    let s1 = fixed_s1.unwrap_or_else(|| sd(&resid) * 3f64.sqrt() / std::f64::consts::PI);
    if fixed_s1.is_none() {
        bi[d.start[2]] = s1.max(1e-3).ln();
    }
    if free_s2 {
        bi[d.start[3]] = s2.ln();
    }
    let mut games = vec![0.0; pb.n_params()];
    ultimatum_start(pb, &mut games);
    vec![bi, games]
}

/// Ultimatum, as the `games` package starts: R1 from least squares of `Q -
/// offer`, R2 from a logit of acceptance with the offer as offset, log
/// scales from the offers' spread.
fn ultimatum_start(pb: &Problem, theta: &mut [f64]) {
    let d = &pb.design;
    let n = pb.n();
    let q = pb.spec.max_offer;
    let offers: Vec<f64> = pb.obs.iter().map(|o| o.offer).collect();
    let target: Vec<f64> = offers.iter().map(|y| q - y).collect();
    let _ = least_squares(pb, 0, &target, theta);
    let acc: Vec<bool> = pb.obs.iter().map(|o| o.accept).collect();
    let b1 = &d.blocks[1];
    if !b1.terms.is_empty() {
        let s = d.start[1];
        let kk = b1.terms.len();
        let mut x = Vec::with_capacity(n * kk);
        for i in 0..n {
            for j in 0..kk {
                x.push(-d.x[i * d.p + s + j]);
            }
        }
        let glm = BinaryGlm {
            x,
            q: kk,
            y: acc,
            offset: offers.clone(),
            link: Link::Logit,
        };
        let res = maximize(
            &glm,
            &vec![0.0; kk],
            &OptimOptions {
                max_iter: 60,
                tol: 1e-8,
            },
        );
        if res.theta.iter().all(|c| c.is_finite()) {
            for j in 0..kk {
                theta[s + j] = res.theta[j].clamp(-1e3, 1e3);
            }
        }
    }
    for k in [2usize, 3] {
        if d.blocks[k].fixed.is_none() {
            theta[d.start[k]] = sd(&offers).ln();
        }
    }
}
