//! The syntax tree of a crisis file.

use crate::error::Span;

/// A unary operator.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum UnOp {
    /// `-x`.
    Neg,
    /// `not x`: 1 where x is 0, else 0.
    Not,
}

/// A binary operator, in the language's spelling by [`BinOp::symbol`].
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum BinOp {
    /// `+`.
    Add,
    /// `-`.
    Sub,
    /// `*`.
    Mul,
    /// `/`.
    Div,
    /// `^`.
    Pow,
    /// `<`.
    Lt,
    /// `<=`.
    Le,
    /// `>`.
    Gt,
    /// `>=`.
    Ge,
    /// `==`.
    Eq,
    /// `!=`.
    Ne,
    /// `and`.
    And,
    /// `or`.
    Or,
}

impl BinOp {
    /// The comparison operators, longest spelling first (as the parser tries them).
    pub const COMPARISONS: [BinOp; 6] = [
        BinOp::Le,
        BinOp::Ge,
        BinOp::Eq,
        BinOp::Ne,
        BinOp::Lt,
        BinOp::Gt,
    ];

    /// The operator on two numbers (truth is 1, falsehood 0).
    pub fn apply(self, x: f64, y: f64) -> f64 {
        let truth = |b: bool| if b { 1.0 } else { 0.0 };
        match self {
            BinOp::Add => x + y,
            BinOp::Sub => x - y,
            BinOp::Mul => x * y,
            BinOp::Div => x / y,
            BinOp::Pow => x.powf(y),
            BinOp::Lt => truth(x < y),
            BinOp::Le => truth(x <= y),
            BinOp::Gt => truth(x > y),
            BinOp::Ge => truth(x >= y),
            BinOp::Eq => truth(x == y),
            BinOp::Ne => truth(x != y),
            BinOp::And => truth(x != 0.0 && y != 0.0),
            BinOp::Or => truth(x != 0.0 || y != 0.0),
        }
    }

    /// How the language writes it.
    pub fn symbol(self) -> &'static str {
        match self {
            BinOp::Add => "+",
            BinOp::Sub => "-",
            BinOp::Mul => "*",
            BinOp::Div => "/",
            BinOp::Pow => "^",
            BinOp::Lt => "<",
            BinOp::Le => "<=",
            BinOp::Gt => ">",
            BinOp::Ge => ">=",
            BinOp::Eq => "==",
            BinOp::Ne => "!=",
            BinOp::And => "and",
            BinOp::Or => "or",
        }
    }
}

/// An arithmetic expression.
#[derive(Clone, Debug, PartialEq)]
pub enum Expr {
    /// A number.
    Num(f64, Span),
    /// A parameter, derived value, loop variable, continuous choice or private type.
    Var(String, Span),
    /// A player's attribute: `RUS.capability`.
    Attr(String, String, Span),
    /// A unary minus or `not`.
    Unary(UnOp, Box<Expr>, Span),
    /// A binary operator: `+ - * / ^ < <= > >= == != and or`.
    Binary(BinOp, Box<Expr>, Box<Expr>, Span),
    /// A function call: `min`, `max`, `exp`, `log`, `sqrt`, `abs`.
    Call(String, Vec<Expr>, Span),
    /// `if c then a else b`.
    If(Box<Expr>, Box<Expr>, Box<Expr>, Span),
}

impl Expr {
    /// Whether the expression reads the plain name `name` anywhere.
    pub fn mentions(&self, name: &str) -> bool {
        match self {
            Expr::Num(..) | Expr::Attr(..) => false,
            Expr::Var(n, _) => n == name,
            Expr::Unary(_, a, _) => a.mentions(name),
            Expr::Binary(_, a, b, _) => a.mentions(name) || b.mentions(name),
            Expr::Call(_, args, _) => args.iter().any(|a| a.mentions(name)),
            Expr::If(c, a, b, _) => c.mentions(name) || a.mentions(name) || b.mentions(name),
        }
    }

    /// Where the expression is.
    pub fn span(&self) -> Span {
        match self {
            Expr::Num(_, s)
            | Expr::Var(_, s)
            | Expr::Attr(_, _, s)
            | Expr::Unary(_, _, s)
            | Expr::Binary(_, _, _, s)
            | Expr::Call(_, _, s)
            | Expr::If(_, _, _, s) => *s,
        }
    }
}

/// A probability distribution (for private types and Monte Carlo draws).
#[derive(Clone, Debug, PartialEq)]
pub struct DistExpr {
    /// `normal`, `logistic` or `uniform`.
    pub family: String,
    /// Location and scale (normal, logistic) or bounds (uniform).
    pub args: [Expr; 2],
    /// Where it is.
    pub span: Span,
}

/// Who sees a move.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct Observation {
    /// `None`: public (everyone sees the move). `Some(list)`: only the mover
    /// (for chance, nobody) and the listed players see it.
    pub private_to: Option<Vec<(String, Span)>>,
    /// Those who do not see the move see a signal that is wrong with this
    /// probability (spread evenly over the other actions).
    pub noise: Option<Expr>,
}

/// One branch of a choice or chance move.
#[derive(Clone, Debug, PartialEq)]
pub struct Branch {
    /// The action's name.
    pub label: String,
    /// Its probability (chance only; `None` means the rest).
    pub prob: Option<Expr>,
    /// Players' subjective probabilities of this branch (chance only:
    /// `believed (RUS: q)`), where they differ from the true `prob`.
    pub believed: Vec<(String, Expr, Span)>,
    /// Values bound on this branch (`with name = expr`), visible below it.
    pub binds: Vec<(String, Expr, Span)>,
    /// What follows.
    pub node: Node,
    /// Where the label is.
    pub span: Span,
}

/// A payoff entry `PLAYER: expr`.
#[derive(Clone, Debug, PartialEq)]
pub struct PayoffEntry {
    /// The player (or group, whose members all get it).
    pub player: String,
    /// The payoff.
    pub value: Expr,
    /// Where the player's name is.
    pub span: Span,
}

/// A node of the game description.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    /// `end LABEL (P: expr, ...) { metric = expr, ... }`.
    End {
        /// Outcome label.
        label: String,
        /// Payoffs (players not named get 0).
        payoffs: Vec<PayoffEntry>,
        /// Metric values overriding the outcome's declared ones.
        metrics: Vec<(String, Expr, Span)>,
        /// Where it is.
        span: Span,
    },
    /// `WHO chooses [obs] { a: node ... }`.
    Choose {
        /// The player or group.
        who: String,
        /// Who observes.
        obs: Observation,
        /// The actions.
        branches: Vec<Branch>,
        /// Where it is.
        span: Span,
    },
    /// `WHO chooses x in [lo, hi] (grid n)? then node`.
    Continuous {
        /// The player.
        who: String,
        /// The variable's name.
        var: String,
        /// Lower bound.
        lo: Expr,
        /// Upper bound.
        hi: Expr,
        /// `grid n`: the choice is made among `n` evenly spaced values (a
        /// discrete move), which any player may make anywhere in the tree.
        grid: Option<Expr>,
        /// What follows.
        then: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// `chance [obs] { a (p): node ... }`.
    Chance {
        /// Who observes.
        obs: Observation,
        /// The branches.
        branches: Vec<Branch>,
        /// Where it is.
        span: Span,
    },
    /// `repeat v in a .. b { body } then node`: `next` in the body continues
    /// with the following round, or after the last with the `then` node.
    Repeat {
        /// Loop variable.
        var: String,
        /// First round.
        from: Expr,
        /// Last round.
        to: Expr,
        /// The round.
        body: Box<Node>,
        /// After the last round.
        then: Box<Node>,
        /// Where it is.
        span: Span,
    },
    /// `next`: the next round of the enclosing `repeat`.
    Next(Span),
    /// `use NAME`: a named tree.
    Use(String, Span),
    /// `if c { a } else { b }`, decided when the game is compiled.
    If(Expr, Box<Node>, Box<Node>, Span),
}

impl Node {
    /// The names this node and the nodes below it bind: `with` values,
    /// `repeat` variables and continuous choices.
    pub fn bound_names(&self, out: &mut Vec<String>) {
        let mut stack = vec![self];
        while let Some(n) = stack.pop() {
            match n {
                Node::Choose { branches, .. } | Node::Chance { branches, .. } => {
                    for b in branches {
                        out.extend(b.binds.iter().map(|(n, _, _)| n.clone()));
                        stack.push(&b.node);
                    }
                }
                Node::Continuous { var, then, .. } => {
                    out.push(var.clone());
                    stack.push(then);
                }
                Node::Repeat {
                    var, body, then, ..
                } => {
                    out.push(var.clone());
                    stack.push(body);
                    stack.push(then);
                }
                Node::If(_, a, b, _) => {
                    stack.push(a);
                    stack.push(b);
                }
                _ => {}
            }
        }
    }

    /// Where the node starts.
    pub fn span(&self) -> Span {
        match self {
            Node::End { span, .. }
            | Node::Choose { span, .. }
            | Node::Continuous { span, .. }
            | Node::Chance { span, .. }
            | Node::Repeat { span, .. }
            | Node::Next(span)
            | Node::Use(_, span)
            | Node::If(_, _, _, span) => *span,
        }
    }
}

/// A parameter declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct ParamDecl {
    /// Name.
    pub name: String,
    /// Default value.
    pub default: Expr,
    /// Allowed range.
    pub range: Option<(Expr, Expr)>,
    /// Distribution for Monte Carlo.
    pub dist: Option<DistExpr>,
    /// What it means and where its value comes from.
    pub doc: String,
    /// Where it is.
    pub span: Span,
}

/// A player declaration.
#[derive(Clone, Debug, PartialEq)]
pub struct PlayerDecl {
    /// Short name used in the file.
    pub name: String,
    /// Long name used in reports.
    pub title: String,
    /// Attributes.
    pub attrs: Vec<(String, Expr, Span)>,
    /// The private type: its name and distribution.
    pub private: Option<(String, DistExpr)>,
    /// Where it is.
    pub span: Span,
}

/// A group of players acting together: the first action of a group choice
/// happens only if at least `needs` members vote for it.
#[derive(Clone, Debug, PartialEq)]
pub struct GroupDecl {
    /// Name.
    pub name: String,
    /// Members.
    pub members: Vec<(String, Span)>,
    /// Votes needed (`None`: all).
    pub needs: Option<Expr>,
    /// Where it is.
    pub span: Span,
}

/// An outcome declaration with default metric values.
#[derive(Clone, Debug, PartialEq)]
pub struct OutcomeDecl {
    /// Label.
    pub name: String,
    /// Description.
    pub doc: String,
    /// Metric values.
    pub metrics: Vec<(String, Expr, Span)>,
    /// Where it is.
    pub span: Span,
}

/// A lever: a documented change of parameters.
#[derive(Clone, Debug, PartialEq)]
pub struct LeverDecl {
    /// Name.
    pub name: String,
    /// What it stands for.
    pub doc: String,
    /// Parameter changes.
    pub sets: Vec<(String, Expr, Span)>,
    /// Where it is.
    pub span: Span,
}

/// A parsed file.
#[derive(Clone, Debug, PartialEq, Default)]
pub struct File {
    /// `model NAME "title"`.
    pub name: Option<String>,
    /// Title.
    pub title: String,
    /// Free text of `about "..."` lines.
    pub about: Vec<String>,
    /// Imported library models.
    pub imports: Vec<(String, Span)>,
    /// Parameters.
    pub params: Vec<ParamDecl>,
    /// Changes of imported defaults: `set name = expr`.
    pub sets: Vec<(String, Expr, Span)>,
    /// Derived values: `let name = expr`.
    pub lets: Vec<(String, Expr, Span)>,
    /// Declared metrics with their descriptions.
    pub metrics: Vec<(String, String, Span)>,
    /// Players.
    pub players: Vec<PlayerDecl>,
    /// Groups.
    pub groups: Vec<GroupDecl>,
    /// Outcomes.
    pub outcomes: Vec<OutcomeDecl>,
    /// Named trees.
    pub trees: Vec<(String, Node, Span)>,
    /// The game.
    pub game: Option<Node>,
    /// Levers.
    pub levers: Vec<LeverDecl>,
}
