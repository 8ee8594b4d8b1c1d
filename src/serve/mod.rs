//! `brink serve`: the web page and its HTTP API. The page and its assets are
//! compiled into the binary (`web/`); every answer comes from the same
//! library calls as the command line (`api.rs`). Safety: loopback by
//! default, a body limit (413), limits on game size (422), a bounded pool of
//! solver threads with a queue and a deadline (`pool.rs`: 503, 422), and no
//! request touches the server's files (scenarios import only library models).

mod api;
mod error;
mod pool;

use error::ApiError;
use pool::Pool;

use anyhow::{Context, Result};
use axum::extract::{DefaultBodyLimit, Request, State};
use axum::http::{header, StatusCode};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use std::io::Write;
use std::sync::Arc;
use std::time::Duration;

/// Arguments of `brink serve`.
#[derive(clap::Args, Debug, Clone)]
pub struct ServeArgs {
    /// Address to listen on (loopback unless told otherwise).
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Port (0: any free port; the URL printed says which).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Solver threads (default: the machine's cores).
    #[arg(long)]
    pub workers: Option<usize>,
    /// Requests that may wait for a solver thread; past that, 503.
    #[arg(long, default_value_t = 64)]
    pub queue: usize,
    /// Seconds a request may take, waiting included; past that, 422.
    #[arg(long, default_value_t = 30.0)]
    pub timeout: f64,
    /// Largest request body in bytes; past that, 413.
    #[arg(long, default_value_t = 1 << 20)]
    pub max_body: usize,
    /// Most nodes (extensive) or payoff cells (strategic) of a Gambit game.
    #[arg(long, default_value_t = 100_000)]
    pub max_nodes: usize,
    /// Most levers of a scenario that `/api/run` solves (each is one more
    /// solve, and its equilibrium is held until the answer is written).
    #[arg(long, default_value_t = 200)]
    pub max_levers: usize,
}

/// The limits every request is held to.
#[derive(Clone, Debug)]
pub struct Limits {
    /// Most nodes or payoff cells of a submitted Gambit game.
    pub max_nodes: usize,
    /// Most points of one sweep.
    pub max_points: usize,
    /// Most draws of one Monte Carlo run.
    pub max_draws: usize,
    /// Most levers of a scenario run by `/api/run`.
    pub max_levers: usize,
}

/// Requests in progress at most, bodies included: with the body limit, this
/// bounds the memory that requests hold before the pool admits them.
const MAX_OPEN_REQUESTS: usize = 256;

/// Answers 503 past [`MAX_OPEN_REQUESTS`] requests in progress.
async fn limit_open(
    State(open): State<Arc<tokio::sync::Semaphore>>,
    request: Request,
    next: Next,
) -> Response {
    match open.try_acquire() {
        Ok(_permit) => next.run(request).await,
        Err(_) => ApiError::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "the server is busy: too many requests in progress; try again shortly",
        )
        .into_response(),
    }
}

/// What the handlers share.
pub struct AppState {
    limits: Limits,
    pool: Pool,
    warm: api::WarmStarts,
}

/// The router with its state, for `brink serve` and for tests.
pub fn app(args: &ServeArgs) -> Result<Router> {
    let workers = match args.workers {
        Some(0) => anyhow::bail!("--workers must be at least 1"),
        Some(n) => n,
        None => std::thread::available_parallelism().map_or(2, |n| n.get()),
    };
    if !(args.timeout.is_finite() && args.timeout > 0.0) {
        anyhow::bail!("--timeout must be a positive number of seconds");
    }
    let state = Arc::new(AppState {
        limits: Limits {
            max_nodes: args.max_nodes,
            max_points: 2_001,
            max_draws: 5_000,
            max_levers: args.max_levers,
        },
        pool: Pool::new(workers, args.queue, Duration::from_secs_f64(args.timeout)),
        warm: api::WarmStarts::default(),
    });
    Ok(Router::new()
        .route("/", get(page))
        .route("/app.js", get(script))
        .route("/style.css", get(style))
        .route("/api/models", get(api::models))
        .route("/api/check", post(api::check))
        .route("/api/run", post(api::run))
        .route("/api/solve", post(api::solve))
        .route("/api/sweep", post(api::sweep))
        .route("/api/montecarlo", post(api::montecarlo))
        .fallback(api::not_found)
        .layer(DefaultBodyLimit::max(args.max_body))
        .layer(middleware::from_fn_with_state(
            Arc::new(tokio::sync::Semaphore::new(MAX_OPEN_REQUESTS)),
            limit_open,
        ))
        .with_state(state))
}

async fn page() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        include_str!("../../web/index.html"),
    )
}

async fn script() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        include_str!("../../web/app.js"),
    )
}

async fn style() -> impl IntoResponse {
    (
        [(header::CONTENT_TYPE, "text/css; charset=utf-8")],
        include_str!("../../web/style.css"),
    )
}

/// Runs `brink serve` until interrupted.
pub fn run_serve(args: &ServeArgs) -> Result<()> {
    let router = app(args)?;
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .context("starting the server's runtime")?;
    rt.block_on(async move {
        let addr = format!("{}:{}", args.host, args.port);
        let listener = tokio::net::TcpListener::bind(&addr)
            .await
            .with_context(|| format!("cannot listen on {addr}"))?;
        let local = listener.local_addr()?;
        let mut out = std::io::stdout();
        writeln!(
            out,
            "brink serve: listening on http://{local}/ (Ctrl-C stops)"
        )?;
        out.flush()?;
        axum::serve(listener, router)
            .with_graceful_shutdown(async {
                let _ = tokio::signal::ctrl_c().await;
            })
            .await
            .context("serving")
    })
}
