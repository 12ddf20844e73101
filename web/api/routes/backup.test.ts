// /api/v1/backup: admin only; the download is a backup the check reads back; a check answers
// the dry run and changes nothing; refusals are 400 naming the file; restore takes the token.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BackupService } from "../../../firmware/backup/backup-service.ts";
import { listTar } from "../../../firmware/backup/tar-archive.ts";
import { migrations } from "../../../firmware/db/migrations/index.ts";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let app: ReturnType<typeof createApi>;
let admin: string;
let dataDir: string;
let restarts: number;

beforeEach(async () => {
  t = await startTestApi();
  dataDir = mkdtempSync(join(tmpdir(), "pbx-backup-api-"));
  restarts = 0;
  const backup = new BackupService({
    sqlite: t.sqlite,
    dataDir,
    databasePath: t.sqlite.filename,
    identity: { firmwareVersion: "0.1.0", board: "sim", model: "PBX-4S4O (simulated)" },
    migrations,
    now: () => t.clock.now(),
    onRestoreCommitted: () => restarts++,
  });
  app = createApi({ ...t.services, backup });
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => {
  t.close();
  rmSync(dataDir, { recursive: true, force: true });
});

function request(
  method: string,
  path: string,
  token: string | undefined,
  body?: FormData | object,
) {
  const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
  let payload: BodyInit | undefined;
  if (body instanceof FormData) payload = body;
  else if (body !== undefined) {
    payload = JSON.stringify(body);
    headers["Content-Type"] = "application/json";
  }
  return app.request(`http://pbx.lan/api/v1${path}`, { method, headers, body: payload });
}

function form(bytes: Uint8Array | string): FormData {
  const f = new FormData();
  f.append("file", new File([bytes as BlobPart], "backup.tar"));
  return f;
}

async function download(query = ""): Promise<Uint8Array> {
  const res = await request("GET", `/backup${query}`, admin);
  expect(res.status).toBe(200);
  return new Uint8Array(await res.arrayBuffer());
}

describe("/api/v1/backup", () => {
  test("only an admin may back up, check or restore", async () => {
    for (const role of ["operator", "billing"] as const) {
      const token = await t.tokenFor(role);
      expect((await request("GET", "/backup", token)).status).toBe(403);
      expect((await request("POST", "/backup/restore/check", token, form("x"))).status).toBe(403);
      expect((await request("POST", "/backup/restore", token, { token: "x" })).status).toBe(403);
    }
    expect((await request("GET", "/backup", undefined)).status).toBe(401);
  });

  test("the download is a tar named after the board and time, with its manifest", async () => {
    const res = await request("GET", "/backup?voiceFiles=true", admin);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("application/x-tar");
    expect(res.headers.get("content-disposition")).toMatch(
      /filename="pbx-backup-sim-\d{8}-\d{6}\.tar"/,
    );
    const file = join(dataDir, "saved.tar");
    writeFileSync(file, new Uint8Array(await res.arrayBuffer()));
    expect(
      listTar(file)
        .map((e) => e.name)
        .slice(0, 2),
    ).toEqual(["manifest.json", "pbx.db"]);
    const bad = await request("GET", "/backup?records=yes", admin);
    expect(bad.status).toBe(400);
    expect((await errorOf(bad)).field).toBe("records");
  });

  test("check answers the dry run and changes nothing; restore takes its token", async () => {
    const backup = await download();
    const added = await request("POST", "/extensions", admin, { number: "305" });
    expect(added.status).toBe(201);
    const res = await request("POST", "/backup/restore/check", admin, form(backup));
    expect(res.status).toBe(200);
    const checked = (await res.json()) as {
      token: string;
      manifest: { board: string };
      report: { areas: { area: string; removed: string[] }[]; differences: number };
    };
    expect(checked.manifest.board).toBe("sim");
    expect(checked.report.areas.find((a) => a.area === "extensions")?.removed).toEqual(["305"]);
    expect(checked.report.differences).toBe(1);
    expect((await request("GET", "/extensions/305", admin)).status).toBe(200);
    expect(restarts).toBe(0);

    const wrong = await request("POST", "/backup/restore", admin, { token: "other" });
    expect(wrong.status).toBe(404);
    expect((await errorOf(wrong)).field).toBe("token");
    const missing = await request("POST", "/backup/restore", admin, {});
    expect(missing.status).toBe(400);
    expect((await errorOf(missing)).field).toBe("token");
    const ok = await request("POST", "/backup/restore", admin, { token: checked.token });
    expect(ok.status).toBe(202);
    expect(await ok.json()).toMatchObject({ restoring: true, restart: true });
    expect(restarts).toBe(1);
  });

  test("the file may also come as the body itself (application/x-tar)", async () => {
    const backup = await download();
    const res = await app.request("http://pbx.lan/api/v1/backup/restore/check", {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/x-tar" },
      body: backup as BodyInit,
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { report: { differences: number } }).report.differences).toBe(0);
  });

  test("a file that is not a whole backup is a 400 naming the file", async () => {
    const backup = await download();
    for (const bytes of [
      backup.subarray(0, backup.length - 1024),
      new TextEncoder().encode("hello"),
    ]) {
      const res = await request("POST", "/backup/restore/check", admin, form(bytes));
      expect(res.status).toBe(400);
      const error = await errorOf(res);
      expect(error).toMatchObject({ code: "not_a_backup", field: "file" });
      expect(error.message).toContain("not a whole backup");
    }
    const json = await request("POST", "/backup/restore/check", admin, { file: "x" });
    expect(json.status).toBe(415);
    expect((await errorOf(json)).field).toBe("file");
  });
});
