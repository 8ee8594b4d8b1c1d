//! The language's static checks: each error names file:line:column, shows the
//! line with a caret, and gives a hint.

use brink_crisis::{compile_at, ErrorKind, Scenario};

fn err(src: &str) -> brink_crisis::Error {
    match Scenario::parse("test.crisis", src) {
        Err(e) => e,
        Ok(s) => match compile_at(&s, None, 10_000) {
            Err(e) => e,
            Ok(_) => panic!("no error for:\n{src}"),
        },
    }
}

const HEAD: &str = "player A \"A\"\nplayer B \"B\"\noutcome x\noutcome y\n";

#[test]
fn undefined_parameter_points_at_it_with_a_suggestion() {
    let src =
        format!("{HEAD}param cost = 1\ngame: A chooses {{\n  l: end x (A: cots)\n  r: end y\n}}\n");
    let e = err(&src);
    assert_eq!(e.kind, ErrorKind::Undefined);
    let loc = e.location.clone().expect("located");
    assert_eq!((loc.line, loc.column), (7, 16));
    let text = e.to_string();
    assert!(text.contains("test.crisis:7:16"), "{text}");
    assert!(text.contains("  l: end x (A: cots)"), "{text}");
    assert!(text.contains("^^^^"), "{text}");
    assert!(text.contains("did you mean `cost`"), "{text}");
}

#[test]
fn probability_outside_the_unit_interval() {
    let src = format!("{HEAD}param q = 1.5\ngame: chance {{\n  l (q): end x\n  r: end y\n}}\n");
    let e = err(&src);
    assert_eq!(e.kind, ErrorKind::Probability);
    assert!(e.message.contains("outside [0, 1]"), "{e}");
    assert_eq!(e.location.unwrap().line, 7);
}

#[test]
fn chance_probabilities_must_sum_to_one() {
    let src = format!("{HEAD}game: chance {{\n  l (0.5): end x\n  r (0.4): end y\n}}\n");
    let e = err(&src);
    assert_eq!(e.kind, ErrorKind::Probability);
    assert!(e.message.contains("sum to 0.9"), "{e}");
    assert!(e.hint.contains("rest"), "{e}");
}

#[test]
fn unreachable_outcome() {
    let src = format!("{HEAD}outcome never\ngame: A chooses {{\n  l: end x\n  r: end y\n}}\n");
    let e = err(&src);
    assert_eq!(e.kind, ErrorKind::Unreachable);
    assert!(e.message.contains("`never`"), "{e}");
    assert_eq!(e.location.unwrap().line, 5);
}

#[test]
fn size_limit_is_checked_before_building() {
    let src = format!(
        "{HEAD}game: repeat r in 1 .. 40 {{\n  A chooses {{\n    l: next\n    r: next\n  }}\n}} then end x\noutcome_unused_guard\n"
    );
    // (the trailing line is a syntax error only if parsing got that far; use a clean file)
    let src = src
        .replace("outcome_unused_guard\n", "")
        .replace("outcome y\n", "");
    let e = err(&src);
    assert_eq!(e.kind, ErrorKind::TooLarge);
    assert!(e.message.contains("more than 10000 nodes"), "{e}");
}

#[test]
fn syntax_errors_say_what_was_expected() {
    let e = err(&format!(
        "{HEAD}game: A chooses {{\n  l end x\n  r: end y\n}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::Syntax);
    assert!(e.message.contains("expected `:`"), "{e}");
    assert_eq!(e.location.unwrap().line, 6);
}

#[test]
fn overrides_are_checked() {
    let s = Scenario::from_library("fearon-risk-return").unwrap();
    let e = s.with_overrides(&[("c_hl".into(), 0.3)]).unwrap_err();
    assert!(e.hint.contains("c_hi"), "{e}");
    let e = s.with_overrides(&[("p".into(), 3.0)]).unwrap_err();
    assert!(e.message.contains("outside its range"), "{e}");
}

#[test]
fn undefined_player_and_unknown_model() {
    let e = err(&format!(
        "{HEAD}game: C chooses {{\n  l: end x\n  r: end y\n}}\n"
    ));
    assert_eq!(e.kind, ErrorKind::Undefined);
    let e = Scenario::load("fearon-risk-retrun").unwrap_err();
    assert!(e.hint.contains("fearon-risk-return"), "{e}");
}

#[test]
fn a_continuous_choice_by_a_typed_player_is_refused_at_its_place() {
    let src = "player A \"A\" { private t ~ normal(0, 1) }\nplayer B \"B\"\noutcome x\n\
               game: A chooses demand in [0, 1] then B chooses {\n  yes: end x (A: demand + t)\n  no: end x\n}\n";
    let e = err(src);
    assert_eq!(e.kind, ErrorKind::Invalid);
    let loc = e.location.clone().expect("located");
    assert_eq!((loc.line, loc.column), (4, 7));
    assert!(e.to_string().contains("grid 41"), "{e}");
}
