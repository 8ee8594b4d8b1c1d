//! The built-in default run: what `cargo run --release` does with no arguments.

use anyhow::Result;
use brink_game::extensive::{Action, GameBuilder, NodeId, Outcome, Owner};
use brink_game::{ExtensiveGame, Game, Rational};

/// A three-move crisis with complete information (the skeleton of the
/// audience-cost game): the challenger keeps the status quo or challenges; the
/// defender concedes or resists; the challenger then fights or backs down.
pub fn crisis_example() -> ExtensiveGame {
    let q = |n: i64, d: i64| Rational::new(n.into(), d.into());
    let act = |l: &str| Action {
        label: l.into(),
        prob: None,
    };
    let mut b = GameBuilder::new(
        "Crisis bargaining with audience costs (built-in example)",
        vec!["Challenger".into(), "Defender".into()],
    );
    let c1 = b.add_infoset(
        Owner::Player(0),
        1,
        "Challenge?",
        vec![act("status quo"), act("challenge")],
    );
    let d1 = b.add_infoset(
        Owner::Player(1),
        1,
        "Resist?",
        vec![act("concede"), act("resist")],
    );
    let c2 = b.add_infoset(
        Owner::Player(0),
        2,
        "Fight?",
        vec![act("fight"), act("back down")],
    );
    let top: Vec<u32> = b.set_move(b.root(), c1).unwrap().collect();
    let sq = b.add_outcome(Outcome::new("status quo", vec![q(0, 1), q(0, 1)]));
    b.set_outcome(NodeId(top[0]), Some(sq));
    let mid: Vec<u32> = b.set_move(NodeId(top[1]), d1).unwrap().collect();
    let concede = b.add_outcome(Outcome::new("concession", vec![q(1, 1), q(-1, 1)]));
    b.set_outcome(NodeId(mid[0]), Some(concede));
    let low: Vec<u32> = b.set_move(NodeId(mid[1]), c2).unwrap().collect();
    let war = b.add_outcome(Outcome::new("war", vec![q(-1, 2), q(-3, 10)]));
    let back = b.add_outcome(Outcome::new("back down", vec![q(-2, 1), q(1, 2)]));
    b.set_outcome(NodeId(low[0]), Some(war));
    b.set_outcome(NodeId(low[1]), Some(back));
    b.finish()
}

/// Solves the built-in example by backward induction and prints it.
pub fn run_default() -> Result<()> {
    println!("brinkmanship: no arguments, so solving the built-in example game.");
    println!(
        "(The founding-crisis scenario becomes the default once the crisis language lands.)\n"
    );
    let game = Game::Extensive(crisis_example());
    let solutions = brink_nash::solve(&game, brink_nash::Method::Spe, false)?;
    print!(
        "{}",
        crate::solve::render(&game, "spe", &solutions, crate::solve::SolveFormat::Text)?
    );
    Ok(())
}
