//! Positions: evenly spaced children, with the least gap that keeps subtrees apart.

use super::{DrawnNode, Shown};

/// Half the width a drawn node needs, in units.
fn half_width(n: &DrawnNode) -> f64 {
    match n.shown {
        Shown::Repeat { .. } | Shown::Cut { .. } => 0.9,
        _ => 0.5,
    }
}

/// Width of the text beside a node, in characters: the label of the branch into it
/// (with the equilibrium probability) and the owner's name, on the side away from
/// its siblings. It counts as part of the node, so neighbouring labels never meet.
fn side_chars(n: &DrawnNode) -> usize {
    let branch = n.action.chars().count()
        + if n.eq_prob.is_empty() {
            0
        } else {
            n.eq_prob.len() + 3
        };
    branch.max(n.owner.chars().count() + 2)
}

/// The unit of the layout, in characters: leaves one unit apart keep their payoffs apart.
pub(super) fn unit_chars(nodes: &[DrawnNode]) -> f64 {
    nodes
        .iter()
        .map(|n| n.payoffs.chars().count() + 2)
        .max()
        .unwrap_or(0)
        .max(8) as f64
}

/// Sets `x` of every node (root at 0) and returns the sibling gap at each node
/// (0 where it has fewer than two children). `nodes` is in preorder.
pub(super) fn place(nodes: &mut [DrawnNode]) -> Vec<f64> {
    let n = nodes.len();
    let unit = unit_chars(nodes);
    // Which side of each node its labels go: left for children left of the middle.
    let mut left_side = vec![false; n];
    for node in nodes.iter() {
        let k = node.children.len();
        for (j, &c) in node.children.iter().enumerate() {
            left_side[c] = (j as f64) < (k as f64 - 1.0) / 2.0;
        }
    }
    // contour[i][d] = (leftmost, rightmost) extent of i's subtree at relative depth d.
    let mut contour: Vec<Vec<(f64, f64)>> = vec![Vec::new(); n];
    let mut gaps = vec![0.0; n];
    for i in (0..n).rev() {
        let h = half_width(&nodes[i]);
        let kids = &nodes[i].children;
        let k = kids.len();
        let mut gap: f64 = 0.0;
        for a in 0..k {
            for b in a + 1..k {
                let (ca, cb) = (&contour[kids[a]], &contour[kids[b]]);
                let need = ca
                    .iter()
                    .zip(cb)
                    .map(|(l, r)| l.1 - r.0)
                    .fold(0.0, f64::max);
                gap = gap.max(need / (b - a) as f64);
            }
        }
        gaps[i] = gap;
        let extra = if nodes[i].parent.is_some() {
            side_chars(&nodes[i]) as f64 / unit
        } else {
            0.0
        };
        let mut c = if left_side[i] {
            vec![(-h - extra, h)]
        } else {
            vec![(-h, h + extra)]
        };
        for (j, &kid) in kids.iter().enumerate() {
            let off = (j as f64 - (k as f64 - 1.0) / 2.0) * gap;
            for (d, &(l, r)) in contour[kid].iter().enumerate() {
                if c.len() <= d + 1 {
                    c.push((l + off, r + off));
                } else {
                    let e = &mut c[d + 1];
                    *e = (e.0.min(l + off), e.1.max(r + off));
                }
            }
        }
        contour[i] = c;
        for &kid in kids {
            contour[kid] = Vec::new();
        }
    }
    for i in 0..n {
        let k = nodes[i].children.len();
        let x = nodes[i].x;
        for j in 0..k {
            let kid = nodes[i].children[j];
            nodes[kid].x = x + (j as f64 - (k as f64 - 1.0) / 2.0) * gaps[i];
        }
    }
    gaps
}
