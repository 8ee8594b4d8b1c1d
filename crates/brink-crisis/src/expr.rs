//! Evaluation of expressions. A value is linear in at most one player's
//! private type, `c + t * type`, because the cut-point solver needs payoffs
//! linear in the mover's own type.

use crate::ast::{BinOp, Expr, UnOp};
use crate::error::{suggest, Error, ErrorKind};
use std::collections::HashMap;
use std::rc::Rc;

/// `c + sum of k * (private type of player q)`: linear in the players'
/// private types, each coefficient kept by its owner.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Constant part.
    pub c: f64,
    /// Coefficients on private types, `(owner, k)`, sorted by owner, no zeros.
    pub terms: Vec<(usize, f64)>,
}

impl Value {
    fn num(c: f64) -> Value {
        Value {
            c,
            terms: Vec::new(),
        }
    }

    /// Whether the value uses no private type.
    pub fn is_constant(&self) -> bool {
        self.terms.is_empty()
    }

    /// The coefficient on player `q`'s type (0 if it does not appear).
    pub fn coefficient(&self, q: usize) -> f64 {
        self.terms
            .iter()
            .find(|(o, _)| *o == q)
            .map_or(0.0, |t| t.1)
    }

    fn scaled(&self, k: f64) -> Value {
        Value {
            c: k * self.c,
            terms: self
                .terms
                .iter()
                .map(|&(o, t)| (o, k * t))
                .filter(|t| t.1 != 0.0)
                .collect(),
        }
    }

    fn plus(&self, other: &Value, sign: f64) -> Value {
        let mut terms = self.terms.clone();
        for &(o, t) in &other.terms {
            match terms.iter_mut().find(|(q, _)| *q == o) {
                Some(e) => e.1 += sign * t,
                None => terms.push((o, sign * t)),
            }
        }
        terms.retain(|t| t.1 != 0.0);
        terms.sort_by_key(|t| t.0);
        Value {
            c: self.c + sign * other.c,
            terms,
        }
    }
}

/// The names an expression can see.
///
/// The compiler copies an environment at every branch that binds a value
/// (a `with`, a round, a grid point), hundreds of times per game: the
/// scenario-wide tables are shared (`Rc`), and the names bound in the tree
/// live in a short list of their own, so a copy costs that list only.
#[derive(Clone, Debug, Default)]
pub struct Env {
    /// Parameters and the derived values that read no name bound in the tree.
    pub vars: Rc<HashMap<String, f64>>,
    /// Names bound in the tree (`with` values, rounds, grid points) and the
    /// derived values that read them, latest last; they shadow `vars`.
    local: Vec<(String, f64)>,
    /// Player attributes by (player, attribute).
    pub attrs: Rc<HashMap<(String, String), f64>>,
    /// Private types by name: the owning player's index.
    pub types: Rc<HashMap<String, usize>>,
    /// Player names, for messages.
    pub players: Rc<Vec<String>>,
    /// Derived values (`let`) that read a name bound in the tree (`with`,
    /// a `repeat` variable, a continuous choice): evaluated anew wherever
    /// such a name is bound, in declaration order.
    pub deferred: Rc<Vec<(String, Expr)>>,
    /// Set while derived values are tried after a binding: an undefined name
    /// there is expected (the value waits for a later binding), so its error
    /// skips the spelling suggestion, whose edit distances over every name
    /// took a fifth of the compile time of a lever table.
    trying: std::cell::Cell<bool>,
}

impl Env {
    /// The value of a parameter, derived value or bound name.
    fn var(&self, name: &str) -> Option<f64> {
        self.local
            .iter()
            .rev()
            .find(|(n, _)| n == name)
            .map(|(_, v)| *v)
            .or_else(|| self.vars.get(name).copied())
    }

    fn set_local(&mut self, name: &str, value: f64) {
        match self.local.iter_mut().find(|(n, _)| n == name) {
            Some(slot) => slot.1 = value,
            None => self.local.push((name.to_string(), value)),
        }
    }

    /// Binds `name` (a `with` value, a round, a continuous choice) and
    /// re-evaluates the derived values that read it. A derived value that
    /// reads a name not bound here is left out, so a payoff using it gets
    /// the undefined-name error at its own place.
    pub fn bind(&mut self, name: &str, value: f64) -> Result<(), Error> {
        self.set_local(name, value);
        if self.deferred.is_empty() {
            return Ok(());
        }
        let deferred = Rc::clone(&self.deferred);
        self.trying.set(true);
        let result = self.evaluate_deferred(&deferred);
        self.trying.set(false);
        result
    }

    fn evaluate_deferred(&mut self, deferred: &[(String, Expr)]) -> Result<(), Error> {
        for (n, e) in deferred {
            self.local.retain(|(m, _)| m != n);
            match self.eval(e) {
                Ok(v) if v.is_constant() => {
                    self.local.push((n.clone(), v.c));
                }
                Ok(_) => {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(e.span()),
                        format!("`{n}` cannot depend on a private type"),
                        "private types may appear only in payoffs (of their own player)",
                    ));
                }
                Err(err) if err.kind == ErrorKind::Undefined => {}
                Err(err) => return Err(err),
            }
        }
        Ok(())
    }

    /// Evaluates to a number; private types are not allowed.
    pub fn number(&self, e: &Expr, what: &str) -> Result<f64, Error> {
        let v = self.eval(e)?;
        if !v.is_constant() {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(e.span()),
                format!("{what} cannot depend on a private type"),
                "private types may appear only in payoffs (of their own player)",
            ));
        }
        if !v.c.is_finite() {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(e.span()),
                format!("{what} is not a finite number ({})", v.c),
                "check for a division by zero or a logarithm of a non-positive number",
            ));
        }
        Ok(v.c)
    }

    /// Evaluates to a value linear in one private type.
    pub fn eval(&self, e: &Expr) -> Result<Value, Error> {
        match e {
            Expr::Num(x, _) => Ok(Value::num(*x)),
            Expr::Var(name, span) => {
                if let Some(v) = self.var(name) {
                    return Ok(Value::num(v));
                }
                if let Some(&p) = self.types.get(name) {
                    return Ok(Value {
                        c: 0.0,
                        terms: vec![(p, 1.0)],
                    });
                }
                if self.deferred.iter().any(|(n, _)| n == name) {
                    return Err(Error::new(
                        ErrorKind::Undefined,
                        Some(*span),
                        format!("`{name}` is not defined here: it reads a value bound by `with`, `repeat` or a continuous choice that is not bound at this point"),
                        "use it only below the branch (or inside the `repeat`) that binds what it reads",
                    ));
                }
                if self.trying.get() {
                    return Err(Error::new(
                        ErrorKind::Undefined,
                        Some(*span),
                        String::new(),
                        String::new(),
                    ));
                }
                let names = self
                    .vars
                    .keys()
                    .chain(self.local.iter().map(|(n, _)| n))
                    .chain(self.types.keys())
                    .map(String::as_str);
                let hint = match suggest(name, names) {
                    Some(s) => format!("did you mean `{s}`? Declare it with `param {name} = ...`"),
                    None => format!("declare it with `param {name} = value`"),
                };
                Err(Error::new(
                    ErrorKind::Undefined,
                    Some(*span),
                    format!("undefined parameter `{name}`"),
                    hint,
                ))
            }
            Expr::Attr(player, attr, span) => {
                match self.attrs.get(&(player.clone(), attr.clone())) {
                    Some(v) => Ok(Value::num(*v)),
                    None => {
                        let hint = if self.players.contains(player) {
                            let attrs = self
                                .attrs
                                .keys()
                                .filter(|(p, _)| p == player)
                                .map(|(_, a)| a.as_str());
                            match suggest(attr, attrs) {
                                Some(s) => format!("did you mean `{player}.{s}`?"),
                                None => format!("give `{player}` the attribute `{attr} = ...`"),
                            }
                        } else {
                            format!("`{player}` is not a player")
                        };
                        Err(Error::new(
                            ErrorKind::Undefined,
                            Some(*span),
                            format!("undefined attribute `{player}.{attr}`"),
                            hint,
                        ))
                    }
                }
            }
            Expr::Unary(op, a, _) => {
                let v = self.eval(a)?;
                Ok(match op {
                    UnOp::Neg => v.scaled(-1.0),
                    UnOp::Not => Value::num(bool_num(self.constant(a, &v)? == 0.0)),
                })
            }
            Expr::Binary(op, a, b, span) => {
                let x = self.eval(a)?;
                let y = self.eval(b)?;
                match op {
                    BinOp::Add => Ok(x.plus(&y, 1.0)),
                    BinOp::Sub => Ok(x.plus(&y, -1.0)),
                    BinOp::Mul => {
                        if !x.is_constant() && !y.is_constant() {
                            return Err(Error::new(
                                ErrorKind::Invalid,
                                Some(*span),
                                "a product of private types",
                                "payoffs must be linear in the players' private types",
                            ));
                        }
                        Ok(if x.is_constant() {
                            y.scaled(x.c)
                        } else {
                            x.scaled(y.c)
                        })
                    }
                    BinOp::Div => {
                        let d = self.constant(b, &y)?;
                        Ok(Value {
                            c: x.c / d,
                            terms: x.terms.iter().map(|&(o, t)| (o, t / d)).collect(),
                        })
                    }
                    op @ (BinOp::Pow
                    | BinOp::Lt
                    | BinOp::Le
                    | BinOp::Gt
                    | BinOp::Ge
                    | BinOp::Eq
                    | BinOp::Ne
                    | BinOp::And
                    | BinOp::Or) => {
                        let (x, y) = (self.constant(a, &x)?, self.constant(b, &y)?);
                        Ok(Value::num(op.apply(x, y)))
                    }
                }
            }
            Expr::Call(name, args, span) => {
                let mut xs = Vec::new();
                for a in args {
                    let v = self.eval(a)?;
                    xs.push(self.constant(a, &v)?);
                }
                let arity = match name.as_str() {
                    "min" | "max" => None,
                    "exp" | "log" | "sqrt" | "abs" => Some(1),
                    _ => {
                        return Err(Error::new(
                            ErrorKind::Undefined,
                            Some(*span),
                            format!("unknown function `{name}`"),
                            "functions: min, max, exp, log, sqrt, abs",
                        ))
                    }
                };
                if arity.is_some_and(|k| k != xs.len()) || xs.is_empty() {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(*span),
                        format!("`{name}` takes {} argument(s)", arity.unwrap_or(2)),
                        "",
                    ));
                }
                Ok(Value::num(match name.as_str() {
                    "min" => xs.iter().copied().fold(f64::INFINITY, f64::min),
                    "max" => xs.iter().copied().fold(f64::NEG_INFINITY, f64::max),
                    "exp" => xs[0].exp(),
                    "log" => xs[0].ln(),
                    "sqrt" => xs[0].sqrt(),
                    _ => xs[0].abs(),
                }))
            }
            Expr::If(c, a, b, _) => {
                let cv = self.eval(c)?;
                if self.constant(c, &cv)? != 0.0 {
                    self.eval(a)
                } else {
                    self.eval(b)
                }
            }
        }
    }

    fn constant(&self, e: &Expr, v: &Value) -> Result<f64, Error> {
        if !v.is_constant() {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(e.span()),
                "a private type used non-linearly",
                "a private type may only be added, subtracted or multiplied by a number",
            ));
        }
        Ok(v.c)
    }
}

fn bool_num(b: bool) -> f64 {
    if b {
        1.0
    } else {
        0.0
    }
}
