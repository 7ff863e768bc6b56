//! The commands the window may call. Each is declared in `src-tauri/build.rs` and granted in
//! `src-tauri/capabilities/`; each takes the lock, calls the engine and maps the result.
//! One module per area; every command runs on a blocking thread (see [`blocking`]), so a
//! graph build or a path search never holds up the window.

pub mod find;
pub mod interchange;
pub mod iq;
pub mod metrics;
pub mod network;
pub mod requests;
pub mod sample;
pub mod settings;
pub mod today;

use std::path::Path;

use intrograph_engine::model::{PersonId, Rep};
use intrograph_engine::paths::PathPerson;
use intrograph_engine::store::{self, people, Store};
use intrograph_engine::Error;

use serde::Serialize;
use tauri::State;

use crate::error::CommandError;
use crate::workspace::Workspace;

/// Runs `work` on the blocking thread pool with a handle on the workspace.
pub async fn blocking<T: Send + 'static>(
    workspace: State<'_, Workspace>,
    work: impl FnOnce(&Workspace) -> Result<T, CommandError> + Send + 'static,
) -> Result<T, CommandError> {
    let workspace = workspace.inner().clone();
    tauri::async_runtime::spawn_blocking(move || work(&workspace))
        .await
        .map_err(|err| CommandError::new(CommandError::INTERNAL, format!("the command failed: {err}")))?
}

/// The rep the app works for (the current rep of the workspace).
pub fn me(store: &Store) -> Result<Rep, CommandError> {
    Ok(store::current_rep(store.conn())?)
}

/// A person's id and name.
pub fn path_person(store: &Store, id: PersonId) -> Result<PathPerson, CommandError> {
    Ok(PathPerson { id, name: people::name(store.conn(), id)? })
}

/// What the status bar shows about the open workspace.
/// Checks a path the user gave for a file to write: a full path, not a folder, in a folder
/// that exists. `field` names it in errors; `example` is the file name suggested when the
/// path is a folder.
pub fn check_path_to_write(field: &str, path: &Path, example: &str) -> Result<(), CommandError> {
    let shown = path.display();
    if !path.is_absolute() {
        return Err(Error::invalid(
            field,
            format!("{shown} is not a full path; give the whole path, from /"),
        )
        .into());
    }
    if path.is_dir() {
        return Err(Error::invalid(
            field,
            format!("{shown} is a folder; name a file in it, e.g. {}", path.join(example).display()),
        )
        .into());
    }
    if !path.parent().is_some_and(Path::is_dir) {
        return Err(Error::invalid(field, format!("the folder of {shown} does not exist")).into());
    }
    Ok(())
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct WorkspaceInfo {
    /// The database file.
    pub database: String,
    /// The schema version recorded in the file.
    pub schema_version: i64,
    /// The app's version.
    pub app_version: String,
}

impl WorkspaceInfo {
    pub fn of(workspace: &Workspace) -> Result<Self, CommandError> {
        let store = workspace.store()?;
        let database = store.path().or(workspace.database()).map(|p| p.display().to_string());
        Ok(Self {
            database: database.unwrap_or_else(|| ":memory:".into()),
            schema_version: store.schema_version()?,
            app_version: env!("CARGO_PKG_VERSION").into(),
        })
    }
}

#[tauri::command]
pub async fn workspace_info(workspace: State<'_, Workspace>) -> Result<WorkspaceInfo, CommandError> {
    // The first screen asks for this first: the benchmarks time a cold start up to here.
    static PROBED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("INTROGRAPH_STARTUP_PROBE").is_some() {
        PROBED.call_once(|| eprintln!("intrograph: first screen ready"));
    }
    // Waits for the store while it opens, off the async runtime's threads.
    blocking(workspace, WorkspaceInfo::of).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn workspace_info_names_the_file_and_its_schema_version() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("team.db");
        let info = WorkspaceInfo::of(&Workspace::open(&path)).unwrap();
        assert_eq!(info.database, path.display().to_string());
        assert!(info.schema_version >= 1, "{info:?}");
        let json = serde_json::to_value(&info).unwrap();
        assert_eq!(json["schemaVersion"], info.schema_version);
        assert_eq!(json["database"], info.database);
    }

    #[test]
    fn a_database_that_cannot_be_opened_is_reported_with_its_path() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("notes.db");
        std::fs::write(&path, "these are notes, not a database\n".repeat(100)).unwrap();
        let err = WorkspaceInfo::of(&Workspace::open(&path)).unwrap_err();
        assert_eq!(err.code, CommandError::WORKSPACE_UNAVAILABLE);
        assert!(err.message.contains(&path.display().to_string()), "{}", err.message);
    }
}
