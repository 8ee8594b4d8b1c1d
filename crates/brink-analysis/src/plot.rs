//! Charts, drawn with plotters in the embedded font, to SVG or PNG by file extension.
//!
//! Sizes are chosen for a figure printed about 16 cm wide: 1200 pixels across,
//! tick labels at 22 pixels (about 9 pt at that width), titles larger.

use crate::design::{Design, DesignRun};
use crate::error::AnalysisError;
use crate::font::{self, FAMILY};
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Picture formats, chosen by file extension.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    /// `.svg`: text stays text, for papers and the web.
    Svg,
    /// `.png`: a bitmap, text rendered with the embedded font.
    Png,
}

impl ImageFormat {
    /// The format of a path, from its extension.
    pub fn of(path: &Path) -> Result<ImageFormat, AnalysisError> {
        match path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase)
            .as_deref()
        {
            Some("svg") => Ok(ImageFormat::Svg),
            Some("png") => Ok(ImageFormat::Png),
            _ => Err(AnalysisError::Plot {
                path: path.display().to_string(),
                message: "the file name must end in .svg or .png".into(),
            }),
        }
    }
}

/// Colours for series, in order (the Tableau 10 palette: distinct, and legible in print).
pub const PALETTE: [RGBColor; 10] = [
    RGBColor(31, 119, 180),
    RGBColor(214, 39, 40),
    RGBColor(44, 160, 44),
    RGBColor(255, 127, 14),
    RGBColor(148, 103, 189),
    RGBColor(140, 86, 75),
    RGBColor(227, 119, 194),
    RGBColor(127, 127, 127),
    RGBColor(188, 189, 34),
    RGBColor(23, 190, 207),
];

/// The colour of series `i`.
pub fn colour(i: usize) -> RGBColor {
    PALETTE[i % PALETTE.len()]
}

pub(crate) type DrawResult = Result<(), String>;

pub(crate) fn err<E: std::fmt::Debug>(e: E) -> String {
    format!("{e:?}")
}

/// Draws with `draw` on an SVG or PNG of the given size, chosen by the extension of `path`.
/// `draw` is a macro-free way to be generic over the backend: it is called with either.
pub(crate) fn render(
    path: &Path,
    size: (u32, u32),
    draw_svg: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult,
    draw_png: impl FnOnce(&DrawingArea<BitMapBackend, Shift>) -> DrawResult,
) -> Result<(), AnalysisError> {
    let fail = |message: String| AnalysisError::Plot {
        path: path.display().to_string(),
        message,
    };
    font::ensure()?;
    let format = ImageFormat::of(path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        if !dir.is_dir() {
            return Err(fail(format!("the folder {} does not exist", dir.display())));
        }
    }
    match format {
        ImageFormat::Svg => {
            let root = SVGBackend::new(path, size).into_drawing_area();
            root.fill(&WHITE).map_err(|e| fail(err(e)))?;
            draw_svg(&root).map_err(fail)?;
            root.present().map_err(|e| fail(err(e)))
        }
        ImageFormat::Png => {
            let root = BitMapBackend::new(path, size).into_drawing_area();
            root.fill(&WHITE).map_err(|e| fail(err(e)))?;
            draw_png(&root).map_err(fail)?;
            root.present().map_err(|e| fail(err(e)))
        }
    }
}

/// Draws with `draw` on an SVG of the given size kept in memory, for callers
/// that must not touch the file system (the web server).
pub(crate) fn render_svg_string(
    size: (u32, u32),
    draw: impl FnOnce(&DrawingArea<SVGBackend, Shift>) -> DrawResult,
) -> Result<String, AnalysisError> {
    let fail = |message: String| AnalysisError::Plot {
        path: "<svg in memory>".into(),
        message,
    };
    font::ensure()?;
    let mut out = String::new();
    {
        let root = SVGBackend::with_string(&mut out, size).into_drawing_area();
        root.fill(&WHITE).map_err(|e| fail(err(e)))?;
        draw(&root).map_err(fail)?;
        root.present().map_err(|e| fail(err(e)))?;
    }
    Ok(out)
}

/// Calls a generic drawing function with both backends.
macro_rules! render_with {
    ($path:expr, $size:expr, $($f:ident)::+ ( $($arg:expr),* )) => {
        crate::plot::render($path, $size, |root| $($f)::+(root, $($arg),*), |root| $($f)::+(root, $($arg),*))
    };
}
pub(crate) use render_with;

/// A range that shows `lo..hi` with a margin, and is never empty.
pub(crate) fn padded(lo: f64, hi: f64) -> (f64, f64) {
    if !lo.is_finite() || !hi.is_finite() {
        return (0.0, 1.0);
    }
    let span = hi - lo;
    if span <= 1e-12 * lo.abs().max(hi.abs()).max(1e-300) {
        let pad = if lo == 0.0 { 0.5 } else { lo.abs() * 0.1 };
        return (lo - pad, hi + pad);
    }
    (lo - 0.05 * span, hi + 0.05 * span)
}

fn min_max(values: impl Iterator<Item = f64>) -> (f64, f64) {
    values.fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), v| {
        (a.min(v), b.max(v))
    })
}

/// Runs of consecutive defined points, drawn as separate lines so that gaps show.
fn segments(x: &[f64], y: &[Option<f64>]) -> Vec<Vec<(f64, f64)>> {
    let mut out = vec![Vec::new()];
    for (&xi, yi) in x.iter().zip(y) {
        match yi {
            Some(v) => out.last_mut().expect("never empty").push((xi, *v)),
            None if !out.last().expect("never empty").is_empty() => out.push(Vec::new()),
            None => {}
        }
    }
    out.retain(|s| !s.is_empty());
    out
}

/// The corner (or side) of a chart with the fewest data points, for the legend.
pub(crate) fn legend_spot(
    points: impl Iterator<Item = (f64, f64)>,
    (x0, x1): (f64, f64),
    (y0, y1): (f64, f64),
) -> SeriesLabelPosition {
    use SeriesLabelPosition::*;
    // (x region, y region) as fractions of the chart: legends take about a third by a quarter.
    let spots = [
        (UpperRight, (0.6, 1.0), (0.72, 1.0)),
        (UpperLeft, (0.0, 0.4), (0.72, 1.0)),
        (LowerRight, (0.6, 1.0), (0.0, 0.28)),
        (LowerLeft, (0.0, 0.4), (0.0, 0.28)),
        (MiddleRight, (0.6, 1.0), (0.36, 0.64)),
        (MiddleLeft, (0.0, 0.4), (0.36, 0.64)),
    ];
    let mut counts = [0usize; 6];
    for (x, y) in points {
        let fx = (x - x0) / (x1 - x0);
        let fy = (y - y0) / (y1 - y0);
        for (k, (_, (a, b), (c, d))) in spots.iter().enumerate() {
            if fx >= *a && fx <= *b && fy >= *c && fy <= *d {
                counts[k] += 1;
            }
        }
    }
    let best = (0..spots.len()).min_by_key(|&k| counts[k]).unwrap_or(0);
    spots
        .into_iter()
        .nth(best)
        .map(|s| s.0)
        .unwrap_or(UpperRight)
}

/// One panel of lines: `series` are (name, values aligned with `x`, `None` for gaps).
pub(crate) struct LinePanel<'a> {
    pub title: &'a str,
    pub x_label: &'a str,
    pub y_label: &'a str,
    pub x: &'a [f64],
    pub series: Vec<(String, Vec<Option<f64>>)>,
    pub y_range: Option<(f64, f64)>,
    /// Points to flag with a cross at the foot of the panel (where the solution
    /// is not an exact equilibrium), and the legend text for them.
    pub flags: (Vec<f64>, String),
    /// Points whose solve failed: they have no values, so without a mark
    /// the line's gap there would read as a point never asked for.
    pub failed: Vec<f64>,
}

/// Legend text of the points whose solve failed or did not converge.
pub const NOT_CONVERGED: &str = "not converged";

/// The mark of a failed point: a hollow circle, black, where solved points
/// are filled and coloured.
fn failed_mark<C>(at: C) -> Circle<C, i32> {
    Circle::new(at, 7, BLACK.stroke_width(2))
}

pub(crate) fn line_panel<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: &LinePanel,
) -> DrawResult {
    let (x0, x1) = min_max(p.x.iter().copied());
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { padded(x0, x1) };
    let (y0, y1) = p.y_range.unwrap_or_else(|| {
        let (a, b) = min_max(p.series.iter().flat_map(|s| s.1.iter().flatten().copied()));
        padded(a, b)
    });
    let mut chart = ChartBuilder::on(area)
        .caption(p.title, (FAMILY, 30))
        .margin(16)
        .x_label_area_size(64)
        .y_label_area_size(100)
        .build_cartesian_2d(x0..x1, y0..y1)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(p.x_label)
        .y_desc(p.y_label)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .label_style((FAMILY, 22))
        .axis_desc_style((FAMILY, 24))
        .light_line_style(RGBColor(235, 235, 235))
        .draw()
        .map_err(err)?;
    let markers = p.x.len() <= 40;
    for (i, (name, ys)) in p.series.iter().enumerate() {
        let c = colour(i);
        let mut first = true;
        for seg in segments(p.x, ys) {
            let drawn = chart
                .draw_series(LineSeries::new(seg.clone(), c.stroke_width(3)))
                .map_err(err)?;
            if first {
                drawn.label(name.as_str()).legend(move |(x, y)| {
                    PathElement::new(vec![(x, y), (x + 28, y)], c.stroke_width(3))
                });
                first = false;
            }
            if markers {
                chart
                    .draw_series(seg.iter().map(|&(x, y)| Circle::new((x, y), 4, c.filled())))
                    .map_err(err)?;
            }
        }
    }
    if !p.flags.0.is_empty() {
        let foot = y0 + 0.04 * (y1 - y0);
        chart
            .draw_series(
                p.flags
                    .0
                    .iter()
                    .map(|&x| Cross::new((x, foot), 6, BLACK.stroke_width(2))),
            )
            .map_err(err)?
            .label(p.flags.1.as_str())
            .legend(|(x, y)| Cross::new((x + 14, y), 6, BLACK.stroke_width(2)));
    }
    if !p.failed.is_empty() {
        let foot = y0 + 0.04 * (y1 - y0);
        chart
            .draw_series(p.failed.iter().map(|&x| failed_mark((x, foot))))
            .map_err(err)?
            .label(NOT_CONVERGED)
            .legend(|(x, y)| failed_mark((x + 14, y)));
    }
    if p.series.len() > 1 || !p.flags.0.is_empty() || !p.failed.is_empty() {
        let pts = p
            .series
            .iter()
            .flat_map(|s| p.x.iter().zip(&s.1).filter_map(|(&x, y)| y.map(|y| (x, y))));
        chart
            .configure_series_labels()
            .label_font((FAMILY, 22))
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(160, 160, 160))
            .position(legend_spot(pts, (x0, x1), (y0, y1)))
            .draw()
            .map_err(err)?;
    }
    Ok(())
}

/// An axis tick as a reader writes it: `60,000`, not `60000.0`; `0`, not
/// `-0.0` or `5.55e-17`; at most four significant digits.
pub fn tick_label(v: &f64) -> String {
    let v = *v;
    if !v.is_finite() {
        return v.to_string();
    }
    if v.abs() < 1e-12 {
        return "0".into();
    }
    let text = crate::tree::format::format_decimal(v, 4);
    if text.contains('e') {
        return text;
    }
    let (sign, digits) = match text.strip_prefix('-') {
        Some(rest) => ("-", rest),
        None => ("", text.as_str()),
    };
    let (whole, frac) = match digits.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (digits, None),
    };
    let mut grouped = String::new();
    for (i, c) in whole.chars().enumerate() {
        if i > 0 && (whole.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    match frac {
        Some(f) => format!("{sign}{grouped}.{f}"),
        None => format!("{sign}{grouped}"),
    }
}

/// Writes `text` centred in `area`, a band above the panels: plotters'
/// `titled` puts the text's top at the band's top, which clipped the
/// ascenders of titles in the PNG backend.
pub(crate) fn title_band<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    size: u32,
) -> DrawResult {
    let (w, h) = area.dim_in_pixel();
    let style =
        TextStyle::from((FAMILY, size).into_font()).pos(plotters::style::text_anchor::Pos::new(
            plotters::style::text_anchor::HPos::Center,
            plotters::style::text_anchor::VPos::Center,
        ));
    area.draw(&Text::new(
        text.to_string(),
        (w as i32 / 2, h as i32 / 2),
        style,
    ))
    .map_err(err)?;
    Ok(())
}

/// The most panels one picture holds: every outcome and metric of the
/// library's models fits (the founding crisis has 14); past this a picture
/// would be too tall to read.
pub const MAX_PANELS: usize = 30;

/// Sweep points whose regret exceeds this are marked with a cross: the
/// probabilities there do not come from an exact equilibrium.
pub const REGRET_FLAG: f64 = 1e-6;

/// A line chart of a one-parameter sweep (outcome probabilities on top, one panel
/// per metric below), or a grid of heat maps of a two-parameter sweep.
pub fn plot_sweep(path: &Path, table: &DesignRun) -> Result<(), AnalysisError> {
    match table.vary().len() {
        1 => {
            let panels = 1 + table.metrics.len().min(MAX_PANELS);
            let height = if panels == 1 {
                700
            } else {
                460 * panels as u32
            };
            render_with!(path, (1200, height), draw_sweep_1d(table))
        }
        2 => {
            let n = (table.outcomes.len() + table.metrics.len()).clamp(1, MAX_PANELS);
            let cols = n.min(3) as u32;
            let rows = n.div_ceil(3) as u32;
            render_with!(
                path,
                (560 * cols, 520 * rows + 60),
                crate::plot::heat::draw_sweep_2d(table)
            )
        }
        _ => Err(AnalysisError::Invalid(
            "a sweep plot needs one or two varied parameters".into(),
        )),
    }
}

fn draw_sweep_1d<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    table: &DesignRun,
) -> DrawResult {
    let x: Vec<f64> = table.points.iter().map(|p| p.params[0]).collect();
    let name = &table.vary()[0].name;
    let metrics = table.metrics.len().min(MAX_PANELS);
    let areas = root.split_evenly((1 + metrics, 1));
    let title = format!("{}: outcome probabilities over {name}", table.model);
    let series = table
        .outcomes
        .iter()
        .map(|o| (o.clone(), table.column(o).unwrap_or_default()))
        .collect();
    let flagged: Vec<f64> = table
        .points
        .iter()
        .filter(|p| p.regret.is_some_and(|r| r > REGRET_FLAG))
        .map(|p| p.params[0])
        .collect();
    let failed: Vec<f64> = table
        .points
        .iter()
        .filter(|p| p.error.is_some())
        .map(|p| p.params[0])
        .collect();
    line_panel(
        &areas[0],
        &LinePanel {
            title: &title,
            x_label: name,
            y_label: "probability",
            x: &x,
            series,
            y_range: Some((-0.02, 1.02)),
            flags: (flagged, format!("regret > {REGRET_FLAG:e}")),
            failed: failed.clone(),
        },
    )?;
    for (k, m) in table.metrics.iter().take(metrics).enumerate() {
        let series = vec![(m.clone(), table.column(m).unwrap_or_default())];
        let title = format!("expected {m}");
        line_panel(
            &areas[k + 1],
            &LinePanel {
                title: &title,
                x_label: name,
                y_label: m,
                x: &x,
                series,
                y_range: None,
                flags: (Vec::new(), String::new()),
                failed: failed.clone(),
            },
        )?;
    }
    Ok(())
}

/// A curve with an optional confidence band, for [`plot_prob_curves`].
#[derive(Clone, Debug, PartialEq)]
pub struct Series {
    /// Legend text.
    pub name: String,
    /// Values, aligned with [`ProbCurves::x`].
    pub y: Vec<f64>,
    /// Lower and upper edges of the band, aligned with `x`.
    pub band: Option<(Vec<f64>, Vec<f64>)>,
}

/// Predicted probabilities against one covariate (as `games::predProbs` draws them).
#[derive(Clone, Debug, PartialEq)]
pub struct ProbCurves {
    /// Title above the chart.
    pub title: String,
    /// The covariate's name.
    pub x_label: String,
    /// The vertical axis' name.
    pub y_label: String,
    /// Covariate values, increasing.
    pub x: Vec<f64>,
    /// One curve per outcome.
    pub series: Vec<Series>,
}

/// Draws predicted probabilities with shaded bands (95% intervals, say) against a
/// covariate, to SVG or PNG by extension. The vertical axis spans 0 to 1.
pub fn plot_prob_curves(path: &Path, curves: &ProbCurves) -> Result<(), AnalysisError> {
    let bad = |m: String| AnalysisError::Plot {
        path: path.display().to_string(),
        message: m,
    };
    if curves.x.is_empty() || curves.series.is_empty() {
        return Err(bad(
            "nothing to draw: no covariate values or no series".into()
        ));
    }
    for s in &curves.series {
        let band_ok = s
            .band
            .as_ref()
            .is_none_or(|(l, u)| l.len() == curves.x.len() && u.len() == curves.x.len());
        if s.y.len() != curves.x.len() || !band_ok {
            return Err(bad(format!(
                "series `{}` does not have one value per covariate value",
                s.name
            )));
        }
        let all =
            s.y.iter()
                .chain(s.band.iter().flat_map(|(l, u)| l.iter().chain(u)));
        if all.clone().any(|v| !v.is_finite()) {
            return Err(bad(format!(
                "series `{}` has a value that is not a finite number",
                s.name
            )));
        }
    }
    render_with!(path, (1200, 800), draw_prob_curves(curves))
}

fn draw_prob_curves<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    c: &ProbCurves,
) -> DrawResult {
    let (x0, x1) = min_max(c.x.iter().copied());
    let (x0, x1) = if x1 > x0 { (x0, x1) } else { padded(x0, x1) };
    let mut chart = ChartBuilder::on(root)
        .caption(&c.title, (FAMILY, 32))
        .margin(20)
        .x_label_area_size(70)
        .y_label_area_size(100)
        .build_cartesian_2d(x0..x1, -0.02..1.02)
        .map_err(err)?;
    chart
        .configure_mesh()
        .x_desc(&c.x_label)
        .y_desc(&c.y_label)
        .x_label_formatter(&tick_label)
        .y_label_formatter(&tick_label)
        .label_style((FAMILY, 22))
        .axis_desc_style((FAMILY, 26))
        .light_line_style(RGBColor(235, 235, 235))
        // One faint line between labelled ones: ten of them compete with
        // the translucent bands for the eye.
        .max_light_lines(1)
        .draw()
        .map_err(err)?;
    for (i, s) in c.series.iter().enumerate() {
        if let Some((lo, hi)) = &s.band {
            let mut poly: Vec<(f64, f64)> = c.x.iter().copied().zip(hi.iter().copied()).collect();
            poly.extend(c.x.iter().copied().zip(lo.iter().copied()).rev());
            chart
                .draw_series(std::iter::once(Polygon::new(
                    poly,
                    colour(i).mix(0.2).filled(),
                )))
                .map_err(err)?;
        }
    }
    for (i, s) in c.series.iter().enumerate() {
        let col = colour(i);
        let pts: Vec<(f64, f64)> = c.x.iter().copied().zip(s.y.iter().copied()).collect();
        chart
            .draw_series(LineSeries::new(pts, col.stroke_width(3)))
            .map_err(err)?
            .label(s.name.as_str())
            // The swatch is the curve on its band, in the colours drawn:
            // a half-tone block alone matched neither.
            .legend(move |(x, y)| {
                EmptyElement::at((x, y))
                    + Rectangle::new([(0, -8), (28, 8)], col.mix(0.2).filled())
                    + PathElement::new(vec![(0, 0), (28, 0)], col.stroke_width(3))
            });
    }
    let pts = c.series.iter().flat_map(|s| {
        let band = s
            .band
            .iter()
            .flat_map(|(l, u)| c.x.iter().copied().zip(l.iter().chain(u.iter()).copied()));
        c.x.iter()
            .copied()
            .zip(s.y.iter().copied())
            .chain(band)
            .collect::<Vec<_>>()
    });
    chart
        .configure_series_labels()
        .label_font((FAMILY, 22))
        .background_style(WHITE.mix(0.85))
        .border_style(RGBColor(160, 160, 160))
        .position(legend_spot(pts, (x0, x1), (-0.02, 1.02)))
        .draw()
        .map_err(err)?;
    Ok(())
}

/// Histograms of each outcome probability and metric over the draws of a Monte
/// Carlo run, with the 5%, 50% and 95% quantiles marked.
pub fn plot_histograms(path: &Path, run: &DesignRun) -> Result<(), AnalysisError> {
    let n = (run.outcomes.len() + run.metrics.len()).clamp(1, MAX_PANELS);
    let cols = n.min(3) as u32;
    let rows = n.div_ceil(3) as u32;
    render_with!(
        path,
        (560 * cols, 480 * rows + 60),
        crate::plot::heat::draw_histograms(run)
    )
}

/// The picture of a run: [`plot_sweep`]'s for a grid, [`plot_histograms`]'s
/// for draws.
pub fn plot_run(path: &Path, run: &DesignRun) -> Result<(), AnalysisError> {
    match run.design {
        Design::Sweep { .. } => plot_sweep(path, run),
        Design::Montecarlo { .. } => plot_histograms(path, run),
    }
}

pub mod heat;
pub mod levers;
pub use levers::{levers_svg, plot_levers, plot_sensitivity};

#[cfg(test)]
mod tick_tests {
    use super::tick_label;

    #[test]
    fn ticks_read_as_written() {
        assert_eq!(tick_label(&60000.0), "60,000");
        assert_eq!(tick_label(&-1234567.0), "-1,234,567");
        assert_eq!(tick_label(&-0.0), "0");
        assert_eq!(tick_label(&-5.55e-17), "0");
        assert_eq!(tick_label(&0.25), "0.25");
        assert_eq!(tick_label(&1500.6), "1,501");
        assert_eq!(tick_label(&12.0), "12");
    }
}
