// Words and numbers as the screens show them.

import type { Stage } from "./bindings";

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

/** 2026-03-04 → "4 Mar 2026". */
export function day(iso: string | null | undefined): string {
  if (!iso) return "—";
  const d = new Date(`${iso.slice(0, 10)}T00:00:00`);
  if (Number.isNaN(d.getTime())) return iso;
  return d.toLocaleDateString(undefined, { day: "numeric", month: "short", year: "numeric" });
}

export function money(value: number | null | undefined): string {
  if (value === null || value === undefined) return "—";
  return new Intl.NumberFormat("en-US", { maximumFractionDigits: 0 }).format(value);
}

export function percent(score: number): string {
  return `${Math.round(score * 100)}%`;
}

/** Today as YYYY-MM-DD in the user's time zone. */
export function isoToday(): string {
  const d = new Date();
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
