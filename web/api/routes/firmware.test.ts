// /api/v1/firmware with the real updater on temporary slots: roles, refusals naming the field,
// the reboot waiting for calls, and installing from a URL served on 127.0.0.1.
import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { firmwareFacade } from "../../../firmware/updater/firmware-facade.ts";
import { testBundle, testUpdater } from "../../../firmware/updater/updater.test-helper.ts";
import { ManualClock } from "../../../test/support/manual-clock.ts";
import { createApi } from "../create-api.ts";
import { ADMIN_PASSWORD, errorOf, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
let dir: string;
let app: ReturnType<typeof createApi>;
let admin: string;
let calls = 0;
let reboots = 0;
let clock: ManualClock;

beforeEach(async () => {
  t = await startTestApi();
  dir = mkdtempSync(join(tmpdir(), "pbx-firmware-api-"));
  calls = 0;
  reboots = 0;
  clock = new ManualClock();
  const updater = testUpdater(dir, {
    clock,
    activeCalls: () => calls,
    reboot: () => reboots++,
  });
  app = createApi({ ...t.services, firmware: firmwareFacade(updater) });
  admin = (await t.login("admin", ADMIN_PASSWORD)).token;
});
afterEach(() => {
  rmSync(dir, { recursive: true, force: true });
  t.close();
});

const bundle = (version: string, compatible = "pbx,sim") => testBundle(dir, version, compatible);

/** JSON for an object; a Blob or bytes as the bundle itself. */
const call = (method: string, path: string, token: string | undefined, body?: Blob | object) =>
  app.request(`http://pbx.lan/api/v1${path}`, {
    method,
    headers: {
      ...(token ? { Authorization: `Bearer ${token}` } : {}),
      ...(body === undefined
        ? {}
        : body instanceof Blob
          ? { "Content-Type": "application/octet-stream" }
          : { "Content-Type": "application/json" }),
    },
    ...(body === undefined ? {} : { body: body instanceof Blob ? body : JSON.stringify(body) }),
  });

describe("/api/v1/firmware", () => {
  test("only admins: operators and billing users get 403, nobody logged in 401", async () => {
    for (const token of [await t.tokenFor("operator"), await t.tokenFor("billing")]) {
      expect((await call("GET", "/firmware", token)).status).toBe(403);
      expect(
        (await call("POST", "/firmware/upload", token, Bun.file(await bundle("0.2.0")))).status,
      ).toBe(403);
      expect((await call("POST", "/firmware/reboot", token, {})).status).toBe(403);
    }
    expect((await call("GET", "/firmware", undefined)).status).toBe(401);
    expect(existsSync(join(dir, "slot-b"))).toBe(false);
    expect(reboots).toBe(0);
  });

  test("an upload installs into slot B and reboots; a second one with reboot=false does not", async () => {
    const res = await call("POST", "/firmware/upload", admin, Bun.file(await bundle("0.2.0")));
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({
      slot: "b",
      version: "0.2.0",
      reboot: { waitingForCalls: 0 },
    });
    expect(reboots).toBe(1);
    const again = await call(
      "POST",
      "/firmware/upload?reboot=false",
      admin,
      Bun.file(await bundle("0.2.1")),
    );
    expect(await again.json()).toEqual({ slot: "b", version: "0.2.1", reboot: null });
    expect(reboots).toBe(1);
    const status = await (await call("GET", "/firmware", admin)).json();
    expect(status.slots[1]).toMatchObject({ slot: "b", version: "0.2.1", next: true, good: false });
  });

  test("refusals are 400 naming the file; bad flags name themselves; multipart is 415", async () => {
    const wrong = await call(
      "POST",
      "/firmware/upload",
      admin,
      Bun.file(await bundle("0.2.0", "pbx,other")),
    );
    expect(wrong.status).toBe(400);
    expect(await errorOf(wrong)).toMatchObject({ code: "wrong-board", field: "file" });
    const junk = await call("POST", "/firmware/upload", admin, new Blob([new Uint8Array(50)]));
    expect(await errorOf(junk)).toMatchObject({ code: "not-a-bundle", field: "file" });
    const flag = await call(
      "POST",
      "/firmware/upload?force=maybe",
      admin,
      new Blob([new Uint8Array(50)]),
    );
    expect(flag.status).toBe(400);
    expect((await errorOf(flag)).field).toBe("force");
    const form = new FormData();
    form.set("file", new Blob(["x"]));
    const multipart = await app.request("http://pbx.lan/api/v1/firmware/upload", {
      method: "POST",
      headers: { Authorization: `Bearer ${admin}` },
      body: form,
    });
    expect(multipart.status).toBe(415);
    const url = await call("POST", "/firmware/install-url", admin, { url: "ftp://x/y" });
    expect(url.status).toBe(400);
    expect((await errorOf(url)).field).toBe("url");
    expect(existsSync(join(dir, "slot-b"))).toBe(false);
  });

  test("a reboot waits while calls are in progress unless now; a waiting one can be withdrawn", async () => {
    calls = 1;
    const wait = await call("POST", "/firmware/reboot", admin, {});
    expect(wait.status).toBe(202);
    expect(await wait.json()).toEqual({ waitingForCalls: 1 });
    expect((await (await call("GET", "/firmware", admin)).json()).rebootPending).toEqual({
      waitingForCalls: 1,
    });
    expect((await call("DELETE", "/firmware/reboot", admin)).status).toBe(204);
    calls = 0;
    clock.advance(5000);
    expect(reboots).toBe(0);
    calls = 2;
    expect(await (await call("POST", "/firmware/reboot", admin, { now: true })).json()).toEqual({
      waitingForCalls: 0,
    });
    expect(reboots).toBe(1);
  });

  test("install-url downloads the bundle and installs it", async () => {
    const path = await bundle("0.3.0");
    const server = Bun.serve({
      hostname: "127.0.0.1",
      port: 0,
      fetch: () => new Response(Bun.file(path)),
    });
    try {
      const res = await call("POST", "/firmware/install-url", admin, {
        url: `http://127.0.0.1:${server.port}/pbx.bundle`,
        reboot: false,
      });
      expect(res.status).toBe(201);
      expect(await res.json()).toEqual({ slot: "b", version: "0.3.0", reboot: null });
    } finally {
      server.stop(true);
    }
  });
});
