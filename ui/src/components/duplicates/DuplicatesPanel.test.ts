import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import type { DuplicateSide, DuplicatesView, LikelyDuplicate } from "../../lib/bindings";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  listDuplicates: vi.fn(),
  mergePeople: vi.fn(),
  dismissDuplicate: vi.fn(),
}));

import * as backend from "../../lib/backend";
import DuplicatesPanel from "./DuplicatesPanel.svelte";

function side(id: string, name: string, over: Partial<DuplicateSide> = {}): DuplicateSide {
  return { id, name, organisations: ["Acme"], emails: [], phones: [], linkedin_url: null, relationships: 2, rep: false, ...over };
}

function pair(): LikelyDuplicate {
  return {
    keep: side("bob", "Bob Smith", { emails: ["bob@acme.com"], relationships: 5 }),
    other: side("robert", "Robert Smith"),
    score: 0.82,
    likelihood: "likely",
    evidence: [
      { kind: "similar_name_same_organisation", detail: "Bob is short for Robert, both at Acme", against: false },
      { kind: "know_each_other", detail: "a relationship between the two is on record (friend)", against: true },
    ],
  };
}

const view = (pairs: LikelyDuplicate[], dismissed = 0): DuplicatesView => ({ pairs, total: pairs.length, dismissed });

describe("DuplicatesPanel", () => {
  beforeEach(() => {
    vi.mocked(backend.listDuplicates).mockReset().mockResolvedValue(view([pair()]));
    vi.mocked(backend.mergePeople).mockReset().mockResolvedValue({} as never);
    vi.mocked(backend.dismissDuplicate)
      .mockReset()
      .mockResolvedValue({ a_name: "Bob Smith", b_name: "Robert Smith", newly: true });
  });

  it("lists each pair with its likelihood and evidence, counter-evidence marked", async () => {
    render(DuplicatesPanel, {});
    expect(await screen.findByText("Bob is short for Robert, both at Acme")).toBeTruthy();
    expect(screen.getByTestId("duplicate-likelihood").textContent).toBe("Likely");
    expect(screen.getByTestId("duplicates-summary").textContent).toContain("1 pair that may be one person.");
    const against = screen.getByText(/on record/).closest("li")!;
    expect(against.classList.contains("against")).toBe(true);
    expect(screen.getByText(/bob@acme\.com · 5 relationships/)).toBeTruthy();
  });

  it("merges with one click, keeping the proposed record or the other one", async () => {
    const changed = vi.fn();
    render(DuplicatesPanel, { onchanged: changed });
    await fireEvent.click(await screen.findByTestId("duplicate-merge"));
    expect(backend.mergePeople).toHaveBeenCalledWith("bob", "robert");
    await waitFor(() => expect(changed).toHaveBeenCalled());
    expect((await screen.findByTestId("duplicates-notice")).textContent).toBe("Merged Robert Smith into Bob Smith.");

    await fireEvent.click(screen.getByTestId("duplicate-swap"));
    await fireEvent.click(screen.getByTestId("duplicate-merge"));
    expect(backend.mergePeople).toHaveBeenLastCalledWith("robert", "bob");
  });

  it("dismisses a pair and reads the list again", async () => {
    render(DuplicatesPanel, {});
    vi.mocked(backend.listDuplicates).mockResolvedValue(view([], 1));
    await fireEvent.click(await screen.findByTestId("duplicate-dismiss"));
    expect(backend.dismissDuplicate).toHaveBeenCalledWith("bob", "robert");
    await waitFor(() => expect(screen.queryByTestId("duplicate-pair")).toBeNull());
    expect(screen.getByTestId("duplicates-summary").textContent).toContain("No likely duplicates. 1 pair dismissed.");
  });

  it("shows a refusal and keeps the pair", async () => {
    vi.mocked(backend.mergePeople).mockRejectedValue({ code: "Conflict", message: "Bob Smith and Robert Smith are both reps" });
    render(DuplicatesPanel, {});
    await fireEvent.click(await screen.findByTestId("duplicate-merge"));
    expect((await screen.findByTestId("duplicates-error")).textContent).toContain("both reps");
    expect(screen.getByTestId("duplicate-pair")).toBeTruthy();
  });
});
