// The on-device updater (SPEC DEV-4; DESIGN "Platform services"): receives a bundle, verifies
// it before anything is written (signature, board, version floor, payload hashes), writes the
// slot not booted, switches U-Boot's boot slot with a trial (upgrade_available, bootcount) and
// reboots once no call is in progress (or at once when the admin says so). After a boot on
// trial it runs the health check and marks the slot good; a failed check reboots, and U-Boot
// falls back to the other slot when the trial's boots run out, which the next start reports.

import { createWriteStream, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import type { BootEnv } from "../../board/boot-env/boot-env.ts";
import {
  BOOT_COUNT,
  BOOT_LIMIT,
  BOOT_SLOT,
  UPGRADE_AVAILABLE,
} from "../../board/boot-env/boot-env.ts";
import type { FirmwareSlot } from "../../board/firmware-slot/firmware-slot.ts";
import { streamChunks } from "../../flash/bundle/stream-chunks.ts";
import { type BundleRefusalCode, verifyBundle } from "../../flash/bundle/verify-bundle.ts";
import type { Clock } from "../lines/clock.ts";
import { type HealthCheck, type HealthReport, runHealthChecks } from "./health-check.ts";
import { writeSlot } from "./slot-writer.ts";
import {
  loadUpdaterState,
  otherSlot,
  type SlotName,
  saveUpdaterState,
  type UpdateResult,
  type UpdaterState,
} from "./updater-state.ts";

export interface UpdaterLogger {
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
}

export interface UpdaterOptions {
  readonly env: BootEnv;
  readonly slots: Record<SlotName, FirmwareSlot>;
  /** The updater's record on the data volume. */
  readonly stateFile: string;
  /** Where an upload is received before it is verified (never inside a slot). */
  readonly stagingFile: string;
  /** The slot this boot came from (kernel command line, or the environment at power-on). */
  readonly bootedSlot: SlotName;
  /** The version of the program the box came with, for a slot nothing was installed into. */
  readonly factoryVersion: string;
  readonly compatible: readonly string[];
  readonly publicKey: CryptoKey | Promise<CryptoKey>;
  readonly clock: Clock;
  readonly log: UpdaterLogger;
  /** Calls in progress: a reboot waits until none is. */
  readonly activeCalls: () => number;
  /** Stops the services and restarts the board. */
  readonly reboot: () => void;
  /** An update failed or was rolled back (the alarm telemetry sends). */
  readonly onFailure: (result: UpdateResult) => void;
  readonly maxBundleBytes?: number;
}

export interface SlotView {
  slot: SlotName;
  version: string | null;
  booted: boolean;
  good: boolean;
  /** U-Boot boots this slot next. */
  next: boolean;
  installedAtMs: number | null;
}

export interface FirmwareStatus {
  slots: SlotView[];
  bootedSlot: SlotName;
  /** The booted slot is on trial: not yet marked good. */
  onTrial: boolean;
  bootCount: number;
  bootLimit: number;
  rebootPending: { waitingForCalls: number } | null;
  lastResult: UpdateResult | null;
}

export type InstallErrorCode =
  | BundleRefusalCode
  | "busy"
  | "on-trial"
  | "too-large"
  | "write-failed"
  | "incomplete";

export type InstallOutcome =
  | { ok: true; value: { slot: SlotName; version: string } }
  | { ok: false; error: { code: InstallErrorCode; message: string } };

export type ReceiveOutcome =
  | { ok: true; path: string }
  | { ok: false; error: { code: InstallErrorCode; message: string } };

const POLL_CALLS_MS = 1000;
export const DEFAULT_MAX_BUNDLE_BYTES = 512 * 1024 * 1024;

export class Updater {
  private state: UpdaterState;
  private busy = false;
  private rebootWait: { cancel(): void } | null = null;

  constructor(private readonly o: UpdaterOptions) {
    this.state = loadUpdaterState(o.stateFile);
  }

  /** At start: records the booted slot and a fallback U-Boot made; true when on trial. */
  start(): boolean {
    const booted = this.o.bootedSlot;
    // An upload a power cut interrupted is thrown away; it never reached a slot.
    rmSync(this.o.stagingFile, { force: true });
    this.state.slots[booted] ??= {
      version: this.o.factoryVersion,
      good: true,
      installedAtMs: null,
    };
    const pending = this.state.pending;
    if (pending && pending.slot !== booted) {
      // The new slot used up its boots without passing the check: U-Boot booted this one.
      const failed = this.state.slots[pending.slot];
      if (failed) failed.good = false;
      this.state.pending = null;
      this.finish({
        outcome: "rolled-back",
        version: pending.version,
        slot: pending.slot,
        message: `firmware ${pending.version} in slot ${pending.slot} did not pass its health check; the bootloader went back to slot ${booted}`,
      });
    }
    this.save();
    return this.onTrial();
  }

  status(): FirmwareStatus {
    const env = this.o.env.read();
    const next: SlotName = env[BOOT_SLOT] === "b" ? "b" : "a";
    return {
      slots: (["a", "b"] as const).map((slot) => {
        const record = this.state.slots[slot];
        return {
          slot,
          version: record?.version ?? null,
          booted: slot === this.o.bootedSlot,
          good: (record?.good ?? false) && !(slot === this.o.bootedSlot && this.onTrial()),
          next: slot === next,
          installedAtMs: record?.installedAtMs ?? null,
        };
      }),
      bootedSlot: this.o.bootedSlot,
      onTrial: this.onTrial(),
      bootCount: Number(env[BOOT_COUNT] ?? "0"),
      bootLimit: Number(env[BOOT_LIMIT] ?? "3"),
      rebootPending: this.rebootWait ? { waitingForCalls: this.o.activeCalls() } : null,
      lastResult: this.state.lastResult,
    };
  }

  /** The version running now: what the booted slot holds. */
  installedVersion(): string {
    return this.state.slots[this.o.bootedSlot]?.version ?? this.o.factoryVersion;
  }

  /**
   * Receives an upload into the staging file. A body that ends early or is too large is thrown
   * away; the slots are not touched. Returns the staged file's path.
   */
  async receive(body: ReadableStream<Uint8Array>): Promise<ReceiveOutcome> {
    if (this.busy)
      return {
        ok: false,
        error: { code: "busy", message: "an update is already being installed" },
      };
    const max = this.o.maxBundleBytes ?? DEFAULT_MAX_BUNDLE_BYTES;
    const path = this.o.stagingFile;
    mkdirSync(dirname(path), { recursive: true });
    const out = createWriteStream(path);
    let size = 0;
    // One upload at a time: a second one would write over the staging file.
    this.busy = true;
    try {
      for await (const chunk of streamChunks(body)) {
        size += chunk.length;
        if (size > max) throw new Error("too-large");
        await new Promise<void>((done, fail) => out.write(chunk, (e) => (e ? fail(e) : done())));
      }
      await new Promise<void>((done, fail) =>
        out.end((e?: Error | null) => (e ? fail(e) : done())),
      );
      return { ok: true, path };
    } catch (error) {
      out.destroy();
      rmSync(path, { force: true });
      if (String(error).includes("too-large"))
        return {
          ok: false,
          error: { code: "too-large", message: `the bundle is larger than ${max} bytes` },
        };
      return {
        ok: false,
        error: { code: "incomplete", message: "the upload ended before the bundle was complete" },
      };
    } finally {
      this.busy = false;
    }
  }

  /** Verifies the bundle at `path`, writes the other slot and switches U-Boot to it. */
  async install(path: string, o: { force?: boolean } = {}): Promise<InstallOutcome> {
    if (this.busy)
      return {
        ok: false,
        error: { code: "busy", message: "an update is already being installed" },
      };
    // The other slot is the one to fall back to until this one has proved itself.
    if (this.onTrial()) {
      rmSync(path, { force: true });
      return {
        ok: false,
        error: {
          code: "on-trial",
          message: "the running firmware has not passed its health check yet; install after it has",
        },
      };
    }
    this.busy = true;
    try {
      const file = Bun.file(path);
      const verified = await verifyBundle(file, {
        publicKey: await this.o.publicKey,
        compatible: this.o.compatible,
        installedVersion: this.installedVersion(),
        ...(o.force ? { force: true } : {}),
      });
      if (!verified.ok) {
        this.finish({
          outcome: "refused",
          version: null,
          slot: null,
          message: verified.refusal.message,
        });
        this.save();
        return { ok: false, error: verified.refusal };
      }
      const { version } = verified.bundle.manifest;
      const slot = otherSlot(this.o.bootedSlot);
      this.o.log.info("writing firmware", { version, slot });
      const written = await writeSlot(file, verified.bundle, this.o.slots[slot]);
      if (!written.ok) {
        this.finish({ outcome: "write-failed", version, slot, message: written.message });
        this.save();
        return { ok: false, error: { code: "write-failed", message: written.message } };
      }
      this.state.slots[slot] = { version, good: false, installedAtMs: this.o.clock.now() };
      this.state.pending = { slot, version };
      // The switch itself is one environment write: slot, trial and count change together.
      this.o.env.write({ [BOOT_SLOT]: slot, [UPGRADE_AVAILABLE]: "1", [BOOT_COUNT]: "0" });
      this.finish({
        outcome: "installed",
        version,
        slot,
        message: `firmware ${version} written to slot ${slot}; it runs after the reboot`,
      });
      this.save();
      return { ok: true, value: { slot, version } };
    } finally {
      rmSync(path, { force: true });
      this.busy = false;
    }
  }

  /**
   * Reboots once no call is in progress (`now`: at once). Returns the calls it waits for.
   */
  reboot(o: { now?: boolean } = {}): { waitingForCalls: number } {
    this.rebootWait?.cancel();
    this.rebootWait = null;
    const calls = this.o.activeCalls();
    if (o.now || calls === 0) {
      this.o.log.warn("rebooting", { calls });
      this.o.reboot();
      return { waitingForCalls: 0 };
    }
    this.o.log.info("reboot waits for calls to end", { calls });
    const poll = () => {
      this.rebootWait = this.o.clock.setTimer(POLL_CALLS_MS, () => {
        if (this.o.activeCalls() > 0) poll();
        else {
          this.rebootWait = null;
          this.o.log.warn("rebooting: the last call ended");
          this.o.reboot();
        }
      });
    };
    poll();
    return { waitingForCalls: calls };
  }

  /** Withdraws a reboot waiting for calls; true when one was waiting. */
  cancelReboot(): boolean {
    if (!this.rebootWait) return false;
    this.rebootWait.cancel();
    this.rebootWait = null;
    return true;
  }

  /** On trial: runs the health check; marks the slot good, or reboots to use up a boot. */
  async checkHealth(checks: Record<string, HealthCheck>): Promise<HealthReport> {
    const report = await runHealthChecks(checks);
    const slot = this.o.bootedSlot;
    const version = this.installedVersion();
    if (report.ok) {
      this.o.env.write({ [UPGRADE_AVAILABLE]: "0", [BOOT_COUNT]: "0" });
      const record = this.state.slots[slot];
      if (record) record.good = true;
      this.state.pending = null;
      this.finish({
        outcome: "good",
        version,
        slot,
        message: `firmware ${version} passed its health check`,
      });
      this.save();
      return report;
    }
    const reasons = report.failures.map((f) => `${f.check}: ${f.reason}`).join("; ");
    this.finish({ outcome: "health-check-failed", version, slot, message: reasons });
    this.save();
    this.reboot({ now: true });
    return report;
  }

  /** Cancels a reboot waiting for calls (the box is stopping anyway). */
  stop(): void {
    this.rebootWait?.cancel();
    this.rebootWait = null;
  }

  private onTrial(): boolean {
    const env = this.o.env.read();
    return env[UPGRADE_AVAILABLE] === "1" && env[BOOT_SLOT] === this.o.bootedSlot;
  }

  private finish(result: Omit<UpdateResult, "atMs">): void {
    const full = { ...result, atMs: this.o.clock.now() };
    this.state.lastResult = full;
    if (result.outcome === "installed" || result.outcome === "good")
      this.o.log.info(result.message);
    else {
      this.o.log.warn(result.message, { outcome: result.outcome });
      this.o.onFailure(full);
    }
  }

  private save(): void {
    saveUpdaterState(this.o.stateFile, this.state);
  }
}
