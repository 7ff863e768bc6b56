//! The engine's one error type. Every message names what was wrong and where,
//! so the CLI and the app can show it as is.

use std::path::PathBuf;

/// Everything that can go wrong in the engine.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A lookup found nothing.
    #[error("{what} not found: {key}")]
    NotFound { what: &'static str, key: String },

    /// A lookup by name matched more than one record.
    #[error("{query:?} matches {} {what} records: {}; use an id or a more specific name", candidates.len(), candidates.join("; "))]
    Ambiguous { what: &'static str, query: String, candidates: Vec<String> },

    /// A value broke a rule (out of range, empty, malformed).
    #[error("invalid {field}: {reason}")]
    Invalid { field: String, reason: String },

    /// The request contradicts what is stored (duplicate relationship, illegal stage change, ...).
    #[error("{0}")]
    Conflict(String),

    /// A record in an input file was malformed; `location` is e.g. `people.csv, line 14`.
    #[error("{location}: {reason}")]
    Input { location: String, reason: String },

    #[error("database error: {0}")]
    Database(#[from] rusqlite::Error),

    #[error("could not bring the database schema up to date: {0}")]
    Migration(#[from] rusqlite_migration::Error),

    #[error("{}: {source}", path.display())]
    Io { path: PathBuf, source: std::io::Error },

    /// The database file failed its start-up check; the message says how to recover.
    #[error(
        "the database {} is damaged ({problem}); {}",
        path.display(),
        match latest_backup {
            Some(b) => format!("restore its latest backup ({}) with: {restore_command}", b.display()),
            None => format!("no backup of it was found; restore one you have with: {}", restore_command.replace("--latest", "FILE")),
        }
    )]
    Damaged { path: PathBuf, problem: String, latest_backup: Option<PathBuf>, restore_command: String },
}

impl Error {
    pub fn invalid(field: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Invalid { field: field.into(), reason: reason.into() }
    }

    pub fn not_found(what: &'static str, key: impl Into<String>) -> Self {
        Self::NotFound { what, key: key.into() }
    }

    pub fn input(location: impl Into<String>, reason: impl Into<String>) -> Self {
        Self::Input { location: location.into(), reason: reason.into() }
    }

    /// A stable machine-readable code for the boundary (CLI `--json`, the app's IPC).
    pub fn code(&self) -> &'static str {
        match self {
            Self::NotFound { .. } => "NotFound",
            Self::Ambiguous { .. } => "Ambiguous",
            Self::Invalid { .. } => "Invalid",
            Self::Conflict(_) => "Conflict",
            Self::Input { .. } => "InvalidInput",
            Self::Database(_) => "Database",
            Self::Migration(_) => "Migration",
            Self::Io { .. } => "Io",
            Self::Damaged { .. } => "Damaged",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
