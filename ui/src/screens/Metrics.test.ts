import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import Metrics from "./Metrics.svelte";
import type { FunnelRow, MetricsReport } from "../lib/bindings";
import { periodOf } from "../components/metrics/period";

const counts = { created: 4, asked: 3, accepted: 2, declined: 1, introduced: 2, meeting: 2, opportunity: 1, won: 1, lost: 0, stalled: 0 };
const row: FunnelRow = {
  label: "all",
  id: null,
  counts,
  conversions: [
    { from: "draft", to: "asked", rate: 0.75 },
    { from: "asked", to: "accepted", rate: 2 / 3 },
  ],
};

const report: MetricsReport = {
  period: { from: "2026-04-01", to: "2026-06-30" },
  rep: null,
  reps: [{ rep_id: "r1", person_id: "p1", name: "Ada Lovelace", active: true, asks_per_week: 3, current: true }],
  funnel: row,
  by_rep: [{ ...row, label: "Ada Lovelace", id: "r1" }],
  by_quarter: [{ ...row, label: "2026-Q2" }],
  lead_sources: [
    { lead_source: "referral", opportunities: 1, won: 1, lost: 0, win_rate: 1, median_days_to_close: 12, average_deal_value: 12000, touches_before_first_meeting: 2 },
    { lead_source: "cold_call", opportunities: 3, won: 0, lost: 1, win_rate: 0, median_days_to_close: null, average_deal_value: null, touches_before_first_meeting: null },
  ],
  top_sources: [{ source_id: "p9", name: "<b>Joan</b> Clarke", introductions: 2, wins: 1, revenue: 12000 }],
  activity: [
    { rep_id: "r1", rep_name: "Ada Lovelace", active: true, asks: 3, weeks: 13, asks_per_week: 0.23, goal: 3, goal_ratio: 0.077, goal_met: false, overdue_follow_ups: 2, unthanked_sources: 1 },
  ],
  trend_step: "quarter",
  trend: [{ label: "2026-Q2", period: { from: "2026-04-01", to: "2026-06-30" }, created: 4, won: 1, conversion: 0.25, asks: 3 }],
  ask_to_won_days: [12],
  currency: "USD",
};

const workspace = { status: "ready" as const, info: { database: "/data/team/intrograph.db", schema_version: 3, app_version: "0.1.0", currency: "USD" } };

describe("Metrics", () => {
  it("draws the funnel and every table from one report", async () => {
    const queries: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "metrics_report") {
        queries.push((args as { query: unknown }).query);
        return report;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Metrics, { workspace });

    expect(await screen.findByTestId("metrics-created")).toHaveProperty("textContent", "4");
    const chart = screen.getByTestId("metrics-funnel-chart");
    expect(chart.getAttribute("aria-label")).toContain("Created 4, Asked 3");
    expect(chart.textContent).toContain("↓ 75% from created");
    const sources = screen.getByTestId("metrics-lead-sources");
    // the chart, its figures and the table all name referral and show the deal in the currency
    expect(within(sources).getAllByText("Referral").length).toBeGreaterThanOrEqual(3);
    expect(within(sources).getAllByText("$12,000").length).toBeGreaterThanOrEqual(2);
    expect(screen.getByTestId("metrics-sources-chart-summary").textContent).toContain(
      "Referral: win rate 100%, average deal $12,000, median 12 days to close",
    );
    // each chart has its text alternative: the summary names the image
    for (const id of ["trend", "sources", "cycle", "goals"]) {
      const svg = screen.getByTestId(`metrics-${id}-chart-svg`);
      const summary = document.getElementById(svg.getAttribute("aria-labelledby")!);
      expect(summary?.textContent?.length, id).toBeGreaterThan(20);
    }
    expect(screen.getByTestId("metrics-cycle-chart-summary").textContent).toContain("1 request won");
    expect(screen.getByTestId("metrics-goals-chart-summary").textContent).toContain("Ada Lovelace: 0.2 asks a week against a goal of 3 (8%, behind)");
    expect(screen.getByTestId("metrics-trend-export-png")).toBeTruthy();
    expect(screen.getByTestId("metrics-trend-export-svg")).toBeTruthy();
    // markup in a name stays text
    expect(within(screen.getByTestId("metrics-top-sources")).getByText("<b>Joan</b> Clarke")).toBeTruthy();
    expect(within(screen.getByTestId("metrics-activity")).getAllByText("8%").length).toBeGreaterThanOrEqual(1);
    expect(queries[0]).toEqual(periodOf("this-quarter", new Date()));
  });

  it("filters by rep", async () => {
    const queries: { rep?: string }[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "metrics_report") {
        queries.push((args as { query: { rep?: string } }).query);
        return report;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Metrics, { workspace });
    await screen.findByTestId("metrics-created");
    await fireEvent.change(screen.getByTestId("metrics-rep"), { target: { value: "r1" } });
    await screen.findByTestId("metrics-created");
    expect(queries.at(-1)?.rep).toBe("r1");
  });

  it("exports a table to the chosen path and shows where it went", async () => {
    const exports: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "metrics_report") return report;
      if (cmd === "metrics_export") {
        exports.push(args);
        return { path: (args as { path: string }).path, rows: 1 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Metrics, { workspace });
    await fireEvent.click(await screen.findByTestId("metrics-top-sources-export"));
    const path = screen.getByTestId("metrics-top-sources-path") as HTMLInputElement;
    expect(path.value).toBe("/data/team/metrics-top-sources-2026-04-01-to-2026-06-30.csv");
    await fireEvent.input(path, { target: { value: "/tmp/sources.csv" } });
    await fireEvent.submit(path.form!);
    expect(await screen.findByTestId("metrics-top-sources-saved")).toHaveProperty(
      "textContent",
      "Saved 1 row to /tmp/sources.csv",
    );
    expect(exports[0]).toMatchObject({ table: "top_sources", by: "all", path: "/tmp/sources.csv" });
  });

  it("exports the funnel by rep as the funnel table broken down by rep", async () => {
    const exports: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "metrics_report") return report;
      if (cmd === "metrics_export") {
        exports.push(args);
        return { path: (args as { path: string }).path, rows: 1 };
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    render(Metrics, { workspace });
    await fireEvent.click(await screen.findByTestId("metrics-by-rep-export"));
    const path = screen.getByTestId("metrics-by-rep-path") as HTMLInputElement;
    await fireEvent.submit(path.form!);
    await screen.findByTestId("metrics-by-rep-saved");
    expect(exports[0]).toMatchObject({ table: "funnel", by: "rep" });
  });

  it("shows a failed computation as an error with a retry", async () => {
    mockIPC(() => {
      throw { code: "Invalid", message: "invalid period: --to 2026-01-01 is before --from 2026-06-01" };
    });
    render(Metrics, { workspace });
    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText(/is before/)).toBeTruthy();
    expect(within(alert).getByRole("button", { name: "Try again" })).toBeTruthy();
  });
});

describe("periodOf", () => {
  it("gives quarters, the year and the last twelve months as local dates", () => {
    const today = new Date(2026, 4, 12);
    expect(periodOf("this-quarter", today)).toEqual({ from: "2026-04-01", to: "2026-06-30" });
    expect(periodOf("last-quarter", today)).toEqual({ from: "2026-01-01", to: "2026-03-31" });
    expect(periodOf("last-quarter", new Date(2026, 1, 3))).toEqual({ from: "2025-10-01", to: "2025-12-31" });
    expect(periodOf("this-year", today)).toEqual({ from: "2026-01-01", to: "2026-12-31" });
    expect(periodOf("last-12-months", today)).toEqual({ from: "2025-05-13", to: "2026-05-12" });
  });
});
