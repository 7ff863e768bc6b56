import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  workspaceContents: vi.fn(),
  loadSample: vi.fn(),
  today: vi.fn(),
}));

import * as backend from "../lib/backend";
import Today from "./Today.svelte";
import { introRequest } from "../test-fixtures";
import { navigation } from "../lib/navigation.svelte";

describe("Today", () => {
  it("offers the sample team on an empty workspace and shows the day once it is loaded", async () => {
    vi.mocked(backend.workspaceContents)
      .mockResolvedValueOnce({ people: 0, sample_people: 0, has_rep: false })
      .mockResolvedValue({ people: 16, sample_people: 16, has_rep: true });
    vi.mocked(backend.loadSample).mockResolvedValue({ people: 16, sample_people: 16, has_rep: true });
    vi.mocked(backend.today).mockResolvedValue({
      today: "2026-11-23",
      rep: { id: "me", name: "Maya Okafor" },
      overdue: [],
      overdue_total: 0,
      due: [],
      due_total: 0,
      waiting: [],
      waiting_total: 0,
      asks: [],
      iq_missing: "2026-Q4",
      keep_in_touch: { due: [], total: 0 },
    });
    render(Today);
    await fireEvent.click(await screen.findByTestId("load-sample"));
    expect(vi.mocked(backend.loadSample)).toHaveBeenCalled();
    expect((await screen.findByTestId("iq-reminder")).textContent).toContain("2026-Q4");
    expect(screen.getByTestId("clear-sample")).toBeTruthy();
    expect(screen.getByText("Nothing overdue. Keep it that way.")).toBeTruthy();
    await fireEvent.click(screen.getByTestId("iq-reminder-take"));
    expect(navigation.current).toBe("referral-iq");
  });

  it("shows the first requests of a long list with the full count, and where to see them all", async () => {
    vi.mocked(backend.workspaceContents).mockResolvedValue({ people: 9, sample_people: 0, has_rep: true });
    const request = (i: number) =>
      introRequest({
        id: `r${i}`,
        target_id: `t${i}`,
        target_name: `Target ${i}`,
        source_id: "s",
        source_name: "Sofia Weber",
        reason: "r",
        stage: "asked",
        next_follow_up: "2026-11-01",
        created_at: "2026-10-01T09:00:00Z",
        updated_at: "2026-10-01T09:00:00Z",
      });
    vi.mocked(backend.today).mockResolvedValue({
      today: "2026-11-23",
      rep: { id: "me", name: "Maya Okafor" },
      overdue: [request(1), request(2)],
      overdue_total: 38841,
      due: [],
      due_total: 0,
      waiting: [request(3)],
      waiting_total: 1,
      asks: [],
      iq_missing: null,
      keep_in_touch: { due: [], total: 0 },
    } as unknown as Awaited<ReturnType<typeof backend.today>>);
    navigation.current = "today";
    render(Today);
    const more = await screen.findByTestId("overdue-list-more");
    expect(more.textContent).toContain("The first 2 of 38,841.");
    expect(screen.getByTestId("overdue-list").querySelectorAll("li")).toHaveLength(2);
    expect(screen.queryByTestId("waiting-list-more")).toBeNull();
    await fireEvent.click(screen.getByText("Open Introductions"));
    expect(navigation.current).toBe("introductions");
  });
});
