//! The open workspace, as the status bar and the first screen see it.

use intrograph_app_core::views::WorkspaceInfo;
use intrograph_app_core::{CommandError, Workspace};
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn workspace_info(workspace: State<'_, Workspace>) -> Result<WorkspaceInfo, CommandError> {
    // The first screen asks for this first: the benchmarks time a cold start up to here.
    static PROBED: std::sync::Once = std::sync::Once::new();
    if std::env::var_os("INTROGRAPH_STARTUP_PROBE").is_some() {
        PROBED.call_once(|| eprintln!("intrograph: first screen ready"));
    }
    // Waits for the store while it opens, off the async runtime's threads.
    blocking(workspace, |w| Ok(WorkspaceInfo::of(w)?)).await
}
