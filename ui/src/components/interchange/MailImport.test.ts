import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, waitFor, within } from "@testing-library/svelte";
import { emit } from "@tauri-apps/api/event";
import { mockIPC } from "@tauri-apps/api/mocks";
import MailImport from "./MailImport.svelte";
import StrengthSuggestions from "../network/StrengthSuggestions.svelte";
import type { ExchangeFormatInfo, ExchangeOutcome, ExchangeReport, SuggestionsView } from "../../lib/bindings";

const formats: ExchangeFormatInfo[] = [
  { format: "mail", label: "Your mail (mbox or Maildir)", description: "Gmail Takeout", extensions: ["mbox"], folder: true },
  { format: "calendar", label: "Your calendar (.ics)", description: "Google or Outlook", extensions: ["ics"], folder: false },
];

function report(over: Partial<ExchangeReport> = {}): ExchangeReport {
  return {
    dry_run: false,
    files: [{ file: "All mail.mbox", read: 13, failed: null }],
    read: 13,
    imported: 6,
    already_imported: 0,
    nobody_known: 3,
    emails_sent: 2,
    emails_received: 3,
    meetings: 0,
    messages: 0,
    touches_added: 5,
    people_added: 0,
    relationships_added: 2,
    last_contacts_moved: 0,
    ties_added: 0,
    ties_kept_out: 0,
    people_given_organisation: 0,
    skipped_bulk: 2,
    skipped_role: 1,
    skipped_declined: 0,
    skipped_cancelled: 0,
    skipped_to_self: 1,
    skipped_unreadable: 1,
    skips: [{ location: "All mail.mbox, message 10 (line 127)", reason: "no Date header: when it was sent is unknown" }],
    candidates: [{ address: "zoe@beta.io", name: "Zoë Müller", sent: 1, received: 2, meetings: 0 }],
    own_addresses: [{ address: "sam.rivera@gmail.com", seen: 1 }],
    notes: [],
    ...over,
  };
}

function outcome(preview: boolean, over: Partial<ExchangeReport> = {}): ExchangeOutcome {
  return { path: "/data/All mail.mbox", preview, report: report({ dry_run: preview, ...over }) };
}

describe("Touches from mail and calendar", () => {
  it("previews, lets the rep choose people and addresses, then imports with progress", async () => {
    const plans: unknown[] = [];
    mockIPC(
      async (cmd, args) => {
        if (cmd === "exchange_formats") return formats;
        if (cmd === "exchange_preview") {
          plans.push((args as { plan: unknown }).plan);
          return outcome(true);
        }
        if (cmd === "exchange_apply") {
          plans.push((args as { plan: unknown }).plan);
          await emit("import-progress", { bytes_read: 50, bytes_total: 100, records: 7 });
          return outcome(false, { people_added: 1, touches_added: 8, candidates: [], own_addresses: [] });
        }
        throw new Error(`unexpected command ${cmd}`);
      },
      { shouldMockEvents: true },
    );
    render(MailImport);
    await screen.findByTestId("exchange-format-mail");
    await fireEvent.input(screen.getByTestId("exchange-path"), { target: { value: "/data/All mail.mbox" } });
    await fireEvent.click(screen.getByTestId("exchange-preview-button"));
    const preview = await screen.findByTestId("exchange-preview");
    expect(within(preview).getByTestId("exchange-touches").textContent).toBe("5");
    expect(within(preview).getByTestId("exchange-skips").textContent).toContain("message 10 (line 127): no Date header");
    expect(preview.textContent).toContain("Nothing has been stored yet");
    await fireEvent.click(within(preview).getByTestId("candidate-zoe@beta.io"));
    await fireEvent.click(within(within(preview).getByTestId("exchange-own-addresses")).getByRole("checkbox"));
    expect(screen.getByTestId("exchange-apply").textContent).toContain("adding 1 person");
    await fireEvent.click(screen.getByTestId("exchange-apply"));
    const done = await screen.findByTestId("exchange-report");
    expect(within(done).getByTestId("exchange-touches").textContent).toBe("8");
    expect(plans[0]).toEqual({ path: "/data/All mail.mbox", format: "mail", me: [], add: [], subjects: false, add_all: false });
    expect(plans[1]).toEqual({
      path: "/data/All mail.mbox",
      format: "mail",
      me: ["sam.rivera@gmail.com"],
      add: ["zoe@beta.io"],
      subjects: false,
      add_all: false,
    });
  });

  it("says why a file cannot be read", async () => {
    mockIPC((cmd) => {
      if (cmd === "exchange_formats") return formats;
      if (cmd === "exchange_preview") throw { code: "InvalidInput", message: "calendar.ics, line 1: this is not an mbox file" };
      throw new Error(`unexpected command ${cmd}`);
    });
    render(MailImport);
    await screen.findByTestId("exchange-format-mail");
    await fireEvent.input(screen.getByTestId("exchange-path"), { target: { value: "/data/calendar.ics" } });
    await fireEvent.click(screen.getByTestId("exchange-preview-button"));
    expect((await screen.findByRole("alert")).textContent).toContain("not an mbox file");
  });
});

describe("Suggested strengths", () => {
  const view: SuggestionsView = {
    strengths: [
      {
        relationship_id: "r1",
        person_id: "p1",
        name: "Priya Raman",
        current: 1,
        suggested: 4,
        by_hand: false,
        last_contact: "2026-06-21",
        reason: "41 emails both ways and 5 meetings in the last 12 months; last contact 9 days ago → strong (4)",
      },
      {
        relationship_id: "r2",
        person_id: "p2",
        name: "Jon Bell",
        current: 5,
        suggested: 2,
        by_hand: true,
        last_contact: "2026-04-10",
        reason: "3 emails both ways in the last 12 months; last contact 3 months ago → casual (2)",
      },
    ],
    by_hand: 1,
    likely: [
      {
        a: "p1",
        a_name: "Priya Raman",
        b: "p2",
        b_name: "Jon Bell",
        seen: "Likely know each other: together on 3 email threads between 2026-03-02 and 2026-04-09",
        relationship_id: "r3",
        verified: false,
      },
    ],
  };

  it("accepts one, all but those set by hand, and confirms a likely tie", async () => {
    const calls: [string, unknown][] = [];
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "strength_suggestions") return view;
      if (cmd === "accept_suggestions") return { accepted: 1, kept_by_hand: (args as { ids: unknown }).ids ? 0 : 1 };
      if (cmd === "edit_relationship") return {};
      throw new Error(`unexpected command ${cmd}`);
    });
    render(StrengthSuggestions);
    const rows = await screen.findAllByTestId("suggestion-row");
    expect(rows[0]!.textContent).toContain("→ strong (4)");
    expect(rows[1]!.textContent).toContain("set by hand");
    expect(screen.getByTestId("accept-all-suggestions").textContent).toContain("Accept all but 1");
    await fireEvent.click(screen.getByTestId("accept-all-suggestions"));
    expect((await screen.findByRole("status")).textContent).toContain("kept 1 you set by hand");
    await fireEvent.click(within(rows[1]!).getByTestId("accept-suggestion"));
    await fireEvent.click(within(screen.getByTestId("likely-ties")).getByRole("button", { name: "Confirm they know each other" }));
    const sent = calls.filter(([c]) => c !== "strength_suggestions");
    expect(sent).toEqual([
      ["accept_suggestions", { ids: null }],
      ["accept_suggestions", { ids: ["r2"] }],
      ["edit_relationship", { id: "r3", edit: { strength: null, verified: true, last_contact: null, clear_last_contact: false, visibility: null } }],
    ]);
  });

  it("removes a likely tie the rep says is wrong, for good", async () => {
    const calls: [string, unknown][] = [];
    let dismissed = false;
    mockIPC((cmd, args) => {
      calls.push([cmd, args]);
      if (cmd === "strength_suggestions") return dismissed ? { ...view, likely: [] } : view;
      if (cmd === "dismiss_likely_tie") {
        dismissed = true;
        return true;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(StrengthSuggestions);
    await fireEvent.click(await screen.findByTestId("dismiss-likely-tie"));
    expect((await screen.findByRole("status")).textContent).toBe(
      "Removed: Priya Raman and Jon Bell do not know each other. Later imports will not propose them again.",
    );
    await waitFor(() => expect(screen.queryByTestId("likely-ties")).toBeNull());
    expect(calls.filter(([c]) => c === "dismiss_likely_tie")).toEqual([["dismiss_likely_tie", { a: "p1", b: "p2" }]]);
  });

  it("says how many likely ties an import kept out", async () => {
    mockIPC(async (cmd) => {
      if (cmd === "exchange_formats") return formats;
      if (cmd === "exchange_preview") return outcome(true, { ties_kept_out: 2, people_added: 3, people_given_organisation: 2 });
      throw new Error(`unexpected command ${cmd}`);
    });
    render(MailImport);
    await screen.findByTestId("exchange-format-mail");
    await fireEvent.input(screen.getByTestId("exchange-path"), { target: { value: "/data/All mail.mbox" } });
    await fireEvent.click(screen.getByTestId("exchange-preview-button"));
    expect((await screen.findByTestId("exchange-ties-kept-out")).textContent).toContain("2 likely ties kept out: you removed them before.");
    expect(screen.getByTestId("exchange-organisations").textContent).toContain("2 of them would be placed at the organisation");
  });
});
