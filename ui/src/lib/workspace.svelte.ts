// The open workspace as the window sees it, loaded once at start-up and shared by the frame,
// the status bar and the screens.

import { BackendError, workspaceInfo, toBackendError, type WorkspaceInfo } from "./backend";

export type WorkspaceState =
  | { status: "loading" }
  | { status: "ready"; info: WorkspaceInfo }
  | { status: "error"; error: BackendError };

export const workspace: { current: WorkspaceState } = $state({ current: { status: "loading" } });

/** Asks the shell for the workspace; a failure is kept to be shown, never thrown. */
export async function loadWorkspace(): Promise<void> {
  workspace.current = { status: "loading" };
  try {
    workspace.current = { status: "ready", info: await workspaceInfo() };
  } catch (err) {
    workspace.current = { status: "error", error: toBackendError(err) };
  }
}
