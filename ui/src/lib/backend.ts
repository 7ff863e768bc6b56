// The one module that talks to the Tauri shell. Components call these functions and never
// `invoke` directly, so tests (and a future web build) can replace the backend in one place.
// Every command answers with a typed value or rejects with a `BackendError`.

import { invoke } from "@tauri-apps/api/core";
import type { CommandError, WorkspaceInfo } from "./bindings";

export type { CommandError, WorkspaceInfo };

/** A failed command: the shell's `{ code, message }` shape as an `Error`. */
export class BackendError extends Error {
  readonly code: string;

  constructor(code: string, message: string) {
    super(message);
    this.name = "BackendError";
    this.code = code;
  }
}

function isCommandError(value: unknown): value is CommandError {
  return (
    typeof value === "object" &&
    value !== null &&
    typeof (value as CommandError).code === "string" &&
    typeof (value as CommandError).message === "string"
  );
}

/** Turns whatever a rejected `invoke` gave into a `BackendError`. */
export function toBackendError(err: unknown): BackendError {
  if (err instanceof BackendError) return err;
  if (isCommandError(err)) return new BackendError(err.code, err.message);
  if (err instanceof Error) return new BackendError("Unexpected", err.message);
  if (typeof err === "string") return new BackendError("Unexpected", err);
  let shown: string;
  try {
    shown = JSON.stringify(err) ?? String(err);
  } catch {
    shown = String(err);
  }
  return new BackendError("Unexpected", shown);
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (err) {
    throw toBackendError(err);
  }
}

/** The open workspace: its database file, schema version and the app's version. */
export function workspaceInfo(): Promise<WorkspaceInfo> {
  return call<WorkspaceInfo>("workspace_info");
}

// ---------------------------------------------------------------- Referral I.Q., metrics,
// settings, import and export

import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import type {
  BackupOutcome,
  ExportKind,
  ExportResult,
  FileInspection,
  FollowUpDays,
  ImportFormatInfo,
  ImportOutcome,
  ImportPlan,
  ImportProgress,
  IqOverview,
  IqResult,
  MetricsQuery,
  MetricsReport,
  MetricsTable,
  RepId,
  SettingsOverview,
  TeamView,
  WeightConstants,
} from "./bindings";

/** The current rep's Referral I.Q.: this quarter's questions, assessment and history. */
export function iqOverview(): Promise<IqOverview> {
  return call<IqOverview>("iq_overview");
}

/** Records this quarter's 14 answers (question 1 first) for the current rep. */
export function iqTake(answers: boolean[]): Promise<IqResult> {
  return call<IqResult>("iq_take", { answers });
}

/** The team view of a quarter (`2026-Q3`; this quarter when omitted). */
export function iqTeam(quarter?: string): Promise<TeamView> {
  return call<TeamView>("iq_team", { quarter: quarter ?? null });
}

/** Every metrics table for a period and rep. */
export function metricsReport(query: MetricsQuery): Promise<MetricsReport> {
  return call<MetricsReport>("metrics_report", { query });
}

/** Writes one metrics table as CSV to `path`. */
export function metricsExport(query: MetricsQuery, table: MetricsTable, path: string): Promise<ExportResult> {
  return call<ExportResult>("metrics_export", { query, table, path });
}

export function settingsOverview(): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_overview");
}

/** Names the database file for the next start (`null`: the default location). */
export function settingsChooseDatabase(path: string | null): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_choose_database", { path });
}

export function settingsAddRep(name: string, email: string | null): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_add_rep", { name, email });
}

export function settingsSetRepActive(repId: RepId, active: boolean): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_set_rep_active", { repId, active });
}

export function settingsUseRep(repId: RepId): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_use_rep", { repId });
}

export function settingsSetGoal(repId: RepId, asksPerWeek: number): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_set_goal", { repId, asksPerWeek });
}

export function settingsSaveWeights(weights: WeightConstants): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_save_weights", { weights });
}

export function settingsResetWeights(): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_reset_weights");
}

export function settingsSaveFollowUpDays(days: FollowUpDays[]): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_save_follow_up_days", { days });
}

export function importFormats(): Promise<ImportFormatInfo[]> {
  return call<ImportFormatInfo[]>("import_formats");
}

export function importInspect(format: ImportFormatInfo["format"], path: string): Promise<FileInspection> {
  return call<FileInspection>("import_inspect", { format, path });
}

/** What the import would do; nothing is stored. */
export function importPreview(plan: ImportPlan): Promise<ImportOutcome> {
  return call<ImportOutcome>("import_preview", { plan });
}

/** Applies the import in one transaction; `onProgress` hears how far it has read. */
export async function importApply(
  plan: ImportPlan,
  onProgress?: (progress: ImportProgress) => void,
): Promise<ImportOutcome> {
  let unlisten: UnlistenFn | undefined;
  if (onProgress) {
    try {
      unlisten = await listen<ImportProgress>("import-progress", (event) => onProgress(event.payload));
    } catch {
      unlisten = undefined; // progress is a courtesy; the import itself still runs
    }
  }
  try {
    return await call<ImportOutcome>("import_apply", { plan });
  } finally {
    unlisten?.();
  }
}

export function exportCsv(kind: ExportKind, path: string): Promise<ExportResult> {
  return call<ExportResult>("export_csv_file", { kind, path });
}

export function backupExport(path: string): Promise<BackupOutcome> {
  return call<BackupOutcome>("backup_export", { path });
}

export function backupRestore(path: string): Promise<BackupOutcome> {
  return call<BackupOutcome>("backup_restore", { path });
}
