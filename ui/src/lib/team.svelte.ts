// The team workspace as the window sees it: read once at start-up, then kept current by
// the background sync's `team-status` events; shared by the status bar, Settings > Team
// and the "as of" times on Metrics and Referral I.Q.

import { onTeamStatus, teamStatus, type TeamStatusView } from "./backend";

export const team: { current: TeamStatusView | null } = $state({ current: null });

/** Reads the team status; a workspace that cannot have one shows none. */
export async function loadTeam(): Promise<void> {
  try {
    team.current = await teamStatus();
  } catch {
    team.current = null;
  }
}

/** Follows the background sync; resolves to the way to stop. */
export function followTeam() {
  return onTeamStatus((status) => (team.current = status));
}

/** "14:02" today, else "3 Dec 14:02"; "never" without a time. */
export function asOfText(iso: string | null, now: Date = new Date()): string {
  if (!iso) return "never";
  const t = new Date(iso);
  const time = t.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit", hour12: false });
  if (t.toDateString() === now.toDateString()) return time;
  return `${t.toLocaleDateString([], { day: "numeric", month: "short" })} ${time}`;
}
