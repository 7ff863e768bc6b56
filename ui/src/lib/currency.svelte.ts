// The workspace's currency (ISO 4217), as the window shows deal values in it. Set when the
// workspace opens and when Settings changes it; every amount on screen reads it, so a change
// shows everywhere at once.

export const currency: { code: string } = $state({ code: "USD" });
