// A workspace file that is not a database: the window still opens and says what is wrong; when
// a backup of it exists, the window restores it and the workspace opens again.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSession, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

describe("the IntroGraph window on a file that is not a database", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "notes.db");
        writeFileSync(path, "these are meeting notes, not an IntroGraph database\n".repeat(200));
        return path;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("shows the error with the file's path where the workspace would be", async () => {
    const panel = await app.byTestId("error-panel");
    assert.match(await panel.getText(), /IntroGraph could not open its database/);
    const message = await app.textOf("error-message");
    assert.ok(message.includes(app.database), `"${message}" does not name ${app.database}`);
    assert.match(await app.textOf("status-error"), /Workspace unavailable/);
    await app.screenshot("welcome-database-error");
  });

  it("shows the same error on Settings", async () => {
    await app.openScreen("settings", "Settings");
    assert.ok((await app.textOf("error-message")).includes(app.database));
    await app.screenshot("settings-database-error");
  });
});

describe("the IntroGraph window on a damaged database that has a backup", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "team.db");
        cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        cli(path, "person", "add", "Joan Clarke", "--email", "joan@example.com");
        cli(path, "db", "backup");
        for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
        writeFileSync(path, "a disk error wrote this over the database\n".repeat(200));
        return path;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("says the file is damaged and restores the latest backup from the window", async () => {
    const panel = await app.byTestId("error-panel");
    assert.match(await panel.getText(), /The database file is damaged/);
    await app.screenshot("welcome-damaged");
    await (await app.byTestId("recover-latest")).click();
    await waitForText(app, "workspace-database", new RegExp(app.database.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.match(await app.textOf("status-bar"), /Workspace open/);
    assert.equal(cli(app.database, "status").counts.people, 2);
    await app.screenshot("welcome-recovered");
  });
});
