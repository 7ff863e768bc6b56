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

    /// The workspace cannot be used right now (still opening, being replaced, could not be
    /// opened); the message says why and what to do.
    #[error("{0}")]
    Unavailable(String),

    /// An earlier failure left the program unable to go on safely; the message says so.
    #[error("{0}")]
    Internal(String),
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

    /// The same error again, for one kept to be answered more than once (a workspace that
    /// could not be opened answers every command with it). Errors that carry no foreign
    /// source are copied exactly; the others keep their code's meaning through their text.
    pub fn reissue(&self) -> Self {
        match self {
            Self::NotFound { what, key } => Self::NotFound { what, key: key.clone() },
            Self::Ambiguous { what, query, candidates } => {
                Self::Ambiguous { what, query: query.clone(), candidates: candidates.clone() }
            }
            Self::Invalid { field, reason } => Self::invalid(field.clone(), reason.clone()),
            Self::Conflict(m) => Self::Conflict(m.clone()),
            Self::Input { location, reason } => Self::input(location.clone(), reason.clone()),
            Self::Damaged { path, problem, latest_backup, restore_command } => Self::Damaged {
                path: path.clone(),
                problem: problem.clone(),
                latest_backup: latest_backup.clone(),
                restore_command: restore_command.clone(),
            },
            Self::Internal(m) => Self::Internal(m.clone()),
            other => Self::Unavailable(other.to_string()),
        }
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
            Self::Unavailable(_) => "WorkspaceUnavailable",
            Self::Internal(_) => "Internal",
        }
    }
}

pub type Result<T, E = Error> = std::result::Result<T, E>;
