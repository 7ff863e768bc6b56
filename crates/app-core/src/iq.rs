//! The iq use cases (moving here from the shells).
