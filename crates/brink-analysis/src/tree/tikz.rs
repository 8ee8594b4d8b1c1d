//! TikZ output with the `istgame` package, as formal theorists write game trees.

use super::{layout_tree, Branch, DrawnNode, Shown, TreeDrawing, TreeOptions};
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

fn unit_mm(_d: &TreeDrawing) -> f64 {
    // The layout is in characters; about 1.7 mm per character of \small text.
    1.7
}

/// The colour of a branch's probability: the path's, or grey off it.
fn prob_colour(n: &DrawnNode) -> &'static str {
    if n.branch == Branch::OffPath {
        "gray"
    } else {
        "red!75!black"
    }
}

fn action_text(n: &DrawnNode) -> String {
    let mut s = escape(&n.action);
    if n.branch == Branch::OffPath && !s.is_empty() {
        s = format!("{{\\color{{gray}}{s}}}");
    }
    if !n.eq_prob.is_empty() {
        if !s.is_empty() {
            s.push(' ');
        }
        write!(s, "{{\\color{{{}}}[{}]}}", prob_colour(n), n.eq_prob).expect("writing to a String");
    }
    s
}

fn owner_text(n: &DrawnNode) -> String {
    let mut s = escape(&n.owner);
    if !n.tag.is_empty() {
        write!(s, " \\textbf{{[subtree {}]}}", n.tag).expect("writing to a String");
    }
    if !n.reach.is_empty() {
        write!(s, " {{\\color{{red!75!black}}{}}}", escape(&n.reach)).expect("writing to a String");
    }
    s
}

/// Lines stacked in one label (`\shortstack`), or the single line as it is.
fn stacked(lines: &[String]) -> String {
    match lines {
        [one] => one.clone(),
        _ => format!("\\shortstack{{{}}}", lines.join("\\\\")),
    }
}

/// A terminal's label: outcome, payoffs and its probability on the path.
fn terminal_text(n: &DrawnNode) -> String {
    let mut lines: Vec<String> = n.below.iter().map(|l| escape(l)).collect();
    if !n.reach.is_empty() {
        lines.push(format!("{{\\color{{red!75!black}}{}}}", escape(&n.reach)));
    }
    stacked(&lines)
}

/// Line style of the branch into `n`.
fn branch_style(n: &DrawnNode) -> &'static str {
    match n.branch {
        Branch::OnPath => "[very thick, red!75!black]",
        Branch::OffPath => "[gray]",
        Branch::Plain => "",
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
                format!("{{{}}}", terminal_text(child))
            } else {
                String::new()
            };
            let _ = writeln!(
                w,
                "  \\istb{}{{{}}}[{pos}]{payoff}",
                branch_style(child),
                action_text(child)
            );
            if matches!(child.shown, Shown::Repeat { .. } | Shown::Cut { .. }) {
                let text: Vec<String> = child.below.iter().map(|l| escape(l)).collect();
                let fill = if matches!(child.shown, Shown::Repeat { .. }) {
                    "blue!8"
                } else {
                    "gray!10"
                };
                let mut label = owner_text(child);
                if !label.is_empty() {
                    label = format!("\\textcolor{{blue!50!black}}{{{label}}}\\\\");
                }
                boxes.push((
                    format!("{label}{}", text.join("\\\\")),
                    fill,
                    format!("v{i}-{}", j + 1),
                ));
            }
        }
        let _ = writeln!(w, "  \\endist");
    }
    for &(a, b) in &d.infoset_links {
        let _ = writeln!(w, "\\xtInfoset[dashed](v{a})(v{b})");
    }
    for (text, fill, at) in boxes {
        let _ = writeln!(
            w,
            "\\node[draw, fill={fill}, rounded corners, below, align=center, font=\\footnotesize] at ({at}) {{{text}}};"
        );
    }
    let _ = writeln!(w, "\\end{{istgame}}");
    let (lo, hi) = d.extent;
    let depth = d.nodes.iter().map(|n| n.depth).max().unwrap_or(0);
    let width = ((hi - lo) * unit + 40.0).max(120.0);
    let text_lines = d.nodes.iter().map(|n| n.below.len() + 1).max().unwrap_or(1);
    let height = (depth as f64 * LEVEL_MM
        + 4.5 * text_lines as f64
        + 40.0
        + 10.0 * (d.notes.len() + d.legend.len()) as f64)
        .max(60.0);
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
    let notes = d.notes.iter().map(|n| format!("Note: {n}."));
    for line in d.legend.iter().cloned().chain(notes) {
        let _ = writeln!(doc, "\n\\medskip{{\\footnotesize {}}}", escape(&line));
    }
    let _ = writeln!(doc, "\\end{{center}}");
    let _ = writeln!(doc, "\\end{{document}}");
    Tikz {
        document: doc,
        picture: p,
        notes: d.notes.clone(),
    }
}
