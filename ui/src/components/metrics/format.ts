// The metrics screen's stages and lead sources; its numbers are formatted by lib/format
// (a missing value, a ratio with nothing to divide by, shows as a dash, never NaN or 0%).

export { decimal, money as amount, percent } from "../../lib/format";

/** The funnel stages a request travels, with their labels. */
export const FUNNEL_STAGES = [
  { key: "created", stage: "draft", label: "Created" },
  { key: "asked", stage: "asked", label: "Asked" },
  { key: "accepted", stage: "accepted", label: "Accepted" },
  { key: "introduced", stage: "introduced", label: "Introduced" },
  { key: "meeting", stage: "meeting", label: "Meeting" },
  { key: "opportunity", stage: "opportunity", label: "Opportunity" },
  { key: "won", stage: "won", label: "Won" },
] as const;

export const LEAD_SOURCE_LABELS: Record<string, string> = {
  referral: "Referral",
  cold_call: "Cold call",
  inbound: "Inbound",
  event: "Event",
  existing_customer: "Existing customer",
  other: "Other",
};

export function leadSourceLabel(source: string): string {
  return LEAD_SOURCE_LABELS[source] ?? source.replace(/_/g, " ");
}
