//! `name=value`: the one parser of parameter assignments (`--set`, `--fixed`,
//! a web form's fields), so that every front end accepts and refuses the
//! same text.

/// Why an assignment does not parse.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum AssignmentError {
    /// No `=`.
    #[error("`{0}`: expected name=value")]
    NoEquals(String),
    /// Nothing before the `=`.
    #[error("`{0}`: the name is empty")]
    EmptyName(String),
    /// The value is not a number.
    #[error("`{0}` is not a number")]
    NotANumber(String),
    /// The value is NaN or infinite.
    #[error("`{0}` is not a finite number")]
    NotFinite(String),
}

/// A finite number, as Rust reads `f64` (`1e-3`, `-2`, `.5`); NaN and the
/// infinities are refused.
pub fn parse_finite(s: &str) -> Result<f64, AssignmentError> {
    let t = s.trim();
    let x: f64 = t
        .parse()
        .map_err(|_| AssignmentError::NotANumber(t.to_string()))?;
    if x.is_finite() {
        Ok(x)
    } else {
        Err(AssignmentError::NotFinite(t.to_string()))
    }
}

/// `name=value` with a finite value; spaces around either side are dropped.
///
/// ```
/// use brink_game::assign::parse_assignment;
/// assert_eq!(parse_assignment(" c_hi = -0.5").unwrap(), ("c_hi".to_string(), -0.5));
/// assert!(parse_assignment("c_hi=nan").is_err());
/// assert!(parse_assignment("c_hi").is_err());
/// ```
pub fn parse_assignment(s: &str) -> Result<(String, f64), AssignmentError> {
    let (name, value) = s
        .split_once('=')
        .ok_or_else(|| AssignmentError::NoEquals(s.to_string()))?;
    let name = name.trim();
    if name.is_empty() {
        return Err(AssignmentError::EmptyName(s.to_string()));
    }
    Ok((name.to_string(), parse_finite(value)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assignments_parse_and_nonsense_is_refused() {
        assert_eq!(parse_assignment("a=1e-3"), Ok(("a".into(), 1e-3)));
        assert_eq!(parse_assignment("a = .5 "), Ok(("a".into(), 0.5)));
        for (bad, why) in [
            ("a", AssignmentError::NoEquals("a".into())),
            ("=1", AssignmentError::EmptyName("=1".into())),
            ("a=abc", AssignmentError::NotANumber("abc".into())),
            ("a=", AssignmentError::NotANumber(String::new())),
            ("a=NaN", AssignmentError::NotFinite("NaN".into())),
            ("a=-inf", AssignmentError::NotFinite("-inf".into())),
        ] {
            assert_eq!(parse_assignment(bad), Err(why), "{bad}");
        }
    }
}
