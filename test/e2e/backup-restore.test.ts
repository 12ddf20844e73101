// SPEC DEV-7 end to end with the real program: configure the box, download a backup, change
// things; the dry run lists exactly those changes and changes nothing; restoring brings the
// backup's configuration back; and after a factory reset, restoring the same file gives the
// same configuration again, all compared through the API.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type ApiAnswer, boxApi, until } from "../support/box-api.ts";
import { freePort } from "../support/free-port.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const dataDir = mkdtempSync(join(tmpdir(), "pbx-backup-e2e-"));
const PASSWORD = `Adm1n-${crypto.randomUUID().slice(0, 8)}`;
let pbx: RunningPbx;
let api: (method: string, path: string, body?: unknown) => Promise<ApiAnswer>;
let backup: Uint8Array;
let configured: Record<string, unknown>;

async function boot(password = PASSWORD): Promise<void> {
  pbx = await startPbx({ dataDir, adminPassword: password });
  api = boxApi(pbx, await pbx.adminToken());
}

/** What the admin sees of the configuration, without what is live state (registrations, status). */
async function configuration(): Promise<Record<string, unknown>> {
  const read = async (path: string) => {
    const answer = await api("GET", path);
    expect(answer.status).toBe(200);
    return strip(answer.json);
  };
  return {
    extensions: await read("/extensions?limit=1000"),
    departments: await read("/departments"),
    trunks: await read("/trunks"),
    outboundRoutes: await read("/outbound-routes"),
    inboundRoutes: await read("/inbound-routes"),
    settings: await read("/settings"),
    accounts: await read("/accounts"),
    analogExtensions: await read("/analog-extensions"),
  };
}

const LIVE = new Set(["status", "registrations", "online", "state", "reason"]);
function strip(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(strip);
  if (value && typeof value === "object")
    return Object.fromEntries(
      Object.entries(value)
        .filter(([key]) => !LIVE.has(key))
        .map(([key, v]) => [key, strip(v)]),
    );
  return value;
}

async function upload(bytes: Uint8Array): Promise<Response> {
  const form = new FormData();
  form.append("file", new File([bytes as BlobPart], "pbx-backup.tar"));
  // fetch sets the multipart boundary itself (pbx.api would call the body JSON).
  return fetch(`https://127.0.0.1:${pbx.ports.https}/api/v1/backup/restore/check`, {
    method: "POST",
    headers: { authorization: `Bearer ${await pbx.adminToken()}` },
    body: form,
    tls: { rejectUnauthorized: false },
  });
}

/** Waits for the box to end by itself (a restore or reset restarts it); its exit status. */
async function exited(): Promise<number> {
  await until(
    async () =>
      fetch(`http://127.0.0.1:${pbx.ports.http}/api/v1/health`, {
        signal: AbortSignal.timeout(1000),
      }).then(
        () => "up",
        () => "down",
      ),
    (state) => state === "down",
    20_000,
  );
  return pbx.stop();
}

interface Report {
  token: string;
  report: {
    differences: number;
    areas: {
      area: string;
      added: string[];
      removed: string[];
      changed: { key: string; fields: { field: string }[] }[];
    }[];
  };
}

function area(report: Report, name: string) {
  const found = report.report.areas.find((a) => a.area === name);
  if (!found) throw new Error(`no area ${name}`);
  return {
    added: found.added,
    removed: found.removed,
    changed: found.changed.map((c) => [c.key, c.fields.map((f) => f.field)]),
  };
}

beforeAll(async () => {
  await boot();
  const created = [
    await api("POST", "/extensions", {
      number: "301",
      sipPassword: "Pass-301!",
      displayName: "Alice",
    }),
    await api("POST", "/extensions", {
      number: "302",
      sipPassword: "Pass-302!",
      displayName: "Bob",
    }),
    await api("POST", "/departments", { name: "Sales", number: "600", members: ["301", "302"] }),
    await api("POST", "/trunks", {
      name: "Carrier",
      kind: "peer",
      host: "127.0.0.1",
      port: await freePort(),
    }),
    await api("POST", "/outbound-routes", {
      name: "Out",
      prefix: "9",
      patterns: ["X."],
      trunks: ["Carrier"],
    }),
    await api("POST", "/inbound-routes", {
      name: "Main line",
      trunk: "Carrier",
      didPattern: "5550100",
      destination: "department:600",
    }),
  ];
  for (const answer of created) expect(answer.status).toBe(201);
  expect((await api("PATCH", "/settings", { timeZone: "Asia/Shanghai" })).status).toBe(200);
  configured = await configuration();
  const download = await pbx.api("/api/v1/backup", { token: await pbx.adminToken() });
  expect(download.status).toBe(200);
  backup = new Uint8Array(await download.arrayBuffer());
}, SETUP_BOUND_MS);

afterAll(async () => {
  await pbx?.stop().catch(() => undefined);
  rmSync(dataDir, { recursive: true, force: true });
});

describe("backup and restore on the real box", () => {
  test("the dry run lists exactly what changed since the backup and changes nothing", async () => {
    expect((await api("DELETE", "/extensions/302")).status).toBe(204);
    expect(
      (await api("POST", "/extensions", { number: "303", sipPassword: "Pass-303!" })).status,
    ).toBe(201);
    const trunk = (await api("GET", "/trunks")).json.items.find(
      (t: { name: string }) => t.name === "Carrier",
    );
    expect((await api("PATCH", `/trunks/${trunk.id}`, { host: "127.0.0.2" })).status).toBe(200);
    expect((await api("PATCH", "/settings", { timeZone: "Europe/Berlin" })).status).toBe(200);
    const changed = await configuration();

    const res = await upload(backup);
    if (res.status !== 200) throw new Error(`check: ${res.status} ${await res.text()}`);
    const report = (await res.json()) as Report;
    expect(area(report, "extensions")).toEqual({ added: ["302"], removed: ["303"], changed: [] });
    expect(area(report, "trunks")).toEqual({
      added: [],
      removed: [],
      changed: [["Carrier", ["host"]]],
    });
    expect(area(report, "settings")).toEqual({
      added: [],
      removed: [],
      changed: [["system.timeZone", ["value"]]],
    });
    for (const name of ["departments", "outboundRoutes", "inboundRoutes", "accounts"])
      expect(area(report, name)).toEqual({ added: [], removed: [], changed: [] });
    expect(report.report.differences).toBe(4);
    expect(await configuration()).toEqual(changed);
  });

  test("restoring restarts the box onto the backup's configuration", async () => {
    const report = (await (await upload(backup)).json()) as Report;
    const res = await pbx.api("/api/v1/backup/restore", {
      method: "POST",
      token: await pbx.adminToken(),
      body: JSON.stringify({ token: report.token }),
    });
    expect(res.status).toBe(202);
    expect(await exited()).toBe(75);
    await boot();
    expect(await configuration()).toEqual(configured);
  }, 60_000);

  test("factory reset, then restore: the same configuration as when the backup was made", async () => {
    const reset = await api("POST", "/system/factory-reset", { confirm: true });
    expect(reset.status).toBe(202);
    expect(await exited()).toBe(75);
    expect(readdirSync(dataDir)).toEqual([]);
    // A fresh box with its own first admin.
    await boot("Fresh-admin-1");
    expect((await api("GET", "/extensions")).json.items).toEqual([]);
    const report = (await (await upload(backup)).json()) as Report;
    expect(area(report, "extensions").added).toEqual(["301", "302"]);
    expect(area(report, "trunks").added).toEqual(["Carrier"]);
    const res = await api("POST", "/backup/restore", { token: report.token });
    expect(res.status).toBe(202);
    expect(await exited()).toBe(75);
    // The backup's accounts came back: the admin logs in with the password it had then.
    await boot();
    expect(await configuration()).toEqual(configured);
  }, 90_000);
});
