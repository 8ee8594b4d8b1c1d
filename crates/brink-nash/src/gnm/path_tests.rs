//! Unit tests of the path, kept apart so the module stays short.
use super::*;
use crate::nplayer::table_of;
use crate::nplayer::Table;

/// Gambit's default ray: 1 on each player's first strategy.
fn first_strategies(table: &Table) -> Vec<f64> {
    let shape = &table.shape;
    shape
        .iter()
        .flat_map(|&k| (0..k).map(|s| if s == 0 { 1.0 } else { 0.0 }))
        .collect()
}

fn trace(table: &Table, step_error: f64) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, Ended) {
    let options = GnmOptions {
        step_error,
        ..GnmOptions::default()
    };
    trace_with(table, &options)
}

fn trace_with(table: &Table, options: &GnmOptions) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, Ended) {
    let path = Path::new(table);
    let mut strays = Vec::new();
    let mut buffers = Buffers::new(table.players(), path.m());
    let (found, ended) = path
        .trace(
            &first_strategies(table),
            options,
            &Watch::quiet(),
            &mut strays,
            &mut buffers,
        )
        .unwrap();
    (found, strays, ended)
}

/// [`trace_with`] on the first tilted ray (as `gnm` tilts it after a
/// doubtful trace), from the first strategies.
fn trace_tilted(table: &Table, options: &GnmOptions) -> (Vec<Vec<f64>>, Vec<Vec<f64>>, Ended) {
    let path = Path::new(table);
    let mut strays = Vec::new();
    let g = path.tilt(&first_strategies(table), 0);
    let mut buffers = Buffers::new(table.players(), path.m());
    let (found, ended) = path
        .trace(&g, options, &Watch::quiet(), &mut strays, &mut buffers)
        .unwrap();
    (found, strays, ended)
}

/// `f` with the bordered correction off, as before session 27: the tests
/// of the rules for a continuum it cannot follow (sec5's, which it now
/// follows, was their fixture).
fn without_bordered<T>(f: impl FnOnce() -> T) -> T {
    super::super::newton::BORDERED.with(|b| b.set(false));
    let out = f();
    super::super::newton::BORDERED.with(|b| b.set(true));
    out
}

/// The default options with at most `max_steps` Euler steps.
fn within(max_steps: usize) -> GnmOptions {
    GnmOptions {
        max_steps,
        ..GnmOptions::default()
    }
}

/// The default ray of the random fixture `file` ends as Gambit's does
/// within `max_steps` Euler steps, resuming nowhere (no strays), after
/// `count` crossings of zero, each certified.
fn ends_within(file: &str, max_steps: usize, count: usize) {
    let table = table_of(&format!("testdata/fixtures/nplayer/random/{file}"));
    let (found, strays, ended) = trace_with(&table, &within(max_steps));
    assert_eq!(ended, Ended::Out, "{file}");
    assert_eq!((found.len(), strays.len()), (count, 0), "{file}");
    for x in &found {
        assert!(
            certify(&table, x, GNM_TOL * table.range).is_some(),
            "{file}: {x:?}"
        );
    }
}

/// On nau2004's sec4 two boundaries meet just after lambda = -0.268.
/// When a last step that landed short of its boundary was followed by
/// a tenth of `steps`, the longer steps left the path there and the
/// trace resumed at Gambit's pace from the support before (meeting the
/// equilibrium at 0 twice); followed by two, the trace stays on the
/// path, nothing is taken back, and it meets the equilibrium the trace
/// at Gambit's pace from the start meets.
#[test]
fn on_sec4_the_longer_steps_stay_on_the_path_and_meet_gambits_equilibrium() {
    let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec4.nfg");
    let (fast, strays, ended) = trace(&table, 1e-3);
    let (slow, _, slow_ended) = trace(&table, 0.0);
    assert_eq!((ended, slow_ended), (Ended::Out, Ended::Out));
    assert_eq!((fast.len(), slow.len()), (1, 1));
    assert!(strays.is_empty(), "no stretch taken back: {strays:?}");
    assert!(fast[0]
        .iter()
        .zip(&slow[0])
        .all(|(a, b)| (a - b).abs() < 1e-6));
    assert!(table.regret(&table.unflatten(&fast[0])) < 1e-6 * table.range);
}

/// With the bordered correction off (a continuum it cannot follow, as
/// below): on nau2004's sec5 the rays run into the game's continuum of
/// equilibria (lambda about 6e-13, `Dpsi` singular) and circle there; the
/// trace ends
/// at once (before, it resumed at Gambit's pace twice and circled the same
/// point), with that point certified by its regret. The first tilted ray
/// circles at the pure pair (Bottom, Left) against (1/4, 3/4): an
/// equilibrium by hand, as against the others player 1's two strategies
/// pay 3/4 and 3/4 (1 * 3/4 and 3 * 1/4), player 2's 0 and 0, player 3's 0
/// and 0. (The default ray circled at its mirror image, (Top, Right), until
/// session 24's second helper: now it meets its start again at lambda =
/// 0.634, where players 1 and 2 tie, and ends there for the tilt.)
#[test]
fn a_trace_that_runs_into_a_continuum_of_equilibria_ends_there() {
    without_bordered(|| {
        let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
        let (found, _, ended) = trace_tilted(&table, &GnmOptions::default());
        assert_eq!(ended, Ended::AtContinuum);
        let last = found.last().expect("the point circled");
        let want = [0.0, 1.0, 1.0, 0.0, 0.25, 0.75];
        assert!(
            last.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6),
            "{last:?}"
        );
        assert!(table.regret(&table.unflatten(last)) <= 1e-9 * table.range);
        // At Gambit's pace (no resumption) the trace ends lost, as before.
        let (_, _, slow_ended) = trace(&table, 0.0);
        assert_eq!(slow_ended, Ended::Lost);
    })
}

/// With the bordered correction off: on sec5 the first tilted ray passes
/// one point of the continuum, (1, 0;
/// 0, 1; 1/4, 3/4), entering the full-support cell at lambda about 6e-13,
/// before it circles at the other; the cell entered at lambda = 0 is kept
/// among the strays (certified, apart from the crossings' count). (On the
/// default ray, which ended at the continuum before, the point kept so
/// told `gnm` that the first tilt met nothing new.) Without the rule the
/// strays are empty.
#[test]
fn on_sec5_a_cell_entered_at_lambda_zero_keeps_its_point() {
    without_bordered(|| {
        let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
        let (found, strays, ended) = trace_tilted(&table, &GnmOptions::default());
        assert_eq!(ended, Ended::AtContinuum);
        assert_eq!(
            found.len(),
            1,
            "no crossing counted beyond the circled point"
        );
        let want = [1.0, 0.0, 0.0, 1.0, 0.25, 0.75];
        assert!(
            strays
                .iter()
                .any(|x| x.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6)),
            "{strays:?}"
        );
        for x in &strays {
            assert!(
                table.regret(&table.unflatten(x)) <= 1e-8 * table.range,
                "{x:?}"
            );
        }
    })
}

/// Where the trace circles a point away from an equilibrium (g3, which
/// resumed at Gambit's pace before and circled again 211 steps later), the
/// trace at Gambit's pace from the start is lost too (so `gnm` tilts the
/// ray instead of tracing it again from the start). On the way, at lambda
/// = -2/15, the trace enters a cell with player 1's first strategy exactly
/// at zero probability and falling: crossed at once, the trace circles
/// there and the tilted rays meet a fourth equilibrium; left alone (with
/// the second-order steps' rounding) it saw no boundary ahead and ended
/// with three.
#[test]
fn where_the_trace_circles_so_does_gambits_pace() {
    let table = table_of("testdata/gambit/contrib/games/g3.nfg");
    let (found, _, ended) = trace(&table, 1e-3);
    let (_, _, slow_ended) = trace(&table, 0.0);
    assert_eq!((ended, slow_ended), (Ended::Circled, Ended::Lost));
    assert_eq!(found.len(), 3);
}

/// On rand08 the path enters a cell where a second boundary meets the one
/// crossed: rounding leaves that strategy's probability at -7e-13 and
/// falling, a bound the linear model never meets. Crossed at once, the
/// default ray's trace meets its equilibrium in under 125 Euler steps;
/// before, the cell erred ever more, the trace was lost, resumed at
/// Gambit's pace, was lost again (123 steps) and the tilted ray was traced.
#[test]
fn on_rand08_a_boundary_met_where_the_path_enters_a_cell_is_crossed_there() {
    let table = table_of("testdata/fixtures/nplayer/random/rand08_2x2x2x2.nfg");
    let (found, strays, ended) = trace_with(&table, &within(125));
    assert_eq!(ended, Ended::Out);
    assert_eq!((found.len(), strays.len()), (1, 0));
    assert!(table.regret(&table.unflatten(&found[0])) < 1e-6 * table.range);
}

/// The second-order term lets the steps lengthen where the path curves
/// smoothly: rand13's default ray meets its three equilibria in 135 Euler
/// steps (176 with Euler's steps alone), rand04's one in 84 (108).
#[test]
fn the_second_order_steps_shorten_the_trace() {
    for (file, most, count) in [
        (
            "testdata/fixtures/nplayer/random/rand13_3x2x2x2.nfg",
            140,
            3,
        ),
        ("testdata/fixtures/nplayer/random/rand04_3x3x3.nfg", 90, 1),
    ] {
        let table = table_of(file);
        let (found, _, ended) = trace_with(&table, &within(most));
        assert_eq!((ended, found.len()), (Ended::Out, count), "{file}");
    }
}

/// The second-order term waits for two calm steps in the cell and stays
/// off in a cell once a step was taken back: on rand12 the default ray
/// meets its five crossings in 460 Euler steps; with the term from the
/// cell's second step it took 974, and with it on again after a take-back
/// the trace never ended (20,000 steps). The same trace checks the rule
/// that two corrections in a row stalled past a boundary the cell does not
/// know count as leaving the path: without it, 505 steps (on coord333,
/// where it was found, the cells are now crossed at their entry).
#[test]
fn on_rand12_the_second_order_steps_wait_for_calm_and_stop_after_a_take_back() {
    let table = table_of("testdata/fixtures/nplayer/random/rand12_3x2x2x2.nfg");
    let (found, _, ended) = trace_with(&table, &within(500));
    assert_eq!((ended, found.len()), (Ended::Out, 5));
}

/// After a step is taken back, the cell's steps are still longer than
/// Gambit's and can still be taken back: on the doc's 2x2x2 an early
/// take-back (of a last step after second-order ones) used to leave the
/// step after an equilibrium, 6.5e-2 off the path, to end the stretch; the
/// trace resumed at Gambit's pace. Now it is taken back and the trace meets
/// its seven equilibria in 94 Euler steps.
#[test]
fn after_a_take_back_the_longer_steps_can_still_be_taken_back() {
    let table = table_of("testdata/gambit/doc/2x2x2.nfg");
    let (found, strays, ended) = trace_with(&table, &within(100));
    assert_eq!(ended, Ended::Out);
    assert_eq!((found.len(), strays.len()), (7, 0));
}

/// With the bordered correction off: on sec5 the full-support cell starts
/// on the continuum of equilibria, where `Dpsi` is singular and `z` alone
/// cannot be corrected: the longer steps are taken back three times
/// there and the cell goes on at Gambit's pace. Once Newton converges again
/// they come back, and the first tilted ray's trace reaches the
/// continuum's other point in 81 Euler steps (before: 119 in that cell
/// alone, and 358 in all; with second-order steps where `Dpsi` is
/// singular, 158).
#[test]
fn on_sec5_the_longer_steps_come_back_once_newton_converges_again() {
    without_bordered(|| {
        let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
        let (found, _, ended) = trace_tilted(&table, &within(120));
        assert_eq!(ended, Ended::AtContinuum);
        let last = found.last().expect("the point circled");
        assert!(table.regret(&table.unflatten(last)) <= 1e-9 * table.range);
    })
}

/// With the bordered correction off: when the longer steps come back, so
/// does the second-order term: the
/// take-backs that turned it off were the continuum's (singular `Dpsi`, the
/// tangent's turn rounding), and the rest of the cell, leaving the
/// continuum for player 3's boundary at lambda 0.22, is smooth. On sec5's
/// first tilted ray that stretch takes 13 Euler steps instead of 19, and
/// the ray 81 instead of 87.
#[test]
fn on_sec5_the_second_order_term_comes_back_with_the_longer_steps() {
    without_bordered(|| {
        let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
        let (found, _, ended) = trace_tilted(&table, &within(84));
        assert_eq!(ended, Ended::AtContinuum);
        let last = found.last().expect("the point circled");
        assert!(table.regret(&table.unflatten(last)) <= 1e-9 * table.range);
    })
}

/// On coord333 the default ray's trace enters, at lambda = -1.73 where
/// many boundaries meet, cells with strategies a rounding past their
/// boundaries (2e-16 to 3e-14) and moving on outward. Crossed at once, the
/// trace stays on the path and meets three equilibria in 35 Euler steps.
/// Before, it stayed in a cell the path is not in (every Euler step erred
/// about 6.6e-3 however short, and two stalled corrections ended the
/// stretch), resumed at Gambit's pace, was lost again, and the tilted ray
/// took the rest of 89 steps. (The three are the pure profile all on the
/// first strategies, pygambit's one, and two that mix the first and third;
/// the tilted ray met two that mix the first and second, their mirror
/// images.)
#[test]
fn on_coord333_boundaries_met_at_a_cell_entry_are_crossed_there() {
    let table = table_of("testdata/gambit/contrib/games/coord333.nfg");
    let (found, strays, ended) = trace_with(&table, &within(40));
    assert_eq!(ended, Ended::Out);
    assert_eq!((found.len(), strays.len()), (3, 0));
}

/// On max-cut 2x2x2 the default ray meets, at lambda = 0.436, a point
/// where player 3's first strategy leaves and then player 1's: entering
/// the pure cell (b, a, b), rounding leaves player 3's first strategy a
/// hair better than the best (an unused strategy past its boundary) and
/// falling back. The linear model met that boundary just ahead, the trace
/// crossed it back, left the path, resumed, was lost again, and the tilted
/// ray was traced (50 Euler steps in all). A bound is a way out of the
/// cell only where the strategy moves outward (an unused one gaining on
/// the best, a used one losing probability); from the cell's side of a
/// boundary no other bound lies ahead. Now the default ray goes on to the
/// pure equilibrium (b, a, b) and meets all three in 23 steps.
#[test]
fn on_max_cut_a_boundary_moved_back_towards_is_not_crossed() {
    let table = table_of(
        "testdata/gambit/tests/test_games/2x2x2_nfg_from_local_max_cut_2_pure_1_mixed_eq.nfg",
    );
    let (found, strays, ended) = trace_with(&table, &within(25));
    assert_eq!(ended, Ended::Out);
    assert_eq!((found.len(), strays.len()), (3, 0));
}

/// On sec5 the full-support cell starts on the game's continuum of
/// completely mixed equilibria (`|det Dpsi|` 1e-13 to 1e-17), where `z`
/// alone cannot be corrected. With the bordered correction the default
/// ray follows the continuum, each correction back under 1e-12, crosses
/// lambda = 0 where it leaves it (at a completely mixed point), turns at
/// lambda = -0.147, crosses back and heads out: three crossings in 57
/// Euler steps, and no tilted ray. Without it the ray circled at lambda =
/// 0.634 after 73 steps with no crossing, and the tilted ray was traced
/// too (154 steps in all).
#[test]
fn on_sec5_the_default_ray_follows_the_continuum_and_crosses_out() {
    let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
    let (found, _, ended) = trace_with(&table, &within(60));
    assert_eq!((ended, found.len()), (Ended::Out, 3), "{found:?}");
    for x in &found {
        assert!(certify(&table, x, GNM_TOL * table.range).is_some(), "{x:?}");
    }
    assert!(
        found.iter().any(|x| x.iter().all(|&p| p > 0.1)),
        "a completely mixed point of the continuum: {found:?}"
    );
    let (old, _, old_ended) = without_bordered(|| trace_with(&table, &GnmOptions::default()));
    assert_eq!((old_ended, old.len()), (Ended::Circled, 0));
}

/// The bordered correction against Gambit's local Newton method at a point
/// 1e-4 off sec5's continuum (a completely mixed equilibrium, `lambda`
/// 1e-12, `Dpsi` singular there): Newton in `z` alone leaves the error
/// where it was; the bordered one brings it under 1e-12, moves `lambda` by
/// less than the offset's square (1e-12 here), keeps its sign, and lands
/// on an equilibrium of the game (its regret, from the payoff table, about
/// zero). Its step is orthogonal to the tangent.
#[test]
fn the_bordered_correction_brings_a_point_off_the_continuum_back() {
    let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
    let (found, _, _) = trace_with(&table, &GnmOptions::default());
    let mixed = found
        .iter()
        .find(|x| x.iter().all(|&p| p > 0.1))
        .expect("the default ray's point of the continuum")
        .clone();
    let path = Path::new(&table);
    let m = path.m();
    let mut buffers = Buffers::new(table.players(), m);
    let Trace {
        mut work,
        z,
        sigma,
        dz,
        pert,
        support,
        ..
    } = buffers.trace();
    let w = &mut work;
    let ray = first_strategies(&table);
    let norm = ray.iter().map(|a| a * a).sum::<f64>().sqrt();
    let g: Vec<f64> = ray.iter().map(|a| a / norm).collect();
    let lambda0 = 1e-12;
    support.fill(true);
    sigma.copy_from_slice(&mixed);
    path.values(sigma, w.v, w.x);
    for i in 0..m {
        z[i] = sigma[i] + w.v[i] + lambda0 * g[i];
    }
    path.jacobian_at(sigma, w);
    path.factor_dpsi(support, w);
    assert!(w.fact.det.abs() <= STALL_DET, "det {}", w.fact.det);
    w.fact.adjugate_times(&g, dz);
    dz.iter_mut().for_each(|a| *a = -*a);
    let dlambda = -w.fact.det;
    let off = [1.0, -0.5, 0.25, -1.0, 0.5, 0.75];
    for (zi, o) in z.iter_mut().zip(off) {
        *zi += 1e-4 * o;
    }
    let start = z.to_vec();
    let error_at = |path: &Path, z: &[f64], lambda: f64, w: &mut super::super::state::Work| {
        let mut s = vec![0.0; m];
        path.retract(z, &mut s, w.sorted);
        path.values(&s, w.v, w.x);
        (0..m)
            .map(|i| (z[i] - s[i] - w.v[i] - lambda * g[i]).abs())
            .fold(0.0, f64::max)
    };
    let err = error_at(&path, z, lambda0, w);
    assert!(err > 1e-5, "{err}");

    // Gambit's correction, in z at fixed lambda.
    pert.iter_mut()
        .zip(&g)
        .for_each(|(p, gi)| *p = gi * lambda0);
    path.retract(z, sigma, w.sorted);
    path.jacobian_at(sigma, w);
    let newton = path.correct(z, pert, sigma, w, 10, err);
    assert!(newton > 1e-6, "local Newton left {newton}");

    // The bordered correction from the same point.
    z.copy_from_slice(&start);
    path.retract(z, sigma, w.sorted);
    path.jacobian_at(sigma, w);
    let mut lambda = lambda0;
    let fix = super::super::newton::Fix {
        g: &g,
        tangent: (dz, dlambda),
        maxits: 10,
        bordered: true,
    };
    let left = path.correct_at(z, &mut lambda, pert, sigma, w, &fix, err);
    assert!(left < 1e-12, "bordered left {left}");
    assert!(error_at(&path, z, lambda, w) < 1e-12);
    assert!(lambda > 0.0 && (lambda - lambda0).abs() < 1e-8, "{lambda}");
    let along: f64 =
        (0..m).map(|i| dz[i] * (z[i] - start[i])).sum::<f64>() + dlambda * (lambda - lambda0);
    let size = dz.iter().map(|a| a * a).sum::<f64>().sqrt()
        * (0..m)
            .map(|i| (z[i] - start[i]).powi(2))
            .sum::<f64>()
            .sqrt();
    assert!(along.abs() <= 1e-9 * size, "{along} against {size}");
    path.retract(z, sigma, w.sorted);
    let x = table.unflatten(sigma);
    assert!(table.regret(&x) <= 1e-10 * table.range, "{x:?}");
}

/// On the fresh random games 11001 (4x4x4) and 11011 (5x4x3) of
/// bench/ipa_fresh_games.py the default ray's path curves across a
/// boundary just before `lambda = 0`, and the linear model crossed zero
/// first: on 11011 at a point 5e-4 of the payoff range off any equilibrium
/// (the nearest solution on its support gives player 3's second strategy
/// -0.0045), on 11001 at five points 2e-3 off. They failed the
/// certificate, and `gnm` tilted the ray three times (four traces: 7.4 and
/// 11.9 ms). Taken back, and the zero approached half way, the trace meets
/// the boundary first: every crossing it keeps is an equilibrium, an odd
/// number of them, so the ray is not tilted. Without the rule both fail
/// here.
#[test]
fn a_crossing_of_zero_that_is_no_equilibrium_is_taken_back() {
    for file in ["fresh11001_4x4x4.nfg", "fresh11011_5x4x3.nfg"] {
        let table = table_of(&format!("testdata/fixtures/nplayer/random/{file}"));
        let (found, _, ended) = trace_with(&table, &GnmOptions::default());
        assert_eq!(ended, Ended::Out, "{file}");
        assert_eq!(found.len() % 2, 1, "{file}: {} crossings", found.len());
        for x in &found {
            assert!(
                certify(&table, x, GNM_TOL * table.range).is_some(),
                "{file}: {x:?}"
            );
        }
    }
}

/// On the fresh random game 12008 (3x3x3) of bench/ipa_fresh_games.py a
/// cell is entered 3e-5 off the path, an error its Newton did not remove
/// (`Dpsi` regular). Read against that error, the next cell's first step
/// added none, so the path looked straight: the trace jumped to the
/// boundary, landed 0.11 off the path and was lost, and resumed at
/// Gambit's pace (about 300 Euler steps, 201 of them at that pace). Such
/// a jump, from an error Newton left where it can run, is now a longer
/// step that can be taken back: the default ray meets its three
/// equilibria in 110 steps, resuming nowhere.
#[test]
fn a_jump_from_an_error_newton_left_can_be_taken_back() {
    ends_within("fresh12008_3x3x3.nfg", 120, 3);
}

/// The supports a trace entered, each with its `lambda` there.
type Entries = Vec<(Vec<bool>, f64)>;

/// The default ray's trace with the last steps' landings located on their
/// boundaries by Newton (`on`) or not (the approach by steps before):
/// its crossings, how it ended, the supports it entered with their
/// lambdas, and its Euler steps (the least `max_steps` it ends within).
fn trace_locating(table: &Table, on: bool) -> (Vec<Vec<f64>>, Ended, Entries, usize) {
    super::super::locate::LOCATE.with(|l| l.set(on));
    let path = Path::new(table);
    let mut buffers = Buffers::new(table.players(), path.m());
    let ray = first_strategies(table);
    let run = |buffers: &mut Buffers, max_steps| {
        let mut strays = Vec::new();
        path.trace(
            &ray,
            &within(max_steps),
            &Watch::quiet(),
            &mut strays,
            buffers,
        )
        .unwrap()
    };
    let (found, ended) = run(&mut buffers, 100_000);
    let entries = buffers.entries();
    let steps = (1..100_000)
        .find(|&k| run(&mut buffers, k).1 != Ended::StepLimit)
        .unwrap();
    super::super::locate::LOCATE.with(|l| l.set(true));
    (found, ended, entries, steps)
}

/// On fresh random games of bench/ipa_fresh_games.py the last step of a
/// cell lands off the path near its boundary, short of it or past it,
/// where the retraction clips and Newton in `z` cannot bring it back: the
/// boundary was approached again and again (on 12023, 2x2x2, one cell took
/// 35 Euler steps, 16 of them creeping at 1e-6 a step). Newton in `z` and
/// `lambda` on the cell's map extended past the boundary locates the
/// point instead. Checked against that approach by steps, an independent
/// way to the same path: the same supports in the same order, entered at
/// the same `lambda` within 1e-3, the same crossings of zero within 1e-6,
/// in fewer steps. (Not closer: a corrected landing was crossed wherever
/// the strategy was at or past its boundary, and Newton at fixed `lambda`,
/// with the retraction clipping, puts a landing past the boundary on the
/// path already in the next cell: on 11020 one cell was entered at
/// `lambda` 0.10190, where the boundary is at 0.10148. The points located
/// are checked exactly in `newton_locates_a_boundary_point_built_by_hand`.)
#[test]
fn the_boundaries_newton_locates_are_those_the_steps_approach() {
    for file in ["fresh12023_2x2x2.nfg", "fresh11020_2x2x2x2.nfg"] {
        let table = table_of(&format!("testdata/fixtures/nplayer/random/{file}"));
        let (found, ended, entries, steps) = trace_locating(&table, true);
        let (found_by_steps, ended_by_steps, entries_by_steps, steps_by_steps) =
            trace_locating(&table, false);
        eprintln!("{file}: {steps} steps located, {steps_by_steps} by steps");
        assert_eq!(ended, ended_by_steps, "{file}");
        assert_eq!(entries.len(), entries_by_steps.len(), "{file}");
        for ((support, lambda), (by_steps, lambda_by_steps)) in
            entries.iter().zip(&entries_by_steps)
        {
            assert_eq!(support, by_steps, "{file}");
            assert!(
                (lambda - lambda_by_steps).abs() < 1e-3,
                "{file}: {lambda} {lambda_by_steps}"
            );
        }
        assert_eq!(found.len(), found_by_steps.len(), "{file}");
        for (x, y) in found.iter().zip(&found_by_steps) {
            assert!(
                x.iter().zip(y).all(|(a, b)| (a - b).abs() < 1e-6),
                "{file}: {x:?} {y:?}"
            );
            assert!(
                certify(&table, x, GNM_TOL * table.range).is_some(),
                "{file}: {x:?}"
            );
        }
        assert!(
            steps < steps_by_steps,
            "{file}: {steps} >= {steps_by_steps}"
        );
    }
}

/// On the fresh random game 15023 (2x2x2) corrections stalled past a
/// boundary the cell did not see, and the last step of the cell landed
/// 1.8e-3 off the path after a step of 2.4e-3: the boundary point Newton
/// located (at `lambda` 0.37181, where the trace at Gambit's pace crosses)
/// lay 3.0e-3 from the landing and was refused, the landing was crossed
/// at 0.37314, past the boundary, and the trace was lost, resumed at
/// Gambit's pace, lost again and tilted (599 Euler steps in the solve).
/// A located point may be as far from the landing as a few times the
/// landing's error: the default ray meets its equilibrium in under 100
/// steps, without resuming.
#[test]
fn a_landing_far_off_the_path_is_located_on_its_boundary() {
    ends_within("fresh15023_2x2x2.nfg", 100, 1);
}

/// On the fresh random game 14008 (3x3x3) a cell near a turn of the path
/// (`|det Dpsi|` about 1e-3, regular) left the local Newton method, in `z`
/// at fixed `lambda`, 5e-3 off the path: for 143 Euler steps each
/// correction stalled there while `lambda` swayed between 0.062 and 0.064,
/// and the cell gave up its longer steps. Where the local method leaves
/// more than 1e-6, the bordered correction (`z` and `lambda` together)
/// goes on from there: the default ray meets its three equilibria in under
/// 120 steps.
#[test]
fn where_the_local_correction_stalls_the_bordered_one_goes_on() {
    ends_within("fresh14008_3x3x3.nfg", 120, 3);
}

/// Where pygambit's gnm_solve returns fewer equilibria than ours (one of
/// five on the fresh game 11020, none of three on 20016), Gambit's rule at
/// its own pace, 100 Euler steps per support, leaves the default ray's path
/// (lost after one crossing on 11020, before any on 20016: pygambit's
/// counts), while with 200 times the steps the same rule follows it to the
/// same crossings as the adapted steps, in the same order. So on these two
/// games pygambit's time is that of a trace that lost its path.
#[test]
fn where_pygambit_stops_early_gambits_pace_is_lost_and_a_finer_one_meets_ours() {
    let gambits = GnmOptions {
        step_error: 0.0,
        ..GnmOptions::default()
    };
    let finer = GnmOptions {
        steps: 20_000,
        max_steps: 10_000_000,
        ..gambits.clone()
    };
    for (file, count, before_lost) in [
        ("fresh11020_2x2x2x2.nfg", 5, 1),
        ("fresh20016_3x3x3.nfg", 3, 0),
    ] {
        let table = table_of(&format!("testdata/fixtures/nplayer/random/{file}"));
        let (lost, _, ended) = trace_with(&table, &gambits);
        assert_eq!((lost.len(), ended), (before_lost, Ended::Lost), "{file}");
        let tol = GNM_TOL * table.range;
        let certified = |options: &GnmOptions| {
            let (found, strays, ended) = trace_with(&table, options);
            assert_eq!((ended, strays.len()), (Ended::Out, 0), "{file}");
            found
                .iter()
                .map(|x| certify(&table, x, tol).expect("certified").concat())
                .collect::<Vec<_>>()
        };
        let ours = certified(&GnmOptions::default());
        let fine = certified(&finer);
        assert_eq!((ours.len(), fine.len()), (count, count), "{file}");
        for (a, b) in ours.iter().zip(&fine) {
            let apart = a
                .iter()
                .zip(b)
                .map(|(x, y)| (x - y).abs())
                .fold(0.0, f64::max);
            assert!(apart < 1e-9, "{file}: {a:?} against {b:?}");
        }
    }
}
