import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  listOpportunities: vi.fn(),
  saveOpportunity: vi.fn(),
  closeOpportunity: vi.fn(),
  removeOpportunity: vi.fn(),
}));

import * as backend from "../lib/backend";
import type { OpportunitiesView, OpportunityLine } from "../lib/bindings";
import Opportunities from "./Opportunities.svelte";

function line(id: string, title: string, source: OpportunityLine["opportunity"]["lead_source"]): OpportunityLine {
  return {
    opportunity: {
      id,
      rep_id: "r1",
      person_id: null,
      title,
      lead_source: source,
      request_id: source === "referral" ? "q1" : null,
      value: 5000,
      opened_on: "2026-11-02",
      first_meeting_on: null,
      closed_on: null,
      outcome: "open",
      lost_reason: null,
      created_at: "2026-11-02T09:00:00Z",
      updated_at: "2026-11-02T09:00:00Z",
    },
    rep_name: "Maya Okafor",
    contact_name: null,
  };
}

const view: OpportunitiesView = {
  opportunities: [line("o1", "Trade show lead", "event"), line("o2", "Acme via Dana", "referral")],
  reps: [{ rep_id: "r1", person_id: "p1", name: "Maya Okafor", active: true, asks_per_week: null, current: true }],
  sources: ["cold_call", "inbound", "event", "existing_customer", "other"],
};

describe("Opportunities", () => {
  it("lists deals; a referral one follows its request, the others can be corrected, closed and removed", async () => {
    vi.mocked(backend.listOpportunities).mockResolvedValue(view);
    render(Opportunities);
    const rows = await screen.findAllByTestId("opportunity-row");
    expect(rows).toHaveLength(2);
    expect(rows[1]?.textContent).toContain("From its request");
    expect(screen.getAllByTestId("opportunity-edit")).toHaveLength(1);
  });

  it("adds an opportunity and shows the backend's reason when a value is refused", async () => {
    vi.mocked(backend.listOpportunities).mockResolvedValue(view);
    vi.mocked(backend.saveOpportunity)
      .mockRejectedValueOnce(new backend.BackendError("Invalid", "value: -3 is not an amount: give a number of 0 or more"))
      .mockResolvedValue(line("o3", "Cold call Globex", "cold_call"));
    render(Opportunities);
    await fireEvent.click(await screen.findByTestId("add-opportunity"));
    await fireEvent.input(screen.getByTestId("opportunity-title"), { target: { value: "Cold call Globex" } });
    await fireEvent.input(screen.getByTestId("opportunity-value"), { target: { value: "-3" } });
    await fireEvent.click(screen.getByTestId("opportunity-save"));
    expect((await screen.findByTestId("opportunity-error")).textContent).toContain("not an amount");
    await fireEvent.input(screen.getByTestId("opportunity-value"), { target: { value: "12,500" } });
    await fireEvent.click(screen.getByTestId("opportunity-save"));
    const form = vi.mocked(backend.saveOpportunity).mock.calls[1]?.[1];
    expect(form).toMatchObject({ title: "Cold call Globex", lead_source: "cold_call", value: 12500, rep_id: "r1" });
    expect((await screen.findByTestId("opportunity-told")).textContent).toContain("Saved “Cold call Globex”");
  });

  it("closes an opportunity as lost with its reason", async () => {
    vi.mocked(backend.listOpportunities).mockResolvedValue(view);
    vi.mocked(backend.closeOpportunity).mockResolvedValue(line("o1", "Trade show lead", "event"));
    render(Opportunities);
    await fireEvent.click(await screen.findByTestId("opportunity-close"));
    await fireEvent.click(screen.getByTestId("close-lost"));
    await fireEvent.input(screen.getByTestId("close-reason"), { target: { value: "went with a rival" } });
    await fireEvent.click(screen.getByTestId("close-confirm"));
    expect(vi.mocked(backend.closeOpportunity).mock.calls[0]?.[1]).toMatchObject({ outcome: "lost", reason: "went with a rival", value: null });
  });
});
