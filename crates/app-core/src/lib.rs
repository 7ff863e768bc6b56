//! IntroGraph's application layer: the open workspace and every use case a shell offers.
//!
//! The desktop app (`src-tauri/`) and the command line (`crates/cli/`) are thin shells over
//! this crate: each command parses its input, calls one function here and presents the
//! result. Everything both shells do is written once, here: which workspace is open and
//! when its cached relationship graph is refreshed, finding introductions with the
//! sources' track records, importing and exporting files, a person's page, the sample
//! team, the day's check and backup, metrics and Referral I.Q.
//!
//! Layers depend one way: the engine's model ← store ← pipeline/import ← this crate ←
//! the shells. The objects the window receives are in [`views`], in one casing
//! (snake_case, the engine's, which the command line's `--json` also prints).

pub mod conflicts;
pub mod customers;
pub mod duplicates;
pub mod explorer;
pub mod find;
pub mod interchange;
pub mod iq;
pub mod mail;
pub mod metrics;
pub mod people;
pub mod requests;
pub mod sample;
pub mod settings;
pub mod team;
pub mod today;
pub mod undo;
pub mod views;
pub mod workspace;

pub use views::CommandError;
pub use workspace::Workspace;
