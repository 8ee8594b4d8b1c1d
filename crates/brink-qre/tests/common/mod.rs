//! Helpers shared by the integration tests.
pub mod gambit_files;
