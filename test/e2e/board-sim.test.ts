// End to end on the simulated board (SPEC DEV-2, EXT-5, STAT-3, DEV-7): the real program, its
// analog ports through /api/v1/ports, the virtual front panel through /api/v1/sim/..., and the
// reset button's long press leading to a confirmed factory reset.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { boxApi } from "../support/box-api.ts";
import { type RunningPbx, startPbx } from "../support/pbx-process.ts";

let pbx: RunningPbx;
let token: string;
let resetHeldAtMs = 0;

let call: ReturnType<typeof boxApi>;

async function until<T>(read: () => Promise<T>, ok: (v: T) => boolean, timeoutMs = 3000) {
  const deadline = Date.now() + timeoutMs;
  let last = await read();
  while (!ok(last) && Date.now() < deadline) {
    await Bun.sleep(50);
    last = await read();
  }
  return last;
}

beforeAll(async () => {
  pbx = await startPbx();
  token = await pbx.adminToken();
  call = boxApi(pbx, token);
  // A 2 s press first: it must not start a factory reset. Held while the other tests run.
  resetHeldAtMs = Date.now();
  expect((await call("POST", "/sim/buttons/reset", { holdMs: 2000 })).status).toBe(202);
});

afterAll(async () => {
  await pbx?.stop();
});

describe("the box on the simulated board", () => {
  test("GET /ports lists 4 FXS ports with extensions 8001-8004 and 4 FXO ports, all idle", async () => {
    const { status, json } = await call("GET", "/ports");
    expect(status).toBe(200);
    expect(json.items.map((p: { port: string }) => p.port)).toEqual([
      "fxs1",
      "fxs2",
      "fxs3",
      "fxs4",
      "fxo1",
      "fxo2",
      "fxo3",
      "fxo4",
    ]);
    expect(json.items[0]).toMatchObject({ type: "fxs", state: "idle", extension: "8001" });
    expect(json.items[4]).toMatchObject({ type: "fxo", state: "idle", lineConnected: true });
    const analog = await call("GET", "/analog-extensions");
    expect(analog.json.items.map((a: { number: string }) => a.number)).toEqual([
      "8001",
      "8002",
      "8003",
      "8004",
    ]);
  });

  test("handset 1 off-hook hears dial tone; the port is off-hook", async () => {
    expect((await call("POST", "/sim/fxs/1/offhook")).status).toBe(200);
    const heard = await until(
      () => call("GET", "/sim/fxs/1"),
      (r) => r.json.hears === "dial-tone",
    );
    expect(heard.json).toMatchObject({ port: 1, hook: "off", hears: "dial-tone" });
    const ports = await call("GET", "/ports");
    expect(ports.json.items[0].state).toBe("off-hook");
    await call("POST", "/sim/fxs/1/onhook");
  });

  test("the exchange ringing FXO 2 shows the port ringing", async () => {
    const r = await call("POST", "/sim/fxo/2/ring", { callerId: "13800138000" });
    expect(r.status).toBe(200);
    expect(r.json.ringing).toBe(true);
    const ports = await until(
      () => call("GET", "/ports"),
      (p) => p.json.items[5].state === "ringing",
    );
    expect(ports.json.items[5]).toMatchObject({ port: "fxo2", state: "ringing" });
    await call("POST", "/sim/fxo/2/hangup");
  });

  test("bad input is refused with 400 naming the field", async () => {
    const cases: Array<[string, string, unknown, string]> = [
      ["POST", "/sim/fxs/1/dial", { digits: "12x" }, "digits"],
      ["POST", "/sim/fxs/9/offhook", undefined, "port"],
      ["GET", "/sim/fxo/0", undefined, "port"],
      ["POST", "/sim/fxo/1/ring", { callerId: "abc" }, "callerId"],
      ["POST", "/sim/buttons/reset", { holdMs: -5 }, "holdMs"],
      ["POST", "/sim/usb", { inserted: "yes" }, "inserted"],
      ["POST", "/sim/fxs/1/fault", { fault: "melted" }, "fault"],
    ];
    for (const [method, path, body, field] of cases) {
      const r = await call(method, path, body);
      expect({ path, status: r.status, field: r.json.error.field }).toEqual({
        path,
        status: 400,
        field,
      });
    }
    // Dialling with the handset down is the wrong moment, not bad input.
    expect((await call("POST", "/sim/fxs/4/dial", { digits: "1" })).status).toBe(409);
  });

  test("a SLIC power alarm injected on FXS 3 shows in /ports; the other ports keep working", async () => {
    const r = await call("POST", "/sim/fxs/3/fault", { fault: "power-alarm" });
    expect(r.status).toBe(204);
    const ports = await until(
      () => call("GET", "/ports"),
      (p) => p.json.items[2].state === "faulty",
    );
    expect(ports.json.items[2]).toMatchObject({
      port: "fxs3",
      state: "faulty",
      fault: { reason: "power-alarm" },
    });
    expect(ports.json.items[3].state).toBe("idle");
    await call("POST", "/sim/fxs/4/offhook");
    const heard = await until(
      () => call("GET", "/sim/fxs/4"),
      (s) => s.json.hears === "dial-tone",
    );
    expect(heard.json.hears).toBe("dial-tone");
  });

  test("reset held 2 s does nothing; held 6 s marks a factory reset pending", async () => {
    await Bun.sleep(Math.max(0, resetHeldAtMs + 2300 - Date.now()));
    expect((await call("GET", "/system/factory-reset")).json.pending).toBe(false);
    expect((await call("POST", "/sim/buttons/reset", { holdMs: 6100 })).status).toBe(202);
    await Bun.sleep(5500);
    expect((await call("GET", "/system/factory-reset")).json.pending).toBe(false);
    const pending = await until(
      () => call("GET", "/system/factory-reset"),
      (r) => r.json.pending === true,
      1500,
    );
    expect(pending.json.pending).toBe(true);
  }, 15_000);

  test("confirming the factory reset wipes the data directory and exits for a restart", async () => {
    expect(existsSync(join(pbx.dataDir, "pbx.db"))).toBe(true);
    const r = await call("POST", "/system/factory-reset", { confirm: true });
    expect(r.status).toBe(202);
    const deadline = Date.now() + 5000;
    while (Date.now() < deadline && readdirSync(pbx.dataDir).length > 0) await Bun.sleep(50);
    expect(readdirSync(pbx.dataDir)).toEqual([]);
    expect(await pbx.stop()).toBe(75);
  });
});
