//! TikZ output with the `istgame` package, as formal theorists write game trees.

use super::{layout_tree, DrawnNode, Shown, TreeDrawing, TreeOptions};
use crate::error::AnalysisError;
use brink_game::ExtensiveGame;
use std::fmt::Write;

/// Vertical distance between levels.
const LEVEL_MM: f64 = 22.0;

/// A game tree in TikZ.
#[derive(Clone, Debug, PartialEq)]
pub struct Tikz {
    /// A complete LaTeX document (page sized to the tree) that compiles with pdflatex.
    pub document: String,
    /// Just the `istgame` environment, to paste into a paper that loads `istgame`.
    pub picture: String,
    /// What was collapsed or left out, for the reader (also written as comments).
    pub notes: Vec<String>,
}

/// Escapes text for LaTeX's text mode.
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\textbackslash{}"),
            '&' | '%' | '$' | '#' | '_' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '~' => out.push_str("\\textasciitilde{}"),
            '^' => out.push_str("\\textasciicircum{}"),
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Where a label goes, by the child's place among its siblings.
pub(crate) fn side(j: usize, k: usize) -> (&'static str, &'static str) {
    let mid = (k as f64 - 1.0) / 2.0;
    match (j as f64).partial_cmp(&mid) {
        Some(std::cmp::Ordering::Less) => ("al", "left"),
        Some(std::cmp::Ordering::Greater) => ("ar", "right"),
        _ => ("r", "right"),
    }
}

fn unit_mm(d: &TreeDrawing) -> f64 {
    // About 1.7 mm per character of \small text.
    super::layout::unit_chars(&d.nodes) * 1.7
}

fn action_text(n: &DrawnNode) -> String {
    let mut s = escape(&n.action);
    if !n.eq_prob.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        write!(s, "{{\\color{{red!75!black}}[{}]}}", n.eq_prob).expect("writing to a String");
    }
    s
}

fn owner_text(n: &DrawnNode) -> String {
    if n.tag.is_empty() {
        escape(&n.owner)
    } else {
        format!("{} \\textbf{{[{}]}}", escape(&n.owner), n.tag)
    }
}

/// Draws the game tree, with equilibrium probabilities if `opts.profile` is given.
pub fn to_tikz(game: &ExtensiveGame, opts: &TreeOptions) -> Result<Tikz, AnalysisError> {
    let d = layout_tree(game, opts)?;
    Ok(tikz_of(&d))
}

/// The TikZ of an already laid-out tree.
pub fn tikz_of(d: &TreeDrawing) -> Tikz {
    let unit = unit_mm(d);
    let mut p = String::new();
    let w = &mut p;
    let _ = writeln!(w, "\\begin{{istgame}}[font=\\small]");
    let _ = writeln!(w, "\\setistmathTF000");
    let mut boxes = Vec::new();
    for (i, n) in d.nodes.iter().enumerate() {
        if n.shown != Shown::Move {
            continue;
        }
        let at = match n.parent {
            None => "(0,0)".to_string(),
            Some(par) => {
                let j = d.nodes[par]
                    .children
                    .iter()
                    .position(|&c| c == i)
                    .expect("a child of its parent");
                format!("(v{par}-{})", j + 1)
            }
        };
        let label_pos = match n.parent {
            None => "above",
            Some(par) => {
                let kids = &d.nodes[par].children;
                side(kids.iter().position(|&c| c == i).unwrap_or(0), kids.len()).1
            }
        };
        let style = if n.chance { "[chance node]" } else { "" };
        let sib = if d.gaps[i] > 0.0 {
            d.gaps[i] * unit
        } else {
            unit
        };
        let _ = writeln!(
            w,
            "\\istroot(v{i}){at}{style}<{label_pos}>{{{}}}+{{{LEVEL_MM}mm}}..{{{sib:.2}mm}}+",
            owner_text(n)
        );
        let k = n.children.len();
        for (j, &c) in n.children.iter().enumerate() {
            let child = &d.nodes[c];
            let pos = side(j, k).0;
            let payoff = if child.shown == Shown::Terminal {
                format!("{{{}}}", escape(&child.payoffs))
            } else {
                String::new()
            };
            let _ = writeln!(w, "  \\istb{{{}}}[{pos}]{payoff}", action_text(child));
            match &child.shown {
                Shown::Repeat { tag, size } => boxes.push(
                    format!("same as [{tag}]\\\\({size} nodes)") + &format!("@v{i}-{}", j + 1),
                ),
                Shown::Cut { size } => {
                    boxes.push(format!("{size} nodes\\\\not drawn@v{i}-{}", j + 1))
                }
                _ => {}
            }
        }
        let _ = writeln!(w, "  \\endist");
    }
    for &(a, b) in &d.infoset_links {
        let _ = writeln!(w, "\\xtInfoset[dashed](v{a})(v{b})");
    }
    for b in boxes {
        let (text, at) = b.rsplit_once('@').expect("box text has a position");
        let _ = writeln!(
            w,
            "\\node[draw, rounded corners, below, align=center, font=\\footnotesize] at ({at}) {{{text}}};"
        );
    }
    let _ = writeln!(w, "\\end{{istgame}}");
    let (lo, hi) = d
        .nodes
        .iter()
        .fold((0.0f64, 0.0f64), |(a, b), n| (a.min(n.x), b.max(n.x)));
    let depth = d.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    let width = ((hi - lo) * unit + unit + 60.0).max(120.0);
    let height = (depth as f64 * LEVEL_MM + 45.0 + 10.0 * d.notes.len() as f64).max(60.0);
    let mut doc = String::new();
    let _ = writeln!(
        doc,
        "% Game tree of \"{}\", drawn by brink with the istgame package.",
        d.title.replace('\n', " ")
    );
    for note in &d.notes {
        let _ = writeln!(doc, "% Note: {note}.");
    }
    let _ = writeln!(doc, "\\documentclass{{article}}");
    let _ = writeln!(doc, "\\usepackage[T1]{{fontenc}}");
    let _ = writeln!(
        doc,
        "\\usepackage[paperwidth={width:.0}mm,paperheight={height:.0}mm,margin=10mm]{{geometry}}"
    );
    let _ = writeln!(doc, "\\usepackage{{istgame}}");
    let _ = writeln!(doc, "\\pagestyle{{empty}}");
    let _ = writeln!(doc, "\\begin{{document}}");
    let _ = writeln!(doc, "\\begin{{center}}");
    doc.push_str(&p);
    for note in &d.notes {
        let _ = writeln!(doc, "\n\\medskip{{\\footnotesize Note: {}.}}", escape(note));
    }
    let _ = writeln!(doc, "\\end{{center}}");
    let _ = writeln!(doc, "\\end{{document}}");
    Tikz {
        document: doc,
        picture: p,
        notes: d.notes.clone(),
    }
}
