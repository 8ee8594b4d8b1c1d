//! The lever chart (each lever's change of P(war) and of expected deaths
//! against the baseline, with intervals over parameter draws where the
//! report has them) and the tornado chart of P(war) over each parameter's
//! range.

use super::{err, padded, DrawResult};
use crate::error::AnalysisError;
use crate::font::FAMILY;
use brink_crisis::uncertainty::{p_war, Interval, Sensitivity};
use brink_crisis::Report;
use plotters::coord::ranged1d::SegmentValue;
use plotters::coord::Shift;
use plotters::prelude::*;
use std::path::Path;

/// Bars that lower the quantity (blue) and bars that raise it (red).
const LOWER: RGBColor = RGBColor(31, 119, 180);
const RAISE: RGBColor = RGBColor(214, 39, 40);
/// The tornado's low end (blue) and high end (orange).
const LOW_END: RGBColor = RGBColor(31, 119, 180);
const HIGH_END: RGBColor = RGBColor(255, 127, 14);

/// Parameters the tornado shows at most (the largest swings).
pub const TORNADO_ROWS: usize = 15;

/// One horizontal bar: a label, where the bar starts and ends, and an
/// optional interval drawn as a whisker.
#[derive(Clone, Debug, PartialEq)]
pub struct Bar {
    /// The label on the axis.
    pub label: String,
    /// Where the bar starts (0 for a change; the baseline for a tornado end).
    pub from: f64,
    /// Where it ends.
    pub to: f64,
    /// The whisker, `(lo, hi)`.
    pub whisker: Option<(f64, f64)>,
}

/// The metric a lever chart shows beside P(war): `deaths` when the model
/// has it, else its first metric (none when it has no metric).
fn deaths_metric(report: &Report) -> Option<String> {
    let names: Vec<&String> = report.expected.iter().map(|m| &m.0).collect();
    names
        .iter()
        .find(|n| n.as_str() == "deaths")
        .or(names.first())
        .map(|n| n.to_string())
}

fn outcome_p_war(outcomes: &[(String, f64)]) -> f64 {
    let labels: Vec<String> = outcomes.iter().map(|o| o.0.clone()).collect();
    let probs: Vec<f64> = outcomes.iter().map(|o| o.1).collect();
    p_war(&labels, &probs)
}

fn expected(list: &[(String, f64)], name: &str) -> f64 {
    list.iter().find(|m| m.0 == name).map_or(0.0, |m| m.1)
}

fn interval(i: &Interval) -> Option<(f64, f64)> {
    Some((i.lo, i.hi))
}

/// The lever chart's bars: per lever, the change of P(war) and of the
/// expected `metric` against the baseline, in the order drawn from the top
/// (the lever that lowers P(war) most first). With `report.uncertainty`,
/// bars are the means over draws and whiskers the intervals; without, bars
/// are the point values of `report.levers` and there are no whiskers.
pub fn lever_bars(report: &Report, metric: Option<&str>) -> (Vec<Bar>, Vec<Bar>) {
    let mut rows: Vec<(Bar, Bar)> = match &report.uncertainty {
        Some(u) => u
            .levers
            .iter()
            .map(|l| {
                let m = metric.and_then(|m| l.metric_changes.iter().find(|c| c.0 == m));
                (
                    Bar {
                        label: l.name.clone(),
                        from: 0.0,
                        to: l.p_war_change.mean,
                        whisker: interval(&l.p_war_change),
                    },
                    Bar {
                        label: l.name.clone(),
                        from: 0.0,
                        to: m.map_or(0.0, |c| c.1.mean),
                        whisker: m.and_then(|c| interval(&c.1)),
                    },
                )
            })
            .collect(),
        None => {
            let base = outcome_p_war(&report.outcomes);
            report
                .levers
                .iter()
                .map(|l| {
                    let dm = metric.map_or(0.0, |m| {
                        expected(&l.expected, m) - expected(&report.expected, m)
                    });
                    (
                        Bar {
                            label: l.name.clone(),
                            from: 0.0,
                            to: outcome_p_war(&l.outcomes) - base,
                            whisker: None,
                        },
                        Bar {
                            label: l.name.clone(),
                            from: 0.0,
                            to: dm,
                            whisker: None,
                        },
                    )
                })
                .collect()
        }
    };
    rows.sort_by(|a, b| a.0.to.total_cmp(&b.0.to));
    rows.into_iter().unzip()
}

/// The tornado's bars, the largest swing of P(war) on top: from P(war) at
/// the parameter's low end to P(war) at its high end, labelled with the
/// ends; at most [`TORNADO_ROWS`], and only rows whose two ends solved.
pub fn tornado_bars(rows: &[Sensitivity]) -> Vec<Bar> {
    let mut ok: Vec<&Sensitivity> = rows
        .iter()
        .filter(|r| r.p_war_at_low.is_finite() && r.p_war_at_high.is_finite())
        .collect();
    let swing = |r: &Sensitivity| (r.p_war_at_high - r.p_war_at_low).abs();
    ok.sort_by(|a, b| swing(b).total_cmp(&swing(a)));
    ok.truncate(TORNADO_ROWS);
    ok.into_iter()
        .map(|r| Bar {
            label: format!("{} [{}, {}]", r.parameter, short(r.low), short(r.high)),
            from: r.p_war_at_low,
            to: r.p_war_at_high,
            whisker: None,
        })
        .collect()
}

/// A number in a few significant digits, with thousands separated
/// (`60,000`, `0.035`, `1.5e-7`).
pub fn short(x: f64) -> String {
    if x == 0.0 || !x.is_finite() {
        return format!("{x}");
    }
    let a = x.abs();
    if !(1e-4..1e9).contains(&a) {
        return format!("{x:.2e}");
    }
    if a >= 1000.0 {
        let digits = format!("{:.0}", a);
        let mut out = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                out.push(',');
            }
            out.push(c);
        }
        return if x < 0.0 { format!("-{out}") } else { out };
    }
    // Three significant digits, trailing zeros dropped.
    let decimals = (2 - a.log10().floor() as i32).max(0) as usize;
    let s = format!("{x:.decimals$}");
    if s.contains('.') {
        s.trim_end_matches('0').trim_end_matches('.').to_string()
    } else {
        s
    }
}

/// Draws the lever chart of `report` to `path` (`.png` or `.svg`): the
/// change of P(war) per lever and, in a second panel, of expected deaths
/// (or the model's first metric), as horizontal bars against the baseline,
/// with the intervals of `report.uncertainty` as whiskers when present.
pub fn plot_levers(report: &Report, path: &Path) -> Result<(), AnalysisError> {
    let chart = lever_chart(report).map_err(|message| AnalysisError::Plot {
        path: path.display().to_string(),
        message,
    })?;
    super::render_with!(
        path,
        chart.size,
        draw_bars(&chart.title, &chart.panels, None)
    )
}

/// The lever chart of [`plot_levers`] as SVG text, drawn in memory.
pub fn levers_svg(report: &Report) -> Result<String, AnalysisError> {
    let chart = lever_chart(report).map_err(|message| AnalysisError::Plot {
        path: "<svg in memory>".into(),
        message,
    })?;
    super::render_svg_string(chart.size, |root| {
        draw_bars(root, &chart.title, &chart.panels, None)
    })
}

/// What the lever chart shows, whatever it is drawn on.
struct LeverChart {
    title: String,
    panels: Vec<(String, Vec<Bar>)>,
    size: (u32, u32),
}

fn lever_chart(report: &Report) -> Result<LeverChart, String> {
    let n = match &report.uncertainty {
        Some(u) => u.levers.len(),
        None => report.levers.len(),
    };
    if n == 0 {
        return Err(format!("`{}` declares no lever to chart", report.model));
    }
    let metric = deaths_metric(report);
    let (p, m) = lever_bars(report, metric.as_deref());
    let title = match &report.uncertainty {
        Some(u) => format!(
            "{}: levers against the baseline (means, {:.0}% intervals over {} draws)",
            report.model,
            100.0 * u.level,
            u.draws
        ),
        None => format!("{}: levers against the baseline", report.model),
    };
    let panels: Vec<(String, Vec<Bar>)> = std::iter::once(("change in P(war)".to_string(), p))
        .chain(metric.map(|name| (format!("change in expected {name}"), m)))
        .collect();
    let width = 760 * panels.len() as u32 + 240;
    let height = 150 + 56 * n as u32;
    Ok(LeverChart {
        title,
        panels,
        size: (width, height),
    })
}

/// Draws the tornado chart of `report.sensitivity` to `path` (`.png` or
/// `.svg`): per parameter (the [`TORNADO_ROWS`] largest swings), a bar from
/// the baseline's P(war) to P(war) at the low end (blue) and one to P(war)
/// at the high end (orange), sorted by swing.
pub fn plot_sensitivity(report: &Report, path: &Path) -> Result<(), AnalysisError> {
    let bars = tornado_bars(&report.sensitivity);
    if bars.is_empty() {
        return Err(AnalysisError::Plot {
            path: path.display().to_string(),
            message: "the report has no sensitivity table (run with --sensitivity)".into(),
        });
    }
    let base = outcome_p_war(&report.outcomes);
    let title = format!(
        "{}: P(war) with each parameter at its low and high end (baseline {})",
        report.model,
        short(base)
    );
    let height = 150 + 48 * bars.len() as u32;
    let panels = vec![("P(war)".to_string(), bars)];
    super::render_with!(path, (1400, height), draw_bars(&title, &panels, Some(base)))
}

/// Panels of horizontal bars side by side, sharing the rows. A bar of a
/// change is coloured by its sign; with `baseline`, each bar is drawn as
/// two halves from the baseline, to its `from` (low end) and to its `to`
/// (high end).
fn draw_bars<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    title: &str,
    panels: &[(String, Vec<Bar>)],
    baseline: Option<f64>,
) -> DrawResult {
    let (title_area, body) = root.split_vertically(64);
    super::title_band(&title_area, title, 28)?;
    let areas = body.split_evenly((1, panels.len()));
    for (k, ((name, bars), area)) in panels.iter().zip(&areas).enumerate() {
        let n = bars.len();
        let mut lo = baseline.unwrap_or(0.0);
        let mut hi = lo;
        for b in bars {
            for v in [b.from, b.to]
                .into_iter()
                .chain(b.whisker.iter().flat_map(|w| [w.0, w.1]))
            {
                if v.is_finite() {
                    lo = lo.min(v);
                    hi = hi.max(v);
                }
            }
        }
        let (x0, x1) = padded(lo, hi);
        // Row i (0 on top) is segment n - 1 - i of the y axis, labelled at
        // its centre.
        let labels: Vec<String> = bars.iter().rev().map(|b| b.label.clone()).collect();
        // Only the first panel carries the row labels; the others share them.
        // The longest label at the font's ~10 px a character, so none is cut.
        let longest = labels.iter().map(|l| l.chars().count()).max().unwrap_or(0) as u32;
        let label_width = if k == 0 {
            (longest * 10 + 24).max(120)
        } else {
            8
        };
        let mut chart = ChartBuilder::on(area)
            .margin(14)
            .caption(name, (FAMILY, 24))
            .x_label_area_size(56)
            .y_label_area_size(label_width)
            // `a..b` segmented has the segments a, ..., b: n rows are 0..n - 1.
            .build_cartesian_2d(x0..x1, (0..n as i32 - 1).into_segmented())
            .map_err(err)?;
        // A tick at zero computed as -5.55e-17 reads 0.
        let tick = |x: &f64| {
            if x.abs() < 1e-9 * (x1 - x0) {
                "0".to_string()
            } else {
                short(*x)
            }
        };
        let row_label = |y: &SegmentValue<i32>| match y {
            SegmentValue::CenterOf(i) if k == 0 && *i >= 0 => {
                labels.get(*i as usize).cloned().unwrap_or_default()
            }
            _ => String::new(),
        };
        chart
            .configure_mesh()
            .disable_y_mesh()
            .x_labels(6)
            .y_labels(n + 1)
            .x_label_formatter(&tick)
            .y_label_formatter(&row_label)
            .label_style((FAMILY, 20))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        let zero = baseline.unwrap_or(0.0);
        chart
            .draw_series(std::iter::once(PathElement::new(
                vec![
                    (zero, SegmentValue::Exact(0)),
                    (zero, SegmentValue::Exact(n as i32)),
                ],
                BLACK.stroke_width(2),
            )))
            .map_err(err)?;
        for (i, b) in bars.iter().enumerate() {
            let row = (n - 1 - i) as i32;
            let halves: Vec<(f64, f64, RGBColor)> = match baseline {
                Some(base) => vec![(base, b.from, LOW_END), (base, b.to, HIGH_END)],
                None => {
                    let c = if b.to < b.from { LOWER } else { RAISE };
                    vec![(b.from, b.to, c)]
                }
            };
            for (from, to, c) in halves {
                if from.is_finite() && to.is_finite() {
                    let mut bar = Rectangle::new(
                        [
                            (from, SegmentValue::Exact(row)),
                            (to, SegmentValue::Exact(row + 1)),
                        ],
                        c.mix(0.85).filled(),
                    );
                    bar.set_margin(8, 8, 0, 0);
                    chart.draw_series(std::iter::once(bar)).map_err(err)?;
                }
            }
            if let Some((wl, wh)) = b.whisker {
                let style = BLACK.stroke_width(2);
                let mid = SegmentValue::CenterOf(row);
                chart
                    .draw_series(std::iter::once(PathElement::new(
                        vec![(wl, mid.clone()), (wh, mid.clone())],
                        style,
                    )))
                    .map_err(err)?;
                // Caps a fixed number of pixels tall, whatever the row height.
                chart
                    .draw_series([wl, wh].into_iter().map(|x| {
                        EmptyElement::at((x, mid.clone()))
                            + PathElement::new(vec![(0, -9), (0, 9)], style)
                    }))
                    .map_err(err)?;
            }
        }
        if baseline.is_some() && k == 0 {
            // A legend for the two ends.
            for (label, c) in [("low end", LOW_END), ("high end", HIGH_END)] {
                chart
                    .draw_series(std::iter::empty::<Rectangle<(f64, SegmentValue<i32>)>>())
                    .map_err(err)?
                    .label(label)
                    .legend(move |(x, y)| {
                        Rectangle::new([(x, y - 8), (x + 24, y + 8)], c.mix(0.85).filled())
                    });
            }
            chart
                .configure_series_labels()
                .label_font((FAMILY, 20))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(160, 160, 160))
                .position(SeriesLabelPosition::LowerRight)
                .draw()
                .map_err(err)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_read_as_a_person_writes_them() {
        assert_eq!(short(60000.0), "60,000");
        assert_eq!(short(-1234567.0), "-1,234,567");
        assert_eq!(short(0.0351), "0.0351");
        assert_eq!(short(0.5), "0.5");
        assert_eq!(short(12.345), "12.3");
        assert_eq!(short(0.0), "0");
        assert_eq!(short(2e-7), "2.00e-7");
    }
}
