// axe-core, run inside the real window: the accessibility engine is injected into the page
// through WebDriver (so the app itself never ships it) and checks what the window shows now.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");

/**
 * The colour-contrast violations (WCAG 2 AA) of what the window shows, each as
 * "selector: message". Elements hidden from view are not checked, as axe does.
 * @param {import("./session.js").Session} app
 */
export async function contrastViolations(app) {
  await app.driver.executeScript(`if (!window.axe) { ${axeSource}\n }`);
  await app.painted();
  const result = await app.driver.executeAsyncScript((done) => {
    window.axe
      .run(document, { runOnly: { type: "rule", values: ["color-contrast"] }, resultTypes: ["violations"] })
      .then((r) => done(r.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(" ")}: ${n.failureSummary.replace(/\s+/g, " ")}`))))
      .catch((e) => done([`axe failed: ${e.message}`]));
  });
  return result;
}
