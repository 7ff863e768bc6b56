// One file, many programs: while the window is open, the command line writes to the same
// database file. The window notices within seconds and shows what it wrote: a better path on
// Find, a follow-up on Today; a restore by the command line reopens the workspace and says so.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { By, screenshotDir, startSession, typeInto, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

/** The whole X display as the user sees it (ImageMagick's `import`), beside the screenshots. */
function grabDisplay(name) {
  mkdirSync(screenshotDir, { recursive: true });
  execFileSync("import", ["-window", "root", join(screenshotDir, `${name}.png`)]);
}

/** Today, as the command line reads dates (YYYY-MM-DD, local time). */
function isoToday() {
  const d = new Date();
  return `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, "0")}-${String(d.getDate()).padStart(2, "0")}`;
}

describe("the window follows what the command line writes to its file", () => {
  let app;
  let database;
  let backupFile;
  let requestId;

  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "team.db");
        // The only path to Dana goes through Bob, weak and unconfirmed.
        cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        cli(path, "person", "add", "Bob Weak");
        cli(path, "person", "add", "Dana Target");
        cli(path, "rel", "add", "Ada Lovelace", "Bob Weak", "--kind", "linkedin_connection", "--strength", "1");
        cli(path, "rel", "add", "Bob Weak", "Dana Target", "--kind", "linkedin_connection", "--strength", "1");
        const request = cli(path, "request", "create", "--target", "Dana Target", "--via", "Bob Weak", "--reason", "Dana's team is hiring");
        requestId = request.id ?? request.request?.id;
        backupFile = join(dir, "before-carol.db");
        cli(path, "db", "backup", backupFile);
        return path;
      },
    });
    database = app.database;
  });
  after(async () => {
    await app?.stop();
  });

  it("shows the better path the command line adds while Find is open", async () => {
    await app.openScreen("find", "Find an introduction");
    await typeInto(app, "find-target-input", "Dana");
    await (await app.byTestId("find-target-option")).click();
    await waitForText(app, "find-result-title", /Paths to Dana Target/);
    assert.match(await app.textOf("path-card"), /Ask Bob Weak/);
    await app.screenshot("outside-find-before");

    cli(database, "person", "add", "Carol Strong");
    cli(database, "rel", "add", "Ada Lovelace", "Carol Strong", "--kind", "colleague", "--strength", "5", "--verified");
    cli(database, "rel", "add", "Carol Strong", "Dana Target", "--kind", "friend", "--strength", "5", "--verified");
    const started = Date.now();
    // The command line ranks Carol first; so does the window, without a restart.
    const best = await waitForText(app, "path-card", /Ask Carol Strong/);
    assert.match(best, /verified/);
    const seconds = (Date.now() - started) / 1000;
    assert.ok(seconds < 10, `the window took ${seconds}s to notice`);
    assert.match(await app.textOf("status-notice"), /Updated by another program/);
    const cards = await app.driver.findElements(By.css('[data-testid="path-card"]'));
    assert.ok(cards.length >= 2, "Bob's path is still offered, below Carol's");
    await app.screenshot("outside-find-after");
    grabDisplay("outside-find-after-display");

    // Searching again gives the same answer as the command line.
    const paths = cli(database, "paths", "Dana Target");
    const first = JSON.stringify(paths).indexOf("Carol Strong");
    assert.ok(first >= 0, "the command line ranks Carol too");
  });

  it("shows on Today a follow-up the command line logs", async () => {
    await app.openScreen("today", "Today");
    await app.byTestId("screen-today");
    cli(database, "request", "move", requestId, "asked");
    cli(database, "request", "followup", requestId, "--on", isoToday());
    await waitForText(app, "due-list", /Dana Target/);
    await app.screenshot("outside-today-after");
  });

  it("says so when the command line restores a backup, and shows the restored content", async () => {
    await app.openScreen("find", "Find an introduction");
    cli(database, "db", "restore", backupFile);
    await waitForText(app, "status-notice", /restored from a backup by another program/);
    await app.byTestId("screen-welcome");
    await app.screenshot("outside-restored");
    assert.match(await app.textOf("status-bar"), /Workspace open/);
    // The restored file has no Carol: the window's next search says the same.
    await app.openScreen("find", "Find an introduction");
    await typeInto(app, "find-target-input", "Dana");
    await (await app.byTestId("find-target-option")).click();
    await waitForText(app, "find-result-title", /Paths to Dana Target/);
    const text = await app.textOf("path-card");
    assert.match(text, /Ask Bob Weak/);
    const cards = await app.driver.findElements(By.css('[data-testid="path-card"]'));
    assert.equal(cards.length, 1, "Carol's path went with the restore");
  });
});

describe("a second window on the same file", () => {
  let first;
  let second;
  let dir;
  before(async () => {
    first = await startSession();
    dir = first.dir;
    // Launching the app again on the same file opens a second window; both stay live.
    second = await startSession({ database: () => first.database });
  });
  after(async () => {
    await second?.stop();
    // Stopping a session ends every app on its database file, the first window's too: its
    // driver's goodbye may then find no window, which is not a failure.
    await first?.stop().catch(() => {});
  });

  it("shows what the other window wrote", async () => {
    assert.ok(dir);
    await first.openScreen("today", "Today");
    await second.openScreen("today", "Today");
    await second.byTestId("onboarding");
    await (await first.byTestId("load-sample")).click();
    await waitForText(first, "overdue-list", /Marcus Webb/);
    // The second window was not touched: it follows the first one's commit by itself.
    await waitForText(second, "overdue-list", /Marcus Webb/);
    assert.match(await second.textOf("status-notice"), /Updated by another program/);
    await second.screenshot("outside-second-window");
  });
});
