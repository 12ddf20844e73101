import { afterEach, beforeEach, describe, expect, test } from "bun:test";
import { ADMIN_PASSWORD, startTestApi, type TestApi } from "../test-api.ts";

let t: TestApi;
beforeEach(async () => {
  t = await startTestApi();
});
afterEach(() => t.close());

describe("/api/v1/status", () => {
  test("gives staff CPU, memory, model, firmware, uptime, USB, the calls now and their limit", async () => {
    const admin = (await t.login("admin", ADMIN_PASSWORD)).token;
    t.live.calls = 3;
    const res = await t.call("GET", "/api/v1/status", { token: admin });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      model: "PBX-SIM",
      firmwareVersion: "0.1.0",
      uptimeS: 90,
      cpuPercent: 12.5,
      memoryTotalBytes: 512 << 20,
      memoryUsedBytes: 200 << 20,
      usb: [],
      calls: 3,
      callLimit: { limit: 1600, refused: 0 },
      atMs: t.clock.ms,
    });
    t.clock.ms += 1000;
    t.live.calls = 1;
    t.live.refusedCalls = 4;
    const op = await t.tokenFor("operator");
    const next = (await (await t.call("GET", "/api/v1/status", { token: op })).json()) as {
      calls: number;
      uptimeS: number;
    };
    expect(next).toMatchObject({ calls: 1, uptimeS: 91, callLimit: { limit: 1600, refused: 4 } });
  });

  test("billing users get 403 and anonymous callers 401", async () => {
    const billing = await t.tokenFor("billing");
    expect((await t.call("GET", "/api/v1/status", { token: billing })).status).toBe(403);
    expect((await t.call("GET", "/api/v1/status")).status).toBe(401);
  });
});
