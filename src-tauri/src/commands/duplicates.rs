//! Likely duplicates: the list and dismissing a pair (`intrograph_app_core::duplicates`);
//! merging a pair is `network::merge_people`.

use intrograph_app_core::duplicates;
use intrograph_app_core::views::duplicates::{Dismissed, DuplicatesView};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::PersonId;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn list_duplicates(
    workspace: State<'_, Workspace>,
    limit: u32,
) -> Result<DuplicatesView, CommandError> {
    blocking(workspace, move |w| Ok(duplicates::list(w, limit)?)).await
}

#[tauri::command]
pub async fn dismiss_duplicate(
    workspace: State<'_, Workspace>,
    a: PersonId,
    b: PersonId,
) -> Result<Dismissed, CommandError> {
    blocking(workspace, move |w| Ok(duplicates::dismiss(w, a, b)?)).await
}
