import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import type { IntroRequest, RequestDetail, Stage } from "../lib/bindings";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  listRequests: vi.fn(),
  requestDetail: vi.fn(),
  moveRequest: vi.fn(),
}));

import * as backend from "../lib/backend";
import Introductions from "./Introductions.svelte";
import { introRequest } from "../test-fixtures";

function request(id: string, target: string, stage: Stage): IntroRequest {
  return introRequest({ id, target_id: `t-${id}`, reason: "they buy automation", message: "Hi", stage, target_name: target });
}

const opportunity = request("a", "Priya Raman", "opportunity");
const detail: RequestDetail = {
  request: opportunity,
  history: [
    { id: "h1", request_id: "a", from: null, to: "draft", at: "2026-11-01T10:00:00Z", note: "created" },
  ],
  next_stages: ["won", "lost", "stalled"],
};

describe("Introductions", () => {
  beforeEach(() => {
    vi.mocked(backend.listRequests).mockResolvedValue({
      requests: [opportunity, request("b", "Marcus Webb", "lost")],
      total: 2,
    });
    vi.mocked(backend.requestDetail).mockResolvedValue(detail);
  });

  it("teaches the first step when there are no requests", async () => {
    vi.mocked(backend.listRequests).mockResolvedValue({ requests: [], total: 0 });
    render(Introductions);
    expect((await screen.findByTestId("board-empty")).textContent).toContain("Ask for introduction");
  });

  it("says when the board shows only the most recent requests", async () => {
    vi.mocked(backend.listRequests).mockResolvedValue({ requests: [opportunity], total: 1000000 });
    render(Introductions);
    expect((await screen.findByTestId("board-more")).textContent).toContain("the 1 most recent of 1,000,000 requests");
  });

  it("says nothing of the kind when every request is on the board", async () => {
    render(Introductions);
    await screen.findByTestId("column-opportunity");
    expect(screen.queryByTestId("board-more")).toBeNull();
  });

  it("puts each request in its stage's column", async () => {
    render(Introductions);
    const column = await screen.findByTestId("column-opportunity");
    expect(within(column).getByText("Priya Raman")).toBeTruthy();
    expect(within(screen.getByTestId("column-closed")).getByText("Marcus Webb")).toBeTruthy();
  });

  it("asks for the deal value before moving a request to won", async () => {
    vi.mocked(backend.moveRequest).mockResolvedValue({
      ...detail,
      request: { ...opportunity, stage: "won", deal_value: 48000 },
      next_stages: [],
    });
    render(Introductions);
    await fireEvent.click(await screen.findByText("Priya Raman"));
    const panel = await screen.findByTestId("request-detail");
    await fireEvent.click(within(panel).getByTestId("move-won"));
    expect(vi.mocked(backend.moveRequest)).not.toHaveBeenCalled();
    await fireEvent.input(within(panel).getByTestId("deal-value"), { target: { value: "48,000" } });
    await fireEvent.click(within(panel).getByTestId("confirm-won"));
    await vi.waitFor(() =>
      expect(vi.mocked(backend.moveRequest)).toHaveBeenCalledWith("a", {
        to: "won",
        note: "",
        deal_value: 48000,
        lost_reason: null,
      }),
    );
    expect((await screen.findByTestId("request-value")).textContent).toContain("48,000");
  });

  it("shows a refused move inside the request", async () => {
    vi.mocked(backend.moveRequest).mockRejectedValue({ code: "Invalid", message: "invalid reason: needs the reason" });
    render(Introductions);
    await fireEvent.click(await screen.findByText("Priya Raman"));
    const panel = await screen.findByTestId("request-detail");
    await fireEvent.click(within(panel).getByTestId("move-stalled"));
    expect((await within(panel).findByTestId("request-error")).textContent).toBe("invalid reason: needs the reason");
  });
});
