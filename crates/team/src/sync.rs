//! Join, push, pull, leave, status.

use intrograph_engine::store::Store;

use crate::{Secrets, SyncReport, TeamError, TeamStatus};

pub fn join(_store: &mut Store, _url: &str, _secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    Err(TeamError::Server("team join is being built".into()))
}

pub fn sync(_store: &mut Store, _secrets: &dyn Secrets) -> Result<SyncReport, TeamError> {
    Err(TeamError::NotJoined)
}

pub fn leave(_store: &mut Store, _secrets: &dyn Secrets) -> Result<(), TeamError> {
    Err(TeamError::NotJoined)
}

pub fn status(_store: &Store) -> Result<TeamStatus, TeamError> {
    Ok(TeamStatus::default())
}
