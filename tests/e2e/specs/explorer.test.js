// The network explorer in the real window: it starts from the rep, zooms, expands a person,
// filters by strength and verification, and draws the best path to the Find target.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { join } from "node:path";
import { Key } from "selenium-webdriver";
import { startSession, typeInto, waitForText } from "../lib/session.js";
import { cli } from "../lib/seed.js";

describe("the network explorer", () => {
  let app;
  before(async () => {
    app = await startSession({
      database: (dir) => {
        const path = join(dir, "team.db");
        cli(path, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
        const rel = (a, b, strength, ...more) =>
          cli(path, "rel", "add", a, b, "--kind", "colleague", "--strength", String(strength), ...more);
        for (const name of ["Bob Strong", "Cat Casual", "Dan Verified", "Tia Target", "Eve Friend"]) {
          cli(path, "person", "add", name, "--org", "Initech");
        }
        rel("Ada Lovelace", "Bob Strong", 5);
        rel("Ada Lovelace", "Cat Casual", 2);
        rel("Ada Lovelace", "Dan Verified", 3, "--verified");
        rel("Bob Strong", "Tia Target", 4, "--verified");
        rel("Bob Strong", "Eve Friend", 3);
        // Enough contacts for a crowded map.
        for (let i = 0; i < 40; i++) {
          cli(path, "person", "add", `Contact ${String(i).padStart(2, "0")}`);
          rel("Ada Lovelace", `Contact ${String(i).padStart(2, "0")}`, 1 + (i % 3));
        }
        return path;
      },
    });
  });
  after(async () => {
    await app?.stop();
  });

  const shown = async () =>
    app.driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="explorer-person"]')].map((b) => b.textContent.trim()),
    );
  const zoom = async () => Number(await (await app.byTestId("explorer-canvas")).getAttribute("data-zoom"));

  it("starts from the rep and zooms with the buttons and the keyboard", async () => {
    await app.openScreen("explore", "Explore");
    await app.driver.wait(async () => (await shown()).includes("Bob Strong"), 30_000, "the rep's contacts did not load");
    assert.ok((await shown()).includes("Ada Lovelace"));
    assert.ok(!(await shown()).includes("Tia Target"), "a second-degree contact waits for an expansion");
    await app.painted();
    await app.screenshot("explorer-start");

    const before = await zoom();
    await (await app.byTestId("explorer-zoom-in")).click();
    await app.driver.wait(async () => (await zoom()) > before, 10_000, "zoom in did nothing");
    const canvas = await app.byTestId("explorer-canvas");
    await canvas.sendKeys("-", "-", "-");
    await app.driver.wait(async () => (await zoom()) < before, 10_000, "the - key did not zoom out");
    await canvas.sendKeys("0");
  });

  it("expands a person", async () => {
    await app.driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="explorer-person"]')].find((b) => b.textContent.trim() === "Bob Strong").click(),
    );
    await waitForText(app, "explorer-selected", /Bob Strong/);
    await (await app.byTestId("explorer-expand")).click();
    await app.driver.wait(async () => (await shown()).includes("Tia Target"), 30_000, "the expansion did not load");
    assert.ok((await shown()).includes("Eve Friend"));
    await app.painted();
    await app.screenshot("explorer-expanded");
  });

  it("filters by strength and by verification", async () => {
    const strength = await app.byTestId("explorer-min-strength");
    const choose = (value) =>
      app.driver.executeScript(
        (el, v) => {
          el.value = v;
          el.dispatchEvent(new Event("change", { bubbles: true }));
        },
        strength,
        value,
      );
    await choose("4");
    await app.driver.wait(async () => !(await shown()).includes("Cat Casual"), 10_000, "strength filter did nothing");
    assert.ok((await shown()).includes("Bob Strong"));
    await choose("1");
    await app.driver.wait(async () => (await shown()).includes("Cat Casual"), 10_000);
    await (await app.byTestId("explorer-verified")).click();
    await app.driver.wait(async () => !(await shown()).includes("Eve Friend"), 10_000, "verified filter did nothing");
    assert.ok((await shown()).includes("Dan Verified"));
    await app.painted();
    await app.screenshot("explorer-verified-only");
    await (await app.byTestId("explorer-verified")).click();
  });

  it("highlights the best path to the target", async () => {
    await typeInto(app, "explorer-target-input", "Tia");
    await (await app.byTestId("explorer-target-option")).click();
    await waitForText(app, "explorer-path", /Best path to Tia Target: Ada Lovelace → Bob Strong → Tia Target/);
    const onPath = await app.driver.executeScript(() =>
      [...document.querySelectorAll('[data-testid="explorer-person"].on-path')].map((b) => b.textContent.trim()),
    );
    assert.deepEqual(onPath.sort(), ["Ada Lovelace", "Bob Strong", "Tia Target"]);
    await (await app.byTestId("explorer-canvas")).sendKeys("0");
    await app.painted();
    await app.screenshot("explorer-path");
    // Keyboard: the canvas takes the focus by Tab from the page.
    await (await app.byTestId("explorer-fit")).sendKeys(Key.TAB);
  });

  it("keeps its controls inside their card in a small window", async () => {
    const window = app.driver.manage().window();
    const was = await window.getRect();
    await window.setRect({ width: 960, height: 600 });
    try {
      await app.driver.wait(
        () => app.driver.executeScript(() => innerWidth <= 960),
        10_000,
        "the window did not get smaller",
      );
      const outside = await app.driver.executeScript(() => {
        const card = document.querySelector('section[aria-label="Explorer controls"]');
        const box = card.getBoundingClientRect();
        return [...card.querySelectorAll("select, input, button, label")]
          .map((el) => ({ el, r: el.getBoundingClientRect() }))
          .filter(({ r }) => r.width > 0 && (r.left < box.left || r.right > box.right + 0.5))
          .map(({ el, r }) => `${el.textContent.trim() || el.getAttribute("aria-label") || el.tagName} (${Math.round(r.left)} to ${Math.round(r.right)}, card ${Math.round(box.left)} to ${Math.round(box.right)})`);
      });
      assert.deepEqual(outside, [], "controls reach past the explorer's controls card");
      await app.painted();
      await app.screenshot("explorer-960x600");
    } finally {
      await window.setRect({ width: was.width, height: was.height });
    }
  });
});
