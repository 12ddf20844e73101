// The updater against real files: the bundle from flash/, slots as directories, U-Boot's
// environment in a file and the simulated bootloader's boot counting.

import { afterAll, beforeEach, describe, expect, test } from "bun:test";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UbootBootEnv } from "../../board/boot-env/uboot-boot-env.ts";
import { DirectorySlot } from "../../board/firmware-slot/directory-slot.ts";
import { simBoot } from "../../board/sim/sim-bootloader.ts";
import { buildBundle } from "../../flash/bundle/build-bundle.ts";
import { importPrivateKeyPem, importPublicKey } from "../../flash/bundle/bundle-signature.ts";
import { DEVELOPMENT_KEY } from "../../flash/bundle/development-key.ts";
import { VENDOR_PUBLIC_KEY } from "../../flash/bundle/vendor-key.ts";
import { ManualClock } from "../../test/support/manual-clock.ts";
import { Updater } from "./updater.ts";
import type { UpdateResult } from "./updater-state.ts";

const root = mkdtempSync(join(tmpdir(), "pbx-updater-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const devKey = await importPrivateKeyPem(readFileSync(DEVELOPMENT_KEY, "utf8"));
const publicKey = await importPublicKey(VENDOR_PUBLIC_KEY);
const payload = join(root, "payload");
writeFileSync(payload, "#!/bin/sh\necho firmware\n".repeat(1000));

let dir: string;
let calls = 0;
let reboots = 0;
let failures: UpdateResult[] = [];
const clock = new ManualClock();
const env = () =>
  new UbootBootEnv({
    path: join(dir, "uboot.env"),
    offset: 0,
    sizeBytes: 0x4000,
    defaults: { boot_slot: "a", bootlimit: "3", bootcount: "0", upgrade_available: "0" },
  });

function box(bootedSlot: "a" | "b") {
  const updater = new Updater({
    env: env(),
    slots: { a: new DirectorySlot(join(dir, "slot-a")), b: new DirectorySlot(join(dir, "slot-b")) },
    stateFile: join(dir, "state.json"),
    stagingFile: join(dir, "incoming.bundle"),
    bootedSlot,
    factoryVersion: "0.1.0",
    compatible: ["pbx,sim"],
    publicKey,
    clock,
    log: { info() {}, warn() {} },
    activeCalls: () => calls,
    reboot: () => reboots++,
    onFailure: (r) => failures.push(r),
  });
  return { updater, onTrial: updater.start() };
}

async function bundle(version: string, compatible = "pbx,sim"): Promise<string> {
  const out = join(dir, `upload-${version}-${Math.random()}`);
  await buildBundle({
    version,
    compatible,
    privateKey: devKey,
    out,
    files: [{ name: "bin/pbx", role: "binary", path: payload }],
  });
  return out;
}

beforeEach(() => {
  dir = mkdtempSync(join(root, "box-"));
  calls = 0;
  reboots = 0;
  failures = [];
});

describe("installing", () => {
  test("a good bundle is written to the other slot and U-Boot is switched to it, on trial", async () => {
    const { updater } = box("a");
    const result = await updater.install(await bundle("0.2.0"));
    expect(result).toEqual({ ok: true, value: { slot: "b", version: "0.2.0" } });
    expect(readFileSync(join(dir, "slot-b", "bin", "pbx"))).toEqual(readFileSync(payload));
    expect(env().read()).toMatchObject({ boot_slot: "b", upgrade_available: "1", bootcount: "0" });
    const status = updater.status();
    expect(status.slots).toEqual([
      { slot: "a", version: "0.1.0", booted: true, good: true, next: false, installedAtMs: null },
      {
        slot: "b",
        version: "0.2.0",
        booted: false,
        good: false,
        next: true,
        installedAtMs: clock.now(),
      },
    ]);
    expect(status.lastResult).toMatchObject({ outcome: "installed", version: "0.2.0", slot: "b" });
    // The upload's staging copy is gone.
    expect(readdirSync(dir).filter((f) => f.startsWith("incoming"))).toEqual([]);
  });

  const refusals = [
    [
      "tampered payload",
      "bad-payload",
      async () => {
        const path = await bundle("0.2.0");
        const bytes = new Uint8Array(readFileSync(path));
        bytes[bytes.length - 10]! ^= 1;
        writeFileSync(path, bytes);
        return path;
      },
    ],
    [
      "tampered manifest",
      "bad-signature",
      async () => {
        const path = await bundle("0.2.0");
        const bytes = new Uint8Array(readFileSync(path));
        bytes[40]! ^= 1;
        writeFileSync(path, bytes);
        return path;
      },
    ],
    ["wrong board", "wrong-board", () => bundle("0.2.0", "vendor,pbx-a53-4s4o")],
    ["downgrade", "downgrade", () => bundle("0.0.9")],
  ] as const;
  for (const [what, code, make] of refusals) {
    test(`a ${what} is refused before the slot or the environment is touched`, async () => {
      const { updater } = box("a");
      // A slot holding an earlier update must survive the refusal byte for byte.
      await updater.install(await bundle("0.1.5"));
      const before = readFileSync(join(dir, "slot-b", "bin", "pbx"));
      const envBefore = readFileSync(join(dir, "uboot.env"));
      failures = [];
      const result = await updater.install(await make());
      expect(result.ok ? "" : result.error.code).toBe(code);
      expect(readFileSync(join(dir, "slot-b", "bin", "pbx"))).toEqual(before);
      expect(readFileSync(join(dir, "uboot.env"))).toEqual(envBefore);
      expect(existsSync(join(dir, "slot-b.part"))).toBe(false);
      expect(updater.status().lastResult).toMatchObject({ outcome: "refused" });
      expect(failures.map((f) => f.outcome)).toEqual(["refused"]);
    });
  }

  test("a downgrade goes in when forced", async () => {
    const { updater } = box("a");
    const result = await updater.install(await bundle("0.0.9"), { force: true });
    expect(result).toEqual({ ok: true, value: { slot: "b", version: "0.0.9" } });
  });

  test("an upload that ends early is thrown away", async () => {
    const { updater } = box("a");
    const body = new ReadableStream<Uint8Array>({
      start(c) {
        c.enqueue(new Uint8Array(100));
        c.error(new Error("connection reset"));
      },
    });
    const result = await updater.receive(body);
    expect(result.ok ? "" : result.error.code).toBe("incomplete");
    expect(existsSync(join(dir, "incoming.bundle"))).toBe(false);
    expect(existsSync(join(dir, "slot-b"))).toBe(false);
  });
});

describe("booting a new slot", () => {
  test("on trial, a passing health check marks the slot good and ends the trial", async () => {
    await box("a").updater.install(await bundle("0.2.0"));
    const booted = simBoot(env());
    expect(booted).toEqual({ slot: "b", fellBack: false });
    const { updater, onTrial } = box(booted.slot);
    expect(onTrial).toBe(true);
    expect(updater.installedVersion()).toBe("0.2.0");
    const report = await updater.checkHealth({
      database: () => undefined,
      web: async () => undefined,
    });
    expect(report.ok).toBe(true);
    expect(env().read()).toMatchObject({ boot_slot: "b", upgrade_available: "0", bootcount: "0" });
    expect(updater.status().slots.map((s) => [s.slot, s.version, s.booted, s.good])).toEqual([
      ["a", "0.1.0", false, true],
      ["b", "0.2.0", true, true],
    ]);
    expect(updater.status().lastResult?.outcome).toBe("good");
    expect(reboots).toBe(0);
    // Later boots are not on trial and count nothing.
    expect(box(simBoot(env()).slot).onTrial).toBe(false);
  });

  test("while on trial nothing is installed: the other slot is the one to fall back to", async () => {
    await box("a").updater.install(await bundle("0.2.0"));
    const { updater } = box(simBoot(env()).slot);
    const result = await updater.install(await bundle("0.3.0"));
    expect(result.ok ? "" : result.error.code).toBe("on-trial");
    expect(existsSync(join(dir, "slot-a"))).toBe(false);
    expect(env().read()).toMatchObject({ boot_slot: "b", upgrade_available: "1", bootcount: "1" });
  });

  test("a failing check reboots; after bootlimit boots U-Boot falls back and the box says so", async () => {
    await box("a").updater.install(await bundle("0.2.0"));
    for (let boot = 1; boot <= 3; boot++) {
      const booted = simBoot(env());
      expect(booted.slot).toBe("b");
      const { updater, onTrial } = box("b");
      expect(onTrial).toBe(true);
      const report = await updater.checkHealth({ board: () => "fxs1 is faulty" });
      expect(report.failures).toEqual([{ check: "board", reason: "fxs1 is faulty" }]);
      expect(reboots).toBe(boot);
      expect(updater.status().slots.find((s) => s.slot === "b")?.good).toBe(false);
    }
    const fallback = simBoot(env());
    expect(fallback).toEqual({ slot: "a", fellBack: true });
    failures = [];
    const { updater, onTrial } = box("a");
    expect(onTrial).toBe(false);
    const status = updater.status();
    expect(status.lastResult).toMatchObject({
      outcome: "rolled-back",
      version: "0.2.0",
      slot: "b",
    });
    expect(status.slots.map((s) => [s.slot, s.version, s.booted, s.good, s.next])).toEqual([
      ["a", "0.1.0", true, true, true],
      ["b", "0.2.0", false, false, false],
    ]);
    expect(failures.map((f) => f.outcome)).toEqual(["rolled-back"]);
    expect(updater.installedVersion()).toBe("0.1.0");
  });
});

describe("rebooting", () => {
  test("waits while calls are in progress, then reboots when the last one ends", () => {
    const { updater } = box("a");
    calls = 2;
    expect(updater.reboot()).toEqual({ waitingForCalls: 2 });
    clock.advance(5000);
    expect(reboots).toBe(0);
    expect(updater.status().rebootPending).toEqual({ waitingForCalls: 2 });
    calls = 0;
    clock.advance(1000);
    expect(reboots).toBe(1);
  });

  test("now: reboots at once whatever the calls", () => {
    const { updater } = box("a");
    calls = 3;
    expect(updater.reboot({ now: true })).toEqual({ waitingForCalls: 0 });
    expect(reboots).toBe(1);
  });
});
