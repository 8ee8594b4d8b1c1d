//! Words and layout for the text report: wrapping and cutting to the
//! width, probabilities and numbers, histories in short form, cut-points,
//! columns, and the metrics the summary picks.

use super::text::WIDTH;
use super::{num, Cut, LeverResult, Mechanism, Move, Report};
use crate::uncertainty::Interval;

pub(super) fn width(s: &str) -> usize {
    s.chars().count()
}

/// `s` cut to `w` characters, ending in `…` when cut.
pub(super) fn fit(s: &str, w: usize) -> String {
    if width(s) <= w {
        return s.to_string();
    }
    let mut out: String = s.chars().take(w.saturating_sub(1)).collect();
    out.push('…');
    out
}

/// Word-wraps `text` after `first` (the first line's prefix), continuing
/// lines with `indent` spaces, each line at most [`WIDTH`] characters (a
/// word longer than a line is cut).
pub(super) fn wrap(first: &str, indent: usize, text: &str) -> Vec<String> {
    let mut lines = Vec::new();
    let mut line = first.to_string();
    // A prefix with words in it is followed by a space; an indent is not.
    let mut empty = first.trim().is_empty();
    for word in text.split(' ').filter(|w| !w.is_empty()) {
        if !empty && width(&line) + 1 + width(word) > WIDTH {
            lines.push(line);
            line = " ".repeat(indent);
            empty = true;
        }
        if !empty {
            line.push(' ');
        }
        line.push_str(word);
        empty = false;
    }
    lines.push(line);
    lines.into_iter().map(|l| fit(&l, WIDTH)).collect()
}

/// A probability to 3 decimals, or to 3 significant places when small.
pub(super) fn prob(p: f64) -> String {
    if p != 0.0 && p.abs() < 0.001 {
        format!("{p:.1e}")
    } else {
        format!("{p:.3}")
    }
}

/// The moves a player has seen, short: its own moves and chance's by the
/// action alone, the others' as `WHO action`.
pub(super) fn short_moves(moves: &[Move], own: &str) -> String {
    if moves.is_empty() {
        return "start".into();
    }
    moves
        .iter()
        .map(|m| {
            if m.by == own || m.by == "chance" || m.by.is_empty() {
                m.action.clone()
            } else if m.by == "signal chance" {
                // a noisy report of a chance move: what was reported is what matters
                format!("signal {}", m.action)
            } else {
                format!("{} {}", m.by, m.action)
            }
        })
        .collect::<Vec<_>>()
        .join(" › ")
}

/// Action probabilities in words: a pure action alone, a mix with its
/// probabilities, actions below 0.0005 left out.
pub(super) fn choice(actions: &[(String, f64)]) -> String {
    if let Some((a, _)) = actions.iter().find(|(_, p)| *p > 0.9995) {
        return a.clone();
    }
    let mut acts: Vec<&(String, f64)> = actions.iter().filter(|(_, p)| *p >= 0.0005).collect();
    acts.sort_by(|a, b| b.1.total_cmp(&a.1));
    acts.iter()
        .map(|(a, p)| format!("{a} {}", prob(*p)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A typed player's cut-points at one information set:
/// `resolve below -1.617 stay; above build_up`.
pub(super) fn cut_line(type_name: &str, cuts: &[Cut]) -> String {
    let parts: Vec<String> = cuts
        .iter()
        .map(|c| match (c.type_from, c.type_to) {
            (None, None) => format!("every {type_name} {}", c.action),
            (None, Some(hi)) => format!("{type_name} below {} {}", num(hi), c.action),
            (Some(lo), None) => format!("above {} {}", num(lo), c.action),
            (Some(lo), Some(hi)) => format!("{} to {} {}", num(lo), num(hi), c.action),
        })
        .collect();
    parts.join("; ")
}

pub(super) fn interval(i: &Interval) -> String {
    format!("[{}, {}]", num(i.lo), num(i.hi))
}

/// An interval of probabilities (or of their changes) to 4 decimals, as
/// the table prints the point values.
pub(super) fn p_interval(i: &Interval, signed: bool) -> String {
    if signed {
        format!("[{:+.4}, {:+.4}]", i.lo, i.hi)
    } else {
        format!("[{:.4}, {:.4}]", i.lo, i.hi)
    }
}

/// The mechanism in words: `Germany now chooses sanction with probability
/// 0.740 instead of 0.002 (after ...)`.
pub(super) fn mechanism_line(m: &Mechanism, own: &str) -> String {
    format!(
        "{} now chooses {} with probability {} instead of {} ({})",
        m.player,
        m.action,
        prob(m.after),
        prob(m.before),
        if m.moves.is_empty() {
            "at the start".to_string()
        } else {
            format!("after {}", short_moves(&m.moves, own))
        }
    )
}

/// `(name, value)` pairs laid out in columns across the width.
pub(super) fn columns(items: &[(String, String)]) -> Vec<String> {
    let label = items.iter().map(|(k, _)| width(k)).max().unwrap_or(0);
    let value = items.iter().map(|(_, v)| width(v)).max().unwrap_or(0);
    let cell = label + value + 4;
    let per_line = ((WIDTH - 2) / cell).max(1);
    items
        .chunks(per_line)
        .map(|row| {
            let cells: Vec<String> = row
                .iter()
                .map(|(k, v)| format!("{k:<label$} {v:>value$}"))
                .collect();
            fit(format!("  {}", cells.join("   ")).trim_end(), WIDTH)
        })
        .collect()
}

/// One country's value of a per-country metric.
pub(super) struct CountryMetric {
    /// The player's long name.
    pub player: String,
    /// The metric without the country (`deaths` of `deaths_ukraine`).
    pub base: String,
    /// The metric's full name.
    pub metric: String,
    /// Its expected value.
    pub value: f64,
}

/// Metrics named `BASE_COUNTRY`, the country being a player's short name
/// or long name in lower case with `_` for spaces (`deaths_ukr`,
/// `deaths_ukraine`, `gdp_united_states`).
pub(super) fn per_country(r: &Report) -> Vec<CountryMetric> {
    let mut out = Vec::new();
    for (k, v) in &r.expected {
        let k_low = k.to_lowercase();
        for p in &r.strategy {
            let keys = [
                p.name.to_lowercase(),
                p.player.to_lowercase().replace(' ', "_"),
            ];
            let base = keys.iter().find_map(|c| {
                k_low
                    .strip_suffix(c.as_str())
                    .and_then(|b| b.strip_suffix('_'))
                    .filter(|b| !b.is_empty())
            });
            if let Some(base) = base {
                out.push(CountryMetric {
                    player: p.player.clone(),
                    base: k[..base.len()].to_string(),
                    metric: k.clone(),
                    value: *v,
                });
                break;
            }
        }
    }
    out
}

/// The metrics the summary and the lever table show: deaths and refugees
/// where the model has them, else its first two.
pub(super) fn headline_metrics(r: &Report) -> Vec<String> {
    let names: Vec<&String> = r.expected.iter().map(|(k, _)| k).collect();
    let human: Vec<String> = names
        .iter()
        .filter(|k| k.contains("death") || k.contains("refugee"))
        .filter(|k| !k.contains('_'))
        .map(|k| k.to_string())
        .collect();
    if human.is_empty() {
        names.iter().take(2).map(|k| k.to_string()).collect()
    } else {
        human.into_iter().take(2).collect()
    }
}

pub(super) fn get(v: &[(String, f64)], k: &str) -> f64 {
    v.iter().find(|(n, _)| n == k).map_or(0.0, |x| x.1)
}

/// A lever's footnote: `* name: doc [changes]`, wrapped.
pub(super) fn lever_note(l: &LeverResult) -> Vec<String> {
    let ch: Vec<String> = l
        .changes
        .iter()
        .map(|(k, v)| format!("{k}={}", num(*v)))
        .collect();
    wrap(
        &format!("  * {}:", l.name),
        6,
        &format!("{} [{}]", l.doc, ch.join(", ")),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wrap_keeps_every_word_within_the_width() {
        let text =
            "build_up › bluff › radical › calm › breaks_down › NATO hold › UKR resist ›".repeat(4);
        let lines = wrap("  Ukraine at", 6, &text);
        assert!(lines.len() > 1);
        for l in &lines {
            assert!(width(l) <= WIDTH, "{l}");
        }
        assert!(lines[1..]
            .iter()
            .all(|l| l.starts_with("      ") && !l.starts_with("       ")));
        let words: Vec<&str> = lines.iter().flat_map(|l| l.split_whitespace()).collect();
        let expect: Vec<&str> = "  Ukraine at"
            .split_whitespace()
            .chain(text.split_whitespace())
            .collect();
        assert_eq!(words, expect);
    }

    #[test]
    fn fit_counts_characters_not_bytes() {
        let s = "→".repeat(120);
        let f = fit(&s, WIDTH);
        assert_eq!(width(&f), WIDTH);
        assert!(f.ends_with('…'));
        assert_eq!(fit("short", WIDTH), "short");
    }

    #[test]
    fn cut_lines_read_upwards() {
        let cuts = [
            Cut {
                type_from: None,
                type_to: Some(-1.617),
                action: "stay".into(),
            },
            Cut {
                type_from: Some(-1.617),
                type_to: Some(0.0043),
                action: "withdraw".into(),
            },
            Cut {
                type_from: Some(0.0043),
                type_to: None,
                action: "invade".into(),
            },
        ];
        assert_eq!(
            cut_line("resolve", &cuts),
            "resolve below -1.617 stay; -1.617 to 0.004300 withdraw; above 0.004300 invade"
        );
    }
}
