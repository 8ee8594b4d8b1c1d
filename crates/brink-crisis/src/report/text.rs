//! The report as text for a terminal: at most [`MAX_LINES`] lines of at most
//! [`WIDTH`] characters by default (the summary first, then the tables, the
//! equilibrium filling the lines left), everything with `verbose`.

use super::words::{
    choice, columns, cut_line, fit, get, headline_metrics, interval, lever_note, mechanism_line,
    p_interval, per_country, prob, short_moves, width, wrap,
};
use super::{num, Belief, InfosetStrategy, Report};

/// The widest line the default report prints.
pub const WIDTH: usize = 100;
/// The most lines the default report prints (options that ask for more,
/// such as `--sensitivity` or `--all`, add their tables beyond it).
pub const MAX_LINES: usize = 80;
/// Information sets reached less often than this are left to `--verbose`.
const ON_PATH: f64 = 1e-3;
/// Lines the equilibrium should have by default before the lever
/// footnotes are shortened to make room.
const MIN_EQUILIBRIUM: usize = 24;
/// Beliefs shown by default (the most reached that are not certain).
const DEFAULT_BELIEFS: usize = 3;

impl Report {
    /// The summary: at most ten lines.
    fn summary(&self) -> Vec<String> {
        let mut s = wrap("", 4, &format!("{} — {}", self.model, self.title));
        s.truncate(2);
        let wars = self.war_outcomes();
        let spread = self.uncertainty.as_ref();
        let war_iv = spread.map_or(String::new(), |u| {
            format!(" {}", p_interval(&u.baseline.p_war, false))
        });
        if wars.is_empty() {
            s.push("P(war) = 0: no outcome of this model is labelled war".into());
        } else {
            s.extend(wrap(
                "",
                4,
                &format!(
                    "P(war) = {:.4}{war_iv}: the sum of outcomes {}{}",
                    self.p_war(),
                    wars.join(", "),
                    match spread {
                        Some(u) if headline_metrics(self).is_empty() => over_draws(u),
                        _ => String::new(),
                    }
                ),
            ));
        }
        let metrics = headline_metrics(self);
        if !metrics.is_empty() {
            let parts: Vec<String> = metrics
                .iter()
                .map(|k| {
                    let iv = spread
                        .and_then(|u| u.baseline.metrics.iter().find(|(n, _)| n == k))
                        .map_or(String::new(), |(_, i)| format!(" {}", interval(i)));
                    format!("{k} {}{iv}", num(get(&self.expected, k)))
                })
                .collect();
            let over = spread.map_or(String::new(), over_draws);
            s.extend(wrap("", 4, &format!("expected {}{over}", parts.join(", "))));
        }
        if !self.likely_path.is_empty() {
            let mut words = Vec::new();
            let mut last = "";
            let mut p = 1.0;
            for st in &self.likely_path {
                p *= st.probability;
                if st.by != last && st.by != "chance" {
                    words.push(format!("{} {}", st.by, st.action));
                } else {
                    words.push(st.action.clone());
                }
                last = &st.by;
            }
            let text = format!(
                "most likely play: {} → {} (probability {})",
                words.join(" → "),
                self.likely_outcome,
                prob(p)
            );
            let mut lines = wrap("", 4, &text);
            if lines.len() > 2 {
                lines.truncate(2);
                lines[1] = fit(&format!("{}…", lines[1]), WIDTH);
            }
            s.extend(lines);
        }
        if !self.levers.is_empty() {
            let low = self
                .levers
                .iter()
                .min_by(|a, b| a.p_war_change.total_cmp(&b.p_war_change));
            let high = self
                .levers
                .iter()
                .max_by(|a, b| a.p_war_change.total_cmp(&b.p_war_change));
            let mut line = match low {
                Some(l) if l.p_war_change < 0.0 => format!(
                    "lowers P(war) most: {} ({:.4} → {:.4})",
                    l.name,
                    self.p_war(),
                    l.p_war
                ),
                _ => "no lever lowers P(war)".into(),
            };
            match high {
                Some(h) if h.p_war_change > 0.0 => {
                    line += &format!("; raises it most: {} (→ {:.4})", h.name, h.p_war)
                }
                _ => line += "; none raises it",
            }
            s.extend(wrap("", 4, &line));
        }
        let unconverged = self.levers.iter().filter(|l| !l.converged).count();
        let levers = if unconverged > 0 {
            format!("; {unconverged} lever(s) NOT converged (marked)")
        } else {
            String::new()
        };
        let cert = if self.converged {
            format!(
                "certified equilibrium: regret {} ≤ {:e} at the start and at every information set{levers}",
                num(self.regret),
                crate::solve::REGRET_TOL
            )
        } else {
            format!(
                "NOT an equilibrium: regret {} > {:e}; the best profile found is shown{levers}",
                num(self.regret),
                crate::solve::REGRET_TOL
            )
        };
        s.extend(wrap("", 4, &cert));
        s.truncate(10);
        s
    }

    /// Outcomes, human costs and payoffs.
    fn tables(&self) -> Vec<String> {
        let mut s = vec![String::new(), "outcomes (probability):".into()];
        let mut outs = self.outcomes.clone();
        outs.sort_by(|a, b| b.1.total_cmp(&a.1));
        let cells: Vec<(String, String)> = outs
            .iter()
            .map(|(k, p)| (k.clone(), format!("{p:.4}")))
            .collect();
        s.extend(columns(&cells));
        let countries = per_country(self);
        if !countries.is_empty() {
            s.push(String::new());
            s.push("expected human cost per country:".into());
            let mut bases: Vec<&str> = Vec::new();
            let mut players: Vec<&str> = Vec::new();
            for c in &countries {
                if !bases.contains(&c.base.as_str()) {
                    bases.push(&c.base);
                }
                if !players.contains(&c.player.as_str()) {
                    players.push(&c.player);
                }
            }
            let mut head = format!("  {:<16}", "");
            for b in &bases {
                head += &format!(" {:>12}", fit(b, 12));
            }
            s.push(fit(&head, WIDTH));
            for p in players {
                let mut row = format!("  {:<16}", fit(p, 16));
                for b in &bases {
                    let v = countries
                        .iter()
                        .find(|c| c.player == p && c.base == *b)
                        .map_or("-".to_string(), |c| num(c.value));
                    row += &format!(" {v:>12}");
                }
                s.push(fit(&row, WIDTH));
            }
        }
        let rest: Vec<(String, String)> = self
            .expected
            .iter()
            .filter(|(k, _)| !countries.iter().any(|c| c.metric == *k))
            .map(|(k, v)| (k.clone(), num(*v)))
            .collect();
        if !rest.is_empty() {
            s.push(String::new());
            s.push("expected:".into());
            s.extend(columns(&rest));
        }
        let pay: Vec<String> = self
            .payoffs
            .iter()
            .map(|(k, v)| format!("{k} {}", num(*v)))
            .collect();
        s.push(String::new());
        s.extend(wrap("expected payoffs:", 4, &pay.join(", ")));
        s
    }

    /// The lever table: one row per lever, its mechanism under it, the
    /// lever descriptions as footnotes.
    fn lever_table(&self, compact: bool) -> Vec<String> {
        if self.levers.is_empty() && self.mediator.is_none() {
            return Vec::new();
        }
        let metrics = headline_metrics(self);
        let spread = self.uncertainty.as_ref();
        let mut s = vec![
            String::new(),
            "levers (change against the baseline; ✗ = not converged):".into(),
        ];
        let mut head = format!("  {:<24} {:>7} {:>8}", "lever", "P(war)", "change");
        for m in &metrics {
            head += &format!(" {:>10}", fit(m, 10));
        }
        if let Some(u) = spread {
            head += &format!(
                " {:>18} {:>7}",
                format!("{:.0}% of change", u.level * 100.0),
                "lowers"
            );
        }
        s.push(head);
        let row = |name: &str,
                   p: f64,
                   change: String,
                   ex: &[(String, f64)],
                   conv: bool,
                   extra: String| {
            let mut r = format!("  {:<24} {:>7.4} {:>8}", fit(name, 24), p, change);
            for m in &metrics {
                r += &format!(" {:>10}", num(get(ex, m)));
            }
            r += &extra;
            if !conv {
                r += " ✗";
            }
            fit(&r, WIDTH)
        };
        s.push(row(
            "baseline",
            self.p_war(),
            String::new(),
            &self.expected,
            self.converged,
            String::new(),
        ));
        for l in &self.levers {
            let extra = spread
                .and_then(|u| u.levers.iter().find(|x| x.name == l.name))
                .map_or(String::new(), |x| {
                    format!(
                        " {:>18} {:>6.0}%",
                        p_interval(&x.p_war_change, true),
                        x.share_lowering_war * 100.0
                    )
                });
            s.push(row(
                &l.name,
                l.p_war,
                format!("{:+.4}", l.p_war_change),
                &l.expected,
                l.converged,
                extra,
            ));
            match &l.mechanism {
                Some(m) => s.push(fit(
                    &format!("      ↳ {}", mechanism_line(m, &self.short_name(&m.player))),
                    WIDTH,
                )),
                // Only where the change shows in P(war)'s 4 printed decimals.
                None if l.p_war_change.abs() >= 5e-5 => s.push(
                    "      ↳ no choice moves by 0.001: the change comes through chance or payoffs"
                        .to_string(),
                ),
                None => {}
            }
        }
        if let Some(m) = &self.mediator {
            s.push(row(
                "mediator",
                m.p_war,
                format!("{:+.4}", m.p_war - self.p_war()),
                &m.expected,
                true,
                String::new(),
            ));
            s.push(fit(
                "      ↳ the communication equilibrium (reports, then plan recommendations) \
                 with least P(war)",
                WIDTH,
            ));
            // The grid makes another game: its P(war) is not bounded by the
            // baseline's, only by that of an equilibrium of the grid game.
            let grid = match (m.grid, &m.discrete) {
                (Some(k), _) => {
                    format!("types on {k} equal cells, a coarser game than the baseline's")
                }
                (None, Some((p, types))) => {
                    format!("{p}'s type ({}) asked for", types.join(", "))
                }
                (None, None) => "no private types: the baseline's game".into(),
            };
            let grid = match &m.p_war_exact {
                Some(x) => format!("{grid}; P(war) exactly {x}"),
                None => grid,
            };
            s.push(fit(
                &format!("        {grid}; largest deviation gain {}", num(m.max_gain)),
                WIDTH,
            ));
            if let Some(why) = &m.stopped {
                s.push(fit(
                    &format!(
                        "        column generation stopped at {why}: the least P(war) is \
                         between {} and this mechanism's {}",
                        num(m.lower_bound),
                        num(m.p_war)
                    ),
                    WIDTH,
                ));
            } else if m.p_war - m.lower_bound > 1e-9 {
                // A floating-point optimum whose multipliers certify less.
                s.push(fit(
                    &format!(
                        "        the least P(war) is between {} (certified bound) and this \
                         mechanism's {}",
                        num(m.lower_bound),
                        num(m.p_war)
                    ),
                    WIDTH,
                ));
            } else if m.method != "enumeration" {
                s.push(fit(
                    &format!("        solved by {}, proved optimal", m.method),
                    WIDTH,
                ));
            }
        }
        for l in &self.levers {
            if compact {
                s.push(fit(&format!("  * {}: {}", l.name, l.doc), WIDTH));
            } else {
                s.extend(lever_note(l));
            }
        }
        s
    }

    /// A player's short name from its long one.
    fn short_name(&self, player: &str) -> String {
        self.strategy
            .iter()
            .find(|p| p.player == player)
            .map_or(String::new(), |p| p.name.clone())
    }

    /// The equilibrium per player: information sets most reached first, in
    /// at most `budget` lines (all of them when `verbose`).
    fn equilibrium(&self, budget: usize, verbose: bool) -> Vec<String> {
        let mut s = vec![String::new()];
        s.push(if self.converged {
            "equilibrium (reach, what the player has seen, its choice):".into()
        } else {
            "NOT AN EQUILIBRIUM: the solver did not converge; the best profile it found:".into()
        });
        // Each player's rows, most reached first, each row its lines.
        let mut rows: Vec<Vec<(f64, Vec<String>)>> = Vec::new();
        let mut hidden_on = 0;
        let mut hidden_off = 0;
        for p in &self.strategy {
            let mut sets: Vec<&InfosetStrategy> = p
                .infosets
                .iter()
                .filter(|i| verbose || i.reach >= ON_PATH)
                .collect();
            sets.sort_by(|a, b| b.reach.total_cmp(&a.reach));
            if !verbose {
                hidden_off += p.infosets.iter().filter(|i| i.reach < ON_PATH).count();
            }
            rows.push(
                sets.iter()
                    .map(|i| {
                        let head = format!("    {} ", prob(i.reach));
                        let seen = format!("{}:", short_moves(&i.moves, &p.name));
                        let mut lines = wrap(&head, 11, &seen);
                        let what = choice(&i.actions);
                        let last = lines.last_mut().expect("wrap gives a line");
                        if width(last) + 1 + width(&what) <= WIDTH {
                            last.push(' ');
                            last.push_str(&what);
                        } else {
                            lines.extend(wrap(&" ".repeat(11), 11, &what));
                        }
                        if i.cuts.len() > 1 {
                            let t = p.type_name.as_deref().unwrap_or("type");
                            lines.extend(wrap(&" ".repeat(11), 13, &cut_line(t, &i.cuts)));
                        }
                        (i.reach, lines)
                    })
                    .collect(),
            );
        }
        // Round-robin over players so that each gets its most reached sets.
        let mut take = vec![0usize; rows.len()];
        // The section's heading and its closing line, and each player's heading.
        let mut used = 3;
        if !verbose {
            let mut progress = true;
            while progress {
                progress = false;
                for (k, r) in rows.iter().enumerate() {
                    if let Some((_, lines)) = r.get(take[k]) {
                        let heading = usize::from(take[k] == 0);
                        if used + heading + lines.len() <= budget {
                            used += heading + lines.len();
                            take[k] += 1;
                            progress = true;
                        }
                    }
                }
            }
        } else {
            take = rows.iter().map(Vec::len).collect();
        }
        for (k, p) in self.strategy.iter().enumerate() {
            hidden_on += rows[k].len() - take[k];
            if take[k] == 0 {
                continue;
            }
            let typed = p
                .type_name
                .as_ref()
                .map_or(String::new(), |t| format!(" (private type {t})"));
            s.push(format!("  {}{typed}:", p.player));
            for (_, lines) in &rows[k][..take[k]] {
                s.extend(lines.iter().cloned());
            }
        }
        if hidden_on + hidden_off > 0 {
            s.push(format!(
                "  … {hidden_on} more reached with probability ≥ 0.001, {hidden_off} less or never: --verbose"
            ));
        }
        s
    }

    /// Beliefs: the few most reached that are not certain, or all.
    fn belief_lines(&self, verbose: bool) -> Vec<String> {
        let mut bs: Vec<&Belief> = self
            .beliefs
            .iter()
            .filter(|b| verbose || (!b.off_path && b.over.iter().all(|(_, p)| *p < 0.999)))
            .collect();
        bs.sort_by(|a, b| b.reach.total_cmp(&a.reach));
        let total = bs.len();
        if !verbose {
            bs.truncate(DEFAULT_BELIEFS);
        }
        if bs.is_empty() {
            return Vec::new();
        }
        let mut s = vec![
            String::new(),
            "beliefs (what the player does not know):".into(),
        ];
        for b in &bs {
            let own = self.short_name(&b.player);
            let over: Vec<String> = b
                .over
                .iter()
                .filter(|(_, p)| *p >= 0.0005)
                .map(|(m, p)| {
                    let what: Vec<String> = m
                        .iter()
                        .map(|x| {
                            if x.by == "chance" {
                                x.action.clone()
                            } else {
                                format!("{} {}", x.by, x.action)
                            }
                        })
                        .collect();
                    format!("[{}] {}", what.join(" "), prob(*p))
                })
                .collect();
            let off = if b.off_path { " (off the path)" } else { "" };
            let head = format!("  {} at {}{off}:", b.player, short_moves(&b.moves, &own));
            let mut lines = wrap(&head, 6, &over.join(", "));
            if !verbose && lines.len() > 2 {
                lines.truncate(2);
                lines[1] = fit(&format!("{} …", lines[1]), WIDTH);
            }
            s.extend(lines);
        }
        let more = self.beliefs.len() - bs.len();
        if !verbose && more > 0 {
            s.push(format!(
                "  … {more} more ({} of them certain or off the path): --verbose",
                self.beliefs.len() - total
            ));
        }
        s
    }

    /// The regret line, and where the regret is when above the tolerance.
    fn regret_lines(&self) -> Vec<String> {
        let mut s = vec![String::new()];
        s.extend(wrap(
            "",
            4,
            &format!(
                "regret (largest gain from deviating): {} (at the start {}; at any information set, reached or not, {})",
                num(self.regret),
                num(self.ex_ante_regret),
                num(self.sequential_regret)
            ),
        ));
        for (p, at, g) in &self.regret_at {
            s.extend(wrap(
                "  ",
                6,
                &format!("{p} gains {} by deviating {at}", num(*g)),
            ));
        }
        s
    }

    /// Other equilibria (`--all`) and the sensitivity table (`--sensitivity`).
    fn extras(&self, verbose: bool) -> Vec<String> {
        let mut s = Vec::new();
        if self.starts > 0 {
            s.push(String::new());
            s.extend(wrap(
                "",
                4,
                &format!(
                    "other equilibria found from {} seeded starts (not necessarily all): {}",
                    self.starts,
                    self.others.len()
                ),
            ));
            for (k, o) in self.others.iter().enumerate() {
                let mut outs = o.outcomes.clone();
                outs.sort_by(|a, b| b.1.total_cmp(&a.1));
                let words: Vec<String> = outs
                    .iter()
                    .filter(|(_, p)| *p >= 0.0005)
                    .map(|(k, p)| format!("{k} {p:.4}"))
                    .collect();
                s.extend(wrap(
                    &format!("  #{}:", k + 2),
                    6,
                    &format!("{} (regret {})", words.join(", "), num(o.regret)),
                ));
            }
        }
        if !self.sensitivity.is_empty() {
            let mut rows: Vec<&crate::uncertainty::Sensitivity> = self.sensitivity.iter().collect();
            rows.sort_by(|a, b| {
                (b.p_war_at_high - b.p_war_at_low)
                    .abs()
                    .total_cmp(&(a.p_war_at_high - a.p_war_at_low).abs())
            });
            s.push(String::new());
            s.push(
                "sensitivity of P(war): each parameter at each end, the others at their values:"
                    .into(),
            );
            s.push(format!(
                "  {:<24} {:>10} {:>10} {:>11} {:>11} {:>8}",
                "parameter", "low", "high", "P(war) low", "P(war) high", "swing"
            ));
            let shown = if verbose {
                rows.len()
            } else {
                rows.len().min(15)
            };
            for r in &rows[..shown] {
                let q = if r.quantiles { "*" } else { " " };
                let head = format!(
                    "  {:<24} {:>10} {:>10}{q}",
                    fit(&r.parameter, 24),
                    num(r.low),
                    num(r.high)
                );
                let line = match &r.error {
                    Some(e) => format!("{head} failed: {e}"),
                    None => {
                        let mark = if r.converged { "" } else { " ✗" };
                        format!(
                            "{head}{:>11.4} {:>11.4} {:>+8.4}{mark}",
                            r.p_war_at_low,
                            r.p_war_at_high,
                            r.p_war_at_high - r.p_war_at_low
                        )
                    }
                };
                s.push(fit(&line, WIDTH));
            }
            if rows.iter().any(|r| r.quantiles) {
                s.push(
                    "  * the 5% and 95% quantiles of the declared distribution (else the range)"
                        .into(),
                );
            }
            if shown < rows.len() {
                s.push(format!("  … {} more: --verbose", rows.len() - shown));
            }
        }
        s
    }

    /// The report as text: at most [`MAX_LINES`] lines of at most [`WIDTH`]
    /// characters unless `verbose`, which adds the parameters, the method in
    /// full, every information set and every belief.
    pub fn to_text_with(&self, verbose: bool) -> String {
        let summary = self.summary();
        let tables = self.tables();
        let mut levers = self.lever_table(false);
        let beliefs = self.belief_lines(verbose);
        let regret = self.regret_lines();
        let mut notes: Vec<String> = Vec::new();
        for n in &self.notes {
            notes.extend(wrap("note:", 6, n));
        }
        let mut head = summary;
        if verbose {
            head.extend(wrap("method:", 4, &self.method));
            let params: Vec<String> = self
                .parameters
                .iter()
                .map(|(k, v)| format!("{k}={}", num(*v)))
                .collect();
            head.extend(wrap("parameters:", 4, &params.join(" ")));
        }
        let fixed = |levers: &[String]| {
            head.len()
                + tables.len()
                + levers.len()
                + beliefs.len()
                + regret.len()
                + notes.len()
                + 1
        };
        // The equilibrium gets the lines left; where few are left, the lever
        // footnotes give up their parameter changes (printed with --verbose).
        if !verbose && MAX_LINES.saturating_sub(fixed(&levers)) < MIN_EQUILIBRIUM {
            levers = self.lever_table(true);
        }
        let budget = MAX_LINES.saturating_sub(fixed(&levers));
        let eq = self.equilibrium(budget, verbose);
        let mut lines = head;
        lines.extend(tables);
        lines.extend(levers);
        lines.extend(eq);
        lines.extend(beliefs);
        lines.extend(regret);
        if !notes.is_empty() {
            lines.push(String::new());
            lines.extend(notes);
        }
        if !verbose && lines.len() > MAX_LINES {
            // A model with very many levers or outcomes: the rest is one flag away.
            let more = lines.len() - (MAX_LINES - 1);
            lines.truncate(MAX_LINES - 1);
            lines.push(format!("… {more} more lines: --verbose"));
        }
        lines.extend(self.extras(verbose));
        let mut out = lines.join("\n");
        out.push('\n');
        out
    }

    /// The default text report ([`Report::to_text_with`] without `verbose`).
    pub fn to_text(&self) -> String {
        self.to_text_with(false)
    }
}

/// How the summary's intervals were made: over how many draws, and in how
/// many of them the baseline's solution converged (the others enter with the
/// best profile the solver found).
fn over_draws(u: &crate::uncertainty::Uncertainty) -> String {
    format!(
        " ({:.0}% interval over {} draws, {} converged)",
        u.level * 100.0,
        u.draws,
        u.baseline.converged
    )
}
