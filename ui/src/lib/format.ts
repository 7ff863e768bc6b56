// Words and numbers as the screens show them: the one place that formats numbers, amounts,
// dates and times (in the desktop's locale, the same way everywhere) and that chooses
// singular or plural.

import type { Stage } from "./bindings";
import { currency } from "./currency.svelte";

/** The locale numbers and dates follow: the desktop's (undefined), or a fixed one in tests. */
let locale: string | undefined;

/** Formats in `tag` from now on (`undefined`: the desktop's locale again). For tests. */
export function useLocale(tag: string | undefined): void {
  locale = tag;
}

export const stageLabels: Record<Stage, string> = {
  draft: "Draft",
  asked: "Asked",
  accepted: "Accepted",
  declined: "Declined",
  introduced: "Introduced",
  meeting: "Meeting",
  opportunity: "Opportunity",
  won: "Won",
  lost: "Lost",
  stalled: "Stalled",
};

export const strengthLabels = ["", "Distant", "Casual", "Good", "Strong", "Very strong"];

export function kindLabel(kind: string): string {
  if (kind === "linkedin_connection") return "LinkedIn connection";
  if (kind === "board") return "Board member";
  const words = kind.replace(/_/g, " ");
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MISSING = "—";

/** A whole count with the locale's grouping: 12345 → "12,345" (en), "12.345" (de). */
export function count(n: number): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits: 0 }).format(n);
}

/**
 * A measured number with at most `digits` decimals, none when it is whole: 4 → "4",
 * 2.25 → "2.3"; a missing value is a dash, never "0.0" or NaN.
 */
export function decimal(v: number | null | undefined, digits = 1): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(v);
}

/** A ratio as a whole percentage: 0.256 → "26%"; a missing ratio is a dash. */
export function percent(v: number | null | undefined): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return MISSING;
  return new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 0 }).format(v);
}

/** An amount in the workspace's currency: 48000 → "$48,000" (USD, en), "48.000,00 €" (EUR, de) without cents when whole. */
export function money(value: number | null | undefined, code: string = currency.code): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return MISSING;
  const whole = Number.isInteger(value);
  return new Intl.NumberFormat(locale, {
    style: "currency",
    currency: code,
    minimumFractionDigits: whole ? 0 : 2,
    maximumFractionDigits: whole ? 0 : 2,
  }).format(value);
}

/** The currency's symbol as the locale writes it ("$", "€", "£", "CHF"). */
export function currencySymbol(code: string = currency.code): string {
  const part = new Intl.NumberFormat(locale, { style: "currency", currency: code })
    .formatToParts(0)
    .find((p) => p.type === "currency");
  return part?.value ?? code;
}

function parseDay(iso: string): Date | undefined {
  const d = new Date(`${iso.slice(0, 10)}T00:00:00`);
  return Number.isNaN(d.getTime()) ? undefined : d;
}

/** A calendar day (YYYY-MM-DD or an instant's day) in the locale: 2026-12-05 → "Dec 5, 2026" (en-US). */
export function day(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const d = parseDay(iso);
  return d ? new Intl.DateTimeFormat(locale, { dateStyle: "medium" }).format(d) : iso;
}

/** A day without its year, for axes and short lists: "Dec 5" (en-US). */
export function shortDay(iso: string | null | undefined): string {
  if (!iso) return MISSING;
  const d = parseDay(iso);
  return d ? new Intl.DateTimeFormat(locale, { month: "short", day: "numeric" }).format(d) : iso;
}

/** An instant with its day and time, in the locale: "Dec 4, 2026, 1:49 PM" (en-US). */
export function dateTime(instant: string | Date | null | undefined): string {
  if (!instant) return MISSING;
  const d = instant instanceof Date ? instant : new Date(instant);
  if (Number.isNaN(d.getTime())) return String(instant);
  return new Intl.DateTimeFormat(locale, { dateStyle: "medium", timeStyle: "short" }).format(d);
}

/** The time of day of an instant, in the locale: "1:49 PM" (en-US). */
export function time(instant: Date): string {
  return new Intl.DateTimeFormat(locale, { timeStyle: "short" }).format(instant);
}

/**
 * A count with its noun, singular for exactly one: `plural(1, "person", "people")` →
 * "1 person", `plural(1200, "record")` → "1,200 records".
 */
export function plural(n: number, one: string, many: string = `${one}s`): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** The noun alone, singular for exactly one. */
export function noun(n: number, one: string, many: string = `${one}s`): string {
  return n === 1 ? one : many;
}

/** "a" or "an" before `word`, by its first letter: "an Outlook export", "a LinkedIn export". */
export function withArticle(word: string): string {
  return `${/^[aeiou]/i.test(word) ? "an" : "a"} ${word}`;
}

/**
 * A path's score (the product of its introduction weights, times the source's track record)
 * as a strength label, so that 0.04 never reads like a 4% probability: "strong" from 0.5,
 * "good" from 0.2, "fair" from 0.05, else "weak".
 */
export function pathStrength(score: number): string {
  if (score >= 0.5) return "Strong path";
  if (score >= 0.2) return "Good path";
  if (score >= 0.05) return "Fair path";
  return "Weak path";
}

/** A path's score with its label: "Fair path (score 0.04)". */
export function pathScore(score: number): string {
  return `${pathStrength(score)} (score ${new Intl.NumberFormat(locale, { maximumFractionDigits: 2, minimumFractionDigits: 2 }).format(score)})`;
}

/** Today as YYYY-MM-DD in the user's time zone. */
export function isoToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
