// End to end (SPEC DEV-4): bundles built by flash/make-bundle.ts, uploaded to the real box on
// the simulated board. The test plays U-Boot: between runs of the box it does what the
// bootloader does at power-on (board/sim/sim-bootloader.ts) on the box's own environment file.
import { afterAll, beforeAll, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UbootBootEnv } from "../../board/boot-env/uboot-boot-env.ts";
import { simBoot } from "../../board/sim/sim-bootloader.ts";
import { sim } from "../../bsp/sim.ts";
import { type ApiAnswer, boxApi, until } from "../support/box-api.ts";
import { type RunningPbx, SETUP_BOUND_MS, startPbx } from "../support/pbx-process.ts";

const ROOT = join(import.meta.dir, "..", "..");
const work = mkdtempSync(join(tmpdir(), "pbx-ota-"));
const dataDir = join(work, "data");
const slotB = join(dataDir, sim.firmware.slots.b);
const envFile = join(dataDir, sim.firmware.bootEnv.path);
// The health check runs this long after a boot on trial: time for the test to break a port.
const CHECK_DELAY_S = 4;
const payload = join(work, "pbx");
writeFileSync(payload, `#!/bin/sh\n# stands for the firmware binary\n${"x".repeat(200_000)}\n`);

// The admin of first boot keeps this password over every restart.
const ADMIN_PASSWORD = `Adm1n-${crypto.randomUUID().slice(0, 8)}`;
let pbx: RunningPbx | undefined;
let token = "";
let call: ReturnType<typeof boxApi>;

/** `bun flash/make-bundle.ts ...`: the build machine's tool, run as a program. */
function makeBundle(name: string, version: string, compatible = "pbx,sim"): string {
  const out = join(work, name);
  const run = Bun.spawnSync(
    [
      process.execPath,
      join(ROOT, "flash", "make-bundle.ts"),
      "--binary",
      payload,
      "--version",
      version,
      "--compatible",
      compatible,
      "--rootfs",
      join(ROOT, "rootfs", "etc"),
      "--out",
      out,
    ],
    { cwd: ROOT },
  );
  if (run.exitCode !== 0) throw new Error(`make-bundle failed: ${run.stderr.toString()}`);
  return out;
}

const bootEnv = () =>
  new UbootBootEnv({
    path: envFile,
    offset: 0,
    sizeBytes: sim.firmware.bootEnv.sizeBytes,
    defaults: { boot_slot: "a", bootlimit: "3", bootcount: "0", upgrade_available: "0" },
  });

interface SlotRow {
  slot: string;
  version: string | null;
  booted: boolean;
  good: boolean;
  next: boolean;
}

/** Power-on: U-Boot picks the slot, then the box starts. */
async function powerOn(): Promise<"a" | "b"> {
  const booted = simBoot(bootEnv());
  pbx = await startPbx({
    dataDir,
    env: { PBX_HEALTH_CHECK_DELAY_S: String(CHECK_DELAY_S), PBX_ADMIN_PASSWORD: ADMIN_PASSWORD },
    timeoutMs: SETUP_BOUND_MS,
  });
  const login = await pbx.api("/api/v1/auth/login", {
    method: "POST",
    body: JSON.stringify({ username: "admin", password: ADMIN_PASSWORD }),
  });
  token = ((await login.json()) as { token: string }).token;
  call = boxApi(pbx, token);
  return booted.slot;
}

async function upload(path: string, query = ""): Promise<ApiAnswer> {
  const res = await pbx!.api(`/api/v1/firmware/upload${query}`, {
    method: "POST",
    token,
    headers: { "content-type": "application/octet-stream" },
    body: Bun.file(path),
  });
  return { status: res.status, json: await res.json() };
}

/** The box went down by itself for a reboot (exit status 75: start me again). */
async function rebooted(): Promise<void> {
  expect(await pbx!.exited(30_000)).toBe(75);
  pbx = undefined;
}

beforeAll(async () => {
  expect(await powerOn()).toBe("a");
}, SETUP_BOUND_MS);

afterAll(async () => {
  await pbx?.stop();
  rmSync(work, { recursive: true, force: true });
});

describe("firmware update on the simulated board", () => {
  test("a fresh box runs slot A, good, with nothing in slot B", async () => {
    const { status, json } = await call("GET", "/firmware");
    expect(status).toBe(200);
    expect(json.slots).toEqual([
      { slot: "a", version: "0.1.0", booted: true, good: true, next: true, installedAtMs: null },
      { slot: "b", version: null, booted: false, good: false, next: false, installedAtMs: null },
    ]);
    expect(json).toMatchObject({ bootedSlot: "a", onTrial: false, bootLimit: 3, lastResult: null });
  });

  test("a tampered bundle, a wrong board and a downgrade are refused before anything is written", async () => {
    const good = makeBundle("t.bundle", "0.2.0");
    const bytes = new Uint8Array(readFileSync(good));
    bytes[bytes.length - 5]! ^= 0x20;
    const tampered = join(work, "tampered.bundle");
    writeFileSync(tampered, bytes);
    const cases = [
      [tampered, "bad-payload"],
      [makeBundle("board.bundle", "0.2.0", "vendor,pbx-a53-4s4o"), "wrong-board"],
      [makeBundle("old.bundle", "0.0.9"), "downgrade"],
    ] as const;
    for (const [path, code] of cases) {
      const r = await upload(path);
      expect(r.status).toBe(400);
      expect(r.json.error).toMatchObject({ code, field: "file" });
      expect(existsSync(slotB)).toBe(false);
      expect(existsSync(envFile)).toBe(false);
    }
    const { json } = await call("GET", "/firmware");
    expect(json.lastResult).toMatchObject({
      outcome: "refused",
      message: "version 0.0.9 is older than the installed 0.1.0",
    });
    // An operator may not install firmware.
    const op = await call("POST", "/accounts", {
      username: "op1",
      password: "Operator-pw-1",
      role: "operator",
    });
    expect(op.status).toBe(201);
    const login = await pbx!.api("/api/v1/auth/login", {
      method: "POST",
      body: JSON.stringify({ username: "op1", password: "Operator-pw-1" }),
    });
    const opToken = ((await login.json()) as { token: string }).token;
    const refused = await pbx!.api("/api/v1/firmware/upload", {
      method: "POST",
      token: opToken,
      headers: { "content-type": "application/octet-stream" },
      body: Bun.file(good),
    });
    expect(refused.status).toBe(403);
    expect(existsSync(slotB)).toBe(false);
  });

  test("an uploaded bundle goes into slot B, U-Boot is switched to it, and the box says so", async () => {
    const r = await upload(makeBundle("good.bundle", "0.2.0"), "?reboot=false");
    expect(r.status).toBe(201);
    expect(r.json).toEqual({ slot: "b", version: "0.2.0", reboot: null });
    expect(readFileSync(join(slotB, "bin", "pbx"))).toEqual(readFileSync(payload));
    expect(existsSync(join(slotB, "rootfs", "systemd", "system", "pbx.service"))).toBe(true);
    expect(bootEnv().read()).toMatchObject({
      boot_slot: "b",
      upgrade_available: "1",
      bootcount: "0",
    });
    const { json } = await call("GET", "/firmware");
    expect(json.slots.map((s: SlotRow) => [s.slot, s.version, s.booted, s.good, s.next])).toEqual([
      ["a", "0.1.0", true, true, false],
      ["b", "0.2.0", false, false, true],
    ]);
    expect(json.lastResult).toMatchObject({ outcome: "installed", version: "0.2.0", slot: "b" });
  });

  test(
    "after the reboot the box runs slot B on trial and marks it good once healthy",
    async () => {
      const r = await call("POST", "/firmware/reboot", {});
      expect(r).toEqual({ status: 202, json: { waitingForCalls: 0 } });
      await rebooted();
      expect(await powerOn()).toBe("b");
      const first = await call("GET", "/firmware");
      expect(first.json).toMatchObject({ bootedSlot: "b", onTrial: true, bootCount: 1 });
      const done = await until(
        () => call("GET", "/firmware"),
        (a) => a.json.lastResult?.outcome === "good",
        (CHECK_DELAY_S + 20) * 1000,
      );
      expect(
        done.json.slots.map((s: SlotRow) => [s.slot, s.version, s.booted, s.good, s.next]),
      ).toEqual([
        ["a", "0.1.0", false, true, false],
        ["b", "0.2.0", true, true, true],
      ]);
      expect(done.json.onTrial).toBe(false);
      expect(bootEnv().read()).toMatchObject({
        boot_slot: "b",
        upgrade_available: "0",
        bootcount: "0",
      });
    },
    SETUP_BOUND_MS + 60_000,
  );

  test(
    "a firmware that fails its health check is rolled back when its boots run out",
    async () => {
      // Installed into slot A (B is booted); the box reboots into it by itself (no calls).
      const r = await upload(makeBundle("bad.bundle", "0.3.0"));
      expect(r.status).toBe(201);
      expect(r.json).toEqual({ slot: "a", version: "0.3.0", reboot: { waitingForCalls: 0 } });
      await rebooted();
      for (let boot = 1; boot <= 3; boot++) {
        expect(await powerOn()).toBe("a");
        // A real failing condition on each boot: the SLIC of FXS 1 raises a power alarm.
        const fault = await call("POST", "/sim/fxs/1/fault", { fault: "power-alarm" });
        expect(fault.status).toBe(204);
        const box = pbx!;
        await rebooted();
        expect(box.output()).toContain("ports not up: fxs1");
      }
      expect(await powerOn()).toBe("b");
      const { json } = await call("GET", "/firmware");
      expect(json.lastResult).toMatchObject({
        outcome: "rolled-back",
        version: "0.3.0",
        slot: "a",
        message:
          "firmware 0.3.0 in slot a did not pass its health check; the bootloader went back to slot b",
      });
      expect(json.slots.map((s: SlotRow) => [s.slot, s.version, s.booted, s.good, s.next])).toEqual(
        [
          ["a", "0.3.0", false, false, false],
          ["b", "0.2.0", true, true, true],
        ],
      );
    },
    4 * SETUP_BOUND_MS,
  );
});
