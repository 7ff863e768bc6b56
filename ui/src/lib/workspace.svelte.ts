// The open workspace as the window sees it, loaded once at start-up and shared by the frame,
// the status bar and the screens.

import { untrack } from "svelte";
import { currency } from "./currency.svelte";
import { time } from "./format";
import { BackendError, workspaceInfo, toBackendError, type OutsideChange, type WorkspaceInfo } from "./backend";

export type WorkspaceState =
  | { status: "loading" }
  | { status: "ready"; info: WorkspaceInfo }
  | { status: "error"; error: BackendError };

export const workspace: { current: WorkspaceState } = $state({ current: { status: "loading" } });

/** Asks the shell for the workspace; a failure is kept to be shown, never thrown. */
export async function loadWorkspace(): Promise<void> {
  workspace.current = { status: "loading" };
  try {
    const info = await workspaceInfo();
    currency.code = info.currency;
    workspace.current = { status: "ready", info };
  } catch (err) {
    workspace.current = { status: "error", error: toBackendError(err) };
  }
}

/**
 * What other programs did to the open file while the window shows it (the command line, a
 * second window, a sync, a restore): `revision` counts their commits, so that each screen
 * reads again what it shows ([`onOutsideChange`]); `notice` is what the status bar says.
 */
export const freshness: { revision: number; notice: string | null } = $state({ revision: 0, notice: null });

/** Takes in the shell's word that another program changed the file. */
export async function outsideChange(change: OutsideChange): Promise<boolean> {
  const at = time(new Date());
  if (change.kind === "updated") {
    freshness.notice = `Updated by another program at ${at}`;
    freshness.revision += 1;
    return false;
  }
  // Replaced (a restore) or closed (deleted): nothing shown before may stay.
  freshness.notice = change.message;
  await loadWorkspace();
  freshness.revision += 1;
  return true;
}

/**
 * Runs `reload` (untracked) each time another program changes the file; call it while a
 * component starts. A screen reloads what it shows, keeping what the user is typing.
 */
export function onOutsideChange(reload: () => void): void {
  $effect(() => {
    if (freshness.revision > 0) untrack(reload);
  });
}
