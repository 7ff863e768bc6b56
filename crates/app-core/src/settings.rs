//! The settings use cases (moving here from the shells).
