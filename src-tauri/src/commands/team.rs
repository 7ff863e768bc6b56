//! The team workspace: status, join, leave, sync now, and settling conflicts. The background sync runs apart
//! (started in `lib.rs`), on its own connection to the workspace file.

use intrograph_app_core::team::{TeamStatusView, TeamSync};
use intrograph_app_core::CommandError;
use tauri::State;

/// The team sync of the open workspace file (`None`: the workspace has no file).
pub struct Team(pub Option<TeamSync>);

/// Runs `work` with the team sync on the blocking thread pool (a join or a sync waits on
/// the network; the window never does).
async fn with_team<T: Send + 'static>(
    team: State<'_, Team>,
    work: impl FnOnce(&TeamSync) -> intrograph_engine::Result<T> + Send + 'static,
) -> Result<T, CommandError> {
    let Some(sync) = team.0.clone() else {
        return Err(intrograph_engine::Error::invalid(
            "team",
            "the workspace could not be opened, so it cannot join a team",
        )
        .into());
    };
    tauri::async_runtime::spawn_blocking(move || work(&sync).map_err(CommandError::from))
        .await
        .map_err(|err| CommandError::new(CommandError::INTERNAL, format!("the command failed: {err}")))?
}

#[tauri::command]
pub async fn team_status(team: State<'_, Team>) -> Result<TeamStatusView, CommandError> {
    with_team(team, |t| t.status()).await
}

#[tauri::command]
pub async fn team_join(team: State<'_, Team>, url: String) -> Result<TeamStatusView, CommandError> {
    with_team(team, move |t| t.join(&url)).await
}

#[tauri::command]
pub async fn team_leave(team: State<'_, Team>) -> Result<TeamStatusView, CommandError> {
    with_team(team, |t| t.leave()).await
}

#[tauri::command]
pub async fn team_sync_now(team: State<'_, Team>) -> Result<TeamStatusView, CommandError> {
    with_team(team, |t| t.sync_now()).await
}

/// Conflict `id`'s overwritten value written back (the next sync sends it) and the
/// conflict taken off the list.
#[tauri::command]
pub async fn team_use_overwritten(team: State<'_, Team>, id: i64) -> Result<TeamStatusView, CommandError> {
    with_team(team, move |t| t.use_overwritten(id)).await
}

/// Conflicts taken off the list (`ids` absent: all of them); the data stays.
#[tauri::command]
pub async fn team_dismiss_conflicts(
    team: State<'_, Team>,
    ids: Option<Vec<i64>>,
) -> Result<TeamStatusView, CommandError> {
    with_team(team, move |t| t.dismiss_conflicts(ids)).await
}
