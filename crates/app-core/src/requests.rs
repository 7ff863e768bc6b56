//! The requests use cases (moving here from the shells).
