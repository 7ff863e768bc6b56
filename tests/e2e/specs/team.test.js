// The team workspace end to end: the app (rep Ada) and a second rep (Dana, a command-line
// workspace) share one real throwaway PostgreSQL server (scripts/pg-cluster.sh). Ada joins
// from Settings > Team; a person Dana adds reaches Ada's window after a sync; the status bar
// says "Synced", then "Sign-in refused" once the admin removes Ada, then "Offline — …" with
// the server gone.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { By, lookAt, startSession, typeInto, waitForText } from "../lib/session.js";
import { cli, cliBinary } from "../lib/seed.js";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const pgCluster = join(repo, "scripts/pg-cluster.sh");
const clusterDir = mkdtempSync(join(tmpdir(), "intrograph-e2e-pg-"));

function pg(cmd) {
  return execFileSync(pgCluster, [cmd, clusterDir], { encoding: "utf8" }).trim();
}

/** `intrograph` on Dana's workspace, with her password from the environment (no keyring needed). */
function dana(database, password, ...args) {
  const out = execFileSync(cliBinary, ["--db", database, "--json", ...args], {
    encoding: "utf8",
    env: { ...process.env, INTROGRAPH_DB: database, INTROGRAPH_TEAM_PASSWORD: password },
  });
  return out.trim() ? JSON.parse(out) : null;
}

describe("a team workspace shared by the app and a command-line rep", () => {
  let app;
  let admin;
  let ada;
  let danaRep;
  let danaDb;
  let adaDb;

  before(async () => {
    admin = pg("start");
    const scratch = mkdtempSync(join(tmpdir(), "intrograph-e2e-team-"));
    danaDb = join(scratch, "dana.db");
    cli(danaDb, "team", "init", admin);
    ada = cli(danaDb, "team", "add-rep", admin, "Ada Lovelace", "--email", "ada@example.com", "--leader");
    danaRep = cli(danaDb, "team", "add-rep", admin, "Dana Whitfield", "--email", "dana@example.com");
    dana(danaDb, danaRep.password, "team", "join", danaRep.url);
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "ada.db");
        cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        adaDb = path;
        return path;
      },
      // Headless: the password comes from the environment instead of a desktop keyring.
      env: { INTROGRAPH_TEAM_PASSWORD: ada.password },
    });
  });
  after(async () => {
    await app?.stop();
    pg("stop"); // again, should a test have failed before stopping it
  });

  it("joins from Settings and shows the status", async () => {
    await app.openScreen("settings", "Settings");
    await app.byTestId("team-join-form");
    await app.screenshot("team-settings-not-joined");
    await typeInto(app, "team-url", ada.url);
    await (await app.byTestId("team-join")).click();
    assert.match(await waitForText(app, "team-state", /Synced \d\d:\d\d/), /Synced/);
    assert.doesNotMatch(await app.textOf("team-server"), new RegExp(ada.password));
    assert.match(await waitForText(app, "status-team", /Synced \d\d:\d\d/), /Synced/);
    await app.screenshot("team-settings-joined");
  });

  it("shows a person Dana added once it syncs", async () => {
    dana(danaDb, danaRep.password, "person", "add", "Priya Shah", "--email", "priya@example.com");
    dana(danaDb, danaRep.password, "team", "sync");
    await (await app.byTestId("team-sync-now")).click();
    assert.match(await waitForText(app, "team-as-of", /Dana Whitfield/), /Dana Whitfield/);
    await app.openScreen("network", "Network");
    await waitForText(app, "screen-network", /Priya Shah/);
    await app.screenshot("team-network-colleagues-person");
  });

  it("lists a title both changed, in words, and sets Ada's back for everyone", async () => {
    await app.openScreen("settings", "Settings");
    // Both change Priya's title before seeing the other's; Dana's is the later edit.
    cli(adaDb, "person", "edit", "Priya Shah", "--title", "VP Sales");
    await new Promise((done) => setTimeout(done, 50));
    dana(danaDb, danaRep.password, "person", "edit", "Priya Shah", "--title", "Chief Revenue Officer");
    dana(danaDb, danaRep.password, "team", "sync");
    await (await app.byTestId("team-sync-now")).click();
    const listed = await waitForText(app, "team-conflicts", /Priya Shah[\s\S]*Title[\s\S]*Chief Revenue Officer[\s\S]*VP Sales/);
    assert.match(listed, /you, on this desktop/);
    await lookAt(app, await app.byTestId("team-conflicts"), "the conflicts list");
    await app.screenshot("team-conflicts");
    await (await app.byTestId("team-conflict-use")).click();
    // Off the list once set back (an error would be shown inline instead).
    await app.driver.wait(
      async () => (await app.driver.findElements(By.css('[data-testid="team-conflict"]'))).length === 0,
      30_000,
      "the conflict stayed listed after Use overwritten",
    );
    await (await app.byTestId("team-sync-now")).click();
    await waitForText(app, "team-state", /Synced \d\d:\d\d/);
    dana(danaDb, danaRep.password, "team", "sync");
    const shown = dana(danaDb, danaRep.password, "person", "show", "Priya Shah");
    assert.equal(shown.person.title, "VP Sales");
  });

  it("says sign-in refused once Ada is removed, and offline while the server is away", async () => {
    await app.openScreen("settings", "Settings");
    cli(danaDb, "team", "remove-rep", admin, "--email", "ada@example.com");
    await (await app.byTestId("team-sync-now")).click();
    await waitForText(app, "status-team", /Sign-in refused/);
    await app.screenshot("team-status-refused");
    pg("stop");
    await (await app.byTestId("team-sync-now")).click();
    await waitForText(app, "status-team", /Offline — will sync when the team server is back/);
    await app.screenshot("team-status-offline");
  });
});
