// Every screen in both themes: a screenshot of each, and axe-core's colour-contrast check
// (WCAG AA) run in the real window on each; any violation fails with the elements named.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startSession, typeInto, waitForText } from "../lib/session.js";
import { cli, seedWonRequest } from "../lib/seed.js";
import { contrastViolations } from "../lib/axe.js";

const SCREENS = [
  ["welcome", "Welcome"],
  ["today", "Today"],
  ["network", "Network"],
  ["find", "Find an introduction"],
  ["introductions", "Introductions"],
  ["metrics", "Metrics"],
  ["referral-iq", "Referral I.Q."],
  ["import-export", "Import & export"],
  ["settings", "Settings"],
];

/** A workspace with a won referral, deals from other sources, a goal, a target and an open request. */
function seed(database) {
  seedWonRequest(database);
  cli(database, "goal", "set", "--asks-per-week", "2");
  cli(database, "currency", "EUR");
  cli(database, "opportunity", "add", "--title", "Globex renewal", "--source", "inbound", "--value", "8000");
  cli(database, "opportunity", "add", "--title", "Initech pilot", "--source", "cold_call", "--value", "3000");
  cli(database, "person", "add", "Grace Hopper", "--email", "grace@example.com", "--org", "Navy");
  cli(database, "rel", "add", "Joan Clarke", "Grace Hopper", "--kind", "colleague", "--strength", "3");
  cli(database, "request", "create", "--target", "Grace Hopper", "--via", "Joan Clarke", "--reason", "the Navy is buying");
}

for (const [theme, gtk] of [
  ["light", "Adwaita"],
  ["dark", "Adwaita:dark"],
]) {
  describe(`every screen in the ${theme} theme`, () => {
    let app;
    before(async () => {
      app = await startSession({
        env: { GTK_THEME: gtk },
        database: (dir) => {
          const db = join(dir, "screens.db");
          seed(db);
          return db;
        },
      });
    });
    after(async () => {
      await app?.stop();
    });

    const problems = [];
    async function check(name) {
      await app.screenshot(`${name}-${theme}`);
      for (const v of await contrastViolations(app)) problems.push(`${name}: ${v}`);
    }

    it("shows each screen with every text at AA contrast", async () => {
      const dark = await app.driver.executeScript(() => matchMedia("(prefers-color-scheme: dark)").matches);
      assert.equal(dark, theme === "dark", "the window follows the desktop theme");
      for (const [id, label] of SCREENS) {
        await app.openScreen(id, label);
        await app.painted();
        await check(id);
      }
      // The states the issue named: a person's page, Find with results, an open request, Help.
      await app.openScreen("network", "Network");
      await typeInto(app, "people-search", "Grace");
      await waitForText(app, "people-list", /Grace Hopper/);
      await (await app.byTestId("person-row")).click();
      await waitForText(app, "person-name", /Grace Hopper/);
      await (await app.byTestId("toggle-target")).click();
      await waitForText(app, "toggle-target", /Remove from targets/);
      await check("network-person");
      await app.driver.executeScript(() => document.querySelector('[data-testid="neighbourhood-graph"]')?.scrollIntoView());
      await check("network-graph");
      await app.openScreen("today", "Today");
      // Grace already has a request: Today says so, and offers no second "Plan the ask".
      const asks = await waitForText(app, "suggested-asks", /Grace Hopper/);
      assert.match(asks, /request open/);
      assert.doesNotMatch(asks, /Plan the ask/);
      await check("today-target");
      await app.openScreen("find", "Find an introduction");
      await typeInto(app, "find-target-input", "Grace");
      await (await app.byTestId("find-target-option")).click();
      await app.byTestId("path-card");
      await check("find-results");
      await app.openScreen("introductions", "Introductions");
      await (await app.byTestId("request-card")).click();
      await check("introductions-open");
      await app.openScreen("metrics", "Metrics");
      await app.driver.executeScript(() => document.querySelector('[data-testid="metrics-trend"]')?.scrollIntoView());
      await check("metrics-trend");
      await app.driver.executeScript(() => document.querySelector('[data-testid="metrics-sources-chart"]')?.scrollIntoView());
      await check("metrics-charts");
      await app.driver.executeScript(() => document.querySelector('[data-testid="metrics-activity"]')?.scrollIntoView());
      await check("metrics-goals");
      await app.driver.actions().sendKeys("?").perform();
      await check("help");
      assert.deepEqual(problems, [], `contrast below WCAG AA:\n${problems.join("\n")}`);
    });
  });
}
