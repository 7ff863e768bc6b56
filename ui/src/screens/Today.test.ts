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
      due: [],
      waiting: [],
      asks: [],
      iq_missing: "2026-Q4",
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
});
