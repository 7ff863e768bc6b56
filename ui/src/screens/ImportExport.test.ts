import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import ImportExport from "./ImportExport.svelte";
import type { ImportFormatInfo } from "../lib/bindings";

const formats: ImportFormatInfo[] = [
  {
    format: "people_csv",
    label: "People (CSV)",
    description: "One person per row.",
    extensions: ["csv"],
    fields: [
      { field: "name", label: "Full name", required: true },
      { field: "emails", label: "Email", required: false },
      { field: "organisation", label: "Organisation", required: false },
    ],
  },
];

const inspection = {
  path: "/data/sheet.csv",
  format: "people_csv",
  headers: ["Who", "E-mail", "Shoe size"],
  mapping: [null, "emails", null],
  sample: [["Ada Lovelace", "ada@example.com", "38"]],
  rows: 2,
};

const workspace = { status: "ready" as const, info: { database: "/data/team.db", schemaVersion: 3, appVersion: "0.1.0" } };

describe("Import and export", () => {
  it("maps the columns, previews, then imports with progress and a report", async () => {
    const plans: unknown[] = [];
    mockIPC(
      async (cmd, args) => {
        if (cmd === "import_formats") return formats;
        if (cmd === "import_inspect") return inspection;
        if (cmd === "import_preview") {
          plans.push((args as { plan: unknown }).plan);
          return { file: "sheet.csv", rows: 2, added: 1, updated: 1, unchanged: 0, notes: [], preview: true };
        }
        if (cmd === "import_apply") {
          await emit("import-progress", { done: 50, total: 100 });
          return { file: "sheet.csv", rows: 2, added: 1, updated: 1, unchanged: 0, notes: ["ignored unknown column(s): \"Shoe size\""], preview: false };
        }
        throw new Error(`unexpected command ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    render(ImportExport, { workspace });

    await screen.findByTestId("import-format-people_csv");
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/data/sheet.csv" } });
    await fireEvent.click(screen.getByTestId("import-inspect"));

    expect(await screen.findByTestId("import-mapping-missing")).toHaveProperty("textContent", expect.stringContaining("Full name"));
    const preview = screen.getByTestId("import-preview-button") as HTMLButtonElement;
    expect(preview.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId("import-map-0"), { target: { value: "name" } });
    expect(preview.disabled).toBe(false);
    await fireEvent.click(preview);

    const shown = await screen.findByTestId("import-preview");
    expect(within(shown).getByTestId("import-added").textContent).toBe("1");
    expect(shown.textContent).toContain("Nothing has been stored yet");
    expect(plans[0]).toEqual({ path: "/data/sheet.csv", format: "people_csv", mapping: ["name", "emails", null] });

    await fireEvent.click(screen.getByTestId("import-apply"));
    const report = await screen.findByTestId("import-report");
    expect(within(report).getByTestId("import-updated").textContent).toBe("1");
    expect(report.textContent).toContain("Shoe size");
  });

  it("shows a bad row with its line number where the preview failed", async () => {
    mockIPC((cmd) => {
      if (cmd === "import_formats") return formats;
      if (cmd === "import_inspect") return { ...inspection, mapping: ["name", "emails", null] };
      if (cmd === "import_preview") throw { code: "InvalidInput", message: "sheet.csv, line 3: missing name" };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportExport, { workspace });
    await screen.findByTestId("import-format-people_csv");
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/data/sheet.csv" } });
    await fireEvent.click(screen.getByTestId("import-inspect"));
    await fireEvent.click(await screen.findByTestId("import-preview-button"));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("sheet.csv, line 3: missing name")).toBeTruthy();
    expect(screen.queryByTestId("import-apply")).toBeNull();
  });

  it("exports people to a suggested path next to the database", async () => {
    const calls: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "import_formats") return formats;
      if (cmd === "export_csv_file") {
        calls.push(args);
        return { path: (args as { path: string }).path, rows: 12 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportExport, { workspace });
    await fireEvent.click(screen.getByTestId("export-save"));
    expect(await screen.findByTestId("export-saved")).toHaveProperty("textContent", "Saved 12 rows to /data/intrograph-people.csv");
    expect(calls[0]).toEqual({ kind: "people", path: "/data/intrograph-people.csv" });
  });
});
