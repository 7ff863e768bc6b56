//! The find use cases (moving here from the shells).
