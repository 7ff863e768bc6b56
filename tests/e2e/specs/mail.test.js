// Relationship strength from the rep's own mail, in the real window: the rep imports a
// mailbox (previewed first: who would be touched, who is not a person yet, what is skipped),
// accepts the strengths its touches suggest, and the Find ranking changes: the source the rep
// really writes to now comes first.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { lookAt, startSession, typeInto, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

const DAY = 86_400_000;

/** An RFC 5322 date `daysAgo` days before now, at noon UTC. */
function mailDate(daysAgo) {
  const d = new Date(Date.now() - daysAgo * DAY);
  d.setUTCHours(12, 0, 0, 0);
  return d.toUTCString().replace("GMT", "+0000");
}

function message(n, { from, to, date, extra = "" }) {
  return [
    `From ${n}@xxx Mon Mar 02 09:15:00 +0000 2026`,
    `X-GM-THRID: 17900000000000${String(n).padStart(5, "0")}`,
    `Message-ID: <m${n}@mail.example>`,
    `Date: ${date}`,
    `From: ${from}`,
    `To: ${to}`,
    `Subject: Thread ${n}`,
    extra,
    "",
    "Body text that is never stored.",
    ">From a quoted line",
    "",
  ]
    .filter((l) => l !== null)
    .join("\n");
}

/** Sam writes with Priya every other day for seven weeks; Zoë (not a person yet) a few times. */
function mailbox() {
  const parts = [];
  let n = 0;
  for (let i = 0; i < 24; i++) {
    const sam = "Sam Rivera <sam@ourco.example>";
    const priya = "Priya Raman <priya@acme.example>";
    parts.push(message(++n, i % 2 ? { from: sam, to: priya, date: mailDate(2 + 2 * i) } : { from: priya, to: sam, date: mailDate(2 + 2 * i) }));
  }
  for (let i = 0; i < 3; i++) {
    const zoe = "=?UTF-8?B?Wm/DqyBNw7xsbGVy?= <zoe@beta.example>";
    const sam = "Sam Rivera <sam@ourco.example>";
    parts.push(message(++n, i === 1 ? { from: sam, to: zoe, date: mailDate(10 + i) } : { from: zoe, to: sam, date: mailDate(10 + i) }));
  }
  parts.push(message(++n, { from: "Weekly <news@letters.example>", to: "sam@ourco.example", date: mailDate(3), extra: "List-Unsubscribe: <https://letters.example/u>" }));
  parts.push(message(++n, { from: "GitHub <noreply@github.com>", to: "sam@ourco.example", date: mailDate(4) }));
  parts.push(message(++n, { from: "Jon Bell <jon@acme.example>", to: "sam@ourco.example", date: "" }).replace("Date: \n", ""));
  return parts.join("\n");
}

const CONNECTIONS =
  "First Name,Last Name,URL,Email Address,Company,Position,Connected On\n" +
  "Priya,Raman,https://www.linkedin.com/in/priya-raman,priya@acme.example,Acme,VP Sales,24 Sep 2019\n" +
  "Jon,Bell,https://www.linkedin.com/in/jon-bell,jon@acme.example,Acme,CFO,1/8/18, 6:14 PM\n";

describe("Strength from the rep's own mail", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const db = join(dir, "mail.db");
        cli(db, "rep", "add", "Sam Rivera", "--email", "sam@ourco.example");
        const connections = join(dir, "Connections.csv");
        writeFileSync(connections, CONNECTIONS);
        cli(db, "import", "linkedin", connections);
        cli(db, "person", "add", "Tara Target", "--email", "tara@target.example", "--org", "Target Co");
        cli(db, "rel", "add", "Jon Bell", "Tara Target", "--kind", "friend", "--strength", "5", "--verified");
        cli(db, "rel", "add", "Priya Raman", "Tara Target", "--kind", "former_colleague", "--strength", "4", "--verified");
        cli(db, "cadence", "set", "Jon Bell", "30");
        return db;
      },
    });
    writeFileSync(join(app.dir, "All mail.mbox"), mailbox());
  });
  after(async () => {
    await app?.stop();
  });

  /** Scrolls to the element with `data-testid="id"`, as the rep would, and clicks it. */
  async function click(id) {
    const el = await app.byTestId(id);
    await lookAt(app, el, `clicking ${id}`);
    await el.click();
  }

  async function firstPathToTara() {
    await app.openScreen("find", "Find an introduction");
    await typeInto(app, "find-target-input", "Tara");
    const option = await app.byTestId("find-target-option");
    await option.click();
    await waitForText(app, "find-result-title", /Paths to Tara Target/);
    return waitForText(app, "path-card", /Ask /);
  }

  it("ranks the source with the stronger stated tie first before any mail is read", async () => {
    const first = await firstPathToTara();
    assert.match(first, /Ask Jon Bell/);
    await app.screenshot("mail-find-before");
  });

  it("previews the mailbox: touches, correspondents to add, what is skipped; nothing stored", async () => {
    await app.openScreen("import-export", "Import & export");
    await (await app.byTestId("exchange-format-mail")).click();
    await typeInto(app, "exchange-path", join(app.dir, "All mail.mbox"));
    await (await app.byTestId("exchange-preview-button")).click();
    const preview = await waitForText(app, "exchange-preview", /Nothing has been stored yet/);
    assert.equal(await app.textOf("exchange-touches"), "24");
    assert.match(await app.textOf("exchange-candidates"), /Zoë Müller/);
    assert.match(await app.textOf("exchange-skips"), /message 30 \(line \d+\): no Date header/);
    assert.match(preview, /mailing lists and bulk mail: 1 · no-reply and role addresses: 1/);
    assert.equal(cli(app.database, "status").counts.people, 4);
    await lookAt(app, await app.byTestId("exchange-preview"), "the preview");
    await app.screenshot("mail-preview");
  });

  it("imports it, adding the chosen correspondent, and reports what it did", async () => {
    await click("candidate-zoe@beta.example");
    await click("exchange-apply");
    const report = await waitForText(app, "exchange-report", /Imported/);
    assert.match(report, /no subject, body or attachment/);
    assert.equal(await app.textOf("exchange-touches"), "27");
    assert.equal(cli(app.database, "status").counts.people, 5);
    // Undoable like every import: the notice offers it, the history lists it.
    await waitForText(app, "undo-offered", /Imported mail from All mail\.mbox/);
    await lookAt(app, await app.byTestId("exchange-report"), "the report");
    await app.screenshot("mail-report");
  });

  it("suggests strengths with their reasons; accepting them changes the Find ranking", async () => {
    const suggestions = await waitForText(app, "strength-suggestions", /→ strong \(4\)/);
    assert.match(suggestions, /Priya Raman/);
    assert.match(suggestions, /24 emails both ways in the last 12 months; last contact/);
    await lookAt(app, await app.byTestId("strength-suggestions"), "the suggestions");
    await app.screenshot("mail-suggestions");
    await click("accept-all-suggestions");
    await waitForText(app, "strength-suggestions", /Accepted \d+ suggestions?/);
    const first = await firstPathToTara();
    assert.match(first, /Ask Priya Raman/);
    await app.screenshot("mail-find-after");
  });

  it("charts Priya's touches on her page and keeps a cadence; Today lists who is due", async () => {
    await app.openScreen("network", "Network");
    await typeInto(app, "people-search", "Priya");
    await waitForText(app, "people-list", /Priya Raman/);
    await (await app.byTestId("person-row")).click();
    await waitForText(app, "person-name", /Priya Raman/);
    const chart = await app.byTestId("touch-chart");
    assert.match(await chart.getText(), /24 touches in the last 12 months/);
    const cadence = await app.byTestId("cadence");
    await lookAt(app, cadence, "the cadence");
    await cadence.sendKeys("Every 14 days");
    // The page reads the person again after the change: the cadence shown is the stored one.
    await app.driver.wait(async () => (await (await app.byTestId("cadence")).getAttribute("value")) === "14", 10_000);
    await lookAt(app, chart, "the chart");
    await app.screenshot("mail-person-touches");
    await app.openScreen("today", "Today");
    const due = await waitForText(app, "keep-in-touch", /Jon Bell/);
    assert.match(due, /never in touch · every 30 days/);
    await lookAt(app, await app.byTestId("keep-in-touch"), "who is due");
    await app.screenshot("mail-today-keep-in-touch");
  });
});
