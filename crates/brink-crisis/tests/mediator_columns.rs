//! The mediator's column generation on the founding crisis, where a limit
//! stops it: what it reports must not depend on how fast the machine is.

use brink_crisis::mediator::{default_column_limits, mediator_with};
use brink_crisis::{compile, Scenario};
use brink_game::Watch;
use brink_nash::communication::ColumnLimits;
use std::time::Duration;

/// With a zero time limit no column is ever priced: the master keeps its
/// first column per type profile (every player's first plan), which is no
/// equilibrium of the founding crisis (player 1 gains about 0.23 by
/// deviating), so the row is refused with why it stopped, the gain and the
/// bound it has, on any machine.
#[test]
fn a_zero_time_limit_is_refused_with_its_reason_and_bound() {
    let scenario = Scenario::from_library("founding-crisis").unwrap();
    let game = compile(&scenario).unwrap();
    let limits = ColumnLimits {
        time_limit: Some(Duration::ZERO),
        ..default_column_limits()
    };
    let err = match mediator_with(&game, 2, limits, &Watch::quiet()) {
        Ok(_) => panic!("a mechanism without any priced column"),
        Err(e) => e.to_string(),
    };
    for part in [
        "the time limit of 0 s",
        "without an incentive-compatible mechanism",
        "largest deviation gain 2.299e-1",
        "at least 0.0000",
    ] {
        assert!(err.contains(part), "{part:?} missing from: {err}");
    }
}
