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
