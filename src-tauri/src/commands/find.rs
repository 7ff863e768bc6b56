//! Find an introduction: pick a target, see ranked paths, draft the ask.

use intrograph_app_core::views::find::{FindOptions, TargetOption};
use intrograph_app_core::{find, CommandError, Workspace};
use intrograph_engine::model::{PersonId, Target};
use intrograph_engine::suggest::Suggestions;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn search_targets(
    workspace: State<'_, Workspace>,
    query: String,
) -> Result<Vec<TargetOption>, CommandError> {
    blocking(workspace, move |w| Ok(find::search_targets(w, &query)?)).await
}

#[tauri::command]
pub async fn find_paths(
    workspace: State<'_, Workspace>,
    target: Target,
    options: FindOptions,
) -> Result<Suggestions, CommandError> {
    blocking(workspace, move |w| Ok(find::find_paths(w, target, &options)?)).await
}

/// The ask message for `source` to introduce the rep to `target`, from the ask template.
#[tauri::command]
pub async fn draft_ask(
    workspace: State<'_, Workspace>,
    source: PersonId,
    target: PersonId,
    reason: String,
    offer: String,
) -> Result<String, CommandError> {
    blocking(workspace, move |w| Ok(find::draft_ask(w, source, target, &reason, &offer)?)).await
}
