//! Metrics for leaders: the funnel, referral against other lead sources, by rep and by
//! quarter, top referral sources and activity against goals; any table exported as CSV.

use intrograph_app_core::metrics::{self, ChartFormat, MetricsQuery, MetricsReport, SavedChart};
use intrograph_app_core::{CommandError, Workspace};
use intrograph_engine::export::MetricsTable;
use intrograph_engine::pipeline::metrics::By;
use tauri::State;

use super::blocking;
use intrograph_app_core::views::interchange::ExportResult;

#[tauri::command]
pub async fn metrics_report(
    workspace: State<'_, Workspace>,
    query: MetricsQuery,
) -> Result<MetricsReport, CommandError> {
    blocking(workspace, move |w| Ok(metrics::report(w, &query)?)).await
}

/// Writes one metrics table (`by` breaks the funnel down; all by default) to the file
/// the user chose (`.csv` is added when missing), whole or not at all.
#[tauri::command]
pub async fn metrics_export(
    workspace: State<'_, Workspace>,
    query: MetricsQuery,
    table: MetricsTable,
    by: Option<By>,
    path: String,
) -> Result<ExportResult, CommandError> {
    blocking(workspace, move |w| Ok(metrics::export_csv_to(w, &query, table, by.unwrap_or(By::All), &path)?))
        .await
}

/// Writes a chart the window drew (a PNG or SVG file's bytes) to the file the user chose.
#[tauri::command]
pub async fn metrics_save_chart(
    workspace: State<'_, Workspace>,
    path: String,
    format: ChartFormat,
    data: Vec<u8>,
) -> Result<SavedChart, CommandError> {
    blocking(workspace, move |_| Ok(metrics::save_chart(&path, format, &data)?)).await
}
