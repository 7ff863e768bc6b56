import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import ImportExport from "./ImportExport.svelte";
import type { Backups, FileInspection, ImportFormatInfo, ImportOutcome, ImportReport } from "../lib/bindings";

const formats: ImportFormatInfo[] = [
  {
    format: "linkedin",
    label: "LinkedIn connections",
    description: "Connections.csv",
    extensions: ["csv"],
    fields: [],
  },
  {
    format: "csv",
    label: "Contacts CSV",
    description: "Any contacts CSV.",
    extensions: ["csv"],
    fields: [
      { field: "name", label: "Full name", required: false },
      { field: "email", label: "Email", required: false },
      { field: "organisation", label: "Organisation", required: false },
    ],
  },
];

const inspection: FileInspection = {
  path: "/data/sheet.csv",
  format: "csv",
  bytes: 120,
  encoding: "UTF-8",
  headers: ["Who", "E-mail", "Shoe size"],
  mapping: [null, "email", null],
  recognised: null,
  sample: [["Ada Lovelace", "ada@example.com", "38"]],
  saved_mappings: ["Old CRM"],
};

function report(over: Partial<ImportReport> = {}): ImportReport {
  return {
    rows: 2,
    added: 1,
    updated: 1,
    merged: 0,
    unchanged: 0,
    skipped: 0,
    skips: [],
    changes: [],
    relationships_added: 0,
    encoding: "UTF-8",
    notes: [],
    dry_run: false,
    ...over,
  };
}

function outcome(preview: boolean, over: Partial<ImportReport> = {}): ImportOutcome {
  return { file: "sheet.csv", preview, report: report({ dry_run: preview, ...over }), saved_mapping: null, likely_duplicates: [], likely_duplicates_total: 0 };
}

const noBackups: Backups = { folder: "/data/backups", backups: [] };
const workspace = { status: "ready" as const, info: { database: "/data/team.db", schema_version: 4, app_version: "0.1.0", currency: "USD" } };

function chooseFormat(id: string) {
  return fireEvent.click(screen.getByTestId(`import-format-${id}`));
}

describe("Import and export", () => {
  it("maps the columns, previews, then imports with progress and a report", async () => {
    const plans: unknown[] = [];
    mockIPC(
      async (cmd, args) => {
        if (cmd === "import_formats") return formats;
        if (cmd === "backup_list") return noBackups;
        if (cmd === "exchange_formats") return [];
        if (cmd === "strength_suggestions") return { strengths: [], by_hand: 0, likely: [] };
        if (cmd === "import_inspect") return inspection;
        if (cmd === "import_preview") {
          plans.push((args as { plan: unknown }).plan);
          return outcome(true);
        }
        if (cmd === "import_apply") {
          plans.push((args as { plan: unknown }).plan);
          await emit("import-progress", { bytes_read: 60, bytes_total: 120, records: 1 });
          return {
            ...outcome(false, {
              skipped: 1,
              skips: [{ location: "sheet.csv, line 3", reason: "no name" }],
              notes: ['ignored unknown column(s): "Shoe size"'],
            }),
            saved_mapping: "Sheet",
          };
        }
        throw new Error(`unexpected command ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    render(ImportExport, { workspace });

    await screen.findByTestId("import-format-csv");
    await chooseFormat("csv");
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/data/sheet.csv" } });
    await fireEvent.click(screen.getByTestId("import-inspect"));

    expect(await screen.findByTestId("import-mapping-missing")).toHaveProperty("textContent", expect.stringContaining("full name"));
    const preview = screen.getByTestId("import-preview-button") as HTMLButtonElement;
    expect(preview.disabled).toBe(true);
    await fireEvent.change(screen.getByTestId("import-map-0"), { target: { value: "name" } });
    expect(preview.disabled).toBe(false);
    await fireEvent.input(screen.getByTestId("import-save-mapping"), { target: { value: "Sheet" } });
    await fireEvent.click(preview);

    const shown = await screen.findByTestId("import-preview");
    expect(within(shown).getByTestId("import-added").textContent).toBe("1");
    expect(shown.textContent).toContain("Nothing has been stored yet");
    expect(plans[0]).toEqual({
      path: "/data/sheet.csv",
      format: "csv",
      mapping: ["name", "email", null],
      headers: ["Who", "E-mail", "Shoe size"],
      save_mapping_as: "Sheet",
    });

    await fireEvent.click(screen.getByTestId("import-apply"));
    const done = await screen.findByTestId("import-report");
    expect(within(done).getByTestId("import-updated").textContent).toBe("1");
    expect(within(done).getByTestId("import-skipped").textContent).toBe("1");
    expect(within(done).getByTestId("import-skips").textContent).toContain("sheet.csv, line 3: no name");
    expect(done.textContent).toContain("Shoe size");
    expect(done.textContent).toContain("saved as “Sheet”");
  });

  it("previews a LinkedIn export straight after reading it, with the ties it adds", async () => {
    mockIPC((cmd) => {
      if (cmd === "import_formats") return formats;
      if (cmd === "backup_list") return noBackups;
        if (cmd === "exchange_formats") return [];
        if (cmd === "strength_suggestions") return { strengths: [], by_hand: 0, likely: [] };
      if (cmd === "import_inspect") return { ...inspection, format: "linkedin", headers: [], mapping: [], sample: [] };
      if (cmd === "import_preview") return outcome(true, { added: 2, updated: 0, relationships_added: 2 });
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportExport, { workspace });
    await screen.findByTestId("import-format-linkedin");
    await fireEvent.input(screen.getByTestId("import-path"), { target: { value: "/data/Connections.csv" } });
    await fireEvent.click(screen.getByTestId("import-inspect"));
    const shown = await screen.findByTestId("import-preview");
    expect(within(shown).getByTestId("import-added").textContent).toBe("2");
    expect(within(shown).getByTestId("import-relationships").textContent).toContain("2 relationships");
    expect(screen.queryByTestId("import-mapping")).toBeNull();
  });

  it("shows a bad row with its line number where the preview failed", async () => {
    mockIPC((cmd) => {
      if (cmd === "import_formats") return formats;
      if (cmd === "backup_list") return noBackups;
        if (cmd === "exchange_formats") return [];
        if (cmd === "strength_suggestions") return { strengths: [], by_hand: 0, likely: [] };
      if (cmd === "import_inspect") return { ...inspection, mapping: ["name", "email", null] };
      if (cmd === "import_preview") throw { code: "InvalidInput", message: "sheet.csv, line 3: missing name" };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportExport, { workspace });
    await screen.findByTestId("import-format-csv");
    await chooseFormat("csv");
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
      if (cmd === "backup_list") return noBackups;
        if (cmd === "exchange_formats") return [];
        if (cmd === "strength_suggestions") return { strengths: [], by_hand: 0, likely: [] };
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

  it("lists backups, takes one, and restores only after a confirmation", async () => {
    const restored: string[] = [];
    const one = { path: "/data/backups/a.db", taken_at: "2026-11-20T09:00:00+00:00", bytes: 40960, kind: "automatic" };
    mockIPC((cmd, args) => {
      if (cmd === "import_formats") return formats;
      if (cmd === "backup_list") return { folder: "/data/backups", backups: restored.length ? [one] : [] };
      if (cmd === "backup_create") {
        restored.push("created");
        return { folder: "/data/backups", backups: [one] };
      }
      if (cmd === "backup_restore") {
        restored.push((args as { path: string }).path);
        return { restored: one.path, previous_kept_at: "/data/backups/before.db", schema_version: 4 };
      }
      if (cmd === "workspace_info") return workspace.info;
      throw new Error(`unexpected command ${cmd}`);
    });
    render(ImportExport, { workspace });
    expect(await screen.findByText(/No backup yet/)).toBeTruthy();
    await fireEvent.click(screen.getByTestId("backup-now"));
    const list = await screen.findByTestId("backup-list");
    expect(list.textContent).toContain("automatic");
    await fireEvent.click(within(list).getByRole("button", { name: /Restore the backup/ }));
    expect(restored).toEqual(["created"]);
    await fireEvent.click(screen.getByTestId("backup-restore-confirm"));
    expect((await screen.findByTestId("restore-done")).textContent).toContain("/data/backups/before.db");
    expect(restored).toEqual(["created", one.path]);
  });
});
