//! The embedded font: pictures never depend on the fonts of the machine.
//!
//! `assets/DejaVuSans.ttf` is DejaVu Sans (Bitstream Vera licence, a free licence
//! that allows embedding and redistribution; see `assets/DejaVuSans.LICENSE.txt`).

use crate::error::AnalysisError;
use plotters::style::{register_font, FontStyle};
use std::sync::OnceLock;

/// The family name every picture uses; it resolves to the embedded font.
pub const FAMILY: &str = "sans-serif";

static FONT: &[u8] = include_bytes!("../assets/DejaVuSans.ttf");

/// Registers the embedded font with plotters (once per process).
pub fn ensure() -> Result<(), AnalysisError> {
    static DONE: OnceLock<bool> = OnceLock::new();
    let ok = *DONE.get_or_init(|| {
        // Bold and italic fall back to the regular face, which is all we embed.
        register_font(FAMILY, FontStyle::Normal, FONT).is_ok()
    });
    if ok {
        Ok(())
    } else {
        Err(AnalysisError::Plot {
            path: String::new(),
            message: "the embedded font does not load".into(),
        })
    }
}
