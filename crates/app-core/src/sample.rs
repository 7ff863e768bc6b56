//! The sample use cases (moving here from the shells).
