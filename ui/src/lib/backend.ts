// The one module that talks to the Tauri shell. Components call these functions and never
// `invoke` directly, so tests (and a future web build) can replace the backend in one place.
// Every command answers with a typed value or rejects with a `BackendError`.

import { invoke } from "@tauri-apps/api/core";
import { listen, type UnlistenFn } from "@tauri-apps/api/event";
import { open as openDialog, save as saveDialog } from "@tauri-apps/plugin-dialog";
import type {
  Command,
  AskInput,
  Backups,
  By,
  ChartFormat,
  CommandError,
  Accepted,
  ExchangeFormatInfo,
  ExchangeOutcome,
  ExchangePlan,
  ExportKind,
  ExportResult,
  FileInspection,
  FindOptions,
  FollowUpDays,
  ImportFormatInfo,
  ImportOutcome,
  ImportPlan,
  Progress,
  RestoreOutcome,
  SavedChart,
  IntroRequest,
  IqOverview,
  Listed,
  IqResult,
  MetricsQuery,
  MetricsReport,
  MetricsTable,
  MoveInput,
  Neighbourhood,
  DuplicatesView,
  Dismissed,
  Expansion,
  PeoplePage,
  PeopleSort,
  Person,
  PersonDetail,
  PersonForm,
  PersonId,
  Relationship,
  RelationshipEdit,
  RelationshipId,
  RelationshipKind,
  RepId,
  RequestDetail,
  RequestId,
  SettingsOverview,
  SourceNote,
  Suggestions,
  SuggestionsView,
  Target,
  TargetEntry,
  TargetOption,
  TeamView,
  TeamStatusView,
  TeamAskWarning,
  TodayView,
  Touch,
  TouchForm,
  WeightConstants,
  WorkspaceContents,
  OutsideChange,
  WorkspaceInfo,
  BundleReport,
  CloseForm,
  LapsedView,
  LeadSource,
  OpportunitiesView,
  Opportunity,
  OpportunityForm,
  OpportunityLine,
  UndoEntry,
} from "./bindings";

export type * from "./bindings";

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

/** Runs `work`, turning whatever it rejects with into a `BackendError`. */
async function guarded<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (err) {
    throw toBackendError(err);
  }
}

/**
 * The commands that add an entry to the undo history (a merge, a deletion, a stage move,
 * an import): once one succeeds the window hears `intrograph-undoable`, and the Undo notice
 * ([`UndoNotice`]) offers to take it back.
 */
export const UNDOABLE: readonly Command[] = ["merge_people", "delete_person", "move_intro_request", "import_apply", "exchange_apply", "bundle_import"];

/** The window event said after an undoable command succeeded. */
export const UNDOABLE_EVENT = "intrograph-undoable";

async function call<T>(command: Command, args?: Record<string, unknown>): Promise<T> {
  const value = await guarded(() => invoke<T>(command, args));
  if (UNDOABLE.includes(command) && typeof window !== "undefined") window.dispatchEvent(new CustomEvent(UNDOABLE_EVENT));
  return value;
}

/** The open workspace: its database file, schema version and the app's version. */
export function workspaceInfo(): Promise<WorkspaceInfo> {
  return call<WorkspaceInfo>("workspace_info");
}

// ---------------------------------------------------------------- the rep's daily screens

/** How many people the workspace holds, and whether they are the sample. */
export function workspaceContents(): Promise<WorkspaceContents> {
  return call("workspace_contents");
}

export function loadSample(): Promise<WorkspaceContents> {
  return call("load_sample");
}

export function clearSample(): Promise<WorkspaceContents> {
  return call("clear_sample");
}

/** Makes the user the workspace's rep. */
export function startWorkspace(fullName: string): Promise<WorkspaceContents> {
  return call("start_workspace", { fullName });
}

export function today(): Promise<TodayView> {
  return call("today");
}

export function markTarget(target: Target, on: boolean): Promise<TargetEntry[]> {
  return call("mark_target", { target, on });
}

/** One page of the people list; only that page crosses the boundary. */
export function listPeople(query: string, sort: PeopleSort, offset: number, limit: number): Promise<PeoplePage> {
  return call("list_people", { query, sort, offset, limit });
}

export function getPerson(id: PersonId): Promise<PersonDetail> {
  return call("get_person", { id });
}

/** Adds a person (`id` null) or saves the edits to one. */
export function savePerson(id: PersonId | null, form: PersonForm): Promise<Person> {
  return call("save_person_form", { id, form });
}

/** Merges `other` into `keep`, keeping every relationship, touch and request of both. */
export function mergePeople(keep: PersonId, other: PersonId): Promise<Person> {
  return call("merge_people", { keep, other });
}

export function editRelationship(id: RelationshipId, edit: RelationshipEdit): Promise<Relationship> {
  return call("edit_relationship", { id, edit });
}

export function addRelationship(
  a: PersonId,
  b: PersonId,
  kind: RelationshipKind,
  strength: number,
): Promise<Relationship> {
  return call("add_relationship", { a, b, kind, strength });
}

export function logTouch(person: PersonId, touch: TouchForm): Promise<Touch> {
  return call("log_touch", { person, touch });
}

export function neighbourhood(id: PersonId): Promise<Neighbourhood> {
  return call("neighbourhood", { id });
}

/** The likely duplicates, best first (the first `limit`, with the count). */
export function listDuplicates(limit: number): Promise<DuplicatesView> {
  return call("list_duplicates", { limit });
}

/** Records that two records are two people: the pair is never proposed again. */
export function dismissDuplicate(a: PersonId, b: PersonId): Promise<Dismissed> {
  return call("dismiss_duplicate", { a, b });
}

/** A person's strongest contacts (the current rep's when `id` is null), with the ties to the people already shown. */
export function explorePerson(id: PersonId | null, known: PersonId[], limit: number): Promise<Expansion> {
  return call("explore_person", { id, known, limit });
}

/** People and organisations matching a typed name, for the target typeahead. */
export function searchTargets(query: string): Promise<TargetOption[]> {
  return call("search_targets", { query });
}

export function findPaths(target: Target, options: FindOptions): Promise<Suggestions> {
  return call("find_paths", { target, options });
}

export function draftAsk(source: PersonId, target: PersonId, reason: string, offer: string): Promise<string> {
  return call("draft_ask", { source, target, reason, offer });
}

/** The most recent requests (as many as the board shows) and how many there are in all. */
export function listRequests(): Promise<Listed> {
  return call("list_requests");
}

export function requestDetail(id: RequestId): Promise<RequestDetail> {
  return call("request_detail", { id });
}

/** Colleagues' open requests to the path's target or through its source: warned of before asking. */
export function teamAsks(path: PersonId[]): Promise<TeamAskWarning[]> {
  return call("team_asks", { path });
}

export function createRequest(input: AskInput): Promise<RequestDetail> {
  return call("create_request", { input });
}

export function moveRequest(id: RequestId, input: MoveInput): Promise<RequestDetail> {
  return call("move_intro_request", { id, input });
}

export function setFollowUp(id: RequestId, on: string | null): Promise<RequestDetail> {
  return call("set_request_follow_up", { id, on });
}

export function noteSource(id: RequestId, note: SourceNote): Promise<RequestDetail> {
  return call("note_source", { id, note });
}

// ---------------------------------------------------------------- Referral I.Q., metrics,
// settings, import and export


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

/** Writes one metrics table as CSV to `path`; `by` breaks the funnel down. */
export function metricsExport(query: MetricsQuery, table: MetricsTable, by: By, path: string): Promise<ExportResult> {
  return call<ExportResult>("metrics_export", { query, table, by, path });
}

/** Saves a chart the window drew (the PNG or SVG file's bytes) to `path`. */
export function metricsSaveChart(path: string, format: ChartFormat, data: Uint8Array): Promise<SavedChart> {
  return call<SavedChart>("metrics_save_chart", { path, format, data: Array.from(data) });
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

/** Sets the workspace's currency (an ISO 4217 code); refused codes change nothing. */
export function settingsSetCurrency(currency: string): Promise<SettingsOverview> {
  return call<SettingsOverview>("settings_set_currency", { currency });
}

export function importFormats(): Promise<ImportFormatInfo[]> {
  return call<ImportFormatInfo[]>("import_formats");
}

export function importInspect(format: ImportFormatInfo["format"], path: string): Promise<FileInspection> {
  return call<FileInspection>("import_inspect", { format, path });
}

/** A saved column mapping applied to a file's headers: the field of each header. */
export function importSavedMapping(name: string, headers: string[]): Promise<(string | null)[]> {
  return call<(string | null)[]>("import_saved_mapping", { name, headers });
}

/** The team workspace: server, last sync, changes waiting, rows pulled, conflicts, "as of" times. */
export function teamStatus(): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_status");
}

/** Joins the team at `url` (the URL the admin handed over; its password goes to the desktop's secret store). */
export function teamJoin(url: string): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_join", { url });
}

/** Leaves the team: the local data stays, the password is forgotten. */
export function teamLeave(): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_leave");
}

/** Pushes local changes and pulls the team's now. */
export function teamSyncNow(): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_sync_now");
}

/** Writes a conflict's overwritten value back (the next sync sends it) and takes the conflict off the list. */
export function teamUseOverwritten(id: number): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_use_overwritten", { id });
}

/** Takes conflicts off the list (`ids` absent: all of them); the data stays as it is. */
export function teamDismissConflicts(ids?: number[]): Promise<TeamStatusView> {
  return call<TeamStatusView>("team_dismiss_conflicts", { ids: ids ?? null });
}

/** Calls `then` whenever the background sync starts or ends; resolves to the way to stop. */
export function onTeamStatus(then: (status: TeamStatusView) => void): Promise<UnlistenFn> {
  return listen<TeamStatusView>("team-status", (event) => then(event.payload)).catch(() => () => {});
}

/**
 * Calls `then` whenever the shell says the workspace changed under the window (its file
 * failed the daily check, which runs while the window works); resolves to the way to stop.
 */
export function onWorkspaceChanged(then: () => void): Promise<UnlistenFn> {
  return listen("workspace-changed", () => then()).catch(() => () => {});
}

/**
 * Calls `then` whenever the shell says another program changed the open file (the command
 * line, a second window, a sync, a restore); resolves to the way to stop.
 */
export function onWorkspaceUpdated(then: (change: OutsideChange) => void): Promise<UnlistenFn> {
  return listen<OutsideChange>("workspace-updated", (event) => then(event.payload)).catch(() => () => {});
}

async function withProgress<T>(work: () => Promise<T>, onProgress?: (progress: Progress) => void): Promise<T> {
  let unlisten: UnlistenFn | undefined;
  if (onProgress) {
    try {
      unlisten = await listen<Progress>("import-progress", (event) => onProgress(event.payload));
    } catch {
      unlisten = undefined; // progress is a courtesy; the import itself still runs
    }
  }
  try {
    return await work();
  } finally {
    unlisten?.();
  }
}

/** What the import would do, worked out in full and rolled back: nothing is stored. */
export function importPreview(plan: ImportPlan, onProgress?: (progress: Progress) => void): Promise<ImportOutcome> {
  return withProgress(() => call<ImportOutcome>("import_preview", { plan }), onProgress);
}

/** Applies the import in one transaction; `onProgress` hears how far it has read. */
export function importApply(plan: ImportPlan, onProgress?: (progress: Progress) => void): Promise<ImportOutcome> {
  return withProgress(() => call<ImportOutcome>("import_apply", { plan }), onProgress);
}

/** The exports of the rep's own mail, calendar and LinkedIn messages that can be imported. */
export function exchangeFormats(): Promise<ExchangeFormatInfo[]> {
  return call<ExchangeFormatInfo[]>("exchange_formats");
}

/** What importing the rep's mail, calendar or messages would do, rolled back: nothing is stored. */
export function exchangePreview(plan: ExchangePlan, onProgress?: (progress: Progress) => void): Promise<ExchangeOutcome> {
  return withProgress(() => call<ExchangeOutcome>("exchange_preview", { plan }), onProgress);
}

/** Imports the rep's mail, calendar or messages as touches, one transaction per file. */
export function exchangeApply(plan: ExchangePlan, onProgress?: (progress: Progress) => void): Promise<ExchangeOutcome> {
  return withProgress(() => call<ExchangeOutcome>("exchange_apply", { plan }), onProgress);
}

/** The strengths the rep's touches suggest, and people likely to know each other. */
export function strengthSuggestions(): Promise<SuggestionsView> {
  return call<SuggestionsView>("strength_suggestions");
}

/** Accepts the suggestions of `ids` (one by one), or, without ids, all but strengths set by hand. */
export function acceptSuggestions(ids?: RelationshipId[]): Promise<Accepted> {
  return call<Accepted>("accept_suggestions", { ids: ids ?? null });
}

/** The rep says two people do not know each other: their tie goes and no import proposes it again. */
export function dismissLikelyTie(a: PersonId, b: PersonId): Promise<boolean> {
  return call<boolean>("dismiss_likely_tie", { a, b });
}

/** Sets (or, with null, clears) how often the rep means to be in touch with a person. */
export function setCadence(person: PersonId, days: number | null): Promise<number | null> {
  return call<number | null>("set_cadence", { person, days });
}

export function exportCsv(kind: ExportKind, path: string): Promise<ExportResult> {
  return call<ExportResult>("export_csv_file", { kind, path });
}

/** The database's backups (automatic, manual, before a restore), newest first. */
export function backupList(): Promise<Backups> {
  return call<Backups>("backup_list");
}

/** Backs the database up now, next to the automatic backups. */
export function backupCreate(): Promise<Backups> {
  return call<Backups>("backup_create");
}

/** Replaces the database with a backup file; the database as it was is kept as a backup. */
export function backupRestore(path: string): Promise<RestoreOutcome> {
  return call<RestoreOutcome>("backup_restore", { path });
}

/** Replaces a damaged database with its latest backup (the damaged file is kept) and opens it. */
export function recoverFromBackup(): Promise<RestoreOutcome> {
  return call<RestoreOutcome>("recover_from_backup");
}

/** Writes every record to a JSON file that restores losslessly. */
export function backupJson(path: string): Promise<ExportResult> {
  return call<ExportResult>("backup_json", { path });
}

// ---------------------------------------------------------------- lapsed customers, opportunities

/** The team's lapsed and orphaned customers (no touch for `days`, default 180; rep inactive). */
export function lapsedCustomers(days?: number): Promise<LapsedView> {
  return call<LapsedView>("lapsed_customers", { days: days ?? null });
}

/** Opens a re-engagement opportunity (existing customer) for a lapsed customer. */
export function planReengagement(person: PersonId): Promise<Opportunity> {
  return call<Opportunity>("plan_reengagement", { person });
}

/** Every opportunity (of one lead source, or all), newest first, with the reps. */
export function listOpportunities(source: LeadSource | null): Promise<OpportunitiesView> {
  return call<OpportunitiesView>("list_opportunities", { source });
}

/** Adds an opportunity from another lead source (`id` null), or corrects one. */
export function saveOpportunity(id: string | null, form: OpportunityForm): Promise<OpportunityLine> {
  return call<OpportunityLine>("save_opportunity", { id, form });
}

export function closeOpportunity(id: string, form: CloseForm): Promise<OpportunityLine> {
  return call<OpportunityLine>("close_opportunity", { id, form });
}

/** Removes an opportunity recorded by mistake (never a referral one). */
export function removeOpportunity(id: string): Promise<Opportunity> {
  return call<Opportunity>("remove_opportunity", { id });
}

// ---------------------------------------------------------------- deleting, undo, bundles

/** Deletes a person with their relationships and touches; refused (with the reason) for a rep or a person in a request. */
export function deletePerson(id: PersonId): Promise<Person> {
  return call<Person>("delete_person", { id });
}

/** The undo history: the last 20 merges, deletions, stage moves and imports, newest first. */
export function undoHistory(): Promise<UndoEntry[]> {
  return call<UndoEntry[]>("undo_history");
}

/** Undoes an entry (default: the newest not undone); refused, changing nothing, when a later change is in the way. */
export function undoAction(id: number | null): Promise<UndoEntry> {
  return call<UndoEntry>("undo_action", { id });
}

/** Writes the whole workspace to a team bundle file. */
export function bundleExport(path: string): Promise<ExportResult> {
  return call<ExportResult>("bundle_export", { path });
}

/** What merging a bundle file in would do; nothing is stored. */
export function bundlePreview(path: string): Promise<BundleReport> {
  return call<BundleReport>("bundle_preview", { path });
}

/** Merges a bundle file in (by id; the later modification wins a conflict). Undoable. */
export function bundleImport(path: string): Promise<BundleReport> {
  return call<BundleReport>("bundle_import", { path });
}

// ---------------------------------------------------------------- choosing files

/** A kind of file a dialog offers, e.g. `{ name: "CSV", extensions: ["csv"] }`. */
export interface FileKind {
  name: string;
  extensions: string[];
}

/** The desktop's open dialog; the chosen file's path, or null when the user cancelled. */
export async function chooseFileToOpen(title: string, kinds: FileKind[], near?: string): Promise<string | null> {
  const chosen = await guarded(() =>
    openDialog({ title, filters: kinds, multiple: false, directory: false, defaultPath: near || undefined }),
  );
  return typeof chosen === "string" ? chosen : null;
}

/** The desktop's save dialog; the path to write, or null when the user cancelled. */
export async function chooseFileToSave(title: string, kinds: FileKind[], suggested?: string): Promise<string | null> {
  return (await guarded(() => saveDialog({ title, filters: kinds, defaultPath: suggested || undefined }))) ?? null;
}
