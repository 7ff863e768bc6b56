//! The in-memory graph: its saved snapshot and catching up with the changes listed since.
//!
//! One test binary; each module was a binary of its own.

mod graph_catch_up;
mod graph_snapshot;
