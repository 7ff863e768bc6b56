// Words for the undo history.
import type { UndoKind } from "../../lib/bindings";

const KINDS: Record<UndoKind, string> = {
  merge: "Merge",
  delete: "Deletion",
  stage_move: "Stage move",
  import: "Import",
};

export function describeKind(kind: UndoKind): string {
  return KINDS[kind];
}

const when = new Intl.DateTimeFormat(undefined, { dateStyle: "medium", timeStyle: "short" });

/** When an action was done, in the desktop's locale ("Dec 4, 2026, 7:02 PM"). */
export function whenDone(at: string): string {
  const d = new Date(at);
  return Number.isNaN(d.getTime()) ? at : when.format(d);
}
