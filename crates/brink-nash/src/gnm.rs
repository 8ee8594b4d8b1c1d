//! `gnm`: equilibria of an n-player strategic game by Govindan and
//! Wilson's global Newton method, after Govindan and Wilson (2003), "A
//! global Newton method to compute Nash equilibria", Journal of Economic
//! Theory 110(1) (the method of Gambit's `gambit-gnm`, which follows Blum
//! and Shelton's GameTracer).
//!
//! The game is perturbed by a bonus `lambda * g` to each pure strategy
//! (`g` one number per strategy). Kohlberg and Mertens' homeomorphism maps
//! a pair (perturbed game, equilibrium) to the point `z = sigma + v + lambda
//! g` of the strategy space, `v` the payoffs of the pure strategies against
//! `sigma`; `sigma` is recovered from `z` by projecting each player's part
//! onto their simplex (the retraction `r`). The equilibria of the games on
//! the ray are the `z` with `psi(z) = z - r(z) - V(r(z)) = lambda g`, a
//! one-dimensional path. For `lambda` large the pure profile maximising `g`
//! is the only equilibrium; the path starts there (with `g` scaled so that
//! this holds at `lambda = 1`) and every crossing of `lambda = 0` is an
//! equilibrium of the game itself. Along the path `dz = -adj(Dpsi) g` and
//! `dlambda = -det(Dpsi)` (the global Newton direction: `Dpsi dz = g
//! dlambda`), which keeps following it through turning points where
//! `lambda` reverses. Inside one support the retraction is linear, so the
//! path is traced by Euler steps to the next support boundary (a
//! probability reaching zero or an unused strategy's payoff reaching its
//! player's value), at most `steps` of them, corrected every few steps by
//! Newton's method on `psi(z) = lambda g` (the "local Newton method").
//! With two players `Dpsi` is constant on a support and one step reaches
//! the boundary exactly.
//!
//! As in Gambit, payoffs are rescaled to [0, 1], `g` to unit length, each
//! player's own block of the payoff Jacobian carries a tiny distinct entry
//! (1e-12, 2e-12, ...) against degeneracy, and the trace stops when the
//! path goes past `lambda = end_lambda` after an odd number of
//! equilibria, crosses no further boundary, or strays from the path by
//! more than 1e-2. Every equilibrium met is returned, each refined by
//! Newton's method on its support and certified by its regret (at most
//! [`GNM_TOL`] times the payoff range); a crossing that fails the
//! certificate is dropped.
//!
//! Where we depart from Gambit, and why: (1) a boundary is crossed only
//! once the corrected path has reached it, and the boundary just crossed
//! is watched again once the strategy has moved clear of it (Gambit
//! ignores it for the rest of the cell, and on one random fixture game
//! loses the path when the path brings that strategy back); (2) Gambit's
//! default ray gives every player the same bonus, so boundaries often fall
//! together and the order of crossing is left to rounding: a trace that
//! circles a point, leaves the path, ends after an even number of crossings
//! (the path from the start must cross an odd number of times before it
//! heads off) or crosses at a profile that fails the certificate is
//! repeated on a slightly tilted ray, up to three times, and the
//! equilibria of all traces are returned. Gambit's gnm never returns on
//! three of the fixture games (it circles); ours does. (3) The step rule:
//! Gambit divides the way to the boundary into 100 equal steps; ours
//! lengthens them where the path is nearly straight. After each step the
//! error the steps since the last correction added to the distance of `z`
//! from the path (not the error Newton left, which in a cell where `Dpsi`
//! is singular it cannot remove), per step, sets the number of steps left
//! so that the next errs by about `step_error` (1e-3 in rescaled payoffs;
//! Euler's error grows with the square of the length), each at most 4
//! times longer than the last; the count rises after a step that erred
//! too much, but never past `steps` steps in the support; an error above
//! half `step_error` calls Newton at once. A lengthened step that leaves
//! the path or lands with some strategy on the wrong side of its boundary
//! is taken back and tried 4 times shorter (after three such, the rest of
//! the support goes in `steps` steps), and so is a last step to a boundary
//! that Newton cannot bring back within 1e-6 of the path, nor to half the
//! error it had before the step (it overshot, where the retraction clips):
//! crossing there carried the error into every later support (on rand00
//! the trace then circled and the ray was traced again at Gambit's pace).
//! The next last step then goes 0.9 of the way, after another overshoot
//! 0.6, then 0.3 (each landing short, followed by two more steps), and
//! only then the rest of the way in 4 steps (a quarter nearer each time).
//! Where the error was as large before the step (a cell where `Dpsi` is
//! singular, Newton unable to run), taking it back only crept to the
//! boundary, a quarter of the way nearer each time (on nau2004's sec6, 20
//! times in each of two cells); it is crossed. A last step that lands short
//! of its boundary (the path curves) is followed, once Newton has put it
//! back on the path, by two more, the boundary estimated afresh before
//! each (Gambit's pace: a tenth of `steps`). A trace that leaves the path
//! (or, before session 21, circles) resumes at Gambit's pace from where it
//! entered the support before the one where it was lost (the crossing into that one may be
//! where rounding chose among boundaries met at one point: on nau2004's
//! sec4, before the two steps, one crossed and the other left 2e-15 past
//! its own, never crossed) and goes back to the longer steps two support
//! changes later; lost again, it ends, and
//! the ray is tilted (a trace from the start at Gambit's pace, as before,
//! was lost at the same point on every fixture game where this one was;
//! it still follows a trace that ends after an even number of crossings).
//! This took the LU factorisations of the 71 fixture games from 9176 to
//! 6479 (g3 and rand08 about a third, sec4 0.6, sec5 0.7) with the same
//! equilibria, one more on sec5; crossing where the error was as large
//! before the last step, and two steps after one that lands short, took
//! them from 6673 to 6083 (sec4 184 to 63: its trace is no longer lost;
//! sec6 269 to 98), and the shorter aims after an overshoot to 5611 (rand
//! games 0.8 to 0.9), with the same equilibria, profile by profile. A trace
//! that circles, at `lambda = 0`, a point that is a certified equilibrium
//! has run into a continuum of equilibria (where `Dpsi` is singular) and
//! ends there rather than
//! resume (resumed, it circled the same point again), and a tilted ray
//! that ends so at a point an earlier ray met stops the tilting: on
//! nau2004's sec5 the default ray meets one point of its continuum, the
//! first tilt another, the second the same again, and the third is no
//! longer tried (since session 23 the default ray keeps the point where
//! it enters a cell at lambda = 0, the first tilt's, and the second tilt
//! is not tried either). What this gives up: equilibria a later tilt might meet
//! elsewhere, and none past the continuum on the path (no trace gets
//! past it); on the 71 fixture and 30 bench games the equilibria met were
//! the same, profile by profile, and sec5's solve took 0.78 of the time
//! (no other game ends this way). The points kept where a cell is entered
//! at lambda = 0 add certified equilibria on three of those games (sec5 2
//! to 4, sec6 1 to 2, perfect3 1 to 3: `gnm_fixtures`'s
//! `ENTERED_AT_ZERO`) and take sec5's solve from about 0.30 to 0.21 ms. On the
//! 71 fixture games this meets every equilibrium Gambit's rule meets (it
//! took about half its Euler steps when the count could only fall, before
//! the error added was what the rule judged); `step_error: 0.0` keeps
//! Gambit's rule. Two more rules of the faster trace: a cell whose longer
//! steps were given up after three retreats takes them up again (once)
//! when a correction brings the error under 1e-9 (on sec5 the trouble is
//! the continuum at the cell's start; the rest of the cell was smooth and
//! took 94 steps at Gambit's pace), and since session 24 the second-order
//! term with them (it was off for the rest of the cell after the
//! take-backs); and two corrections in a row that leave the error above
//! 1e-6, with `Dpsi` regular and some strategy past a boundary the cell
//! does not know, count as leaving the path (on
//! coord333 such a cell, entered where many boundaries meet, erred 6.6e-3
//! a step for 48 steps before). Together they took the Euler steps of the
//! 71 fixture games from 4637 to 4115 and the LU factorisations from 5611
//! to 5091 (sec5 674 to 283 steps, coord333 220 to 89, no other game
//! changed), with the same equilibria, profile by profile, on all 71
//! fixture and 30 bench games. A trace that circles a point away from
//! `lambda = 0` ends there for a tilted ray instead of resuming at
//! Gambit's pace (which met the same point: g3 circled again 211 steps
//! later; no other fixture or bench trace circled so): steps 4115 to 3900,
//! LU factorisations 5091 to 4870 (g3 659 to 444), the same equilibria.
//!
//! Session 22 added three rules to the faster trace. (1) A strategy found,
//! as the path enters a cell, at its boundary or a rounding past it (at
//! most 1e-10) and moving on outward is crossed at once: the linear model
//! never meets such a boundary (on rand08 the trace was lost and lost
//! again at Gambit's pace; on coord333 it sat in a cell the path is not
//! in). (2) A second-order predictor (`predict`): half the turn of the
//! tangent between the last two steps, per unit of arc length, times the
//! square of the step's length is added to the Euler step, so that it errs
//! by about the cube of its length where the path curves smoothly; only
//! after two calm steps of the cell (each erring at most `step_error`),
//! never again in a cell once a step was taken back, and only where `Dpsi`
//! is regular. (3) After a step is taken back the cell's steps stay
//! longer than Gambit's until the third retreat, so they can still be
//! taken back. On the 71 fixture games: Euler steps 3900 to 3325, LU
//! factorisations 4870 to 4274, Newton iterations a third fewer; the same
//! equilibria, profile by profile, except coord333's, where the first ray
//! now meets the pure profile on the first strategies (pygambit's one) and
//! two equilibria mixing the first and third strategies, the mirror images
//! of the two mixing the first and second that the tilted ray met before
//! (all certified).
//!
//! Session 27: where `Dpsi` is singular (`|det|` at most 1e-8: a continuum
//! of equilibria, a turn of the path) a trace that can resume corrects `z`
//! and `lambda` together, Newton's method on the bordered system `[Dpsi
//! -g; t' t_lambda]` (`t` the Euler direction), which is regular wherever
//! the path is a curve (the corrector of a predictor-corrector method,
//! Allgower and Georg 1990); Gambit's local Newton, in `z` at fixed
//! `lambda`, cannot run there, and the error grew by about `step_error`
//! a step until the longer steps were taken back. The second-order term,
//! kept off where `Dpsi` is singular because the tangent's turn there was
//! rounding, is used there too once the points are on the path. On sec5
//! the default ray now follows the continuum with each correction under
//! 1e-12, crosses `lambda = 0` at a completely mixed point of it (0.598,
//! 0.402; 0.502, 0.498; 1/4, 3/4), turns at `lambda = -0.147`, crosses
//! back and heads out: three crossings in 57 Euler steps and no tilted ray
//! (before, 73 steps to circle at `lambda = 0.634` with no crossing, then
//! 81 on the first tilt); its solve from 0.140 to 0.066 ms. Its four
//! certified equilibria are now that point, the pure (Bottom, Right, 2)
//! and (Bottom, Left, 1), and (Bottom, Left; 1/4, 3/4); before, (Bottom,
//! Left, 1), (Top, Right, 1) and the two pure pairs against (1/4, 3/4). On
//! the 71 fixture games the equilibria of pygambit's met and ours beyond
//! them are the same in number, game by game (`gnm_fixtures`), and no
//! other trace ends differently. The rules for a continuum (`AtContinuum`,
//! the longer steps revived) stay for one where the bordered matrix is
//! singular too; their tests run with the correction off.
//!
//! Also session 27: a crossing of `lambda = 0` whose point, corrected
//! there, is no equilibrium (regret past 1e-6 of the payoff range) was
//! reached on the linear model across a boundary that the curving path
//! meets first. It is taken back, and the next step goes half way to zero
//! and is corrected, so that the boundaries are estimated afresh from
//! nearer (at most three times a cell; Gambit's pace keeps Gambit's rule).
//! On fresh random games (bench/ipa_fresh_games.py, seeds 11001 and 11011)
//! such crossings failed the certificate and the ray was tilted three
//! times: four traces, 2.8x pygambit; now one, about 1.7 and 1.8 ms
//! against 11.9 and 7.5 ms. On the 71 fixture and 14 random bench games
//! every profile is the same as before.
//!
//! Session 28, on fresh random games (bench/ipa_fresh_games.py; seed
//! bases 13000 to 17000 generated to look for slow traces, by the Euler
//! steps a solve takes and those at Gambit's pace). (1) A cell entered with
//! an error Newton left (`Dpsi` regular, so Newton did not converge) could
//! read its first step as exact, the error hiding the step's own, and jump
//! to the boundary: on 12008 the jump landed 0.11 off the path, the trace
//! was lost and resumed at Gambit's pace (201 of its 300 Euler steps).
//! Such a jump is now a longer step that can be taken back: 110 steps,
//! 0.40 to 0.18 ms. (2) The last step of a cell, which jumps to the
//! boundary on the linear model and lands off the path where it curves, is
//! finished by Newton's method on the path *and* the boundary, in `z` and
//! `lambda` together, on the cell's map extended past the boundary
//! (`locate`: the retraction affine on the support, so a landing past the
//! boundary is brought back rather than clipped), and crossed there when
//! the point is the path's next event: on this side of `lambda = 0`,
//! ahead, no farther from the landing than the step was long or four times
//! the landing's error, and every other strategy inside its own boundary
//! by more than `BOUNDARY_TOL` (else the rules for ties take over). Not
//! where the landing is on the path (error under 1e-9, as in the straight
//! cells of pure profiles, where trying took sec6 1.5 times as long).
//! Before, a landing past the boundary was taken back and the boundary
//! approached again by steps at 0.9, 0.6 and 0.3 of the way: on 12023
//! (2x2x2) one cell took 35 Euler steps, 16 of them creeping at 1e-6 a
//! step where the retraction clipped Newton's; on 15023 a landing 1.8e-3
//! off the path was crossed past its boundary and the trace was lost
//! twice and tilted (599 steps in the solve, now 94). (3) Where the local
//! Newton method, in `z` at fixed `lambda`, leaves more than 1e-6 with
//! `Dpsi` regular (near a turn, where the path is nearly tangent to the
//! slice), the bordered correction goes on from there: on 14008 a cell
//! stalled 5e-3 off the path for 143 Euler steps while `lambda` swayed
//! between 0.062 and 0.064 (295 steps in the solve, now 157). Summed over
//! 167 games (the random fixtures, the corpus's n-player games and 131
//! fresh ones), (3) alone took the Euler steps of a solve from 32,180 to
//! 29,394 (52 games fewer, 11 more by 1 to 5). On the 338 corpus and
//! fixture files and 131 fresh games the equilibria are the same, profile
//! by profile, as before the session, except on two of Gambit's trees:
//! e06 (a continuum where player 1's first move ends the game), where two
//! more points of the continuum are met, and el_farol_bar (five players),
//! 25 certified equilibria instead of 16, one of the 16 no longer met.
//!
//! Session 29 factors `Dpsi` in the small dimension (`lowrank`): `Dpsi =
//! I - (I + DG) R` and `R` has rank `d`, the players' support sizes less
//! one summed, so its determinant, inverse and adjugate come from a `d` by
//! `d` matrix (the matrix determinant lemma and Woodbury's identity). From
//! 8 strategies (a 2x2x2x2 or 3x3x3 game) this took 8 to 16% off a solve
//! (`nplayer_time --batches`, fastest of three alternated runs: fresh
//! 11020 0.246 to 0.206 ms, g3 0.490 to 0.414, fresh 11001 1.12 to 0.96,
//! rand04 0.105 to 0.092, fresh 20016 0.090 to 0.083); below, a
//! 2x2x2 game gained 5% and sec5's default ray, on its continuum of
//! equilibria, went another way (its solve twice as long), so the whole
//! matrix stays there, and where `Dpsi` is near singular (`|det|` under
//! 1e-6), where the trace's rules for singular cells were measured. On
//! random games the equilibria are the same, profile by profile (264 fresh
//! games and every random fixture); the rounding differs, and on Gambit's
//! degenerate trees, where it decides the way at singular cells, 11 of the
//! 607 files meet other equilibria (bcp3 1 instead of 3, el_farol_bar 17
//! instead of 25, jury_un 6 instead of 5, 2smp a second point equal to
//! its first to six decimals; on seven others as many, one of them
//! another), no choice of the threshold better on all of them.
//!
//! Trees are solved on their reduced strategic form. A cancelled `Watch`
//! stops the solve within one Euler step.

mod bounds;
mod dense;
mod locate;
mod lowrank;
mod newton;
mod path;
mod predict;
mod space;
mod state;

use crate::nplayer::{on_strategic_form, Mixed, Table};
use brink_game::{Game, Solution, SolveError, StrategicGame, Watch};
use path::Ended;
use space::Path;
use state::Buffers;

/// How `gnm` traces its path.
#[derive(Clone, Debug)]
pub struct GnmOptions {
    /// The perturbation `g`, one number per strategy, player by player;
    /// each player's largest entry must be unique. `None`: 1 on each
    /// player's first strategy and 0 elsewhere (Gambit's default).
    pub perturbation: Option<Mixed>,
    /// The (negative) `lambda` past which, heading away from the game, the
    /// path is taken to hold no further equilibrium (Gambit's -10).
    pub end_lambda: f64,
    /// Euler steps to each support boundary (Gambit's 100).
    pub steps: usize,
    /// The error off the path (max norm, payoffs rescaled to [0, 1]) one
    /// Euler step is allowed before its correction (default 1e-3): the
    /// step length is adapted to it, so that where the path is nearly
    /// straight a support takes a few steps instead of `steps`, never more
    /// than `steps`. 0 keeps Gambit's `steps` equal steps.
    pub step_error: f64,
    /// Steps between local Newton corrections (Gambit's 3).
    pub local_newton_interval: usize,
    /// Iterations of one local Newton correction (Gambit's 10).
    pub local_newton_maxits: usize,
    /// Euler steps in all before the trace stops with what it has found,
    /// so that a cycling path ends.
    pub max_steps: usize,
    /// Whether a boundary is crossed only once the path, corrected by
    /// Newton's method, has reached it (Gambit crosses where its last
    /// linear step lands), and the boundary last crossed is watched again
    /// once the strategy is clear of it (Gambit ignores it for the rest of
    /// the cell). `false` follows Gambit's rules.
    pub check_boundaries: bool,
}

impl Default for GnmOptions {
    fn default() -> Self {
        GnmOptions {
            perturbation: None,
            end_lambda: -10.0,
            steps: 100,
            step_error: 1e-3,
            local_newton_interval: 3,
            local_newton_maxits: 10,
            max_steps: 20_000,
            check_boundaries: true,
        }
    }
}

/// The largest regret, relative to the payoff range, a returned profile may
/// have.
pub const GNM_TOL: f64 = 1e-8;

/// The most pure-strategy profiles a game may have: each step evaluates the
/// payoff Jacobian over every profile.
pub const MAX_CELLS: usize = 100_000;

/// The most strategies in all: each step inverts a square matrix of this
/// order.
pub const MAX_STRATEGIES: usize = 400;

/// The equilibria met with the default options.
pub fn gnm(game: &Game) -> Result<Vec<Solution>, SolveError> {
    gnm_with(game, &GnmOptions::default())
}

/// The equilibria met with `options`.
pub fn gnm_with(game: &Game, options: &GnmOptions) -> Result<Vec<Solution>, SolveError> {
    gnm_watched(game, options, &Watch::quiet())
}

/// [`gnm_with`], stopping with [`SolveError::Cancelled`] within one Euler
/// step once `watch` is cancelled.
pub fn gnm_watched(
    game: &Game,
    options: &GnmOptions,
    watch: &Watch,
) -> Result<Vec<Solution>, SolveError> {
    on_strategic_form(game, "gnm", watch, |g| search(g, options, watch))
}

fn bad(reason: String) -> SolveError {
    SolveError::TooLarge {
        method: "gnm",
        reason,
    }
}

fn search(
    g: &StrategicGame,
    options: &GnmOptions,
    watch: &Watch,
) -> Result<Vec<Mixed>, SolveError> {
    if g.num_cells() > MAX_CELLS {
        return Err(bad(format!(
            "{} pure-strategy profiles, over the limit of {MAX_CELLS}",
            g.num_cells()
        )));
    }
    let table = Table::new(g);
    let m: usize = table.shape.iter().sum();
    if m > MAX_STRATEGIES {
        return Err(bad(format!(
            "{m} strategies in all, over the limit of {MAX_STRATEGIES}"
        )));
    }
    if options.end_lambda.is_nan() || options.end_lambda >= 0.0 {
        return Err(bad("end_lambda must be negative".into()));
    }
    if !(options.step_error >= 0.0 && options.step_error.is_finite()) {
        return Err(bad("step_error must be a finite number, 0 or more".into()));
    }
    if options.steps == 0 || options.local_newton_interval == 0 {
        return Err(bad(
            "steps and local_newton_interval must be positive".into()
        ));
    }
    // The perturbation flat (the default built so, without a nested
    // profile: on the smallest games a solve's allocations are a visible
    // part of its time).
    let g_flat: Vec<f64> = match &options.perturbation {
        Some(p) => {
            if p.len() != table.players() || p.iter().zip(&table.shape).any(|(p, &k)| p.len() != k)
            {
                return Err(bad(
                    "the perturbation needs one number per strategy of each player".into(),
                ));
            }
            p.iter().flatten().copied().collect()
        }
        None => {
            let mut g = vec![0.0; m];
            for &first in &table.offsets[..table.players()] {
                g[first] = 1.0;
            }
            g
        }
    };
    for (i, w) in table.offsets.windows(2).enumerate() {
        let p = &g_flat[w[0]..w[1]];
        let top = p.iter().fold(f64::NEG_INFINITY, |a, &b| a.max(b));
        if !top.is_finite() || p.iter().filter(|&&a| a == top).count() != 1 {
            return Err(bad(format!(
                "the perturbation must have one largest entry for player {}",
                i + 1
            )));
        }
    }
    if g_flat.iter().all(|&a| a == 0.0) {
        return Err(bad("the perturbation must not be all zero".into()));
    }
    // One player: the equilibria are its best pure strategies; the path
    // (which divides by the number of opponents) is not needed.
    if table.players() == 1 {
        let v = &table.payoffs[0];
        let best = (0..v.len()).fold(0, |b, s| if v[s] > v[b] { s } else { b });
        let mut x = vec![0.0; v.len()];
        x[best] = 1.0;
        return Ok(vec![vec![x]]);
    }
    let path = Path::new(&table);
    // A ray for which several boundaries fall at one point of the path (a
    // tie in the perturbation, not in the game: Gambit's default gives
    // every player's first strategy the same bonus, and small integer
    // games then tie often) leaves the order of crossing to rounding, and
    // the trace may circle that point (as Gambit's does: its gnm never
    // returns on three of the corpus's and fixtures' games), leave the
    // path, end at a profile that is no equilibrium, or stop after an even
    // number of equilibria. After any of these
    // the ray is tilted by a small amount, distinct for each strategy, and
    // traced again from the start, up to TILTS times; the equilibria of all
    // traces are returned, each certified.
    let tol = GNM_TOL * table.range;
    // One set of buffers for all the traces of this solve.
    let mut buffers = Buffers::new(table.players(), m);
    let mut found: Vec<Mixed> = Vec::new();
    // The ray of this attempt: `g_flat`, then tilted.
    let mut tilted: Option<Vec<f64>> = None;
    // Gambit's fixed steps, for a ray whose adaptive trace was doubtful.
    let fixed = GnmOptions {
        step_error: 0.0,
        ..options.clone()
    };
    for attempt in 0..=TILTS {
        let g_try = tilted.as_deref().unwrap_or(&g_flat);
        let mut strays = Vec::new();
        let (mut raw, mut ended) = path.trace(g_try, options, watch, &mut strays, &mut buffers)?;
        // The path from the start crosses lambda = 0 an odd number of times
        // before heading off to -infinity; an even count means it went
        // astray.
        let astray = |raw: &[Vec<f64>], ended| {
            matches!(
                ended,
                Ended::Lost | Ended::LostAgain | Ended::Circled | Ended::AtContinuum
            ) || raw.len().is_multiple_of(2)
        };
        let mut doubtful = astray(&raw, ended);
        if options.step_error > 0.0
            && table.players() > 2
            && ended != Ended::StepLimit
            && doubtful
            && !matches!(
                ended,
                Ended::LostAgain | Ended::Circled | Ended::AtContinuum
            )
        {
            // Longer steps can misjudge which of several boundaries that
            // meet almost at one point comes first: Gambit's pace on the
            // same ray before tilting it (the equilibria of both traces
            // are kept, each certified below). Two players need no second
            // trace: one exact step per support, the step rule unused.
            let (more, how) = path.trace(g_try, &fixed, watch, &mut strays, &mut buffers)?;
            doubtful = astray(&more, how);
            ended = how;
            raw.extend(more);
        }
        let known = found.len();
        let stuck_at = (ended == Ended::AtContinuum)
            .then(|| raw.last().and_then(|x| certify(&table, x, tol)))
            .flatten();
        for sigma in raw.into_iter().chain(strays) {
            match certify(&table, &sigma, tol) {
                Some(y) => {
                    if !found.iter().any(|a| same_profile(a, &y)) {
                        found.push(y);
                    }
                }
                None => doubtful = true,
            }
        }
        if ended == Ended::StepLimit {
            break;
        }
        // A tilted ray that runs into a continuum of equilibria at a point
        // an earlier ray met (nau2004's sec5: the default ray circles at one
        // point of it and passes another, entering a cell at lambda = 0,
        // which the trace keeps among its strays; the first tilt ends at
        // that one) is taken to hold nothing new, and the next tilts, which
        // differ from it by more, are not tried.
        if let Some(y) = stuck_at {
            if found[..known].iter().any(|a| same_profile(a, &y)) {
                break;
            }
        }
        if !doubtful || attempt == TILTS {
            break;
        }
        tilted = Some(path.tilt(&g_flat, attempt));
    }
    Ok(found)
}

/// A profile (flat) where the path crossed `lambda = 0`, refined by
/// Newton's method on its support (the path's corrections stop at 1e-12 in
/// z) and kept if its regret is at most `tol`. The path's profile has exact
/// zeros off the support it crossed at (the retraction clips them), so
/// Newton on that support alone comes first: one short run in `k - n`
/// unknowns, where [`Table::polish`]'s thresholds and `k + n` unknowns cost
/// a tenth of the solve on max-cut 2x2x2; `polish` where it fails.
fn certify(table: &Table, x: &[f64], tol: f64) -> Option<Mixed> {
    let tight = 1e-10 * table.range;
    table.polish_on_support(x, tight).or_else(|| {
        let x = table.unflatten(x);
        table
            .polish(&x, tight)
            .or_else(|| (table.regret(&x) <= tol).then_some(x))
    })
}

/// Whether two profiles are one equilibrium met twice.
fn same_profile(a: &Mixed, b: &Mixed) -> bool {
    a.iter()
        .flatten()
        .zip(b.iter().flatten())
        .all(|(p, q)| (p - q).abs() < 1e-9)
}

/// Tilted rays tried after a doubtful trace.
const TILTS: usize = 3;

#[cfg(test)]
mod tests {
    use super::*;

    /// Player 1 is indifferent everywhere and the others have a dominant
    /// first strategy: every mix of player 1's is an equilibrium. A
    /// crossing at (0.995, 0.005) is certified as that point, on the
    /// support the path crossed at; `Table::polish` first (as before
    /// session 23) tried the strategies at 1e-2 or more and returned the
    /// pure profile, another point than the path met.
    #[test]
    fn a_crossing_is_certified_on_the_support_the_path_crossed_at() {
        let mut text = String::from(r#"NFG 1 R "indifferent" { "1" "2" "3" } { 2 2 2 } "#);
        for c in 0..8 {
            let (second, third) = ((c >> 1) & 1 == 0, (c >> 2) & 1 == 0);
            text += &format!("0 {} {} ", u8::from(second), u8::from(third));
        }
        let game = brink_gambit::read_nfg(&text, "indifferent.nfg").expect("the game reads");
        let table = Table::new(&game);
        let x = [0.995, 0.005, 1.0, 0.0, 1.0, 0.0];
        let y = certify(&table, &x, GNM_TOL * table.range).expect("an equilibrium");
        assert!((y[0][1] - 0.005).abs() < 1e-12, "{y:?}");
    }
}
