//! The sample workspace and the first step of a real one (`intrograph_app_core::sample`).

use intrograph_app_core::sample;
use intrograph_app_core::views::sample::WorkspaceContents;
use intrograph_app_core::{CommandError, Workspace};
use tauri::State;

use super::blocking;

/// What the tests of the other commands load (the sample's rules are the application
/// layer's).
#[cfg(test)]
pub use intrograph_app_core::sample::{load, REP_NAME, TWO_HOP_TARGET};

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

/// The TypeScript declarations of the views this module defines: none, they are
/// `intrograph_app_core::views::sample`'s.
#[cfg(test)]
pub fn declarations(_cfg: &ts_rs::Config) -> Vec<String> {
    vec![]
}
