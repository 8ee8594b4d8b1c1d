//! R-style model formulas as the `games` package takes them: one left-hand
//! side and one right-hand part per utility, separated by `|`, e.g. `esc +
//! war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc`.
//!
//! In a part, `0` alone fixes the utility at zero, `1` is a constant only,
//! `- 1` or `+ 0` drops the constant, `- x` removes a term, `a:b` is a
//! product and `a*b` expands to `a + b + a:b`.

use crate::error::EstimateError;
use serde::{Deserialize, Serialize};

/// One term: a variable or an interaction (product) of variables.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Term(pub Vec<String>);

impl Term {
    /// The name R gives the term (`a:b` for interactions).
    pub fn name(&self) -> String {
        self.0.join(":")
    }
}

/// One right-hand part of a formula (one utility equation).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Part {
    /// Whether the part has a constant, named `(Intercept)`.
    pub intercept: bool,
    /// The non-constant terms, in order.
    pub terms: Vec<Term>,
}

impl Part {
    /// Whether the utility is fixed at zero (no constant and no terms).
    pub fn is_zero(&self) -> bool {
        !self.intercept && self.terms.is_empty()
    }
}

/// A parsed formula.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Formula {
    /// The formula as written.
    pub text: String,
    /// Response columns (left of `~`); empty for a one-sided formula.
    pub lhs: Vec<String>,
    /// Right-hand parts, in order.
    pub parts: Vec<Part>,
}

impl Formula {
    /// Parses a formula; `two_sided` requires a left-hand side.
    pub fn parse(text: &str) -> Result<Formula, EstimateError> {
        let err = |m: String| EstimateError::Formula(format!("{m} in formula \"{text}\""));
        let (lhs_text, rhs_text) = match text.split_once('~') {
            Some((l, r)) => (l, r),
            None => return Err(err("missing '~'".into())),
        };
        if rhs_text.contains('~') {
            return Err(err("more than one '~'".into()));
        }
        let lhs = if lhs_text.trim().is_empty() {
            vec![]
        } else {
            let mut v = vec![];
            for name in lhs_text.split('+') {
                let name = clean_name(name);
                if !valid_name(&name) {
                    return Err(err(format!("invalid response '{}'", name)));
                }
                v.push(name);
            }
            v
        };
        let mut parts = vec![];
        for (i, p) in rhs_text.split('|').enumerate() {
            parts.push(parse_part(p).map_err(|m| err(format!("{m} (part {})", i + 1)))?);
        }
        Ok(Formula {
            text: text.trim().to_string(),
            lhs,
            parts,
        })
    }

    /// All variables the right-hand side uses, in order of first use.
    pub fn rhs_variables(&self) -> Vec<String> {
        let mut v: Vec<String> = vec![];
        for p in &self.parts {
            for t in &p.terms {
                for name in &t.0 {
                    if !v.contains(name) {
                        v.push(name.clone());
                    }
                }
            }
        }
        v
    }
}

fn clean_name(s: &str) -> String {
    let s = s.trim();
    s.strip_prefix('`')
        .and_then(|x| x.strip_suffix('`'))
        .unwrap_or(s)
        .to_string()
}

fn valid_name(s: &str) -> bool {
    !s.is_empty()
        && !s
            .chars()
            .any(|c| matches!(c, '+' | '-' | '*' | ':' | '(' | ')' | '|' | '~' | '^'))
}

/// Splits a part into signed chunks on top-level `+` and `-`.
fn parse_part(p: &str) -> Result<Part, String> {
    let mut intercept = true;
    let mut terms: Vec<Term> = vec![];
    let mut chunks: Vec<(bool, String)> = vec![];
    let mut sign = true;
    let mut cur = String::new();
    let mut in_tick = false;
    let mut leading_op = false;
    for c in p.chars() {
        if c == '`' {
            in_tick = !in_tick;
            cur.push(c);
        } else if !in_tick && (c == '+' || c == '-') {
            if cur.trim().is_empty() {
                if chunks.is_empty() && !leading_op {
                    leading_op = true;
                } else {
                    return Err(format!("misplaced '{c}'"));
                }
            } else {
                chunks.push((sign, std::mem::take(&mut cur)));
            }
            cur.clear();
            sign = c == '+';
        } else {
            cur.push(c);
        }
    }
    if cur.trim().is_empty() {
        if !chunks.is_empty() || !sign {
            return Err("dangling operator".into());
        }
        return Err("empty part".into());
    }
    chunks.push((sign, cur));
    for (plus, chunk) in chunks {
        let chunk = chunk.trim();
        match chunk {
            "0" => {
                if !plus {
                    return Err("'- 0' is not meaningful".into());
                }
                intercept = false;
            }
            "1" => intercept = plus,
            _ => {
                let expanded = expand_term(chunk)?;
                for t in expanded {
                    if plus {
                        if !terms.contains(&t) {
                            terms.push(t);
                        }
                    } else {
                        terms.retain(|x| x != &t);
                    }
                }
            }
        }
    }
    Ok(Part { intercept, terms })
}

fn expand_term(chunk: &str) -> Result<Vec<Term>, String> {
    if chunk.contains('*') {
        let factors: Vec<String> = chunk.split('*').map(clean_name).collect();
        if factors.len() > 8 {
            return Err(format!("too many factors in '{chunk}' (at most 8)"));
        }
        for f in &factors {
            if !valid_name(f) {
                return Err(format!("unsupported term '{chunk}'"));
            }
        }
        // All non-empty subsets, by order then position (as R does).
        let k = factors.len();
        let mut out = vec![];
        for size in 1..=k {
            for mask in 1u32..(1 << k) {
                if mask.count_ones() as usize == size {
                    let t: Vec<String> = (0..k)
                        .filter(|i| mask & (1 << i) != 0)
                        .map(|i| factors[i].clone())
                        .collect();
                    out.push(Term(t));
                }
            }
        }
        return Ok(out);
    }
    let vars: Vec<String> = chunk.split(':').map(clean_name).collect();
    for v in &vars {
        if !valid_name(v) || v.parse::<f64>().is_ok() {
            return Err(format!("unsupported term '{chunk}'"));
        }
    }
    Ok(vec![Term(vars)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_war1800_formula() {
        let f = Formula::parse("esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc")
            .unwrap();
        assert_eq!(f.lhs, vec!["esc", "war"]);
        assert_eq!(f.parts.len(), 4);
        assert!(!f.parts[0].intercept);
        assert_eq!(f.parts[0].terms.len(), 2);
        assert!(f.parts[1].intercept && f.parts[1].terms.is_empty());
        assert!(!f.parts[2].intercept);
        assert!(f.parts[3].intercept);
        assert_eq!(f.parts[3].terms[0].name(), "balanc");
    }

    #[test]
    fn zero_part_and_interactions() {
        let f = Formula::parse("y ~ a*b | 0 | 0 + x | x - x").unwrap();
        let names: Vec<String> = f.parts[0].terms.iter().map(|t| t.name()).collect();
        assert_eq!(names, vec!["a", "b", "a:b"]);
        assert!(f.parts[1].is_zero());
        assert!(!f.parts[2].intercept && f.parts[2].terms.len() == 1);
        assert!(f.parts[3].intercept && f.parts[3].terms.is_empty());
    }

    #[test]
    fn rejects_garbage() {
        let many = format!("y ~ {}", vec!["a"; 40].join("*"));
        for bad in [
            "y x",
            "y ~ a +",
            "y ~ a | | b",
            "y ~ log(x)",
            "y ~ a ~ b",
            "y ~ a:",
            &many,
        ] {
            assert!(Formula::parse(bad).is_err(), "{bad}");
        }
    }
}
