import { describe, expect, it } from "vitest";
import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import App from "./App.svelte";
import { navigation } from "./lib/navigation.svelte";
import { screens } from "./lib/screens";

function workspaceAt(database: string) {
  mockIPC((cmd) => {
    if (cmd === "workspace_info") return { database, schema_version: 3, app_version: "0.1.0", currency: "USD" };
    throw new Error(`unexpected command ${cmd}`);
  });
}

describe("App", () => {
  it("shows the database and schema version from workspace_info in the status bar", async () => {
    navigation.current = "welcome";
    workspaceAt("/home/rep/IntroGraph/intrograph.db");
    render(App);

    const status = screen.getByRole("contentinfo", { name: "Workspace status" });
    expect(await within(status).findByText("/home/rep/IntroGraph/intrograph.db")).toBeTruthy();
    expect(within(status).getByText("v3")).toBeTruthy();
    expect(screen.getByRole("heading", { name: "Welcome to IntroGraph" })).toBeTruthy();
  });

  it("opens ready screens and keeps the others disabled", async () => {
    navigation.current = "welcome";
    workspaceAt("/tmp/a.db");
    render(App);
    const nav = screen.getByRole("navigation", { name: "Main" });

    for (const s of screens) {
      const button = within(nav).getByTestId(`nav-${s.id}`) as HTMLButtonElement;
      expect(button.disabled).toBe(!s.ready);
      if (!s.ready) {
        await fireEvent.click(button);
        expect(screen.getByTestId("screen-welcome")).toBeTruthy();
      }
    }

    await fireEvent.click(within(nav).getByRole("button", { name: "Settings" }));
    expect(await screen.findByRole("heading", { name: "Settings" })).toBeTruthy();
    expect(await screen.findByTestId("settings-database")).toHaveProperty("textContent", "/tmp/a.db");
    expect(within(nav).getByRole("button", { name: "Settings" }).getAttribute("aria-current")).toBe("page");
  });

  it("shows a workspace that failed to open as an error where the user looks", async () => {
    navigation.current = "welcome";
    mockIPC(() => {
      throw { code: "WorkspaceUnavailable", message: "could not open the database /x.db: file is not a database" };
    });
    render(App);

    const alert = await screen.findByRole("alert");
    expect(within(alert).getByText("IntroGraph could not open its database")).toBeTruthy();
    expect(within(alert).getByText("could not open the database /x.db: file is not a database")).toBeTruthy();
    expect(within(alert).getByText("WorkspaceUnavailable")).toBeTruthy();
  });

  it("renders text from the database as text, never as markup", async () => {
    navigation.current = "welcome";
    workspaceAt('/tmp/<img src=x onerror="alert(1)">.db');
    render(App);

    expect(await screen.findByTestId("workspace-database")).toHaveProperty(
      "textContent",
      '/tmp/<img src=x onerror="alert(1)">.db',
    );
    expect(document.querySelector("img")).toBeNull();
  });
});
