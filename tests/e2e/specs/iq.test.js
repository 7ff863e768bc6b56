// The quarterly Referral I.Q. in the real window: take the assessment, see the score, the band,
// the advice for each "no" and the history; retake it and see the new score.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { By, startSession } from "../lib/session.js";
import { cli } from "../lib/seed.js";

async function answer(app, answers) {
  for (const [i, yes] of answers.entries()) {
    const question = await app.byTestId(`iq-question-${i + 1}`);
    await question.findElement(By.css(`input[value="${yes ? "yes" : "no"}"]`)).click();
  }
}

describe("Referral I.Q.", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const db = join(dir, "iq.db");
        cli(db, "rep", "add", "Ada Lovelace");
        cli(db, "rep", "add", "Grace Hopper");
        cli(db, "rep", "use", "Ada Lovelace");
        return db;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  it("shows this quarter's fourteen questions to the current rep", async () => {
    await app.openScreen("referral-iq", "Referral I.Q.");
    await app.byTestId("iq-questionnaire");
    await app.byTestId("iq-question-14");
    assert.equal(await app.textOf("iq-answered"), "0 of 14 answered");
    assert.equal(await (await app.byTestId("iq-submit")).isEnabled(), false);
    assert.match(await app.textOf("iq-missing"), /Ada Lovelace[\s\S]*Grace Hopper/);
    await app.screenshot("referral-iq-questions");
  });

  it("scores the answers, gives advice for each no and starts the history", async () => {
    const answers = Array.from({ length: 14 }, (_, i) => i !== 2 && i !== 9 && i !== 12);
    await answer(app, answers);
    assert.equal(await app.textOf("iq-answered"), "14 of 14 answered");
    await (await app.byTestId("iq-submit")).click();

    assert.equal(await app.textOf("iq-score"), "11 / 14");
    assert.match(await app.textOf("iq-band"), /^Practitioner/);
    const advice = await app.textOf("iq-advice");
    for (const n of [3, 10, 13]) await app.byTestId(`iq-advice-${n}`);
    assert.match(advice, /What to work on next/);
    const chart = await (await app.byTestId("iq-history")).findElement(By.css("svg"));
    assert.match(await chart.getAttribute("aria-label"), /\d{4}-Q[1-4]: 11/);
    assert.doesNotMatch(await app.textOf("iq-missing"), /Ada Lovelace/);
    await app.screenshot("referral-iq-score");
  });

  it("retakes the assessment and replaces this quarter's score", async () => {
    await (await app.byTestId("iq-retake")).click();
    assert.equal(await app.textOf("iq-answered"), "14 of 14 answered");
    await answer(app, Array(14).fill(true));
    await (await app.byTestId("iq-submit")).click();
    await app.driver.wait(async () => (await app.textOf("iq-score")) === "14 / 14", 30_000);
    assert.match(await app.textOf("iq-advice"), /Every answer is a yes/);
    const stored = cli(app.database, "iq", "history", "--rep", "Ada Lovelace");
    assert.ok(JSON.stringify(stored).includes("14"), JSON.stringify(stored));
  });
});
