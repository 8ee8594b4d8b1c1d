//! Small multiples: heat maps of two-parameter sweeps and histograms of Monte Carlo draws.

use super::{colour, err, padded, DrawResult};
use crate::design::{quantile, Design, DesignRun};
use crate::font::FAMILY;
use plotters::coord::Shift;
use plotters::prelude::*;

/// Viridis at nine stops: perceptually even, readable in grey and by most colour-blind readers.
const VIRIDIS: [(u8, u8, u8); 9] = [
    (68, 1, 84),
    (71, 44, 122),
    (59, 81, 139),
    (44, 113, 142),
    (33, 144, 141),
    (39, 173, 129),
    (92, 200, 99),
    (170, 220, 50),
    (253, 231, 37),
];

/// The viridis colour of `t` in `[0, 1]` (clamped).
pub fn viridis(t: f64) -> RGBColor {
    let t = if t.is_finite() {
        t.clamp(0.0, 1.0)
    } else {
        0.0
    };
    let s = t * (VIRIDIS.len() - 1) as f64;
    let i = (s.floor() as usize).min(VIRIDIS.len() - 2);
    let f = s - i as f64;
    let mix = |a: u8, b: u8| (a as f64 + f * (b as f64 - a as f64)).round() as u8;
    let (a, b) = (VIRIDIS[i], VIRIDIS[i + 1]);
    RGBColor(mix(a.0, b.0), mix(a.1, b.1), mix(a.2, b.2))
}

/// Cell edges around grid values: halfway between neighbours, half a step beyond the ends.
fn edges(v: &[f64]) -> Vec<f64> {
    if v.len() == 1 {
        return vec![v[0] - 0.5, v[0] + 0.5];
    }
    let mut e = Vec::with_capacity(v.len() + 1);
    e.push(v[0] - (v[1] - v[0]) / 2.0);
    e.extend(v.windows(2).map(|w| (w[0] + w[1]) / 2.0));
    e.push(v[v.len() - 1] + (v[v.len() - 1] - v[v.len() - 2]) / 2.0);
    e
}

pub(crate) fn draw_sweep_2d<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    t: &DesignRun,
) -> DrawResult {
    let (title_area, body) = root.split_vertically(72);
    let mut title = format!(
        "{}: sweep over {} and {}",
        t.model,
        t.vary()[0].name,
        t.vary()[1].name
    );
    if t.failures() > 0 {
        title.push_str(&format!(" (crossed cells: {})", super::NOT_CONVERGED));
    }
    super::title_band(&title_area, &title, 32)?;
    let quantities: Vec<(String, bool)> = t
        .outcomes
        .iter()
        .map(|o| (o.clone(), true))
        .chain(t.metrics.iter().map(|m| (m.clone(), false)))
        .take(crate::plot::MAX_PANELS)
        .collect();
    let cols = quantities.len().clamp(1, 3);
    let rows = quantities.len().div_ceil(3).max(1);
    let panels = body.split_evenly((rows, cols));
    let xs = t.vary()[0].values();
    let ys = t.vary()[1].values();
    let (ex, ey) = (edges(&xs), edges(&ys));
    for ((name, is_prob), area) in quantities.iter().zip(&panels) {
        let col = t.column(name).unwrap_or_default();
        let (zmin, zmax) = if *is_prob {
            (0.0, 1.0)
        } else {
            let (a, b) = col
                .iter()
                .flatten()
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(a, b), &v| {
                    (a.min(v), b.max(v))
                });
            if b > a {
                (a, b)
            } else {
                padded(a, b)
            }
        };
        let (main, bar) =
            area.split_horizontally(area.dim_in_pixel().0 as i32 - bar_width(zmin, zmax));
        let (ex0, ex1) = (ex[0].min(ex[ex.len() - 1]), ex[0].max(ex[ex.len() - 1]));
        let (ey0, ey1) = (ey[0].min(ey[ey.len() - 1]), ey[0].max(ey[ey.len() - 1]));
        let title = if *is_prob {
            format!("P({name})")
        } else {
            format!("expected {name}")
        };
        let mut chart = ChartBuilder::on(&main)
            .caption(&title, (FAMILY, 28))
            .margin(10)
            .x_label_area_size(60)
            .y_label_area_size(80)
            .build_cartesian_2d(ex0..ex1, ey0..ey1)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_mesh()
            .x_desc(&t.vary()[0].name)
            .y_desc(&t.vary()[1].name)
            .x_label_formatter(&crate::plot::tick_label)
            .y_label_formatter(&crate::plot::tick_label)
            .label_style((FAMILY, 20))
            .axis_desc_style((FAMILY, 22))
            .draw()
            .map_err(err)?;
        let cells = t.points.iter().zip(&col).map(|(p, z)| {
            let (i, j) = (p.index % xs.len(), p.index / xs.len());
            let fill = match z {
                Some(z) => viridis((z - zmin) / (zmax - zmin)).filled(),
                None => RGBColor(255, 255, 255).filled(),
            };
            Rectangle::new([(ex[i], ey[j]), (ex[i + 1], ey[j + 1])], fill)
        });
        chart.draw_series(cells).map_err(err)?;
        // A failed cell is white, which no value maps to, and crossed
        // corner to corner so that it reads as missing in grey print too.
        let crosses = t.points.iter().filter(|p| p.error.is_some()).flat_map(|p| {
            let (i, j) = (p.index % xs.len(), p.index / xs.len());
            let (a, b) = ((ex[i], ey[j]), (ex[i + 1], ey[j + 1]));
            [
                PathElement::new(vec![a, b], BLACK.stroke_width(2)),
                PathElement::new(vec![(a.0, b.1), (b.0, a.1)], BLACK.stroke_width(2)),
            ]
        });
        chart.draw_series(crosses).map_err(err)?;
        colour_bar(&bar, zmin, zmax)?;
    }
    Ok(())
}

/// Pixels of the colour bar's labels: the longest of its end labels at
/// about 11 pixels a character (18-pixel digits), and a gap.
fn bar_label_width(zmin: f64, zmax: f64) -> i32 {
    let chars = [zmin, zmax, (zmin + zmax) / 2.0]
        .iter()
        .map(|v| crate::plot::tick_label(v).chars().count())
        .max()
        .unwrap_or(4)
        .max(3);
    11 * chars as i32 + 14
}

/// Pixels of the colour bar's column: gap, bar, labels.
fn bar_width(zmin: f64, zmax: f64) -> i32 {
    20 + 28 + bar_label_width(zmin, zmax)
}

/// The colour bar, labelled on its right: on the left its labels ran into
/// the heat map's edge and into their own tick marks, and a long label
/// pushed the bar past the picture's edge.
fn colour_bar<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    zmin: f64,
    zmax: f64,
) -> DrawResult {
    let mut chart = ChartBuilder::on(area)
        .margin_top(58)
        .margin_bottom(70)
        .margin_left(20)
        .set_label_area_size(LabelAreaPosition::Right, bar_label_width(zmin, zmax))
        .build_cartesian_2d(0.0..1.0, zmin..zmax)
        .map_err(err)?;
    chart
        .configure_mesh()
        .disable_mesh()
        .disable_x_axis()
        .set_tick_mark_size(LabelAreaPosition::Right, 6)
        // Six labels at most: 18-pixel text with at least a line between.
        .y_labels(6)
        .y_label_formatter(&crate::plot::tick_label)
        .label_style((FAMILY, 18))
        .draw()
        .map_err(err)?;
    let steps = 100;
    chart
        .draw_series((0..steps).map(|k| {
            let a = zmin + (zmax - zmin) * k as f64 / steps as f64;
            let b = zmin + (zmax - zmin) * (k + 1) as f64 / steps as f64;
            Rectangle::new(
                [(0.0, a), (1.0, b)],
                viridis((k as f64 + 0.5) / steps as f64).filled(),
            )
        }))
        .map_err(err)?;
    Ok(())
}

pub(crate) fn draw_histograms<DB: DrawingBackend>(
    root: &DrawingArea<DB, Shift>,
    run: &DesignRun,
) -> DrawResult {
    let (title_area, body) = root.split_vertically(72);
    let title = format!(
        "{}: {} draws, seed {} (dashed: 5%, 50% and 95% quantiles)",
        run.model,
        run.points.len() - run.failures(),
        match run.design {
            Design::Montecarlo { seed, .. } => seed,
            Design::Sweep { .. } => 0,
        }
    );
    let failed = run.failures();
    let title = if failed > 0 {
        format!("{title}; {failed} {}", super::NOT_CONVERGED)
    } else {
        title
    };
    super::title_band(&title_area, &title, 32)?;
    let quantities: Vec<(String, Vec<f64>)> = (0..run.outcomes.len())
        .map(|i| (format!("P({})", run.outcomes[i]), run.series("prob", i)))
        .chain((0..run.metrics.len()).map(|i| {
            (
                format!("expected {}", run.metrics[i]),
                run.series("metric", i),
            )
        }))
        .take(crate::plot::MAX_PANELS)
        .collect();
    let cols = quantities.len().clamp(1, 3);
    let rows = quantities.len().div_ceil(3).max(1);
    let panels = body.split_evenly((rows, cols));
    for (k, ((name, xs), area)) in quantities.iter().zip(&panels).enumerate() {
        let mut sorted = xs.clone();
        sorted.sort_by(f64::total_cmp);
        let (lo, hi) = match (sorted.first(), sorted.last()) {
            (Some(&a), Some(&b)) if b > a => (a, b),
            (Some(&a), Some(&b)) => padded(a, b),
            _ => (0.0, 1.0),
        };
        let bins = 30usize;
        let width = (hi - lo) / bins as f64;
        let mut counts = vec![0usize; bins];
        for &x in xs {
            counts[(((x - lo) / width) as usize).min(bins - 1)] += 1;
        }
        // Headroom for the not-converged legend, when there is one, above
        // the tallest bar.
        let room = if failed > 0 { 1.35 } else { 1.1 };
        let top = *counts.iter().max().unwrap_or(&1) as f64 * room + 1.0;
        let mut chart = ChartBuilder::on(area)
            .caption(name, (FAMILY, 26))
            .margin(12)
            .x_label_area_size(50)
            .y_label_area_size(80)
            .build_cartesian_2d(lo..hi, 0.0..top)
            .map_err(err)?;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .y_desc("draws")
            .x_labels(5)
            .x_label_formatter(&crate::plot::tick_label)
            // Counts are whole numbers: with few draws, ask for no more ticks than
            // there are integers on the axis, so no label repeats after rounding.
            .y_labels((top.floor() as usize + 1).clamp(2, 8))
            .y_label_formatter(&|v| format!("{v:.0}"))
            .label_style((FAMILY, 18))
            .axis_desc_style((FAMILY, 20))
            .light_line_style(RGBColor(235, 235, 235))
            .draw()
            .map_err(err)?;
        let c = colour(k);
        chart
            .draw_series(counts.iter().enumerate().map(|(b, &n)| {
                let x0 = lo + width * b as f64;
                Rectangle::new([(x0, 0.0), (x0 + width, n as f64)], c.mix(0.75).filled())
            }))
            .map_err(err)?;
        for (q, style) in [(0.05, 1), (0.5, 3), (0.95, 1)] {
            let v = quantile(&sorted, q);
            if v.is_finite() {
                chart
                    .draw_series(DashedLineSeries::new(
                        vec![(v, 0.0), (v, top)],
                        8,
                        5,
                        BLACK.stroke_width(style),
                    ))
                    .map_err(err)?;
            }
        }
        if failed > 0 {
            // Failed draws have no value to bin: a legend entry with a
            // hollow swatch counts them in every panel.
            chart
                .draw_series(std::iter::empty::<Rectangle<(f64, f64)>>())
                .map_err(err)?
                .label(format!("{}: {failed} draws", super::NOT_CONVERGED))
                .legend(|(x, y)| {
                    Rectangle::new([(x, y - 8), (x + 24, y + 8)], BLACK.stroke_width(2))
                });
            chart
                .configure_series_labels()
                .label_font((FAMILY, 18))
                .background_style(WHITE.mix(0.85))
                .border_style(RGBColor(160, 160, 160))
                .position(SeriesLabelPosition::UpperRight)
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
    fn viridis_ends_and_clamps() {
        assert_eq!(viridis(0.0), RGBColor(68, 1, 84));
        assert_eq!(viridis(1.0), RGBColor(253, 231, 37));
        assert_eq!(viridis(2.0), viridis(1.0));
        assert_eq!(viridis(f64::NAN), viridis(0.0));
    }

    #[test]
    fn cell_edges_surround_the_values() {
        assert_eq!(edges(&[0.0, 1.0, 2.0]), vec![-0.5, 0.5, 1.5, 2.5]);
        assert_eq!(edges(&[3.0]), vec![2.5, 3.5]);
    }
}
