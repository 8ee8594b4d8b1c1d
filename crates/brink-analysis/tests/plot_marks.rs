//! What a reader must be able to tell apart in the SVG: legend swatches in
//! the colours of their series, points whose solve failed, colour-bar
//! labels that do not run into each other.

use brink_analysis::fearon::RiskReturn;
use brink_analysis::plot::{
    colour, plot_histograms, plot_prob_curves, plot_sweep, ProbCurves, Series, NOT_CONVERGED,
};
use brink_analysis::{run_design, DesignRun, DesignSpec};
use brink_game::Watch;
use std::path::PathBuf;

fn tmp(name: &str) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("plot_marks");
    std::fs::create_dir_all(&dir).unwrap();
    dir.join(name)
}

fn hex(c: plotters::style::RGBColor) -> String {
    format!("#{:02X}{:02X}{:02X}", c.0, c.1, c.2)
}

/// The value of attribute `name` in one SVG element.
fn attr<'a>(element: &'a str, name: &str) -> Option<&'a str> {
    let key = format!(" {name}=\"");
    let at = element.find(&key)? + key.len();
    element[at..].split('"').next()
}

/// The SVG's elements of one tag, in document order.
fn elements<'a>(svg: &'a str, tag: &str) -> Vec<&'a str> {
    let open = format!("<{tag} ");
    svg.match_indices(&open)
        .map(|(i, _)| &svg[i..i + svg[i..].find('>').unwrap()])
        .collect()
}

/// Everything drawn after the last legend box (the grey-bordered rectangle
/// plotters draws behind the series labels).
fn legend(svg: &str) -> &str {
    let at = svg.rfind("stroke=\"#A0A0A0\"").expect("a legend box");
    &svg[at..]
}

/// Polylines of exactly two points: legend strokes and short marks.
fn two_point_strokes(svg: &str) -> Vec<String> {
    elements(svg, "polyline")
        .into_iter()
        .filter(|e| attr(e, "points").is_some_and(|p| p.split_whitespace().count() == 2))
        .filter_map(|e| attr(e, "stroke").map(str::to_string))
        .collect()
}

fn sweep(spec: &str) -> DesignRun {
    let vary = spec.split(' ').map(|v| v.parse().unwrap()).collect();
    run_design(
        &RiskReturn,
        &DesignSpec::sweep(vary, vec![]),
        &Watch::quiet(),
    )
    .unwrap()
}

/// Marks points `idx` of a run as failed, as the design records a solve
/// that did not converge.
fn fail(run: &mut DesignRun, idx: &[usize]) {
    for &i in idx {
        let p = &mut run.points[i];
        p.outcomes.clear();
        p.metrics.clear();
        p.regret = None;
        p.error = Some("the solver did not converge".into());
    }
}

/// Hollow black circles: the failed-point mark.
fn hollow_circles(svg: &str) -> usize {
    elements(svg, "circle")
        .into_iter()
        .filter(|e| attr(e, "fill") == Some("none") && attr(e, "stroke") == Some("#000000"))
        .count()
}

#[test]
fn sweep_legend_swatches_are_in_the_line_colours() {
    let t = sweep("c_hi=0.1:0.9:9");
    let path = tmp("legend.svg");
    plot_sweep(&path, &t).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    // The first panel's legend: one swatch per outcome, in the outcome's
    // line colour, in order.
    let first = &svg[..svg.find("expected demand").unwrap()];
    let swatches = two_point_strokes(legend(first));
    let want: Vec<String> = (0..t.outcomes.len()).map(|i| hex(colour(i))).collect();
    assert_eq!(swatches, want);
    for c in &want {
        let lines = elements(first, "polyline")
            .into_iter()
            .filter(|e| attr(e, "stroke") == Some(c.as_str()))
            .count();
        assert!(lines >= 2, "{c}: a line and its swatch");
    }
}

#[test]
fn probability_curve_swatches_are_the_curve_on_its_band() {
    let curves = ProbCurves {
        title: "t".into(),
        x_label: "x".into(),
        y_label: "probability".into(),
        x: vec![0.0, 1.0, 2.0],
        series: ["war", "peace"]
            .iter()
            .enumerate()
            .map(|(k, n)| Series {
                name: n.to_string(),
                y: vec![0.1 + 0.5 * k as f64; 3],
                band: Some((
                    vec![0.05 + 0.5 * k as f64; 3],
                    vec![0.2 + 0.5 * k as f64; 3],
                )),
            })
            .collect(),
    };
    let path = tmp("curves.svg");
    plot_prob_curves(&path, &curves).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    let lg = legend(&svg);
    let want: Vec<String> = (0..2).map(|i| hex(colour(i))).collect();
    assert_eq!(two_point_strokes(lg), want);
    let fills: Vec<&str> = elements(lg, "rect")
        .into_iter()
        .filter_map(|e| attr(e, "fill"))
        .collect();
    for c in &want {
        assert!(fills.contains(&c.as_str()), "{c} band swatch in {fills:?}");
    }
}

#[test]
fn failed_sweep_points_are_hollow_circles_with_a_legend_entry() {
    let mut t = sweep("c_hi=0.1:0.9:9");
    let path = tmp("failed_1d.svg");
    plot_sweep(&path, &t).unwrap();
    let clean = std::fs::read_to_string(&path).unwrap();
    assert_eq!(hollow_circles(&clean), 0);
    assert!(!clean.contains(NOT_CONVERGED));
    fail(&mut t, &[2, 5]);
    plot_sweep(&path, &t).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    // Two marks and a legend swatch in each of the 1 + metrics panels.
    let panels = 1 + t.metrics.len();
    assert_eq!(hollow_circles(&svg), 3 * panels);
    assert_eq!(svg.matches(NOT_CONVERGED).count(), panels);
    plot_sweep(&tmp("failed_1d.png"), &t).unwrap();
}

#[test]
fn failed_heat_map_cells_are_crossed_and_named_in_the_title() {
    let mut t = sweep("c_hi=0.1:0.9:5 c_a=0:0.3:4");
    fail(&mut t, &[3]);
    let path = tmp("failed_2d.svg");
    plot_sweep(&path, &t).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains(&format!("crossed cells: {NOT_CONVERGED}")));
    let crosses = elements(&svg, "polyline")
        .into_iter()
        .filter(|e| attr(e, "stroke") == Some("#000000") && attr(e, "stroke-width") == Some("2"))
        .count();
    // Two strokes per failed cell, in every panel.
    let panels = t.outcomes.len() + t.metrics.len();
    assert_eq!(crosses, 2 * panels);
    plot_sweep(&tmp("failed_2d.png"), &t).unwrap();
}

#[test]
fn failed_draws_are_counted_in_the_histograms() {
    let mut run = run_design(
        &RiskReturn,
        &DesignSpec::montecarlo(60, 2, vec![], vec![]),
        &Watch::quiet(),
    )
    .unwrap();
    fail(&mut run, &[0, 7, 9]);
    let path = tmp("failed_mc.svg");
    plot_histograms(&path, &run).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    assert!(svg.contains("57 draws, seed 2"));
    assert!(svg.contains(&format!("3 {NOT_CONVERGED}")));
    let panels = run.outcomes.len() + run.metrics.len();
    assert_eq!(
        svg.matches(&format!("{NOT_CONVERGED}: 3 draws")).count(),
        panels
    );
    plot_histograms(&tmp("failed_mc.png"), &run).unwrap();
}

/// Text elements as (x, y, anchor, text).
fn texts(svg: &str) -> Vec<(f64, f64, String, String)> {
    svg.match_indices("<text ")
        .filter_map(|(i, _)| {
            let e = &svg[i..];
            let head = &e[..e.find('>')?];
            let body = e[head.len() + 1..e.find("</text>")?].trim().to_string();
            Some((
                attr(head, "x")?.parse().ok()?,
                attr(head, "y")?.parse().ok()?,
                attr(head, "text-anchor").unwrap_or("start").to_string(),
                body,
            ))
        })
        .collect()
}

#[test]
fn colour_bar_labels_stand_apart() {
    let t = sweep("c_hi=0.1:0.9:5 c_a=0:0.3:4");
    let path = tmp("bar.svg");
    plot_sweep(&path, &t).unwrap();
    let svg = std::fs::read_to_string(&path).unwrap();
    // The first panel spans x 0..560, y 72..592; its bar is the column of
    // thin slices (100 of them, 3 or 4 pixels tall) at its right.
    let slices: Vec<(f64, f64, f64, f64)> = elements(&svg, "rect")
        .into_iter()
        .filter_map(|e| {
            let (x, w, h): (f64, f64, f64) = (
                attr(e, "x")?.parse().ok()?,
                attr(e, "width")?.parse().ok()?,
                attr(e, "height")?.parse().ok()?,
            );
            let y: f64 = attr(e, "y")?.parse().ok()?;
            (x < 560.0 && y < 592.0 && h <= 5.0 && w < 60.0).then_some((x, x + w, y, y + h))
        })
        .collect();
    assert!(slices.len() >= 90, "{}", slices.len());
    let bar_left = slices.iter().map(|s| s.0).fold(f64::INFINITY, f64::min);
    let bar_right = slices.iter().map(|s| s.1).fold(0.0, f64::max);
    let bar_top = slices.iter().map(|s| s.2).fold(f64::INFINITY, f64::min);
    let bar_bottom = slices.iter().map(|s| s.3).fold(0.0, f64::max);
    let mut labels: Vec<(f64, f64, String, String)> = texts(&svg)
        .into_iter()
        .filter(|(x, y, _, _)| {
            *x > bar_left - 1.0 && *x < 560.0 && *y >= bar_top - 2.0 && *y <= bar_bottom + 2.0
        })
        .collect();
    labels.sort_by(|a, b| a.1.total_cmp(&b.1));
    assert!(labels.len() >= 3, "{labels:?}");
    for (x, _, anchor, text) in &labels {
        // Left-aligned clear of the bar and its tick marks, and inside the
        // panel at about 11 pixels a character.
        assert_eq!(anchor, "start", "{text} at {x}, bar from {bar_left}");
        assert!(
            *x >= bar_right + 4.0,
            "{text} at {x}, bar ends at {bar_right}"
        );
        assert!(x + 11.0 * text.len() as f64 <= 560.0, "{text} at {x}");
    }
    for w in labels.windows(2) {
        // 18-pixel labels: their baselines must be further apart.
        assert!(w[1].1 - w[0].1 >= 22.0, "{labels:?}");
    }
}
