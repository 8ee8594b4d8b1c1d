//! Times the mediator's column generation on the founding crisis (grid from
//! the first argument, default 2; the limit from the second: `300` for a
//! time limit in seconds, `80r` for a limit of 80 rounds and no time limit,
//! the reproducible kind) and prints its row. A third argument `keep` keeps
//! every column in the master (no idle column leaves), for comparison.
//! The environment variable `BOUND_ROUNDS` overrides the crisis's number of
//! bound-phase rounds, `BOUND_PROXIMAL` the bound phase's proximal
//! weight (`ColumnLimits::bound_proximal`) and `BOUND_PROXIMAL_BELOW` the
//! penalty from which its masters go without it
//! (`ColumnLimits::bound_proximal_below`). Progress lines go to stderr
//! with the seconds since the start.
fn main() {
    let defaults = brink_crisis::mediator::default_column_limits();
    let grid: usize = std::env::args().nth(1).map_or(2, |a| a.parse().unwrap());
    let limit = std::env::args().nth(2);
    let (time_limit, max_rounds) = match limit.as_deref().and_then(|a| a.strip_suffix('r')) {
        Some(rounds) => (None, rounds.parse().unwrap()),
        None => (
            Some(std::time::Duration::from_secs(
                limit.map_or(brink_crisis::mediator::DEFAULT_SECONDS, |a| {
                    a.parse().unwrap()
                }),
            )),
            defaults.max_rounds,
        ),
    };
    let s = brink_crisis::Scenario::from_library("founding-crisis").unwrap();
    let game = brink_crisis::compile(&s).unwrap();
    let start = std::time::Instant::now();
    struct Print(std::time::Instant);
    impl brink_game::Progress for Print {
        fn update(&self, task: &str, done: u64, _: Option<u64>) {
            eprintln!("[{:.1} s] {task} {done}", self.0.elapsed().as_secs_f64());
        }
    }
    let print = Print(start);
    let watch = brink_game::Watch::reporting(&print);
    let m = brink_crisis::mediator::mediator_with(
        &game,
        grid,
        brink_nash::communication::ColumnLimits {
            time_limit,
            max_rounds,
            drop_after: if std::env::args().nth(3).as_deref() == Some("keep") {
                None
            } else {
                defaults.drop_after
            },
            bound_rounds: std::env::var("BOUND_ROUNDS")
                .map_or(defaults.bound_rounds, |b| b.parse().unwrap()),
            bound_proximal: std::env::var("BOUND_PROXIMAL")
                .map_or(defaults.bound_proximal, |b| b.parse().unwrap()),
            bound_proximal_below: std::env::var("BOUND_PROXIMAL_BELOW")
                .map_or(defaults.bound_proximal_below, |b| b.parse().unwrap()),
            ..defaults
        },
        &watch,
    );
    println!(
        "{:?}",
        m.map(|m| (m.p_war, m.lower_bound, m.max_gain, m.stopped))
    );
    println!("{:.1} s", start.elapsed().as_secs_f64());
}
