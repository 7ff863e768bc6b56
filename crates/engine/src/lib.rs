//! IntroGraph engine: the referral network, its store, the relationship graph
//! and ranked introduction paths.
//!
//! The engine knows nothing of windows or terminals: the desktop app, the
//! `intrograph` command-line tool and the benchmarks all call it.

pub mod duplicates;
pub mod error;
pub mod export;
pub mod files;
pub mod graph;
pub mod import;
pub mod location;
pub mod model;
pub mod paths;
pub mod pipeline;
pub mod store;
pub mod strength;
pub mod suggest;
pub mod weight;

#[cfg(test)]
mod layering;

pub use error::{Error, Result};
