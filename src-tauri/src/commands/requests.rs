//! Introduction requests: create from a chosen path, move through the stages, follow up,
//! thank the source and tell them how it went.

use chrono::NaiveDate;
use intrograph_app_core::views::requests::{AskInput, MoveInput, RequestDetail, SourceNote, TeamAskWarning};
use intrograph_app_core::{requests, CommandError, Workspace};
use intrograph_engine::model::{PersonId, RequestId};
use intrograph_engine::store::requests::Listed;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn list_requests(workspace: State<'_, Workspace>) -> Result<Listed, CommandError> {
    blocking(workspace, |w| Ok(requests::list_board(w)?)).await
}

#[tauri::command]
pub async fn request_detail(
    workspace: State<'_, Workspace>,
    id: RequestId,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| Ok(requests::request_detail(w, id)?)).await
}

/// Colleagues' open requests to the path's target or through its source, shown before asking.
#[tauri::command]
pub async fn team_asks(
    workspace: State<'_, Workspace>,
    path: Vec<PersonId>,
) -> Result<Vec<TeamAskWarning>, CommandError> {
    blocking(workspace, move |w| Ok(requests::team_asks_for_path(w, &path)?)).await
}

#[tauri::command]
pub async fn create_request(
    workspace: State<'_, Workspace>,
    input: AskInput,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| Ok(requests::create_request(w, input)?)).await
}

#[tauri::command]
pub async fn move_intro_request(
    workspace: State<'_, Workspace>,
    id: RequestId,
    input: MoveInput,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| Ok(requests::move_request(w, id, input)?)).await
}

#[tauri::command]
pub async fn set_request_follow_up(
    workspace: State<'_, Workspace>,
    id: RequestId,
    on: Option<NaiveDate>,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| Ok(requests::set_follow_up(w, id, on)?)).await
}

#[tauri::command]
pub async fn note_source(
    workspace: State<'_, Workspace>,
    id: RequestId,
    note: SourceNote,
) -> Result<RequestDetail, CommandError> {
    blocking(workspace, move |w| Ok(requests::note_source(w, id, note, None)?)).await
}
