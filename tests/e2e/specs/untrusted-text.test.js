// Contact data is shown as text: a name and notes holding markup and script run nothing and
// create no elements.

import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { startSession, typeInto, waitForText } from "../lib/session.js";

const NAME = '<img src=x onerror="window.__intrographPwned=1">';
const NOTES = '<script>window.__intrographPwned=2</script> <a href="javascript:window.__intrographPwned=3">open</a>';

describe("untrusted contact text", () => {
  let app;
  before(async () => {
    app = await startSession();
  });
  after(async () => {
    await app?.stop();
  });

  it("shows a hostile name and notes as plain text and runs nothing", async () => {
    await app.openScreen("network", "Network");
    await (await app.byTestId("add-person")).click();
    await typeInto(app, "editor-name", NAME);
    await typeInto(app, "editor-notes", NOTES);
    await (await app.byTestId("editor-save")).click();
    assert.equal(await waitForText(app, "person-name", /img/), NAME);
    assert.equal(await app.textOf("person-notes"), NOTES);
    await waitForText(app, "people-list", /img src=x/);
    const probe = await app.driver.executeScript(() => ({
      flag: typeof window.__intrographPwned,
      images: [...document.querySelectorAll("img")].filter((i) => i.getAttribute("src") === "x").length,
      scripts: document.querySelectorAll("main script").length,
      links: [...document.querySelectorAll("a")].filter((a) => a.href.startsWith("javascript:")).length,
    }));
    assert.deepEqual(probe, { flag: "undefined", images: 0, scripts: 0, links: 0 });
    await app.screenshot("network-untrusted-text");
  });
});
