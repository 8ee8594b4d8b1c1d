//! Positions: evenly spaced children, with the least gap that keeps subtrees apart,
//! and the sizes the pictures are drawn at.
//!
//! The unit of `x` is one character of the 20-pixel text of the pictures
//! ([`CHAR_PX`] pixels). Every node takes the room of what is written at it: its
//! mark, the text under it (a terminal's outcome and payoffs, a box), and the labels
//! beside it (the branch into it, its owner, its reach probability). Text that
//! hangs down into the next level counts there too, so it never meets a neighbour's
//! branch labels.

use super::{DrawnNode, Shown};

/// Pixels per character of 20-pixel text (the picture's body text).
pub(super) const CHAR_PX: f64 = 11.0;
/// Vertical distance between levels, in pixels.
pub(super) const LEVEL_PX: f64 = 130.0;
/// Height of one line of text under a terminal, in pixels.
pub(super) const LINE_PX: f64 = 22.0;
/// Height of one line of text in a box, in pixels.
pub(super) const BOX_LINE_PX: f64 = 20.0;
/// Blank space left and right of the tree, in pixels.
pub(super) const MARGIN_PX: f64 = 30.0;
/// Tallest drawing, in pixels: deeper trees are cut like wide ones.
pub(super) const MAX_HEIGHT_PX: f64 = 16_000.0;
/// Where text under a node starts to meet the branch labels of the level below.
const CLEAR_PX: f64 = 40.0;

/// Width in characters of a string of 20-pixel text.
fn chars(s: &str) -> f64 {
    s.chars().count() as f64
}

/// The owner's label beside a move or box, with the tag of a subtree that boxes
/// elsewhere name.
pub(super) fn owner_text(n: &DrawnNode) -> String {
    if n.tag.is_empty() {
        n.owner.clone()
    } else {
        format!("{} [subtree {}]", n.owner, n.tag)
    }
}

/// Lines of text written under a node (a terminal's reach is the last, in colour).
pub(super) fn lines_below(n: &DrawnNode) -> usize {
    let reach = usize::from(n.shown == Shown::Terminal && !n.reach.is_empty());
    n.below.len() + reach
}

/// What a line in a box says, which sets its colour.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum Ink {
    /// Who moves at the boxed node.
    Owner,
    /// The probability of reaching it.
    Reach,
    /// The summary or the name of the drawn copy.
    Text,
}

/// The lines of a box: owner, reach probability, then the box's text. A box is too
/// wide for labels beside it, so they go inside.
pub(super) fn box_lines(n: &DrawnNode) -> Vec<(String, Ink)> {
    let mut v = Vec::with_capacity(n.below.len() + 2);
    let owner = owner_text(n);
    if !owner.is_empty() {
        v.push((owner, Ink::Owner));
    }
    if !n.reach.is_empty() {
        v.push((n.reach.clone(), Ink::Reach));
    }
    v.extend(n.below.iter().map(|l| (l.clone(), Ink::Text)));
    v
}

/// Width in pixels of a box holding `n`'s lines (18-pixel text, 10 pixels a character).
pub(super) fn box_width_px(n: &DrawnNode) -> f64 {
    let widest = box_lines(n)
        .iter()
        .map(|(l, _)| chars(l))
        .fold(0.0, f64::max);
    (widest * 10.0 + 16.0).max(60.0)
}

/// How far below the node's centre its text reaches, in pixels.
pub(super) fn text_bottom_px(n: &DrawnNode) -> f64 {
    match n.shown {
        Shown::Move => 30.0,
        Shown::Terminal => 10.0 + LINE_PX * lines_below(n) as f64,
        Shown::Repeat { .. } | Shown::Cut { .. } => {
            6.0 + BOX_LINE_PX * box_lines(n).len() as f64 + 10.0
        }
    }
}

/// Half the width a node takes at its own level, in characters.
fn half_width(n: &DrawnNode) -> f64 {
    match n.shown {
        Shown::Move => 1.0,
        Shown::Terminal => {
            let widest = n.below.iter().map(|l| chars(l)).fold(0.0, f64::max);
            let reach = if n.reach.is_empty() {
                0.0
            } else {
                chars(&n.reach)
            };
            (widest.max(reach) / 2.0 + 0.6).max(1.0)
        }
        Shown::Repeat { .. } | Shown::Cut { .. } => box_width_px(n) / CHAR_PX / 2.0 + 0.6,
    }
}

/// Width of the text beside a node, in characters: the label of the branch into it
/// (with the equilibrium probability), the owner's name (22-pixel text, 14 pixels
/// off the node) and the reach probability under it, on the side away from its
/// siblings. It counts as part of the node, so neighbouring labels never meet.
fn side_chars(n: &DrawnNode) -> f64 {
    let branch = chars(&n.action)
        + if n.eq_prob.is_empty() {
            0.0
        } else {
            chars(&n.eq_prob) + 3.0
        }
        + 1.0;
    let owner = if n.shown != Shown::Move {
        0.0
    } else {
        let reach = if n.reach.is_empty() {
            0.0
        } else {
            chars(&n.reach)
        };
        (chars(&owner_text(n)) + 1.0).max(reach) * 1.1 + 1.5
    };
    branch.max(owner)
}

/// Levels the node's text occupies: its own, and those its text hangs into.
fn rows(n: &DrawnNode) -> usize {
    let below = text_bottom_px(n);
    1 + ((below - CLEAR_PX).max(0.0) / LEVEL_PX).ceil() as usize
}

/// Sets `x` of every node (root at 0) and returns the sibling gap at each node (0
/// where it has fewer than two children) and the horizontal extent of the whole
/// drawing with its labels, in characters. `nodes` is in preorder.
pub(super) fn place(nodes: &mut [DrawnNode]) -> (Vec<f64>, (f64, f64)) {
    let n = nodes.len();
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
        // Adjacent pairs suffice for most trees, but a wide grandchild level can
        // reach past a sibling: every pair is checked, spread over its distance.
        for a in 0..k {
            for b in a + 1..k {
                let (ca, cb) = (&contour[kids[a]], &contour[kids[b]]);
                let need = ca
                    .iter()
                    .zip(cb)
                    .map(|(l, r)| l.1 - r.0 + 1.0)
                    .fold(0.0, f64::max);
                gap = gap.max(need / (b - a) as f64);
            }
        }
        gaps[i] = gap;
        let extra = if nodes[i].parent.is_some() || nodes[i].shown != Shown::Terminal {
            side_chars(&nodes[i])
        } else {
            0.0
        };
        let own = if left_side[i] {
            (-h - extra, h)
        } else {
            (-h, h + extra)
        };
        // The text under a node is centred on it; only its own level has side labels.
        let mut c = vec![own];
        c.extend(std::iter::repeat_n((-h, h), rows(&nodes[i]) - 1));
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
    let extent = contour
        .first()
        .map(|c| {
            c.iter()
                .fold((0.0f64, 0.0f64), |(a, b), &(l, r)| (a.min(l), b.max(r)))
        })
        .unwrap_or((0.0, 0.0));
    (gaps, extent)
}

/// Width in pixels of a drawing whose extent is `extent` characters, margins included.
pub(super) fn width_px(extent: (f64, f64)) -> f64 {
    (extent.1 - extent.0) * CHAR_PX + 2.0 * MARGIN_PX
}
