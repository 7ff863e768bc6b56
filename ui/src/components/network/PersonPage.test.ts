import { beforeEach, describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import type { IntroRequest, PersonDetail, RelatedPerson } from "../../lib/bindings";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  getPerson: vi.fn(),
  neighbourhood: vi.fn(),
}));

import * as backend from "../../lib/backend";
import PersonPage from "./PersonPage.svelte";
import { introRequest } from "../../test-fixtures";

const at = "2026-01-01 09:00:00+00:00";

function related(i: number): RelatedPerson {
  return {
    relationship: {
      id: `r${i}`,
      a: "hub",
      b: `p${i}`,
      kind: "colleague",
      strength: 5 - (i % 5),
      verified_at: null,
      last_contact: null,
      since: null,
      notes: "",
      source: "",
      owner_rep_id: null,
      visibility: "team",
      created_at: at,
      updated_at: at,
    },
    other: { id: `p${i}`, name: `Contact ${i}` },
  };
}

function request(i: number): IntroRequest {
  return introRequest({
    id: `q${i}`,
    target_id: "hub",
    source_id: `p${i}`,
    path: ["me", `p${i}`, "hub"],
    stage: "asked",
    created_at: at,
    updated_at: at,
    rep_name: "Sam Rivera",
    target_name: "Hub Person",
    source_name: `Contact ${i}`,
  });
}

/** A hub: `ties` relationships and `shown` of `total` requests. */
function hub(ties: number, shown: number, total: number): PersonDetail {
  return {
    person: {
      id: "hub",
      full_name: "Hub Person",
      title: "",
      emails: [],
      phones: [],
      linkedin_url: null,
      tags: [],
      notes: "",
      source: "csv:people.csv",
      created_at: at,
      updated_at: at,
    },
    jobs: [],
    related: Array.from({ length: ties }, (_, i) => related(i)),
    touches: [],
    requests: Array.from({ length: shown }, (_, i) => request(i)),
    requests_total: total,
    is_me: false,
    is_target: false,
    keep_in_touch_days: null,
    touch_months: [],
  };
}

describe("PersonPage", () => {
  beforeEach(() => {
    vi.clearAllMocks();
    vi.mocked(backend.neighbourhood).mockResolvedValue({ nodes: [], edges: [], hidden: 0 });
  });

  it("shows a hub's relationships a hundred at a time, then all", async () => {
    vi.mocked(backend.getPerson).mockResolvedValue(hub(250, 3, 3));
    render(PersonPage, { id: "hub", onopen: () => {}, onchanged: () => {} });
    await screen.findByTestId("person-page");
    expect(screen.getByText("Relationships (250)")).toBeTruthy();
    expect(screen.getAllByTestId("tie-row")).toHaveLength(100);
    const more = screen.getByTestId("ties-more");
    expect(more.textContent).toMatch(/Showing the strongest 100 of 250\./);
    await fireEvent.click(screen.getByRole("button", { name: "Show 100 more" }));
    expect(screen.getAllByTestId("tie-row")).toHaveLength(200);
    expect(screen.getByRole("button", { name: "Show 50 more" })).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Show all" }));
    expect(screen.getAllByTestId("tie-row")).toHaveLength(250);
    expect(screen.queryByTestId("ties-more")).toBeNull();
  });

  it("says how many requests there are when it lists only the most recent", async () => {
    vi.mocked(backend.getPerson).mockResolvedValue(hub(2, 100, 1489));
    render(PersonPage, { id: "hub", onopen: () => {}, onchanged: () => {} });
    await screen.findByTestId("person-page");
    expect(screen.getByText("Introduction requests (1,489)")).toBeTruthy();
    expect(screen.getByTestId("requests-more").textContent).toMatch(/The 100 most recent of 1,489\./);
    expect(screen.queryByTestId("ties-more")).toBeNull();
  });

  it("lists every request without a note when they all fit", async () => {
    vi.mocked(backend.getPerson).mockResolvedValue(hub(2, 3, 3));
    render(PersonPage, { id: "hub", onopen: () => {}, onchanged: () => {} });
    await screen.findByTestId("person-page");
    expect(screen.getByText("Introduction requests (3)")).toBeTruthy();
    expect(screen.queryByTestId("requests-more")).toBeNull();
    expect(screen.getByRole("button", { name: "Hub Person via Contact 2" })).toBeTruthy();
  });
});
