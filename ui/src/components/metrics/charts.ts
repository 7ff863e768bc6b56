// The Metrics screen's charts as plain scenes: each chart is computed once, from the report,
// into marks (rectangles, lines, paths, circles, text) in its own coordinates, a one-sentence
// summary and a table of the same figures. Chart.svelte draws a scene as SVG in the window;
// chart-export.ts writes the same scene as an SVG file or paints it on a canvas for a PNG,
// so the window, the files and the text alternative never disagree.
//
// d3-array gives the axes round ticks (0, 5, 10, 15, never 0/6/10/13) and the histogram's
// bins, d3-shape the trend line; they compute numbers only and touch no DOM. (d3-scale is
// not used: its colour module assigns to prototypes, which the window's frozen prototypes
// refuse; the two small scales below are all the charts need.)

import { bin, max as maxOf, median, nice, ticks as ticksOf } from "d3-array";
import { line } from "d3-shape";

/** A linear scale from `domain` to `range`; `nice` rounds the domain to round ticks. */
interface Linear {
  (v: number): number;
  domain(): [number, number];
  ticks(count: number): number[];
}

function scaleLinear(domain: [number, number], range: [number, number], niceCount?: number): Linear {
  let [d0, d1] = domain;
  if (niceCount !== undefined) [d0, d1] = nice(d0, d1, niceCount);
  const [r0, r1] = range;
  const f = ((v: number) => (d1 === d0 ? r0 : r0 + ((v - d0) / (d1 - d0)) * (r1 - r0))) as Linear;
  f.domain = () => [d0, d1];
  f.ticks = (count: number) => ticksOf(d0, d1, count);
  return f;
}

/** Evenly spaced bands for `n` items across `range`, with padding between and around them. */
function scaleBand(n: number, range: [number, number], inner: number, outer: number) {
  const [r0, r1] = range;
  const step = (r1 - r0) / Math.max(1, n - inner + 2 * outer);
  const start = r0 + step * outer;
  return { at: (i: number) => start + i * step, bandwidth: step * (1 - inner) };
}
import type { Activity, SourceComparison, TrendBucket, TrendStep } from "../../lib/bindings";
import { count, decimal, money, noun, percent, plural, shortDay } from "../../lib/format";
import { leadSourceLabel } from "./format";

/** A colour of the theme, drawn from the CSS variable of the same role. */
export type Tone = "accent" | "success" | "other" | "warn" | "text" | "soft" | "muted" | "grid" | "track";

export type Mark =
  | { kind: "rect"; x: number; y: number; w: number; h: number; tone: Tone; rx?: number }
  | { kind: "line"; x1: number; y1: number; x2: number; y2: number; tone: Tone; width?: number; dash?: boolean }
  | { kind: "path"; d: string; tone: Tone; width: number }
  | { kind: "circle"; cx: number; cy: number; r: number; tone: Tone }
  | {
      kind: "text";
      x: number;
      y: number;
      text: string;
      tone: Tone;
      anchor?: "start" | "middle" | "end";
      size?: number;
      bold?: boolean;
    };

export interface Scene {
  /** The chart's name, also the exported file's title. */
  title: string;
  width: number;
  height: number;
  marks: Mark[];
  /** One or two sentences saying what the chart shows: the image's accessible name. */
  summary: string;
  /** The figures drawn, as a table: the first row is the header. */
  table: string[][];
  /** What the legend says each tone means, when the chart has more than one series. */
  legend: { tone: Tone; label: string }[];
}

const FONT = 12;

function yAxis(marks: Mark[], ticks: number[], y: (v: number) => number, x0: number, x1: number, label: (v: number) => string) {
  for (const t of ticks) {
    marks.push({ kind: "line", x1: x0, x2: x1, y1: y(t), y2: y(t), tone: "grid", dash: t !== 0 });
    marks.push({ kind: "text", x: x0 - 6, y: y(t) + 4, text: label(t), tone: "muted", anchor: "end", size: 11 });
  }
}

/** Whole-number ticks of a count axis from 0 to at least `top`. */
function countScale(top: number, range: [number, number]) {
  const scale = scaleLinear([0, Math.max(1, top)], range, 5);
  const ticks = scale.ticks(Math.min(5, Math.max(1, scale.domain()[1]!))).filter((t) => Number.isInteger(t));
  return { scale, ticks };
}

// ---------------------------------------------------------------------------------------
// Asks and conversion over time.

/** A bucket's name on the axis and in the table: a week by its first day, a quarter by itself. */
export function bucketLabel(step: TrendStep, label: string): string {
  return step === "week" ? shortDay(label) : label;
}

export function trendScene(step: TrendStep, buckets: TrendBucket[]): Scene {
  const width = 760;
  const height = 270;
  const pad = { left: 44, right: 52, top: 16, bottom: 40 };
  const band = scaleBand(buckets.length, [pad.left, width - pad.right], 0.3, 0.15);
  const { scale: y, ticks } = countScale(maxOf(buckets, (b) => Math.max(b.asks, b.created)) ?? 0, [
    height - pad.bottom,
    pad.top,
  ]);
  const rate = scaleLinear([0, 1], [height - pad.bottom, pad.top]);
  const marks: Mark[] = [];
  yAxis(marks, ticks, y, pad.left, width - pad.right, (v) => count(v));
  for (const r of [0, 0.5, 1]) {
    marks.push({ kind: "text", x: width - pad.right + 6, y: rate(r) + 4, text: percent(r), tone: "muted", anchor: "start", size: 11 });
  }
  const every = Math.max(1, Math.ceil(buckets.length / 13));
  buckets.forEach((b, i) => {
    const bx = band.at(i);
    const bw = band.bandwidth;
    const h = Math.max(0, y(0) - y(b.asks));
    if (b.asks > 0) marks.push({ kind: "rect", x: bx, y: y(b.asks), w: bw, h, tone: "accent", rx: 3 });
    if (i % every === 0) {
      marks.push({
        kind: "text",
        x: bx + bw / 2,
        y: height - pad.bottom + 18,
        text: bucketLabel(step, b.label),
        tone: "muted",
        anchor: "middle",
        size: 11,
      });
    }
  });
  const points = buckets
    .map((b, i) => ({ i, r: b.conversion }))
    .filter((p): p is { i: number; r: number } => p.r !== null);
  const cx = (i: number) => band.at(i) + band.bandwidth / 2;
  const d = line<{ i: number; r: number }>()
    .x((p) => cx(p.i))
    .y((p) => rate(p.r))(points);
  if (d && points.length > 1) marks.push({ kind: "path", d, tone: "success", width: 2.5 });
  for (const p of points) marks.push({ kind: "circle", cx: cx(p.i), cy: rate(p.r), r: 4, tone: "success" });
  marks.push({
    kind: "text",
    x: pad.left,
    y: height - 6,
    text: step === "week" ? "Week starting" : "Quarter",
    tone: "muted",
    size: 11,
  });

  const asks = buckets.reduce((n, b) => n + b.asks, 0);
  const created = buckets.reduce((n, b) => n + b.created, 0);
  const won = buckets.reduce((n, b) => n + b.won, 0);
  const busiest = buckets.reduce<TrendBucket | undefined>((best, b) => (!best || b.asks > best.asks ? b : best), undefined);
  const unit = step === "week" ? "week" : "quarter";
  const summary =
    asks === 0 && created === 0
      ? `No asks and no requests created in this period, ${plural(buckets.length, unit)}.`
      : `${plural(asks, "ask")} over ${plural(buckets.length, unit)}` +
        (busiest && busiest.asks > 0 ? `, most in the ${unit} of ${bucketLabel(step, busiest.label)} (${count(busiest.asks)})` : "") +
        `; ${plural(won, "request")} won of ${count(created)} created (${percent(created ? won / created : null)}).`;
  return {
    title: `Asks and conversion by ${unit}`,
    width,
    height,
    marks,
    summary,
    legend: [
      { tone: "accent", label: `Asks in the ${unit} (left axis)` },
      { tone: "success", label: "Created → won, of requests created in it (right axis)" },
    ],
    table: [
      [step === "week" ? "Week starting" : "Quarter", "Asks", "Requests created", "Won", "Created → won"],
      ...buckets.map((b) => [bucketLabel(step, b.label), count(b.asks), count(b.created), count(b.won), percent(b.conversion)]),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Referral against the other lead sources.

export function sourcesScene(rows: SourceComparison[]): Scene {
  const shown = rows.filter((r) => r.opportunities > 0 || r.lead_source === "referral");
  const labelWidth = 130;
  const panelWidth = 200;
  const gap = 20;
  const rowHeight = 30;
  const top = 34;
  const width = labelWidth + 3 * panelWidth + 2 * gap;
  const height = top + shown.length * rowHeight + 8;
  const marks: Mark[] = [];
  const panels: { title: string; value: (r: SourceComparison) => number | null; text: (v: number | null) => string }[] = [
    { title: "Win rate", value: (r) => r.win_rate, text: percent },
    { title: "Average deal won", value: (r) => r.average_deal_value, text: (v) => money(v) },
    { title: "Median days to close", value: (r) => r.median_days_to_close, text: (v) => (v === null ? "—" : `${decimal(v)} d`) },
  ];
  shown.forEach((r, i) => {
    marks.push({
      kind: "text",
      x: 0,
      y: top + i * rowHeight + rowHeight / 2 + 4,
      text: leadSourceLabel(r.lead_source),
      tone: r.lead_source === "referral" ? "text" : "soft",
      size: FONT + 1,
      bold: r.lead_source === "referral",
    });
  });
  panels.forEach((p, k) => {
    const x0 = labelWidth + k * (panelWidth + gap);
    const valueRoom = 74;
    const top_ = Math.max(0, ...shown.map((r) => p.value(r) ?? 0));
    const scale = scaleLinear([0, top_ > 0 ? top_ : 1], [0, panelWidth - valueRoom]);
    marks.push({ kind: "text", x: x0, y: 14, text: p.title, tone: "text", size: FONT, bold: true });
    shown.forEach((r, i) => {
      const v = p.value(r);
      const y = top + i * rowHeight + 6;
      const h = rowHeight - 12;
      marks.push({ kind: "rect", x: x0, y, w: panelWidth - valueRoom, h, tone: "track", rx: 3 });
      if (v !== null && v > 0) {
        marks.push({
          kind: "rect",
          x: x0,
          y,
          w: Math.max(2, scale(v)),
          h,
          tone: r.lead_source === "referral" ? "accent" : "other",
          rx: 3,
        });
      }
      marks.push({
        kind: "text",
        x: x0 + panelWidth - valueRoom + 8,
        y: y + h / 2 + 4,
        text: p.text(v),
        tone: v === null ? "muted" : "text",
        size: FONT,
        bold: r.lead_source === "referral",
      });
    });
  });
  const referral = rows.find((r) => r.lead_source === "referral");
  const others = shown.filter((r) => r.lead_source !== "referral");
  const describe = (r: SourceComparison) =>
    `${leadSourceLabel(r.lead_source)}: win rate ${percent(r.win_rate)}, average deal ${money(r.average_deal_value)}, ` +
    `median ${r.median_days_to_close === null ? "—" : `${decimal(r.median_days_to_close)} ${noun(r.median_days_to_close, "day")}`} to close`;
  const summary =
    shown.length === 0 || (referral?.opportunities ?? 0) + others.reduce((n, r) => n + r.opportunities, 0) === 0
      ? "No opportunities opened in this period, from referral or any other lead source."
      : [referral, ...others].filter((r): r is SourceComparison => !!r).map(describe).join("; ") + ".";
  return {
    title: "Referral against other lead sources",
    width,
    height,
    marks,
    summary,
    legend: [
      { tone: "accent", label: "Referral" },
      { tone: "other", label: "Other lead sources" },
    ],
    table: [
      ["Lead source", "Opportunities", "Win rate", "Average deal won", "Median days to close"],
      ...shown.map((r) => [
        leadSourceLabel(r.lead_source),
        count(r.opportunities),
        percent(r.win_rate),
        money(r.average_deal_value),
        decimal(r.median_days_to_close),
      ]),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Cycle time from ask to won.

export function cycleScene(days: number[]): Scene {
  const width = 760;
  const height = 240;
  // The top margin holds the median's label, above the bars and clear of the count axis.
  const pad = { left: 44, right: 16, top: 30, bottom: 42 };
  const hi = Math.max(1, maxOf(days) ?? 0);
  const x = scaleLinear([0, hi], [pad.left, width - pad.right], 10);
  const bins = bin()
    .domain(x.domain() as [number, number])
    .thresholds(x.ticks(10))(days);
  const { scale: y, ticks } = countScale(maxOf(bins, (b) => b.length) ?? 0, [height - pad.bottom, pad.top]);
  const marks: Mark[] = [];
  yAxis(marks, ticks, y, pad.left, width - pad.right, (v) => count(v));
  for (const b of bins) {
    const x0 = x(b.x0!);
    const x1 = x(b.x1!);
    if (b.length > 0) {
      marks.push({ kind: "rect", x: x0 + 1, y: y(b.length), w: Math.max(1, x1 - x0 - 2), h: y(0) - y(b.length), tone: "accent", rx: 2 });
    }
  }
  for (const t of x.ticks(10)) {
    marks.push({ kind: "text", x: x(t), y: height - pad.bottom + 16, text: count(t), tone: "muted", anchor: "middle", size: 11 });
  }
  marks.push({
    kind: "text",
    x: (pad.left + width - pad.right) / 2,
    y: height - 6,
    text: "Days from the ask to the win",
    tone: "muted",
    anchor: "middle",
    size: 11,
  });
  const mid = median(days);
  if (mid !== undefined) {
    marks.push({ kind: "line", x1: x(mid), x2: x(mid), y1: pad.top - 6, y2: y(0), tone: "warn", width: 2, dash: true });
    // Centred over its line, kept inside the plot's width (about 7 px a character at 11 px).
    const label = `median ${decimal(mid)}`;
    const half = (label.length * 7) / 2;
    const at = Math.min(Math.max(x(mid), pad.left + half), width - pad.right - half);
    marks.push({ kind: "text", x: at, y: pad.top - 10, text: label, tone: "text", anchor: "middle", size: 11, bold: true });
  }
  const summary =
    days.length === 0
      ? "No request was won in this period, so there is no cycle time yet."
      : `${plural(days.length, "request")} won; from the ask to the win took ${decimal(mid)} ${noun(mid ?? 0, "day")} at the median, ` +
        `${count(days[0]!)} at the quickest and ${plural(days[days.length - 1]!, "day")} at the longest.`;
  return {
    title: "Cycle time from ask to won",
    width,
    height,
    marks,
    summary,
    legend: [
      { tone: "accent", label: "Won requests" },
      { tone: "warn", label: "Median" },
    ],
    table: [
      ["Days from ask to won", "Won requests"],
      ...bins
        .filter((b) => b.length > 0)
        .map((b) => [b.x1! - 1 <= b.x0! ? count(b.x0!) : `${count(b.x0!)}–${count(b.x1! - 1)}`, count(b.length)]),
    ],
  };
}

// ---------------------------------------------------------------------------------------
// Each rep against their goal.

export function goalsScene(activity: Activity[]): Scene {
  const labelWidth = 170;
  const valueRoom = 150;
  const width = 760;
  const rowHeight = 34;
  const top = 8;
  const height = top + activity.length * rowHeight + 24;
  const hi = Math.max(1, ...activity.map((a) => Math.max(a.asks_per_week ?? 0, a.goal ?? 0)));
  const x = scaleLinear([0, hi], [labelWidth, width - valueRoom], 5);
  const marks: Mark[] = [];
  for (const t of x.ticks(5)) {
    marks.push({ kind: "line", x1: x(t), x2: x(t), y1: top, y2: height - 20, tone: "grid", dash: t !== 0 });
    marks.push({ kind: "text", x: x(t), y: height - 6, text: decimal(t), tone: "muted", anchor: "middle", size: 11 });
  }
  activity.forEach((a, i) => {
    const y = top + i * rowHeight;
    const name = a.active ? a.rep_name : `${a.rep_name} (inactive)`;
    marks.push({ kind: "text", x: 0, y: y + rowHeight / 2 + 4, text: name, tone: "text", size: FONT + 1 });
    const per = a.asks_per_week ?? 0;
    const tone: Tone = a.goal === null ? "other" : a.goal_met ? "success" : "warn";
    if (per > 0) marks.push({ kind: "rect", x: x(0), y: y + 8, w: Math.max(2, x(per) - x(0)), h: rowHeight - 16, tone, rx: 3 });
    if (a.goal !== null) {
      marks.push({ kind: "line", x1: x(a.goal), x2: x(a.goal), y1: y + 3, y2: y + rowHeight - 3, tone: "text", width: 2.5 });
    }
    marks.push({
      kind: "text",
      x: width - valueRoom + 10,
      y: y + rowHeight / 2 + 4,
      text: a.goal === null ? `${decimal(per)} a week, no goal` : `${decimal(per)} of ${count(a.goal)} a week`,
      tone: "text",
      size: FONT,
    });
  });
  const describe = (a: Activity) =>
    a.goal === null
      ? `${a.rep_name}: ${decimal(a.asks_per_week ?? 0)} ${noun(a.asks_per_week ?? 0, "ask")} a week, no goal set`
      : `${a.rep_name}: ${decimal(a.asks_per_week ?? 0)} ${noun(a.asks_per_week ?? 0, "ask")} a week against a goal of ${count(a.goal)} (${percent(a.goal_ratio)}${a.goal_met ? ", met" : ", behind"})`;
  return {
    title: "Each rep against their goal",
    width,
    height,
    marks,
    summary: activity.length === 0 ? "No reps yet." : `Asks per week against each rep's goal. ${activity.map(describe).join("; ")}.`,
    legend: [
      { tone: "success", label: "Goal met" },
      { tone: "warn", label: "Behind the goal" },
      { tone: "other", label: "No goal set" },
      { tone: "text", label: "Goal (the upright line)" },
    ],
    table: [
      ["Rep", "Asks", "Asks per week", "Goal", "Against goal"],
      ...activity.map((a) => [a.rep_name, count(a.asks), decimal(a.asks_per_week), a.goal === null ? "—" : count(a.goal), percent(a.goal_ratio)]),
    ],
  };
}
