import { beforeEach, describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import TeamSection from "./TeamSection.svelte";
import StatusBar from "../StatusBar.svelte";
import AskDialog from "../find/AskDialog.svelte";
import type { ConflictView, IntroPath, TeamStatusView } from "../../lib/bindings";
import { asOfText, team } from "../../lib/team.svelte";

function status(over: Partial<TeamStatusView> = {}): TeamStatusView {
  return {
    joined: true,
    server: "postgresql://ig_ada@db.example.com/intrograph?sslmode=require",
    login: "ig_ada",
    leader: false,
    last_sync: "2026-12-04T14:02:00Z",
    waiting: 0,
    pulled: 120,
    conflicts: [],
    state: "synced",
    bar: "Synced 14:02",
    error: null,
    reps_as_of: [
      { rep_id: "r1", name: "Ada Lovelace", me: true, as_of: null },
      { rep_id: "r2", name: "Dana Whitfield", me: false, as_of: "2026-12-04T13:58:00Z" },
    ],
    ...over,
  };
}

function conflict(over: Partial<ConflictView> = {}): ConflictView {
  return {
    id: 7,
    table: "people",
    row_id: "p9",
    field: "title",
    record_kind: "Person",
    record: "Priya Natarajan",
    field_label: "Title",
    kept: '"CFO"',
    overwritten: '"VP Finance"',
    kept_text: "CFO",
    overwritten_text: "VP Finance",
    overwritten_by: "Dana Whitfield",
    by: "Dana Whitfield",
    restorable: true,
    at: "2026-12-04T13:00:00Z",
    ...over,
  };
}

const notJoined = status({ joined: false, server: null, login: null, last_sync: null, state: "not_joined", bar: "", reps_as_of: [] });

beforeEach(() => {
  team.current = null;
});

describe("Settings > Team", () => {
  it("joins with the admin's URL and then shows where the sync stands", async () => {
    const joined: string[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "team_join") {
        joined.push((args as { url: string }).url);
        return status({
          pulled: 42,
          conflicts: [
            conflict(),
          ],
        });
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    team.current = notJoined;
    render(TeamSection);
    const url = screen.getByTestId("team-url") as HTMLInputElement;
    expect(url.type).toBe("password");
    await fireEvent.input(url, { target: { value: "postgresql://ig_ada:secret@db.example.com/intrograph" } });
    await fireEvent.submit(screen.getByTestId("team-join-form"));
    expect(await screen.findByTestId("team-status")).toBeTruthy();
    expect(joined).toEqual(["postgresql://ig_ada:secret@db.example.com/intrograph"]);
    expect(screen.getByTestId("team-state").textContent).toBe("Synced 14:02");
    expect(screen.getByTestId("team-pulled").textContent).toBe("42");
    const conflicts = screen.getByTestId("team-conflicts").textContent ?? "";
    expect(conflicts).toContain("Priya Natarajan");
    expect(conflicts).toContain("Title");
    expect(conflicts).toContain("VP Finance");
    expect(conflicts).not.toContain('"VP Finance"');
    expect(conflicts).toContain("Dana Whitfield");
    expect(screen.getByTestId("team-as-of").textContent).toContain("live here");
  });

  it("sets an overwritten value back, dismisses one line or all, and says why a use was refused", async () => {
    const called: [string, unknown][] = [];
    const two = status({
      conflicts: [
        conflict(),
        conflict({ id: 8, table: "intro_requests", field: "stage", record_kind: "Introduction request", record: "Priya Natarajan via Omar Haddad", field_label: "Stage", kept_text: "introduced", overwritten_text: "declined", by: "you, on this desktop", restorable: false }),
      ],
    });
    mockIPC((cmd, args) => {
      called.push([cmd, args]);
      if (cmd === "team_use_overwritten") {
        if ((args as { id: number }).id === 7 && called.filter(([c]) => c === cmd).length > 1) {
          throw { code: "Conflict", message: "the title of Priya Natarajan has changed since this conflict" };
        }
        return two;
      }
      if (cmd === "team_dismiss_conflicts") return status();
      throw new Error(`unexpected command ${cmd}`);
    });
    team.current = two;
    render(TeamSection);
    const rows = screen.getAllByTestId("team-conflict");
    expect(rows).toHaveLength(2);
    expect(rows[1]?.textContent).toContain("you, on this desktop");
    // Only a field that can be set back from the list offers it.
    expect(screen.getAllByTestId("team-conflict-use")).toHaveLength(1);
    await fireEvent.click(screen.getAllByTestId("team-conflict-use")[0]!);
    await waitFor(() => expect(called.map(([c]) => c)).toEqual(["team_use_overwritten"]));
    expect(called[0]?.[1]).toEqual({ id: 7 });
    await fireEvent.click(screen.getAllByTestId("team-conflict-use")[0]!);
    expect((await screen.findByTestId("team-error-inline")).textContent).toContain("has changed since");
    await fireEvent.click(screen.getAllByTestId("team-conflict-dismiss")[1]!);
    await waitFor(() => expect(called.at(-1)).toEqual(["team_dismiss_conflicts", { ids: [8] }]));
    await waitFor(() => expect(screen.queryByTestId("team-conflicts")).toBeNull());
    team.current = two;
    await waitFor(() => expect(screen.getByTestId("team-conflicts-dismiss-all")).toBeTruthy());
    await fireEvent.click(screen.getByTestId("team-conflicts-dismiss-all"));
    await waitFor(() => expect(called.at(-1)).toEqual(["team_dismiss_conflicts", { ids: null }]));
  });

  it("shows a refused join where it happened and stays out of the team", async () => {
    mockIPC((cmd) => {
      if (cmd === "team_join") throw { code: "Conflict", message: "the team server refused the sign-in for ig_ada" };
      throw new Error(`unexpected command ${cmd}`);
    });
    team.current = notJoined;
    render(TeamSection);
    await fireEvent.input(screen.getByTestId("team-url"), { target: { value: "postgresql://ig_ada:wrong@db/x" } });
    await fireEvent.submit(screen.getByTestId("team-join-form"));
    expect((await screen.findByTestId("team-error-inline")).textContent).toContain("refused the sign-in");
    expect(screen.getByTestId("team-join-form")).toBeTruthy();
  });

  it("leaves only after a confirmation", async () => {
    const called: string[] = [];
    mockIPC((cmd) => {
      called.push(cmd);
      if (cmd === "team_leave") return notJoined;
      throw new Error(`unexpected command ${cmd}`);
    });
    team.current = status();
    render(TeamSection);
    await fireEvent.click(screen.getByTestId("team-leave"));
    expect(called).toEqual([]);
    await fireEvent.click(screen.getByTestId("team-leave-confirm"));
    await waitFor(() => expect(screen.getByTestId("team-join-form")).toBeTruthy());
    expect(called).toEqual(["team_leave"]);
  });
});

describe("the status bar's team state", () => {
  const workspace = { status: "ready" as const, info: { database: "/data/team.db", schema_version: 17, app_version: "0.1.0", currency: "USD" } };

  it("says nothing outside a team and the sync's words inside one", async () => {
    team.current = notJoined;
    const { rerender } = render(StatusBar, { workspace });
    expect(screen.queryByTestId("status-team")).toBeNull();
    for (const [state, bar] of [
      ["synced", "Synced 14:02"],
      ["waiting", "3 changes waiting"],
      ["offline", "Offline — will sync when the team server is back"],
      ["refused", "Sign-in refused"],
    ] as const) {
      team.current = status({ state, bar });
      await rerender({ workspace });
      const item = screen.getByTestId("status-team");
      expect(item.textContent?.trim()).toBe(bar);
      expect(item.classList.contains(state)).toBe(true);
    }
  });
});

describe("asking for an introduction", () => {
  const path: IntroPath = {
    score: 0.5,
    people: [
      { id: "me", name: "Ada Lovelace" },
      { id: "omar", name: "Omar Haddad" },
      { id: "pri", name: "Priya Shah" },
    ],
    hops: [],
    source_factor: null,
    ask_colleague: null,
  };

  it("warns that a colleague already asked, and the ask can still be created", async () => {
    mockIPC((cmd) => {
      if (cmd === "draft_ask") return "Hi Omar, …";
      if (cmd === "team_asks")
        return [
          {
            request_id: "q1",
            rep_name: "Dana Whitfield",
            target_name: "Priya Shah",
            source_name: "Omar Haddad",
            stage: "asked",
            since: "2026-11-02T09:00:00Z",
            same_target: true,
            message: "Dana Whitfield already has an open request to Priya Shah through Omar Haddad (asked, since 2026-11-02)",
          },
        ];
      throw new Error(`unexpected command ${cmd}`);
    });
    render(AskDialog, { path, onclose: () => {}, oncreated: () => {} });
    const warning = await screen.findByTestId("ask-team-warning");
    expect(warning.textContent).toContain("Dana Whitfield already has an open request to Priya Shah");
    expect(warning.textContent).toContain("since 2026-11-02");
    expect((screen.getByTestId("ask-create") as HTMLButtonElement).disabled).toBe(false);
  });
});

describe("as-of times", () => {
  it("read as a time today and with the day otherwise", () => {
    const now = new Date("2026-12-04T15:00:00");
    expect(asOfText(null, now)).toBe("never");
    expect(asOfText(new Date("2026-12-04T14:02:00").toISOString(), now)).toMatch(/14.02/);
    expect(asOfText(new Date("2026-12-01T09:30:00").toISOString(), now)).toMatch(/1.*Dec.*09.30|Dec.*1.*09.30/);
  });
});
