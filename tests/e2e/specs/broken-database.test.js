// A workspace file that is not a database: the window still opens and says what is wrong; when
// a backup of it exists, the window restores it and the workspace opens again.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, rmSync, writeFileSync } from "node:fs";
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
    // One sentence and the way out; the raw message stays behind "Technical details".
    assert.match(await app.textOf("error-summary"), /^The file failed its integrity check, so IntroGraph neither reads nor writes it\.$/);
    const details = await panel.findElement({ css: "details" });
    assert.equal(await details.getAttribute("open"), null);
    await app.screenshot("welcome-damaged");
    await (await details.findElement({ css: "summary" })).click();
    assert.ok((await app.textOf("error-message")).includes(app.database));
    await app.screenshot("welcome-damaged-details");
    await (await app.byTestId("recover-latest")).click();
    await waitForText(app, "workspace-database", new RegExp(app.database.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")));
    assert.match(await app.textOf("status-bar"), /Workspace open/);
    assert.equal(cli(app.database, "status").counts.people, 2);
    await app.screenshot("welcome-recovered");
  });
});

describe("the IntroGraph window on a database damaged inside, found by the daily check", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "team.db");
        // Seeded east of the date line, opened west of it: the file was last checked on
        // another day, so the app checks it today, while its window works.
        const tz = process.env.TZ;
        process.env.TZ = "Etc/GMT-14";
        try {
          const people = join(dir, "people.csv");
          const rows = Array.from({ length: 3000 }, (_, i) => `Person ${i},p${i}@team.example,${"notes ".repeat(20)}`);
          writeFileSync(people, `name,email,notes\n${rows.join("\n")}\n`);
          cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
          cli(path, "import", "people", people);
          cli(path, "db", "backup");
        } finally {
          if (tz === undefined) delete process.env.TZ;
          else process.env.TZ = tz;
        }
        for (const suffix of ["-wal", "-shm"]) rmSync(`${path}${suffix}`, { force: true });
        // Pages in the middle overwritten: the file still opens, its structure is broken.
        const bytes = readFileSync(path);
        const middle = Math.floor(bytes.length / 2);
        bytes.fill(0xa5, middle, middle + 16384);
        writeFileSync(path, bytes);
        return path;
      },
      env: { TZ: "Etc/GMT+12" },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("opens, then says the file is damaged and restores the latest backup", async () => {
    const panel = await app.byTestId("error-panel");
    assert.match(await panel.getText(), /The database file is damaged/);
    await app.screenshot("welcome-damaged-by-check");
    await (await app.byTestId("recover-latest")).click();
    await waitForText(app, "status-bar", /Workspace open/);
    assert.equal(cli(app.database, "status").counts.people, 3001);
  });
});
