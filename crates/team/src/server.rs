//! The team schema on the server: migrations, reps as logins, row-level security.

use serde::Serialize;

use crate::{NewRep, TeamError};

/// The team schema version this program brings a database to.
pub const SERVER_SCHEMA_VERSION: i64 = 1;

/// What `init` did.
#[derive(Clone, Debug, Serialize)]
pub struct InitReport {
    pub from_version: i64,
    pub to_version: i64,
}

pub fn init(_admin_url: &str) -> Result<InitReport, TeamError> {
    Err(TeamError::Server("team init is being built".into()))
}

pub fn add_rep(_admin_url: &str, _name: &str, _email: &str, _leader: bool) -> Result<NewRep, TeamError> {
    Err(TeamError::Server("team add-rep is being built".into()))
}

pub fn remove_rep(_admin_url: &str, _email: &str) -> Result<(), TeamError> {
    Err(TeamError::Server("team remove-rep is being built".into()))
}
