// Likely duplicates in the real window: an import reports them, Network lists them with the
// evidence, and one click merges a pair (the merged person keeps both records' details).

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { startSession, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

describe("possible duplicates", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "team.db");
        cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        cli(path, "person", "add", "Bob Smith", "--org", "Acme", "--email", "bob@acme.com", "--phone", "+1 415 555 0100");
        cli(path, "person", "add", "Robert Smith", "--org", "Acme", "--email", "robert.smith@gmail.com", "--phone", "(415) 555-0100");
        cli(path, "person", "add", "Liz Park", "--org", "Globex");
        cli(path, "person", "add", "Elizabeth Park", "--org", "Globex");
        cli(path, "rel", "add", "Ada Lovelace", "Bob Smith", "--kind", "colleague", "--strength", "4");
        return path;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("lists pairs with their evidence and merges one with one click", async () => {
    await app.openScreen("network", "Network");
    await (await app.byTestId("open-duplicates")).click();
    await waitForText(app, "duplicates-summary", /2 pairs that may be one person/);
    const first = await app.textOf("duplicate-pair");
    assert.match(first, /Bob Smith/);
    assert.match(first, /same phone: \+1 415 555 0100 and \(415\) 555-0100/);
    assert.match(first, /Bob is short for Robert, both at Acme/);
    assert.match(first, /Very likely/);
    await app.painted();
    await app.screenshot("duplicates-list");

    await (await app.byTestId("duplicate-merge")).click();
    await waitForText(app, "duplicates-notice", /Merged Robert Smith into Bob Smith/);
    await waitForText(app, "duplicates-summary", /^1 pair that may be one person/);
    const person = cli(app.database, "person", "show", "Bob Smith");
    assert.deepEqual(person.person.emails.sort(), ["bob@acme.com", "robert.smith@gmail.com"]);
    assert.equal(cli(app.database, "person", "list").length, 4, "Robert Smith folded into Bob Smith");
  });

  it("dismisses a pair for good", async () => {
    await (await app.byTestId("duplicate-dismiss")).click();
    await waitForText(app, "duplicates-notice", /are two people; they will not be proposed again/);
    await waitForText(app, "duplicates-summary", /No likely duplicates\. 1 pair dismissed\./);
    await app.painted();
    await app.screenshot("duplicates-dismissed");
    const listed = cli(app.database, "duplicates");
    assert.equal(listed.total, 0);
    assert.equal(listed.dismissed, 1);
  });
});
