import { startSession } from "/work/wt-app/tests/e2e/lib/session.js";
const app = await startSession({ env: JSON.parse(process.env.EXTRA_ENV ?? "{}") });
try {
  await app.byTestId("workspace-database");
  console.log(await app.driver.executeScript(() => { const e = document.querySelector('[data-testid=status-database]'); return [e.innerText, e.textContent, getComputedStyle(e).display]; }));
  await app.screenshot("debug1");
  await new Promise(r => setTimeout(r, 2000));
  await app.screenshot("debug2");
} finally { await app.stop().catch(e => console.log(String(e))); }
