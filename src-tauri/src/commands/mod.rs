//! The commands the window may call. Each is listed in `src-tauri/src/command_list.rs` and
//! granted in `src-tauri/capabilities/`; each parses its input, calls one function of the
//! application layer (`intrograph-app-core`) and returns its result.
//! One module per area; every command runs on a blocking thread (see [`blocking`]), so a
//! graph build or a path search never holds up the window.

pub mod bundles;
pub mod customers;
pub mod duplicates;
pub mod explorer;
pub mod find;
pub mod interchange;
pub mod iq;
pub mod mail;
pub mod metrics;
pub mod network;
pub mod requests;
pub mod sample;
pub mod settings;
pub mod team;
pub mod today;
pub mod undo;
pub mod workspace;

use tauri::State;

use intrograph_app_core::CommandError;
use intrograph_app_core::Workspace;

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
