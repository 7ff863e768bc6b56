// Words for lead sources and outcomes.
import type { LeadSource, Outcome } from "../../lib/bindings";

export const sourceLabels: Record<LeadSource, string> = {
  referral: "Referral",
  cold_call: "Cold call",
  inbound: "Inbound",
  event: "Event",
  existing_customer: "Existing customer",
  other: "Other",
};

export const outcomeLabels: Record<Outcome, string> = { open: "Open", won: "Won", lost: "Lost" };

/**
 * A typed amount as the backend takes it: empty is none; otherwise the number as typed
 * (the backend refuses a negative, zero-less or non-finite one and says why). Thousands
 * separators (",", "_", spaces) are dropped first.
 */
export function amount(text: string): number | null | "invalid" {
  const t = text.replace(/[,_\s]/g, "").trim();
  if (t === "") return null;
  const n = Number(t);
  return Number.isFinite(n) ? n : "invalid";
}
