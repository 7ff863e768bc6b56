// Import and export in the real window: a people CSV with unusual headers is read, its columns
// mapped, previewed (nothing stored), imported with a report; then exported again.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { By, startSession } from "../lib/session.js";
import { cli } from "../lib/seed.js";

const SHEET = [
  "Who,E-mail,Employer,Shoe size",
  "Ada Lovelace,ada@example.com,Analytical Engines,38",
  "Grace Hopper,grace@navy.example,US Navy,39",
  '"=HYPERLINK(""http://x"")",evil@example.com,,40',
  "",
].join("\n");

describe("Import and export", () => {
  let app;
  let sheet;
  before(async () => {
    app = await startSession();
    sheet = join(app.dir, "sheet.csv");
    writeFileSync(sheet, SHEET);
  });
  after(async () => {
    await app?.stop();
  });

  it("reads a people CSV and asks for the column that holds the name", async () => {
    await app.openScreen("import-export", "Import & export");
    await app.screenshot("import-export");
    await (await app.byTestId("import-format-people_csv")).click();
    const path = await app.byTestId("import-path");
    await path.sendKeys(sheet);
    await (await app.byTestId("import-inspect")).click();
    await app.byTestId("import-mapping");
    assert.match(await app.textOf("import-mapping-missing"), /Full name/);
    assert.equal(await (await app.byTestId("import-preview-button")).isEnabled(), false);

    const who = await app.byTestId("import-map-0");
    await who.findElement(By.css('option[value="name"]')).click();
    const employer = await app.byTestId("import-map-2");
    await employer.findElement(By.css('option[value="organisation"]')).click();
    await app.screenshot("import-mapping");
  });

  it("previews without storing anything", async () => {
    await (await app.byTestId("import-preview-button")).click();
    assert.match(await app.textOf("import-preview"), /would read 3 rows\. Nothing has been stored yet/);
    assert.equal(await app.textOf("import-added"), "3");
    assert.equal(cli(app.database, "status").people, 0);
    await app.screenshot("import-preview");
  });

  it("imports and reports what it did", async () => {
    await (await app.byTestId("import-apply")).click();
    const report = await app.textOf("import-report");
    assert.match(report, /Imported sheet\.csv: 3 rows read/);
    assert.match(report, /Added\s+3/);
    assert.match(report, /Shoe size/);
    assert.equal(cli(app.database, "status").people, 3);
    await app.screenshot("import-report");
  });

  it("exports people as formula-safe CSV", async () => {
    const out = join(app.dir, "people-out.csv");
    const path = await app.byTestId("export-path");
    await path.clear();
    await path.sendKeys(out);
    await (await app.byTestId("export-save")).click();
    assert.match(await app.textOf("export-saved"), /Saved 3 rows/);
    const text = readFileSync(out, "utf8");
    assert.match(text, /^id,name,emails,/);
    assert.match(text, /"'=HYPERLINK\(""http:\/\/x""\)"/);
  });
});
