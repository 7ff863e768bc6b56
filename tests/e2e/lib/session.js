// Starts and stops the real IntroGraph app for one test: a private tauri-driver (in front of
// WebKitWebDriver) whose environment points the app at a fresh temporary database, and a
// WebDriver session on the app's window. Everything a test needs to find elements and take
// screenshots lives here, so workflow tests only describe what the user does.

import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, accessSync, constants } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir, homedir } from "node:os";
import { delimiter, dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By, until } from "selenium-webdriver";

export { By, until };

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The built app (a debug build with the UI embedded; see scripts/test.sh). */
export const appBinary = process.env.INTROGRAPH_APP_BINARY ?? join(repo, "target/debug/intrograph-app");
/** Where every screenshot goes. */
export const screenshotDir = process.env.INTROGRAPH_SCREENSHOTS ?? join(repo, "artifacts/screenshots");

/** How long to wait for the window or an element to appear (a wait, not an assertion). */
const APPEAR_MS = 30_000;

function findOnPath(name) {
  const dirs = (process.env.PATH ?? "").split(delimiter).concat(join(homedir(), ".cargo/bin"));
  for (const dir of dirs) {
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/** Everything the end-to-end tests need; missing pieces make the tests fail, never skip. */
export function requirements() {
  const missing = [];
  if (!existsSync(appBinary)) missing.push(`the app binary ${appBinary} (run scripts/test.sh, which builds it)`);
  const tauriDriver = findOnPath("tauri-driver");
  if (!tauriDriver) missing.push("tauri-driver (cargo install tauri-driver --locked)");
  if (!findOnPath("WebKitWebDriver")) missing.push("WebKitWebDriver (apt-get install webkit2gtk-driver)");
  if (!process.env.DISPLAY) missing.push("an X display (run the tests under xvfb-run)");
  return { tauriDriver, missing };
}

/** Removes a session's folder; the webview's helper processes may hold it for a moment. */
function removeDir(dir) {
  try {
    rmSync(dir, { recursive: true, force: true, maxRetries: 20, retryDelay: 250 });
  } catch (err) {
    console.warn(`could not remove ${dir}: ${err.message}`);
  }
}

function freePort() {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolvePort(port));
    });
  });
}

function portOpen(port) {
  return new Promise((resolveOpen) => {
    const socket = connect(port, "127.0.0.1");
    socket.once("connect", () => {
      socket.destroy();
      resolveOpen(true);
    });
    socket.once("error", () => resolveOpen(false));
  });
}

async function waitForPort(port, driverProcess, log) {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (driverProcess.exitCode !== null) {
      throw new Error(`tauri-driver exited with ${driverProcess.exitCode}:\n${log.join("")}`);
    }
    if (await portOpen(port)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`tauri-driver did not listen on port ${port}:\n${log.join("")}`);
}

/**
 * Starts the app on a fresh workspace.
 * @param {object} [options]
 * @param {(dir: string) => string} [options.database] returns the database path to use, given
 *   the session's temporary folder (default: a new file there).
 * @param {Record<string, string>} [options.env] extra environment for the app.
 */
export async function startSession(options = {}) {
  const { tauriDriver, missing } = requirements();
  if (missing.length > 0) {
    throw new Error(`cannot run the end-to-end tests; missing:\n  - ${missing.join("\n  - ")}`);
  }

  const dir = mkdtempSync(join(tmpdir(), "intrograph-e2e-"));
  const database = options.database ? options.database(dir) : join(dir, "intrograph.db");
  const env = {
    ...process.env,
    INTROGRAPH_DB: database,
    INTROGRAPH_CONFIG: join(dir, "config.json"),
    // Keep the webview's own storage out of the user's folders.
    XDG_DATA_HOME: join(dir, "data"),
    XDG_CONFIG_HOME: join(dir, "config"),
    ...options.env,
  };

  const port = await freePort();
  const nativePort = await freePort();
  const log = [];
  const driverProcess = spawn(tauriDriver, ["--port", String(port), "--native-port", String(nativePort)], {
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  driverProcess.stdout.on("data", (d) => log.push(String(d)));
  driverProcess.stderr.on("data", (d) => log.push(String(d)));

  let driver;
  try {
    await waitForPort(port, driverProcess, log);
    driver = await new Builder()
      .usingServer(`http://127.0.0.1:${port}/`)
      .withCapabilities({ browserName: "wry", "tauri:options": { application: appBinary } })
      .build();
    await driver.wait(until.elementLocated(By.css('[data-testid="status-bar"]')), APPEAR_MS);
  } catch (err) {
    driverProcess.kill("SIGTERM");
    removeDir(dir);
    throw new Error(`the app did not start: ${err.message}\n${log.join("")}`, { cause: err });
  }

  return new Session(driver, driverProcess, dir, database);
}

export class Session {
  constructor(driver, driverProcess, dir, database) {
    this.driver = driver;
    this.driverProcess = driverProcess;
    this.dir = dir;
    /** The database file the app was started on. */
    this.database = database;
  }

  /** The element with `data-testid="id"`, once it is there. */
  async byTestId(id) {
    return this.driver.wait(until.elementLocated(By.css(`[data-testid="${id}"]`)), APPEAR_MS);
  }

  /**
   * The rendered text (`innerText`) of the element with `data-testid="id"`, once it is there
   * and not empty. (WebKitWebDriver's own element text is empty for text cut by an ellipsis.)
   */
  async textOf(id) {
    const element = await this.byTestId(id);
    const read = () => this.driver.executeScript((el) => el.innerText.trim(), element);
    await this.driver.wait(async () => (await read()) !== "", APPEAR_MS, `${id} stayed empty`);
    return read();
  }

  /** Waits until the window has painted its latest changes (two animation frames). */
  async painted() {
    await this.driver.executeAsyncScript((done) =>
      requestAnimationFrame(() => requestAnimationFrame(() => done())),
    );
  }

  /**
   * The element a user knows by this accessible name: an `aria-label`, the text of the element
   * named by `aria-labelledby`, a `<label>` for a control, or a button's or link's own text.
   */
  async byLabel(name, { role } = {}) {
    const found = await this.driver.wait(
      () =>
        this.driver.executeScript(
          (wanted, wantedRole) => {
            const norm = (s) => (s ?? "").replace(/\s+/g, " ").trim();
            const nameOf = (el) => {
              if (el.hasAttribute("aria-label")) return norm(el.getAttribute("aria-label"));
              const ids = el.getAttribute("aria-labelledby");
              if (ids) {
                return norm(ids.split(/\s+/).map((id) => document.getElementById(id)?.textContent).join(" "));
              }
              if (el.labels && el.labels.length > 0) return norm(el.labels[0].textContent);
              if (el.matches("button, a, [role=button], [role=link]")) return norm(el.textContent);
              return "";
            };
            const roleOf = (el) =>
              el.getAttribute("role") ??
              { BUTTON: "button", A: "link", NAV: "navigation", MAIN: "main", FOOTER: "contentinfo", INPUT: "textbox" }[
                el.tagName
              ];
            for (const el of document.querySelectorAll("*")) {
              if (wantedRole && roleOf(el) !== wantedRole) continue;
              if (nameOf(el) === wanted) return el;
            }
            return null;
          },
          name,
          role ?? null,
        ),
      APPEAR_MS,
      `no element named "${name}"${role ? ` with role ${role}` : ""}`,
    );
    return found;
  }

  /** Clicks the navigation entry of a screen and waits for the screen to show. */
  async openScreen(id, label) {
    const nav = await this.byLabel("Main", { role: "navigation" });
    const button = await nav.findElement(By.css(`[data-testid="nav-${id}"]`));
    if (label) {
      const text = (await button.getText()).trim();
      if (text !== label) throw new Error(`navigation entry ${id} reads "${text}", expected "${label}"`);
    }
    await button.click();
    return this.byTestId(`screen-${id}`);
  }

  /** Saves a PNG of the window as `<screenshotDir>/<name>.png` and returns its path. */
  async screenshot(name) {
    mkdirSync(screenshotDir, { recursive: true });
    await this.painted();
    const file = join(screenshotDir, `${name}.png`);
    writeFileSync(file, Buffer.from(await this.driver.takeScreenshot(), "base64"));
    return file;
  }

  async stop() {
    try {
      await this.driver.quit();
    } finally {
      this.driverProcess.kill("SIGTERM");
      // A driver already ended (a signal leaves exitCode null and sets signalCode: another
      // session on the same database file ends it with its apps) has nothing left to wait for.
      const ended = () => this.driverProcess.exitCode !== null || this.driverProcess.signalCode !== null;
      await new Promise((r) => (ended() ? r() : this.driverProcess.once("exit", r)));
      // Under load a window can outlive its driver; left running, it would hold the test
      // runner's pipes open and the run would never end.
      killAppsOn(this.database);
      removeDir(this.dir);
    }
  }
}

/** Kills any app process still running on `database` (found by its environment). */
function killAppsOn(database) {
  const mark = `INTROGRAPH_DB=${database}\0`;
  let pids = [];
  try {
    pids = readdirSync("/proc").filter((name) => /^\d+$/.test(name));
  } catch {
    return;
  }
  for (const pid of pids) {
    try {
      const environ = readFileSync(`/proc/${pid}/environ`, "latin1");
      if (environ.startsWith(mark) || environ.includes(`\0${mark}`)) process.kill(Number(pid), "SIGKILL");
    } catch {
      // gone already, or not ours to read
    }
  }
}

/**
 * Scrolls `element` to the middle of its screen, as a user would to reach it, and says what
 * the window shows at its centre and where the focus is: the message of a control that
 * would not take typing.
 */
export async function lookAt(app, element, why) {
  return app.driver.executeScript(
    (el, reason) => {
      el.scrollIntoView({ block: "center" });
      const r = el.getBoundingClientRect();
      const [x, y] = [r.left + r.width / 2, r.top + r.height / 2];
      const name = (e) =>
        e ? `${e.tagName.toLowerCase()}${e.dataset?.testid ? `[${e.dataset.testid}]` : ""}.${e.className}` : "nothing";
      return `${reason}; the control at ${Math.round(x)},${Math.round(y)} of a ${innerWidth}x${innerHeight} view, under ${name(document.elementFromPoint(x, y))}, focus on ${name(document.activeElement)}`;
    },
    element,
    why,
  );
}

/**
 * Types into the element with `data-testid="id"` (after clearing it) and returns the element.
 * A control found in the page can still be unlaid-out for a moment after a screen change on a
 * loaded machine, and WebKitWebDriver then refuses it as "not interactable": wait until it is
 * shown and enabled, and while it is refused scroll it to the middle of its screen and try
 * again, within the usual wait; if it never takes typing, the error says what covered it.
 * @param {Session} app
 */
export async function typeInto(app, id, text) {
  const element = await app.byTestId(id);
  let refused;
  await app.driver
    .wait(
      async () => {
        if (!(await element.isDisplayed()) || !(await element.isEnabled())) return false;
        try {
          await element.clear();
          await element.sendKeys(text);
          return true;
        } catch (err) {
          if (err?.name !== "ElementNotInteractableError") throw err;
          refused = await lookAt(app, element, err.message || err.name);
          return false;
        }
      },
      APPEAR_MS,
      `${id} never took typing`,
    )
    .catch((err) => {
      throw new Error(`${err.message}${refused ? `; last refusal: ${refused}` : ""}`);
    });
  return element;
}

/** Waits until the rendered text of `data-testid="id"` matches `pattern`; returns the text. */
export async function waitForText(app, id, pattern) {
  let last = "";
  await app.driver.wait(
    async () => {
      const elements = await app.driver.findElements(By.css(`[data-testid="${id}"]`));
      if (elements.length === 0) return false;
      try {
        last = await app.driver.executeScript(
          (el) => (el.tagName === "TEXTAREA" || el.tagName === "INPUT" ? el.value : el.innerText).trim(),
          elements[0],
        );
      } catch (err) {
        // Re-rendered between the look-up and the read: look it up again.
        if (err.name === "StaleElementReferenceError" || err.name === "NoSuchElementError") return false;
        throw err;
      }
      return pattern.test(last);
    },
    30_000,
    `${id} never matched ${pattern}`,
  ).catch((err) => {
    throw new Error(`${err.message}; it read: ${JSON.stringify(last)}`);
  });
  return last;
}
