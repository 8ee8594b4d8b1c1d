//! Tokens of the crisis language, with their byte spans for error messages.

use crate::error::{Error, Span};

/// A token kind.
#[derive(Clone, Debug, PartialEq)]
pub enum Tok {
    /// A name: letters, digits and `_` (model names with `-` are joined by the parser).
    Ident(String),
    /// A number literal.
    Num(f64),
    /// A double-quoted string.
    Str(String),
    /// Punctuation or an operator.
    Sym(&'static str),
    /// End of input.
    Eof,
}

/// A token with its place in the source.
#[derive(Clone, Debug)]
pub struct Token {
    /// What it is.
    pub tok: Tok,
    /// Where it is.
    pub span: Span,
}

const SYMBOLS: [&str; 24] = [
    "..", "<=", ">=", "==", "!=", "->", "{", "}", "(", ")", "[", "]", ",", ":", "=", "+", "-", "*",
    "/", "^", "<", ">", "~", ".",
];

/// Splits source text into tokens. `#` starts a comment to the end of the line.
pub fn lex(src: &str, file: usize) -> Result<Vec<Token>, Error> {
    let bytes = src.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let c = bytes[i];
        if c.is_ascii_whitespace() {
            i += 1;
            continue;
        }
        if c == b'#' {
            while i < bytes.len() && bytes[i] != b'\n' {
                i += 1;
            }
            continue;
        }
        let start = i;
        if c.is_ascii_alphabetic() || c == b'_' {
            while i < bytes.len() {
                let d = bytes[i];
                if d.is_ascii_alphanumeric() || d == b'_' {
                    i += 1;
                } else {
                    break;
                }
            }
            out.push(Token {
                tok: Tok::Ident(src[start..i].to_string()),
                span: Span::new(file, start, i),
            });
            continue;
        }
        if c.is_ascii_digit() || (c == b'.' && i + 1 < bytes.len() && bytes[i + 1].is_ascii_digit())
        {
            while i < bytes.len() && (bytes[i].is_ascii_digit() || bytes[i] == b'_') {
                i += 1;
            }
            // A fraction, but not the `..` of a range.
            if i + 1 < bytes.len() && bytes[i] == b'.' && bytes[i + 1] != b'.' {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
            }
            if i < bytes.len() && (bytes[i] == b'e' || bytes[i] == b'E') {
                let mut j = i + 1;
                if j < bytes.len() && (bytes[j] == b'+' || bytes[j] == b'-') {
                    j += 1;
                }
                if j < bytes.len() && bytes[j].is_ascii_digit() {
                    i = j;
                    while i < bytes.len() && bytes[i].is_ascii_digit() {
                        i += 1;
                    }
                }
            }
            let text: String = src[start..i].chars().filter(|&c| c != '_').collect();
            let value: f64 = text.parse().map_err(|_| {
                Error::syntax(
                    Span::new(file, start, i),
                    format!("`{}` is not a number", &src[start..i]),
                    "write numbers as 12, 0.5, 1e6 or 1_000_000",
                )
            })?;
            out.push(Token {
                tok: Tok::Num(value),
                span: Span::new(file, start, i),
            });
            continue;
        }
        if c == b'"' {
            i += 1;
            while i < bytes.len() && bytes[i] != b'"' && bytes[i] != b'\n' {
                i += 1;
            }
            if i >= bytes.len() || bytes[i] != b'"' {
                return Err(Error::syntax(
                    Span::new(file, start, i),
                    "unterminated string",
                    "close the string with `\"` on the same line",
                ));
            }
            i += 1;
            out.push(Token {
                tok: Tok::Str(src[start + 1..i - 1].to_string()),
                span: Span::new(file, start, i),
            });
            continue;
        }
        let rest = &src[i..];
        match SYMBOLS.iter().find(|s| rest.starts_with(**s)) {
            Some(s) => {
                i += s.len();
                out.push(Token {
                    tok: Tok::Sym(s),
                    span: Span::new(file, start, i),
                });
            }
            None => {
                let ch = rest.chars().next().unwrap_or('?');
                return Err(Error::syntax(
                    Span::new(file, start, start + ch.len_utf8()),
                    format!("unexpected character `{ch}`"),
                    "names use letters, digits and `_`; comments start with `#`",
                ));
            }
        }
    }
    out.push(Token {
        tok: Tok::Eof,
        span: Span::new(file, src.len(), src.len()),
    });
    Ok(out)
}
