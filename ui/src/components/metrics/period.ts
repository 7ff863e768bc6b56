// Period presets of the metrics filter, as local ISO dates.

export type PeriodChoice = "this-quarter" | "last-quarter" | "this-year" | "last-12-months" | "custom";

function iso(d: Date): string {
  const m = String(d.getMonth() + 1).padStart(2, "0");
  const day = String(d.getDate()).padStart(2, "0");
  return `${d.getFullYear()}-${m}-${day}`;
}

/** The dates of a preset seen from `today` (local time). */
export function periodOf(choice: Exclude<PeriodChoice, "custom">, today: Date): { from: string; to: string } {
  const y = today.getFullYear();
  const q = Math.floor(today.getMonth() / 3);
  switch (choice) {
    case "this-quarter":
      return { from: iso(new Date(y, q * 3, 1)), to: iso(new Date(y, q * 3 + 3, 0)) };
    case "last-quarter":
      return { from: iso(new Date(y, q * 3 - 3, 1)), to: iso(new Date(y, q * 3, 0)) };
    case "this-year":
      return { from: iso(new Date(y, 0, 1)), to: iso(new Date(y, 11, 31)) };
    case "last-12-months": {
      const from = new Date(y, today.getMonth() - 12, today.getDate() + 1);
      return { from: iso(from), to: iso(today) };
    }
  }
}

/** The folder of a file path (`/home/a/team.db` → `/home/a`). */
export function folderOf(path: string): string {
  const i = path.lastIndexOf("/");
  return i > 0 ? path.slice(0, i) : "";
}
