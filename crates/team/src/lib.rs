//! The team workspace: a desktop's SQLite file is a working copy of the team's shared data,
//! which lives in PostgreSQL. The desktops talk to PostgreSQL directly; its roles and
//! row-level security decide what each rep reads and writes.
//!
//! - [`server`]: the team schema (ordered migrations), reps as logins, row-level security
//!   (`init`, `add_rep`, `remove_rep`), run with the admin's URL;
//! - [`connect`]: URLs with libpq's `sslmode` values and TLS;
//! - [`sync`]: join, push, pull, leave, status: the merge rules;
//! - [`snapshot`]: snapshots of the team's data that a new, empty desktop starts from;
//! - [`secrets`]: the rep's password in the desktop's secret store;
//! - [`testing`]: a throwaway PostgreSQL cluster for tests and the benchmark.

pub mod connect;
pub mod error;
pub mod secrets;
pub mod server;
pub mod snapshot;
pub mod sync;
pub mod testing;

use chrono::{DateTime, Utc};
use intrograph_engine::model::RepId;
use intrograph_engine::store::Store;
use serde::Serialize;
use uuid::Uuid;

pub use error::TeamError;
pub use secrets::{default_secrets, DesktopSecrets, EnvPassword, MemorySecrets, Secrets};
pub use server::{InitReport, SERVER_SCHEMA_VERSION};

/// A rep's login as `add_rep` made it: hand `url` to the rep.
#[derive(Clone, Debug, Serialize)]
pub struct NewRep {
    pub email: String,
    pub login: String,
    pub password: String,
    pub url: String,
    pub leader: bool,
}

/// What a workspace knows of its team, from local bookkeeping only (works offline).
#[derive(Clone, Debug, Default, Serialize)]
pub struct TeamStatus {
    pub joined: bool,
    /// The server's URL without the password.
    pub server: Option<String>,
    pub login: Option<String>,
    pub rep_id: Option<RepId>,
    pub leader: bool,
    pub last_sync: Option<DateTime<Utc>>,
    pub last_error: Option<String>,
    /// Local changes not pushed yet.
    pub waiting: u64,
    /// Rows pulled, in all.
    pub pulled: u64,
    pub conflicts: Vec<Conflict>,
    /// Each rep's last push the server saw: the "as of" time of their data.
    pub reps_as_of: Vec<(RepId, DateTime<Utc>)>,
}

/// A field written on two desktops while both were offline: `kept` won (the later write),
/// `overwritten` is what the other wrote.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Conflict {
    /// Its number in this desktop's list.
    pub id: i64,
    pub table: String,
    pub row_id: Uuid,
    pub field: String,
    pub kept: serde_json::Value,
    pub overwritten: serde_json::Value,
    pub overwritten_by: String,
    pub at: DateTime<Utc>,
}

/// What one sync did.
#[derive(Clone, Debug, Serialize)]
pub struct SyncReport {
    pub pushed: u64,
    pub pulled: u64,
    pub conflicts: u64,
    pub at: DateTime<Utc>,
}

/// Creates or updates the team schema in the database `admin_url` names. Idempotent.
pub fn init(admin_url: &str) -> Result<InitReport, TeamError> {
    server::init(admin_url, server::SERVER_SCHEMA_VERSION)
}

/// Like [`init`], only up to schema `version`: for tests of a server that an earlier
/// IntroGraph set up, and of bringing it up to date.
#[doc(hidden)]
pub fn init_to_version(admin_url: &str, version: i64) -> Result<InitReport, TeamError> {
    server::init(admin_url, version.clamp(1, server::SERVER_SCHEMA_VERSION))
}

/// Creates a rep's own login with a generated password (`leader`: may read every rep's
/// Referral I.Q. results).
pub fn add_rep(admin_url: &str, name: &str, email: &str, leader: bool) -> Result<NewRep, TeamError> {
    server::add_rep(admin_url, name, email, leader)
}

/// Takes a rep's access away: the login is disabled and its sessions ended.
pub fn remove_rep(admin_url: &str, email: &str) -> Result<(), TeamError> {
    server::remove_rep(admin_url, email)
}

/// Links the workspace to the team at `url`: pushes what it has, pulls the team's.
/// `store` is the sync's own connection to the workspace file.
pub fn join(store: &mut Store, url: &str, secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    sync::join(store, url, secrets)
}

/// Pushes local changes and pulls the team's.
pub fn sync(store: &mut Store, secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    sync::sync(store, secrets)
}

/// Unlinks the workspace from its team; the local data stays.
pub fn leave(store: &mut Store, secrets: &dyn Secrets) -> Result<(), TeamError> {
    sync::leave(store, secrets)
}

/// The team status from local bookkeeping (no network).
pub fn status(store: &Store) -> Result<TeamStatus, TeamError> {
    sync::status(store)
}
