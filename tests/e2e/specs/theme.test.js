// The window follows the system's colour scheme: a dark desktop theme gives a dark window.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSession } from "../lib/session.js";

/** Relative luminance (0 black … 1 white) of a CSS `rgb(...)` colour. */
function luminance(css) {
  const [r, g, b] = css.match(/\d+(\.\d+)?/g).slice(0, 3).map(Number);
  return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255;
}

async function backgrounds(app) {
  await app.byTestId("workspace-database");
  return app.driver.executeScript(() => ({
    dark: matchMedia("(prefers-color-scheme: dark)").matches,
    body: getComputedStyle(document.body).backgroundColor,
    text: getComputedStyle(document.body).color,
  }));
}

describe("the window on a dark desktop theme", () => {
  let app;
  before(async () => {
    app = await startSession({ env: { GTK_THEME: "Adwaita:dark" } });
  });
  after(async () => {
    await app?.stop();
  });

  it("uses the dark palette: light text on a dark background", async () => {
    const colours = await backgrounds(app);
    assert.equal(colours.dark, true, "the webview did not report prefers-color-scheme: dark");
    assert.ok(luminance(colours.body) < 0.2, `background ${colours.body} is not dark`);
    assert.ok(luminance(colours.text) > 0.8, `text ${colours.text} is not light`);
    await app.screenshot("welcome-dark");
    await app.openScreen("settings", "Settings");
    await app.screenshot("settings-dark");
  });
});

describe("the window on a light desktop theme", () => {
  let app;
  before(async () => {
    app = await startSession({ env: { GTK_THEME: "Adwaita" } });
  });
  after(async () => {
    await app?.stop();
  });

  it("uses the light palette: dark text on a light background", async () => {
    const colours = await backgrounds(app);
    assert.equal(colours.dark, false);
    assert.ok(luminance(colours.body) > 0.8, `background ${colours.body} is not light`);
    assert.ok(luminance(colours.text) < 0.2, `text ${colours.text} is not dark`);
  });
});
