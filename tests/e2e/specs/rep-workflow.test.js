// A rep's day on the sample team: find an introduction to a target two hops away, ask for
// it, and move the request through to a won deal; the board, the request's history and the
// metrics show it.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { By, startSession, typeInto, waitForText } from "../lib/session.js";

describe("finding, asking and closing an introduction", () => {
  let app;
  before(async () => {
    app = await startSession();
  });
  after(async () => {
    await app?.stop();
  });

  it("offers the sample team on an empty workspace and loads it", async () => {
    await app.openScreen("today", "Today");
    await app.byTestId("onboarding");
    await app.screenshot("today-empty");
    await (await app.byTestId("load-sample")).click();
    await waitForText(app, "overdue-list", /Marcus Webb/);
    await waitForText(app, "suggested-asks", /Priya Raman/);
    await app.byTestId("iq-reminder");
    // "via Marcus Webb · Asked · follow up Dec 3": a dot between each fact, kept with the one before.
    const facts = await app.driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="overdue-list"] [data-testid="request-facts"]')].map((e) => e.textContent),
    );
    assert.ok(facts.length > 0, "no request listed as overdue");
    for (const f of facts) assert.match(f, /^via .+\u00a0· [A-Z][a-z ]+\u00a0· follow up \S+/, f);
    await app.screenshot("today");
  });

  it("finds ranked paths to a target two hops away, with the reason for each hop", async () => {
    await app.openScreen("find", "Find an introduction");
    await app.screenshot("find-empty");
    await typeInto(app, "find-target-input", "Priya");
    const option = await app.byTestId("find-target-option");
    assert.match(await option.getText(), /Priya Raman/);
    await option.click();
    await waitForText(app, "find-result-title", /Paths to Priya Raman/);
    const first = await waitForText(app, "path-card", /Ask Daniel Cho/);
    assert.match(first, /verified/);
    const cards = await app.driver.findElements(By.css('[data-testid="path-card"]'));
    assert.ok(cards.length >= 2, `expected several paths, got ${cards.length}`);
    const badges = await app.driver.findElements(By.css('[data-testid="confirm-badge"]'));
    assert.ok(badges.length >= 1, "an unverified tie should be marked to confirm");
    await app.screenshot("find");
  });

  it("drafts the ask to the referral source and creates the request", async () => {
    const ask = await app.byTestId("ask-button");
    await ask.click();
    await app.byTestId("ask-dialog");
    await typeInto(app, "ask-reason", "Northwind is automating its warehouses this year");
    await (await app.byTestId("ask-offer")).click();
    await waitForText(app, "ask-message", /Hi Daniel/);
    const message = await app.driver.executeScript(
      () => document.querySelector('[data-testid="ask-message"]').value,
    );
    assert.match(message, /Northwind is automating its warehouses this year/);
    await app.screenshot("find-ask");
    await (await app.byTestId("ask-create")).click();
    await waitForText(app, "ask-created", /Daniel Cho to introduce you to Priya Raman/);
  });

  it("moves the request through to won with a deal value, shown on the board and in its history", async () => {
    const created = await app.byTestId("ask-created");
    await (await created.findElement(By.css("button"))).click();
    await app.byTestId("screen-introductions");
    await waitForText(app, "request-stage", /Draft/);
    for (const [stage, label] of [
      ["asked", /Asked/],
      ["accepted", /Accepted/],
      ["introduced", /Introduced/],
      ["meeting", /Meeting/],
      ["opportunity", /Opportunity/],
    ]) {
      await (await app.byTestId(`move-${stage}`)).click();
      await waitForText(app, "request-stage", label);
    }
    await (await app.byTestId("move-won")).click();
    await typeInto(app, "deal-value", "48000");
    await (await app.byTestId("confirm-won")).click();
    await waitForText(app, "request-stage", /Won/);
    assert.match(await app.textOf("request-value"), /48/);
    const history = await app.textOf("request-history");
    for (const stage of ["Draft", "Asked", "Accepted", "Introduced", "Meeting", "Opportunity", "Won"]) {
      assert.match(history, new RegExp(stage));
    }
    assert.match(await app.textOf("column-won"), /Priya Raman/);
    await app.screenshot("introductions");
  });

  it("sees the won deal in the metrics: the funnel and the top referral sources", async () => {
    await app.openScreen("metrics", "Metrics");
    const won = Number(await waitForText(app, "metrics-won", /^\d+$/));
    assert.ok(won >= 1, `the won request should count, got ${won}`);
    assert.match(await app.textOf("metrics-top-sources"), /Daniel Cho\s+\d+\s+\d+\s+\$\s?48,?000/);
    await app.screenshot("metrics-after-win");
  });

  it("shows a person's page with relationships and the neighbourhood graph", async () => {
    await app.openScreen("network", "Network");
    await typeInto(app, "people-search", "Daniel");
    await waitForText(app, "people-list", /Daniel Cho/);
    await (await app.byTestId("person-row")).click();
    await waitForText(app, "person-name", /Daniel Cho/);
    await app.byTestId("neighbourhood-graph");
    const ties = await app.driver.findElements(By.css('[data-testid="tie-row"]'));
    assert.ok(ties.length >= 2);
    await app.screenshot("network");
  });
});
