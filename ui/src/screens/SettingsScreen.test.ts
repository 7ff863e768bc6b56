import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import Settings from "./Settings.svelte";
import type { SettingsOverview } from "../lib/bindings";
import { weightProblems } from "../components/settings/weights";

const defaults = { strength_factors: [0.2, 0.4, 0.6, 0.8, 1] as [number, number, number, number, number], unverified_factor: 0.5, recency_half_life_days: 365, recency_floor: 0.3, unknown_contact_factor: 0.5 };

function overview(over: Partial<SettingsOverview> = {}): SettingsOverview {
  return {
    database: "/data/team.db",
    config_file: "/home/ada/.config/intrograph/config.json",
    configured_database: null,
    database_from_env: false,
    reps: [{ rep_id: "r1", person_id: "p1", name: "Ada Lovelace", active: true, asks_per_week: null, current: true }],
    weights: defaults,
    default_weights: defaults,
    weights_customised: false,
    follow_up_days: [{ stage: "asked", days: 3, default_days: 3 }],
    currency: "USD",
    ...over,
  };
}

const workspace = { status: "ready" as const, info: { database: "/data/team.db", schema_version: 3, app_version: "0.1.0", currency: "USD" } };

describe("Settings", () => {
  it("checks weight constants as they are typed and saves valid ones", async () => {
    const saved: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "settings_overview") return overview();
      if (cmd === "settings_save_weights") {
        saved.push((args as { weights: unknown }).weights);
        return overview({ weights: { ...defaults, unverified_factor: 0.25 }, weights_customised: true });
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Settings, { workspace });
    const floor = (await screen.findByTestId("settings-weight-recencyFloor")) as HTMLInputElement;
    await fireEvent.input(floor, { target: { value: "1.5" } });
    expect(screen.getByText("1.5 is not a factor in (0, 1]")).toBeTruthy();
    expect((screen.getByTestId("settings-weights-save") as HTMLButtonElement).disabled).toBe(true);

    await fireEvent.input(floor, { target: { value: "0.3" } });
    await fireEvent.input(screen.getByTestId("settings-weight-unverifiedFactor"), { target: { value: "0.25" } });
    await fireEvent.click(screen.getByTestId("settings-weights-save"));
    expect(await screen.findByTestId("settings-weights-saved")).toBeTruthy();
    expect(saved[0]).toMatchObject({ unverified_factor: 0.25, recency_floor: 0.3 });
    expect((screen.getByTestId("settings-weights-reset") as HTMLButtonElement).disabled).toBe(false);
  });

  it("adds a rep and shows a refused one where it happened", async () => {
    let reps = overview().reps;
    mockIPC((cmd, args) => {
      if (cmd === "settings_overview") return overview({ reps });
      if (cmd === "settings_add_rep") {
        const { name } = args as { name: string };
        if (name === "Ada Lovelace") throw { code: "Conflict", message: "Ada Lovelace is already a rep" };
        reps = [...reps, { rep_id: "r2", person_id: "p2", name, active: true, asks_per_week: null, current: false }];
        return overview({ reps });
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Settings, { workspace });
    const name = (await screen.findByTestId("settings-rep-name")) as HTMLInputElement;
    await fireEvent.input(name, { target: { value: "Grace Hopper" } });
    await fireEvent.click(screen.getByTestId("settings-rep-add"));
    expect(await within(screen.getByTestId("settings-reps")).findByText("Grace Hopper")).toBeTruthy();
    await waitFor(() => expect(name.value).toBe(""));

    await fireEvent.input(name, { target: { value: "Ada Lovelace" } });
    await fireEvent.click(screen.getByTestId("settings-rep-add"));
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("Ada Lovelace is already a rep")).toBeTruthy();
  });

  it("says a new database location takes effect on restart", async () => {
    mockIPC((cmd, args) => {
      if (cmd === "settings_overview") return overview();
      if (cmd === "settings_choose_database") return overview({ configured_database: (args as { path: string }).path });
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Settings, { workspace });
    await fireEvent.click(await screen.findByTestId("settings-database-change"));
    await fireEvent.input(screen.getByTestId("settings-database-path"), { target: { value: "/data/other.db" } });
    await fireEvent.click(screen.getByRole("button", { name: "Use this file" }));
    const pending = await screen.findByTestId("settings-database-pending");
    expect(pending.textContent).toContain("/data/other.db");
    expect(pending.textContent).toContain("Restart");
  });
});

describe("weightProblems", () => {
  it("applies the engine's rules", () => {
    const ok = { strength1: "0.2", strength2: "0.4", strength3: "0.6", strength4: "0.8", strength5: "1", unverifiedFactor: "0.5", recencyHalfLifeDays: "365", recencyFloor: "0.3", unknownContactFactor: "0.5" };
    expect(weightProblems(ok)).toEqual({});
    expect(weightProblems({ ...ok, strength1: "0" })).toEqual({ strength1: "0 is not a factor in (0, 1]" });
    expect(weightProblems({ ...ok, recencyHalfLifeDays: "-3" })).toEqual({ recencyHalfLifeDays: "-3 is not a positive number of days" });
    expect(weightProblems({ ...ok, recencyHalfLifeDays: "900" })).toEqual({});
    expect(weightProblems({ ...ok, recencyFloor: "abc" })).toEqual({ recencyFloor: '"abc" is not a number' });
  });
});
