//! The reduced strategic form of an extensive game (to be written).
