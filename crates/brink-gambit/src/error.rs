//! The one error type of the reader, with the position and the offending line.

use std::fmt;
use thiserror::Error;

/// Why a game file could not be read.
///
/// Positions are 1-based and count characters, not bytes. An error about the
/// file as a whole (it cannot be opened, it is too large) has `line == 0` and
/// `column == 0`, and no source line.
#[derive(Clone, Debug, Error, PartialEq, Eq)]
pub struct ParseError {
    /// The file (or other source) name given to the reader.
    pub file: String,
    /// Line of the offending token, from 1; 0 for whole-file errors.
    pub line: usize,
    /// Column of the offending token, from 1; 0 for whole-file errors.
    pub column: usize,
    /// What the reader needed at this point.
    pub expected: String,
    /// What it found instead.
    pub found: String,
    /// The text of the offending line (without its line break).
    pub source_line: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.line == 0 {
            return write!(
                f,
                "{}: expected {}, found {}",
                self.file, self.expected, self.found
            );
        }
        write!(
            f,
            "{}:{}:{}: expected {}, found {}",
            self.file, self.line, self.column, self.expected, self.found
        )?;
        // The caret line copies tabs from the source line so that the caret
        // lands under the right character whatever the tab width.
        let pad: String = self
            .source_line
            .chars()
            .take(self.column.saturating_sub(1))
            .map(|c| if c == '\t' { '\t' } else { ' ' })
            .collect();
        write!(f, "\n{}\n{}^", self.source_line, pad)
    }
}

impl ParseError {
    /// An error about the whole file, with no position in it.
    pub(crate) fn whole_file(
        file: &str,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        ParseError {
            file: file.to_string(),
            line: 0,
            column: 0,
            expected: expected.into(),
            found: found.into(),
            source_line: String::new(),
        }
    }

    /// An error at a byte offset of `text`. Line and column are worked out
    /// here, on the error path only, so that lexing never counts columns.
    pub(crate) fn at(
        file: &str,
        text: &str,
        offset: usize,
        expected: impl Into<String>,
        found: impl Into<String>,
    ) -> Self {
        let offset = floor_char_boundary(text, offset.min(text.len()));
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let line = before.bytes().filter(|&b| b == b'\n').count() + 1;
        let column = text[line_start..offset].chars().count() + 1;
        let line_end = text[offset..].find('\n').map_or(text.len(), |i| offset + i);
        let source_line = text[line_start..line_end]
            .trim_end_matches('\r')
            .to_string();
        ParseError {
            file: file.to_string(),
            line,
            column,
            expected: expected.into(),
            found: found.into(),
            source_line,
        }
    }
}

fn floor_char_boundary(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}
