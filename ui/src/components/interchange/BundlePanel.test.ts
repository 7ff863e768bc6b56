import { describe, expect, it, vi } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";

vi.mock("../../lib/backend", async (importOriginal) => ({
  ...(await importOriginal<typeof import("../../lib/backend")>()),
  bundleExport: vi.fn(),
  bundlePreview: vi.fn(),
  bundleImport: vi.fn(),
}));

import * as backend from "../../lib/backend";
import BundlePanel from "./BundlePanel.svelte";

const report = {
  added: { people: 3, relationships: 2 },
  updated: { people: 1 },
  unchanged: { organisations: 4 },
  conflicts: [{ table: "people", id: "0192abcd-0000", local_updated_at: null, incoming_updated_at: null, kept: "incoming" as const, reason: "the bundle's change is later" }],
};

describe("BundlePanel", () => {
  it("exports to the suggested file", async () => {
    vi.mocked(backend.bundleExport).mockResolvedValue({ path: "/data/intrograph-bundle.igbundle", rows: 42 });
    render(BundlePanel, { folder: "/data" });
    await fireEvent.click(screen.getByTestId("bundle-export"));
    expect(vi.mocked(backend.bundleExport).mock.calls[0]?.[0]).toMatch(/^\/data\/intrograph-bundle-\d{4}-\d{2}-\d{2}\.igbundle$/);
    expect((await screen.findByTestId("bundle-exported")).textContent).toContain("42 records");
  });

  it("previews a bundle, then merges it in", async () => {
    vi.mocked(backend.bundlePreview).mockResolvedValue(report);
    vi.mocked(backend.bundleImport).mockResolvedValue(report);
    render(BundlePanel, { folder: "/data" });
    await fireEvent.input(screen.getByTestId("bundle-import-path"), { target: { value: "/data/team.json" } });
    await fireEvent.click(screen.getByTestId("bundle-preview"));
    const preview = await screen.findByTestId("bundle-preview-report");
    expect(preview.textContent?.replace(/\s+/g, " ")).toContain("5 would be added, 1 updated, 4 unchanged, 1 conflict");
    expect(screen.getByTestId("bundle-conflicts").textContent).toContain("The bundle's");
    expect(vi.mocked(backend.bundleImport)).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByTestId("bundle-import"));
    expect(vi.mocked(backend.bundleImport)).toHaveBeenCalledWith("/data/team.json");
    expect((await screen.findByTestId("bundle-imported")).textContent?.replace(/\s+/g, " ")).toContain("Merged in: 5 added");
  });
});
