// The one module that talks to the Tauri shell. Components call these functions and never
// `invoke` directly, so tests (and a future web build) can replace the backend in one place.
// Every command answers with a typed value or rejects with a `BackendError`.

import { invoke } from "@tauri-apps/api/core";
import type {
  AskInput,
  CommandError,
  FindOptions,
  IntroRequest,
  MoveInput,
  Neighbourhood,
  PeoplePage,
  PeopleSort,
  Person,
  PersonDetail,
  PersonForm,
  PersonId,
  Relationship,
  RelationshipId,
  RelationshipKind,
  RequestDetail,
  RequestId,
  SourceNote,
  Suggestions,
  Target,
  TargetEntry,
  TargetOption,
  TieEdit,
  TodayView,
  Touch,
  TouchForm,
  WorkspaceContents,
  WorkspaceInfo,
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

export function editRelationship(id: RelationshipId, edit: TieEdit): Promise<Relationship> {
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

export function listRequests(): Promise<IntroRequest[]> {
  return call("list_requests");
}

export function requestDetail(id: RequestId): Promise<RequestDetail> {
  return call("request_detail", { id });
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
