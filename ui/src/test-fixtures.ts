// Values the unit tests build the shell's answers from.

import type { IntroRequest } from "./lib/bindings";

/** An introduction request (a draft by Maya Okafor through Daniel Cho) with `fields` in place of its own. */
export function introRequest(fields: Partial<IntroRequest> = {}): IntroRequest {
  return {
    id: "req",
    rep_id: "rep",
    target_id: "target",
    source_id: "src",
    path: [],
    reason: "",
    offer: "",
    message: "",
    stage: "draft",
    stalled_from: null,
    next_follow_up: null,
    deal_value: null,
    lost_reason: null,
    thanked_on: null,
    told_on: null,
    created_at: "2026-11-01T10:00:00Z",
    updated_at: "2026-11-01T10:00:00Z",
    rep_name: "Maya Okafor",
    target_name: "Target",
    source_name: "Daniel Cho",
    touches: 0,
    ...fields,
  };
}
