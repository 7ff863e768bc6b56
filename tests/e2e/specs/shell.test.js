// The desktop shell on a fresh workspace: the window opens on the engine, shows where the
// database is, navigates between the screens that exist, and is locked down.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { startSession } from "../lib/session.js";

describe("the IntroGraph window on a fresh workspace", () => {
  let app;
  before(async () => {
    app = await startSession();
  });
  after(async () => {
    await app?.stop();
  });

  it("opens titled IntroGraph and creates the workspace database", async () => {
    assert.equal(await app.driver.getTitle(), "IntroGraph");
    assert.ok(existsSync(app.database), `the app did not create ${app.database}`);
  });

  it("shows the database path and schema version in the status bar and on the welcome screen", async () => {
    assert.equal(await app.textOf("status-database"), app.database);
    const statusVersion = await app.textOf("status-schema-version");
    assert.match(statusVersion, /^v[1-9]\d*$/);
    assert.equal(await app.textOf("workspace-database"), app.database);
    assert.equal(`v${await app.textOf("workspace-schema-version")}`, statusVersion);
    await app.screenshot("welcome");
  });

  it("opens Settings, which shows the database location, and goes back to Welcome", async () => {
    await app.openScreen("settings", "Settings");
    assert.equal(await app.textOf("settings-database"), app.database);
    const settings = await app.byLabel("Settings", { role: "button" });
    assert.equal(await settings.getAttribute("aria-current"), "page");
    await app.screenshot("settings");

    await app.openScreen("welcome", "Welcome");
    assert.equal(await app.textOf("workspace-database"), app.database);
  });

  it("offers every screen in the navigation, enabled", async () => {
    for (const [id, label] of [
      ["today", "Today"],
      ["network", "Network"],
      ["find", "Find an introduction"],
      ["introductions", "Introductions"],
      ["metrics", "Metrics"],
      ["referral-iq", "Referral I.Q."],
      ["import-export", "Import & export"],
      ["settings", "Settings"],
    ]) {
      const entry = await app.byTestId(`nav-${id}`);
      assert.equal(await entry.isEnabled(), true, `${label} should be enabled`);
      assert.match(await entry.getText(), new RegExp(`^${label.replace(/[.&]/g, "\\$&")}`, "i"));
    }
  });

  it("exposes no global Tauri object and refuses eval under its content security policy", async () => {
    const probe = await app.driver.executeScript(() => {
      let evalResult;
      try {
        evalResult = String(eval("6 * 7"));
      } catch (err) {
        evalResult = `refused: ${err.name}`;
      }
      return { globalTauri: typeof window.__TAURI__, evalResult };
    });
    assert.equal(probe.globalTauri, "undefined");
    assert.match(probe.evalResult, /^refused: EvalError/);
  });

  it("refuses a command that the window's capabilities do not grant", async () => {
    const answer = await app.driver.executeAsyncScript((done) => {
      window.__TAURI_INTERNALS__
        .invoke("plugin:app|version")
        .then((v) => done(`granted: ${v}`), (err) => done(`refused: ${String(err)}`));
    });
    assert.match(answer, /^refused: /);
  });
});
