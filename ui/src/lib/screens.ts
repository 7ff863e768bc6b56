// The screens of the window, in navigation order. A screen is `ready` once it is built;
// the others stay in the navigation, visibly disabled, so users see what is coming.

export type ScreenId =
  | "welcome"
  | "today"
  | "network"
  | "find"
  | "explore"
  | "introductions"
  | "metrics"
  | "opportunities"
  | "referral-iq"
  | "import-export"
  | "settings";

export interface Screen {
  id: ScreenId;
  label: string;
  /** One line on what the screen is for (shown as the navigation hint). */
  summary: string;
  ready: boolean;
}

export const screens: readonly Screen[] = [
  { id: "welcome", label: "Welcome", summary: "Your workspace and how IntroGraph works", ready: true },
  { id: "today", label: "Today", summary: "Follow-ups due, requests waiting on a source", ready: true },
  { id: "network", label: "Network", summary: "People, organisations and relationships", ready: true },
  { id: "find", label: "Find an introduction", summary: "Ranked introduction paths to a target", ready: true },
  { id: "explore", label: "Explore", summary: "The network on a map: zoom, expand, filter, the best path", ready: true },
  { id: "introductions", label: "Introductions", summary: "Every request from the ask to the deal", ready: true },
  { id: "metrics", label: "Metrics", summary: "Referral funnel, conversion and goals", ready: true },
  { id: "opportunities", label: "Opportunities", summary: "Deals from every lead source: record, correct, close", ready: true },
  { id: "referral-iq", label: "Referral I.Q.", summary: "The quarterly self-assessment", ready: true },
  { id: "import-export", label: "Import & export", summary: "LinkedIn, vCard and CSV in; CSV and backups out", ready: true },
  { id: "settings", label: "Settings", summary: "Database location and app details", ready: true },
];

/** The letter after `g` that opens a screen (g t → Today). */
export const goKeys: Partial<Record<ScreenId, string>> = {
  welcome: "w",
  today: "t",
  network: "n",
  find: "f",
  explore: "e",
  introductions: "i",
  metrics: "m",
  opportunities: "o",
  "referral-iq": "q",
  "import-export": "x",
  settings: "s",
};

export function screen(id: ScreenId): Screen {
  const found = screens.find((s) => s.id === id);
  if (!found) throw new Error(`unknown screen ${id}`);
  return found;
}
