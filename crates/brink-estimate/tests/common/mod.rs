#![allow(dead_code)]
use brink_estimate::*;

pub fn data(name: &str) -> Dataset {
    let p = format!("{}/tests/data/{name}", env!("CARGO_MANIFEST_DIR"));
    Dataset::from_csv_path(&p).unwrap()
}

pub const WAR_FORMULA: &str = "esc + war ~ peaceyrs + s_wt_re1 - 1 | 1 | balanc - 1 | balanc";

/// Signorino's published estimates (r-strat unit test, via the shared README).
pub const WAR_PUBLISHED: [f64; 6] = [
    0.0123602952198007,
    -0.632558849085763,
    4.59727071473131,
    -7.92385456597843,
    0.825208091153018,
    -1.32959745371046,
];
pub const WAR_PUBLISHED_LL: f64 = -323.42316634;

pub fn opts(kind: ModelKind, errors: ErrorKind, link: Link) -> ModelOptions {
    let mut m = ModelOptions::new(kind);
    m.errors = errors;
    m.link = link;
    m
}
