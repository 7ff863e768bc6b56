// A workspace file that is not a database: the window still opens and says what is wrong.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { startSession } from "../lib/session.js";

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
