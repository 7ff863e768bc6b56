import { describe, expect, it, vi } from "vitest";
import { render, screen, waitFor } from "@testing-library/svelte";

vi.mock("./backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("./backend")>()),
  workspaceContents: vi.fn(),
  today: vi.fn(),
  workspaceInfo: vi.fn(),
}));

import * as backend from "./backend";
import Today from "../screens/Today.svelte";
import StatusBar from "../components/StatusBar.svelte";
import { freshness, outsideChange, workspace } from "./workspace.svelte";
import { introRequest } from "../test-fixtures";

const day = {
  today: "2026-11-23",
  rep: { id: "me", name: "Maya Okafor" },
  overdue: [],
  overdue_total: 0,
  due: [],
  due_total: 0,
  waiting: [],
  waiting_total: 0,
  asks: [],
  iq_missing: null,
  keep_in_touch: { due: [], total: 0 },
};

describe("another program's changes", () => {
  it("reload the screen shown and say so in the status bar", async () => {
    vi.mocked(backend.workspaceContents).mockResolvedValue({ people: 3, sample_people: 0, has_rep: true });
    vi.mocked(backend.today)
      .mockResolvedValueOnce(day)
      .mockResolvedValue({ ...day, due: [introRequest({ target_name: "Dana Target" })], due_total: 1 });
    workspace.current = { status: "ready", info: { database: "/tmp/team.db", schema_version: 12, app_version: "0.1.0", currency: "USD" } };
    render(Today);
    render(StatusBar, { workspace: workspace.current });
    expect(await screen.findByText("No follow-up falls due today.")).toBeTruthy();

    expect(await outsideChange({ kind: "updated" })).toBe(false);
    expect(await screen.findByText("Dana Target")).toBeTruthy();
    expect(screen.getByTestId("status-notice").textContent).toMatch(/Updated by another program/);
  });

  it("read the workspace again when its file was replaced underneath", async () => {
    vi.mocked(backend.workspaceInfo).mockResolvedValue({ database: "/tmp/team.db", schema_version: 12, app_version: "0.1.0", currency: "USD" });
    const before = freshness.revision;
    const message = "The database /tmp/team.db was restored from a backup by another program; IntroGraph reopened it.";
    expect(await outsideChange({ kind: "replaced", message })).toBe(true);
    expect(vi.mocked(backend.workspaceInfo)).toHaveBeenCalled();
    await waitFor(() => expect(workspace.current.status).toBe("ready"));
    expect(freshness.revision).toBe(before + 1);
    expect(freshness.notice).toBe(message);
  });
});
