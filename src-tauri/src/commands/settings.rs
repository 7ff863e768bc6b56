//! Settings: the database location (through the settings file), reps and their goals, the
//! weight constants and the follow-up days per stage. Each edit answers with the whole
//! overview as it is afterwards.

use intrograph_app_core::settings::{self, FollowUpDays, SettingsOverview, WeightConstants};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::RepId;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn settings_overview(workspace: State<'_, Workspace>) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, |w| Ok(settings::overview(w)?)).await
}

#[tauri::command]
pub async fn settings_choose_database(
    workspace: State<'_, Workspace>,
    path: Option<String>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::choose_database(w, path.as_deref())?)).await
}

#[tauri::command]
pub async fn settings_add_rep(
    workspace: State<'_, Workspace>,
    name: String,
    email: Option<String>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::add_rep(w, &name, email.as_deref())?)).await
}

#[tauri::command]
pub async fn settings_set_rep_active(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
    active: bool,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::set_rep_active(w, rep_id, active)?)).await
}

#[tauri::command]
pub async fn settings_use_rep(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::use_rep(w, rep_id)?)).await
}

#[tauri::command]
pub async fn settings_set_goal(
    workspace: State<'_, Workspace>,
    rep_id: RepId,
    asks_per_week: u32,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::set_goal(w, rep_id, asks_per_week)?)).await
}

#[tauri::command]
pub async fn settings_save_weights(
    workspace: State<'_, Workspace>,
    weights: WeightConstants,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::save_weights(w, weights)?)).await
}

#[tauri::command]
pub async fn settings_reset_weights(
    workspace: State<'_, Workspace>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, |w| Ok(settings::reset_weights(w)?)).await
}

#[tauri::command]
pub async fn settings_save_follow_up_days(
    workspace: State<'_, Workspace>,
    days: Vec<FollowUpDays>,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::save_follow_up_days(w, &days)?)).await
}

#[tauri::command]
pub async fn settings_set_currency(
    workspace: State<'_, Workspace>,
    currency: String,
) -> Result<SettingsOverview, CommandError> {
    blocking(workspace, move |w| Ok(settings::save_currency(w, &currency)?)).await
}
