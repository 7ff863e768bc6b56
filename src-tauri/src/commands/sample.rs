//! The sample workspace and the first step of a real one (`intrograph_app_core::sample`).

use intrograph_app_core::sample;
use intrograph_app_core::views::sample::WorkspaceContents;
use intrograph_app_core::{CommandError, Workspace};
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn workspace_contents(workspace: State<'_, Workspace>) -> Result<WorkspaceContents, CommandError> {
    blocking(workspace, |w| Ok(sample::contents(w)?)).await
}

#[tauri::command]
pub async fn load_sample(workspace: State<'_, Workspace>) -> Result<WorkspaceContents, CommandError> {
    blocking(workspace, |w| Ok(sample::load(w)?)).await
}

#[tauri::command]
pub async fn clear_sample(workspace: State<'_, Workspace>) -> Result<WorkspaceContents, CommandError> {
    blocking(workspace, |w| Ok(sample::clear(w)?)).await
}

#[tauri::command]
pub async fn start_workspace(
    workspace: State<'_, Workspace>,
    full_name: String,
) -> Result<WorkspaceContents, CommandError> {
    blocking(workspace, move |w| Ok(sample::start(w, &full_name)?)).await
}
