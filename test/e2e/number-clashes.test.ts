// The numbering registry in the real program: a database from before the registry, holding
// IP extensions on an FXS port's number and a conference room's, boots, keeps them and says so
// in the log; new numbers are then checked against every part of the box.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { openDatabase } from "../../firmware/db/open-database.ts";
import { ExtensionService } from "../../firmware/extensions/extension-service.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let token: string;
const dataDir = mkdtempSync(join(tmpdir(), "pbx-numbering-"));

beforeAll(async () => {
  const old = openDatabase(join(dataDir, "pbx.db"));
  const extensions = new ExtensionService(old.db, { realm: "pbx" });
  for (const number of ["8001", "95"]) {
    const made = extensions.create({ number });
    if (!made.ok) throw new Error(made.error.message);
  }
  old.close();
  pbx = await startPbx({ dataDir });
  token = await pbx.adminToken();
});

afterAll(async () => {
  await pbx?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

const post = (path: string, body: unknown) =>
  pbx.api(`/api/v1${path}`, { method: "POST", token, body: JSON.stringify(body) });

describe("numbering in the running box", () => {
  test("clashing numbers from an older database are kept and reported in the log", async () => {
    const res = await pbx.api("/api/v1/extensions", { token });
    const { items } = (await res.json()) as { items: { number: string }[] };
    expect(items.map((e) => e.number).sort()).toEqual(["8001", "95"]);
    const warned = pbx
      .output()
      .split("\n")
      .filter((line) => line.includes('"number clash"'))
      .map((line) => JSON.parse(line).clash);
    expect(warned).toContain("8001 is FXS port 1");
    expect(warned).toContain("95 is conference room 95");
  });

  test("new extensions are refused on a port's number, a park slot, under the prefix 9", async () => {
    for (const [number, message] of [
      ["8002", "number 8002 is FXS port 2"],
      ["45", "number 45 is park slot 45"],
      ["9123", "number 9123 starts with the outbound prefix 9"],
    ]) {
      const res = await post("/extensions", { number });
      expect(res.status).toBe(409);
      expect(((await res.json()) as { error: { message: string } }).error.message).toBe(message!);
    }
    expect((await post("/extensions", { number: "301" })).status).toBe(201);
  });
});
