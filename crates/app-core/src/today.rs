//! The today use cases (moving here from the shells).
