import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import type { ExplorerEdge, Expansion, Suggestions } from "../lib/bindings";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  explorePerson: vi.fn(),
  findPaths: vi.fn(),
  searchTargets: vi.fn(),
}));

import * as backend from "../lib/backend";
import { findTarget } from "../lib/find-target.svelte";
import Explorer from "./Explorer.svelte";

const node = (id: string, name: string, degree = 2) => ({ id, name, organisation: "Acme", degree });
const edge = (a: string, b: string, strength: number, verified: boolean): ExplorerEdge => ({
  id: `${a}-${b}`,
  a,
  b,
  strength,
  verified,
  kind: "colleague",
  weight: 0.5,
});

const first: Expansion = {
  centre: node("me", "Sam Rivera", 2),
  nodes: [node("ann", "Ann Lee"), node("bob", "Bob Stone")],
  edges: [edge("me", "ann", 5, true), edge("me", "bob", 2, false)],
  hidden: 0,
};
const second: Expansion = {
  centre: node("ann", "Ann Lee"),
  nodes: [node("me", "Sam Rivera"), node("cat", "Cat Diaz")],
  edges: [edge("ann", "cat", 4, true)],
  hidden: 0,
};

const names = () => screen.getAllByTestId("explorer-person").map((b) => b.textContent);

describe("Explorer", () => {
  beforeEach(() => {
    findTarget.current = null;
    vi.mocked(backend.explorePerson).mockReset().mockResolvedValueOnce(first).mockResolvedValueOnce(second);
    vi.mocked(backend.findPaths).mockReset();
  });

  it("starts from the rep, expands a person with the people shown, and filters", async () => {
    render(Explorer, {});
    await waitFor(() => expect(names()).toEqual(["Ann Lee", "Bob Stone", "Sam Rivera"]));
    expect(backend.explorePerson).toHaveBeenCalledWith(null, [], 150);

    await fireEvent.click(screen.getByText("Ann Lee"));
    await fireEvent.click(screen.getByTestId("explorer-expand"));
    await waitFor(() => expect(names()).toContain("Cat Diaz"));
    expect(vi.mocked(backend.explorePerson).mock.calls[1]![0]).toBe("ann");
    expect(vi.mocked(backend.explorePerson).mock.calls[1]![1].sort()).toEqual(["ann", "bob", "me"]);

    // Strength 4 and up: Bob (a casual tie) leaves; verified only keeps the same here.
    await fireEvent.change(screen.getByTestId("explorer-min-strength"), { target: { value: "4" } });
    await waitFor(() => expect(names()).toEqual(["Ann Lee", "Cat Diaz", "Sam Rivera"]));
    await fireEvent.change(screen.getByTestId("explorer-min-strength"), { target: { value: "1" } });
    await fireEvent.click(screen.getByTestId("explorer-verified"));
    await waitFor(() => expect(names()).toEqual(["Ann Lee", "Cat Diaz", "Sam Rivera"]));
    expect(screen.getByTestId("explorer-canvas").dataset.nodes).toBe("3");
  });

  it("draws the best path to the Find target", async () => {
    const found: Suggestions = {
      target_kind: "person",
      rep: { id: "me", name: "Sam Rivera" },
      target: { id: "tia", name: "Tia Moss" },
      max_hops: 4,
      paths: [
        {
          score: 0.3,
          people: [
            { id: "me", name: "Sam Rivera" },
            { id: "ann", name: "Ann Lee" },
            { id: "tia", name: "Tia Moss" },
          ],
          hops: [],
          source_factor: null,
          ask_colleague: null,
        },
      ],
    };
    vi.mocked(backend.findPaths).mockResolvedValue(found);
    findTarget.current = { target: { kind: "person", id: "tia" } as never, name: "Tia Moss" };
    render(Explorer, {});
    await waitFor(() =>
      expect(screen.getByTestId("explorer-path").textContent).toBe("Best path to Tia Moss: Sam Rivera → Ann Lee → Tia Moss"),
    );
    expect(backend.findPaths).toHaveBeenCalledWith(findTarget.current!.target, expect.objectContaining({ k: 1 }));
    const onPath = screen.getAllByTestId("explorer-person").filter((b) => b.classList.contains("on-path"));
    expect(onPath.map((b) => b.textContent)).toEqual(["Ann Lee", "Sam Rivera", "Tia Moss"]);
  });

  it("lists the first hundred people shown by name and finds the others by typing", async () => {
    const many: Expansion = {
      centre: node("me", "Sam Rivera", 250),
      nodes: Array.from({ length: 250 }, (_, i) => node(`c${i}`, `Contact ${String(i).padStart(3, "0")}`)),
      edges: Array.from({ length: 250 }, (_, i) => edge("me", `c${i}`, 1 + (i % 5), i % 2 === 0)),
      hidden: 0,
    };
    vi.mocked(backend.explorePerson).mockReset().mockResolvedValueOnce(many);
    render(Explorer, {});
    await waitFor(() => expect(screen.getByTestId("explorer-canvas").dataset.nodes).toBe("251"));
    expect(names()).toHaveLength(100);
    expect(names()[0]).toBe("Contact 000");
    expect(names()[99]).toBe("Contact 099");
    expect(screen.getByTestId("explorer-list-more").textContent).toContain("and 151 more");

    await fireEvent.input(screen.getByTestId("explorer-list-filter"), { target: { value: "contact 24" } });
    await waitFor(() => expect(names()).toEqual(Array.from({ length: 10 }, (_, i) => `Contact 24${i}`)));
    expect(screen.queryByTestId("explorer-list-more")).toBeNull();
    await fireEvent.click(screen.getByText("Contact 245"));
    expect(screen.getByTestId("explorer-selected").textContent).toContain("Contact 245");

    await fireEvent.input(screen.getByTestId("explorer-list-filter"), { target: { value: "Nobody" } });
    await waitFor(() => expect(screen.getByText(/No one shown has “Nobody” in their name/)).toBeTruthy());
  });
});
