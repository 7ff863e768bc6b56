import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  lapsedCustomers: vi.fn(),
  planReengagement: vi.fn(),
}));

import * as backend from "../../lib/backend";
import type { LapsedLine } from "../../lib/bindings";
import LapsedCustomers from "./LapsedCustomers.svelte";

function line(name: string, reasons: string[], planned: string | null = null): LapsedLine {
  return {
    customer: {
      person_id: `p-${name}`,
      name,
      rep_id: "r1",
      rep_name: "Ana Diaz",
      rep_active: !reasons.some((r) => r.includes("inactive")),
      last_touch: "2026-01-10",
      days_since: 200,
      lapsed: true,
      orphaned: reasons.some((r) => r.includes("inactive")),
    },
    reasons,
    planned,
  };
}

describe("LapsedCustomers", () => {
  it("lists each customer with the reasons and plans a re-engagement in one click", async () => {
    vi.mocked(backend.lapsedCustomers)
      .mockResolvedValueOnce({
        days: 180,
        today: "2026-12-04",
        customers: [line("Ravi Menon", ["no touch for 200 days", "rep Ana Diaz is inactive"]), line("Lia Ko", ["never touched"], "o1")],
      })
      .mockResolvedValue({
        days: 180,
        today: "2026-12-04",
        customers: [line("Ravi Menon", ["no touch for 200 days", "rep Ana Diaz is inactive"], "o2"), line("Lia Ko", ["never touched"], "o1")],
      });
    vi.mocked(backend.planReengagement).mockResolvedValue({ title: "Re-engage Ravi Menon" } as never);
    render(LapsedCustomers);
    const rows = await screen.findAllByTestId("lapsed-row");
    expect(rows).toHaveLength(2);
    expect(screen.getAllByTestId("lapsed-reason").map((r) => r.textContent)).toEqual([
      "no touch for 200 days",
      "rep Ana Diaz is inactive",
      "never touched",
    ]);
    expect(screen.getAllByTestId("plan-reengagement")).toHaveLength(1);
    await fireEvent.click(screen.getByTestId("plan-reengagement"));
    expect(vi.mocked(backend.planReengagement)).toHaveBeenCalledWith("p-Ravi Menon");
    expect((await screen.findByTestId("lapsed-told")).textContent).toContain("Re-engage Ravi Menon");
    expect(await screen.findAllByTestId("lapsed-planned")).toHaveLength(2);
  });

  it("says so when every client was touched recently", async () => {
    vi.mocked(backend.lapsedCustomers).mockResolvedValue({ days: 180, today: "2026-12-04", customers: [] });
    render(LapsedCustomers);
    expect(await screen.findByText(/No lapsed customers/)).toBeTruthy();
  });
});
