//! The bounded pool that runs solves off the async threads: at most
//! `workers` run at once, at most `queue` more wait, and the rest are
//! answered 503 at once. Each request has a deadline covering its wait and
//! its run; past it the caller gets 422.
//!
//! Each request's work gets a [`Cancel`] token, cancelled when the request
//! ends without its answer: past the deadline, or when the client goes away
//! and the server drops the request. The long solves look at it between
//! units of work (a best-response iteration, a point, a pivot, a step of a
//! path) and stop.
//! The work keeps its worker and queue slot until it has actually stopped,
//! not until its caller gave up: that is what keeps the number of live
//! solves, and so memory, bounded, even for a solver that does not look at
//! the token (those are bounded by their own limits: node and tableau
//! limits, the caps on sweep points and draws here).

use super::error::ApiError;
use axum::http::StatusCode;
use brink_game::Cancel;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::Semaphore;
use tokio::time::{timeout_at, Instant};

/// A bounded pool of blocking solver threads with a queue.
#[derive(Clone)]
pub struct Pool {
    admit: Arc<Semaphore>,
    run: Arc<Semaphore>,
    deadline: Duration,
}

impl Pool {
    /// `workers` solves at once, `queue` waiting, each within `deadline`.
    pub fn new(workers: usize, queue: usize, deadline: Duration) -> Pool {
        Pool {
            admit: Arc::new(Semaphore::new(workers + queue)),
            run: Arc::new(Semaphore::new(workers)),
            deadline,
        }
    }

    /// Runs `work` on a solver thread; 503 when the queue is full, 422 past
    /// the deadline, 500 if it panicked (the server itself carries on).
    /// `work` is given the request's token, cancelled once the answer is
    /// no longer wanted (see the module's note).
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce(&Cancel) -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let cancel = Cancel::new();
        // Dropped when this future ends: by returning (the deadline passed,
        // or the answer is in, when cancelling is harmless) or by being
        // dropped unfinished, which is what a client's disconnect does.
        let _stop = cancel.on_drop();
        let admitted = self.admit.clone().try_acquire_owned().map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy: every solver thread is working and the queue is full; try again shortly",
            )
        })?;
        let deadline = Instant::now() + self.deadline;
        let too_slow = || {
            ApiError::refused(format!(
                "the request took longer than its limit of {} s (waiting included) and was cancelled; \
                 try a smaller game, fewer points or draws, or another method",
                self.deadline.as_secs_f64()
            ))
        };
        let running = timeout_at(deadline, self.run.clone().acquire_owned())
            .await
            .map_err(|_| too_slow())?
            .map_err(|_| {
                ApiError::new(StatusCode::SERVICE_UNAVAILABLE, "the server is stopping")
            })?;
        let task = tokio::task::spawn_blocking(move || {
            // The slots are freed when the work ends, not when its caller gives up.
            let _slots = (admitted, running);
            if cancel.is_cancelled() {
                return Err(cancelled());
            }
            work(&cancel)
        });
        match timeout_at(deadline, task).await {
            Err(_) => Err(too_slow()),
            Ok(Ok(answer)) => answer,
            Ok(Err(e)) => Err(ApiError::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                if e.is_panic() {
                    "the solver failed on this input (a bug: please report it with the input)"
                } else {
                    "the solve was cancelled"
                },
            )),
        }
    }
}

/// What work cancelled before it started answers; no client reads it, since
/// the token is cancelled only once the request has its answer or has gone.
fn cancelled() -> ApiError {
    ApiError::refused("the request was cancelled")
}
