//! Referral I.Q.: the current rep takes this quarter's 14 questions; the score, band and
//! advice, the rep's history and the team view.

use intrograph_app_core::iq::{self, IqOverview, IqResult};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::pipeline::iq::TeamView;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn iq_overview(workspace: State<'_, Workspace>) -> Result<IqOverview, CommandError> {
    blocking(workspace, |w| Ok(iq::overview(w)?)).await
}

#[tauri::command]
pub async fn iq_take(workspace: State<'_, Workspace>, answers: Vec<bool>) -> Result<IqResult, CommandError> {
    blocking(workspace, move |w| Ok(iq::take(w, None, &answers)?)).await
}

#[tauri::command]
pub async fn iq_team(
    workspace: State<'_, Workspace>,
    quarter: Option<String>,
) -> Result<TeamView, CommandError> {
    blocking(workspace, move |w| Ok(iq::team_of(w, quarter.as_deref())?)).await
}
