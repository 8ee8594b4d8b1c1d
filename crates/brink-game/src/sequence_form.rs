//! The sequence form of a two-player extensive game (to be written).
