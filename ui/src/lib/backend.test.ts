import { describe, expect, it } from "vitest";
import { mockIPC } from "@tauri-apps/api/mocks";
import { BackendError, toBackendError, workspaceInfo } from "./backend";

describe("workspaceInfo", () => {
  it("calls the workspace_info command and returns its typed answer", async () => {
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      if (cmd === "workspace_info") {
        return { database: "/data/team.db", schema_version: 1, app_version: "0.1.0", currency: "USD" };
      }
      throw new Error(`unexpected command ${cmd}`);
    });

    const info = await workspaceInfo();

    expect(calls).toEqual(["workspace_info"]);
    expect(info).toEqual({ database: "/data/team.db", schema_version: 1, app_version: "0.1.0", currency: "USD" });
  });

  it("turns the shell's { code, message } rejection into a BackendError", async () => {
    mockIPC(() => {
      throw { code: "WorkspaceUnavailable", message: "could not open the database /x.db: file is not a database" };
    });

    const err = await workspaceInfo().catch((e: unknown) => e);

    expect(err).toBeInstanceOf(BackendError);
    expect(err).toMatchObject({
      code: "WorkspaceUnavailable",
      message: "could not open the database /x.db: file is not a database",
    });
  });
});

describe("toBackendError", () => {
  it.each([
    [new Error("boom"), "Unexpected", "boom"],
    ["plain text", "Unexpected", "plain text"],
    [{ code: "NotFound", message: "person not found: Ada" }, "NotFound", "person not found: Ada"],
    [{ code: 7, message: "wrong shape" }, "Unexpected", '{"code":7,"message":"wrong shape"}'],
    [undefined, "Unexpected", "undefined"],
  ])("maps %o to code %s", (input, code, message) => {
    const err = toBackendError(input);
    expect(err.code).toBe(code);
    expect(err.message).toBe(message);
  });
});
