//! The open workspace: the database file and its store, shared by every command.

use std::path::{Path, PathBuf};
use std::sync::{Mutex, MutexGuard};

use intrograph_engine::location;
use intrograph_engine::store::Store;

use crate::error::CommandError;

/// The app's managed state. Opening may have failed; then every command answers with the
/// start-up error so the window can show it where the user looks.
pub struct Workspace {
    database: Option<PathBuf>,
    store: Result<Mutex<Store>, CommandError>,
}

impl Workspace {
    /// Opens the database chosen by `INTROGRAPH_DB`, the settings file or the platform default.
    pub fn open_default() -> Self {
        match location::resolve_database(None) {
            Ok(path) => Self::open(&path),
            Err(err) => Self {
                database: None,
                store: Err(CommandError::new(
                    CommandError::WORKSPACE_UNAVAILABLE,
                    format!("could not find the database to open: {err}"),
                )),
            },
        }
    }

    /// Opens (creating if needed) the database at `path`.
    pub fn open(path: &Path) -> Self {
        let store = Store::open(path).map(Mutex::new).map_err(|err| {
            CommandError::new(
                CommandError::WORKSPACE_UNAVAILABLE,
                format!("could not open the database {}: {err}", path.display()),
            )
        });
        Self { database: Some(path.to_path_buf()), store }
    }

    /// The database file, when one was chosen.
    pub fn database(&self) -> Option<&Path> {
        self.database.as_deref()
    }

    /// Locks the store for one command.
    pub fn store(&self) -> Result<MutexGuard<'_, Store>, CommandError> {
        let store = self.store.as_ref().map_err(Clone::clone)?;
        store.lock().map_err(|_| {
            CommandError::new(
                CommandError::INTERNAL,
                "an earlier command failed while using the database; restart IntroGraph",
            )
        })
    }
}
