//! Bad input gets clear errors naming the column, row or option.
mod common;
use brink_estimate::*;
use common::*;

fn run(csv: &str, formula: &str, m: &ModelOptions) -> String {
    let ds = match Dataset::from_csv_bytes(csv.as_bytes(), "input.csv") {
        Ok(d) => d,
        Err(e) => return e.to_string(),
    };
    let f = match Formula::parse(formula) {
        Ok(f) => f,
        Err(e) => return e.to_string(),
    };
    match fit(
        &ds,
        &f,
        m,
        &FitOptions {
            starts: 1,
            ..Default::default()
        },
    ) {
        Ok(_) => panic!("expected an error"),
        Err(e) => e.to_string(),
    }
}

const CSV: &str = "y,x,z,lab\n1,0.5,1,a\n3,-0.2,0,b\n4,1.5,1,a\n1,0.1,0,b\n3,0.7,1,a\n4,-1,0,c\n";

fn m12() -> ModelOptions {
    ModelOptions::new(ModelKind::Egame12)
}

#[test]
fn missing_column_is_named() {
    let e = run(CSV, "y ~ x | 0 | 1 | nope", &m12());
    assert!(e.contains("'nope'") && e.contains("not found"), "{e}");
}

#[test]
fn non_numeric_value_names_column_and_row() {
    let csv = CSV.replace("3,0.7,1,a", "3,abc,1,a");
    let e = run(&csv, "y ~ x | 0 | 1 | z", &m12());
    assert!(
        e.contains("'x'") && e.contains("row 5") && e.contains("abc"),
        "{e}"
    );
}

#[test]
fn unknown_outcome_values_and_levels() {
    let csv = CSV.replace("4,1.5,1,a", "2,1.5,1,a");
    let e = run(&csv, "y ~ x | 0 | 1 | z", &m12());
    assert!(
        e.contains("'y'") && e.contains("row 3") && e.contains("1, 3, 4"),
        "{e}"
    );
    let mut m = m12();
    m.levels = Some(vec!["a".into(), "b".into(), "d".into()]);
    let e = run(CSV, "lab ~ x | 0 | 1 | z", &m);
    assert!(
        e.contains("'lab'") && e.contains("row 6") && e.contains("'c'"),
        "{e}"
    );
    m.levels = Some(vec!["a".into(), "b".into()]);
    let e = run(CSV, "lab ~ x | 0 | 1 | z", &m);
    assert!(e.contains("3 outcomes"), "{e}");
}

#[test]
fn text_outcome_needs_levels_and_lists_labels() {
    let e = run(CSV, "lab ~ x | 0 | 1 | z", &m12());
    assert!(e.contains("--levels") && e.contains("a, b, c"), "{e}");
}

#[test]
fn empty_and_headless_files() {
    assert!(run("", "y ~ x | 0 | 1 | z", &m12()).contains("empty"));
    assert!(run("y,x,z\n", "y ~ x | 0 | 1 | z", &m12()).contains("no data rows"));
    let e = run("y,x\n1,2\n3\n", "y ~ x | 0 | 1 | 1", &m12());
    assert!(e.contains("row 2"), "{e}");
}

#[test]
fn unidentified_specification_is_refused() {
    // A constant in u11, u13 and u14 (Lewis and Schultz 2003).
    let e = run(CSV, "y ~ x | 1 | 1 | z", &m12());
    assert!(
        e.contains("identification") && e.contains("(Intercept)") && e.contains("u11, u13, u14"),
        "{e}"
    );
    let e = run(CSV, "y ~ x + z - 1 | z | z + x - 1 | 1", &m12());
    assert!(e.contains("'z'"), "{e}");
}

#[test]
fn bad_specifications() {
    let e = run(CSV, "y ~ x | 0 | 1", &m12());
    assert!(e.contains("needs 4 right-hand parts"), "{e}");
    let mut m = m12();
    m.errors = ErrorKind::Private;
    m.link = Link::Logit;
    assert!(run(CSV, "y ~ x | 0 | 1 | z", &m).contains("probit"));
    let mut u = ModelOptions::new(ModelKind::Ultimatum);
    assert!(run(CSV, "y + z ~ x | 1", &u).contains("--max-offer"));
    u.max_offer = Some(2.0);
    let e = run(CSV, "y + z ~ x | 1", &u);
    assert!(e.contains("offer 3 outside"), "{e}");
    let mut f = m12();
    f.fixed = vec![("u99".into(), 1.0)];
    assert!(run(CSV, "y ~ x | 0 | 1 | z", &f).contains("u99"));
    assert!(run(CSV, "y ~ x +", &m12()).contains("formula"));
}

#[test]
fn missing_values_are_dropped_and_counted() {
    let ds = data("war1800.csv");
    let mut text = std::fs::read_to_string(format!(
        "{}/tests/data/war1800.csv",
        env!("CARGO_MANIFEST_DIR")
    ))
    .unwrap();
    // Blank out the balanc cell of two rows, and an unused cell of a third.
    let mut lines: Vec<String> = text.lines().map(String::from).collect();
    let bal = lines[0].split(',').position(|c| c == "balanc").unwrap();
    let dist = lines[0].split(',').position(|c| c == "distance").unwrap();
    for (row, col) in [(3usize, bal), (10, bal), (20, dist)] {
        let mut cells: Vec<&str> = lines[row].split(',').collect();
        cells[col] = "";
        lines[row] = cells.join(",");
    }
    text = lines.join("\n");
    let ds2 = Dataset::from_csv_bytes(text.as_bytes(), "t").unwrap();
    let f = Formula::parse(WAR_FORMULA).unwrap();
    let m = opts(ModelKind::Egame12, ErrorKind::Private, Link::Probit);
    let (_, info) = build_problem(&ds2, &f, &m).unwrap();
    assert_eq!(info.dropped, 2);
    let fit2 = fit(&ds2, &f, &m, &FitOptions::default()).unwrap();
    assert_eq!((fit2.n, fit2.dropped), (ds.nrows - 2, 2));
}
