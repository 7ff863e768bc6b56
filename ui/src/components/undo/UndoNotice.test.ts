import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  undoHistory: vi.fn(),
  undoAction: vi.fn(),
}));

import * as backend from "../../lib/backend";
import type { UndoEntry } from "../../lib/bindings";
import { freshness } from "../../lib/workspace.svelte";
import UndoNotice from "./UndoNotice.svelte";

const merge: UndoEntry = { id: 7, at: "2026-12-04T10:00:00.000Z", kind: "merge", summary: "Merged Bob into Robert", changes: 9, undone_at: null };
const old: UndoEntry = { id: 6, at: "2026-12-04T09:00:00.000Z", kind: "import", summary: "Imported contacts.vcf", changes: 40, undone_at: "2026-12-04T09:30:00.000Z" };

describe("UndoNotice", () => {
  it("offers Undo after an undoable action and tells the screens to read again once undone", async () => {
    vi.mocked(backend.undoHistory).mockResolvedValueOnce([merge, old]).mockResolvedValue([{ ...merge, undone_at: "x" }, old]);
    vi.mocked(backend.undoAction).mockResolvedValue({ ...merge, undone_at: "x" });
    render(UndoNotice);
    expect(screen.queryByTestId("undo-notice")).toBeNull();
    window.dispatchEvent(new CustomEvent(backend.UNDOABLE_EVENT));
    expect((await screen.findByTestId("undo-offered")).textContent).toContain("Merged Bob into Robert");
    const revision = freshness.revision;
    await fireEvent.click(screen.getByTestId("undo-button"));
    expect(vi.mocked(backend.undoAction)).toHaveBeenCalledWith(7);
    expect((await screen.findByTestId("undo-told")).textContent).toBe("Undone: Merged Bob into Robert.");
    expect(freshness.revision).toBe(revision + 1);
  });

  it("lists the history and shows why an undo was refused", async () => {
    vi.mocked(backend.undoHistory).mockResolvedValue([merge, old]);
    vi.mocked(backend.undoAction).mockRejectedValue(
      new backend.BackendError("Conflict", 'cannot undo "Merged Bob into Robert": a person it changed was changed again since'),
    );
    render(UndoNotice);
    await fireEvent.click(screen.getByTestId("open-undo-history"));
    const entries = await screen.findAllByTestId("undo-entry");
    expect(entries).toHaveLength(2);
    expect(entries[1]?.textContent).toContain("Undone");
    expect(screen.getAllByTestId("undo-entry-button")).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("undo-entry-button"));
    expect((await screen.findByTestId("undo-history-error")).textContent).toContain("changed again since");
  });
});
