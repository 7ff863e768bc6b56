// What the command line could do and the window now does too: the customers to re-engage on
// Today with a planned re-engagement, an opportunity from another lead source recorded and
// closed, a merge and a deletion undone, the undo history, and team bundles.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { By, startSession, typeInto, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

/** Everyone's name in the workspace, through the command line. */
function names(database) {
  return cli(database, "person", "list", "--limit", "100").map((p) => p.full_name).sort();
}

describe("the command line's powers in the window", () => {
  let app;
  let seeded;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const db = `${dir}/intrograph.db`;
        cli(db, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        cli(db, "person", "add", "Carl Client", "--email", "carl@globex.example", "--org", "Globex");
        cli(db, "rel", "add", "Ada Lovelace", "Carl Client", "--kind", "client", "--strength", "4", "--last-contact", "2025-01-15");
        cli(db, "person", "add", "Robert Smith", "--email", "robert@initech.example", "--org", "Initech");
        cli(db, "person", "add", "Bob Smith", "--email", "bob.smith@gmail.example");
        cli(db, "rel", "add", "Ada Lovelace", "Bob Smith", "--kind", "friend", "--strength", "3");
        cli(db, "person", "add", "Dora Delete", "--email", "dora@example.com");
        cli(db, "rel", "add", "Ada Lovelace", "Dora Delete", "--kind", "colleague", "--strength", "2");
        return db;
      },
    });
    seeded = names(app.database);
  });
  after(async () => {
    await app?.stop();
  });

  it("lists a lapsed customer on Today with the reason, and plans the re-engagement in one click", async () => {
    await app.openScreen("today", "Today");
    const row = await waitForText(app, "lapsed-customers", /Carl Client/);
    assert.match(row, /no touch for \d+ days/);
    await (await app.byTestId("plan-reengagement")).click();
    await waitForText(app, "lapsed-told", /Re-engage Carl Client/);
    await app.byTestId("lapsed-planned");
    const section = await app.byTestId("lapsed-customers");
    await app.driver.executeScript((el) => el.scrollIntoView({ block: "nearest" }), section);
    await app.screenshot("today-lapsed-customers");
  });

  it("records an opportunity from a cold call, refuses a bad amount, and closes it as won", async () => {
    await app.openScreen("opportunities", "Opportunities");
    await waitForText(app, "opportunity-list", /Re-engage Carl Client/);
    await (await app.byTestId("add-opportunity")).click();
    await typeInto(app, "opportunity-title", "Cold call to Initech");
    await typeInto(app, "opportunity-value", "-40");
    // The contact is a person: the field says so.
    const contact = await app.byTestId("opportunity-contact-input");
    assert.equal(await contact.getAttribute("placeholder"), "Type the person's name");
    await app.screenshot("opportunities-add");
    await (await app.byTestId("opportunity-save")).click();
    await waitForText(app, "opportunity-error", /not an amount/);
    const value = await app.byTestId("opportunity-value");
    await value.clear();
    await typeInto(app, "opportunity-value", "18,500");
    await (await app.byTestId("opportunity-save")).click();
    await waitForText(app, "opportunity-told", /Saved “Cold call to Initech”/);
    const rows = await app.driver.findElements(By.css('[data-testid="opportunity-row"]'));
    let closeButton;
    for (const r of rows) {
      if ((await r.getText()).includes("Cold call to Initech")) closeButton = await r.findElement(By.css('[data-testid="opportunity-close"]'));
    }
    assert.ok(closeButton, "the new opportunity has a Close button");
    await closeButton.click();
    await (await app.byTestId("close-confirm")).click();
    await waitForText(app, "opportunity-told", /Closed “Cold call to Initech” as won/);
    const listed = cli(app.database, "opportunity", "list", "--source", "cold_call");
    assert.equal(listed.length, 1);
    assert.equal(listed[0].value, 18500);
    assert.equal(listed[0].outcome, "won");
    await app.screenshot("opportunities");
  });

  it("merges two people, then undoes the merge from the Undo notice", async () => {
    await app.openScreen("network", "Network");
    await typeInto(app, "people-search", "Robert");
    await waitForText(app, "people-list", /Robert Smith/);
    await (await app.byTestId("person-row")).click();
    await waitForText(app, "person-name", /Robert Smith/);
    await (await app.byLabel("Merge…", { role: "button" })).click();
    await typeInto(app, "merge-with-input", "Bob");
    const option = await app.byTestId("merge-with-option");
    await option.click();
    await (await app.byTestId("confirm-merge")).click();
    await waitForText(app, "undo-offered", /Merged Bob Smith into Robert Smith/);
    assert.ok(!names(app.database).includes("Bob Smith"), "the merge removed Bob's record");
    await app.screenshot("undo-notice-after-merge");
    await (await app.byTestId("undo-button")).click();
    await waitForText(app, "undo-told", /Undone: Merged Bob Smith into Robert Smith/);
    assert.deepEqual(names(app.database), seeded, "undoing the merge brings Bob back as he was");
  });

  it("deletes a person after asking, then undoes the deletion from the history", async () => {
    await typeInto(app, "people-search", "Dora");
    await waitForText(app, "people-list", /Dora Delete/);
    await (await app.byTestId("person-row")).click();
    await waitForText(app, "person-name", /Dora Delete/);
    await (await app.byTestId("delete-person")).click();
    await waitForText(app, "delete-dialog", /Delete Dora Delete\?/);
    await app.screenshot("delete-person-confirm");
    await (await app.byTestId("confirm-delete")).click();
    await waitForText(app, "undo-offered", /Deleted Dora Delete/);
    assert.ok(!names(app.database).includes("Dora Delete"));
    await (await app.byTestId("open-undo-history")).click();
    await app.byTestId("undo-history");
    const entries = await app.driver.findElements(By.css('[data-testid="undo-entry"]'));
    assert.equal(entries.length, 2, "the deletion and the undone merge");
    assert.match(await entries[0].getText(), /Deleted Dora Delete/);
    assert.match(await entries[1].getText(), /Undone/);
    await app.screenshot("undo-history");
    await (await entries[0].findElement(By.css('[data-testid="undo-entry-button"]'))).click();
    await waitForText(app, "undo-history", /Undone: Deleted Dora Delete/);
    assert.deepEqual(names(app.database), seeded, "Dora is back");
    await (await app.byLabel("Close", { role: "button" })).click();
    // The notice stays in the sidebar for a while; it can be dismissed.
    await (await app.byLabel("Dismiss", { role: "button" })).click();
    await app.driver.wait(async () => (await app.driver.findElements(By.css('[data-testid="undo-notice"]'))).length === 0, 5000);
  });

  it("exports a team bundle and previews merging it back in", async () => {
    await app.openScreen("import-export", "Import & export");
    const panel = await app.byTestId("bundle-panel");
    await app.driver.executeScript((el) => el.scrollIntoView({ block: "nearest" }), panel);
    await (await app.byTestId("bundle-export")).click();
    const written = await waitForText(app, "bundle-exported", /Wrote \d+ records/);
    const path = written.match(/to (\S+\.igbundle)/)[1];
    await typeInto(app, "bundle-import-path", path);
    await (await app.byTestId("bundle-preview")).click();
    await waitForText(app, "bundle-preview-report", /0 would be added/);
    const report = await app.byTestId("bundle-preview-report");
    await app.driver.executeScript((el) => el.scrollIntoView({ block: "nearest" }), report);
    await app.screenshot("import-export-bundles");
  });
});
