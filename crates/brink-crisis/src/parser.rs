//! Recursive-descent parser: tokens to [`ast::File`](crate::ast::File).

use crate::ast::*;
use crate::error::{Error, Span};
use crate::lexer::{lex, Tok, Token};

/// Parses one source file (its index `file` is used in spans).
pub fn parse(src: &str, file: usize) -> Result<File, Error> {
    let tokens = lex(src, file)?;
    let mut p = Parser {
        tokens,
        pos: 0,
        depth: 0,
    };
    p.file()
}

struct Parser {
    tokens: Vec<Token>,
    pos: usize,
    /// Nodes and expressions open around the current token.
    depth: usize,
}

/// The deepest nesting of nodes, parentheses and operators the parser takes:
/// the parser recurses, and a scenario nested past this would overflow the
/// stack (100,000 braces did) rather than fail with a message.
pub const MAX_NESTING: usize = 200;

const KEYWORDS: [&str; 25] = [
    "with", "model", "about", "import", "param", "set", "let", "metric", "player", "group",
    "outcome", "tree", "game", "lever", "end", "chance", "repeat", "next", "use", "if", "then",
    "else", "chooses", "in", "needs",
];

impl Parser {
    fn peek(&self) -> &Tok {
        &self.tokens[self.pos].tok
    }

    fn peek_at(&self, k: usize) -> &Tok {
        &self.tokens[(self.pos + k).min(self.tokens.len() - 1)].tok
    }

    fn span(&self) -> Span {
        self.tokens[self.pos].span
    }

    fn prev_span(&self) -> Span {
        self.tokens[self.pos.saturating_sub(1)].span
    }

    fn bump(&mut self) -> Token {
        let t = self.tokens[self.pos].clone();
        if self.pos + 1 < self.tokens.len() {
            self.pos += 1;
        }
        t
    }

    /// One level deeper, or the error that says the text nests too deep.
    fn enter(&mut self) -> Result<(), Error> {
        if self.depth >= MAX_NESTING {
            return Err(Error::syntax(
                self.span(),
                format!("the text nests more than {MAX_NESTING} levels deep here"),
                "write the tree with `use` of named trees, or the expression with `let`",
            ));
        }
        self.depth += 1;
        Ok(())
    }

    /// Runs `f` one level deeper.
    fn nested<T>(&mut self, f: impl FnOnce(&mut Self) -> Result<T, Error>) -> Result<T, Error> {
        self.enter()?;
        let r = f(self);
        self.depth -= 1;
        r
    }

    fn describe(tok: &Tok) -> String {
        match tok {
            Tok::Ident(s) => format!("`{s}`"),
            Tok::Num(x) => format!("the number {x}"),
            Tok::Str(_) => "a string".into(),
            Tok::Sym(s) => format!("`{s}`"),
            Tok::Eof => "the end of the file".into(),
        }
    }

    fn unexpected(&self, wanted: &str, hint: &str) -> Error {
        Error::syntax(
            self.span(),
            format!("expected {wanted}, found {}", Self::describe(self.peek())),
            hint,
        )
    }

    fn is_sym(&self, s: &str) -> bool {
        matches!(self.peek(), Tok::Sym(t) if *t == s)
    }

    fn is_kw(&self, k: &str) -> bool {
        matches!(self.peek(), Tok::Ident(t) if t == k)
    }

    fn eat_sym(&mut self, s: &str) -> bool {
        if self.is_sym(s) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn eat_kw(&mut self, k: &str) -> bool {
        if self.is_kw(k) {
            self.bump();
            true
        } else {
            false
        }
    }

    fn expect_sym(&mut self, s: &str, hint: &str) -> Result<Span, Error> {
        if self.is_sym(s) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("`{s}`"), hint))
        }
    }

    fn expect_kw(&mut self, k: &str, hint: &str) -> Result<Span, Error> {
        if self.is_kw(k) {
            Ok(self.bump().span)
        } else {
            Err(self.unexpected(&format!("`{k}`"), hint))
        }
    }

    fn ident(&mut self, what: &str) -> Result<(String, Span), Error> {
        match self.peek().clone() {
            Tok::Ident(s) if !KEYWORDS.contains(&s.as_str()) => {
                let span = self.bump().span;
                Ok((s, span))
            }
            Tok::Ident(s) => Err(Error::syntax(
                self.span(),
                format!("expected {what}, found the keyword `{s}`"),
                "keywords cannot be used as names; pick another name",
            )),
            _ => Err(self.unexpected(what, "names use letters, digits and `_`")),
        }
    }

    /// A model name: words joined by `-` (`fearon-risk-return`).
    fn model_name(&mut self) -> Result<(String, Span), Error> {
        let (mut name, mut span) = match self.peek().clone() {
            Tok::Ident(s) => (s, self.bump().span),
            Tok::Str(s) => return Ok((s, self.bump().span)),
            _ => return Err(self.unexpected("a model name", "for example `fearon-risk-return`")),
        };
        while self.is_sym("-") && self.prev_span().end == self.span().start {
            let dash = self.bump().span;
            match self.peek().clone() {
                Tok::Ident(s) | Tok::Str(s) if self.span().start == dash.end => {
                    name.push('-');
                    name.push_str(&s);
                    span = span.to(self.bump().span);
                }
                _ => return Err(self.unexpected("the rest of the model name", "")),
            }
        }
        Ok((name, span))
    }

    fn string_opt(&mut self) -> String {
        if let Tok::Str(s) = self.peek().clone() {
            self.bump();
            s
        } else {
            String::new()
        }
    }

    fn file(&mut self) -> Result<File, Error> {
        let mut f = File::default();
        loop {
            let start = self.span();
            let kw = match self.peek().clone() {
                Tok::Eof => break,
                Tok::Ident(k) => k,
                _ => {
                    return Err(self.unexpected(
                        "a declaration",
                        "a file is a list of `model`, `param`, `player`, `group`, `outcome`, `metric`, `let`, `tree`, `game`, `lever`, `import` and `set` lines",
                    ))
                }
            };
            match kw.as_str() {
                "model" => {
                    self.bump();
                    f.name = Some(self.model_name()?.0);
                    f.title = self.string_opt();
                }
                "about" => {
                    self.bump();
                    match self.peek().clone() {
                        Tok::Str(s) => {
                            self.bump();
                            f.about.push(s);
                        }
                        _ => return Err(self.unexpected("a string", "about \"what the model is\"")),
                    }
                }
                "import" => {
                    self.bump();
                    f.imports.push(self.model_name()?);
                }
                "param" => {
                    self.bump();
                    f.params.push(self.param(start)?);
                }
                "set" => {
                    self.bump();
                    f.sets.push(self.assignment()?);
                }
                "let" => {
                    self.bump();
                    f.lets.push(self.assignment()?);
                }
                "metric" => {
                    self.bump();
                    let (name, span) = self.ident("a metric name")?;
                    let doc = self.string_opt();
                    f.metrics.push((name, doc, span));
                }
                "player" => {
                    self.bump();
                    f.players.push(self.player(start)?);
                }
                "group" => {
                    self.bump();
                    f.groups.push(self.group(start)?);
                }
                "outcome" => {
                    self.bump();
                    let (name, span) = self.ident("an outcome label")?;
                    let doc = self.string_opt();
                    let metrics = if self.is_sym("{") {
                        self.assignments_block()?
                    } else {
                        Vec::new()
                    };
                    f.outcomes.push(OutcomeDecl {
                        name,
                        doc,
                        metrics,
                        span,
                    });
                }
                "tree" => {
                    self.bump();
                    let (name, span) = self.ident("a tree name")?;
                    self.expect_sym(":", "write `tree NAME: node`")?;
                    let node = self.node()?;
                    f.trees.push((name, node, span));
                }
                "game" => {
                    self.bump();
                    self.expect_sym(":", "write `game: node`")?;
                    if f.game.is_some() {
                        return Err(Error::syntax(
                            start,
                            "a second `game`",
                            "a file has one `game`; name other trees with `tree NAME:`",
                        ));
                    }
                    f.game = Some(self.node()?);
                }
                "lever" => {
                    self.bump();
                    let (name, span) = match self.peek().clone() {
                        Tok::Str(s) => (s, self.bump().span),
                        _ => self.ident("a lever name")?,
                    };
                    let doc = self.string_opt();
                    self.expect_sym("{", "write `lever \"name\" \"what it means\" { set p = v }`")?;
                    let mut sets = Vec::new();
                    while !self.eat_sym("}") {
                        self.expect_kw("set", "a lever is a list of `set name = value`")?;
                        sets.push(self.assignment()?);
                    }
                    f.levers.push(LeverDecl {
                        name,
                        doc,
                        sets,
                        span,
                    });
                }
                _ => {
                    return Err(self.unexpected(
                        "a declaration",
                        "a file is a list of `model`, `param`, `player`, `group`, `outcome`, `metric`, `let`, `tree`, `game`, `lever`, `import` and `set` lines",
                    ))
                }
            }
        }
        Ok(f)
    }

    fn assignment(&mut self) -> Result<(String, Expr, Span), Error> {
        let (name, span) = self.ident("a name")?;
        self.expect_sym("=", "write `name = value`")?;
        let e = self.expr()?;
        Ok((name, e, span))
    }

    fn assignments_block(&mut self) -> Result<Vec<(String, Expr, Span)>, Error> {
        self.expect_sym("{", "")?;
        let mut out = Vec::new();
        while !self.eat_sym("}") {
            out.push(self.assignment()?);
            self.eat_sym(",");
        }
        Ok(out)
    }

    fn param(&mut self, start: Span) -> Result<ParamDecl, Error> {
        let (name, _) = self.ident("a parameter name")?;
        self.expect_sym("=", "write `param name = default`")?;
        let default = self.expr()?;
        let mut range = None;
        let mut dist = None;
        loop {
            if self.eat_kw("in") {
                self.expect_sym("[", "write `in [low, high]`")?;
                let lo = self.expr()?;
                self.expect_sym(",", "write `in [low, high]`")?;
                let hi = self.expr()?;
                self.expect_sym("]", "write `in [low, high]`")?;
                range = Some((lo, hi));
            } else if self.eat_sym("~") {
                dist = Some(self.dist()?);
            } else {
                break;
            }
        }
        let doc = self.string_opt();
        Ok(ParamDecl {
            name,
            default,
            range,
            dist,
            doc,
            span: start.to(self.prev_span()),
        })
    }

    fn dist(&mut self) -> Result<DistExpr, Error> {
        let (family, span) = self.ident("a distribution")?;
        // Every family has an exact CDF and partial mean (`dist.rs`), so each
        // may be a private type as well as a parameter's distribution.
        if !["normal", "logistic", "uniform", "lognormal", "beta"].contains(&family.as_str()) {
            return Err(Error::syntax(
                span,
                format!("unknown distribution `{family}`"),
                format!("use {}", crate::dist::FAMILIES),
            ));
        }
        self.expect_sym("(", "write `normal(mean, sd)`")?;
        let a = self.expr()?;
        self.expect_sym(",", "a distribution takes two arguments")?;
        let b = self.expr()?;
        let end = self.expect_sym(")", "a distribution takes two arguments")?;
        Ok(DistExpr {
            family,
            args: [a, b],
            span: span.to(end),
        })
    }

    fn player(&mut self, start: Span) -> Result<PlayerDecl, Error> {
        let (name, _) = self.ident("a player name")?;
        let title = self.string_opt();
        let mut attrs = Vec::new();
        let mut private = None;
        if self.eat_sym("{") {
            while !self.eat_sym("}") {
                if self.eat_kw("private") {
                    let (tname, tspan) = self.ident("the private type's name")?;
                    self.expect_sym("~", "write `private resolve ~ normal(0, 1)`")?;
                    let d = self.dist()?;
                    if private.is_some() {
                        return Err(Error::syntax(
                            tspan,
                            "a second private type",
                            "a player has at most one private type; combine them into one",
                        ));
                    }
                    private = Some((tname, d));
                } else {
                    attrs.push(self.assignment()?);
                }
                self.eat_sym(",");
            }
        }
        Ok(PlayerDecl {
            title: if title.is_empty() {
                name.clone()
            } else {
                title
            },
            name,
            attrs,
            private,
            span: start.to(self.prev_span()),
        })
    }

    fn group(&mut self, start: Span) -> Result<GroupDecl, Error> {
        let (name, _) = self.ident("a group name")?;
        self.expect_sym("=", "write `group NATO = USA + DEU needs all`")?;
        let mut members = vec![self.ident("a player")?];
        while self.eat_sym("+") {
            members.push(self.ident("a player")?);
        }
        self.expect_kw("needs", "write `needs all` or `needs 2` (votes)")?;
        let needs = if self.eat_kw("all") {
            None
        } else {
            Some(self.expr()?)
        };
        Ok(GroupDecl {
            name,
            members,
            needs,
            span: start.to(self.prev_span()),
        })
    }

    fn observation(&mut self) -> Result<Observation, Error> {
        let mut obs = Observation::default();
        loop {
            if self.eat_kw("public") {
                continue;
            } else if self.eat_kw("private") {
                let mut to = Vec::new();
                if self.eat_kw("to") {
                    to.push(self.ident("a player")?);
                    while self.eat_sym(",") {
                        to.push(self.ident("a player")?);
                    }
                }
                obs.private_to = Some(to);
            } else if self.is_kw("noisy") {
                self.bump();
                self.expect_sym("(", "write `noisy(error probability)`")?;
                obs.noise = Some(self.expr()?);
                self.expect_sym(")", "write `noisy(error probability)`")?;
            } else {
                return Ok(obs);
            }
        }
    }

    fn branches(&mut self, chance: bool) -> Result<Vec<Branch>, Error> {
        self.expect_sym("{", "list the actions in braces: `{ a: ... b: ... }`")?;
        let mut out = Vec::new();
        while !self.eat_sym("}") {
            let (label, span) = self.ident("an action name")?;
            let prob = if self.is_sym("(") {
                if !chance {
                    return Err(Error::syntax(
                        self.span(),
                        "a probability on a player's action",
                        "only `chance` branches have probabilities; players choose",
                    ));
                }
                self.bump();
                let e = self.expr()?;
                self.expect_sym(")", "close the probability with `)`")?;
                Some(e)
            } else {
                None
            };
            let mut believed = Vec::new();
            if chance && self.eat_kw("believed") {
                self.expect_sym("(", "write `believed (PLAYER: probability, ...)`")?;
                while !self.eat_sym(")") {
                    let (player, span) = self.ident("a player")?;
                    self.expect_sym(":", "write `believed (PLAYER: probability)`")?;
                    believed.push((player, self.expr()?, span));
                    if !self.eat_sym(",") && !self.is_sym(")") {
                        return Err(
                            self.unexpected("`,` or `)`", "write `believed (RUS: 0.6, UKR: 0.5)`")
                        );
                    }
                }
            }
            let mut binds = Vec::new();
            if self.eat_kw("with") {
                binds.push(self.assignment()?);
                while self.eat_sym(",") {
                    binds.push(self.assignment()?);
                }
            }
            self.expect_sym(":", "write `action: what follows`")?;
            let node = self.node()?;
            out.push(Branch {
                label,
                prob,
                believed,
                binds,
                node,
                span,
            });
        }
        Ok(out)
    }

    fn node(&mut self) -> Result<Node, Error> {
        self.nested(Self::node_inner)
    }

    fn node_inner(&mut self) -> Result<Node, Error> {
        let start = self.span();
        let kw =
            match self.peek().clone() {
                Tok::Ident(k) => k,
                Tok::Sym("{") => {
                    self.bump();
                    let n = self.node()?;
                    self.expect_sym("}", "a block holds one node")?;
                    return Ok(n);
                }
                _ => return Err(self.unexpected(
                    "a move",
                    "a node is `end`, `PLAYER chooses`, `chance`, `repeat`, `next`, `use` or `if`",
                )),
            };
        match kw.as_str() {
            "end" => {
                self.bump();
                let (label, _) = self.ident("an outcome label")?;
                let mut payoffs = Vec::new();
                if self.eat_sym("(") {
                    while !self.eat_sym(")") {
                        let (player, span) = self.ident("a player")?;
                        self.expect_sym(":", "write `(PLAYER: payoff, ...)`")?;
                        let value = self.expr()?;
                        payoffs.push(PayoffEntry {
                            player,
                            value,
                            span,
                        });
                        if !self.eat_sym(",") && !self.is_sym(")") {
                            return Err(self.unexpected("`,` or `)`", "write `(A: 1, B: 0)`"));
                        }
                    }
                }
                let metrics = if self.is_sym("{") {
                    self.assignments_block()?
                } else {
                    Vec::new()
                };
                Ok(Node::End {
                    label,
                    payoffs,
                    metrics,
                    span: start,
                })
            }
            "chance" => {
                self.bump();
                let obs = self.observation()?;
                let branches = self.branches(true)?;
                Ok(Node::Chance {
                    obs,
                    branches,
                    span: start,
                })
            }
            "repeat" => {
                self.bump();
                let (var, _) = self.ident("a round variable")?;
                self.expect_kw("in", "write `repeat round in 1 .. 3 { ... } then ...`")?;
                let from = self.expr()?;
                self.expect_sym("..", "write `repeat round in 1 .. 3 { ... } then ...`")?;
                let to = self.expr()?;
                self.expect_sym("{", "the round goes in braces")?;
                let body = self.node()?;
                self.expect_sym("}", "the round is one node")?;
                self.expect_kw(
                    "then",
                    "say what happens after the last round: `then end ...`",
                )?;
                let then = self.node()?;
                Ok(Node::Repeat {
                    var,
                    from,
                    to,
                    body: Box::new(body),
                    then: Box::new(then),
                    span: start,
                })
            }
            "next" => {
                self.bump();
                Ok(Node::Next(start))
            }
            "use" => {
                self.bump();
                let (name, span) = self.ident("a tree name")?;
                Ok(Node::Use(name, span))
            }
            "if" => {
                self.bump();
                let c = self.expr()?;
                self.expect_sym("{", "write `if condition { node } else { node }`")?;
                let a = self.node()?;
                self.expect_sym("}", "")?;
                self.expect_kw("else", "an `if` node needs an `else`")?;
                self.expect_sym("{", "write `else { node }`")?;
                let b = self.node()?;
                self.expect_sym("}", "")?;
                Ok(Node::If(c, Box::new(a), Box::new(b), start))
            }
            _ if matches!(self.peek_at(1), Tok::Ident(k) if k == "chooses") => {
                let (who, _) = self.ident("a player")?;
                self.bump();
                if matches!(self.peek_at(1), Tok::Ident(k) if k == "in") {
                    let (var, _) = self.ident("a variable")?;
                    self.bump();
                    self.expect_sym("[", "write `A chooses x in [0, 1] then ...`")?;
                    let lo = self.expr()?;
                    self.expect_sym(",", "")?;
                    let hi = self.expr()?;
                    self.expect_sym("]", "")?;
                    let grid = if matches!(self.peek_at(0), Tok::Ident(k) if k == "grid") {
                        self.bump();
                        Some(self.expr()?)
                    } else {
                        None
                    };
                    self.expect_kw(
                        "then",
                        "write `A chooses x in [0, 1] then ...` or `A chooses x in [0, 1] grid 41 then ...`",
                    )?;
                    let then = self.node()?;
                    return Ok(Node::Continuous {
                        who,
                        var,
                        lo,
                        hi,
                        grid,
                        then: Box::new(then),
                        span: start,
                    });
                }
                let obs = self.observation()?;
                let branches = self.branches(false)?;
                Ok(Node::Choose {
                    who,
                    obs,
                    branches,
                    span: start,
                })
            }
            _ => Err(self.unexpected(
                "a move",
                "a node is `end`, `PLAYER chooses`, `chance`, `repeat`, `next`, `use` or `if`",
            )),
        }
    }

    fn expr(&mut self) -> Result<Expr, Error> {
        self.nested(Self::expr_inner)
    }

    fn expr_inner(&mut self) -> Result<Expr, Error> {
        if self.is_kw("if") {
            let start = self.bump().span;
            let c = self.expr()?;
            self.expect_kw("then", "write `if c then a else b`")?;
            let a = self.expr()?;
            self.expect_kw("else", "write `if c then a else b`")?;
            let b = self.expr()?;
            let span = start.to(b.span());
            return Ok(Expr::If(Box::new(c), Box::new(a), Box::new(b), span));
        }
        self.or()
    }

    fn or(&mut self) -> Result<Expr, Error> {
        let mut l = self.and()?;
        while self.eat_kw("or") {
            let r = self.and()?;
            let span = l.span().to(r.span());
            l = Expr::Binary(BinOp::Or, Box::new(l), Box::new(r), span);
        }
        Ok(l)
    }

    fn and(&mut self) -> Result<Expr, Error> {
        let mut l = self.cmp()?;
        while self.eat_kw("and") {
            let r = self.cmp()?;
            let span = l.span().to(r.span());
            l = Expr::Binary(BinOp::And, Box::new(l), Box::new(r), span);
        }
        Ok(l)
    }

    fn cmp(&mut self) -> Result<Expr, Error> {
        let l = self.sum()?;
        for op in BinOp::COMPARISONS {
            if self.eat_sym(op.symbol()) {
                let r = self.sum()?;
                let span = l.span().to(r.span());
                return Ok(Expr::Binary(op, Box::new(l), Box::new(r), span));
            }
        }
        Ok(l)
    }

    fn sum(&mut self) -> Result<Expr, Error> {
        let mut l = self.product()?;
        loop {
            let op = if self.is_sym("+") {
                BinOp::Add
            } else if self.is_sym("-") {
                BinOp::Sub
            } else {
                return Ok(l);
            };
            self.bump();
            let r = self.product()?;
            let span = l.span().to(r.span());
            l = Expr::Binary(op, Box::new(l), Box::new(r), span);
        }
    }

    fn product(&mut self) -> Result<Expr, Error> {
        let mut l = self.unary()?;
        loop {
            let op = if self.is_sym("*") {
                BinOp::Mul
            } else if self.is_sym("/") {
                BinOp::Div
            } else {
                return Ok(l);
            };
            self.bump();
            let r = self.unary()?;
            let span = l.span().to(r.span());
            l = Expr::Binary(op, Box::new(l), Box::new(r), span);
        }
    }

    fn unary(&mut self) -> Result<Expr, Error> {
        self.nested(Self::unary_inner)
    }

    fn unary_inner(&mut self) -> Result<Expr, Error> {
        let start = self.span();
        if self.eat_sym("-") {
            let e = self.unary()?;
            let span = start.to(e.span());
            return Ok(Expr::Unary(UnOp::Neg, Box::new(e), span));
        }
        if self.eat_kw("not") {
            let e = self.unary()?;
            let span = start.to(e.span());
            return Ok(Expr::Unary(UnOp::Not, Box::new(e), span));
        }
        self.power()
    }

    fn power(&mut self) -> Result<Expr, Error> {
        let base = self.atom()?;
        if self.eat_sym("^") {
            let exp = self.unary()?;
            let span = base.span().to(exp.span());
            return Ok(Expr::Binary(
                BinOp::Pow,
                Box::new(base),
                Box::new(exp),
                span,
            ));
        }
        Ok(base)
    }

    fn atom(&mut self) -> Result<Expr, Error> {
        let start = self.span();
        match self.peek().clone() {
            Tok::Num(x) => {
                self.bump();
                Ok(Expr::Num(x, start))
            }
            Tok::Sym("(") => {
                self.bump();
                let e = self.expr()?;
                self.expect_sym(")", "close the parenthesis")?;
                Ok(e)
            }
            Tok::Ident(name) if !KEYWORDS.contains(&name.as_str()) => {
                self.bump();
                if self.is_sym("(") {
                    self.bump();
                    let mut args = Vec::new();
                    while !self.eat_sym(")") {
                        args.push(self.expr()?);
                        if !self.eat_sym(",") && !self.is_sym(")") {
                            return Err(self.unexpected("`,` or `)`", "separate arguments with `,`"));
                        }
                    }
                    return Ok(Expr::Call(name, args, start.to(self.prev_span())));
                }
                if self.is_sym(".") {
                    self.bump();
                    let (attr, aspan) = self.ident("an attribute")?;
                    return Ok(Expr::Attr(name, attr, start.to(aspan)));
                }
                Ok(Expr::Var(name, start))
            }
            _ => Err(self.unexpected(
                "a value",
                "a value is a number, a parameter, PLAYER.attribute, a call or a parenthesised expression",
            )),
        }
    }
}
