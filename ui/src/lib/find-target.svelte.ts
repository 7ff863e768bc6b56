// The target last chosen on Find, so the explorer can draw the best path to it.

import type { Target } from "./bindings";

export const findTarget: { current: { target: Target; name: string } | null } = $state({ current: null });
