import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Activity, SourceComparison, TrendBucket } from "../../lib/bindings";
import { useLocale } from "../../lib/format";
import { cycleScene, goalsScene, sourcesScene, trendScene, type Mark } from "./charts";
import { sceneToSvg, type Palette } from "./chart-export";

beforeEach(() => useLocale("en-US"));
afterEach(() => useLocale(undefined));

const texts = (marks: Mark[]) => marks.flatMap((m) => (m.kind === "text" ? [m.text] : []));

function week(label: string, asks: number, created: number, won: number): TrendBucket {
  return { label, period: { from: label, to: label }, asks, created, won, conversion: created ? won / created : null };
}

describe("chart scenes", () => {
  it("the trend has round count ticks, a conversion line and a summary", () => {
    const s = trendScene("week", [week("2026-10-01", 13, 6, 1), week("2026-10-08", 0, 0, 0), week("2026-10-15", 4, 4, 2)]);
    const axis = texts(s.marks).filter((t) => /^\d+$/.test(t));
    expect(axis).toEqual(["0", "2", "4", "6", "8", "10", "12", "14"]);
    expect(s.marks.some((m) => m.kind === "path" && m.tone === "success")).toBe(true);
    expect(s.summary).toBe("17 asks over 3 weeks, most in the week of Oct 1 (13); 3 requests won of 10 created (30%).");
    expect(s.table[0]).toEqual(["Week starting", "Asks", "Requests created", "Won", "Created → won"]);
    expect(s.table[2]).toEqual(["Oct 8", "0", "0", "0", "—"]);
  });

  it("an empty trend says so", () => {
    expect(trendScene("quarter", [week("2026-Q1", 0, 0, 0)]).summary).toBe(
      "No asks and no requests created in this period, 1 quarter.",
    );
  });

  it("referral is set beside the other sources with win rate, deal size and days to close", () => {
    const rows: SourceComparison[] = [
      { lead_source: "referral", opportunities: 2, won: 1, lost: 1, win_rate: 0.5, median_days_to_close: 1, average_deal_value: 12000, touches_before_first_meeting: 2 },
      { lead_source: "cold_call", opportunities: 4, won: 1, lost: 3, win_rate: 0.25, median_days_to_close: 60, average_deal_value: 5000, touches_before_first_meeting: 6 },
      { lead_source: "event", opportunities: 0, won: 0, lost: 0, win_rate: null, median_days_to_close: null, average_deal_value: null, touches_before_first_meeting: null },
    ];
    const s = sourcesScene(rows);
    expect(texts(s.marks)).toEqual(expect.arrayContaining(["Win rate", "Average deal won", "Median days to close", "Referral", "Cold call", "$12,000", "60 d"]));
    expect(texts(s.marks)).not.toContain("Event");
    expect(s.summary).toBe(
      "Referral: win rate 50%, average deal $12,000, median 1 day to close; Cold call: win rate 25%, average deal $5,000, median 60 days to close.",
    );
    const referralBars = s.marks.filter((m) => m.kind === "rect" && m.tone === "accent");
    expect(referralBars).toHaveLength(3);
  });

  it("cycle time is a histogram with its median", () => {
    const s = cycleScene([3, 5, 5, 12, 44]);
    const bars = s.marks.filter((m) => m.kind === "rect");
    expect(bars.length).toBeGreaterThan(1);
    expect(texts(s.marks)).toContain("median 5");
    // The label sits above the tallest bar and right of the count axis, inside the chart.
    const label = s.marks.find((m) => m.kind === "text" && m.text === "median 5");
    const top = Math.min(...bars.map((m) => (m.kind === "rect" ? m.y : Infinity)));
    expect(label && label.kind === "text" && label.y < top - 4).toBe(true);
    expect(label && label.kind === "text" && label.x - 30 > 44 && label.x + 30 < s.width).toBe(true);
    const atEdge = cycleScene([1, 1, 1, 1, 90]).marks.find((m) => m.kind === "text" && m.text === "median 1");
    expect(atEdge && atEdge.kind === "text" && atEdge.x - 28 >= 44).toBe(true);
    expect(s.summary).toBe("5 requests won; from the ask to the win took 5 days at the median, 3 at the quickest and 44 days at the longest.");
    const total = s.table.slice(1).reduce((n, r) => n + Number(r[1]), 0);
    expect(total).toBe(5);
    expect(cycleScene([]).summary).toContain("No request was won");
  });

  it("each rep is drawn against their goal", () => {
    const a = (name: string, per: number, goal: number | null): Activity => ({
      rep_id: name, rep_name: name, active: true, asks: per * 13, weeks: 13, asks_per_week: per, goal,
      goal_ratio: goal ? per / goal : null, goal_met: goal === null ? null : per >= goal, overdue_follow_ups: 0, unthanked_sources: 0,
    });
    const s = goalsScene([a("Ada", 3.5, 3), a("Grace", 1, 3), a("Joan", 2, null)]);
    expect(s.marks.filter((m) => m.kind === "rect").map((m) => m.tone)).toEqual(["success", "warn", "other"]);
    expect(texts(s.marks)).toEqual(expect.arrayContaining(["3.5 of 3 a week", "1 of 3 a week", "2 a week, no goal"]));
    expect(s.summary).toContain("Grace: 1 ask a week against a goal of 3 (33%, behind)");
  });

  it("exports as a standalone SVG with the theme's colours and the text escaped", () => {
    const palette: Palette = {
      tones: { accent: "#5b4bea", success: "#137a52", other: "#7c8499", warn: "#b45309", text: "#151a2d", soft: "#3b4260", muted: "#585f79", grid: "#e3e6ef", track: "#f6f7fb" },
      background: "#ffffff",
      font: "sans-serif",
    };
    const svg = sceneToSvg(goalsScene([{ rep_id: "r", rep_name: "<b>Bob</b> & Co", active: true, asks: 0, weeks: 1, asks_per_week: 0, goal: 2, goal_ratio: 0, goal_met: false, overdue_follow_ups: 0, unthanked_sources: 0 }]), palette);
    expect(svg.startsWith("<svg xmlns=\"http://www.w3.org/2000/svg\"")).toBe(true);
    expect(svg.trim().endsWith("</svg>")).toBe(true);
    expect(svg).toContain("&lt;b&gt;Bob&lt;/b&gt; &amp; Co");
    expect(svg).not.toContain("var(--");
    expect(svg).toContain('fill="#151a2d"');
  });
});
