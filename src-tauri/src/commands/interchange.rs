//! Import and export: contact files in (inspected, previewed, then applied with progress),
//! tables out as CSV, the database backed up, its backups listed and restored, a full JSON
//! backup written. Each command calls one function of `intrograph_app_core::interchange`.

use intrograph_app_core::interchange;
use intrograph_app_core::views::interchange::{
    Backups, ExportKind, FileInspection, ImportFormat, ImportFormatInfo, ImportOutcome, ImportPlan,
    RestoreOutcome,
};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::import::Progress;
use tauri::{AppHandle, Emitter, State};

use super::blocking;

// The metrics commands still write their CSV through these (until they move to app-core).
pub use intrograph_app_core::views::interchange::ExportResult;

/// How far a long import has read, sent to the window as the [`PROGRESS_EVENT`] event.
pub const PROGRESS_EVENT: &str = "import-progress";

#[tauri::command]
pub async fn import_formats() -> Result<Vec<ImportFormatInfo>, CommandError> {
    Ok(interchange::formats())
}

#[tauri::command]
pub async fn import_inspect(
    workspace: State<'_, Workspace>,
    format: ImportFormat,
    path: String,
) -> Result<FileInspection, CommandError> {
    blocking(workspace, move |w| Ok(interchange::inspect(w, format, &path)?)).await
}

#[tauri::command]
pub async fn import_saved_mapping(
    workspace: State<'_, Workspace>,
    name: String,
    headers: Vec<String>,
) -> Result<Vec<Option<String>>, CommandError> {
    blocking(workspace, move |w| Ok(interchange::saved_mapping(w, &name, &headers)?)).await
}

/// Sends the import's progress to the window: at most about twenty updates a second, and
/// always the last.
pub(crate) fn progress_events(app: AppHandle) -> impl FnMut(Progress) {
    let mut last: Option<std::time::Instant> = None;
    move |p: Progress| {
        let finished = p.bytes_total.is_some_and(|t| p.bytes_read >= t);
        if finished || last.is_none_or(|l| l.elapsed().as_millis() >= 50) {
            last = Some(std::time::Instant::now());
            let _ = app.emit(PROGRESS_EVENT, p);
        }
    }
}

#[tauri::command]
pub async fn import_preview(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ImportPlan,
) -> Result<ImportOutcome, CommandError> {
    blocking(workspace, move |w| Ok(interchange::import(w, &plan, true, &mut progress_events(app))?)).await
}

#[tauri::command]
pub async fn import_apply(
    app: AppHandle,
    workspace: State<'_, Workspace>,
    plan: ImportPlan,
) -> Result<ImportOutcome, CommandError> {
    blocking(workspace, move |w| Ok(interchange::import(w, &plan, false, &mut progress_events(app))?)).await
}

#[tauri::command]
pub async fn export_csv_file(
    workspace: State<'_, Workspace>,
    kind: ExportKind,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |w| Ok(interchange::export_csv_to(w, kind, &path)?)).await
}

#[tauri::command]
pub async fn backup_list(workspace: State<'_, Workspace>) -> Result<Backups, CommandError> {
    blocking(workspace, |w| Ok(interchange::backups(w)?)).await
}

#[tauri::command]
pub async fn backup_create(workspace: State<'_, Workspace>) -> Result<Backups, CommandError> {
    blocking(workspace, |w| Ok(interchange::backup_now(w)?)).await
}

#[tauri::command]
pub async fn backup_restore(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<RestoreOutcome, CommandError> {
    blocking(workspace, move |w| Ok(interchange::restore(w, &path)?)).await
}

#[tauri::command]
pub async fn recover_from_backup(workspace: State<'_, Workspace>) -> Result<RestoreOutcome, CommandError> {
    blocking(workspace, |w| Ok(interchange::recover(w)?)).await
}

#[tauri::command]
pub async fn backup_json(
    workspace: State<'_, Workspace>,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |w| Ok(interchange::json_backup_to(w, &path)?)).await
}
