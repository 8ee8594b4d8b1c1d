//! Tokens of Gambit's game files: numbers, quoted text, bare symbols, braces
//! and commas, separated by white space.
//!
//! The number syntax follows Gambit's own lexer (an optional sign, digits,
//! then a fraction `/3`, a decimal part `.25` or an exponent `e-3`), so that
//! `1-2` is two numbers, as Gambit reads it. Quoted text takes `\"` for a
//! quote and `\\` for a backslash; any other backslash is kept as written,
//! which is also what Gambit does with `\n` or `\wedge` in a comment.

use crate::error::ParseError;
use brink_game::number::parse_rational;
use brink_game::Rational;
use std::borrow::Cow;

/// What a token is.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Tok<'a> {
    /// A number as written (checked for syntax only when it is used).
    Number(&'a str),
    /// Quoted text, unescaped.
    Text(Cow<'a, str>),
    /// Anything else up to white space or punctuation: `EFG`, `R`, `p`.
    Symbol(&'a str),
    /// `{`
    LBrace,
    /// `}`
    RBrace,
    /// `,`
    Comma,
    /// End of input.
    Eof,
}

/// A token and the byte offset where it starts.
#[derive(Clone, Debug)]
pub(crate) struct Token<'a> {
    pub tok: Tok<'a>,
    pub offset: usize,
}

/// Reads tokens one at a time, keeping the current one for the parser to inspect.
pub(crate) struct Lexer<'a> {
    text: &'a str,
    file: &'a str,
    pos: usize,
    /// The current token.
    pub cur: Token<'a>,
}

fn is_space(b: u8) -> bool {
    // Gambit uses C's isspace, which includes the vertical tab.
    b.is_ascii_whitespace() || b == 0x0b
}

fn ends_symbol(b: u8) -> bool {
    is_space(b) || matches!(b, b'{' | b'}' | b',' | b'"')
}

impl<'a> Lexer<'a> {
    /// A lexer positioned on the first token.
    pub fn new(text: &'a str, file: &'a str) -> Result<Self, ParseError> {
        let mut lexer = Lexer {
            text,
            file,
            pos: 0,
            cur: Token {
                tok: Tok::Eof,
                offset: 0,
            },
        };
        lexer.advance()?;
        Ok(lexer)
    }

    /// The whole input.
    pub fn text(&self) -> &'a str {
        self.text
    }

    /// An error at the current token: "expected `expected`, found <current token>".
    pub fn error(&self, expected: impl Into<String>) -> ParseError {
        ParseError::at(
            self.file,
            self.text,
            self.cur.offset,
            expected,
            describe(&self.cur.tok),
        )
    }

    /// An error at a given offset with a given description of what was found.
    pub fn error_at(
        &self,
        offset: usize,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> ParseError {
        ParseError::at(self.file, self.text, offset, expected, found)
    }

    /// Moves to the next token.
    pub fn advance(&mut self) -> Result<(), ParseError> {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && is_space(bytes[self.pos]) {
            self.pos += 1;
        }
        let start = self.pos;
        let tok = match bytes.get(start) {
            None => Tok::Eof,
            Some(b'{') => {
                self.pos += 1;
                Tok::LBrace
            }
            Some(b'}') => {
                self.pos += 1;
                Tok::RBrace
            }
            Some(b',') => {
                self.pos += 1;
                Tok::Comma
            }
            Some(b'"') => Tok::Text(self.quoted()?),
            Some(&b) if b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.') => {
                self.number();
                Tok::Number(&self.text[start..self.pos])
            }
            Some(_) => {
                while self.pos < bytes.len() && !ends_symbol(bytes[self.pos]) {
                    self.pos += 1;
                }
                Tok::Symbol(&self.text[start..self.pos])
            }
        };
        self.cur = Token { tok, offset: start };
        Ok(())
    }

    fn digits(&mut self) {
        let bytes = self.text.as_bytes();
        while self.pos < bytes.len() && bytes[self.pos].is_ascii_digit() {
            self.pos += 1;
        }
    }

    fn peek(&self, ahead: usize) -> Option<u8> {
        self.text.as_bytes().get(self.pos + ahead).copied()
    }

    fn number(&mut self) {
        if matches!(self.peek(0), Some(b'+' | b'-')) {
            self.pos += 1;
        }
        self.digits();
        match self.peek(0) {
            Some(b'.') => {
                self.pos += 1;
                self.digits();
                self.exponent();
            }
            Some(b'/') => {
                self.pos += 1;
                self.digits();
            }
            _ => self.exponent(),
        }
    }

    fn exponent(&mut self) {
        if !matches!(self.peek(0), Some(b'e' | b'E')) {
            return;
        }
        let digit_at = if matches!(self.peek(1), Some(b'+' | b'-')) {
            2
        } else {
            1
        };
        if self.peek(digit_at).is_some_and(|b| b.is_ascii_digit()) {
            self.pos += digit_at;
            self.digits();
        }
    }

    fn quoted(&mut self) -> Result<Cow<'a, str>, ParseError> {
        let bytes = self.text.as_bytes();
        let open = self.pos;
        let body = open + 1;
        let mut i = body;
        let mut escaped = false;
        while i < bytes.len() {
            match bytes[i] {
                b'"' => break,
                b'\\' => {
                    escaped = true;
                    i += 2;
                }
                _ => i += 1,
            }
        }
        if i >= bytes.len() {
            return Err(self.error_at(open, "a closing '\"' for this text", "end of file"));
        }
        self.pos = i + 1;
        let raw = &self.text[body..i];
        if !escaped {
            return Ok(Cow::Borrowed(raw));
        }
        let mut out = String::with_capacity(raw.len());
        let mut chars = raw.chars();
        while let Some(c) = chars.next() {
            if c != '\\' {
                out.push(c);
                continue;
            }
            match chars.next() {
                Some('"') => out.push('"'),
                Some('\\') => out.push('\\'),
                Some(other) => {
                    out.push('\\');
                    out.push(other);
                }
                None => out.push('\\'),
            }
        }
        Ok(Cow::Owned(out))
    }

    /// Whether the current token is `t`.
    pub fn at(&self, t: &Tok<'_>) -> bool {
        std::mem::discriminant(&self.cur.tok) == std::mem::discriminant(t)
    }

    /// Consumes the current token, which must be `t`.
    pub fn expect(&mut self, t: Tok<'_>, expected: &str) -> Result<(), ParseError> {
        if !self.at(&t) {
            return Err(self.error(expected));
        }
        self.advance()
    }

    /// Consumes quoted text.
    pub fn text_token(&mut self, expected: &str) -> Result<String, ParseError> {
        match &self.cur.tok {
            Tok::Text(s) => {
                let s = s.to_string();
                self.advance()?;
                Ok(s)
            }
            _ => Err(self.error(expected)),
        }
    }

    /// Consumes quoted text if there is some.
    pub fn optional_text(&mut self) -> Result<Option<String>, ParseError> {
        match &self.cur.tok {
            Tok::Text(s) => {
                let s = s.to_string();
                self.advance()?;
                Ok(Some(s))
            }
            _ => Ok(None),
        }
    }

    /// Consumes a number and returns its exact value.
    pub fn rational(&mut self, expected: &str) -> Result<Rational, ParseError> {
        match self.cur.tok {
            Tok::Number(s) => match small_rational(s).or_else(|| parse_rational(s)) {
                Some(r) => {
                    self.advance()?;
                    Ok(r)
                }
                None => Err(self.error(format!("{expected} (a valid number)"))),
            },
            _ => Err(self.error(expected)),
        }
    }

    /// Consumes a non-negative integer that fits in `u32`.
    pub fn integer(&mut self, expected: &str) -> Result<u32, ParseError> {
        match self.cur.tok {
            Tok::Number(s) => match whole_number(s) {
                Some(n) => {
                    self.advance()?;
                    Ok(n)
                }
                None => Err(self.error(format!(
                    "{expected} (a whole number from 0 to {})",
                    u32::MAX
                ))),
            },
            _ => Err(self.error(expected)),
        }
    }
}

/// Integers and fractions of machine-sized integers, the usual payoffs and
/// probabilities, without the general decimal parser's big-number arithmetic.
fn small_rational(s: &str) -> Option<Rational> {
    if let Ok(i) = s.parse::<i64>() {
        return Some(Rational::from_integer(i.into()));
    }
    let (n, d) = s.split_once('/')?;
    let (n, d) = (n.parse::<i64>().ok()?, d.parse::<i64>().ok()?);
    (d > 0).then(|| Rational::new(n.into(), d.into()))
}

/// The value of a number token that is a whole number in `u32` range: `3`,
/// `+3`, and also `3.0` or `3e0`, which Gambit's integer fields take too.
fn whole_number(s: &str) -> Option<u32> {
    if let Ok(n) = s.strip_prefix('+').unwrap_or(s).parse::<u32>() {
        return Some(n);
    }
    let r = parse_rational(s)?;
    if r.is_integer() {
        u32::try_from(r.numer()).ok()
    } else {
        None
    }
}

/// How a token is named in error messages.
pub(crate) fn describe(tok: &Tok<'_>) -> String {
    match tok {
        Tok::Number(s) => format!("number `{s}`"),
        Tok::Text(s) => format!("text \"{}\"", shorten(s)),
        Tok::Symbol(s) => format!("`{}`", shorten(s)),
        Tok::LBrace => "'{'".to_string(),
        Tok::RBrace => "'}'".to_string(),
        Tok::Comma => "','".to_string(),
        Tok::Eof => "end of file".to_string(),
    }
}

fn shorten(s: &str) -> String {
    const MAX: usize = 40;
    if s.chars().count() <= MAX {
        s.to_string()
    } else {
        let head: String = s.chars().take(MAX).collect();
        format!("{head}...")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tokens(text: &str) -> Vec<Tok<'_>> {
        let mut lexer = Lexer::new(text, "t").unwrap();
        let mut out = Vec::new();
        while lexer.cur.tok != Tok::Eof {
            out.push(lexer.cur.tok.clone());
            lexer.advance().unwrap();
        }
        out
    }

    #[test]
    fn numbers_split_like_gambit() {
        assert_eq!(
            tokens("1-2 1/3 -0.25e-3 .5 7e x"),
            vec![
                Tok::Number("1"),
                Tok::Number("-2"),
                Tok::Number("1/3"),
                Tok::Number("-0.25e-3"),
                Tok::Number(".5"),
                Tok::Number("7"),
                Tok::Symbol("e"),
                Tok::Symbol("x"),
            ]
        );
    }

    #[test]
    fn integer_fields_take_whole_numbers_only() {
        assert_eq!(whole_number("7"), Some(7));
        assert_eq!(whole_number("+7"), Some(7));
        assert_eq!(whole_number("7.0"), Some(7));
        assert_eq!(whole_number("7e1"), Some(70));
        assert_eq!(whole_number("7.5"), None);
        assert_eq!(whole_number("-1"), None);
        assert_eq!(whole_number("4294967296"), None);
    }

    #[test]
    fn the_fast_path_agrees_with_the_general_parser() {
        for s in [
            "0",
            "-0",
            "+12",
            "-7",
            "9223372036854775807",
            "3/6",
            "-4/2",
            "+1/3",
            "1/0",
            "1/-2",
            "0.5",
        ] {
            let fast = small_rational(s);
            if fast.is_some() {
                assert_eq!(fast, parse_rational(s), "{s}");
            }
        }
        assert_eq!(small_rational("1/0"), None);
        assert_eq!(small_rational("0.5"), None);
    }

    #[test]
    fn text_escapes() {
        assert_eq!(
            tokens(r#""a\"b" "c\\d" "\wedge" "plain""#),
            vec![
                Tok::Text("a\"b".into()),
                Tok::Text("c\\d".into()),
                Tok::Text("\\wedge".into()),
                Tok::Text("plain".into()),
            ]
        );
    }

    #[test]
    fn punctuation_ends_symbols() {
        assert_eq!(
            tokens("EFG{R},\"x\""),
            vec![
                Tok::Symbol("EFG"),
                Tok::LBrace,
                Tok::Symbol("R"),
                Tok::RBrace,
                Tok::Comma,
                Tok::Text("x".into())
            ]
        );
    }

    #[test]
    fn unterminated_text_is_an_error_at_the_quote() {
        let err = Lexer::new("\n  \"abc", "f").err().unwrap();
        assert_eq!((err.line, err.column), (2, 3));
        assert_eq!(err.found, "end of file");
    }
}
