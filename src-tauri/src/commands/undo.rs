//! The undo history and undoing an action (`intrograph_app_core::undo`), and deleting a
//! person (undoable; `intrograph_app_core::people::remove`).

use intrograph_app_core::{people, undo};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::{Person, PersonId};
use intrograph_engine::store::undo::Action;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn undo_history(workspace: State<'_, Workspace>) -> Result<Vec<Action>, CommandError> {
    blocking(workspace, move |w| Ok(undo::history(w)?)).await
}

#[tauri::command]
pub async fn undo_action(workspace: State<'_, Workspace>, id: Option<i64>) -> Result<Action, CommandError> {
    blocking(workspace, move |w| Ok(undo::undo(w, id)?)).await
}

#[tauri::command]
pub async fn delete_person(workspace: State<'_, Workspace>, id: PersonId) -> Result<Person, CommandError> {
    blocking(workspace, move |w| Ok(people::remove(w, id)?)).await
}
