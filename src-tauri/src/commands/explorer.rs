//! The network explorer: one expansion at a time (`intrograph_app_core::explorer`).

use intrograph_app_core::explorer;
use intrograph_app_core::views::explorer::Expansion;
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::PersonId;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn explore_person(
    workspace: State<'_, Workspace>,
    id: Option<PersonId>,
    known: Vec<PersonId>,
    limit: u32,
) -> Result<Expansion, CommandError> {
    blocking(workspace, move |w| Ok(explorer::expand(w, id, &known, limit)?)).await
}
