//! Relationship strength and last contact from the rep's own mail and calendar: exports
//! previewed then imported with progress, suggested strengths accepted one by one or all,
//! keep-in-touch cadences. Each command calls one function of `intrograph_app_core::mail`.

use intrograph_app_core::mail;
use intrograph_app_core::views::mail::{ExchangeFormatInfo, ExchangeOutcome, ExchangePlan, SuggestionsView};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::{PersonId, RelationshipId};
use intrograph_engine::strength::Accepted;
use tauri::{AppHandle, State};

use super::blocking;
use super::interchange::progress_events;

#[tauri::command]
pub async fn exchange_formats() -> Result<Vec<ExchangeFormatInfo>, CommandError> {
    Ok(mail::formats())
}

#[tauri::command]
pub async fn exchange_preview(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ExchangePlan,
) -> Result<ExchangeOutcome, CommandError> {
    blocking(workspace, move |w| Ok(mail::import(w, &plan, true, &mut progress_events(app))?)).await
}

#[tauri::command]
pub async fn exchange_apply(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ExchangePlan,
) -> Result<ExchangeOutcome, CommandError> {
    blocking(workspace, move |w| Ok(mail::import(w, &plan, false, &mut progress_events(app))?)).await
}

#[tauri::command]
pub async fn strength_suggestions(workspace: State<'_, Workspace>) -> Result<SuggestionsView, CommandError> {
    blocking(workspace, |w| Ok(mail::suggestions(w)?)).await
}

/// `ids`: the relationships whose suggestion to accept; absent: all but strengths set by hand.
#[tauri::command]
pub async fn accept_suggestions(
    workspace: State<'_, Workspace>,
    ids: Option<Vec<RelationshipId>>,
) -> Result<Accepted, CommandError> {
    blocking(workspace, move |w| Ok(mail::accept(w, ids.as_deref())?)).await
}

/// The rep says `a` and `b` do not know each other; true when a tie between them was removed.
#[tauri::command]
pub async fn dismiss_likely_tie(
    workspace: State<'_, Workspace>,
    a: PersonId,
    b: PersonId,
) -> Result<bool, CommandError> {
    blocking(workspace, move |w| Ok(mail::dismiss_likely_tie(w, a, b)?)).await
}

#[tauri::command]
pub async fn set_cadence(
    workspace: State<'_, Workspace>,
    person: PersonId,
    days: Option<u32>,
) -> Result<Option<u32>, CommandError> {
    blocking(workspace, move |w| Ok(mail::set_cadence(w, person, days)?)).await
}
