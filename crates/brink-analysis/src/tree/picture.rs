//! SVG and PNG drawings of game trees, with plotters and the embedded font.

use super::layout::{
    box_lines, box_width_px, owner_text, text_bottom_px, Ink, BOX_LINE_PX, CHAR_PX, LEVEL_PX,
    LINE_PX,
};
use super::{layout_tree, tikz::side, Branch, DrawnNode, Shown, TreeDrawing, TreeOptions};
use crate::error::AnalysisError;
use crate::font::FAMILY;
use crate::plot::{err, render_with, DrawResult};
use brink_game::ExtensiveGame;
use plotters::coord::Shift;
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};
use std::path::Path;

/// The path of play.
const EQ: RGBColor = RGBColor(178, 24, 24);
/// Owners' names.
const OWNER: RGBColor = RGBColor(20, 60, 140);
/// Branches play never takes, and their labels.
const GREY: RGBColor = RGBColor(150, 150, 150);
/// Fill of a box that summarises a subtree.
const CUT_FILL: RGBColor = RGBColor(242, 242, 242);
/// Fill of a box that names a drawn copy.
const REPEAT_FILL: RGBColor = RGBColor(228, 238, 250);
/// Narrowest picture, so that the title and notes have room.
const MIN_WIDTH_PX: f64 = 600.0;
/// Pixels per character of the 18-pixel text of notes and legend.
const SMALL_CHAR_PX: f64 = 9.5;

/// Pixel geometry of a laid-out tree.
struct Geometry {
    /// Scale of the tree (1 unless even the most collapsed tree is too wide).
    s: f64,
    /// Pixel position of `x = 0`.
    x0: f64,
    /// Pixel position of depth 0.
    top: f64,
    size: (u32, u32),
    title_px: f64,
    legend: Vec<String>,
    notes: Vec<String>,
}

/// Splits `text` into lines of at most `width` characters, at spaces.
fn wrap(text: &str, width: usize) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = String::new();
    for word in text.split(' ') {
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > width {
            lines.push(std::mem::take(&mut line));
        }
        if !line.is_empty() {
            line.push(' ');
        }
        line.push_str(word);
    }
    if !line.is_empty() {
        lines.push(line);
    }
    lines
}

fn geometry(d: &TreeDrawing, max_width: u32) -> Geometry {
    let s = d.scale;
    let tree_w = (d.extent.1 - d.extent.0) * CHAR_PX * s;
    let width = (d.natural_width_px() * s).max(MIN_WIDTH_PX.min(max_width as f64));
    let chars = ((width - 40.0) / SMALL_CHAR_PX).max(20.0) as usize;
    let legend: Vec<String> = d.legend.iter().flat_map(|l| wrap(l, chars)).collect();
    let notes: Vec<String> = d
        .notes
        .iter()
        .flat_map(|n| wrap(&format!("Note: {n}."), chars))
        .collect();
    // The title shrinks rather than runs off a narrow picture.
    let title_chars = d.title.chars().count().max(1) as f64;
    let title_px = 30.0f64.min((width - 40.0) / (0.55 * title_chars)).max(10.0);
    let top = 20.0 + title_px + 16.0 + 24.0 * legend.len() as f64 + 50.0;
    let bottom = d
        .nodes
        .iter()
        .map(|n| (n.depth as f64 * LEVEL_PX + text_bottom_px(n)) * s)
        .fold(0.0, f64::max);
    let height = top + bottom + 30.0 + 26.0 * notes.len() as f64;
    Geometry {
        s,
        x0: (width - tree_w) / 2.0 - d.extent.0 * CHAR_PX * s,
        top,
        size: (width.ceil() as u32, height.ceil() as u32),
        title_px,
        legend,
        notes,
    }
}

/// Draws the game tree to an SVG or PNG file (by extension), at most
/// `opts.max_width` pixels wide. Returns the notes on what was collapsed, which are
/// also written under the tree.
pub fn draw_tree(
    game: &ExtensiveGame,
    opts: &TreeOptions,
    path: &Path,
) -> Result<Vec<String>, AnalysisError> {
    let d = layout_tree(game, opts)?;
    let g = geometry(&d, opts.max_width);
    render_with!(path, g.size, draw(&d, &g))?;
    Ok(d.notes)
}

/// The drawing of [`draw_tree`] as SVG text, made in memory (no file is
/// written), with the notes on what was collapsed.
pub fn tree_svg(
    game: &ExtensiveGame,
    opts: &TreeOptions,
) -> Result<(String, Vec<String>), AnalysisError> {
    let d = layout_tree(game, opts)?;
    let g = geometry(&d, opts.max_width);
    let svg = crate::plot::render_svg_string(g.size, |root| draw(root, &d, &g))?;
    Ok((svg, d.notes))
}

/// The pixel size the picture of `opts` would have, without drawing it.
pub fn picture_size(game: &ExtensiveGame, opts: &TreeOptions) -> Result<(u32, u32), AnalysisError> {
    let d = layout_tree(game, opts)?;
    Ok(geometry(&d, opts.max_width).size)
}

fn text_style(size: f64, colour: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from((FAMILY, size).into_font())
        .color(colour)
        .pos(Pos::new(h, v))
}

fn label_colour(n: &DrawnNode) -> &'static RGBColor {
    if n.branch == Branch::OffPath {
        &GREY
    } else {
        &BLACK
    }
}

fn draw<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    d: &TreeDrawing,
    g: &Geometry,
) -> DrawResult {
    let s = g.s;
    let px = |v: f64| (v * s).round() as i32;
    let at = |i: usize| -> (i32, i32) {
        let n = &d.nodes[i];
        (
            (g.x0 + n.x * CHAR_PX * s).round() as i32,
            (g.top + n.depth as f64 * LEVEL_PX * s).round() as i32,
        )
    };
    let put = |text: &str, p: (i32, i32), style: TextStyle| {
        root.draw(&Text::new(text.to_string(), p, style))
            .map_err(err)
    };
    put(
        &d.title,
        (g.size.0 as i32 / 2, 20),
        text_style(g.title_px, &BLACK, HPos::Center, VPos::Top),
    )?;
    for (k, line) in g.legend.iter().enumerate() {
        let y = (20.0 + g.title_px + 16.0 + 24.0 * k as f64) as i32;
        put(
            line,
            (20, y),
            text_style(18.0, &BLACK, HPos::Left, VPos::Top),
        )?;
    }
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
            root.draw(&PathElement::new(
                vec![p(t0), p(t1)],
                BLACK.stroke_width(px(2.0).max(1) as u32),
            ))
            .map_err(err)?;
        }
    }
    // Grey branches first, so that the path is drawn over them where they meet.
    let mut order: Vec<usize> = (0..d.nodes.len()).collect();
    order.sort_by_key(|&i| d.nodes[i].branch != Branch::OffPath);
    for &i in &order {
        let n = &d.nodes[i];
        let Some(par) = n.parent else { continue };
        let (p, q) = (at(i), at(par));
        let style = match n.branch {
            Branch::OnPath => EQ.stroke_width(px(4.0).max(1) as u32),
            Branch::OffPath => GREY.stroke_width(px(1.5).max(1) as u32),
            Branch::Plain => BLACK.stroke_width(px(2.0).max(1) as u32),
        };
        root.draw(&PathElement::new(vec![q, p], style))
            .map_err(err)?;
    }
    for (i, n) in d.nodes.iter().enumerate() {
        let p = at(i);
        let left = n.parent.is_some_and(|par| {
            let kids = &d.nodes[par].children;
            let j = kids.iter().position(|&c| c == i).unwrap_or(0);
            side(j, kids.len()).1 == "left"
        });
        if let Some(par) = n.parent {
            let q = at(par);
            let mid = ((p.0 + q.0) / 2, (p.1 + q.1) / 2);
            let (h, dx) = if left {
                (HPos::Right, -px(8.0))
            } else {
                (HPos::Left, px(8.0))
            };
            let vpos = if n.eq_prob.is_empty() {
                VPos::Center
            } else {
                VPos::Bottom
            };
            put(
                &n.action,
                (mid.0 + dx, mid.1),
                text_style(20.0 * s, label_colour(n), h, vpos),
            )?;
            if !n.eq_prob.is_empty() {
                let colour = if n.branch == Branch::OffPath {
                    &GREY
                } else {
                    &EQ
                };
                put(
                    &format!("[{}]", n.eq_prob),
                    (mid.0 + dx, mid.1 + px(2.0)),
                    text_style(20.0 * s, colour, h, VPos::Top),
                )?;
            }
        }
        match &n.shown {
            Shown::Terminal => {
                root.draw(&Circle::new(p, px(3.0).max(1) as u32, BLACK.filled()))
                    .map_err(err)?;
                let mut y = p.1 + px(10.0);
                for line in &n.below {
                    put(
                        line,
                        (p.0, y),
                        text_style(20.0 * s, label_colour(n), HPos::Center, VPos::Top),
                    )?;
                    y += px(LINE_PX);
                }
                if !n.reach.is_empty() {
                    put(
                        &n.reach,
                        (p.0, y),
                        text_style(20.0 * s, &EQ, HPos::Center, VPos::Top),
                    )?;
                }
                continue;
            }
            Shown::Move => {
                let r = px(7.0).max(2) as u32;
                let fill = if n.chance { WHITE } else { BLACK };
                root.draw(&Circle::new(p, r, fill.filled())).map_err(err)?;
                if n.chance {
                    root.draw(&Circle::new(
                        p,
                        r,
                        BLACK.stroke_width(px(2.0).max(1) as u32),
                    ))
                    .map_err(err)?;
                }
            }
            Shown::Repeat { .. } => {
                boxed(root, p, n, &REPEAT_FILL, s)?;
                continue;
            }
            Shown::Cut { .. } => {
                boxed(root, p, n, &CUT_FILL, s)?;
                continue;
            }
        }
        // The owner (and the reach probability under it) beside the node, on the
        // side away from its siblings; above the root.
        let (pos, h, v) = match n.parent {
            None => ((p.0, p.1 - px(14.0)), HPos::Center, VPos::Bottom),
            Some(_) if left => ((p.0 - px(14.0), p.1), HPos::Right, VPos::Center),
            Some(_) => ((p.0 + px(14.0), p.1), HPos::Left, VPos::Center),
        };
        put(&owner_text(n), pos, text_style(22.0 * s, &OWNER, h, v))?;
        // Above the owner: the branch in comes from the other side, and the
        // branches out leave below.
        if !n.reach.is_empty() {
            put(
                &n.reach,
                (pos.0, pos.1 - px(12.0)),
                text_style(18.0 * s, &EQ, h, VPos::Bottom),
            )?;
        }
    }
    for (k, note) in g.notes.iter().enumerate() {
        let y = g.size.1 as i32 - 16 - 26 * (g.notes.len() - 1 - k) as i32;
        put(
            note,
            (20, y),
            text_style(18.0, &BLACK, HPos::Left, VPos::Bottom),
        )?;
    }
    Ok(())
}

/// A box under `p` holding the node's lines.
fn boxed<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    p: (i32, i32),
    n: &DrawnNode,
    fill: &RGBColor,
    s: f64,
) -> DrawResult {
    let px = |v: f64| (v * s).round() as i32;
    let w = px(box_width_px(n));
    let top = p.1 + px(6.0);
    let lines = box_lines(n);
    let bottom = top + px(10.0 + BOX_LINE_PX * lines.len() as f64);
    let corners = [(p.0 - w / 2, top), (p.0 + w / 2, bottom)];
    root.draw(&Rectangle::new(corners, fill.filled()))
        .map_err(err)?;
    let edge = if n.branch == Branch::OffPath {
        GREY
    } else {
        BLACK
    };
    root.draw(&Rectangle::new(corners, edge.stroke_width(1)))
        .map_err(err)?;
    for (k, (line, ink)) in lines.into_iter().enumerate() {
        let colour = match ink {
            Ink::Owner => &OWNER,
            Ink::Reach => &EQ,
            Ink::Text => &BLACK,
        };
        root.draw(&Text::new(
            line,
            (p.0, top + px(5.0 + BOX_LINE_PX * k as f64)),
            text_style(18.0 * s, colour, HPos::Center, VPos::Top),
        ))
        .map_err(err)?;
    }
    Ok(())
}
