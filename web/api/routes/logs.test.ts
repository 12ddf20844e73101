import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { JsonLogger } from "../../../firmware/log/json-logger.ts";
import { LogFile } from "../../../firmware/log/log-file.ts";
import { LogOutput } from "../../../firmware/log/log-output.ts";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let dir: string;
let output: LogOutput;
let file: LogFile;
let sip: JsonLogger;
let app: ReturnType<typeof createApi>;
let admin: string;

beforeEach(async () => {
  t = await startTestApi();
  dir = mkdtempSync(join(tmpdir(), "pbx-logs-api-"));
  output = new LogOutput("info", () => {});
  file = new LogFile(dir, { flushMs: 60_000 });
  output.attachFile(file);
  const main = new JsonLogger("main", output);
  sip = main.child("sip.core");
  app = createApi({
    ...t.services,
    logger: main.child("web.api"),
    logs: {
      level: () => output.level,
      setLevel: (level) => output.setLevel(level),
      recent: (query) => output.recent(query),
      download: () => file.read(),
    },
  });
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => {
  file.close();
  rmSync(dir, { recursive: true, force: true });
  t.close();
});

const call = (method: string, path: string, token: string | undefined, body?: unknown) =>
  app.request(`http://pbx.lan/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body ? { "Content-Type": "application/json" } : {}),
    },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
// biome-ignore lint/suspicious/noExplicitAny: the route's JSON
const json = async (res: Response): Promise<any> => res.json();

describe("/api/v1/logs", () => {
  test("recent lines newest first, filtered by level, category and text", async () => {
    sip.info("registration", { extension: "201", source: "192.0.2.7:5060" });
    sip.warn("connection abuse", { peer: "203.0.113.9" });
    sip.child("web.api").error("storage full");
    const all = await json(await call("GET", "/logs", admin));
    expect(all.level).toBe("info");
    expect(all.lines.map((l: { message: string }) => l.message)).toEqual([
      "storage full",
      "connection abuse",
      "registration",
    ]);
    const warnings = await json(await call("GET", "/logs?level=warn&category=sip", admin));
    expect(warnings.lines.map((l: { message: string }) => l.message)).toEqual(["connection abuse"]);
    const found = await json(await call("GET", "/logs?q=192.0.2.7", admin));
    expect(found.lines).toHaveLength(1);
    expect(found.lines[0]).toMatchObject({ extension: "201", category: "sip.core" });
  });

  test("bad filters are 400 naming the parameter", async () => {
    const loud = await call("GET", "/logs?level=loud", admin);
    expect(loud.status).toBe(400);
    expect((await errorOf(loud)).field).toBe("level");
    const many = await call("GET", "/logs?limit=5000", admin);
    expect((await errorOf(many)).field).toBe("limit");
    const badLevel = await call("PUT", "/logs/level", admin, { level: "verbose" });
    expect(badLevel.status).toBe(400);
    expect((await errorOf(badLevel)).field).toBe("level");
  });

  test("the level changes at run time, for loggers already made, and the change is logged", async () => {
    sip.debug("dropped malformed message", { peer: "192.0.2.8" });
    const put = await call("PUT", "/logs/level", admin, { level: "debug" });
    expect(await json(put)).toEqual({ level: "debug" });
    sip.debug("dropped malformed message", { peer: "192.0.2.9" });
    const lines = (await json(await call("GET", "/logs?q=malformed", admin))).lines;
    expect(lines.map((l: { peer: string }) => l.peer)).toEqual(["192.0.2.9"]);
    const changed = (await json(await call("GET", "/logs?q=log%20level", admin))).lines[0];
    expect(changed).toMatchObject({ from: "info", to: "debug", by: "admin" });
    expect(await json(await call("GET", "/logs/level", admin))).toEqual({ level: "debug" });
  });

  test("the download holds the kept lines, secrets masked", async () => {
    sip.info("trunk registered", { trunk: "carrier", password: "Trunk-secret-9" });
    const res = await call("GET", "/logs/download", admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toMatch(/^attachment; filename="pbx-log-/);
    const text = await res.text();
    expect(text).toContain('"message":"trunk registered"');
    expect(text).not.toContain("Trunk-secret-9");
  });

  test("only admins: operators and billing users get 403, nobody logged in 401", async () => {
    const operator = await t.tokenFor("operator");
    const billing = await t.tokenFor("billing");
    for (const token of [operator, billing]) {
      expect((await call("GET", "/logs", token)).status).toBe(403);
      expect((await call("GET", "/logs/download", token)).status).toBe(403);
      expect((await call("PUT", "/logs/level", token, { level: "debug" })).status).toBe(403);
    }
    expect((await call("GET", "/logs", undefined)).status).toBe(401);
    expect(output.level).toBe("info");
  });
});
