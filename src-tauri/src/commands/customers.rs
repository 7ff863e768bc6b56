//! Lapsed customers and their re-engagement, and opportunities from every lead source
//! (`intrograph_app_core::customers`).

use intrograph_app_core::customers;
use intrograph_app_core::views::customers::{
    CloseForm, LapsedView, OpportunitiesView, OpportunityForm, OpportunityLine,
};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::model::{OpportunityId, PersonId};
use intrograph_engine::pipeline::{LeadSource, Opportunity};
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn lapsed_customers(
    workspace: State<'_, Workspace>,
    days: Option<u32>,
) -> Result<LapsedView, CommandError> {
    blocking(workspace, move |w| Ok(customers::lapsed(w, days)?)).await
}

#[tauri::command]
pub async fn plan_reengagement(
    workspace: State<'_, Workspace>,
    person: PersonId,
) -> Result<Opportunity, CommandError> {
    blocking(workspace, move |w| Ok(customers::plan_reengagement(w, person)?)).await
}

#[tauri::command]
pub async fn list_opportunities(
    workspace: State<'_, Workspace>,
    source: Option<LeadSource>,
) -> Result<OpportunitiesView, CommandError> {
    blocking(workspace, move |w| Ok(customers::opportunities_view(w, source)?)).await
}

#[tauri::command]
pub async fn save_opportunity(
    workspace: State<'_, Workspace>,
    id: Option<OpportunityId>,
    form: OpportunityForm,
) -> Result<OpportunityLine, CommandError> {
    blocking(workspace, move |w| Ok(customers::save_opportunity(w, id, form)?)).await
}

#[tauri::command]
pub async fn close_opportunity(
    workspace: State<'_, Workspace>,
    id: OpportunityId,
    form: CloseForm,
) -> Result<OpportunityLine, CommandError> {
    blocking(workspace, move |w| Ok(customers::close_opportunity(w, id, form)?)).await
}

#[tauri::command]
pub async fn remove_opportunity(
    workspace: State<'_, Workspace>,
    id: OpportunityId,
) -> Result<Opportunity, CommandError> {
    blocking(workspace, move |w| Ok(customers::remove_opportunity(w, id)?)).await
}
