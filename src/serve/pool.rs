//! The bounded pool that runs solves off the async threads: at most
//! `workers` run at once, at most `queue` more wait, and the rest are
//! answered 503 at once. Each request has a deadline covering its wait and
//! its run; past it the caller gets 422.
//!
//! The libraries cannot yet be interrupted mid-solve (a cancellation token
//! is issue 15's), so a solve past its deadline runs to its end on its
//! thread: it keeps its worker and queue slot until then, which is what
//! keeps the number of live solves, and so memory, bounded. Each library
//! solve is bounded by its own limits (crisis iterations, node and tableau
//! limits, the caps on sweep points and draws here).

use super::error::ApiError;
use axum::http::StatusCode;
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
    pub async fn run<T: Send + 'static>(
        &self,
        work: impl FnOnce() -> Result<T, ApiError> + Send + 'static,
    ) -> Result<T, ApiError> {
        let admitted = self.admit.clone().try_acquire_owned().map_err(|_| {
            ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is busy: every solver thread is working and the queue is full; try again shortly",
            )
        })?;
        let deadline = Instant::now() + self.deadline;
        let too_slow = || {
            ApiError::refused(format!(
                "the request took longer than its limit of {} s (waiting included) and was abandoned; \
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
            work()
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
