// Metrics in the real window, on a workspace where a referral led to a won deal.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { By, startSession, typeInto } from "../lib/session.js";
import { seedWonRequest } from "../lib/seed.js";

describe("Metrics", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const db = join(dir, "metrics.db");
        seedWonRequest(db);
        return db;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("shows the won request in the funnel, by rep, by quarter and in the top sources", async () => {
    await app.openScreen("metrics", "Metrics");
    assert.equal(await app.textOf("metrics-created"), "1");
    assert.equal(await app.textOf("metrics-won"), "1");
    const chart = await app.byTestId("metrics-funnel-chart");
    assert.match(await chart.getAttribute("aria-label"), /Created 1, Asked 1, .*Won 1/);
    assert.match(await app.textOf("metrics-by-rep"), /Ada Lovelace/);
    assert.match(await app.textOf("metrics-by-quarter"), /\d{4}-Q[1-4]/);
    assert.match(await app.textOf("metrics-top-sources"), /Joan Clarke\s+1\s+1\s+\$\s?12,?000/);
    assert.match(await app.textOf("metrics-activity"), /Ada Lovelace/);
    await app.screenshot("metrics");
  });

  it("labels the cycle time's median above the bars, clear of the axis", async () => {
    const chart = await app.byTestId("metrics-cycle-chart");
    await app.driver.executeScript((el) => el.scrollIntoView({ block: "center" }), chart);
    // The label's box and every bar's box, as drawn: none overlap.
    const overlaps = await app.driver.executeScript((el) => {
      const svg = el.querySelector("svg");
      const label = [...svg.querySelectorAll("text")].find((t) => t.textContent.startsWith("median"));
      if (!label) return ["no median label"];
      const l = label.getBoundingClientRect();
      const hit = (r) => !(r.right <= l.left || r.left >= l.right || r.bottom <= l.top || r.top >= l.bottom);
      const others = [...svg.querySelectorAll("rect, text")].filter((e) => e !== label && e.getBoundingClientRect().width > 0);
      return others.filter((e) => hit(e.getBoundingClientRect())).map((e) => e.outerHTML.slice(0, 80));
    }, chart);
    assert.deepEqual(overlaps, []);
    await app.screenshot("metrics-cycle-time");
  });

  it("exports the top referral sources to a CSV file", async () => {
    await (await app.byTestId("metrics-top-sources-export")).click();
    const file = join(app.dir, "top-sources.csv");
    const path = await typeInto(app, "metrics-top-sources-path", file);
    await app.screenshot("metrics-export");
    await path.findElement(By.xpath("./ancestor::form//button[@type='submit']")).click();
    assert.match(await app.textOf("metrics-top-sources-saved"), /Saved 1 row to/);
    assert.ok(existsSync(file));
    // The engine's metrics export, the same as `intrograph export metrics --table top-sources`.
    const [header, row, ...rest] = readFileSync(file, "utf8").split("\n");
    assert.equal(header, "from,to,source_id,source,introductions,wins,revenue");
    assert.match(row, /^\d{4}-\d{2}-\d{2},\d{4}-\d{2}-\d{2},[0-9a-f-]{36},Joan Clarke,1,1,12000$/);
    assert.deepEqual(rest, [""]);
  });

  it("filters by rep", async () => {
    const rep = await app.byTestId("metrics-rep");
    await rep.findElement(By.xpath("./option[normalize-space()='Ada Lovelace']")).click();
    assert.equal(await app.textOf("metrics-created"), "1");
    await app.screenshot("metrics-filtered");
  });
});
