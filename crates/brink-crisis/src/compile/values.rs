//! What the leaves and chance moves hold: each end's payoffs (lines in the
//! players' private types) and metrics, and chance probabilities that sum to
//! exactly 1.

use super::{one_minus_sum, player_index, rational, Compiler, Ctx, Terminal};
use crate::ast::Branch;
use crate::error::{Error, ErrorKind, Span};
use crate::expr::Env;
use brink_game::{NodeId, Outcome, Rational};
use num_traits::{ToPrimitive, Zero};

impl<'a> Compiler<'a> {
    /// The branches' true probabilities (`believer` None), or those a player
    /// believes (`believed (P: q)`, the branch without one taking the rest).
    pub(super) fn chance_probs(
        &self,
        branches: &[Branch],
        env: &Env,
        span: Span,
        believer: Option<&str>,
    ) -> Result<Vec<Rational>, Error> {
        let mut probs = Vec::new();
        let mut rest = None;
        let mut sum = 0.0;
        let whose = believer.map_or(String::new(), |p| format!(" believed by {p}"));
        for (k, br) in branches.iter().enumerate() {
            let prob = match believer {
                None => br.prob.as_ref(),
                Some(p) => br.believed.iter().find(|b| b.0 == p).map(|b| &b.1),
            };
            match prob {
                Some(e) => {
                    let p = env.number(e, "a probability")?;
                    if !(0.0..=1.0).contains(&p) {
                        return Err(Error::new(
                            ErrorKind::Probability,
                            Some(e.span()),
                            format!("probability{whose} {p} of `{}` is outside [0, 1]", br.label),
                            "probabilities lie between 0 and 1; check the parameters it uses",
                        ));
                    }
                    sum += p;
                    probs.push(Some(p));
                }
                None if rest.is_some() => {
                    return Err(Error::new(
                        ErrorKind::Probability,
                        Some(br.span),
                        format!("two chance branches without a probability{whose}"),
                        "at most one branch may take the rest",
                    ));
                }
                None => {
                    rest = Some(k);
                    probs.push(None);
                }
            }
        }
        let tol = 1e-9;
        if rest.is_none() && (sum - 1.0).abs() > tol {
            return Err(Error::new(
                ErrorKind::Probability,
                Some(span),
                format!("chance probabilities{whose} sum to {sum}, not 1"),
                "make them sum to 1, or leave one branch without a probability to take the rest",
            ));
        }
        if sum > 1.0 + tol {
            return Err(Error::new(
                ErrorKind::Probability,
                Some(span),
                format!("chance probabilities{whose} sum to {sum}, more than 1"),
                "the branch without a probability takes 1 minus the others",
            ));
        }
        // The last branch (or the one taking the rest) gets exactly 1 minus the
        // others, so that the exact probabilities sum to 1.
        let fill = rest.unwrap_or(branches.len() - 1);
        let others: Vec<f64> = probs
            .iter()
            .enumerate()
            .filter(|(k, _)| *k != fill)
            .filter_map(|(_, p)| *p)
            .collect();
        let mut out: Vec<Rational> = probs
            .into_iter()
            .map(|p| p.map_or_else(Rational::zero, rational))
            .collect();
        out[fill] = one_minus_sum(&others);
        Ok(out)
    }

    /// Records the probabilities players believe a chance move has, where
    /// they differ from the truth (`believed (P: q)` on its branches).
    pub(super) fn subjective_probs(
        &mut self,
        branches: &[Branch],
        env: &Env,
        span: Span,
        iset: brink_game::InfosetId,
    ) -> Result<(), Error> {
        let mut believers: Vec<(&str, usize)> = Vec::new();
        for (name, _, s) in branches.iter().flat_map(|b| &b.believed) {
            if self.groups.contains_key(name) {
                return Err(Error::new(
                    ErrorKind::Invalid,
                    Some(*s),
                    format!("`{name}` is a group; a prior belongs to a player"),
                    "list the members: `believed (A: 0.6, B: 0.6)`",
                ));
            }
            let p = player_index(self.players, name, *s)?;
            if !believers.iter().any(|b| b.1 == p) {
                believers.push((name, p));
            }
        }
        for (name, p) in believers {
            let probs = self.chance_probs(branches, env, span, Some(name))?;
            let probs = probs.iter().map(|q| q.to_f64().unwrap_or(0.0)).collect();
            self.subjective[p].push((iset, probs));
        }
        Ok(())
    }

    pub(super) fn end(
        &mut self,
        label: &str,
        payoffs: &[crate::ast::PayoffEntry],
        metrics: &[(String, crate::ast::Expr, Span)],
        span: Span,
        at: NodeId,
        ctx: &Ctx<'a>,
    ) -> Result<(), Error> {
        let n = self.players.len();
        let mut lines = vec![(0.0, 0.0); n];
        let mut others: Vec<Vec<(usize, f64)>> = vec![Vec::new(); n];
        for e in payoffs {
            let targets: Vec<usize> = match self.groups.get(&e.player) {
                Some((members, _)) => members.clone(),
                None => vec![player_index(self.players, &e.player, e.span)?],
            };
            let v = ctx.env.eval(&e.value)?;
            for p in targets {
                if !v.c.is_finite() || v.terms.iter().any(|t| !t.1.is_finite()) {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(e.value.span()),
                        "a payoff that is not a finite number",
                        "",
                    ));
                }
                lines[p] = (v.c, v.coefficient(p));
                others[p] = v.terms.iter().copied().filter(|t| t.0 != p).collect();
            }
        }
        let (outcome, declared) = self.outcomes[label];
        let mut values = vec![0.0; self.metric_names.len()];
        for (m, e, s) in declared.iter().chain(metrics.iter()) {
            let Some(i) = self.metric_names.iter().position(|x| x == m) else {
                return Err(Error::new(
                    ErrorKind::Undefined,
                    Some(*s),
                    format!("undeclared metric `{m}`"),
                    "declare it with `metric NAME \"unit\"` or in an `outcome` block",
                ));
            };
            values[i] = ctx.env.number(e, "a metric")?;
        }
        let mean = |q: usize| {
            self.players[q]
                .private
                .as_ref()
                .map_or(0.0, |(_, d)| d.mean())
        };
        let means: Vec<Rational> = lines
            .iter()
            .zip(&others)
            .enumerate()
            .map(|(p, (&(c, t), os))| {
                rational(c + t * mean(p) + os.iter().map(|&(q, k)| k * mean(q)).sum::<f64>())
            })
            .collect();
        let o = self.b.add_outcome(Outcome::new(label, means));
        self.b.set_outcome(at, Some(o));
        self.b.set_node_label(at, label);
        let _ = span;
        self.terminals.push(Terminal {
            node: at,
            outcome,
            metrics: values,
            payoffs: lines,
            others,
        });
        Ok(())
    }
}
