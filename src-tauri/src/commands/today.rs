//! Today: what the rep should do now, and the targets they mark.

use intrograph_app_core::views::today::TodayView;
use intrograph_app_core::{today, CommandError, Workspace};
use intrograph_engine::model::Target;
use intrograph_engine::store::targets::TargetEntry;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn today(workspace: State<'_, Workspace>) -> Result<TodayView, CommandError> {
    blocking(workspace, |w| Ok(today::today_view(w)?)).await
}

#[tauri::command]
pub async fn mark_target(
    workspace: State<'_, Workspace>,
    target: Target,
    on: bool,
) -> Result<Vec<TargetEntry>, CommandError> {
    blocking(workspace, move |w| Ok(today::mark_target(w, target, on)?)).await
}
