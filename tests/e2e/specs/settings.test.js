// Settings in the real window: reps and goals, the weight constants, the follow-up days and
// the database location, each stored where the engine and the command-line tool see it.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { By, startSession, typeInto } from "../lib/session.js";
import { cli } from "../lib/seed.js";

describe("Settings", () => {
  let app;
  before(async () => {
    app = await startSession();
  });
  after(async () => {
    await app?.stop();
  });

  it("teaches the first step on a new workspace, then adds a rep with a weekly goal", async () => {
    await app.openScreen("settings", "Settings");
    await app.byTestId("settings-no-reps");
    await app.screenshot("settings-empty");
    await typeInto(app, "settings-rep-name", "Ada Lovelace");
    await typeInto(app, "settings-rep-email", "ada@example.com");
    await (await app.byTestId("settings-rep-add")).click();
    assert.match(await app.textOf("settings-reps"), /Ada Lovelace\s+Current/);

    const goal = await typeInto(app, "settings-goal-Ada Lovelace", "5");
    await goal.submit();
    await app.driver.wait(async () => (await cli(app.database, "goal", "list")).length === 1, 30_000);
    assert.equal(cli(app.database, "goal", "list")[0].asks_per_week, 5);
  });

  it("refuses a weight outside (0, 1] where it is typed, and saves a valid one", async () => {
    await typeInto(app, "settings-weight-recencyFloor", "1.5");
    assert.match(await app.textOf("settings-weights"), /1\.5 is not a factor in \(0, 1\]/);
    assert.equal(await (await app.byTestId("settings-weights-save")).isEnabled(), false);
    await app.screenshot("settings-weight-error");

    await typeInto(app, "settings-weight-recencyFloor", "0.3");
    await typeInto(app, "settings-weight-unverifiedFactor", "0.25");
    await (await app.byTestId("settings-weights-save")).click();
    await app.byTestId("settings-weights-saved");
    const rows = cli(app.database, "weights");
    assert.ok(JSON.stringify(rows).includes("0.25"), JSON.stringify(rows).slice(0, 400));
    await app.screenshot("settings");
  });

  it("chooses the currency by name, or any other code", async () => {
    const section = await app.byTestId("settings-currency-section");
    await app.driver.executeScript((el) => el.scrollIntoView({ block: "center" }), section);
    const choice = await app.byTestId("settings-currency-choice");
    await choice.findElement(By.css("option[value='EUR']")).click();
    await (await app.byTestId("settings-currency-save")).click();
    await app.driver.wait(async () => cli(app.database, "currency").currency === "EUR", 30_000, "the currency was not saved");
    await app.screenshot("settings-currency");
    await choice.findElement(By.css("option[value='other']")).click();
    await typeInto(app, "settings-currency", "THB");
    await app.screenshot("settings-currency-other");
    await (await app.byTestId("settings-currency-save")).click();
    await app.driver.wait(async () => cli(app.database, "currency").currency === "THB", 30_000, "the code typed was not saved");
  });

  it("changes the follow-up days of a stage", async () => {
    await typeInto(app, "settings-follow-up-asked", "5");
    await (await app.byTestId("settings-follow-up-save")).click();
    await app.driver.wait(async () => (await app.textOf("settings-follow-ups")).includes("Saved."), 30_000);
  });

  it("names another database file for the next start in the settings file", async () => {
    await (await app.byTestId("settings-database-change")).click();
    const other = join(app.dir, "other.db");
    await typeInto(app, "settings-database-path", other);
    await app.screenshot("settings-database-choose");
    await (await app.byLabel("Use this file", { role: "button" })).click();
    // The tests choose the database through INTROGRAPH_DB, which wins over the settings file:
    // the window says the choice applies from a start without it.
    const outcome = await app.driver.wait(async () => {
      if ((await app.driver.findElements(By.css('[data-testid="settings-database-saved"]'))).length) return "saved";
      for (const alert of await app.driver.findElements(By.css('[role="alert"]'))) {
        const text = await alert.getText();
        if (text) return `refused: ${text}`;
      }
      return false;
    }, 30_000);
    assert.equal(outcome, "saved");
    assert.match(await app.textOf("settings-database-saved"), /Saved\. .*next starts without INTROGRAPH_DB/);
    const config = JSON.parse(readFileSync(join(app.dir, "config.json"), "utf8"));
    assert.equal(config.database, other);
  });
});
