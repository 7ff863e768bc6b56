import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  deletePerson: vi.fn(),
}));

import * as backend from "../../lib/backend";
import type { Person } from "../../lib/bindings";
import DeletePerson from "./DeletePerson.svelte";

const ravi = { id: "p1", full_name: "Ravi Menon" } as Person;

describe("DeletePerson", () => {
  it("asks first, then deletes", async () => {
    vi.mocked(backend.deletePerson).mockResolvedValue(ravi);
    const ondeleted = vi.fn();
    render(DeletePerson, { person: ravi, ties: 3, ondeleted });
    await fireEvent.click(screen.getByTestId("delete-person"));
    expect(screen.getByTestId("delete-dialog").textContent).toContain("3 relationships");
    expect(vi.mocked(backend.deletePerson)).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("confirm-delete"));
    expect(vi.mocked(backend.deletePerson)).toHaveBeenCalledWith("p1");
    await vi.waitFor(() => expect(ondeleted).toHaveBeenCalledWith(ravi));
  });

  it("says why a deletion is refused", async () => {
    vi.mocked(backend.deletePerson).mockRejectedValue(
      new backend.BackendError("Conflict", "this person is the target or referral source of an introduction request, whose history must stay"),
    );
    const ondeleted = vi.fn();
    render(DeletePerson, { person: ravi, ties: 1, ondeleted });
    await fireEvent.click(screen.getByTestId("delete-person"));
    await fireEvent.click(screen.getByTestId("confirm-delete"));
    expect((await screen.findByTestId("delete-refused")).textContent).toContain("introduction request");
    expect(ondeleted).not.toHaveBeenCalled();
  });
});
