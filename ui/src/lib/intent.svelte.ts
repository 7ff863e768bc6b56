// What one screen asks another to show: the person to open on Network, the target to
// search on Find, the request to open on Introductions. Read once by the screen it names.

import type { PersonId, RequestId, Target } from "./bindings";

export const intent: {
  person: PersonId | null;
  target: { target: Target; name: string } | null;
  request: RequestId | null;
  /** The person the explorer starts from. */
  explore: PersonId | null;
  /** Network opens its "Possible duplicates" list. */
  duplicates: boolean;
  /** Bumped when a screen should focus its search box. */
  focusSearch: number;
} = $state({ person: null, target: null, request: null, explore: null, duplicates: false, focusSearch: 0 });
