//! The team crate's one error type: every message says what went wrong and what to do.

/// Everything that can go wrong while setting up or syncing a team workspace.
#[derive(Debug, thiserror::Error)]
pub enum TeamError {
    /// The server refused the login name or password.
    #[error("the team server refused the sign-in for {login}: wrong password or unknown login; ask your admin for a new connection URL and join again")]
    WrongPassword { login: String },

    /// The server could not be reached (down, wrong host or port, no network).
    #[error("the team server {server} cannot be reached ({reason}); your local work is kept and will sync when it is back")]
    Unreachable { server: String, reason: String },

    /// The rep's access was taken away by the admin (`team remove-rep`).
    #[error("your access to the team workspace was revoked by the admin ({login}); your local work is kept; ask the admin to add you again")]
    Revoked { login: String },

    /// The team schema on the server is newer than this program knows.
    #[error("the team database has schema version {server}, but this IntroGraph knows only up to version {program}; update IntroGraph")]
    SchemaTooNew { server: i64, program: i64 },

    /// The server has no team schema yet.
    #[error("the database has no team schema; the admin runs `intrograph team init <ADMIN_URL>` first")]
    NotInitialised,

    /// This workspace has not joined a team.
    #[error("this workspace has not joined a team; join one with `intrograph team join <URL>`")]
    NotJoined,

    /// The URL is malformed or names an unknown option.
    #[error("invalid team server URL: {0}")]
    Url(String),

    /// TLS could not be set up or the server's certificate was refused.
    #[error("TLS: {0}")]
    Tls(String),

    /// The secret store (the desktop keyring) failed.
    #[error("the desktop's secret store failed: {0}")]
    Secrets(String),

    /// A request to the server failed.
    #[error("team server: {0}")]
    Server(String),

    /// The admin asked for something the server state contradicts (a duplicate rep, ...).
    #[error("{0}")]
    Conflict(String),

    /// The local workspace failed.
    #[error(transparent)]
    Local(#[from] intrograph_engine::Error),
}

impl From<TeamError> for intrograph_engine::Error {
    fn from(e: TeamError) -> Self {
        match e {
            TeamError::Local(e) => e,
            TeamError::Unreachable { .. } => intrograph_engine::Error::Unavailable(e.to_string()),
            other => intrograph_engine::Error::Conflict(other.to_string()),
        }
    }
}
