//! The metrics use cases (moving here from the shells).
