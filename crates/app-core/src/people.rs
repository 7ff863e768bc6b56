//! The people use cases (moving here from the shells).
