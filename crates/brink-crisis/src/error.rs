//! Errors of the crisis language: each names file:line:column, shows the
//! source line with a caret under the culprit, and gives a hint.

use std::fmt;

/// A byte range in one source file.
#[derive(Copy, Clone, Debug, PartialEq, Eq, Default)]
pub struct Span {
    /// Index of the file in the scenario's source list.
    pub file: usize,
    /// First byte.
    pub start: usize,
    /// One past the last byte.
    pub end: usize,
}

impl Span {
    /// A span.
    pub fn new(file: usize, start: usize, end: usize) -> Self {
        Span { file, start, end }
    }

    /// The smallest span covering both.
    pub fn to(self, other: Span) -> Span {
        if self.file != other.file {
            return self;
        }
        Span::new(
            self.file,
            self.start.min(other.start),
            self.end.max(other.end),
        )
    }
}

/// What kind of mistake an [`Error`] reports.
#[derive(Copy, Clone, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// The text does not follow the grammar.
    Syntax,
    /// A name (parameter, player, outcome, tree, model) is not defined.
    Undefined,
    /// A name is defined twice.
    Duplicate,
    /// A probability outside [0, 1], or chance probabilities not summing to 1.
    Probability,
    /// An outcome that no play of the game can reach.
    Unreachable,
    /// The game would exceed the size limit (found before building it).
    TooLarge,
    /// A value is out of its declared range or otherwise invalid.
    Invalid,
    /// The solver could not find an equilibrium.
    Solve,
    /// The caller cancelled the work (see [`brink_game::Cancel`]).
    Cancelled,
}

/// Where an error is, resolved to a line and column.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// File name as given to the scenario.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column (in characters).
    pub column: usize,
    /// The text of that line.
    pub source_line: String,
    /// Width of the caret underline, in characters.
    pub width: usize,
}

/// An error of the crisis language or of solving a scenario.
#[derive(Clone, Debug, PartialEq)]
pub struct Error {
    /// What kind of mistake.
    pub kind: ErrorKind,
    /// The message, one line.
    pub message: String,
    /// How to fix it.
    pub hint: String,
    /// The culprit in the source, if any.
    pub span: Option<Span>,
    /// The culprit resolved to file:line:column, once the sources are known.
    pub location: Option<Box<Location>>,
}

impl Error {
    /// An error of a kind at a place.
    pub fn new(
        kind: ErrorKind,
        span: Option<Span>,
        message: impl Into<String>,
        hint: impl Into<String>,
    ) -> Self {
        Error {
            kind,
            message: message.into(),
            hint: hint.into(),
            span,
            location: None,
        }
    }

    /// A syntax error.
    pub fn syntax(span: Span, message: impl Into<String>, hint: impl Into<String>) -> Self {
        Self::new(ErrorKind::Syntax, Some(span), message, hint)
    }

    /// Resolves the span to a line and column in the given sources.
    pub fn locate(mut self, sources: &[(String, String)]) -> Self {
        if self.location.is_some() {
            return self;
        }
        if let Some(span) = self.span {
            if let Some((name, text)) = sources.get(span.file) {
                self.location = Some(Box::new(locate(name, text, span)));
            }
        }
        self
    }
}

fn locate(name: &str, text: &str, span: Span) -> Location {
    let start = span.start.min(text.len());
    let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
    let line_end = text[start..].find('\n').map_or(text.len(), |i| start + i);
    let line = text[..start].matches('\n').count() + 1;
    let column = text[line_start..start].chars().count() + 1;
    let end = span.end.clamp(start, line_end.max(start));
    let width = text[start..end].chars().count().max(1);
    Location {
        file: name.to_string(),
        line,
        column,
        source_line: text[line_start..line_end].to_string(),
        width,
    }
}

/// Characters of a source line shown before and after the error's column:
/// a generated file's line can be megabytes long (a fuzzer's 100,000
/// nested parentheses), and a message must stay a few lines.
const BEFORE: usize = 40;
const AFTER: usize = 60;

/// The part of `line` around character `col` that a message shows, the
/// caret's column in it, and the caret's width (kept inside the part).
fn excerpt(line: &str, col: usize, width: usize) -> (String, usize, usize) {
    let n = line.chars().count();
    if n <= BEFORE + AFTER + 20 {
        return (line.to_string(), col, width);
    }
    let from = col.saturating_sub(BEFORE);
    let to = (col + AFTER).min(n);
    let mut shown: String = line.chars().skip(from).take(to - from).collect();
    let mut caret = col - from;
    if from > 0 {
        shown.insert_str(0, "...");
        caret += 3;
    }
    if to < n {
        shown.push_str("...");
    }
    (shown, caret, width.min(to.saturating_sub(col)).max(1))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.message)?;
        if let Some(loc) = &self.location {
            let gutter = loc.line.to_string().len();
            let pad = " ".repeat(gutter);
            let (shown, caret_at, width) = excerpt(&loc.source_line, loc.column - 1, loc.width);
            write!(
                f,
                "\n{pad}--> {}:{}:{}\n{pad} |\n{} | {}\n{pad} | {}{}",
                loc.file,
                loc.line,
                loc.column,
                loc.line,
                shown,
                " ".repeat(caret_at),
                "^".repeat(width)
            )?;
        }
        if !self.hint.is_empty() {
            write!(f, "\n  = hint: {}", self.hint)?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

impl From<brink_game::Cancelled> for Error {
    fn from(_: brink_game::Cancelled) -> Self {
        Error::new(ErrorKind::Cancelled, None, "cancelled", "")
    }
}

/// The closest of `candidates` to `name` by edit distance, if it is close enough
/// to be a likely typo.
pub fn suggest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let mut best: Option<(usize, &str)> = None;
    for c in candidates {
        let d = edit_distance(name, c);
        let better = match best {
            None => true,
            Some((bd, _)) => d < bd,
        };
        if d <= (name.len().max(2) / 2).max(1) && better {
            best = Some((d, c));
        }
    }
    best.map(|(_, c)| c.to_string())
}

fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for i in 1..=a.len() {
        let mut cur = vec![i; b.len() + 1];
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            cur[j] = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn a_long_line_is_shown_around_the_column() {
        let line = format!("param p = {}0.5", "(".repeat(100_000));
        let (shown, caret, width) = excerpt(&line, 210, 1);
        assert!(shown.len() < 120, "{}", shown.len());
        assert!(shown.starts_with("...") && shown.ends_with("..."));
        assert_eq!(&shown[caret..caret + 1], "(");
        assert_eq!(width, 1);
        let short = "param p = 0.5";
        assert_eq!(excerpt(short, 10, 3), (short.to_string(), 10, 3));
    }
}
