//! Test support used by some of the crisis solver's test files only (those
//! that need it declare `mod support;`).

pub mod shocks;
