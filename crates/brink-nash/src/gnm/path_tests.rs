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
    let (found, ended) = path
        .trace(
            first_strategies(table),
            options,
            &Watch::quiet(),
            &mut strays,
        )
        .unwrap();
    (found, strays, ended)
}

/// The default options with at most `max_steps` Euler steps.
fn within(max_steps: usize) -> GnmOptions {
    GnmOptions {
        max_steps,
        ..GnmOptions::default()
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
    let path = Path::new(&table);
    assert!(table.regret(&path.unflat(&fast[0])) < 1e-6 * table.range);
}

/// On nau2004's sec5 the default ray runs into the game's continuum of
/// equilibria (lambda about 6e-13, `Dpsi` singular) and circles there;
/// the trace ends at once (before, it resumed at Gambit's pace twice
/// and circled the same point), with that point, the pure pair of
/// players 1 and 2 against (1/4, 3/4), certified by its regret. An
/// equilibrium by hand: against the others, player 1's two strategies
/// pay 0 and 0, player 2's 3/4 and 3/4 (1 * 3/4 and 3 * 1/4), player
/// 3's 0 and 0.
#[test]
fn a_trace_that_runs_into_a_continuum_of_equilibria_ends_there() {
    let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
    let (found, _, ended) = trace(&table, 1e-3);
    assert_eq!(ended, Ended::AtContinuum);
    let last = found.last().expect("the point circled");
    let want = [1.0, 0.0, 0.0, 1.0, 0.25, 0.75];
    assert!(
        last.iter().zip(want).all(|(a, b)| (a - b).abs() < 1e-6),
        "{last:?}"
    );
    let path = Path::new(&table);
    assert!(table.regret(&path.unflat(last)) <= 1e-9 * table.range);
    // At Gambit's pace (no resumption) the trace ends lost, as before.
    let (_, _, slow_ended) = trace(&table, 0.0);
    assert_eq!(slow_ended, Ended::Lost);
}

/// Where the resumed trace is lost again (rand08), or the trace circles a
/// point away from an equilibrium (g3, which resumed at Gambit's pace
/// before and circled again 211 steps later), the trace at Gambit's pace
/// from the start is lost too (so `gnm` tilts the ray instead of tracing
/// it again from the start).
#[test]
fn where_the_trace_is_lost_again_or_circles_so_is_gambits_pace() {
    for (file, fast) in [
        (
            "testdata/fixtures/nplayer/random/rand08_2x2x2x2.nfg",
            Ended::LostAgain,
        ),
        ("testdata/gambit/contrib/games/g3.nfg", Ended::Circled),
    ] {
        let table = table_of(file);
        let (_, _, ended) = trace(&table, 1e-3);
        let (_, _, slow_ended) = trace(&table, 0.0);
        assert_eq!((ended, slow_ended), (fast, Ended::Lost), "{file}");
    }
}

/// On sec5 the full-support cell starts on the continuum of equilibria,
/// where `Dpsi` is singular: the longer steps are taken back three times
/// there and the cell goes on at Gambit's pace. Once Newton converges again
/// they come back, and the default ray's trace reaches the continuum's
/// other point in 95 Euler steps (before: 119 in that cell alone, and 358
/// in all).
#[test]
fn on_sec5_the_longer_steps_come_back_once_newton_converges_again() {
    let table = table_of("testdata/gambit/catalog/journals/ijgt/nau2004/sec5.nfg");
    let (found, _, ended) = trace_with(&table, &within(120));
    assert_eq!(ended, Ended::AtContinuum);
    let path = Path::new(&table);
    let last = found.last().expect("the point circled");
    assert!(table.regret(&path.unflat(last)) <= 1e-9 * table.range);
}

/// On coord333 the default ray's trace enters, at lambda = -1.73 where
/// many boundaries meet, a cell the path is not in: the retraction gives
/// probability to strategies outside its support, and every Euler step
/// errs about 6.6e-3 however short. Two corrections in a row that stall
/// there end the stretch (8 steps in all, and the resumption at Gambit's
/// pace is lost again within 4 more); before, with a correction after
/// every step, the error passed THRESHOLD only after 48 steps in the cell.
/// (Gambit's pace, correcting every third step, passes it within two.)
#[test]
fn on_coord333_corrections_that_stall_past_an_unseen_boundary_end_the_stretch() {
    let table = table_of("testdata/gambit/contrib/games/coord333.nfg");
    let (found, _, ended) = trace_with(&table, &within(20));
    assert_eq!(ended, Ended::LostAgain);
    // The pure equilibrium met before (at lambda = 0 on the way there).
    assert_eq!(found.len(), 1);
}
