// Prepares a workspace before the app starts, through the real `intrograph` command-line tool
// (built next to the app by scripts/test.sh), so end-to-end tests start from known data.

import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

const repo = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");

/** The command-line tool. */
export const cliBinary =
  process.env.INTROGRAPH_CLI_BINARY ?? join(dirname(process.env.INTROGRAPH_APP_BINARY ?? join(repo, "target/debug/x")), "intrograph");

/** Runs `intrograph --db <database> --json <args...>` and returns its parsed JSON output. */
export function cli(database, ...args) {
  if (!existsSync(cliBinary)) {
    throw new Error(`cannot seed the workspace: the command-line tool ${cliBinary} is missing (run scripts/test.sh, which builds it)`);
  }
  const out = execFileSync(cliBinary, ["--db", database, "--json", ...args], {
    encoding: "utf8",
    env: { ...process.env, INTROGRAPH_DB: database },
  });
  return out.trim() ? JSON.parse(out) : null;
}

/**
 * A workspace with a rep (Ada Lovelace), a referral source (Joan Clarke) she knows and a
 * target (Tim Berners-Lee) Joan knows, and one introduction request through Joan won at 12 000.
 */
export function seedWonRequest(database) {
  cli(database, "rep", "add", "Ada Lovelace", "--email", "ada@example.com");
  cli(database, "person", "add", "Joan Clarke", "--email", "joan@example.com");
  cli(database, "person", "add", "Tim Berners-Lee", "--email", "tim@example.com", "--org", "CERN");
  cli(database, "rel", "add", "Ada Lovelace", "Joan Clarke", "--kind", "colleague", "--strength", "4", "--verified");
  cli(database, "rel", "add", "Joan Clarke", "Tim Berners-Lee", "--kind", "friend", "--strength", "5", "--verified");
  const request = cli(database, "request", "create", "--target", "Tim Berners-Lee", "--via", "Joan Clarke", "--reason", "CERN is buying");
  const id = request.id ?? request.request?.id;
  for (const stage of ["asked", "accepted", "introduced", "meeting", "opportunity"]) {
    cli(database, "request", "move", id, stage);
  }
  cli(database, "request", "move", id, "won", "--value", "12000");
  return id;
}
