// Import and export in the real window: a rep brings in their LinkedIn connections, a contacts
// CSV whose columns they map, and a relationships sheet; previews store nothing, re-imports add
// nothing; the imported network finds an introduction two hops away; exports are formula-safe.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { By, startSession, typeInto, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

// LinkedIn's export as it really comes: a notes preamble, a blank line, CRLF, a BOM, quoted
// commas, a missing email, a row without a name.
const CONNECTIONS =
  "\uFEFFNotes:\r\n" +
  '"When exporting your connection data, you may notice that some of the email addresses are missing. You will only see email addresses for connections who have allowed their connections to see or download their email address."\r\n' +
  "\r\n" +
  "First Name,Last Name,URL,Email Address,Company,Position,Connected On\r\n" +
  'Priya,Raman,https://www.linkedin.com/in/priyaraman,priya.raman@northwind.io,Northwind Analytics,"VP Sales, EMEA",24 Sep 2014\r\n' +
  'Tomás,Ó Briain,https://www.linkedin.com/in/tomas-obriain,,"Kerrigan, Doyle & Partners",Managing Partner,03 Jan 2023\r\n' +
  ",,https://www.linkedin.com/in/anonymous,,,,15 Jun 2022\r\n";

const CONTACTS = [
  "Given Name,Family Name,E-mail 1 - Value,Organization 1 - Name,Shoe size",
  "Dana,Whitfield,dana@globex.example,Globex,38",
  '"=HYPERLINK(""http://x"")",Evil,evil@example.com,,40',
  "",
].join("\n");

const TIES = [
  "person_a,person_b,kind,strength,verified,last_contact",
  "Priya Raman,Dana Whitfield,former_colleague,4,yes,2026-10-01",
  "",
].join("\n");

describe("Import and export", () => {
  let app;
  const file = (name) => join(app.dir, name);
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const db = join(dir, "import.db");
        cli(db, "rep", "add", "Sam Rivera", "--email", "sam@ourco.example");
        return db;
      },
    });
    writeFileSync(file("Connections.csv"), CONNECTIONS);
    writeFileSync(file("contacts.csv"), CONTACTS);
    writeFileSync(file("ties.csv"), TIES);
  });
  after(async () => {
    await app?.stop();
  });

  async function readFile(format, name) {
    await (await app.byTestId(`import-format-${format}`)).click();
    await typeInto(app, "import-path", file(name));
    await (await app.byTestId("import-inspect")).click();
  }

  it("previews a LinkedIn export without storing anything", async () => {
    await app.openScreen("import-export", "Import & export");
    await app.screenshot("import-export");
    await readFile("linkedin", "Connections.csv");
    const preview = await waitForText(app, "import-preview", /Nothing has been stored yet/);
    assert.match(preview, /would read 3 records/);
    assert.equal(await app.textOf("import-added"), "2");
    assert.equal(await app.textOf("import-skipped"), "1");
    assert.match(await app.textOf("import-skips"), /Connections\.csv, line \d+: .*name/i);
    assert.match(await app.textOf("import-relationships"), /2 relationships/);
    assert.equal(cli(app.database, "status").counts.people, 1);
    await app.screenshot("import-preview");
  });

  it("imports the connections and reports what it did; importing again adds nothing", async () => {
    await (await app.byTestId("import-apply")).click();
    const report = await waitForText(app, "import-report", /Imported Connections\.csv/);
    assert.match(report, /Added\s+2/);
    assert.equal(cli(app.database, "status").counts.people, 3);
    await app.screenshot("import-report");

    await readFile("linkedin", "Connections.csv");
    await waitForText(app, "import-preview", /Nothing has been stored yet/);
    assert.equal(await app.textOf("import-added"), "0");
    assert.equal(await app.textOf("import-unchanged"), "2");
  });

  it("maps a contacts CSV's columns, saves the mapping and imports it", async () => {
    await readFile("csv", "contacts.csv");
    await app.byTestId("import-mapping");
    assert.match(await app.textOf("import-mapping"), /Shoe size/);
    // Google Contacts headers are recognised: the name columns are mapped already.
    assert.equal(await (await app.byTestId("import-preview-button")).isEnabled(), true);
    const shoe = await app.byTestId("import-map-4");
    assert.equal(await shoe.getAttribute("value"), "");
    await typeInto(app, "import-save-mapping", "Google export");
    await app.screenshot("import-mapping");
    await (await app.byTestId("import-preview-button")).click();
    await waitForText(app, "import-preview", /would read 2 records/);
    await (await app.byTestId("import-apply")).click();
    const report = await waitForText(app, "import-report", /Imported contacts\.csv/);
    assert.match(report, /Added\s+2/);
    assert.match(report, /saved as “Google export”/);
  });

  it("imports the relationships sheet", async () => {
    await readFile("relationships_csv", "ties.csv");
    await waitForText(app, "import-preview", /would read 1 record/);
    await (await app.byTestId("import-apply")).click();
    await waitForText(app, "import-report", /Imported ties\.csv/);
  });

  it("finds an introduction two hops away through the imported network", async () => {
    await app.openScreen("find", "Find an introduction");
    await typeInto(app, "find-target-input", "Dana");
    const option = await app.byTestId("find-target-option");
    assert.match(await option.getText(), /Dana Whitfield/);
    await option.click();
    await waitForText(app, "find-result-title", /Paths to Dana Whitfield/);
    const first = await waitForText(app, "path-card", /Ask Priya Raman/);
    assert.match(first, /LinkedIn/i);
    const badges = await app.driver.findElements(By.css('[data-testid="confirm-badge"]'));
    assert.ok(badges.length >= 1, "the LinkedIn tie is unverified and marked to confirm");
    await app.screenshot("find-imported");
  });

  it("exports people as formula-safe CSV", async () => {
    await app.openScreen("import-export", "Import & export");
    const out = file("people-out.csv");
    await typeInto(app, "export-path", out);
    await (await app.byTestId("export-save")).click();
    await waitForText(app, "export-saved", /Saved 5 rows/);
    const text = readFileSync(out, "utf8");
    assert.match(text.split("\n")[0], /^id,name,/);
    assert.match(text, /'=HYPERLINK/);
    assert.doesNotMatch(text, /(^|,)=HYPERLINK/m);
  });

  it("takes a database backup and lists it", async () => {
    await (await app.byTestId("backup-now")).click();
    await waitForText(app, "backup-list", /manual/);
    await app.screenshot("import-backups");
  });
});
