// Checks of the weight form, the same rules as the engine's `WeightParams::validate`: every
// factor lies in (0, 1] and the half-life is a positive number of days.

export type WeightField =
  | "strength1"
  | "strength2"
  | "strength3"
  | "strength4"
  | "strength5"
  | "unverifiedFactor"
  | "recencyHalfLifeDays"
  | "recencyFloor"
  | "unknownContactFactor";

export function weightProblems(form: Record<WeightField, string>): Partial<Record<WeightField, string>> {
  const out: Partial<Record<WeightField, string>> = {};
  for (const [field, text] of Object.entries(form) as [WeightField, string][]) {
    const trimmed = text.trim();
    const v = Number(trimmed);
    if (trimmed === "" || !Number.isFinite(v)) {
      out[field] = `${JSON.stringify(text)} is not a number`;
    } else if (field === "recencyHalfLifeDays") {
      if (v <= 0) out[field] = `${v} is not a positive number of days`;
    } else if (v <= 0 || v > 1) {
      out[field] = `${v} is not a factor in (0, 1]`;
    }
  }
  return out;
}
