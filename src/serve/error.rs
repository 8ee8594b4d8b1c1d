//! Errors of the web API: always JSON, with the message the command line
//! would print, the line and column where the input has one, and a 4xx
//! status for what the caller can fix (5xx only for a full queue, by
//! design, and for a bug).

use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::json;

/// An error answered as `{"error": ..., "line": ..., "column": ..., ...}`.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: StatusCode,
    /// One line: what went wrong.
    pub message: String,
    /// What the command line prints for the same mistake (message, the
    /// source line with a caret, the hint), when it differs from `message`.
    pub text: Option<String>,
    /// How to fix it.
    pub hint: Option<String>,
    /// 1-based line and column in the submitted text.
    pub at: Option<(usize, usize)>,
}

impl ApiError {
    /// An error with a status and a message.
    pub fn new(status: StatusCode, message: impl Into<String>) -> ApiError {
        ApiError {
            status,
            message: message.into(),
            text: None,
            hint: None,
            at: None,
        }
    }

    /// Input the caller must fix (400).
    pub fn bad(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::BAD_REQUEST, message)
    }

    /// Well-formed input over a limit, or work the server will not finish (422).
    pub fn refused(message: impl Into<String>) -> ApiError {
        ApiError::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }

    /// The error of the crisis language, located in the submitted scenario.
    pub fn crisis(e: &brink_crisis::Error) -> ApiError {
        use brink_crisis::ErrorKind;
        let status = match e.kind {
            ErrorKind::TooLarge | ErrorKind::Solve => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError {
            status,
            message: e.message.clone(),
            text: Some(e.to_string()),
            hint: (!e.hint.is_empty()).then(|| e.hint.clone()),
            at: e.location.as_ref().map(|l| (l.line, l.column)),
        }
    }

    /// A Gambit file that does not parse, located in the submitted text.
    pub fn gambit(e: &brink_gambit::ParseError) -> ApiError {
        let mut err = ApiError::bad(e.to_string());
        err.at = (e.line > 0).then_some((e.line, e.column));
        err
    }

    /// Any other error of the libraries, with the command line's message.
    pub fn other(e: &anyhow::Error) -> ApiError {
        if let Some(c) = e.downcast_ref::<brink_crisis::Error>() {
            return ApiError::crisis(c);
        }
        if let Some(g) = e.downcast_ref::<brink_gambit::ParseError>() {
            return ApiError::gambit(g);
        }
        // Size limits of the solvers are refusals of well-formed input, and
        // so is a solve stopped at the deadline (the pool usually answers
        // first, with the limit in its message; this is the solver's word).
        let status = match e.downcast_ref::<brink_game::SolveError>() {
            Some(brink_game::SolveError::TooLarge { .. })
            | Some(brink_game::SolveError::Numerical { .. })
            | Some(brink_game::SolveError::Cancelled) => StatusCode::UNPROCESSABLE_ENTITY,
            _ => StatusCode::BAD_REQUEST,
        };
        ApiError::new(status, format!("{e:#}"))
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut body = json!({ "error": self.message, "status": self.status.as_u16() });
        if let Some(t) = self.text {
            body["text"] = json!(t);
        }
        if let Some(h) = self.hint {
            body["hint"] = json!(h);
        }
        if let Some((line, column)) = self.at {
            body["line"] = json!(line);
            body["column"] = json!(column);
        }
        (self.status, Json(body)).into_response()
    }
}
