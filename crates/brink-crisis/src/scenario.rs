//! A scenario: a parsed crisis file with its imports resolved, plus
//! parameter overrides. This is the library API that `run`, sweeps and Monte
//! Carlo build on.

use crate::ast::{File, Node};
use crate::dist::Dist;
use crate::error::{suggest, Error, ErrorKind};
use crate::expr::Env;
use crate::library;
use crate::parser::parse;
use serde::Serialize;
use std::rc::Rc;

/// A parameter with its declared default, current value, range and distribution.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Parameter {
    /// Name.
    pub name: String,
    /// Declared default (after `set` lines of importing files).
    pub default: f64,
    /// Value in use (the default unless overridden).
    pub value: f64,
    /// Declared range.
    pub range: Option<(f64, f64)>,
    /// Declared distribution, for Monte Carlo.
    pub dist: Option<Dist>,
    /// What it means and where the number comes from.
    pub doc: String,
}

/// A lever: a named, documented change of parameters.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Lever {
    /// Name.
    pub name: String,
    /// What it stands for.
    pub doc: String,
    /// The changes, as `(parameter, new value)`.
    pub changes: Vec<(String, f64)>,
}

/// A parsed scenario with its imports merged and any overrides applied.
#[derive(Clone, Debug)]
pub struct Scenario {
    /// Model name (`model NAME`), or the file name.
    pub name: String,
    /// Title line.
    pub title: String,
    /// Free text from `about` lines.
    pub about: Vec<String>,
    pub(crate) sources: Vec<(String, String)>,
    pub(crate) file: File,
    pub(crate) overrides: Vec<(String, f64)>,
}

impl Scenario {
    /// Parses a scenario from source text; `origin` names it in error messages.
    /// `import NAME` lines pull in models of the library.
    pub fn parse(origin: &str, source: &str) -> Result<Scenario, Error> {
        let mut sources = vec![(origin.to_string(), source.to_string())];
        let file = load(&mut sources, 0, 0)?;
        let name = file.name.clone().unwrap_or_else(|| {
            std::path::Path::new(origin)
                .file_stem()
                .map_or(origin.to_string(), |s| s.to_string_lossy().into_owned())
        });
        let s = Scenario {
            name,
            title: file.title.clone(),
            about: file.about.clone(),
            sources,
            file,
            overrides: Vec::new(),
        };
        s.check().map_err(|e| e.locate(&s.sources))?;
        Ok(s)
    }

    /// A model of the built-in library by name.
    pub fn from_library(name: &str) -> Result<Scenario, Error> {
        match library::source(name) {
            Some(src) => Scenario::parse(&format!("<library>/{name}.crisis"), src),
            None => Err(unknown_model(name)),
        }
    }

    /// A library model by name, or else a file path.
    pub fn load(name_or_path: &str) -> Result<Scenario, Error> {
        if library::source(name_or_path).is_some() {
            return Scenario::from_library(name_or_path);
        }
        match std::fs::read_to_string(name_or_path) {
            Ok(src) => Scenario::parse(name_or_path, &src),
            Err(e) => {
                let mut err = unknown_model(name_or_path);
                err.message =
                    format!("cannot read `{name_or_path}` ({e}) and no model has that name");
                Err(err)
            }
        }
    }

    /// The source files (the scenario and its imports) as `(name, text)`.
    pub fn sources(&self) -> &[(String, String)] {
        &self.sources
    }

    /// The merged syntax tree.
    pub fn ast(&self) -> &File {
        &self.file
    }

    /// The same scenario with parameter values changed (`--set name=value`);
    /// later overrides of the same name win. Names and ranges are checked.
    pub fn with_overrides(&self, overrides: &[(String, f64)]) -> Result<Scenario, Error> {
        let mut s = self.clone();
        for (name, value) in overrides {
            if !self.file.params.iter().any(|p| &p.name == name) {
                let hint = match suggest(name, self.file.params.iter().map(|p| p.name.as_str())) {
                    Some(x) => {
                        format!("did you mean `{x}`? `brink models` lists each model's parameters")
                    }
                    None => format!(
                        "the parameters are: {}",
                        self.file
                            .params
                            .iter()
                            .map(|p| p.name.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ),
                };
                return Err(Error::new(
                    ErrorKind::Undefined,
                    None,
                    format!(
                        "--set {name}={value}: no parameter `{name}` in `{}`",
                        self.name
                    ),
                    hint,
                ));
            }
            s.overrides.retain(|(n, _)| n != name);
            s.overrides.push((name.clone(), *value));
        }
        s.parameters()?;
        Ok(s)
    }

    /// The overrides in force.
    pub fn overrides(&self) -> &[(String, f64)] {
        &self.overrides
    }

    /// All parameters in declaration order, with defaults, values, ranges and
    /// distributions evaluated. Fails if a value leaves its declared range.
    pub fn parameters(&self) -> Result<Vec<Parameter>, Error> {
        self.parameters_env().map(|(p, _)| p)
    }

    pub(crate) fn parameters_env(&self) -> Result<(Vec<Parameter>, Env), Error> {
        let r = self.params_inner();
        r.map_err(|e| e.locate(&self.sources))
    }

    fn params_inner(&self) -> Result<(Vec<Parameter>, Env), Error> {
        let mut env = Env::default();
        let mut defaults_env = Env::default();
        let mut out = Vec::new();
        for p in &self.file.params {
            let default_expr = self
                .file
                .sets
                .iter()
                .rev()
                .find(|(n, _, _)| n == &p.name)
                .map_or(&p.default, |(_, e, _)| e);
            let default =
                defaults_env.number(default_expr, &format!("the default of `{}`", p.name))?;
            let value = match self.overrides.iter().find(|(n, _)| n == &p.name) {
                Some((_, v)) => *v,
                None => env.number(default_expr, &format!("the value of `{}`", p.name))?,
            };
            let range = match &p.range {
                Some((lo, hi)) => Some((
                    env.number(lo, "a range bound")?,
                    env.number(hi, "a range bound")?,
                )),
                None => None,
            };
            if let Some((lo, hi)) = range {
                if !(lo..=hi).contains(&value) {
                    return Err(Error::new(
                        ErrorKind::Invalid,
                        Some(p.span),
                        format!(
                            "parameter `{}` = {value} is outside its range [{lo}, {hi}]",
                            p.name
                        ),
                        "use a value inside the declared range, or widen the range",
                    ));
                }
            }
            let dist = match &p.dist {
                Some(d) => {
                    let a = env.number(&d.args[0], "a distribution argument")?;
                    let b = env.number(&d.args[1], "a distribution argument")?;
                    Some(
                        Dist::new(&d.family, a, b)
                            .map_err(|m| Error::new(ErrorKind::Invalid, Some(d.span), m, ""))?,
                    )
                }
                None => None,
            };
            Rc::make_mut(&mut env.vars).insert(p.name.clone(), value);
            Rc::make_mut(&mut defaults_env.vars).insert(p.name.clone(), default);
            out.push(Parameter {
                name: p.name.clone(),
                default,
                value,
                range,
                dist,
                doc: p.doc.clone(),
            });
        }
        env.players = Rc::new(self.file.players.iter().map(|p| p.name.clone()).collect());
        for (i, p) in self.file.players.iter().enumerate() {
            for (a, e, _) in &p.attrs {
                let v = env.number(e, &format!("`{}.{a}`", p.name))?;
                Rc::make_mut(&mut env.attrs).insert((p.name.clone(), a.clone()), v);
            }
            if let Some((t, _)) = &p.private {
                Rc::make_mut(&mut env.types).insert(t.clone(), i);
            }
        }
        let mut bound = Vec::new();
        if let Some(g) = &self.file.game {
            g.bound_names(&mut bound);
        }
        for (_, n, _) in &self.file.trees {
            n.bound_names(&mut bound);
        }
        for (name, e, _) in &self.file.lets {
            // A derived value may read values bound in the tree, and then
            // also earlier derived values that do: it is evaluated where
            // they are bound.
            let reads_bound = bound.iter().any(|b| e.mentions(b))
                || env.deferred.iter().any(|(d, _)| e.mentions(d));
            if reads_bound {
                Rc::make_mut(&mut env.deferred).push((name.clone(), e.clone()));
                continue;
            }
            let v = env.number(e, &format!("`{name}`"))?;
            Rc::make_mut(&mut env.vars).insert(name.clone(), v);
        }
        Ok((out, env))
    }

    /// The levers declared in the file, with their values evaluated.
    pub fn levers(&self) -> Result<Vec<Lever>, Error> {
        let (_, env) = self.parameters_env()?;
        let mut out = Vec::new();
        for l in &self.file.levers {
            let mut changes = Vec::new();
            for (n, e, _) in &l.sets {
                let v = env
                    .number(e, "a lever value")
                    .map_err(|e| e.locate(&self.sources))?;
                changes.push((n.clone(), v));
            }
            out.push(Lever {
                name: l.name.clone(),
                doc: l.doc.clone(),
                changes,
            });
        }
        Ok(out)
    }

    /// Static checks that need no values: names are defined once, players,
    /// outcomes and trees referred to exist, every declared outcome is used.
    fn check(&self) -> Result<(), Error> {
        let f = &self.file;
        let mut seen: Vec<&str> = Vec::new();
        for (name, span) in f
            .params
            .iter()
            .map(|p| (p.name.as_str(), p.span))
            .chain(f.lets.iter().map(|(n, _, s)| (n.as_str(), *s)))
        {
            if seen.contains(&name) {
                return Err(Error::new(
                    ErrorKind::Duplicate,
                    Some(span),
                    format!("`{name}` is defined twice"),
                    "to change an imported default, write `set name = value`",
                ));
            }
            seen.push(name);
        }
        for (name, _, span) in &f.sets {
            if !f.params.iter().any(|p| &p.name == name) {
                return Err(Error::new(
                    ErrorKind::Undefined,
                    Some(*span),
                    format!("`set {name}`: no such parameter"),
                    suggest(name, f.params.iter().map(|p| p.name.as_str()))
                        .map_or(String::new(), |s| format!("did you mean `{s}`?")),
                ));
            }
        }
        for l in &f.levers {
            for (name, _, span) in &l.sets {
                if !f.params.iter().any(|p| &p.name == name) {
                    return Err(Error::new(
                        ErrorKind::Undefined,
                        Some(*span),
                        format!("lever `{}` sets `{name}`, which is not a parameter", l.name),
                        suggest(name, f.params.iter().map(|p| p.name.as_str()))
                            .map_or(String::new(), |s| format!("did you mean `{s}`?")),
                    ));
                }
            }
        }
        let Some(game) = &f.game else {
            return Err(Error::new(
                ErrorKind::Syntax,
                None,
                format!("`{}` has no `game`", self.name),
                "add `game: ...` with the first move, or import a model that has one",
            ));
        };
        let mut used = Vec::new();
        let mut stack: Vec<&Node> = vec![game];
        stack.extend(f.trees.iter().map(|(_, n, _)| n));
        while let Some(n) = stack.pop() {
            match n {
                Node::End { label, span, .. } => {
                    if !f.outcomes.iter().any(|o| &o.name == label) {
                        return Err(Error::new(
                            ErrorKind::Undefined,
                            Some(*span),
                            format!("undeclared outcome `{label}`"),
                            match suggest(label, f.outcomes.iter().map(|o| o.name.as_str())) {
                                Some(s) => format!("did you mean `{s}`?"),
                                None => format!("declare it: `outcome {label} {{ deaths = ... }}`"),
                            },
                        ));
                    }
                    used.push(label.as_str());
                }
                Node::Choose { branches, .. } | Node::Chance { branches, .. } => {
                    stack.extend(branches.iter().map(|b| &b.node))
                }
                Node::Continuous { then, .. } => stack.push(then),
                Node::Repeat { body, then, .. } => {
                    stack.push(body);
                    stack.push(then);
                }
                Node::If(_, a, b, _) => {
                    stack.push(a);
                    stack.push(b);
                }
                Node::Use(name, span) => {
                    if !f.trees.iter().any(|(n, _, _)| n == name) {
                        return Err(Error::new(
                            ErrorKind::Undefined,
                            Some(*span),
                            format!("undefined tree `{name}`"),
                            "define it with `tree NAME: node`",
                        ));
                    }
                }
                Node::Next(_) => {}
            }
        }
        for o in &f.outcomes {
            // Outcomes of imported models may go unused by the importing game.
            if o.span.file == 0 && !used.contains(&o.name.as_str()) {
                return Err(Error::new(
                    ErrorKind::Unreachable,
                    Some(o.span),
                    format!(
                        "outcome `{}` is unreachable: no `end {}` in the game",
                        o.name, o.name
                    ),
                    "remove the declaration or add a move that ends in it",
                ));
            }
        }
        Ok(())
    }
}

fn unknown_model(name: &str) -> Error {
    let hint = match suggest(name, library::names()) {
        Some(s) => format!("did you mean `{s}`? `brink models` lists the library"),
        None => "give a file path or a model name; `brink models` lists the library".into(),
    };
    Error::new(
        ErrorKind::Undefined,
        None,
        format!("no model `{name}`"),
        hint,
    )
}

/// Parses source `idx` and merges its imports in front of it.
fn load(sources: &mut Vec<(String, String)>, idx: usize, depth: usize) -> Result<File, Error> {
    let text = sources[idx].1.clone();
    let mine = parse(&text, idx).map_err(|e| e.locate(sources))?;
    let mut merged = File::default();
    for (name, span) in &mine.imports {
        let Some(src) = library::source(name) else {
            return Err(Error::new(
                ErrorKind::Undefined,
                Some(*span),
                format!("no library model `{name}` to import"),
                suggest(name, library::names())
                    .map_or("`brink models` lists the library".into(), |s| {
                        format!("did you mean `{s}`?")
                    }),
            )
            .locate(sources));
        };
        if depth > 8 {
            return Err(Error::new(
                ErrorKind::Invalid,
                Some(*span),
                "imports nested too deep (a cycle?)",
                "",
            )
            .locate(sources));
        }
        sources.push((format!("<library>/{name}.crisis"), src.to_string()));
        let k = sources.len() - 1;
        let f = load(sources, k, depth + 1)?;
        merge(&mut merged, f);
    }
    let name = mine.name.clone();
    let title = mine.title.clone();
    merge(&mut merged, mine);
    merged.name = name.or(merged.name);
    if !title.is_empty() {
        merged.title = title;
    }
    Ok(merged)
}

fn merge(into: &mut File, f: File) {
    into.name = f.name.or(into.name.take());
    if !f.title.is_empty() {
        into.title = f.title;
    }
    into.about.extend(f.about);
    into.params.extend(f.params);
    into.sets.extend(f.sets);
    into.lets.extend(f.lets);
    for m in f.metrics {
        if !into.metrics.iter().any(|x| x.0 == m.0) {
            into.metrics.push(m);
        }
    }
    into.players.extend(f.players);
    into.groups.extend(f.groups);
    into.outcomes.extend(f.outcomes);
    into.trees.extend(f.trees);
    if f.game.is_some() {
        into.game = f.game;
    }
    into.levers.extend(f.levers);
}
