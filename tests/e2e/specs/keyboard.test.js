// The main screens are reachable from the keyboard alone, and the shortcuts are listed.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { Key } from "selenium-webdriver";
import { startSession } from "../lib/session.js";

describe("keyboard navigation", () => {
  let app;
  before(async () => {
    app = await startSession();
  });
  after(async () => {
    await app?.stop();
  });

  const press = async (...keys) => {
    const body = await app.driver.findElement({ css: "body" });
    await body.sendKeys(...keys);
  };

  it("opens screens with g and a letter, and with Alt and a digit", async () => {
    await press("g", "n");
    await app.byTestId("screen-network");
    await press("g", "i");
    await app.byTestId("screen-introductions");
    await press(Key.ALT, "2", Key.NULL);
    await app.byTestId("screen-today");
    await press(Key.ALT, "4", Key.NULL);
    await app.byTestId("screen-find");
  });

  it("focuses the search with /, and lists the shortcuts with ?", async () => {
    await press("g", "n");
    await app.byTestId("screen-network");
    await press("/");
    await app.driver.wait(
      async () => (await app.driver.executeScript(() => document.activeElement?.dataset.testid)) === "people-search",
      30_000,
      "/ did not focus the people search",
    );
    await app.driver.executeScript(() => document.activeElement.blur());
    await press("?");
    const help = await app.byTestId("help-overlay");
    assert.match(await help.getText(), /Open Find an introduction/);
    await app.screenshot("help");
    await press(Key.ESCAPE);
    await app.driver.wait(
      async () => (await app.driver.findElements({ css: '[data-testid="help-overlay"]' })).length === 0,
      30_000,
      "Escape did not close the help",
    );
  });
});
