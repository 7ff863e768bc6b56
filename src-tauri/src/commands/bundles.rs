//! Team bundles: export, preview an import, import (`intrograph_app_core::interchange`).

use intrograph_app_core::interchange;
use intrograph_app_core::views::interchange::ExportResult;
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::store::bundle::ImportReport;
use tauri::State;

use super::blocking;

#[tauri::command]
pub async fn bundle_export(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |w| Ok(interchange::export_bundle_to(w, &path)?)).await
}

#[tauri::command]
pub async fn bundle_preview(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<ImportReport, CommandError> {
    blocking(workspace, move |w| Ok(interchange::preview_bundle_at(w, &path)?)).await
}

#[tauri::command]
pub async fn bundle_import(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<ImportReport, CommandError> {
    blocking(workspace, move |w| Ok(interchange::import_bundle_at(w, &path)?)).await
}
