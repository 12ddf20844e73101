import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type OpenDatabase, openDatabase } from "../../../firmware/db/open-database.ts";
import {
  type RecordingRecord,
  RecordingStore,
} from "../../../firmware/recordings/recording-store.ts";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let dir: string;
let database: OpenDatabase;
let store: RecordingStore;
let app: ReturnType<typeof createApi>;
let tokens: Record<"admin" | "operator" | "billing" | "ext101" | "ext102", string>;
const clock = { ms: Date.UTC(2025, 5, 1, 9, 0, 0), now: () => clock.ms };
const made: Record<string, RecordingRecord> = {};

function record(name: string, extensions: string[], peerNumber: string, seconds: number) {
  const active = store.begin({ kind: "call", direction: "inbound", extensions, peerNumber });
  for (let n = 0; n < seconds * 50; n++) active.recorder.write(new Int16Array(160).fill(1000));
  clock.ms += 60_000;
  made[name] = active.finish()!;
}

beforeEach(async () => {
  t = await startTestApi();
  dir = mkdtempSync(join(tmpdir(), "pbx-rec-api-"));
  database = openDatabase(join(dir, "pbx.sqlite"));
  store = RecordingStore.open({
    db: database.db,
    volumes: { data: join(dir, "recordings") },
    clock,
  });
  app = createApi({ ...t.services, recordings: store });
  record("a", ["101"], "13800138000", 1);
  record("b", ["101", "102"], "102", 2);
  record("c", ["102"], "13900139000", 1);
  t.services.extensions.create({ number: "101", sipPassword: "ext-pw-101", webLogin: true });
  t.services.extensions.create({ number: "102", sipPassword: "ext-pw-102", webLogin: true });
  tokens = {
    admin: (await t.login("admin", ADMIN_PASSWORD)).token,
    operator: await t.tokenFor("operator"),
    billing: await t.tokenFor("billing"),
    ext101: (await t.login("101", "ext-pw-101")).token,
    ext102: (await t.login("102", "ext-pw-102")).token,
  };
});
afterEach(() => {
  database.close();
  rmSync(dir, { recursive: true, force: true });
  t.close();
});

const request = (method: string, path: string, token: string) =>
  app.request(`http://pbx.lan/api/v1${path}`, {
    method,
    headers: { Authorization: `Bearer ${token}` },
  });

/** Sample rate, channels and samples per channel of a 16-bit PCM WAV with a 44-byte header. */
function wavFacts(bytes: ArrayBuffer) {
  const v = new DataView(bytes);
  const tag = new TextDecoder().decode(new Uint8Array(bytes, 8, 4));
  const channels = v.getUint16(22, true);
  return {
    format: tag,
    rateHz: v.getUint32(24, true),
    channels,
    samples: v.getUint32(40, true) / (2 * channels),
  };
}

async function peers(path: string, token: string): Promise<string[]> {
  const res = await request("GET", path, token);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { items: { peerNumber: string }[]; total: number };
  expect(body.total).toBe(body.items.length);
  return body.items.map((r) => r.peerNumber);
}

describe("/api/v1/recordings", () => {
  test("admin and operator search everything, newest first, with filters", async () => {
    expect(await peers("/recordings", tokens.admin)).toEqual(["13900139000", "102", "13800138000"]);
    expect(await peers("/recordings?extension=102", tokens.operator)).toEqual([
      "13900139000",
      "102",
    ]);
    expect(await peers("/recordings?peer=138", tokens.operator)).toEqual(["13800138000"]);
    const from = new Date(made.b!.startedAt).toISOString();
    expect(await peers(`/recordings?from=${from}`, tokens.admin)).toEqual(["13900139000", "102"]);
    const page = (await (
      await request("GET", "/recordings?limit=1&offset=1", tokens.admin)
    ).json()) as {
      items: RecordingRecord[];
      total: number;
    };
    expect(page).toMatchObject({
      total: 3,
      items: [{ peerNumber: "102", extensions: ["101", "102"], durationMs: 2000 }],
    });
  });

  test("an extension user sees only recordings its extension took part in", async () => {
    expect(await peers("/recordings", tokens.ext101)).toEqual(["102", "13800138000"]);
    expect(await peers("/recordings", tokens.ext102)).toEqual(["13900139000", "102"]);
    // Asking for another extension narrows to calls with both; it never widens.
    expect(await peers("/recordings?extension=102", tokens.ext101)).toEqual(["102"]);
    expect((await request("GET", `/recordings/${made.c!.id}`, tokens.ext101)).status).toBe(404);
    expect((await request("GET", `/recordings/${made.c!.id}/audio`, tokens.ext101)).status).toBe(
      404,
    );
    const own = await request("GET", `/recordings/${made.a!.id}/audio`, tokens.ext101);
    expect(own.status).toBe(200);
    expect(own.headers.get("Content-Type")).toBe("audio/wav");
    expect(wavFacts(await own.arrayBuffer())).toEqual({
      format: "WAVE",
      rateHz: 8000,
      channels: 1,
      samples: 8000,
    });
  });

  test("billing gets 403; only admin and operator delete, which removes the file", async () => {
    expect((await request("GET", "/recordings", tokens.billing)).status).toBe(403);
    expect((await request("GET", `/recordings/${made.a!.id}/audio`, tokens.billing)).status).toBe(
      403,
    );
    expect((await request("DELETE", `/recordings/${made.a!.id}`, tokens.ext101)).status).toBe(403);
    const path = (store.audio(made.a!.id) as Blob & { name: string }).name;
    expect(existsSync(path)).toBe(true);
    expect((await request("DELETE", `/recordings/${made.a!.id}`, tokens.operator)).status).toBe(
      204,
    );
    expect(existsSync(path)).toBe(false);
    expect(store.get(made.a!.id)).toBeUndefined();
    expect((await request("DELETE", `/recordings/${made.a!.id}`, tokens.admin)).status).toBe(404);
    expect(await peers("/recordings", tokens.ext101)).toEqual(["102"]);
  });

  test("bad filters are refused naming the parameter", async () => {
    for (const [query, field] of [
      ["kind=fax", "kind"],
      ["direction=up", "direction"],
      ["from=yesterday", "from"],
      ["limit=0", "limit"],
      ["limit=201", "limit"],
      ["offset=-1", "offset"],
    ] as const) {
      const res = await request("GET", `/recordings?${query}`, tokens.admin);
      expect(res.status).toBe(400);
      expect((await errorOf(res)).field).toBe(field);
    }
    expect((await request("GET", "/recordings/abc", tokens.admin)).status).toBe(404);
  });
});
