//! SVG and PNG drawings of game trees, with plotters and the embedded font.

use super::{layout_tree, tikz::side, Shown, TreeDrawing, TreeOptions};
use crate::error::AnalysisError;
use crate::font::FAMILY;
use crate::plot::{err, render_with, DrawResult};
use brink_game::ExtensiveGame;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

const LEVEL_PX: f64 = 130.0;
const MARGIN_X: f64 = 140.0;
const TOP_PX: f64 = 110.0;
const EQ: RGBColor = RGBColor(178, 24, 24);
const OWNER: RGBColor = RGBColor(20, 60, 140);

/// Pixel geometry of a laid-out tree.
struct Geometry {
    unit: f64,
    x0: f64,
    size: (u32, u32),
}

fn geometry(d: &TreeDrawing) -> Geometry {
    // About 11 pixels per character of 20-pixel text.
    let unit = super::layout::unit_chars(&d.nodes) * 11.0;
    let (lo, hi) = d
        .nodes
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), n| (a.min(n.x), b.max(n.x)));
    let depth = d.nodes.iter().map(|n| n.depth).max().unwrap_or(0) as f64;
    let notes = d.notes.len() as f64 * 30.0;
    let width = ((hi - lo) * unit + 2.0 * MARGIN_X).max(600.0);
    let height = TOP_PX + depth * LEVEL_PX + 70.0 + notes;
    Geometry {
        unit,
        x0: (width - (hi - lo) * unit) / 2.0 - lo * unit,
        size: (width as u32, height as u32),
    }
}

/// Draws the game tree to an SVG or PNG file (by extension). Returns the notes on
/// what was collapsed, which are also written under the tree.
pub fn draw_tree(
    game: &ExtensiveGame,
    opts: &TreeOptions,
    path: &Path,
) -> Result<Vec<String>, AnalysisError> {
    let d = layout_tree(game, opts)?;
    let g = geometry(&d);
    if g.size.0 > 30_000 || g.size.1 > 30_000 {
        return Err(AnalysisError::Invalid(format!(
            "the drawing would be {}x{} pixels; lower --max-nodes",
            g.size.0, g.size.1
        )));
    }
    render_with!(path, g.size, draw(&d, &g))?;
    Ok(d.notes)
}

fn text_style(size: f64, colour: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font())
        .color(colour)
        .pos(Pos::new(h, v))
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &TreeDrawing,
    g: &Geometry,
) -> DrawResult {
    let at = |i: usize| -> (i32, i32) {
        let n = &d.nodes[i];
        (
            (g.x0 + n.x * g.unit).round() as i32,
            (TOP_PX + n.depth as f64 * LEVEL_PX).round() as i32,
        )
    };
    root.draw(&Text::new(
        d.title.clone(),
        (g.size.0 as i32 / 2, 20),
        text_style(30.0, &BLACK, HPos::Center, VPos::Top),
    ))
    .map_err(err)?;
    // Information sets first, so that nodes and edges are drawn over the dashes.
    for &(a, b) in &d.infoset_links {
        let (pa, pb) = (at(a), at(b));
        let len = (((pb.0 - pa.0).pow(2) + (pb.1 - pa.1).pow(2)) as f64).sqrt();
        let dashes = (len / 14.0).ceil().max(1.0) as usize;
        for k in 0..dashes {
            let t0 = k as f64 / dashes as f64;
            let t1 = (k as f64 + 0.55) / dashes as f64;
            let p = |t: f64| {
                (
                    (pa.0 as f64 + t * (pb.0 - pa.0) as f64) as i32,
                    (pa.1 as f64 + t * (pb.1 - pa.1) as f64) as i32,
                )
            };
            root.draw(&PathElement::new(vec![p(t0), p(t1)], BLACK.stroke_width(2)))
                .map_err(err)?;
        }
    }
    for (i, n) in d.nodes.iter().enumerate() {
        let p = at(i);
        if let Some(par) = n.parent {
            let q = at(par);
            root.draw(&PathElement::new(vec![q, p], BLACK.stroke_width(2)))
                .map_err(err)?;
            let kids = &d.nodes[par].children;
            let j = kids.iter().position(|&c| c == i).unwrap_or(0);
            let left = side(j, kids.len()).1 == "left";
            let mid = ((p.0 + q.0) / 2, (p.1 + q.1) / 2);
            let (h, dx) = if left {
                (HPos::Right, -8)
            } else {
                (HPos::Left, 8)
            };
            let vpos = if n.eq_prob.is_empty() {
                VPos::Center
            } else {
                VPos::Bottom
            };
            root.draw(&Text::new(
                n.action.clone(),
                (mid.0 + dx, mid.1),
                text_style(20.0, &BLACK, h, vpos),
            ))
            .map_err(err)?;
            if !n.eq_prob.is_empty() {
                let s = format!("[{}]", n.eq_prob);
                root.draw(&Text::new(
                    s,
                    (mid.0 + dx, mid.1 + 2),
                    text_style(20.0, &EQ, h, VPos::Top),
                ))
                .map_err(err)?;
            }
        }
        match &n.shown {
            Shown::Move => {
                let style = if n.chance {
                    WHITE.filled()
                } else {
                    BLACK.filled()
                };
                root.draw(&Circle::new(p, 7, style)).map_err(err)?;
                if n.chance {
                    root.draw(&Circle::new(p, 7, BLACK.stroke_width(2)))
                        .map_err(err)?;
                }
                let owner = if n.tag.is_empty() {
                    n.owner.clone()
                } else {
                    format!("{} [{}]", n.owner, n.tag)
                };
                let (pos, h, v) = match n.parent {
                    None => ((p.0, p.1 - 14), HPos::Center, VPos::Bottom),
                    Some(par) => {
                        let kids = &d.nodes[par].children;
                        let j = kids.iter().position(|&c| c == i).unwrap_or(0);
                        if side(j, kids.len()).1 == "left" {
                            ((p.0 - 14, p.1), HPos::Right, VPos::Center)
                        } else {
                            ((p.0 + 14, p.1), HPos::Left, VPos::Center)
                        }
                    }
                };
                root.draw(&Text::new(owner, pos, text_style(22.0, &OWNER, h, v)))
                    .map_err(err)?;
            }
            Shown::Terminal => {
                root.draw(&Circle::new(p, 3, BLACK.filled())).map_err(err)?;
                root.draw(&Text::new(
                    n.payoffs.clone(),
                    (p.0, p.1 + 10),
                    text_style(20.0, &BLACK, HPos::Center, VPos::Top),
                ))
                .map_err(err)?;
            }
            Shown::Repeat { tag, size } => boxed(
                root,
                p,
                &format!("same as [{tag}]"),
                &format!("({size} nodes)"),
            )?,
            Shown::Cut { size } => boxed(root, p, &format!("{size} nodes"), "not drawn")?,
        }
    }
    for (k, note) in d.notes.iter().enumerate() {
        let y = g.size.1 as i32 - 20 - 30 * (d.notes.len() - 1 - k) as i32;
        root.draw(&Text::new(
            format!("Note: {note}."),
            (20, y),
            text_style(18.0, &BLACK, HPos::Left, VPos::Bottom),
        ))
        .map_err(err)?;
    }
    Ok(())
}

fn boxed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: (i32, i32),
    line1: &str,
    line2: &str,
) -> DrawResult {
    let w = (line1.len().max(line2.len()) as i32 * 10 + 16).max(60);
    let top = p.1 + 6;
    root.draw(&Rectangle::new(
        [(p.0 - w / 2, top), (p.0 + w / 2, top + 50)],
        RGBColor(245, 245, 245).filled(),
    ))
    .map_err(err)?;
    root.draw(&Rectangle::new(
        [(p.0 - w / 2, top), (p.0 + w / 2, top + 50)],
        BLACK.stroke_width(1),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        line1.to_string(),
        (p.0, top + 4),
        text_style(18.0, &BLACK, HPos::Center, VPos::Top),
    ))
    .map_err(err)?;
    root.draw(&Text::new(
        line2.to_string(),
        (p.0, top + 26),
        text_style(18.0, &BLACK, HPos::Center, VPos::Top),
    ))
    .map_err(err)?;
    Ok(())
}
