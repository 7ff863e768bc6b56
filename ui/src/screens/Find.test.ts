import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import type { IntroPath, Suggestions } from "../lib/bindings";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  searchTargets: vi.fn(),
  findPaths: vi.fn(),
  draftAsk: vi.fn(),
  createRequest: vi.fn(),
}));

import * as backend from "../lib/backend";
import Find from "./Find.svelte";

const person = (id: string, name: string) => ({ id, name });
function hop(from: string, to: string, verified: boolean) {
  return {
    from,
    to,
    relationship: `${from}-${to}`,
    kind: "colleague" as const,
    strength: 4,
    verified,
    verified_at: null,
    confirm_they_know_each_other: !verified,
    last_contact: null,
    since: null,
    weight: 0.8,
    shared_employers: [],
    source_factor: null,
    sentence: verified ? "strong, verified colleague" : "casual friend; confirm they know each other",
    teammate: false,
    recorded_by: null,
  };
}
const viaDan: IntroPath = {
  score: 0.76,
  people: [person("me", "Maya Okafor"), person("dan", "Daniel Cho"), person("pri", "Priya Raman")],
  hops: [hop("me", "dan", true), hop("dan", "pri", true)],
  source_factor: null,
  ask_colleague: null,
};
const viaTom: IntroPath = {
  score: 0.2,
  people: [person("me", "Maya Okafor"), person("tom", "Tom Becker"), person("pri", "Priya Raman")],
  hops: [hop("me", "tom", false), hop("tom", "pri", true)],
  source_factor: null,
  ask_colleague: null,
};
const found: Suggestions = {
  target_kind: "person",
  rep: person("me", "Maya Okafor"),
  target: person("pri", "Priya Raman"),
  max_hops: 3,
  paths: [viaDan, viaTom],
};

async function pickPriya() {
  render(Find);
  const input = screen.getByLabelText("Target person or organisation");
  await fireEvent.input(input, { target: { value: "pri" } });
  const option = await screen.findByRole("option", { name: /Priya Raman/ });
  await fireEvent.mouseDown(option);
}

describe("Find an introduction", () => {
  beforeEach(() => {
    vi.mocked(backend.searchTargets).mockResolvedValue([
      { target: { kind: "person", id: "pri" }, name: "Priya Raman", detail: "VP Operations at Northwind" },
    ]);
    vi.mocked(backend.findPaths).mockResolvedValue(found);
    vi.mocked(backend.draftAsk).mockResolvedValue("Hi Daniel, would you introduce me to Priya?");
  });

  it("teaches the first step before a target is chosen", () => {
    render(Find);
    expect(screen.getByText("Pick a target to start.")).toBeTruthy();
  });

  it("ranks the paths, explains each hop and marks ties to confirm", async () => {
    await pickPriya();
    const cards = await screen.findAllByTestId("path-card");
    expect(cards).toHaveLength(2);
    expect(within(cards[0]!).getByText("Ask Daniel Cho")).toBeTruthy();
    expect(within(cards[0]!).queryByTestId("confirm-badge")).toBeNull();
    expect(within(cards[1]!).getByTestId("confirm-badge").textContent).toContain("Confirm they know each other");
    expect(vi.mocked(backend.findPaths)).toHaveBeenCalledWith(
      { kind: "person", id: "pri" },
      { max_hops: 3, k: 5, diverse: true, verified_only: false, exclude: [] },
    );
  });

  it("searches again without a person once they are excluded", async () => {
    await pickPriya();
    await fireEvent.click(await screen.findByRole("button", { name: "Exclude Tom Becker" }));
    await vi.waitFor(() =>
      expect(vi.mocked(backend.findPaths)).toHaveBeenLastCalledWith(
        { kind: "person", id: "pri" },
        expect.objectContaining({ exclude: ["tom"] }),
      ),
    );
  });

  it("drafts the ask and creates the request from the chosen path with the edited message", async () => {
    vi.mocked(backend.createRequest).mockResolvedValue({
      request: { id: "r1", source_name: "Daniel Cho", target_name: "Priya Raman" },
      history: [],
      next_stages: [],
    } as unknown as backend.RequestDetail);
    await pickPriya();
    const [first] = await screen.findAllByTestId("ask-button");
    await fireEvent.click(first!);
    const dialog = await screen.findByRole("dialog");
    await fireEvent.input(within(dialog).getByTestId("ask-reason"), { target: { value: "automation" } });
    const message = within(dialog).getByTestId("ask-message") as HTMLTextAreaElement;
    await vi.waitFor(() => expect(message.value).toContain("Hi Daniel"));
    await fireEvent.input(message, { target: { value: "Dan, could you introduce me to Priya?" } });
    await fireEvent.click(within(dialog).getByTestId("ask-create"));
    await screen.findByTestId("ask-created");
    expect(vi.mocked(backend.createRequest)).toHaveBeenCalledWith({
      path: ["me", "dan", "pri"],
      reason: "automation",
      offer: "",
      message: "Dan, could you introduce me to Priya?",
    });
  });

  it("shows a failed search where it happened", async () => {
    vi.mocked(backend.findPaths).mockRejectedValue({ code: "NotFound", message: "current rep not found" });
    await pickPriya();
    expect((await screen.findByTestId("find-error")).textContent).toBe("current rep not found");
  });
});
