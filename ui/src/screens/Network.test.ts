import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import type { PeoplePage } from "../lib/bindings";

vi.mock("../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../lib/backend")>()),
  listPeople: vi.fn(),
}));

import * as backend from "../lib/backend";
import Network from "./Network.svelte";

function page(query: string, offset: number, limit: number): PeoplePage {
  const total = query ? 3 : 100_000;
  const rows = Array.from({ length: Math.min(limit, total - offset) }, (_, i) => ({
    id: `p${offset + i}`,
    full_name: `${query || "Person"} ${offset + i}`,
    title: "",
    organisation: null,
    relationships: 1,
    last_touch: null,
  }));
  return { total, offset, rows };
}

// jsdom measures nothing; the list's height binding needs the observer to exist.
globalThis.ResizeObserver ??= class {
  observe() {}
  unobserve() {}
  disconnect() {}
};

describe("Network", () => {
  beforeEach(() => vi.clearAllMocks());

  it("renders only the visible rows of a large network and fetches one page", async () => {
    vi.mocked(backend.listPeople).mockImplementation(async (q, _s, offset, limit) => page(q, offset, limit));
    render(Network);
    await screen.findByText("Person 0");
    expect(screen.getByText(/100,000/)).toBeTruthy();
    expect(screen.getAllByTestId("person-row").length).toBeLessThan(50);
    expect(vi.mocked(backend.listPeople)).toHaveBeenCalledTimes(1);
    expect(vi.mocked(backend.listPeople)).toHaveBeenCalledWith("", "name", 0, 100);
  });

  it("searches as you type through the engine", async () => {
    vi.mocked(backend.listPeople).mockImplementation(async (q, _s, offset, limit) => page(q, offset, limit));
    render(Network);
    await fireEvent.input(screen.getByLabelText("Search people"), { target: { value: "Ann" } });
    await screen.findByText("Ann 2");
    expect(vi.mocked(backend.listPeople)).toHaveBeenLastCalledWith("Ann", "name", 0, 100);
  });

  it("asks once for what was typed in one go, not once per key", async () => {
    vi.mocked(backend.listPeople).mockImplementation(async (q, _s, offset, limit) => page(q, offset, limit));
    render(Network);
    await screen.findByText("Person 0");
    const box = screen.getByLabelText("Search people");
    for (const text of ["A", "An", "Ann"]) await fireEvent.input(box, { target: { value: text } });
    expect(screen.queryByText("Person 0"), "the rows of the old text are gone at once: none can be picked").toBeNull();
    await screen.findByText("Ann 2");
    const asked = vi.mocked(backend.listPeople).mock.calls.map((c) => c[0]);
    expect(asked).toEqual(["", "Ann"]);
  });
});
