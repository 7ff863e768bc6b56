import { describe, expect, it } from "vitest";
import { fireEvent, render, screen } from "@testing-library/svelte";
import { mockIPC } from "@tauri-apps/api/mocks";
import BrowseButton from "./BrowseButton.svelte";

describe("Browse…", () => {
  it("opens the desktop's dialog with the file kinds and fills the chosen path", async () => {
    const asked: unknown[] = [];
    mockIPC((cmd, args) => {
      if (cmd === "plugin:dialog|open") {
        asked.push(args);
        return "/home/sam/Downloads/Connections.csv";
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    const chosen: string[] = [];
    render(BrowseButton, {
      mode: "open",
      title: "Choose the file to import",
      kinds: [{ name: "LinkedIn connections", extensions: ["csv"] }],
      onchosen: (p: string) => chosen.push(p),
    });
    await fireEvent.click(screen.getByRole("button", { name: "Choose the file to import" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(chosen).toEqual(["/home/sam/Downloads/Connections.csv"]);
    expect(JSON.stringify(asked[0])).toContain('"extensions":["csv"]');
  });

  it("changes nothing when the dialog is cancelled, and says so when it cannot open", async () => {
    let answer: unknown = null;
    mockIPC((cmd) => {
      if (cmd === "plugin:dialog|save") {
        if (answer instanceof Error) throw answer;
        return answer;
      }
      throw new Error(`unexpected command ${cmd}`);
    });
    const chosen: string[] = [];
    render(BrowseButton, { mode: "save", title: "Save as", kinds: [], onchosen: (p: string) => chosen.push(p) });
    await fireEvent.click(screen.getByRole("button", { name: "Save as" }));
    await new Promise((r) => setTimeout(r, 0));
    expect(chosen).toEqual([]);
    answer = new Error("no portal");
    await fireEvent.click(screen.getByRole("button", { name: "Save as" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Type the path instead");
  });
});
